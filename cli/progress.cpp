#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace stackrace {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string unit, bool enabled)
    : unit_(std::move(unit)), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(int done, int total) {
  if (!enabled_ || total <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  // Redraw at most ten times a second, and always at the end.
  if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? done / elapsed : 0.0;
  const double eta = rate > 0 ? (total - done) / rate : 0.0;
  constexpr int kWidth = 30;
  const int filled = done * kWidth / total;
  std::fprintf(stderr, "\r[%.*s%*s] %d/%d %s  %.1f %s/s  ETA %.0fs ", filled, "##############################",
               kWidth - filled, "", done, total, unit_.c_str(), rate, unit_.c_str(), eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (enabled_ && drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

}  // namespace stackrace
