#include "base/exact_mod.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "base/rng.h"

namespace stackrace {
namespace {

TEST(ExactMod, IsTheRemainderForEveryDivisorBelowTheLimit) {
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  for (const std::uint32_t n :
       {1u, 2u, 3u, 7u, 255u, 4096u, 32767u, 65536u, 1000003u, 17600000u, kExactModLimit - 2, kExactModLimit - 1}) {
    const ExactDivisor m(n);
    for (const std::uint64_t bits :
         {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{n} - 1, std::uint64_t{n}, (std::uint64_t{1} << 32) - 1,
          std::uint64_t{1} << 32, max, max - 1, max / n * n, max / n * n - 1, (max / n) * n + n - 1})
      ASSERT_EQ(exact_mod(bits, m), bits % n) << bits << " mod " << n;
    for (std::uint64_t k = 0; k < 20000; ++k) {
      const std::uint64_t bits = draw64(3, Stream::kPeers, k, 0, n);
      ASSERT_EQ(exact_mod(bits, m), bits % n) << bits << " mod " << n;
    }
  }
  // Divisors of every size below the limit, each with many draws.
  for (std::uint64_t k = 0; k < 400000; ++k) {
    const std::uint64_t bits = draw64(5, Stream::kPeers, k, 1);
    const auto n = static_cast<std::uint32_t>(1 + draw64(5, Stream::kPeers, k, 2) % (kExactModLimit - 1));
    const auto small = static_cast<std::uint32_t>(1 + draw64(5, Stream::kPeers, k, 3) % 40000);
    ASSERT_EQ(exact_mod(bits, ExactDivisor(n)), bits % n) << bits << " mod " << n;
    ASSERT_EQ(exact_mod(bits, ExactDivisor(small)), bits % small) << bits << " mod " << small;
  }
}

}  // namespace
}  // namespace stackrace
