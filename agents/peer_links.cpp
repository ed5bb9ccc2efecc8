#include "agents/peer_links.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "agents/adopters.h"
#include "base/exact_mod.h"
#include "base/rng.h"
#include "base/vector_clones.h"

namespace stackrace {

// The definition, link by link.
std::int16_t draw_peer_link(std::uint64_t where, std::uint64_t which, const PeerTargets& t) {
  const double u = to_unit(where);
  std::int64_t link = 0;
  if (u < t.abroad && u < t.to_neighbour && t.neighbour_slots > 0) {
    link = kPeerPoolBase + static_cast<std::int64_t>(which % t.neighbour_slots);
  } else if (u < t.abroad && t.region_slots > 0) {
    link = kPeerPoolBase + t.neighbour_slots + static_cast<std::int64_t>(which % t.region_slots);
  } else {
    link = static_cast<std::int64_t>(which % t.reach) - t.reach / 2;
  }
  return static_cast<std::int16_t>(link);
}

namespace {

// draw_peer_link on whole vectors: no branches, no 64-bit division (every
// divisor is below 2^15, base/exact_mod.h).
struct FastTargets {
  PeerTargets t;
  ExactDivisor neighbour, region, home;
  explicit FastTargets(const PeerTargets& targets)
      : t(targets), neighbour(targets.neighbour_slots), region(targets.region_slots), home(targets.reach) {}
};

[[gnu::always_inline]] inline std::int16_t link_of(std::uint64_t where, std::uint64_t which, const FastTargets& f) {
  const PeerTargets& t = f.t;
  const double u = to_unit(where);
  // (& rather than &&, and selects, so that the loop has no branches.)
  const bool neighbour = (u < t.abroad) & (u < t.to_neighbour) & (t.neighbour_slots > 0);
  const bool region = !neighbour & (u < t.abroad) & (t.region_slots > 0);
  // (Each field selected on its own: a selected reference would be a gather.)
  const double d = neighbour ? f.neighbour.d : (region ? f.region.d : f.home.d);
  const double inv = neighbour ? f.neighbour.inv : (region ? f.region.inv : f.home.inv);
  const double wrap = neighbour ? f.neighbour.wrap : (region ? f.region.wrap : f.home.wrap);
  const auto slot = static_cast<std::int32_t>(exact_mod(which, d, inv, wrap));
  const std::int32_t home = -static_cast<std::int32_t>(t.reach / 2);
  const std::int32_t abroad = kPeerPoolBase + (region ? static_cast<std::int32_t>(t.neighbour_slots) : 0);
  return static_cast<std::int16_t>(((neighbour | region) ? abroad : home) + slot);
}

constexpr std::uint32_t kRun = 256;  // adopters whose links are drawn together

// Link j of adopters [first, first + count), count <= kRun, into out[0 .. count).
STACKRACE_VECTOR_CLONES void draw_link_j(std::int16_t* __restrict out, std::uint32_t first, std::uint32_t count,
                                         std::uint32_t j, std::uint64_t key, const FastTargets& targets) {
  const FastTargets f = targets;  // a copy the loop may keep in registers
  for (std::uint32_t r = 0; r < count; ++r) {
    const std::uint64_t spread = static_cast<std::uint64_t>(first + r) * kAgentGamma;
    const std::uint64_t where = draw_keyed_spread(key, spread, 0, 2 * j);
    const std::uint64_t which = draw_keyed_spread(key, spread, 0, 2 * j + 1);
    out[r] = link_of(where, which, f);
  }
}

}  // namespace

void draw_peer_links(std::int16_t* out, std::uint32_t first, std::uint32_t count, std::uint32_t k, std::uint64_t key,
                     const PeerTargets& t) {
  const FastTargets fast(t);
  std::array<std::int16_t, kRun> link{};
  for (std::uint32_t begin = 0; begin < count; begin += kRun) {
    const std::uint32_t n = std::min(kRun, count - begin);
    for (std::uint32_t j = 0; j < k; ++j) {
      draw_link_j(link.data(), first + begin, n, j, key, fast);
      for (std::uint32_t r = 0; r < n; ++r) out[static_cast<std::size_t>(begin + r) * k + j] = link[r];
    }
  }
}

}  // namespace stackrace
