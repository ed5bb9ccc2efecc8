#include "agents/adopters.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>

#include "agents/peer_links.h"
#include "agents/stratify.h"
#include "base/interrupt.h"
#include "base/rng.h"
#include "base/vector_clones.h"

namespace stackrace {

namespace {

// Picks a uniformly random adopter from a set of country ranges.
struct RangeSampler {
  std::vector<std::uint32_t> begin;       // start id of each range
  std::vector<std::uint64_t> cumulative;  // adopters before each range, plus total at the end

  void add(std::uint32_t first, std::uint32_t count) {
    if (count == 0) return;
    if (cumulative.empty()) cumulative.push_back(0);
    begin.push_back(first);
    cumulative.push_back(cumulative.back() + count);
  }
  bool empty() const { return begin.empty(); }
  std::uint32_t pick(std::uint64_t bits) const { return pick_run(bits, 0); }
  // The adopter t places after a uniformly random one, in its range (cyclically).
  std::uint32_t pick_run(std::uint64_t bits, std::uint32_t t) const {
    const std::uint64_t k = bits % cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), k);
    const std::size_t range = static_cast<std::size_t>(it - cumulative.begin()) - 1;
    const std::uint64_t count = cumulative[range + 1] - cumulative[range];
    return begin[range] + static_cast<std::uint32_t>((k - cumulative[range] + t) % count);
  }
};

int pick_stack(const StackArray& mix, const std::array<bool, kStackCount>& available, double u) {
  double total = 0;
  for (int s = 0; s < kStackCount; ++s) total += available[s] ? mix[s] : 0.0;
  if (total <= 0) {
    // Nothing in the mix is available: fall back to any available stack.
    for (int s = kStackCount - 1; s >= 0; --s)
      if (available[s]) return s;
    return -1;
  }
  double acc = 0;
  for (int s = 0; s < kStackCount; ++s) {
    if (!available[s]) continue;
    acc += mix[s] / total;
    if (u < acc) return s;
  }
  for (int s = kStackCount - 1; s >= 0; --s)
    if (available[s]) return s;
  return -1;
}

}  // namespace

int AdopterPopulation::country_of(std::uint32_t i) const {
  const auto it = std::upper_bound(country_begin.begin(), country_begin.end(), i);
  return static_cast<int>(it - country_begin.begin()) - 1;
}

std::vector<std::uint32_t> AdopterPopulation::peers_of(std::uint32_t i) const {
  const int c = country_of(i);
  const std::uint32_t first = country_begin[c], count = country_begin[c + 1] - first;
  std::vector<std::uint32_t> out(peers_per_adopter);
  const std::int16_t* links = peers.data() + static_cast<std::size_t>(i) * peers_per_adopter;
  for (std::uint32_t j = 0; j < peers_per_adopter; ++j)
    out[j] = linked_adopter(links[j], i - first, first, count, pool.data() + pool_begin[c]);
  return out;
}

std::size_t AdopterPopulation::bytes_per_adopter() const {
  return sizeof(std::int16_t) * peers_per_adopter + sizeof(std::uint8_t) * 2 + sizeof(std::uint8_t) * 2 +
         sizeof(float) + sizeof(std::uint8_t);
}

namespace {

// Branch-free, so that it runs on whole vectors (base/vector_clones.h): the
// household classes come first, kIncomeBins of them.
STACKRACE_VECTOR_CLONES AdopterPopulation::Organisations count_organisations(const std::uint8_t* __restrict klass,
                                                                             const std::uint8_t* __restrict state,
                                                                             std::uint32_t first, std::uint32_t last) {
  static_assert(static_cast<int>(AdopterKind::kHousehold) == 0);
  std::uint32_t count = 0, using_ai = 0;
  for (std::uint32_t i = first; i < last; ++i) {
    const bool organisation = klass[i] >= kIncomeBins;
    count += static_cast<std::uint32_t>(organisation);
    using_ai += static_cast<std::uint32_t>(organisation & (state[i] < kStackCount));
  }
  return {count, using_ai};
}

}  // namespace

AdopterPopulation::Organisations AdopterPopulation::organisations(std::uint32_t first, std::uint32_t last) const {
  return count_organisations(klass.data(), state.data(), first, last);
}

int reservation_levels(double use_probability) {
  const double levels = std::ceil(use_probability * kReservationLevels - 0.5);
  return static_cast<int>(std::clamp(levels, 0.0, static_cast<double>(kReservationLevels)));
}

std::vector<std::uint32_t> split_adopters(const World& world, std::uint64_t total, std::uint32_t floor) {
  const std::size_t n = world.countries.size();
  std::vector<std::uint32_t> out(n, 0);
  double population = 0;
  for (const Country& c : world.countries) population += c.population;
  if (population <= 0) return out;
  // Largest remainder on the proportional split, then the floor on top.
  std::vector<std::pair<double, std::size_t>> remainders;
  std::uint64_t assigned = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double exact = static_cast<double>(total) * world.countries[i].population / population;
    out[i] = static_cast<std::uint32_t>(std::floor(exact));
    assigned += out[i];
    remainders.push_back({exact - std::floor(exact), i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; assigned < total && k < remainders.size(); ++k, ++assigned) ++out[remainders[k].second];
  for (std::size_t i = 0; i < n; ++i)
    if (world.countries[i].inhabited()) out[i] = std::max(out[i], floor);
  return out;
}

namespace {

// A population with room for per_country[c] adopters of each of the
// `countries` countries, in country order, and `peers_per_adopter` links
// each; nothing drawn yet.
AdopterPopulation allocate_population(std::size_t countries, const std::vector<std::uint32_t>& per_country,
                                      std::uint32_t peers_per_adopter) {
  AdopterPopulation a;
  a.peers_per_adopter = peers_per_adopter;
  a.country_begin.assign(countries + 1, 0);
  for (std::size_t c = 0; c < countries; ++c) a.country_begin[c + 1] = a.country_begin[c] + per_country[c];
  const std::size_t n = a.country_begin.back();
  a.peers.resize(n * peers_per_adopter);
  a.state.resize(n);
  a.next_state.resize(n);
  a.klass.resize(n);
  a.min_peer_users.resize(n);
  a.innovativeness.resize(n);
  a.reservation.resize(n);
  return a;
}

// Each country's pool of foreign contacts: as many slots as its adopters are
// expected to have links abroad (at most kPeerPoolSize), the first
// `neighbour_slots` of them adopters of its neighbours, the rest of its
// region (population-weighted, itself excluded), each drawn once.
inline constexpr std::uint32_t kPeerPoolMinRuns = 256;  // runs a pool is filled by, at least
inline constexpr std::uint32_t kPeerPoolMaxRun = 64;    // adopters in a run, at most (64 states: a cache line)

struct PeerPools {
  std::vector<std::uint32_t> neighbour_slots, region_slots;
};

PeerPools add_peer_pools(const World& world, AdopterPopulation& a, const std::vector<std::uint32_t>& per_country,
                         const Population& pop, std::uint64_t seed) {
  const std::size_t countries = world.countries.size();
  std::vector<RangeSampler> neighbours(countries), region(countries);
  std::map<std::string, std::vector<std::size_t>> by_region;
  for (std::size_t c = 0; c < countries; ++c) by_region[world.countries[c].region].push_back(c);
  for (std::size_t c = 0; c < countries; ++c) {
    for (int nb : world.countries[c].neighbours) neighbours[c].add(a.country_begin[nb], per_country[nb]);
    for (std::size_t other : by_region[world.countries[c].region])
      if (other != c) region[c].add(a.country_begin[other], per_country[other]);
  }
  PeerPools out{std::vector<std::uint32_t>(countries, 0), std::vector<std::uint32_t>(countries, 0)};
  a.pool_begin.assign(countries + 1, 0);
  for (std::size_t c = 0; c < countries; ++c) {
    const double links =
        std::ceil(static_cast<double>(per_country[c]) * a.peers_per_adopter * pop.cross_border_peer_share());
    const auto slots = static_cast<std::uint32_t>(std::min<double>(links, kPeerPoolSize));
    const double to_neighbours = region[c].empty() ? 1.0 : pop.neighbour_share_of_cross_border();
    out.neighbour_slots[c] =
        neighbours[c].empty() ? 0 : std::max<std::uint32_t>(1, static_cast<std::uint32_t>(slots * to_neighbours));
    out.region_slots[c] = region[c].empty() ? 0 : slots - std::min(slots, out.neighbour_slots[c]);
    if (!region[c].empty() && out.region_slots[c] == 0 && slots > 0) out.region_slots[c] = 1;
    a.pool_begin[c + 1] = a.pool_begin[c] + out.neighbour_slots[c] + out.region_slots[c];
  }
  a.pool.resize(a.pool_begin.back() + 1);  // the spare entry (AdopterPopulation::peer)
  // Pools fill by runs of consecutive adopters of one country, so that the
  // states a pool's links read share cache lines (positions carry no trait or
  // state, so a run is as random a sample as scattered picks). Every pool has
  // at least kPeerPoolMinRuns runs.
  tbb::parallel_for(std::size_t{0}, countries, [&](std::size_t c) {
    const std::uint32_t slots = out.neighbour_slots[c] + out.region_slots[c];
    const std::uint32_t run = std::clamp<std::uint32_t>(slots / kPeerPoolMinRuns, 1, kPeerPoolMaxRun);
    for (std::uint32_t s = 0; s < slots; ++s) {
      const bool neighbour = s < out.neighbour_slots[c];
      const std::uint32_t within = neighbour ? s : s - out.neighbour_slots[c];
      const std::uint64_t bits = draw64(seed, Stream::kPeerPool, c, 0, s - within % run);
      a.pool[a.pool_begin[c] + s] = (neighbour ? neighbours[c] : region[c]).pick_run(bits, within % run);
    }
  });
  return out;
}

// Draws of the traits stream: each trait's random order (key) and the point
// inside the agent's stratum (jitter), as the k of draw64.
enum TraitDraw : std::uint32_t {
  kKindKey = 0,
  kKindJitter,
  kIncomeKey,
  kIncomeJitter,
  kInnovativenessKey,
  kInnovativenessJitter,
  kThresholdKey,
  kThresholdJitter,
};

constexpr std::uint32_t kTraitGrain = 4096;  // agents a task draws the traits of, at least

// Two buffers of a country's size, reused by the steps that build it: at
// 100M adopters, allocating each of its orders afresh cost a page fault
// every 4 KiB and a zeroing pass, for 4 bytes an adopter each time.
struct Scratch {
  UninitializedVector<std::uint32_t> a, b;
  void reserve(std::uint32_t count) {
    if (a.size() >= count) return;
    a.clear();  // (so that growing copies nothing)
    b.clear();
    a.resize(count);
    b.resize(count);
  }
};

// Scratch buffers handed from one country to the next, so that the fresh
// pages (which the kernel zeroes) are those of the first, largest countries
// only. A buffer is held by one country at a time: a thread waiting inside
// one country's parallel loop may start another country, so a per-thread
// buffer would be shared.
class ScratchPool {
 public:
  std::unique_ptr<Scratch> take(std::uint32_t count) {
    std::unique_ptr<Scratch> s;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        s = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!s) s = std::make_unique<Scratch>();
    s->reserve(count);
    return s;
  }
  void give_back(std::unique_ptr<Scratch> s) {
    const std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(s));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Scratch>> free_;
};

constexpr std::uint32_t kBlock = 256;  // agents whose uniforms are drawn together, on vectors

// Calls block(begin, n, u) over [0, count) in parallel chunks, u[b] being the
// stratified uniform of position begin + b: at rank rank[begin + b] of
// `count`, jittered by the draw `jitter` of its agent, agents[begin + b] or,
// without agents, first + begin + b.
template <class Block>
void for_uniform_blocks(std::uint64_t seed, TraitDraw jitter, const std::uint32_t* agents, std::uint32_t first,
                        const std::uint32_t* rank, std::uint32_t count, Block block) {
  const std::uint64_t key = stream_key(seed, Stream::kAdopterTraits);
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, count, kTraitGrain),
                    [&](const tbb::blocked_range<std::uint32_t>& r) {
                      std::array<double, kBlock> u{};
                      for (std::uint32_t begin = r.begin(); begin < r.end(); begin += kBlock) {
                        const std::uint32_t n = std::min(kBlock, r.end() - begin);
                        stratified_uniforms(key, jitter, agents ? agents + begin : nullptr, first + begin, rank + begin,
                                            count, n, u.data());
                        block(begin, n, u.data());
                      }
                    });
}

// Calls f(j, u) with a stratified uniform u for each agent first + j of
// [first, first + count), for one trait; the strata's order goes in `rank`.
template <class F>
void for_stratified_uniforms(std::uint64_t seed, std::uint32_t first, std::uint32_t count, TraitDraw key,
                             TraitDraw jitter, std::uint32_t* rank, F f) {
  random_ranks(seed, Stream::kAdopterTraits, key, first, count, rank);
  for_uniform_blocks(seed, jitter, nullptr, first, rank, count,
                     [&](std::uint32_t begin, std::uint32_t n, const double* u) {
                       for (std::uint32_t b = 0; b < n; ++b) f(begin + b, u[b]);
                     });
}

// Innovativeness, lognormal with mean 1 and log-sd `sd`, stratified as the
// other traits; its quantiles a block of agents at a time (on vectors).
void draw_innovativeness(AdopterPopulation& a, std::uint32_t first, std::uint32_t count, double sd, std::uint64_t seed,
                         std::uint32_t* rank) {
  random_ranks(seed, Stream::kAdopterTraits, kInnovativenessKey, first, count, rank);
  for_uniform_blocks(seed, kInnovativenessJitter, nullptr, first, rank, count,
                     [&](std::uint32_t begin, std::uint32_t n, const double* u) {
                       std::array<double, kBlock> z{};
                       normal_quantiles(u, z.data(), n);
                       for (std::uint32_t b = 0; b < n; ++b)
                         a.innovativeness[first + begin + b] = static_cast<float>(std::exp(sd * z[b] - 0.5 * sd * sd));
                     });
}

// The traits of a country's adopters [first, first + count): kind, income
// class, innovativeness and adoption threshold. Each is drawn from its
// distribution once per stratum (agents/stratify.h), so that a small country
// has the kinds, incomes and innovators its size allows, not a lucky draw.
// Each trait goes straight into the population, so that building a large
// country holds at most 8 bytes an adopter beyond the population itself.
void draw_traits(AdopterPopulation& a, std::uint32_t first, std::uint32_t count, const Country& country,
                 const Population& pop, const Adoption& adoption, std::uint64_t seed, Scratch& scratch) {
  const double sd = pop.income_log_sd();
  const double innov_sd = adoption.innovativeness_log_sd();
  // Organisations pay from a multiple of GDP per capita; households' incomes
  // are lognormal with mean GDP per capita, stratified among the households.
  const int organisation_bin = income_bin(country.gdp_per_capita_usd * pop.organisation_income_multiple(), pop);
  for_stratified_uniforms(seed, first, count, kKindKey, kKindJitter, scratch.a.data(), [&](std::uint32_t j, double u) {
    const AdopterKind kind = u < pop.public_body_share()                      ? AdopterKind::kPublicBody
                             : u < pop.public_body_share() + pop.firm_share() ? AdopterKind::kFirm
                                                                              : AdopterKind::kHousehold;
    a.klass[first + j] = static_cast<std::uint8_t>(class_of(kind, organisation_bin));
  });
  std::uint32_t n_households = 0;  // their agent ids, in order, in scratch.b
  std::uint32_t* households = scratch.b.data();
  for (std::uint32_t i = first; i < first + count; ++i)
    if (kind_of_class(a.klass[i]) == AdopterKind::kHousehold) households[n_households++] = i;
  {
    std::uint32_t* income_rank = scratch.a.data();
    random_ranks(seed, Stream::kAdopterTraits, kIncomeKey, {households, n_households}, income_rank);
    const HouseholdIncomeBins bin_of(country.gdp_per_capita_usd, sd, pop);
    for_uniform_blocks(seed, kIncomeJitter, households, 0, income_rank, n_households,
                       [&](std::uint32_t begin, std::uint32_t n, const double* u) {
                         for (std::uint32_t b = 0; b < n; ++b) {
                           a.klass[households[begin + b]] =
                               static_cast<std::uint8_t>(class_of(AdopterKind::kHousehold, bin_of(u[b])));
                         }
                       });
  }
  draw_innovativeness(a, first, count, innov_sd, seed, scratch.a.data());
  for_stratified_uniforms(
      seed, first, count, kThresholdKey, kThresholdJitter, scratch.a.data(), [&](std::uint32_t j, double u) {
        const double threshold = adoption.threshold_max() * u;
        a.min_peer_users[first + j] = static_cast<std::uint8_t>(std::ceil(threshold * a.peers_per_adopter));
      });
}

// Where a country's links lead: most at home among the country's `count`
// adopters (uniformly within its ring neighbourhood, which is the whole
// country up to 2 kPeerReach adopters), a share abroad, to a neighbour or
// else within the region (at home when there is neither): a uniform slot of
// that part of the country's pool (neighbours first, then the region).
PeerTargets peer_targets(const Population& pop, std::uint32_t neighbour_slots, std::uint32_t region_slots,
                         std::uint32_t count) {
  PeerTargets t;
  t.abroad = pop.cross_border_peer_share();
  t.to_neighbour = pop.cross_border_peer_share() * pop.neighbour_share_of_cross_border();
  t.neighbour_slots = neighbour_slots;
  t.region_slots = region_slots;
  t.reach = std::max<std::uint32_t>(1, std::min<std::uint32_t>(count, 2 * kPeerReach));
  return t;
}

// Draws of the country strata stream (agent = country index): the offsets of
// the systematic picks.
enum StrataDraw : std::uint32_t { kOnlineOffset = 0, kAwareOffset, kStackOffset, kReservationOffset };

struct StartShares {
  double online = 0, aware_given_online = 0;
};

// In a large country every pass in random order is a cache miss an
// adopter: the places kAhead adopters on are fetched first, so that the
// misses overlap.
constexpr std::uint32_t kAhead = 16;

// The adopters [first, first + count) in a random order, then stably by
// class: classes together, at random within each, into scratch.a. Returns
// where each class's adopters end in it.
std::array<std::uint32_t, kClassCount + 1> order_by_class(const AdopterPopulation& a, std::uint32_t first,
                                                          std::uint32_t count, std::uint64_t seed, Scratch& scratch) {
  // The order overwrites the ranks once they are used.
  std::uint32_t* rank = scratch.a.data();
  std::uint32_t* shuffled = scratch.b.data();
  random_ranks(seed, Stream::kInitialState, 0, first, count, rank);
  for (std::uint32_t j = 0; j < count; ++j) {
    if (j + kAhead < count) __builtin_prefetch(shuffled + rank[j + kAhead], 1);
    shuffled[rank[j]] = first + j;
  }
  std::uint32_t* order = rank;
  std::array<std::uint32_t, kClassCount + 1> class_end{};
  for (std::uint32_t j = 0; j < count; ++j) ++class_end[a.klass[first + j] + 1];
  std::partial_sum(class_end.begin(), class_end.end(), class_end.begin());
  for (std::uint32_t j = 0; j < count; ++j) {
    if (j + kAhead < count) __builtin_prefetch(&a.klass[shuffled[j + kAhead]]);
    order[class_end[a.klass[shuffled[j]]]++] = shuffled[j];  // class k's start moves to its end
  }
  return class_end;
}

// The states of a country's adopters [first, first + count) at the start:
// offline, online and unaware of AI, aware without using it, or using AI on
// a stack from the country's initial mix of the available stacks. Exact
// counts, spread over the classes: adopters in order of class (then at
// random) are picked online, then aware among the online, systematically.
// The aware take reservations along a golden-ratio sequence, so that in every
// class the share whose reservation the start's offers clear (the users) is
// its use probability, and users take stacks along another, so that every
// class has the mix. The unaware draw their reservations at random.
void draw_initial_states(AdopterPopulation& a, std::uint32_t first, std::uint32_t count, std::size_t c,
                         std::uint64_t seed, const StartShares& shares, const std::array<double, kClassCount>& use,
                         const StackArray& initial_mix, const std::array<bool, kStackCount>& available,
                         Scratch& scratch) {
  const std::array<std::uint32_t, kClassCount + 1> class_end = order_by_class(a, first, count, seed, scratch);
  const std::uint32_t* order = scratch.a.data();
  auto offset = [&](StrataDraw d) { return to_unit(draw64(seed, Stream::kCountryStrata, c, 0, d)); };
  const double online_offset = offset(kOnlineOffset), aware_offset = offset(kAwareOffset),
               stack_offset = offset(kStackOffset), reservation_offset = offset(kReservationOffset);
  std::array<int, kClassCount> levels{};
  for (int k = 0; k < kClassCount; ++k) levels[k] = reservation_levels(use[k]);
  int klass = 0;
  std::uint64_t online_seen = 0, aware_seen = 0, users_seen = 0;
  for (std::uint32_t j = 0; j < count; ++j) {
    while (j >= class_end[klass]) ++klass;
    if (j + kAhead < count) {
      const std::uint32_t later = order[j + kAhead];
      __builtin_prefetch(&a.state[later], 1);
      __builtin_prefetch(&a.next_state[later], 1);
      __builtin_prefetch(&a.reservation[later], 1);
    }
    const std::uint32_t i = order[j];
    std::uint8_t s = kOffline;
    double reservation = 0;  // the aware's from the sequence, the others' drawn
    if (systematic_pick(j, shares.online, online_offset)) {
      s = kNonUser;
      if (systematic_pick(online_seen++, shares.aware_given_online, aware_offset)) {
        s = kAware;
        reservation = weyl_point(aware_seen++, reservation_offset);
      }
    }
    if (s != kAware) reservation = to_unit(draw64(seed, Stream::kReservation, i, 0));
    const int r = std::min(static_cast<int>(reservation * kReservationLevels), kReservationLevels - 1);
    if (s == kAware && r < levels[klass]) {
      const int stack = pick_stack(initial_mix, available, weyl_point(users_seen++, stack_offset));
      if (stack >= 0) s = static_cast<std::uint8_t>(stack);
    }
    a.state[i] = s;
    a.next_state[i] = s;
    a.reservation[i] = static_cast<std::uint8_t>(r);
  }
}

}  // namespace

AdopterPopulation build_population(const World& world, const Scenario& scenario, std::uint64_t seed,
                                   const std::vector<std::uint32_t>& per_country, const InitialShares& initial,
                                   const std::vector<std::array<bool, kStackCount>>& available) {
  // Without use probabilities (InitialShares.use empty), AI is worth using to everyone.
  std::array<double, kClassCount> always_use{};
  always_use.fill(1.0);
  const Population& pop = scenario.population();
  const Adoption& adoption = scenario.adoption();
  AdopterPopulation a = allocate_population(world.countries.size(), per_country, pop.peers_per_adopter());
  const PeerPools pools = add_peer_pools(world, a, per_country, pop, seed);
  const std::uint32_t k = a.peers_per_adopter;
  const std::uint64_t peers_key = stream_key(seed, Stream::kPeers);
  ScratchPool scratch_pool;
  // A stop (Ctrl-C) is heard between the steps of a country's build: at
  // hundreds of millions of adopters the build takes half a minute, and a
  // large country's steps a few seconds each.
  auto build_country = [&](std::size_t c) {
    throw_if_interrupted();
    const Country& country = world.countries[c];
    const std::uint32_t first = a.country_begin[c], count = per_country[c];
    StartShares shares;
    shares.online = country.inhabited() ? initial.online[c] : 0.0;
    const double aware = c < initial.aware.size() ? initial.aware[c] : initial.users[c];
    if (shares.online > 0) shares.aware_given_online = std::clamp(aware / shares.online, 0.0, 1.0);
    std::unique_ptr<Scratch> held = scratch_pool.take(count);
    Scratch& scratch = *held;
    draw_traits(a, first, count, country, pop, adoption, seed, scratch);
    throw_if_interrupted();
    const PeerTargets targets = peer_targets(pop, pools.neighbour_slots[c], pools.region_slots[c], count);
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(first, first + count, kTraitGrain),
                      [&](const tbb::blocked_range<std::uint32_t>& r) {
                        draw_peer_links(a.peers.data() + static_cast<std::size_t>(r.begin()) * k, r.begin(),
                                        r.end() - r.begin(), k, peers_key, targets);
                      });
    throw_if_interrupted();
    draw_initial_states(a, first, count, c, seed, shares, c < initial.use.size() ? initial.use[c] : always_use,
                        country.initial_mix, available[c], scratch);
    scratch_pool.give_back(std::move(held));
  };
  // Largest first, one country a task, so that the many small countries come
  // last and even out the cores' loads (with the default partitioner a core
  // was left with a large country at the end: at 100M adopters the build
  // took 20.3 s, now 17.9 s, docs/performance.md).
  std::vector<std::size_t> by_size(world.countries.size());
  std::iota(by_size.begin(), by_size.end(), std::size_t{0});
  std::stable_sort(by_size.begin(), by_size.end(),
                   [&](std::size_t x, std::size_t y) { return per_country[x] > per_country[y]; });
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, by_size.size(), 1),
      [&](const auto& range) {
        for (std::size_t j = range.begin(); j != range.end(); ++j) build_country(by_size[j]);
      },
      tbb::simple_partitioner());
  return a;
}

}  // namespace stackrace
