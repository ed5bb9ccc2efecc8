// Harnesses for the readers of what runs and studies write: files a user may
// hand back truncated, edited or from another version.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "base/errors.h"
#include "base/proto/output.pb.h"
#include "base/range_check.h"
#include "base/state_archive.h"
#include "base/textproto_parse.h"
#include "sim/checkpoint.h"
#include "sim/runner.h"
#include "study/study_session.h"
#include "tests/fuzz/scratch.h"
#include "tests/fuzz/targets.h"
#include "viz/core/global_series.h"
#include "viz/core/trajectory.h"

namespace stackrace::fuzz {

// `stackrace view` and `render` read a run's manifest with load_checked
// (viz/core/recorded_run.cpp): the bounded read, the parser and the check of
// every number.
void manifest(std::string_view input) {
  const auto path = write_input("run/manifest.textproto", input);
  RunManifest m;
  try {
    load_checked(path.string(), m, kManifestFile);
  } catch (const InputError&) {
  }
}

// Through the file, so that the bounded file read is fuzzed with the parser.
void trajectory(std::string_view input) {
  const auto path = write_input("run/trajectory.pb", input);
  try {
    viz::read_trajectory(path.string());
  } catch (const InputError&) {
  }
}

void global_csv(std::string_view input) {
  const auto path = write_input("run/global.csv", input);
  try {
    viz::read_global_csv(path.string());
  } catch (const InputError&) {
  }
}

// `stackrace run --from`: the file read and checked whole (its checksum
// included), then the same bytes decoded as a run report's state, so that
// the state reader (base/state_archive.h), which the checksum shields from
// random damage, meets arbitrary lengths and counts too.
void checkpoint(std::string_view input) {
  const auto path = write_input("run/checkpoint-2026-06.pb", input);
  try {
    read_checkpoint(path.string());
  } catch (const InputError&) {
  }
  try {
    RunReport report;
    StateReader reader(input);
    reader(report);
    reader.finish();
  } catch (const StateError&) {
  }
}

// What `stackrace study report` and `merge` do first: open the database,
// rebuild the plan from the spec text stored in it, read every row and
// verify it against the plan. SQLite
// errors surface as std::runtime_error (study/study_db.cpp), InputError
// included, and both are the documented refusals here.
void study_db(std::string_view input) {
  const auto path = write_input("study/study.sqlite", input);
  try {
    open_study_dir(path.parent_path());
  } catch (const std::runtime_error&) {
  }
}

}  // namespace stackrace::fuzz
