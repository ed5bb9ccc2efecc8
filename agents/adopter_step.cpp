#include "agents/adopter_step.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#include "base/rng.h"
#include "base/stacks.h"
#include "base/uninitialized_vector.h"
#include "base/vector_clones.h"

namespace stackrace {

namespace {

// The peer and keep multipliers are floats, multiplied together with a
// weight of at most 1: each saturates at e^40 (odds of 2e17, a choice that is
// certain already), so that their product stays finite however large
// beta_network, switching_cost or 1 / open_weight_nest_lambda are set.
constexpr double kMaxMultiplierExponent = 40;

float multiplier(double utility) { return static_cast<float>(std::exp(std::min(utility, kMaxMultiplierExponent))); }

}  // namespace

StepTables make_step_tables(std::uint32_t k, double beta_network, double switching_cost, double nest_lambda,
                            std::size_t countries) {
  StepTables t;
  t.peers_per_adopter = k;
  t.network.assign(static_cast<std::size_t>(k + 1) * (k + 1), 1.0f);
  t.nest_network = t.network;
  for (std::uint32_t users = 1; users <= k; ++users) {
    for (std::uint32_t count = 0; count <= users; ++count) {
      const double utility = beta_network * count / users;
      t.network[users * (k + 1) + count] = multiplier(utility);
      t.nest_network[users * (k + 1) + count] = multiplier(utility / nest_lambda);
    }
  }
  t.keep_weight = multiplier(switching_cost);
  t.nest_lambda = static_cast<float>(nest_lambda);
  t.nest_keep_weight = multiplier(switching_cost / nest_lambda);
  t.country.resize(countries);
  // Until told otherwise, everyone who considers AI takes it up and nobody stops.
  for (CountryTables& c : t.country) c.use_levels.fill(kReservationLevels);
  return t;
}

namespace {

// A walk along the weights of the stacks `member` admits, spending `target`
// on each: the first stack whose weight what is left of it falls within, or
// -1 when it outlasts them all. `last` is the last stack of positive weight
// passed (rounding can leave target just past the end).
template <class Member>
int walk(const std::array<float, kStackCount>& w, float& target, int& last, Member member) {
  for (int s = 0; s < kStackCount; ++s) {
    if (!member(s) || w[s] <= 0) continue;
    last = s;
    if (target < w[s]) return s;
    target -= w[s];
  }
  return -1;
}

// The plain logit: one walk along the stacks' weights.
int choose_plain(const std::array<float, kStackCount>& weight, const std::uint8_t* peer_counts, const float* net,
                 const StepTables& t, int current, float u) {
  std::array<float, kStackCount> w;
  float total = 0;
  for (int s = 0; s < kStackCount; ++s) {
    w[s] = weight[s] * net[peer_counts[s]] * (s == current ? t.keep_weight : 1.0f);
    total += w[s];
  }
  if (!(total > 0)) return -1;
  float target = u * total;
  int last = -1;
  const int pick = walk(w, target, last, [](int) { return true; });
  return pick >= 0 ? pick : last;
}

// The nested logit. The weights of the nest's members are already raised to
// 1 / lambda (the tables'), so the nest weighs W^lambda against the
// singletons' weights, W being its members' sum: one draw picks a singleton
// or the nest, and what is left of it, rescaled from W^lambda to W, picks
// within the nest.
int choose_nested(const std::array<float, kStackCount>& weight, const std::uint8_t* peer_counts, const float* net,
                  const float* nest_net, const StepTables& t, int current, float u) {
  std::array<float, kStackCount> w;
  float singles = 0, nest = 0;
  for (int s = 0; s < kStackCount; ++s) {
    if (is_open_weights(s)) {
      w[s] = weight[s] * nest_net[peer_counts[s]] * (s == current ? t.nest_keep_weight : 1.0f);
      nest += w[s];
    } else {
      w[s] = weight[s] * net[peer_counts[s]] * (s == current ? t.keep_weight : 1.0f);
      singles += w[s];
    }
  }
  const float nest_weight = nest > 0 ? std::pow(nest, t.nest_lambda) : 0.0f;
  const float total = singles + nest_weight;
  if (!(total > 0)) return -1;
  float target = u * total;
  int last = -1;
  const int single = walk(w, target, last, [](int s) { return !is_open_weights(s); });
  if (single >= 0) return single;
  if (!(nest > 0)) return last;  // rounding left target just past the singletons
  target = std::min(target, nest_weight) * (nest / nest_weight);
  const int member = walk(w, target, last, [](int s) { return is_open_weights(s); });
  return member >= 0 ? member : last;
}

}  // namespace

int choose_stack(const std::array<float, kStackCount>& weight, const std::uint8_t* peer_counts, int peer_users,
                 const StepTables& t, int current, float u) {
  const std::size_t row = static_cast<std::size_t>(peer_users) * (t.peers_per_adopter + 1);
  if (t.nest_lambda == 1.0f) return choose_plain(weight, peer_counts, t.network.data() + row, t, current, u);
  return choose_nested(weight, peer_counts, t.network.data() + row, t.nest_network.data() + row, t, current, u);
}

namespace {

// A byte per count where states are counted in one 64-bit word.
constexpr int kBitsPerCount = 8;

// The stacks of an adopter's peers (kNonUser, kOffline and kAware land in
// slots 5 to 7) and how many of them use AI.
struct Peers {
  std::uint8_t counts[kStateCount] = {};
  int users = 0;
};

// Where the step is: the country of the adopters it steps and their range.
struct Home {
  std::uint32_t first, count;
  const std::uint32_t* pool;  // the country's pool of foreign contacts
};

// Counts the states of peers p(0), ..., p(k - 1).
template <class Peer>
Peers count_peers(const std::uint8_t* state, std::uint32_t k, Peer p) {
  // One byte of `packed` counts each state (k < 256), so that the count is a
  // chain of adds rather than of loads and stores to the same few bytes.
  std::uint64_t packed = 0;
  for (std::uint32_t j = 0; j < k; ++j) packed += std::uint64_t{1} << (kBitsPerCount * state[p(j)]);
  Peers out;
  for (int s = 0; s < kStateCount; ++s) out.counts[s] = static_cast<std::uint8_t>(packed >> (kBitsPerCount * s));
  out.users = static_cast<int>(k) - out.counts[kNonUser] - out.counts[kOffline] - out.counts[kAware];
  return out;
}

// The adopter that adopter i's j-th link leads to.
std::uint32_t linked(const AdopterPopulation& a, std::uint32_t i, std::uint32_t j, const Home& home) {
  const std::int16_t link = a.peers[static_cast<std::size_t>(i) * a.peers_per_adopter + j];
  return AdopterPopulation::linked_adopter(link, i - home.first, home.first, home.count, home.pool);
}

// One online adopter's next state, from this month's draw `bits`; peer(j) is
// the adopter its j-th link leads to.
template <class Peer>
std::uint8_t next_online_state(const AdopterPopulation& a, const StepTables& t, const CountryTables& ct,
                               const std::uint8_t* state, std::uint32_t i, std::uint64_t bits, Peer peer) {
  const std::uint8_t s = state[i];
  const float u_event = hi_unit(bits);
  const bool user = s < kStackCount;
  const std::uint8_t klass = a.klass[i];
  const bool worth = a.reservation[i] < ct.use_levels[klass];
  const float stop = ct.discontinue[klass];
  const bool reviews = u_event >= stop && u_event < stop + ct.review;
  if (user && u_event < stop) return kNonUser;
  if (user || s == kAware) {
    if (!reviews) return s;
    if (!worth) return kAware;  // the offers do not (or no longer) clear its reservation
  }
  float alone = 0;  // a non-user's hazard without its peers
  if (s == kNonUser) {
    alone = ct.innovation_p * a.innovativeness[i] + ct.country_imitation;
    // With every peer using AI the hazard is at its highest; a draw above
    // that leaves the adopter as it is whatever its peers do, so it need not
    // look (the same sums as below, so the bound holds in floating point).
    const float most = alone + ct.peer_q_per_user * static_cast<float>(a.peers_per_adopter);
    if (!(u_event < most)) return s;
  }
  const Peers peers = count_peers(state, a.peers_per_adopter, peer);
  if (s == kNonUser) {
    float hazard = alone;
    if (peers.users >= a.min_peer_users[i]) hazard += ct.peer_q_per_user * static_cast<float>(peers.users);
    if (!(u_event < hazard)) return s;
    if (!worth) return kAware;  // considers AI and finds it not worth using
  }
  const int pick = choose_stack(ct.weight[klass], peers.counts, peers.users, t, user ? s : -1, lo_unit(bits));
  return pick >= 0 ? static_cast<std::uint8_t>(pick) : s;
}

}  // namespace

std::uint8_t step_one_adopter(const AdopterPopulation& a, const StepTables& t, std::uint64_t seed, std::uint32_t month,
                              std::uint32_t i) {
  const int c = a.country_of(i);
  const Home home{a.country_begin[c], a.country_begin[c + 1] - a.country_begin[c], a.pool.data() + a.pool_begin[c]};
  const CountryTables& ct = t.country[c];
  const std::uint64_t bits = draw64(seed, Stream::kAdopterStep, i, month);
  if (a.state[i] == kOffline) return hi_unit(bits) < ct.online_hazard ? kNonUser : kOffline;
  return next_online_state(a, t, ct, a.state.data(), i, bits, [&](std::uint32_t j) { return linked(a, i, j, home); });
}

// Adopters are stepped in blocks of kBlock, in two passes. The first settles
// without a branch what most adopters do in a month (nothing; an offline one
// coming online; a user stopping; a reviewing one no longer finding AI worth
// it), with the same comparisons as next_online_state, and lists those whose
// draw needs their peers or a pick. The second passes each of them through
// next_online_state. Which adopter does what is as unpredictable as the draw,
// so a branch per adopter was often mispredicted; the result is identical
// either way (snapshot semantics: every adopter reads only last month's
// states).
namespace {

constexpr std::uint32_t kBlock = 256;  // a whole number of 64-bit words of flags
// A word of flags is read low byte first (countr_zero finds the first flag).
static_assert(std::endian::native == std::endian::little);

// The first pass over adopters [begin, end): writes their next state (into
// `next`) where it needs no peers, and flags (1 in `slow`) those it leaves to
// next_online_state. Every adopter's step is the same arithmetic, so the loop
// is vectorised, and built for the machine's widest vectors
// (base/vector_clones.h); the results do not depend on which.
STACKRACE_VECTOR_CLONES void settle_block(const std::uint8_t* __restrict state, const std::uint8_t* __restrict klass,
                                          const std::uint8_t* __restrict reservation,
                                          const float* __restrict innovativeness, const CountryTables& ct,
                                          float all_peers, std::uint64_t key, std::uint32_t month, std::uint32_t begin,
                                          std::uint32_t end, std::uint8_t* __restrict next,
                                          std::uint8_t* __restrict slow) {
  std::uint64_t spread = begin * kAgentGamma;  // i * kAgentGamma, by adds (draw_keyed_spread)
  for (std::uint32_t i = begin; i < end; ++i, spread += kAgentGamma) {
    const std::uint8_t s = state[i];
    const float u = hi_unit(draw_keyed_spread(key, spread, month));
    const std::uint8_t k = klass[i];
    const float stop = ct.discontinue[k];
    // Bitwise & and |, not && and ||, which are branches.
    const bool user = s < kStackCount;
    const bool reviewing = (user | (s == kAware)) & (u >= stop) & (u < stop + ct.review);
    const bool worth = reservation[i] < ct.use_levels[k];
    // As next_online_state: alone, then the hazard with every peer using AI.
    const float alone = ct.innovation_p * innovativeness[i] + ct.country_imitation;
    const bool may_consider = (s == kNonUser) & (u < alone + all_peers);
    const bool to_non_user = ((s == kOffline) & (u < ct.online_hazard)) | (user & (u < stop));
    next[i] = to_non_user ? kNonUser : (reviewing & !worth) ? kAware : s;
    slow[i - begin] = static_cast<std::uint8_t>(may_consider | (reviewing & worth));
  }
}

// Adds the states of adopters [begin, end) (at most kBlock) to `counts`: a
// byte per state in a 64-bit word, four words side by side so that the adds
// do not wait on each other (a byte counts at most kBlock / 4 adopters).
constexpr int kWords = 4;
static_assert(kBlock / kWords < 256);
void count_block(const std::uint8_t* next, std::uint32_t begin, std::uint32_t end, StateCounts& counts) {
  std::array<std::uint64_t, kWords> packed{};
  std::uint32_t i = begin;
  for (; i + kWords <= end; i += kWords)
    for (int w = 0; w < kWords; ++w) packed[w] += std::uint64_t{1} << (kBitsPerCount * next[i + w]);
  for (; i < end; ++i) packed[0] += std::uint64_t{1} << (kBitsPerCount * next[i]);
  constexpr std::uint64_t kByte = (std::uint64_t{1} << kBitsPerCount) - 1;
  for (int s = 0; s < kStateCount; ++s)
    for (const std::uint64_t word : packed) counts[s] += (word >> (kBitsPerCount * s)) & kByte;
}

constexpr std::uint32_t kCacheLine = 64;  // bytes, and adopters' states

// The adopters of one block that the first pass flagged, in order, and the
// adopters their links lead to (k a flagged adopter).
struct Flagged {
  std::uint32_t begin = 0, end = 0, count = 0;
  std::array<std::uint32_t, kBlock> index{};
  UninitializedVector<std::uint32_t> peers;  // written before they are read
};

// The flagged adopters of a block are stepped kStages - 1 blocks after its
// first pass. What they read lies far apart in memory (16 MB of links at 1M
// adopters, the pools, foreign peers' states), so it is fetched meanwhile, a
// stage a block, and the misses overlap with the first passes in between:
//   0. the first pass flags them; their links and thresholds are prefetched
//   1. the pool slots their links abroad name are prefetched
//   2. their links are followed to the adopters they lead to
//   3. those adopters' states are prefetched (the peers at home are in cache
//      already: step_adopters keeps their neighbourhood there)
//   4. they are stepped.
// At 1M adopters the pipeline made the step about a quarter faster
// (docs/performance.md).
constexpr int kStages = 5;

// The fetches are always inlined: GCC takes a function that only prefetches
// for one without effects, and drops its calls.
class FlaggedPipeline {
 public:
  FlaggedPipeline(const AdopterPopulation& a, const Home& home) : a_(a), home_(home) {
    for (Flagged& f : ring_) f.peers.resize(static_cast<std::size_t>(kBlock) * a.peers_per_adopter);
  }
  // Block b's flagged adopters (stage 0 fills them in).
  Flagged& block(std::uint32_t b) { return ring_[b % kStages]; }

  [[gnu::always_inline]] void fetch_links(const Flagged& f) const {
    for (std::uint32_t j = 0; j < f.count; ++j) {
      __builtin_prefetch(a_.peers.data() + static_cast<std::size_t>(f.index[j]) * a_.peers_per_adopter);
      __builtin_prefetch(a_.min_peer_users.data() + f.index[j]);
    }
  }
  [[gnu::always_inline]] void fetch_pool(const Flagged& f) const {
    const std::uint32_t* pool = home_.pool;
    const std::uint32_t k = a_.peers_per_adopter;
    for (std::uint32_t j = 0; j < f.count; ++j) {
      const std::int16_t* links = a_.peers.data() + static_cast<std::size_t>(f.index[j]) * k;
      for (std::uint32_t l = 0; l < k; ++l) __builtin_prefetch(pool + AdopterPopulation::pool_slot(links[l]));
    }
  }
  // (Locals, not members, so that the stores to f.peers need not reload them.)
  void follow_links(Flagged& f) const {
    const Home home = home_;
    const std::int16_t* all_links = a_.peers.data();
    const std::uint32_t k = a_.peers_per_adopter;
    std::uint32_t* out = f.peers.data();
    for (std::uint32_t j = 0; j < f.count; ++j) {
      const std::int16_t* links = all_links + static_cast<std::size_t>(f.index[j]) * k;
      const std::uint32_t r = f.index[j] - home.first;
      for (std::uint32_t l = 0; l < k; ++l)
        out[j * k + l] = AdopterPopulation::linked_adopter(links[l], r, home.first, home.count, home.pool);
    }
  }
  [[gnu::always_inline]] void fetch_peer_states(const Flagged& f) const {
    for (std::uint32_t j = 0; j < f.count * a_.peers_per_adopter; ++j) __builtin_prefetch(a_.state.data() + f.peers[j]);
  }

 private:
  const AdopterPopulation& a_;
  const Home home_;
  std::array<Flagged, kStages> ring_;
};

// The peers at home of a block's adopters lie within kPeerReach of them:
// those behind were read by the blocks just stepped, those ahead last month.
// Fetching the states a reach ahead, a block at a time, keeps the whole
// neighbourhood in cache for the adopters that look.
[[gnu::always_inline]] inline void fetch_neighbourhood(const std::uint8_t* state, std::uint32_t begin,
                                                       std::uint32_t home_end) {
  if (const std::uint32_t ahead = begin + kPeerReach; ahead < home_end) {
    const std::uint32_t stop = std::min(ahead + kBlock, home_end);
    for (std::uint32_t i = ahead; i < stop; i += kCacheLine) __builtin_prefetch(state + i);
  }
}

// Lists the adopters of [begin, end) whose flag is set, a word of flags at a
// time (most words are 0; a short last block clears the flags past its end
// first).
void list_flagged(std::array<std::uint8_t, kBlock>& flags, std::uint32_t begin, std::uint32_t end, Flagged& f) {
  if (end - begin < kBlock) std::fill(flags.begin() + (end - begin), flags.end(), std::uint8_t{0});
  f.begin = begin, f.end = end, f.count = 0;
  for (std::uint32_t w = 0; w < end - begin; w += sizeof(std::uint64_t)) {
    std::uint64_t word = 0;
    std::memcpy(&word, flags.data() + w, sizeof word);
    for (; word != 0; word &= word - 1)
      f.index[f.count++] = begin + w + static_cast<std::uint32_t>(std::countr_zero(word)) / kBitsPerCount;
  }
}

}  // namespace

void step_adopters(AdopterPopulation& a, const StepTables& t, std::uint64_t seed, std::uint32_t month,
                   std::uint32_t first, std::uint32_t last, StateCounts& counts) {
  if (first >= last) return;
  const int c = a.country_of(first);
  const Home home{a.country_begin[c], a.country_begin[c + 1] - a.country_begin[c], a.pool.data() + a.pool_begin[c]};
  const CountryTables& ct = t.country[c];
  const std::uint32_t k = a.peers_per_adopter;
  const float all_peers = ct.peer_q_per_user * static_cast<float>(k);
  const std::uint64_t key = stream_key(seed, Stream::kAdopterStep);
  const std::uint32_t home_end = home.first + home.count;
  const std::uint8_t* state = a.state.data();
  std::array<std::uint8_t, kBlock> flags{};
  FlaggedPipeline pipeline(a, home);
  StateCounts local{};
  const std::uint32_t blocks = (last - first + kBlock - 1) / kBlock;
  // Block b's stage s runs in round b + s.
  auto at_stage = [&](std::uint32_t round, std::uint32_t s) { return round >= s && round - s < blocks; };
  for (std::uint32_t round = 0; round < blocks + kStages - 1; ++round) {
    if (round < blocks) {
      const std::uint32_t begin = first + round * kBlock;
      const std::uint32_t end = std::min(last, begin + kBlock);
      fetch_neighbourhood(state, begin, home_end);
      settle_block(state, a.klass.data(), a.reservation.data(), a.innovativeness.data(), ct, all_peers, key, month,
                   begin, end, a.next_state.data(), flags.data());
      list_flagged(flags, begin, end, pipeline.block(round));
      pipeline.fetch_links(pipeline.block(round));
    }
    if (at_stage(round, 1)) pipeline.fetch_pool(pipeline.block(round - 1));
    if (at_stage(round, 2)) pipeline.follow_links(pipeline.block(round - 2));
    if (at_stage(round, 3)) pipeline.fetch_peer_states(pipeline.block(round - 3));
    if (at_stage(round, 4)) {
      const Flagged& f = pipeline.block(round - 4);
      for (std::uint32_t j = 0; j < f.count; ++j) {
        const std::uint32_t i = f.index[j];
        const std::uint32_t* peers = f.peers.data() + static_cast<std::size_t>(j) * k;
        a.next_state[i] = next_online_state(a, t, ct, state, i, draw_keyed(key, i, month),
                                            [peers](std::uint32_t l) { return peers[l]; });
      }
      count_block(a.next_state.data(), f.begin, f.end, local);
    }
  }
  for (int s = 0; s < kStateCount; ++s) counts[s] += local[s];
}

}  // namespace stackrace
