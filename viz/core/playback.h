#pragma once
// Which month the view shows and how it moves on: play and pause, stepping,
// jumps, and the speed in months per second. A live run keeps adding months,
// so the months available can grow while playing; playback waits at the
// newest month until the next arrives and stops at the end once the run has
// finished. No SFML: the window maps keys and clicks onto these calls.

#include <optional>

namespace stackrace::viz {

class Playback {
 public:
  // Playback speeds, months per second: +/- double or halve within these.
  static constexpr double kMinSpeed = 0.25, kMaxSpeed = 32;

  // Starts playing from the first month, or paused at `start_month` (shown
  // as soon as a live run has made it).
  Playback(double months_per_second, std::optional<int> start_month);

  // The months the timeline holds so far (checked every frame).
  void set_available(int months) { available_ = months; }
  // Moves on by `dt_s` seconds of play; `run_finished`: no more months will come.
  void advance(double dt_s, bool run_finished);

  // Space: play or pause. Paused at the last month of a finished run, play
  // starts again from the first.
  void toggle(bool run_finished);
  // Right and left arrows: a month on or back, paused.
  void step_forward();
  void step_back();
  void to_first() {
    pending_start_ = -1;
    month_ = 0;
  }
  void to_last() {
    pending_start_ = -1;
    month_ = last();
  }
  // A click or drag on the timeline: there, paused.
  void jump_to(int month);
  void faster();
  void slower();

  int month() const { return month_; }
  int available() const { return available_; }
  bool playing() const { return playing_; }
  double speed() const { return speed_; }

 private:
  int last() const;  // the newest month available, 0 when none is

  int month_ = 0, available_ = 0;
  bool playing_ = true;
  double speed_;
  double progress_ = 0;  // fraction of a month played since the last step
  int pending_start_ = -1;  // the start month, until a live run has it (or the user moves); -1: none
};

}  // namespace stackrace::viz
