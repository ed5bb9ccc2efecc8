#include "agents/adopter_step.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <numeric>

#include "base/rng.h"
#include "base/stacks.h"

namespace stackrace {
namespace {

constexpr std::uint32_t kPeers = 8;

// A hand-built population in one country: blocks of adopters with given
// states, peers and thresholds.
class Population {
 public:
  Population() {
    a_.peers_per_adopter = kPeers;
    a_.country_begin = {0, 0};
    a_.pool_begin = {0, 0};  // no links abroad: an empty pool
    a_.pool = {0};           // and the spare entry every population ends its pools with
  }
  // Adds `count` adopters in `state`; returns the first id.
  std::uint32_t add(std::uint32_t count, std::uint8_t state, std::uint8_t min_peer_users = 0,
                    std::uint8_t reservation = 0) {
    const std::uint32_t first = static_cast<std::uint32_t>(a_.size());
    for (std::uint32_t i = 0; i < count; ++i) {
      a_.state.push_back(state);
      a_.next_state.push_back(state);
      a_.klass.push_back(0);
      a_.min_peer_users.push_back(min_peer_users);
      a_.innovativeness.push_back(1.0f);
      a_.reservation.push_back(reservation);
      for (std::uint32_t j = 0; j < kPeers; ++j) peer_ids_.push_back(first + i);  // self until set
    }
    a_.country_begin[1] = static_cast<std::uint32_t>(a_.size());
    return first;
  }
  // Peers of adopters [first, first + count): the given ids.
  void link(std::uint32_t first, std::uint32_t count, const std::vector<std::uint32_t>& peers) {
    for (std::uint32_t i = first; i < first + count; ++i)
      for (std::uint32_t j = 0; j < kPeers; ++j) peer_ids_[i * kPeers + j] = peers[j];
  }
  // The population, its links stored as the step reads them: offsets along
  // the ring of the country's adopters.
  AdopterPopulation& get() {
    const auto n = static_cast<std::int64_t>(a_.size());
    EXPECT_LE(n, 2 * kPeerReach) << "a test population must fit one ring neighbourhood";
    a_.peers.resize(peer_ids_.size());
    for (std::size_t l = 0; l < peer_ids_.size(); ++l) {
      std::int64_t d = static_cast<std::int64_t>(peer_ids_[l]) - static_cast<std::int64_t>(l / kPeers);
      if (d > n / 2) d -= n;
      if (d < -n / 2) d += n;
      a_.peers[l] = static_cast<std::int16_t>(d);
    }
    return a_;
  }

 private:
  AdopterPopulation a_;
  std::vector<std::uint32_t> peer_ids_;
};

StepTables tables(double beta_network = 0, double switching_cost = 0, double nest_lambda = 1) {
  StepTables t = make_step_tables(kPeers, beta_network, switching_cost, nest_lambda, 1);
  for (auto& w : t.country[0].weight) w.fill(1.0f);
  return t;
}

StateCounts step(AdopterPopulation& a, const StepTables& t, std::uint64_t seed = 1, std::uint32_t month = 0) {
  StateCounts counts{};
  step_adopters(a, t, seed, month, 0, static_cast<std::uint32_t>(a.size()), counts);
  return counts;
}

int users_in(const AdopterPopulation& a, std::uint32_t first, std::uint32_t count) {
  int n = 0;
  for (std::uint32_t i = first; i < first + count; ++i) n += a.next_state[i] < kStackCount;
  return n;
}

std::vector<std::uint32_t> ids(std::uint32_t first, std::uint32_t count) {
  std::vector<std::uint32_t> v(count);
  std::iota(v.begin(), v.end(), first);
  return v;
}

// Expected count +- 5 binomial sd.
void expect_binomial(int observed, int n, double p, const char* what) {
  const double mean = n * p, sd = std::sqrt(n * p * (1 - p));
  EXPECT_NEAR(observed, mean, 5 * sd + 1) << what << ": " << observed << " of " << n << ", expected p = " << p;
}

TEST(BassHazard, NonUserWithAllPeersUsingAdoptsMoreOftenThanOneWithNone) {
  constexpr std::uint32_t n = 16000;
  Population pop;
  const std::uint32_t users = pop.add(kPeers, US_CLOSED);
  const std::uint32_t idle = pop.add(kPeers, kNonUser);
  const std::uint32_t exposed = pop.add(n, kNonUser);
  const std::uint32_t isolated = pop.add(n, kNonUser);
  pop.link(exposed, n, ids(users, kPeers));
  pop.link(isolated, n, ids(idle, kPeers));
  StepTables t = tables();
  const double p = 0.01, q = 0.03, peer_weight = 0.6;
  t.country[0].innovation_p = static_cast<float>(p);
  t.country[0].peer_q_per_user = static_cast<float>(q * peer_weight / kPeers);
  const StateCounts counts = step(pop.get(), t);

  const int adopted_exposed = users_in(pop.get(), exposed, n);
  const int adopted_isolated = users_in(pop.get(), isolated, n);
  EXPECT_GT(adopted_exposed, adopted_isolated);
  expect_binomial(adopted_exposed, n, p + q * peer_weight, "all peers using");
  expect_binomial(adopted_isolated, n, p, "no peer using");
  // Counts cover every adopter once.
  EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), std::uint64_t{0}), pop.get().size());
}

TEST(BassHazard, ThresholdGatesPeerImitation) {
  constexpr std::uint32_t n = 16000;
  Population pop;
  const std::uint32_t users = pop.add(4, CN_OPEN);
  const std::uint32_t idle = pop.add(4, kNonUser);
  const std::uint32_t below = pop.add(n, kNonUser, /*min_peer_users=*/5);
  const std::uint32_t at = pop.add(n, kNonUser, /*min_peer_users=*/4);
  std::vector<std::uint32_t> half = ids(users, 4);
  for (std::uint32_t id : ids(idle, 4)) half.push_back(id);
  pop.link(below, n, half);
  pop.link(at, n, half);
  StepTables t = tables();
  t.country[0].innovation_p = 0;  // imitation only
  t.country[0].peer_q_per_user = 0.03f * 0.6f / kPeers;
  step(pop.get(), t);
  // 4 of 8 peers use AI: below the threshold nobody imitates them.
  EXPECT_EQ(users_in(pop.get(), below, n), 0);
  expect_binomial(users_in(pop.get(), at, n), n, 0.03 * 0.6 * 4 / 8, "threshold reached");
}

TEST(BassHazard, CountryImitationAddsToTheHazard) {
  constexpr std::uint32_t n = 16000;
  Population pop;
  const std::uint32_t first = pop.add(n, kNonUser);
  StepTables t = tables();
  t.country[0].country_imitation = 0.02f;
  step(pop.get(), t);
  expect_binomial(users_in(pop.get(), first, n), n, 0.02, "country imitation");
}

TEST(AdopterStep, InnovativenessScalesTheInnovationHazard) {
  constexpr std::uint32_t n = 16000;
  Population pop;
  const std::uint32_t normal = pop.add(n, kNonUser);
  const std::uint32_t keen = pop.add(n, kNonUser);
  for (std::uint32_t i = keen; i < keen + n; ++i) pop.get().innovativeness[i] = 3.0f;
  StepTables t = tables();
  t.country[0].innovation_p = 0.01f;
  step(pop.get(), t);
  expect_binomial(users_in(pop.get(), normal, n), n, 0.01, "innovativeness 1");
  expect_binomial(users_in(pop.get(), keen, n), n, 0.03, "innovativeness 3");
}

TEST(AdopterStep, OfflineDiscontinueAndReview) {
  constexpr std::uint32_t n = 16000;
  Population pop;
  const std::uint32_t offline = pop.add(n, kOffline);
  const std::uint32_t users = pop.add(n, OTHER);
  StepTables t = tables();
  t.country[0].online_hazard = 0.1f;
  t.country[0].discontinue.fill(0.05f);
  t.country[0].review = 0.5f;
  t.country[0].innovation_p = 1.0f;  // would adopt at once; offline adopters cannot
  step(pop.get(), t);
  const AdopterPopulation& a = pop.get();
  int came_online = 0, stopped = 0, switched = 0;
  for (std::uint32_t i = offline; i < offline + n; ++i) {
    ASSERT_TRUE(a.next_state[i] == kOffline || a.next_state[i] == kNonUser) << "offline adopters go online first";
    came_online += a.next_state[i] == kNonUser;
  }
  for (std::uint32_t i = users; i < users + n; ++i) {
    stopped += a.next_state[i] == kNonUser;
    switched += a.next_state[i] < kStackCount && a.next_state[i] != OTHER;
  }
  expect_binomial(came_online, n, 0.1, "online");
  expect_binomial(stopped, n, 0.05, "discontinue");
  // Reviewers pick among 5 equal stacks without switching cost: 4 in 5 move.
  expect_binomial(switched, n, 0.5 * 0.8, "review");
}

TEST(AdopterStep, ReadsStateWritesOnlyNextAndIsIndependentOfChunking) {
  constexpr std::uint32_t n = 10000;
  Population pop;
  const std::uint32_t users = pop.add(kPeers, US_OPEN);
  const std::uint32_t first = pop.add(n, kNonUser);
  pop.link(first, n, ids(users, kPeers));
  pop.add(n, kOffline);
  StepTables t = tables(2.0, 1.0);
  t.country[0].innovation_p = 0.05f;
  t.country[0].peer_q_per_user = 0.01f;
  t.country[0].online_hazard = 0.05f;
  t.country[0].review = 0.2f;
  AdopterPopulation whole = pop.get();
  const auto before = whole.state;
  const StateCounts counts = step(whole, t, 99, 3);
  EXPECT_EQ(whole.state, before) << "the step must not write the current state";

  AdopterPopulation pieces = pop.get();
  StateCounts piece_counts{};
  const std::uint32_t size = static_cast<std::uint32_t>(pieces.size());
  for (std::uint32_t lo = 0; lo < size; lo += 1237)
    step_adopters(pieces, t, 99, 3, lo, std::min(lo + 1237, size), piece_counts);
  EXPECT_EQ(pieces.next_state, whole.next_state);
  EXPECT_EQ(piece_counts, counts);

  // Another seed or month draws differently.
  AdopterPopulation other = pop.get();
  step(other, t, 100, 3);
  EXPECT_NE(other.next_state, whole.next_state);
  AdopterPopulation later = pop.get();
  step(later, t, 99, 4);
  EXPECT_NE(later.next_state, whole.next_state);
}

// The blocked, two-pass step against the rules applied to each adopter on
// its own: every state, class, reservation and threshold mixed at random,
// rates high enough that each branch is taken often, and ranges that end
// inside a block.
TEST(AdopterStep, BlocksAgreeWithEachAdopterSteppedOnItsOwn) {
  constexpr std::uint32_t n = 3000;
  Population pop;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint64_t bits = draw64(7, Stream::kAdopterTraits, i, 0);
    pop.add(1, static_cast<std::uint8_t>(bits % kStateCount), static_cast<std::uint8_t>((bits >> 8) % (kPeers + 1)),
            static_cast<std::uint8_t>(bits >> 16));
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    std::vector<std::uint32_t> peers(kPeers);
    for (std::uint32_t j = 0; j < kPeers; ++j)
      peers[j] = static_cast<std::uint32_t>(draw64(8, Stream::kAdopterTraits, i, j) % n);
    pop.link(i, 1, peers);
  }
  AdopterPopulation a = pop.get();
  for (std::uint32_t i = 0; i < n; ++i) {
    a.klass[i] = static_cast<std::uint8_t>(i % kClassCount);
    a.innovativeness[i] = 0.25f + static_cast<float>(i % 7) * 0.5f;
  }
  StepTables t = tables(2.0, 1.0, 0.5);
  CountryTables& ct = t.country[0];
  ct.innovation_p = 0.05f;
  ct.peer_q_per_user = 0.02f;
  ct.country_imitation = 0.01f;
  ct.online_hazard = 0.3f;
  ct.review = 0.3f;
  for (int k = 0; k < kClassCount; ++k) {
    ct.discontinue[k] = 0.01f * static_cast<float>(k % 10);
    ct.use_levels[k] = static_cast<std::uint16_t>(k * kReservationLevels / kClassCount);
  }
  for (std::uint32_t month = 0; month < 4; ++month) {
    StateCounts counts{};
    constexpr std::uint8_t kUnwritten = 0xee;
    std::fill(a.next_state.begin(), a.next_state.end(), kUnwritten);
    for (std::uint32_t lo = 0; lo < n; lo += 977) {
      const std::uint32_t hi = std::min(lo + 977, n);
      step_adopters(a, t, 5, month, lo, hi, counts);
      EXPECT_EQ(std::count(a.next_state.begin() + hi, a.next_state.end(), kUnwritten), n - hi)
          << "a step of [" << lo << ", " << hi << ") wrote past its range";
    }
    StateCounts expected{};
    int differ = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint8_t one = step_one_adopter(a, t, 5, month, i);
      ++expected[one];
      differ += one != a.next_state[i];
    }
    EXPECT_EQ(differ, 0) << "month " << month;
    EXPECT_EQ(counts, expected) << "month " << month;
    EXPECT_NE(a.next_state, a.state) << "month " << month << ": nobody moved";
    a.state = a.next_state;
  }
}

// Probability of each stack under choose_stack, from a fine grid of uniforms.
std::array<double, kStackCount> choice_shares(const std::array<float, kStackCount>& weight,
                                              const std::array<std::uint8_t, 8>& peer_counts, int peer_users,
                                              const StepTables& t, int current) {
  constexpr int kGrid = 100000;
  std::array<double, kStackCount> shares{};
  for (int g = 0; g < kGrid; ++g) {
    const float u = (static_cast<float>(g) + 0.5f) / kGrid;
    const int s = choose_stack(weight, peer_counts.data(), peer_users, t, current, u);
    EXPECT_GE(s, 0);
    EXPECT_LT(s, kStackCount);
    if (s >= 0 && s < kStackCount) shares[s] += 1.0 / kGrid;
  }
  return shares;
}

TEST(LogitChoice, SharesSumToOneAndFollowTheWeights) {
  const StepTables t = tables();
  const std::array<float, kStackCount> w{1.0f, 0.5f, 0.25f, 2.0f, 0.25f};
  const auto shares = choice_shares(w, {}, 0, t, -1);
  EXPECT_NEAR(std::accumulate(shares.begin(), shares.end(), 0.0), 1.0, 1e-9);
  for (int s = 0; s < kStackCount; ++s) EXPECT_NEAR(shares[s], w[s] / 4.0, 1e-4) << s;
}

TEST(LogitChoice, ZeroWeightStackIsNeverChosen) {
  const StepTables t = tables(2.0, 3.0);
  const std::array<float, kStackCount> w{0.0f, 1.0f, 0.0f, 0.7f, 0.0f};
  // Even with all peers on the blocked stack, and it being the stack in use.
  const std::array<std::uint8_t, 8> peers{8, 0, 0, 0, 0, 0, 0, 0};
  for (const float u : {0.0f, 1e-7f, 0.3f, 0.58f, 0.5882353f, 0.99f, 0.99999994f}) {
    for (int current : {-1, 0, 2}) {
      const int s = choose_stack(w, peers.data(), 8, t, current, u);
      EXPECT_TRUE(s == 1 || s == 3) << "u = " << u << " current = " << current << " chose " << s;
    }
  }
  const auto shares = choice_shares(w, peers, 8, t, 0);
  EXPECT_EQ(shares[0], 0.0);
  EXPECT_EQ(shares[2], 0.0);
  EXPECT_EQ(shares[4], 0.0);
  // Nothing available: no choice at all.
  EXPECT_EQ(choose_stack({0, 0, 0, 0, 0}, peers.data(), 8, t, 0, 0.5f), -1);
}

TEST(LogitChoice, DemandFallsAsPriceRises) {
  // Weights as the simulation builds them: exp(-beta_price * price) for stack 3, others fixed.
  const StepTables t = tables();
  double previous = 1.0;
  for (const double price : {0.0, 1.0, 5.0, 20.0, 60.0}) {
    const float w3 = static_cast<float>(std::exp(-0.05 * price));
    const auto shares = choice_shares({1.0f, 1.0f, 1.0f, w3, 1.0f}, {}, 0, t, -1);
    EXPECT_LT(shares[3], previous) << "price " << price;
    previous = shares[3];
  }
}

TEST(LogitChoice, SwitchingCostKeepsTheCurrentStack) {
  const std::array<float, kStackCount> w{1, 1, 1, 1, 1};
  const auto free_shares = choice_shares(w, {}, 0, tables(0, 0), 2);
  const auto costly_shares = choice_shares(w, {}, 0, tables(0, 1.0), 2);
  EXPECT_NEAR(free_shares[2], 0.2, 1e-4);
  EXPECT_NEAR(costly_shares[2], std::exp(1.0) / (std::exp(1.0) + 4), 1e-4);
  EXPECT_GT(costly_shares[2], free_shares[2]);
  const auto costlier = choice_shares(w, {}, 0, tables(0, 3.0), 2);
  EXPECT_GT(costlier[2], costly_shares[2]);
}

TEST(LogitChoice, NetworkEffectRaisesPeersStack) {
  const std::array<float, kStackCount> w{1, 1, 1, 1, 1};
  const StepTables t = tables(2.0, 0);
  const auto alone = choice_shares(w, {}, 0, t, -1);
  // 6 of 8 peers use AI, all of them on CN_OPEN.
  const auto with_peers = choice_shares(w, {0, 0, 0, 6, 0, 2, 0, 0}, 6, t, -1);
  EXPECT_NEAR(alone[CN_OPEN], 0.2, 1e-4);
  EXPECT_NEAR(with_peers[CN_OPEN], std::exp(2.0) / (std::exp(2.0) + 4), 1e-4);
  EXPECT_GT(with_peers[CN_OPEN], alone[CN_OPEN]);
  // Split peers: the stack with more peers gets more.
  const auto split = choice_shares(w, {1, 0, 0, 3, 0, 4, 0, 0}, 4, t, -1);
  EXPECT_GT(split[CN_OPEN], split[US_CLOSED]);
  EXPECT_GT(split[US_CLOSED], split[US_OPEN]);
  // No network effect without beta_network.
  const auto flat = choice_shares(w, {0, 0, 0, 6, 0, 2, 0, 0}, 6, tables(0, 0), -1);
  EXPECT_NEAR(flat[CN_OPEN], 0.2, 1e-4);
}

// --- The nested pick: the open-weight stacks (US_OPEN, CN_OPEN) in one nest ---

// The plain logit's pick as choose_stack made it before the nest: a walk
// along the weights in float.
int plain_logit_pick(const std::array<float, kStackCount>& weight, const std::uint8_t* peer_counts, int peer_users,
                     const StepTables& t, int current, float u) {
  const float* net = t.network.data() + static_cast<std::size_t>(peer_users) * (t.peers_per_adopter + 1);
  std::array<float, kStackCount> w;
  float total = 0;
  for (int s = 0; s < kStackCount; ++s) {
    w[s] = weight[s] * net[peer_counts[s]] * (s == current ? t.keep_weight : 1.0f);
    total += w[s];
  }
  if (!(total > 0)) return -1;
  float target = u * total;
  int last = -1;
  for (int s = 0; s < kStackCount; ++s) {
    if (w[s] <= 0) continue;
    last = s;
    if (target < w[s]) return s;
    target -= w[s];
  }
  return last;
}

// The nested probabilities in double, from the stacks' weights e^V before
// the nest's 1 / lambda (peer and switching terms included by the caller).
std::array<double, kStackCount> nested_probabilities(const std::array<double, kStackCount>& w, double lambda) {
  double singles = 0, nest = 0;
  for (int s = 0; s < kStackCount; ++s) {
    if (is_open_weights(s)) {
      nest += std::pow(w[s], 1 / lambda);
    } else {
      singles += w[s];
    }
  }
  const double d = singles + std::pow(nest, lambda);
  std::array<double, kStackCount> p{};
  for (int s = 0; s < kStackCount; ++s)
    p[s] = is_open_weights(s) ? std::pow(nest, lambda) / d * std::pow(w[s], 1 / lambda) / nest : w[s] / d;
  return p;
}

// The weights as the simulation fills the tables: e^V, and e^(V / lambda)
// for the nest's members.
std::array<float, kStackCount> table_weights(const std::array<double, kStackCount>& w, double lambda) {
  std::array<float, kStackCount> out;
  for (int s = 0; s < kStackCount; ++s)
    out[s] = static_cast<float>(is_open_weights(s) ? std::pow(w[s], 1 / lambda) : w[s]);
  return out;
}

TEST(NestedPick, LambdaOneIsThePlainLogitExactly) {
  const StepTables t = tables(2.0, 1.0, 1.0);
  const std::array<std::array<float, kStackCount>, 3> weights = {
      {{1.0f, 0.5f, 0.25f, 2.0f, 0.25f}, {0.0f, 1.0f, 0.0f, 0.7f, 0.0f}, {0.3f, 0.01f, 1.0f, 0.02f, 0.9f}}};
  const std::array<std::uint8_t, 8> peers{1, 2, 0, 3, 0, 2, 0, 0};
  int checked = 0;
  for (const auto& w : weights) {
    for (const int current : std::initializer_list<int>{-1, US_CLOSED, US_OPEN, CN_OPEN, OTHER}) {
      for (int g = 0; g <= 20000; ++g) {
        const float u = std::min(static_cast<float>(g) / 20000, 0.99999994f);
        ASSERT_EQ(choose_stack(w, peers.data(), 6, t, current, u), plain_logit_pick(w, peers.data(), 6, t, current, u))
            << "u = " << u << " current = " << current;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 3 * 5 * 20001);
}

TEST(NestedPick, FrequenciesFollowTheNestedProbabilities) {
  constexpr double kLambda = 0.5, kBetaNetwork = 2.0, kSwitching = 1.0;
  const StepTables t = tables(kBetaNetwork, kSwitching, kLambda);
  const std::array<double, kStackCount> v_weight{1.0, 0.5, 0.25, 0.8, 0.25};
  // 6 of 8 peers use AI: 1 US closed, 2 US open, 3 CN open. The adopter uses US open.
  const std::array<std::uint8_t, 8> peers{1, 2, 0, 3, 0, 2, 0, 0};
  std::array<double, kStackCount> w = v_weight;
  for (int s = 0; s < kStackCount; ++s) w[s] *= std::exp(kBetaNetwork * peers[s] / 6);
  w[US_OPEN] *= std::exp(kSwitching);
  const auto expected = nested_probabilities(w, kLambda);
  const auto shares = choice_shares(table_weights(v_weight, kLambda), peers, 6, t, US_OPEN);
  EXPECT_NEAR(std::accumulate(expected.begin(), expected.end(), 0.0), 1.0, 1e-12);
  EXPECT_NEAR(std::accumulate(shares.begin(), shares.end(), 0.0), 1.0, 1e-9);
  for (int s = 0; s < kStackCount; ++s) EXPECT_NEAR(shares[s], expected[s], 1e-4) << s;
  // The draw's edges still land on a stack that has weight.
  for (const float u : {0.0f, 1e-7f, 0.5f, 0.99999994f}) {
    const int s = choose_stack(table_weights(v_weight, kLambda), peers.data(), 6, t, -1, u);
    EXPECT_TRUE(s >= 0 && s < kStackCount) << u;
  }
  // No open-weight stack available: the singletons' plain logit.
  const std::array<double, kStackCount> closed_only{1.0, 0.0, 0.5, 0.0, 0.5};
  const auto closed = choice_shares(table_weights(closed_only, kLambda), {}, 0, t, -1);
  EXPECT_EQ(closed[US_OPEN], 0.0);
  EXPECT_EQ(closed[CN_OPEN], 0.0);
  EXPECT_NEAR(closed[US_CLOSED], 0.5, 1e-4);
  // Only open-weight stacks: the nest alone, split as a plain logit of w^(1/lambda).
  const std::array<double, kStackCount> open_only{0.0, 1.0, 0.0, 2.0, 0.0};
  const auto open = choice_shares(table_weights(open_only, kLambda), {}, 0, t, -1);
  EXPECT_NEAR(open[CN_OPEN], 4.0 / 5.0, 1e-4);
  EXPECT_EQ(choose_stack({0, 0, 0, 0, 0}, peers.data(), 6, t, -1, 0.5f), -1);
}

TEST(NestedPick, AWeakerUsOpenStackLosesMoreToCnOpenThanUnderThePlainLogit) {
  // Weights e^V, equal but for US open, which loses three quarters of its weight.
  const std::array<double, kStackCount> before{1, 1, 1, 1, 1}, after{1, 0.25, 1, 1, 1};
  double gain_share[2] = {};  // CN open's gain over US open's loss: plain, nested
  for (const double lambda : {1.0, 0.5}) {
    const StepTables t = tables(0, 0, lambda);
    const auto p0 = choice_shares(table_weights(before, lambda), {}, 0, t, -1);
    const auto p1 = choice_shares(table_weights(after, lambda), {}, 0, t, -1);
    EXPECT_NEAR(std::accumulate(p1.begin(), p1.end(), 0.0), 1.0, 1e-9);
    const double loss = p0[US_OPEN] - p1[US_OPEN];
    ASSERT_GT(loss, 0.05) << lambda;
    gain_share[lambda < 1 ? 1 : 0] = (p1[CN_OPEN] - p0[CN_OPEN]) / loss;
  }
  // The plain logit spreads US open's users in proportion (1 in 4 to CN open
  // here); the nest sends CN open more than the closed stacks each get.
  EXPECT_NEAR(gain_share[0], 0.25, 0.01);
  EXPECT_GT(gain_share[1], gain_share[0] + 0.1) << "plain " << gain_share[0] << " nested " << gain_share[1];
}

TEST(StepTables, NetworkTableValues) {
  const StepTables t = make_step_tables(8, 2.0, 1.5, 0.5, 3);
  EXPECT_EQ(t.country.size(), 3u);
  EXPECT_EQ(t.network.size(), 81u);
  EXPECT_EQ(t.nest_network.size(), 81u);
  EXPECT_FLOAT_EQ(t.keep_weight, static_cast<float>(std::exp(1.5)));
  // The nest's members: raised to 1 / lambda.
  EXPECT_EQ(t.nest_lambda, 0.5f);
  EXPECT_FLOAT_EQ(t.nest_keep_weight, static_cast<float>(std::exp(3.0)));
  EXPECT_FLOAT_EQ(t.nest_network[4 * 9 + 2], static_cast<float>(std::exp(2.0)));
  EXPECT_EQ(t.nest_network[3], 1.0f);
  for (int count = 0; count <= 8; ++count) EXPECT_EQ(t.network[count], 1.0f) << "no using peers: no effect";
  EXPECT_FLOAT_EQ(t.network[4 * 9 + 2], static_cast<float>(std::exp(2.0 * 2 / 4)));
  EXPECT_FLOAT_EQ(t.network[8 * 9 + 8], static_cast<float>(std::exp(2.0)));
}

// The largest settings the schema allows (beta_network and switching_cost
// 100, open_weight_nest_lambda 0.05) would put e^2000 in a float table: the
// multipliers saturate at e^40 instead. The plain logit's picks are then
// still certain; in the nest the pull of peers is understated (the nest's
// weight is at most e^(40 lambda)), but every pick is a stack and the peers'
// stack is still the likeliest.
TEST(StepTables, ExtremeUtilitiesSaturateAndStillPick) {
  const std::array<float, kStackCount> weight{1, 1, 1, 1, 1};
  const std::uint8_t all_cn_open[kStateCount] = {0, 0, 0, 8, 0, 0, 0, 0};
  const std::uint8_t all_us_closed[kStateCount] = {8, 0, 0, 0, 0, 0, 0, 0};
  const StepTables plain = make_step_tables(8, 100.0, 100.0, 1.0, 1);
  for (float u : {0.01f, 0.25f, 0.5f, 0.999f}) {
    EXPECT_EQ(choose_stack(weight, all_cn_open, 8, plain, -1, u), CN_OPEN) << u;
    EXPECT_EQ(choose_stack(weight, all_us_closed, 8, plain, -1, u), US_CLOSED) << u;
  }
  const StepTables t = make_step_tables(8, 100.0, 100.0, 0.05, 1);
  for (float x : t.network) ASSERT_TRUE(std::isfinite(x));
  for (float x : t.nest_network) ASSERT_TRUE(std::isfinite(x));
  ASSERT_TRUE(std::isfinite(t.keep_weight));
  ASSERT_TRUE(std::isfinite(t.nest_keep_weight));
  EXPECT_GT(t.nest_network[8 * 9 + 8], 1e17f);
  std::array<int, kStackCount> picks{};
  constexpr int kDraws = 1000;
  for (int i = 0; i < kDraws; ++i) {
    const int s = choose_stack(weight, all_cn_open, 8, t, -1, (static_cast<float>(i) + 0.5f) / kDraws);
    ASSERT_GE(s, 0);
    ASSERT_LT(s, kStackCount);
    ++picks[s];
    ASSERT_EQ(choose_stack(weight, all_us_closed, 8, t, -1, (static_cast<float>(i) + 0.5f) / kDraws), US_CLOSED);
  }
  EXPECT_EQ(std::max_element(picks.begin(), picks.end()) - picks.begin(), CN_OPEN);
}

// The two stages: whether AI is worth using is the adopter's reservation
// against its class's use levels, checked on becoming aware and at review.
TEST(Reservation, ConsideringAiWithoutItBeingWorthUsingLeavesTheAdopterAware) {
  constexpr std::uint32_t n = 1000;
  Population pop;
  const std::uint32_t cheap = pop.add(n, kNonUser, 0, /*reservation=*/99);
  const std::uint32_t dear = pop.add(n, kNonUser, 0, /*reservation=*/100);
  StepTables t = tables();
  t.country[0].innovation_p = 1.0f;  // everyone considers AI this month
  t.country[0].use_levels.fill(100);
  AdopterPopulation& a = pop.get();
  step(a, t);
  EXPECT_EQ(users_in(a, cheap, n), static_cast<int>(n)) << "reservation below the use levels: takes AI up";
  for (std::uint32_t i = dear; i < dear + n; ++i) ASSERT_EQ(a.next_state[i], kAware) << i;
}

TEST(Reservation, TheAwareTakeAiUpAtReviewOnceTheOffersClearTheirReservation) {
  constexpr std::uint32_t n = 1000;
  Population pop;
  const std::uint32_t aware = pop.add(n, kAware, 0, /*reservation=*/150);
  StepTables t = tables();
  t.country[0].review = 1.0f;
  t.country[0].use_levels.fill(150);
  AdopterPopulation& a = pop.get();
  step(a, t);
  EXPECT_EQ(users_in(a, aware, n), 0) << "the offers do not clear the reservation yet";
  t.country[0].use_levels.fill(151);  // a price cut or a better offer
  step(a, t);
  EXPECT_EQ(users_in(a, aware, n), static_cast<int>(n));
  // Without review, the aware wait.
  t.country[0].review = 0.0f;
  step(a, t);
  EXPECT_EQ(users_in(a, aware, n), 0);
}

TEST(Reservation, AUserStopsAtReviewWhenTheOffersNoLongerClearItsReservation) {
  constexpr std::uint32_t n = 16000;
  Population pop;
  const std::uint32_t users = pop.add(n, US_CLOSED, 0, /*reservation=*/120);
  StepTables t = tables();
  t.country[0].review = 0.25f;
  t.country[0].use_levels.fill(120);  // worth less than it was
  AdopterPopulation& a = pop.get();
  step(a, t);
  int aware = 0;
  for (std::uint32_t i = users; i < users + n; ++i) aware += a.next_state[i] == kAware;
  expect_binomial(aware, n, 0.25, "users who review and stop");
  EXPECT_EQ(users_in(a, users, n) + aware, static_cast<int>(n)) << "the others keep using AI";
}

TEST(Reservation, LevelsCountTheReservationsAUseProbabilityClears) {
  EXPECT_EQ(reservation_levels(0.0), 0);
  EXPECT_EQ(reservation_levels(1.0), kReservationLevels);
  EXPECT_EQ(reservation_levels(0.5), kReservationLevels / 2);
  // Reservation r is cleared when (r + 0.5) / 256 < P.
  EXPECT_EQ(reservation_levels(1.4 / kReservationLevels), 1);
  EXPECT_EQ(reservation_levels(0.6 / kReservationLevels), 1);
  EXPECT_EQ(reservation_levels(0.4 / kReservationLevels), 0);
  EXPECT_EQ(reservation_levels(-1.0), 0);
  EXPECT_EQ(reservation_levels(2.0), kReservationLevels);
}

}  // namespace
}  // namespace stackrace
