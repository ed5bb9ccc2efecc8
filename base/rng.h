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
  // Parameter studies (study/study_streams.h names them there).
  kStudyRunSeed = 0x5354'0001,    // a run's seed from its index
  kStudyDesign = 0x5354'0002,     // random, Latin hypercube and Morris designs
  kStudyBootstrap = 0x5354'0003,  // resampling for confidence intervals
};

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// One 64-bit draw for (seed, stream, agent, month, k); k numbers draws that
// one agent makes for one purpose in one month.
constexpr std::uint64_t draw64(std::uint64_t seed, Stream stream, std::uint64_t agent, std::uint32_t month,
                               std::uint32_t k = 0) {
  const std::uint64_t key = mix64(seed ^ (0x9e3779b97f4a7c15ULL * (static_cast<std::uint64_t>(stream) + 1)));
  const std::uint64_t counter =
      mix64(agent * 0xd6e8feb86659fd93ULL ^ (static_cast<std::uint64_t>(month) << 40) ^ static_cast<std::uint64_t>(k));
  return mix64(key ^ counter);
}

// Uniform in [0, 1) from the top 53 bits.
constexpr double to_unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }
// Two uniforms in [0, 1) with 24 bits each (a float's mantissa), from one
// draw (hot loops): hi_unit takes bits 40..63, lo_unit bits 0..23.
constexpr float hi_unit(std::uint64_t bits) { return static_cast<float>(bits >> 40) * 0x1.0p-24f; }
constexpr float lo_unit(std::uint64_t bits) { return static_cast<float>(bits & 0xffffffu) * 0x1.0p-24f; }

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
