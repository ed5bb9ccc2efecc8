#pragma once
// A tiny hand-built world on disk for unit tests: four places (file order USA,
// IND, CHN, ATA; world order ATA, CHN, IND, USA), one uninhabited (ATA), three
// regions, a strongly US-aligned USA, a strongly China-aligned CHN where US
// stacks are blocked, and a neutral IND. The texts can be edited before they
// are written, to inject one error at a time.
//
// Layout under a fresh temp directory:
//   scenarios/tiny.textproto    stackrace.Scenario (refers to ../data/...)
//   data/countries.textproto    stackrace.WorldData
//   data/world.textproto        stackrace.WorldConfig
//   data/observed.textproto     stackrace.ObservedAdoption
//   data/supply.textproto       stackrace.Supply (the scenario's supply_config):
//                               one lab per stack in stack order
//                               (us_closed_lab, us_open_lab, cn_closed_lab,
//                               cn_open_lab, other_lab), fabs "nvidia"
//                               (US_ALLIED) and "huawei" (CHINA), a smuggler
//                               and a remote operator in IND
// The scenario's policy takes effect in 2025-07 (the same levers as before:
// export promotion 0.5 on both sides).

#include <filesystem>
#include <string>

#include "sim/spec.h"
#include "support/files.h"

namespace stackrace::test_support {

// World indices (sorted by iso3).
inline constexpr int kATA = 0;
inline constexpr int kCHN = 1;
inline constexpr int kIND = 2;
inline constexpr int kUSA = 3;
inline constexpr int kTinyCountries = 4;

struct TinyWorldTexts {
  std::string scenario;
  std::string world_data;
  std::string world_config;
  std::string observed;
  std::string supply;
};

// The default texts: horizon 2025-01..2025-12, 30000 adopters, baseline parameters.
TinyWorldTexts tiny_world_texts();

class TinyWorld {
 public:
  explicit TinyWorld(TinyWorldTexts texts = tiny_world_texts());

  const TinyWorldTexts& texts() const { return texts_; }
  const std::filesystem::path& root() const { return dir_.path(); }
  std::filesystem::path scenario_path() const { return dir_ / "scenarios/tiny.textproto"; }
  std::filesystem::path world_data_path() const { return dir_ / "data/countries.textproto"; }
  std::filesystem::path world_config_path() const { return dir_ / "data/world.textproto"; }
  std::filesystem::path observed_path() const { return dir_ / "data/observed.textproto"; }
  std::filesystem::path supply_config_path() const { return dir_ / "data/supply.textproto"; }

  // load_spec on the scenario.
  Spec load(const SpecOptions& options = {}) const;

 private:
  TempDir dir_;
  TinyWorldTexts texts_;
};

}  // namespace stackrace::test_support
