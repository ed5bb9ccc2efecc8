#pragma once
// Exact remainders of 64-bit draws by divisors below 2^25, in double
// arithmetic. Vector units have no 64-bit integer division, and a scalar one
// costs tens of cycles; a draw's place among n (bits mod n) is taken for
// every adopter several times over when a population is built. With the
// divisor's reciprocal worked out once, a remainder is a few multiplications
// and floors that run on whole vectors (in a file built with
// -fno-trapping-math, without which GCC does not vectorise floor).

#include <cmath>
#include <cstdint>

namespace stackrace {

inline constexpr std::uint32_t kExactModLimit = std::uint32_t{1} << 25;  // divisors must be below this

// a mod d for integers 0 <= a < 2^51 and 1 <= d < 2^25 held in doubles, with
// inv = 1 / d rounded: the quotient a x inv is within 0.5 of a / d, so its
// floor is one off at most, and one correction either way makes it exact
// (every product and difference here is an integer below 2^53, exact).
[[gnu::always_inline]] inline double reduce_mod(double a, double d, double inv) {
  double r = a - std::floor(a * inv) * d;
  r = r < 0 ? r + d : r;
  return r >= d ? r - d : r;
}

// A divisor with what its remainders need: 1 / d and 2^32 mod d.
struct ExactDivisor {
  double d = 1, inv = 1, wrap = 0;
  explicit ExactDivisor(std::uint32_t n) : d(n < 1 ? 1 : n), inv(1.0 / d) {
    constexpr double kTwoTo32 = 4294967296.0;
    wrap = reduce_mod(kTwoTo32, d, inv);
  }
};

// bits mod d, exactly: the halves' remainders, then hi x 2^32 + lo's.
[[gnu::always_inline]] inline double exact_mod(std::uint64_t bits, double d, double inv, double wrap) {
  constexpr int kHalf = 32;
  // (Each half through uint32, whose conversion to double vector units have.)
  const double hi = reduce_mod(static_cast<std::uint32_t>(bits >> kHalf), d, inv);
  const double lo = reduce_mod(static_cast<std::uint32_t>(bits), d, inv);
  return reduce_mod(hi * wrap + lo, d, inv);  // below 2^50 + 2^25
}
inline std::uint32_t exact_mod(std::uint64_t bits, const ExactDivisor& m) {
  return static_cast<std::uint32_t>(exact_mod(bits, m.d, m.inv, m.wrap));
}

}  // namespace stackrace
