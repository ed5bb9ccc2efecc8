#pragma once
// The Sobol low-discrepancy sequence with Joe and Kuo's direction numbers
// ("new-joe-kuo-6.21201", Joe & Kuo 2008, "Constructing Sobol sequences with
// better two-dimensional projections", SIAM J. Sci. Comput. 30:2635-2654),
// unscrambled, generated in Gray-code order (Antonov & Saleev 1979) as in
// Bratley & Fox's Algorithm 659.

#include <cstdint>
#include <vector>

namespace stackrace {

// Dimensions with direction numbers here: the first 40 of Joe and Kuo's table.
constexpr int kSobolMaxDimensions = 40;

class SobolSequence {
 public:
  // dimensions: 1..kSobolMaxDimensions (std::invalid_argument otherwise).
  explicit SobolSequence(int dimensions);
  // The next point in [0, 1)^dimensions; the first is the origin.
  std::vector<double> next();
  int dimensions() const { return static_cast<int>(state_.size()); }

 private:
  static constexpr int kBits = 32;                     // 2^32 points before the sequence repeats
  std::vector<std::vector<std::uint32_t>> direction_;  // [dimension][bit 1..32]
  std::vector<std::uint32_t> state_;
  std::uint64_t index_ = 0;
};

}  // namespace stackrace
