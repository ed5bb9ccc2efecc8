#include "agents/adopters.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "base/rng.h"

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
  std::uint32_t pick(std::uint64_t bits) const {
    const std::uint64_t k = bits % cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), k);
    const std::size_t range = static_cast<std::size_t>(it - cumulative.begin()) - 1;
    return begin[range] + static_cast<std::uint32_t>(k - cumulative[range]);
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

std::size_t AdopterPopulation::bytes_per_adopter() const {
  return sizeof(std::uint32_t) * peers_per_adopter + sizeof(std::uint8_t) * 2 + sizeof(std::uint16_t) +
         sizeof(std::uint8_t) * 2 + sizeof(float);
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

int income_bin(double income_usd, const Population& p) {
  const double lo = std::log(p.income_bin_min_usd()), hi = std::log(p.income_bin_max_usd());
  const double x = (std::log(std::max(income_usd, 1e-9)) - lo) / (hi - lo);
  return std::clamp(static_cast<int>(std::floor(x * kIncomeBins)), 0, kIncomeBins - 1);
}

double income_of_bin(int bin, const Population& p) {
  const double lo = std::log(p.income_bin_min_usd()), hi = std::log(p.income_bin_max_usd());
  return std::exp(lo + (hi - lo) * (bin + 0.5) / kIncomeBins);
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
  a.country.resize(n);
  a.klass.resize(n);
  a.min_peer_users.resize(n);
  a.innovativeness.resize(n);
  return a;
}

// Where each country's cross-border peers come from: its neighbours with
// adopters, and its region (population-weighted, itself excluded).
struct PeerSources {
  std::vector<RangeSampler> neighbours, partners;
};

PeerSources peer_sources(const World& world, const AdopterPopulation& a,
                         const std::vector<std::uint32_t>& per_country) {
  const std::size_t countries = world.countries.size();
  PeerSources out{std::vector<RangeSampler>(countries), std::vector<RangeSampler>(countries)};
  std::map<std::string, std::vector<std::size_t>> by_region;
  for (std::size_t c = 0; c < countries; ++c) by_region[world.countries[c].region].push_back(c);
  for (std::size_t c = 0; c < countries; ++c) {
    for (int nb : world.countries[c].neighbours) out.neighbours[c].add(a.country_begin[nb], per_country[nb]);
    for (std::size_t other : by_region[world.countries[c].region])
      if (other != c) out.partners[c].add(a.country_begin[other], per_country[other]);
  }
  return out;
}

// Adopter i's kind, income class, innovativeness and adoption threshold.
void draw_traits(AdopterPopulation& a, std::uint32_t i, const Country& country, const Population& pop,
                 const Adoption& adoption, std::uint64_t seed) {
  const double sd = pop.income_log_sd();
  const double innov_sd = adoption.innovativeness_log_sd();
  AgentRng traits(seed, Stream::kAdopterTraits, i);
  const double u_kind = traits.uniform();
  const AdopterKind kind = u_kind < pop.public_body_share()                      ? AdopterKind::kPublicBody
                           : u_kind < pop.public_body_share() + pop.firm_share() ? AdopterKind::kFirm
                                                                                 : AdopterKind::kHousehold;
  // Lognormal with mean GDP per capita for households.
  const double income = kind == AdopterKind::kHousehold
                            ? country.gdp_per_capita_usd * std::exp(sd * traits.normal() - 0.5 * sd * sd)
                            : country.gdp_per_capita_usd * pop.organisation_income_multiple();
  a.klass[i] = static_cast<std::uint8_t>(class_of(kind, income_bin(income, pop)));
  a.innovativeness[i] = static_cast<float>(std::exp(innov_sd * traits.normal() - 0.5 * innov_sd * innov_sd));
  const double threshold = adoption.threshold_max() * traits.uniform();
  a.min_peer_users[i] = static_cast<std::uint8_t>(std::ceil(threshold * a.peers_per_adopter));
}

// Adopter i's peer links, into out[0..k): most at home among the country's
// `count` adopters from `first`, a share abroad, to a neighbour or else
// within the region (at home when there is neither).
void draw_peers(std::uint32_t* out, std::uint32_t k, std::uint32_t i, std::uint64_t seed, const Population& pop,
                const RangeSampler& neighbours, const RangeSampler& partners, std::uint32_t first,
                std::uint32_t count) {
  AgentRng links(seed, Stream::kPeers, i);
  for (std::uint32_t j = 0; j < k; ++j) {
    const double u = links.uniform();
    const std::uint64_t bits = links.next();
    const bool abroad = u < pop.cross_border_peer_share();
    const bool to_neighbour = u < pop.cross_border_peer_share() * pop.neighbour_share_of_cross_border();
    if (abroad && to_neighbour && !neighbours.empty()) {
      out[j] = neighbours.pick(bits);
    } else if (abroad && !partners.empty()) {
      out[j] = partners.pick(bits);
    } else {
      out[j] = first + static_cast<std::uint32_t>(bits % count);
    }
  }
}

// Adopter i's state at the start: offline, online without AI, or using AI on
// a stack drawn from the country's initial mix of the available stacks.
std::uint8_t draw_initial_state(std::uint32_t i, std::uint64_t seed, double online, double user_given_online,
                                const StackArray& initial_mix, const std::array<bool, kStackCount>& available) {
  AgentRng start(seed, Stream::kInitialState, i);
  const double u_online = start.uniform(), u_user = start.uniform(), u_stack = start.uniform();
  std::uint8_t s = kOffline;
  if (u_online < online) {
    s = kNonUser;
    if (u_user < user_given_online) {
      const int stack = pick_stack(initial_mix, available, u_stack);
      if (stack >= 0) s = static_cast<std::uint8_t>(stack);
    }
  }
  return s;
}

}  // namespace

AdopterPopulation build_population(const World& world, const Scenario& scenario, std::uint64_t seed,
                                   const std::vector<std::uint32_t>& per_country, const InitialShares& initial,
                                   const std::vector<std::array<bool, kStackCount>>& available) {
  const Population& pop = scenario.population();
  const Adoption& adoption = scenario.adoption();
  AdopterPopulation a = allocate_population(world.countries.size(), per_country, pop.peers_per_adopter());
  const PeerSources sources = peer_sources(world, a, per_country);
  const std::uint32_t k = a.peers_per_adopter;
  tbb::parallel_for(std::size_t{0}, world.countries.size(), [&](std::size_t c) {
    const Country& country = world.countries[c];
    const std::uint32_t first = a.country_begin[c], count = per_country[c];
    const double online = country.inhabited() ? initial.online[c] : 0.0;
    const double user_given_online = online > 0 ? std::min(1.0, initial.users[c] / online) : 0.0;
    tbb::parallel_for(first, first + count, [&](std::uint32_t i) {
      a.country[i] = static_cast<std::uint16_t>(c);
      draw_traits(a, i, country, pop, adoption, seed);
      draw_peers(a.peers.data() + static_cast<std::size_t>(i) * k, k, i, seed, pop, sources.neighbours[c],
                 sources.partners[c], first, count);
      const std::uint8_t s = draw_initial_state(i, seed, online, user_given_online, country.initial_mix, available[c]);
      a.state[i] = s;
      a.next_state[i] = s;
    });
  });
  return a;
}

}  // namespace stackrace
