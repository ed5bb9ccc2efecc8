#pragma once
// Drawing adopters' peer links (the link format is in agents/adopters.h).
// Link j of adopter i takes two draws of the peers stream, (i, month 0,
// 2j) and (i, month 0, 2j + 1): the first decides whether the link goes
// abroad, the second where. draw_peer_links draws the links of a run of a
// country's adopters a link index at a time across adopters, so that the
// hashing runs on whole vectors; it gives the links draw_peer_link gives one
// by one.

#include <cstdint>

namespace stackrace {

// Where one country's links may lead.
struct PeerTargets {
  double abroad = 0;           // share of links abroad (cross_border_peer_share)
  double to_neighbour = 0;     // share of links to a neighbour: abroad x neighbour_share_of_cross_border
  std::uint32_t neighbour_slots = 0, region_slots = 0;  // the country's pool: neighbours' slots, then the region's
  std::uint32_t reach = 1;  // adopters a link at home may reach: min(count, 2 kPeerReach), at least 1
};

// The link that the draws `where` (2j) and `which` (2j + 1) give.
std::int16_t draw_peer_link(std::uint64_t where, std::uint64_t which, const PeerTargets& t);

// Links of adopters [first, first + count), `k` each, into out[0 .. count k)
// (adopter by adopter); `key` is stream_key(seed, Stream::kPeers).
void draw_peer_links(std::int16_t* out, std::uint32_t first, std::uint32_t count, std::uint32_t k, std::uint64_t key,
                     const PeerTargets& t);

}  // namespace stackrace
