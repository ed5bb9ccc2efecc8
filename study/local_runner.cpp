#include "study/local_runner.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <atomic>

namespace stackrace {

bool parse_parallelism(const std::string& text, Parallelism& out) {
  if (text == "side-by-side") {
    out = Parallelism::kSideBySide;
  } else if (text == "nested") {
    out = Parallelism::kNested;
  } else if (text == "sequential") {
    out = Parallelism::kSequential;
  } else {
    return false;
  }
  return true;
}

void run_locally(const LoadedStudy& study, const std::vector<std::size_t>& runs, unsigned jobs, Parallelism mode,
                 const std::function<void(const RunResult&)>& sink) {
  const int threads = static_cast<int>(std::max(1u, jobs));
  tbb::task_arena arena(threads);
  switch (mode) {
    case Parallelism::kSideBySide: {
      // One task per thread, each taking the next run from a shared counter:
      // runs start in list order and a slow run never holds up the others.
      std::atomic<std::size_t> next{0};
      arena.execute([&] {
        tbb::task_group group;
        for (int t = 0; t < threads; ++t) {
          group.run([&] {
            tbb::task_arena single(1);  // the run's parallel loops stay on this thread
            for (std::size_t i = next++; i < runs.size(); i = next++)
              single.execute([&] { sink(execute_run(study, runs[i])); });
          });
        }
        group.wait();
      });
      break;
    }
    case Parallelism::kNested:
      arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, runs.size(), 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
              for (std::size_t i = range.begin(); i != range.end(); ++i) {
                // Isolated, so that a thread waiting inside one run's loop
                // helps that run instead of starting another run.
                tbb::this_task_arena::isolate([&] { sink(execute_run(study, runs[i])); });
              }
            },
            tbb::simple_partitioner());
      });
      break;
    case Parallelism::kSequential:
      arena.execute([&] {
        for (std::size_t run : runs) sink(execute_run(study, run));
      });
      break;
  }
}

}  // namespace stackrace
