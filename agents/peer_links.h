#pragma once
// Drawing adopters' peer links (the link format is in agents/adopters.h).
// Link j of adopter i takes two draws of the peers stream, (i, month 0,
// 2j) and (i, month 0, 2j + 1): the first decides whether the link goes
// abroad, the second where. draw_peer_links draws the links of a run of a
// country's adopters a link index at a time across adopters, so that the
// hashing runs on whole vectors; it gives the links draw_peer_link gives one
// by one.

#include <cmath>
#include <cstdint>

namespace stackrace {

// Where one country's links may lead.
struct PeerTargets {
  double abroad = 0;           // share of links abroad (cross_border_peer_share)
  double to_neighbour = 0;     // share of links to a neighbour: abroad x neighbour_share_of_cross_border
  std::uint32_t neighbour_slots = 0, region_slots = 0;  // the country's pool: neighbours' slots, then the region's
  std::uint32_t reach = 1;  // adopters a link at home may reach: min(count, 2 kPeerReach), at least 1
};

// bits mod n for n below 2^15, exactly, from 32-bit halves and double
// arithmetic (which vector units have; they have no 64-bit division).
inline std::uint32_t small_mod(std::uint64_t bits, std::uint32_t n) {
  constexpr int kHalf = 32;
  const double d = n;
  auto mod = [d](double a) {  // a <= 2^32 and n < 2^15: the quotient's floor is exact
    return a - std::floor(a / d) * d;
  };
  // (Each half through uint32, whose conversion to double vector units have.)
  const double hi = mod(static_cast<std::uint32_t>(bits >> kHalf));
  const double lo = mod(static_cast<std::uint32_t>(bits));
  const double wrap = mod(static_cast<double>(std::uint64_t{1} << kHalf));  // 2^32 mod n
  return static_cast<std::uint32_t>(static_cast<std::int32_t>(mod(hi * wrap + lo)));  // below 2^30 + 2^15: exact
}

// The link that the draws `where` (2j) and `which` (2j + 1) give.
std::int16_t draw_peer_link(std::uint64_t where, std::uint64_t which, const PeerTargets& t);

// Links of adopters [first, first + count), `k` each, into out[0 .. count k)
// (adopter by adopter); `key` is stream_key(seed, Stream::kPeers).
void draw_peer_links(std::int16_t* out, std::uint32_t first, std::uint32_t count, std::uint32_t k, std::uint64_t key,
                     const PeerTargets& t);

}  // namespace stackrace
