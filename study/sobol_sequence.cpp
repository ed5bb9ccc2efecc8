#include "study/sobol_sequence.h"

#include <stdexcept>

namespace stackrace {

namespace {

// One row of Joe and Kuo's table for dimensions 2, 3, ...: the degree s of the
// primitive polynomial, its coefficients a (the inner bits, as an integer) and
// the initial direction numbers m_1..m_s. Dimension 1 (van der Corput) needs none.
struct DirectionRow {
  int s;
  std::uint32_t a;
  std::uint32_t m[8];
};

constexpr DirectionRow kJoeKuo[kSobolMaxDimensions - 1] = {
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},
    {7, 50, {1, 3, 1, 3, 5, 53, 69}},
    {7, 55, {1, 1, 5, 5, 23, 33, 13}},
    {7, 56, {1, 1, 7, 7, 1, 61, 123}},
    {7, 59, {1, 1, 7, 9, 13, 61, 49}},
    {7, 62, {1, 3, 3, 5, 3, 55, 33}},
    {8, 14, {1, 3, 1, 15, 31, 13, 49, 245}},
    {8, 21, {1, 3, 5, 15, 31, 59, 63, 97}},
    {8, 22, {1, 3, 1, 11, 11, 11, 77, 249}},
};

}  // namespace

SobolSequence::SobolSequence(int dimensions) {
  if (dimensions < 1 || dimensions > kSobolMaxDimensions) {
    throw std::invalid_argument("Sobol sequence: " + std::to_string(dimensions) + " dimensions, at most " +
                                std::to_string(kSobolMaxDimensions) + " supported");
  }
  direction_.assign(dimensions, std::vector<std::uint32_t>(kBits + 1, 0));
  state_.assign(dimensions, 0);
  for (int i = 1; i <= kBits; ++i) direction_[0][i] = std::uint32_t{1} << (kBits - i);
  for (int d = 1; d < dimensions; ++d) {
    const DirectionRow& row = kJoeKuo[d - 1];
    std::vector<std::uint32_t>& v = direction_[d];
    for (int i = 1; i <= kBits && i <= row.s; ++i) v[i] = row.m[i - 1] << (kBits - i);
    // The recurrence of the primitive polynomial x^s + a_1 x^(s-1) + ... + 1.
    for (int i = row.s + 1; i <= kBits; ++i) {
      v[i] = v[i - row.s] ^ (v[i - row.s] >> row.s);
      for (int k = 1; k < row.s; ++k) v[i] ^= ((row.a >> (row.s - 1 - k)) & 1u) * v[i - k];
    }
  }
}

std::vector<double> SobolSequence::next() {
  if (index_ > 0) {
    // Gray code: point i differs from point i-1 by the direction number of the
    // lowest zero bit of i-1.
    std::uint64_t value = index_ - 1;
    int c = 1;
    while (value & 1u) {
      value >>= 1;
      ++c;
    }
    if (c > kBits) throw std::out_of_range("Sobol sequence exhausted (2^32 points)");
    for (std::size_t d = 0; d < state_.size(); ++d) state_[d] ^= direction_[d][c];
  }
  ++index_;
  std::vector<double> point(state_.size());
  for (std::size_t d = 0; d < state_.size(); ++d) point[d] = static_cast<double>(state_[d]) * 0x1.0p-32;
  return point;
}

}  // namespace stackrace
