#include "agents/adopter_step.h"

#include <cmath>

#include "base/rng.h"

namespace stackrace {

StepTables make_step_tables(std::uint32_t k, double beta_network, double switching_cost, std::size_t countries) {
  StepTables t;
  t.peers_per_adopter = k;
  t.network.assign(static_cast<std::size_t>(k + 1) * (k + 1), 1.0f);
  for (std::uint32_t users = 1; users <= k; ++users) {
    for (std::uint32_t count = 0; count <= users; ++count)
      t.network[users * (k + 1) + count] = static_cast<float>(std::exp(beta_network * count / users));
  }
  t.keep_weight = static_cast<float>(std::exp(switching_cost));
  t.country.resize(countries);
  // Until told otherwise, everyone who considers AI takes it up and nobody stops.
  for (CountryTables& c : t.country) c.use_levels.fill(kReservationLevels);
  return t;
}

int choose_stack(const std::array<float, kStackCount>& weight, const std::uint8_t* peer_counts, int peer_users,
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
  return last;  // rounding left target just past the end
}

void step_adopters(AdopterPopulation& a, const StepTables& t, std::uint64_t seed, std::uint32_t month,
                   std::uint32_t first, std::uint32_t last, StateCounts& counts) {
  if (first >= last) return;
  const CountryTables& ct = t.country[a.country[first]];
  const std::uint32_t k = a.peers_per_adopter;
  const std::uint8_t* state = a.state.data();
  std::uint8_t* next = a.next_state.data();
  StateCounts local{};
  for (std::uint32_t i = first; i < last; ++i) {
    const std::uint8_t s = state[i];
    const std::uint64_t bits = draw64(seed, Stream::kAdopterStep, i, month);
    const float u_event = hi_unit(bits);
    const float u_choice = lo_unit(bits);
    std::uint8_t out = s;
    if (s == kOffline) {
      if (u_event < ct.online_hazard) out = kNonUser;
    } else {
      const bool user = s < kStackCount;
      const std::uint8_t klass = a.klass[i];
      const bool worth = a.reservation[i] < ct.use_levels[klass];
      const float stop = ct.discontinue[klass];
      bool picks = false;
      // Count the peers' stacks (kNonUser, kOffline and kAware land in slots 5 to 7).
      std::uint8_t peer_counts[kStateCount] = {};
      int peer_users = 0;
      const auto look_at_peers = [&] {
        const std::uint32_t* p = a.peers.data() + static_cast<std::size_t>(i) * k;
        for (std::uint32_t j = 0; j < k; ++j) ++peer_counts[state[p[j]]];
        peer_users = static_cast<int>(k) - peer_counts[kNonUser] - peer_counts[kOffline] - peer_counts[kAware];
      };
      const bool reviews = u_event >= stop && u_event < stop + ct.review;
      if (user) {
        if (u_event < stop) {
          out = kNonUser;
        } else if (reviews) {
          picks = worth;
          if (worth) look_at_peers();
          else out = kAware;  // the offers no longer clear its reservation
        }
      } else if (s == kAware) {
        picks = worth && reviews;
        if (picks) look_at_peers();
      } else {
        look_at_peers();
        float hazard = ct.innovation_p * a.innovativeness[i] + ct.country_imitation;
        if (peer_users >= a.min_peer_users[i]) hazard += ct.peer_q_per_user * static_cast<float>(peer_users);
        if (u_event < hazard) {
          picks = worth;
          if (!worth) out = kAware;
        }
      }
      if (picks) {
        const int pick = choose_stack(ct.weight[klass], peer_counts, peer_users, t, user ? s : -1, u_choice);
        if (pick >= 0) out = static_cast<std::uint8_t>(pick);
      }
    }
    next[i] = out;
    ++local[out];
  }
  for (int s = 0; s < kStateCount; ++s) counts[s] += local[s];
}

}  // namespace stackrace
