#pragma once
// Counter-based randomness: every draw has an address (seed, agent, month,
// stream), so results never depend on which thread computes what or in which
// order. The generator is a keyed hash of the counter (two rounds of the
// SplitMix64 / MurmurHash3 finaliser), in the spirit of Salmon et al. 2011
// ("Parallel random numbers: as easy as 1, 2, 3").

#include <cstdint>

namespace stackrace {

// Purposes of draws; a new purpose gets a new value, never a reused one.
enum class Stream : std::uint32_t {
  kPopulationSplit = 1,
  kAdopterTraits = 2,
  kPeers = 3,
  kInitialState = 4,
  kAdopterStep = 5,
  kGovernment = 6,
  kSmuggling = 7,     // whether a smuggler's shipment is seized
  kDistillation = 8,  // whether a distillation campaign is detected
  kCountryStrata = 9,  // per country: the offsets of stratified start-up draws (agents/stratify.h)
  kReservation = 10,   // an adopter's reservation (agents/adopters.h)
  kPeerPool = 11,      // per country: the foreign adopters its links abroad lead to (agents/adopters.h)
  // Parameter studies (study/study_streams.h names them there).
  kStudyRunSeed = 0x5354'0001,    // a run's seed from its index
  kStudyDesign = 0x5354'0002,     // random, Latin hypercube and Morris designs
  kStudyBootstrap = 0x5354'0003,  // resampling for confidence intervals
};

// The SplitMix64 finaliser's shifts and multipliers (Steele, Lea and Flood
// 2014, "Fast splittable pseudorandom number generators"), and the odd
// constants that spread the seed, stream and agent over 64 bits (the golden
// ratio's fraction, and a second odd constant from the same family).
inline constexpr int kMixShift1 = 30, kMixShift2 = 27, kMixShift3 = 31;
inline constexpr std::uint64_t kMixMultiplier1 = 0xbf58476d1ce4e5b9ULL, kMixMultiplier2 = 0x94d049bb133111ebULL;
inline constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL, kAgentGamma = 0xd6e8feb86659fd93ULL;
inline constexpr int kMonthShift = 40;  // the month sits above any agent index below 2^40

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> kMixShift1)) * kMixMultiplier1;
  z = (z ^ (z >> kMixShift2)) * kMixMultiplier2;
  return z ^ (z >> kMixShift3);
}

// One 64-bit draw for (seed, stream, agent, month, k); k numbers draws that
// one agent makes for one purpose in one month.
// It is draw_keyed(stream_key(seed, stream), ...): loops over many agents
// compute the key once.
constexpr std::uint64_t stream_key(std::uint64_t seed, Stream stream) {
  return mix64(seed ^ (kGoldenGamma * (static_cast<std::uint64_t>(stream) + 1)));
}
// draw_keyed_spread is the same given agent * kAgentGamma (mod 2^64): a loop
// over consecutive agents adds kAgentGamma an agent instead of multiplying.
constexpr std::uint64_t draw_keyed_spread(std::uint64_t key, std::uint64_t agent_spread, std::uint32_t month,
                                          std::uint32_t k = 0) {
  const std::uint64_t counter =
      mix64(agent_spread ^ (static_cast<std::uint64_t>(month) << kMonthShift) ^ static_cast<std::uint64_t>(k));
  return mix64(key ^ counter);
}
constexpr std::uint64_t draw_keyed(std::uint64_t key, std::uint64_t agent, std::uint32_t month, std::uint32_t k = 0) {
  return draw_keyed_spread(key, agent * kAgentGamma, month, k);
}
constexpr std::uint64_t draw64(std::uint64_t seed, Stream stream, std::uint64_t agent, std::uint32_t month,
                               std::uint32_t k = 0) {
  return draw_keyed(stream_key(seed, stream), agent, month, k);
}

// Uniform in [0, 1) from the top 53 bits (a double's mantissa).
inline constexpr int kDoubleBits = 53, kFloatBits = 24;
constexpr double to_unit(std::uint64_t bits) {
  return static_cast<double>(bits >> (64 - kDoubleBits)) * 0x1.0p-53;  // NOLINT(readability-magic-numbers): 2^-53
}
// Two uniforms in [0, 1) with 24 bits each (a float's mantissa), from one
// draw (hot loops): hi_unit takes bits 40..63, lo_unit bits 0..23.
// NOLINTBEGIN(readability-magic-numbers): 2^-24 scales 24 bits to [0, 1)
// (Through int32, which holds 24 bits exactly: the same value, and a
// conversion that vector units have.)
constexpr float hi_unit(std::uint64_t bits) {
  return static_cast<float>(static_cast<std::int32_t>(bits >> (64 - kFloatBits))) * 0x1.0p-24f;
}
constexpr float lo_unit(std::uint64_t bits) { return static_cast<float>(bits & 0xffffffu) * 0x1.0p-24f; }
// NOLINTEND(readability-magic-numbers)

// A small sequential generator for one agent's start-up traits, built from
// the counter-based one (so it, too, is addressed by seed, stream and agent).
class AgentRng {
 public:
  AgentRng(std::uint64_t seed, Stream stream, std::uint64_t agent, std::uint32_t month = 0)
      : seed_(seed), stream_(stream), agent_(agent), month_(month) {}
  std::uint64_t next() { return draw64(seed_, stream_, agent_, month_, k_++); }
  double uniform() { return to_unit(next()); }
  double normal();  // standard normal (Box-Muller)

 private:
  std::uint64_t seed_;
  Stream stream_;
  std::uint64_t agent_;
  std::uint32_t month_;
  std::uint32_t k_ = 0;
};

}  // namespace stackrace
