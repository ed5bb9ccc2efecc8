#include "agents/peer_links.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "agents/adopters.h"
#include "base/rng.h"

namespace stackrace {
namespace {

// The links drawn a link index at a time across adopters are those of the
// definition, drawn link by link, for runs that are not whole blocks and for
// countries with no neighbours, no region or a single adopter.
TEST(PeerLinks, DrawnTogetherTheyAreTheLinksOneByOne) {
  const std::uint64_t key = stream_key(11, Stream::kPeers);
  std::vector<PeerTargets> targets(4);
  targets[0] = {0.1, 0.06, 300, 900, 32766};
  targets[1] = {0.1, 0.06, 0, 900, 5};
  targets[2] = {0.5, 0.3, 40, 0, 1};
  targets[3] = {0.0, 0.0, 0, 0, 17};
  for (const PeerTargets& t : targets) {
    for (const std::uint32_t k : {1u, 8u, 13u}) {
      const std::uint32_t first = 1000, count = 700;
      std::vector<std::int16_t> links(static_cast<std::size_t>(count) * k);
      draw_peer_links(links.data(), first, count, k, key, t);
      for (std::uint32_t r = 0; r < count; ++r) {
        for (std::uint32_t j = 0; j < k; ++j) {
          const std::int16_t expected =
              draw_peer_link(draw_keyed(key, first + r, 0, 2 * j), draw_keyed(key, first + r, 0, 2 * j + 1), t);
          ASSERT_EQ(links[static_cast<std::size_t>(r) * k + j], expected) << r << " " << j;
        }
      }
    }
  }
}

// A link goes abroad in the share asked, to a neighbour in its share, to a
// slot of the right part of the pool, and at home within the reach.
TEST(PeerLinks, LinksGoWhereTheSharesSay) {
  const PeerTargets t{0.2, 0.12, 50, 70, 1001};
  const std::uint32_t count = 20000, k = 8;
  std::vector<std::int16_t> links(static_cast<std::size_t>(count) * k);
  draw_peer_links(links.data(), 0, count, k, stream_key(2, Stream::kPeers), t);
  int neighbour = 0, region = 0;
  for (const std::int16_t d : links) {
    if (d >= kPeerPoolBase + 50) {
      ++region;
      EXPECT_LT(d, kPeerPoolBase + 120);
    } else if (d >= kPeerPoolBase) {
      ++neighbour;
    } else {
      EXPECT_GE(d, -500);
      EXPECT_LE(d, 500);
    }
  }
  const double n = static_cast<double>(links.size());
  EXPECT_NEAR(neighbour / n, 0.12, 0.005);
  EXPECT_NEAR(region / n, 0.08, 0.005);
}

}  // namespace
}  // namespace stackrace
