#pragma once
// Dense ids for the distinct rows of N doubles among many, compared bit for
// bit: a row gets the id of the first identical row added. A table computed
// once per distinct row and read back by id is then exactly the table
// computed row by row (the same inputs go through the same operations), so
// work that many rows share is done once without changing a result.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/rng.h"

namespace stackrace {

template <std::size_t N>
class DistinctRows {
 public:
  using Row = std::array<double, N>;

  // Sized for about `expected` rows; more are fine (the table grows).
  explicit DistinctRows(std::size_t expected = 0) { rehash(capacity_for(expected)); }

  std::uint32_t add(const Row& row) {
    if (2 * (rows_.size() + 1) > slots_.size()) rehash(2 * slots_.size());
    for (std::size_t at = hash(row) & (slots_.size() - 1);; at = (at + 1) & (slots_.size() - 1)) {
      if (slots_[at] == kEmpty) {
        slots_[at] = static_cast<std::uint32_t>(rows_.size());
        rows_.push_back(row);
        return slots_[at];
      }
      if (same_bits(rows_[slots_[at]], row)) return slots_[at];
    }
  }
  std::size_t size() const { return rows_.size(); }
  const Row& operator[](std::uint32_t id) const { return rows_[id]; }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  static std::size_t capacity_for(std::size_t rows) {
    std::size_t n = 16;
    while (n < 2 * rows) n *= 2;
    return n;
  }
  static bool same_bits(const Row& a, const Row& b) {
    for (std::size_t i = 0; i < N; ++i)
      if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
    return true;
  }
  // One multiply a word, and the SplitMix finaliser once: a table of a few
  // thousand rows needs an even spread, not a strong hash.
  static std::uint64_t hash(const Row& row) {
    std::uint64_t h = 0;
    for (const double x : row) {
      h = (h ^ std::bit_cast<std::uint64_t>(x)) * kGoldenGamma;
      h ^= h >> kWordShift;
    }
    return mix64(h);
  }
  static constexpr int kWordShift = 32;
  void rehash(std::size_t capacity) {
    slots_.assign(capacity, kEmpty);
    for (std::uint32_t id = 0; id < rows_.size(); ++id) {
      std::size_t at = hash(rows_[id]) & (capacity - 1);
      while (slots_[at] != kEmpty) at = (at + 1) & (capacity - 1);
      slots_[at] = id;
    }
  }

  std::vector<std::uint32_t> slots_;  // ids by hash, kEmpty where none; a power of two, at most half full
  std::vector<Row> rows_;             // by id
};

}  // namespace stackrace
