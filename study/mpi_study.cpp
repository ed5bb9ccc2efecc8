#include "study/mpi_study.h"

#include <tbb/task_arena.h>

#include <boost/mpi/collectives.hpp>
#include <boost/optional.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <chrono>
#include <cstdint>
#include <thread>

namespace stackrace {

namespace {

enum Tag : int { kReady = 1, kWork = 2, kResult = 3 };
constexpr std::int64_t kStop = -1;

// A run's result on the wire.
struct WireResult {
  std::int64_t run = 0;
  double wall_s = 0;
  std::vector<double> outcomes;
  std::string status;
  // The recorded series, flattened: per record its count, then the months
  // and values of all records in order.
  std::vector<std::int64_t> recorded_counts;
  std::vector<std::string> recorded_months;
  std::vector<double> recorded_values;
  template <class Archive>
  void serialize(Archive& archive, unsigned /*version*/) {
    archive& run& wall_s& outcomes& status& recorded_counts& recorded_months& recorded_values;
  }
};

}  // namespace

void coordinate_runs(const boost::mpi::communicator& world, StudySession& session,
                     const std::function<void(const RunResult&)>& on_result) {
  const std::vector<std::size_t>& pending = session.pending();
  std::size_t next = 0;
  int active = world.size() - 1;
  while (active > 0) {
    // Whoever reports first gets the next run: fast workers do more runs.
    // Polled with a short sleep rather than a blocking probe, which Open MPI
    // implements as a busy loop: rank 0 would take a whole core from the
    // workers when ranks share a machine. A run takes tens of milliseconds or
    // more, so a 1 ms poll costs nothing measurable.
    boost::optional<boost::mpi::status> incoming;
    while (!(incoming = world.iprobe(boost::mpi::any_source, boost::mpi::any_tag)))
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const boost::mpi::status probe = *incoming;
    const int source = probe.source();
    if (probe.tag() == kResult) {
      WireResult wire;
      world.recv(source, kResult, wire);
      RunResult result{static_cast<std::size_t>(wire.run), std::move(wire.outcomes), std::move(wire.status),
                       wire.wall_s, {}};
      std::size_t k = 0;
      for (const std::int64_t count : wire.recorded_counts) {
        std::vector<RecordedValue>& series = result.recorded.emplace_back();
        for (std::int64_t i = 0; i < count && k < wire.recorded_values.size(); ++i, ++k)
          series.push_back({wire.recorded_months[k], wire.recorded_values[k]});
      }
      session.record(result);
      on_result(result);
    } else {
      world.recv(source, probe.tag());
    }
    if (next < pending.size()) {
      world.send(source, kWork, static_cast<std::int64_t>(pending[next++]));
    } else {
      world.send(source, kWork, kStop);
      --active;
    }
  }
}

void serve_runs(const boost::mpi::communicator& world, const LoadedStudy& study, unsigned threads) {
  tbb::task_arena arena(static_cast<int>(std::max(1u, threads)));
  world.send(0, kReady);
  while (true) {
    std::int64_t run = kStop;
    world.recv(0, kWork, run);
    if (run == kStop) return;
    RunResult r;
    arena.execute([&] { r = execute_run(study, static_cast<std::size_t>(run)); });
    WireResult wire{run, r.wall_s, std::move(r.outcomes), std::move(r.status), {}, {}, {}};
    for (const std::vector<RecordedValue>& series : r.recorded) {
      wire.recorded_counts.push_back(static_cast<std::int64_t>(series.size()));
      for (const RecordedValue& v : series) {
        wire.recorded_months.push_back(v.month);
        wire.recorded_values.push_back(v.value);
      }
    }
    world.send(0, kResult, wire);
  }
}

}  // namespace stackrace
