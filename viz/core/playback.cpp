#include "viz/core/playback.h"

#include <algorithm>

namespace stackrace::viz {

Playback::Playback(double months_per_second, std::optional<int> start_month)
    : speed_(std::clamp(months_per_second, kMinSpeed, kMaxSpeed)) {
  if (start_month) {
    month_ = *start_month;
    pending_start_ = *start_month;
    playing_ = false;
  }
}

int Playback::last() const { return std::max(0, available_ - 1); }

void Playback::advance(double dt_s, bool run_finished) {
  if (available_ == 0) return;
  // A live run reaches the month asked for later: show it when it is there.
  if (pending_start_ >= 0 && available_ > pending_start_) {
    month_ = pending_start_;
    pending_start_ = -1;
  }
  month_ = std::clamp(month_, 0, available_ - 1);
  if (!playing_) return;
  progress_ += dt_s * speed_;
  while (progress_ >= 1) {
    if (month_ + 1 < available_) {
      ++month_;
      progress_ -= 1;
    } else {
      progress_ = 0;  // at the newest month: wait for the live run, or stop at the end
      if (run_finished) playing_ = false;
      break;
    }
  }
}

void Playback::toggle(bool run_finished) {
  pending_start_ = -1;
  if (!playing_ && month_ >= last() && run_finished) month_ = 0;  // replay from the start
  playing_ = !playing_;
  progress_ = 0;
}

void Playback::step_forward() {
  pending_start_ = -1;
  playing_ = false;
  month_ = std::min(month_ + 1, last());
}

void Playback::step_back() {
  pending_start_ = -1;
  playing_ = false;
  month_ = std::max(month_ - 1, 0);
}

void Playback::jump_to(int month) {
  pending_start_ = -1;
  playing_ = false;
  month_ = std::min(month, last());
}

void Playback::faster() { speed_ = std::min(speed_ * 2, kMaxSpeed); }

void Playback::slower() { speed_ = std::max(speed_ / 2, kMinSpeed); }

}  // namespace stackrace::viz
