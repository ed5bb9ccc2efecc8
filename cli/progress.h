#pragma once
// A one-line progress bar on stderr (months done, rate, ETA), shown only when
// stderr is a terminal and --quiet is not given.

#include <chrono>
#include <string>

namespace stackrace {

class ProgressBar {
 public:
  ProgressBar(std::string unit, bool enabled);
  // Ends the bar's line, so that an error (or an interruption) that unwinds
  // past it is printed on a line of its own.
  ~ProgressBar() { finish(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void update(int done, int total);
  void finish();

 private:
  std::string unit_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

bool stderr_is_terminal();

}  // namespace stackrace
