#pragma once
// A run's mutable state as bytes, for checkpoints (sim/checkpoint.h). Every
// kind of state lists its fields once, in a function template
//   template <class Archive, class Self> void visit_state(Archive& ar, Self& s) { ar(s.a, s.b, ...); }
// next to its definition; Self is const when saving and not when restoring,
// so the two directions run the same list and cannot disagree. StateWriter
// appends each field's bytes; StateReader reads them back in the same order,
// checking every length against what is left, and throws StateError (never
// reads past the end, never allocates more than the input could hold) on
// bytes that are not such a state.
//
// Numbers are stored as their in-memory bytes (x86-64, little endian): a
// checkpoint is read back by the same build (sim/checkpoint.cpp refuses any
// other version), so every double comes back bit for bit.

#include <google/protobuf/message_lite.h>

#include <array>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace stackrace {

// 64-bit FNV-1a of bytes, continuing from `hash`: a checksum of a
// checkpoint's state and a digest of what is rebuilt rather than stored.
// The FNV-1a 64-bit offset basis and prime.
inline constexpr std::uint64_t kDigestStart = 14695981039346656037ULL;
inline constexpr std::uint64_t kDigestPrime = 1099511628211ULL;
inline std::uint64_t digest_bytes(std::string_view bytes, std::uint64_t hash = kDigestStart) {
  for (const unsigned char c : bytes) hash = (hash ^ c) * kDigestPrime;
  return hash;
}

class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether Self is T or const T: the visit_state overloads for one type.
template <class Self, class T>
concept StateOf = std::same_as<std::remove_const_t<Self>, T>;

class StateWriter {
 public:
  template <class... Fields>
  void operator()(const Fields&... fields) {
    (write(fields), ...);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  template <class T>
  void write(const T& v) {
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      bytes_.append(reinterpret_cast<const char*>(&v), sizeof v);
    } else if constexpr (std::is_base_of_v<google::protobuf::MessageLite, T>) {
      write(v.SerializeAsString());
    } else {
      visit_state(*this, v);  // found by argument-dependent lookup
    }
  }
  void write(const std::string& s) {
    write(static_cast<std::uint64_t>(s.size()));
    bytes_.append(s);
  }
  template <class T, class Allocator>
  void write(const std::vector<T, Allocator>& v) {
    write(static_cast<std::uint64_t>(v.size()));
    for (const T& x : v) write(x);
  }
  void write(const std::vector<bool>& v) {
    write(static_cast<std::uint64_t>(v.size()));
    for (const bool x : v) write(x);
  }
  template <class T, std::size_t N>
  void write(const std::array<T, N>& a) {
    for (const T& x : a) write(x);
  }

  std::string bytes_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view bytes) : rest_(bytes) {}
  template <class... Fields>
  void operator()(Fields&... fields) {
    (read(fields), ...);
  }
  // Throws unless every byte was read: a state longer than its fields is
  // not the state of this program either.
  void finish() const {
    if (!rest_.empty()) throw StateError(std::to_string(rest_.size()) + " bytes left after the last field");
  }

 private:
  template <class T>
  void read(T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      std::uint8_t b = 0;
      read(b);
      if (b > 1) throw StateError("a flag is neither 0 nor 1");
      v = b != 0;
    } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      take(&v, sizeof v);
    } else if constexpr (std::is_base_of_v<google::protobuf::MessageLite, T>) {
      std::string bytes;
      read(bytes);
      if (!v.ParseFromString(bytes)) throw StateError("a message does not parse");
    } else {
      visit_state(*this, v);
    }
  }
  void read(std::string& s) {
    const std::size_t n = count(1);
    s.assign(rest_.substr(0, n));
    rest_.remove_prefix(n);
  }
  template <class T, class Allocator>
  void read(std::vector<T, Allocator>& v) {
    // Every element takes at least one byte, so a count beyond what is left
    // is refused before anything is allocated.
    v.resize(count(1));
    for (auto&& x : v) {
      if constexpr (std::is_same_v<T, bool>) {
        bool b = false;
        read(b);
        x = b;
      } else {
        read(x);
      }
    }
  }
  template <class T, std::size_t N>
  void read(std::array<T, N>& a) {
    for (T& x : a) read(x);
  }
  std::size_t count(std::size_t min_bytes_each) {
    std::uint64_t n = 0;
    read(n);
    if (n > rest_.size() / min_bytes_each) throw StateError("a length runs past the end of the state");
    return static_cast<std::size_t>(n);
  }
  void take(void* out, std::size_t n) {
    if (rest_.size() < n) throw StateError("the state ends early");
    std::memcpy(out, rest_.data(), n);
    rest_.remove_prefix(n);
  }

  std::string_view rest_;
};

}  // namespace stackrace
