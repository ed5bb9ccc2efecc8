#pragma once
// Checkpoints: a run's complete state at the end of one month, in
// OUT/checkpoint-YYYY-MM.pb (a stackrace.Checkpoint, base/proto/output.proto;
// docs/outputs.md, "Checkpoints"), and a run continued from one. The state is
// every member of the simulation that a run changes (sim/simulation.h,
// visit_state), the report so far, and the output files as they stood, so
// that the continued run writes the same files as the uninterrupted one.
// Random draws are addressed by (seed, agent, month, purpose), so the seed
// and the month are the generator's whole position.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "base/months.h"
#include "base/proto/output.pb.h"
#include "sim/runner.h"
#include "sim/simulation.h"
#include "sim/spec.h"

namespace stackrace {

// What a checkpoint file is, and the layout of its state: the number goes up
// whenever the saved state gains or loses a field (2: each lab's sum of
// distillation gains).
inline constexpr const char* kCheckpointFormatPrefix = "stackrace checkpoint ";
inline constexpr const char* kCheckpointFormat = "stackrace checkpoint 3";  // 3: with world_digest

// "checkpoint-2026-06.pb".
std::string checkpoint_file_name(Month month);
// The names checkpoint_file_name gives, as an OutputLayout pattern ('#' for
// each digit of the month).
std::string checkpoint_file_name_pattern();

// The checkpoint of `sim` (just stepped) of a run of `spec` with `seed`,
// with its report so far and its output files (RunWriter::contents()).
Checkpoint make_checkpoint(const Spec& spec, std::uint64_t seed, const Simulation& sim, const RunReport& report,
                           const std::array<std::string, 4>& outputs);

// Sets the checkpoint's attachment (Checkpoint.attachment: the taker's own
// data, such as a study's series so far) and its checksum anew.
void attach_to_checkpoint(Checkpoint& checkpoint, std::string bytes);

// Reads and checks a checkpoint file. Throws InputError naming the file when
// it cannot be read, is not a checkpoint, is damaged or truncated (its
// checksum), or was written by another version or model. `remedy`, when
// given, is the refusal's advice (a study's "remove it ..."); otherwise the
// advice suits `run --from`.
Checkpoint read_checkpoint(const std::string& path, const std::string& remedy = "");

// The spec of a run continued from `checkpoint` (read from `path`): its
// scenario (`config`, or the file it names), overrides and adopters, with
// `branch_sets` (--set of levers) as a dated change in the month after the
// checkpoint. Throws InputError when the scenario no longer resolves to the
// checkpoint's (another scenario, or a file changed since), naming the
// first difference.
Spec branch_spec(const Checkpoint& checkpoint, const std::string& path, const std::optional<std::string>& config,
                 const std::vector<std::string>& branch_sets);

// Sets a simulation just constructed from branch_spec's spec, and the
// report of its run, to the checkpoint's state; returns the output files it
// recorded. Throws InputError naming `path` when the state does not fit.
std::array<std::string, 4> restore_checkpoint(const Checkpoint& checkpoint, const std::string& path, Simulation& sim,
                                              RunReport& report);

}  // namespace stackrace
