#include "tests/fuzz/scratch.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace stackrace::fuzz {
namespace {

// Mirrors `from` into `to` as real folders holding links to files, so that a
// harness can add its input file beside them without touching the repository.
void link_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const fs::directory_entry& e : fs::directory_iterator(from)) {
    if (e.is_directory())
      link_tree(e.path(), to / e.path().filename());
    else
      fs::create_symlink(e.path(), to / e.path().filename());
  }
}

struct Scratch {
  fs::path root;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "stackrace_fuzz_XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a scratch directory in " + pattern);
    root = pattern;
    const fs::path repo = STACKRACE_ROOT;
    link_tree(repo / "configs", root / "configs");
    fs::create_directory_symlink(repo / "worlds", root / "worlds");
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);  // best effort: a leftover temp folder is harmless
  }
};

}  // namespace

const fs::path& scratch_root() {
  static const Scratch scratch;
  return scratch.root;
}

fs::path write_input(const std::string& relative, std::string_view input) {
  const fs::path path = scratch_root() / relative;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(input.data(), static_cast<std::streamsize>(input.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return path;
}

}  // namespace stackrace::fuzz
