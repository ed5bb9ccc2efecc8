#include "sim/checkpoint.h"

#include <google/protobuf/util/message_differencer.h>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/state_archive.h"
#include "sim/model_identity.h"

namespace stackrace {

namespace {

// Of the state, the report and the outputs, in that order.
std::uint64_t checksum_of(const Checkpoint& c) {
  std::uint64_t h = kDigestStart;
  for (const std::string* part :
       {&c.state(), &c.report(), &c.countries_csv(), &c.global_csv(), &c.events_csv(), &c.trajectory_pb()})
    h = digest_bytes(*part, h);
  // Only when present, so that the checksums of checkpoints without one stay as they were.
  if (!c.attachment().empty()) h = digest_bytes(c.attachment(), h);
  return h;
}

[[noreturn]] void refuse(const std::string& path, const std::string& why) { throw InputError(path, why); }

}  // namespace

std::string checkpoint_file_name(Month month) { return "checkpoint-" + month.str() + ".pb"; }

std::string checkpoint_file_name_pattern() { return "checkpoint-####-##.pb"; }

Checkpoint make_checkpoint(const Spec& spec, std::uint64_t seed, const Simulation& sim, const RunReport& report,
                           const std::array<std::string, 4>& outputs) {
  Checkpoint c;
  c.set_format(kCheckpointFormat);
  c.set_program_version(program_version());
  c.set_model_hash(kModelHash);
  c.set_config_path(spec.config_path);
  for (const std::string& o : spec.overrides) c.add_overrides(o);
  c.set_seed(seed);
  *c.mutable_resolved_config() = spec.scenario;
  c.set_month(sim.calendar_month().str());
  c.set_months_done(static_cast<std::uint32_t>(sim.month()));
  c.set_population_digest(sim.fixed_digest());
  c.set_world_digest(spec.world.digest);
  c.set_state(sim.save_state());
  StateWriter progress;
  progress(report);
  c.set_report(progress.bytes());
  c.set_countries_csv(outputs[0]);
  c.set_global_csv(outputs[1]);
  c.set_events_csv(outputs[2]);
  c.set_trajectory_pb(outputs[3]);
  for (const SpecBranch& b : spec.branches) {
    Branch& branch = *c.add_branches();
    branch.set_month(b.month.str());
    for (const std::string& s : b.sets) branch.add_sets(s);
  }
  c.set_checksum(checksum_of(c));
  return c;
}

void attach_to_checkpoint(Checkpoint& checkpoint, std::string bytes) {
  checkpoint.set_attachment(std::move(bytes));
  checkpoint.set_checksum(checksum_of(checkpoint));
}

Checkpoint read_checkpoint(const std::string& path, const std::string& remedy) {
  // `run_advice` where the caller gives no remedy of its own.
  const auto advised = [&](const std::string& why, const std::string& run_advice) {
    refuse(path, why + (remedy.empty() ? run_advice : "; " + remedy));
  };
  const std::string bytes = read_file_bounded(path, kCheckpointFile);
  Checkpoint c;
  if (!c.ParseFromString(bytes) || !c.format().starts_with(kCheckpointFormatPrefix)) {
    advised("not a stackrace checkpoint, or truncated",
            " (expected the checkpoint-YYYY-MM.pb that `stackrace run --checkpoint-at` writes)");
  }
  if (c.format() != kCheckpointFormat) {
    advised("a checkpoint of another build's state layout (\"" + c.format() + "\"; this stackrace reads \"" +
                kCheckpointFormat + "\")",
            ": continue it with the build that wrote it, or run the scenario again with --checkpoint-at");
  }
  if (c.program_version() != program_version() || c.model_hash() != kModelHash) {
    advised("written by stackrace " + c.program_version() + " (model hash " + c.model_hash() + "), but this is " +
                "stackrace " + program_version() + " (model hash " + kModelHash + ")",
            ": a checkpoint is continued only by the program that wrote it; run the scenario again with "
            "--checkpoint-at");
  }
  if (c.checksum() != checksum_of(c)) advised("damaged or truncated: its checksum does not match its contents", "");
  Month m;
  if (!parse_month(c.month(), m) || c.months_done() == 0)
    advised("damaged: month \"" + c.month() + "\" is not a month the run completed", "");
  return c;
}

Spec branch_spec(const Checkpoint& checkpoint, const std::string& path, const std::optional<std::string>& config,
                 const std::vector<std::string>& branch_sets) {
  SpecOptions options;
  options.overrides.assign(checkpoint.overrides().begin(), checkpoint.overrides().end());
  options.adopters = checkpoint.resolved_config().population().adopters();
  const std::string scenario = config.value_or(checkpoint.config_path());
  if (!config && !path_exists(scenario, path)) {
    refuse(path, "its scenario " + scenario +
                     " is not there (the path is as the run was given it): name the scenario file after run");
  }
  // The branches the checkpointed run had taken: part of its scenario.
  std::vector<SpecBranch> branches;
  for (const Branch& b : checkpoint.branches()) {
    Month month;
    if (!parse_month(b.month(), month)) refuse(path, "damaged: branch month \"" + b.month() + "\" is not a month");
    branches.push_back({{b.sets().begin(), b.sets().end()}, month});
  }
  Spec spec = load_spec(scenario, options, branches);
  std::string difference;
  google::protobuf::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&difference);
  if (!differ.Compare(checkpoint.resolved_config(), spec.scenario)) {
    const std::string first = difference.substr(0, difference.find('\n'));
    refuse(path, "written by a run of " + checkpoint.config_path() + ", and " + scenario +
                     (checkpoint.overrides().empty() ? "" : " with its --set") +
                     " resolves to another scenario now (first difference: " + first +
                     "): a checkpoint continues only the scenario it was taken from, unchanged");
  }
  if (checkpoint.world_digest() != spec.world.digest) {
    refuse(path, "written by a run on other world data: " + scenario +
                     "'s world files (world_data, world_config, observed_adoption) changed since; a checkpoint "
                     "continues only the world it was taken in");
  }
  if (branch_sets.empty()) return spec;
  Month m;
  parse_month(checkpoint.month(), m);
  const Month branch{m.index + 1};
  if (spec.end < branch) {
    throw InputError("--set " + branch_sets.front(),
                     "the checkpoint is of " + m.str() + ", the run's last month (horizon.end_month " +
                         spec.end.str() + "): no month is left for a change to act in");
  }
  branches.push_back({branch_sets, branch});
  return load_spec(scenario, options, branches);
}

std::array<std::string, 4> restore_checkpoint(const Checkpoint& checkpoint, const std::string& path, Simulation& sim,
                                              RunReport& report) {
  if (sim.fixed_digest() != checkpoint.population_digest()) {
    refuse(path,
           "its adopters' traits and links differ from those this scenario builds now (the world data or "
           "the population changed since it was written)");
  }
  try {
    sim.restore_state(checkpoint.state());
    StateReader progress(checkpoint.report());
    progress(report);
    progress.finish();
  } catch (const StateError& e) {
    refuse(path, std::string("damaged: its state does not fit this scenario (") + e.what() + ")");
  }
  if (sim.calendar_month().str() != checkpoint.month() || report.months.size() != checkpoint.months_done())
    refuse(path, "damaged: its state is not of month " + checkpoint.month());
  return {checkpoint.countries_csv(), checkpoint.global_csv(), checkpoint.events_csv(), checkpoint.trajectory_pb()};
}

}  // namespace stackrace
