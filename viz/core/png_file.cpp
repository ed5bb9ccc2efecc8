#include "viz/core/png_file.h"

#include <array>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace stackrace::viz {

namespace {

// The PNG signature, and the last chunk: length 0, type IEND, and its CRC.
constexpr std::array<unsigned char, 8> kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
constexpr std::array<unsigned char, 12> kIendChunk = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};

template <std::size_t N>
bool read_matches(std::ifstream& in, const std::array<unsigned char, N>& expected) {
  std::array<char, N> got{};
  if (!in.read(got.data(), N)) return false;
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<unsigned char>(got[i]) != expected[i]) return false;
  return true;
}

}  // namespace

bool png_is_whole(const std::filesystem::path& file) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size < kSignature.size() + kIendChunk.size()) return false;
  std::ifstream in(file, std::ios::binary);
  if (!read_matches(in, kSignature)) return false;
  in.seekg(static_cast<std::streamoff>(size - kIendChunk.size()));
  return read_matches(in, kIendChunk);
}

void check_png_written(const std::filesystem::path& file, const std::string& reported) {
  if (!png_is_whole(file)) {
    throw std::runtime_error("cannot write " + reported +
                             ": the image was cut short while it was written (is the disk full, or a file-size "
                             "limit set?)");
  }
}

}  // namespace stackrace::viz
