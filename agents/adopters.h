#pragma once
// The adopter population: many agents, each standing for a block of people or
// organisations in one country, deciding whether to use AI and on which stack.
//
// Layout (struct of arrays, adopters of one country contiguous). Per adopter,
// with k peers (default 8):
//   peers            2k bytes  16-bit links, read when the adopter looks at its peers (16 B at k = 8)
//   state, next      2 bytes   double-buffered: the step reads `state` of peers, writes own `next`
//   klass            1 byte    kind x income bin, indexes the per-country choice tables
//   min_peer_users   1 byte    Watts threshold as a count of using peers
//   innovativeness   4 bytes   multiplier on the country's innovation hazard
//   reservation      1 byte    the use probability it takes for this adopter to use AI
// = 9 + 2k bytes (25 B at k = 8). Weights are per country (population /
// adopters there), and an adopter's country is where its index falls in
// `country_begin`, so no adopter carries either.
//
// Peer links. A link at home is the offset d of the peer from the adopter
// along the ring of its country's adopters: peer = first + (i - first + d) mod
// count, |d| <= kPeerReach. A country with more than 2 kPeerReach adopters
// thus links each adopter to a ring neighbourhood of 2 kPeerReach around it
// (positions carry no trait or state: those are drawn in random order), and
// its peers' states lie within 32 KiB of its own, so the step reads them from
// cache at any population. A link abroad is kPeerPoolBase + s: slot s of its
// country's pool of foreign contacts, at most kPeerPoolSize adopters of its
// neighbours and region drawn once, which again stay in cache.

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "agents/income_bins.h"
#include "base/proto/scenario.pb.h"
#include "base/uninitialized_vector.h"
#include "worlds/world.h"

namespace stackrace {

// Adopter state: 0..4 is the stack in use (Stack enum order).
inline constexpr std::uint8_t kNonUser = 5;  // online, has not considered AI (or stopped and forgot it)
inline constexpr std::uint8_t kOffline = 6;  // no internet access
inline constexpr std::uint8_t kAware = 7;    // online, has considered AI and found it not worth using
inline constexpr int kStateCount = 8;

// Reservation levels: an adopter with reservation r (0..255) uses AI while its
// class's use probability P_use exceeds (r + 0.5) / 256, i.e. while
// r < reservation_levels(P_use). A persistent draw: who finds AI worth using
// changes only when what is on offer, or its price against income, changes.
inline constexpr int kReservationLevels = 256;
int reservation_levels(double use_probability);

enum class AdopterKind : std::uint8_t { kHousehold = 0, kFirm = 1, kPublicBody = 2 };
inline constexpr int kKindCount = 3;
inline constexpr int kClassCount = kKindCount * kIncomeBins;

// Peer links (see the layout above).
inline constexpr std::int32_t kPeerReach = 16383;              // the largest offset of a link at home
inline constexpr std::int32_t kPeerPoolBase = kPeerReach + 1;  // a link abroad: kPeerPoolBase + pool slot
inline constexpr std::uint32_t kPeerPoolSize = INT16_MAX - kPeerPoolBase + 1;  // slots in a country's pool

inline int class_of(AdopterKind kind, int income_bin) { return static_cast<int>(kind) * kIncomeBins + income_bin; }
inline AdopterKind kind_of_class(int klass) { return static_cast<AdopterKind>(klass / kIncomeBins); }

struct AdopterPopulation {
  std::uint32_t peers_per_adopter = 0;
  UninitializedVector<std::int16_t> peers;  // size() * peers_per_adopter links (see the layout above)
  UninitializedVector<std::uint8_t> state;
  UninitializedVector<std::uint8_t> next_state;
  UninitializedVector<std::uint8_t> klass;
  UninitializedVector<std::uint8_t> min_peer_users;
  UninitializedVector<float> innovativeness;
  UninitializedVector<std::uint8_t> reservation;
  // Adopters of country c are [country_begin[c], country_begin[c + 1]).
  std::vector<std::uint32_t> country_begin;
  // Each country's pool of foreign contacts, where its links abroad lead: the
  // pool of country c is pool[pool_begin[c] .. pool_begin[c + 1]); one spare
  // entry follows the last pool.
  std::vector<std::uint32_t> pool;
  std::vector<std::uint32_t> pool_begin;

  std::size_t size() const { return state.size(); }
  // The country of adopter i.
  int country_of(std::uint32_t i) const;
  // The pool slot a link abroad names, and 0 for a link at home (branch-free).
  static std::int32_t pool_slot(std::int32_t d) {
    constexpr int kSign32 = 31;
    const std::int32_t slot = d - kPeerPoolBase;
    return slot & ~(slot >> kSign32);  // slot, or 0 where negative
  }
  // The adopter that link d stands for, of the adopter at position r of a
  // country whose adopters are [first, first + count) and whose pool is
  // `country_pool`. Branch-free: a link abroad is one in ten, at random, and a
  // mispredicted branch on it costs more than reading the pool for every link
  // (the pools end with a spare entry, so the index is always valid).
  static std::uint32_t linked_adopter(std::int32_t d, std::uint32_t r, std::uint32_t first, std::uint32_t count,
                                      const std::uint32_t* country_pool) {
    // x >> kSign is all ones where x < 0 and zero otherwise (arithmetic shift).
    constexpr int kSign64 = 63;
    const std::uint32_t abroad = country_pool[pool_slot(d)];
    // Position along the ring, wrapped into [0, count) with masks: which way
    // a link wraps is as unpredictable as where it leads.
    std::int64_t at = static_cast<std::int64_t>(r) + d;
    at += static_cast<std::int64_t>(count) & (at >> kSign64);
    at -= static_cast<std::int64_t>(count) & ((static_cast<std::int64_t>(count) - 1 - at) >> kSign64);
    const std::uint32_t home = first + static_cast<std::uint32_t>(at);
    // A mask rather than ?:, which the compiler turns back into a branch.
    const std::uint32_t is_abroad = 0u - static_cast<std::uint32_t>(d >= kPeerPoolBase);
    return (abroad & is_abroad) | (home & ~is_abroad);
  }
  // Every peer of adopter i (tests and tools; the step resolves links with linked_adopter).
  std::vector<std::uint32_t> peers_of(std::uint32_t i) const;
  std::size_t bytes_per_adopter() const;
  // Among adopters [first, last): the organisations (firms and public
  // bodies), and how many of them use AI.
  struct Organisations {
    std::uint32_t count = 0, using_ai = 0;
  };
  Organisations organisations(std::uint32_t first, std::uint32_t last) const;
};

// How many adopter agents each country gets: proportional to population
// (largest remainder), at least `floor` for every inhabited country, none for
// uninhabited ones. Deterministic.
std::vector<std::uint32_t> split_adopters(const World& world, std::uint64_t total, std::uint32_t floor);

struct InitialShares {
  std::vector<double> online;  // per country, of population
  std::vector<double> users;   // per country, of population (<= online); the aware where `aware` is empty
  // Per country, of population: those who have considered AI (users..online).
  std::vector<double> aware;
  // Per country and class: the use probability at the start; the aware use
  // AI where it clears their reservation. Empty: everyone aware uses AI.
  std::vector<std::array<double, kClassCount>> use;
};

// Builds the population: traits, peer links and the initial state (who is
// online, who has considered AI, who uses it on which stack). Every draw is addressed by (seed,
// adopter id), so the result is the same at any thread count.
// available[c][s]: whether stack s may be used in country c.
AdopterPopulation build_population(const World& world, const Scenario& scenario, std::uint64_t seed,
                                   const std::vector<std::uint32_t>& per_country, const InitialShares& initial,
                                   const std::vector<std::array<bool, kStackCount>>& available);

}  // namespace stackrace
