// viz/core/playback: the month the window shows moves on with time, waits
// for a live run's next month, and answers the keys and the timeline.

#include "viz/core/playback.h"

#include <gtest/gtest.h>

namespace stackrace::viz {
namespace {

TEST(Playback, PlaysAtItsSpeedAndStopsAtTheEndOfAFinishedRun) {
  Playback p(4, std::nullopt);
  p.set_available(12);
  EXPECT_TRUE(p.playing());
  p.advance(0.5, true);  // 2 months at 4 a second
  EXPECT_EQ(p.month(), 2);
  p.advance(0.1, true);  // 0.4 of a month carries over...
  EXPECT_EQ(p.month(), 2);
  p.advance(0.15, true);  // ...and adds up
  EXPECT_EQ(p.month(), 3);
  p.advance(100, true);
  EXPECT_EQ(p.month(), 11);
  EXPECT_FALSE(p.playing());
}

TEST(Playback, WaitsAtTheNewestMonthWhileALiveRunAddsMonths) {
  Playback p(4, std::nullopt);
  p.set_available(3);
  p.advance(10, false);
  EXPECT_EQ(p.month(), 2);
  EXPECT_TRUE(p.playing());
  p.set_available(4);
  p.advance(0.25, false);
  EXPECT_EQ(p.month(), 3);
}

TEST(Playback, StartMonthStartsPausedAndIsKeptInRange) {
  Playback p(4, 30);
  EXPECT_FALSE(p.playing());
  EXPECT_EQ(p.month(), 30);
  p.advance(1, false);  // nothing to show yet: the month waits
  EXPECT_EQ(p.month(), 30);
  p.set_available(10);
  p.advance(1, false);
  EXPECT_EQ(p.month(), 9);
  // A live run reaches the start month later: it is shown then.
  p.set_available(31);
  p.advance(1, false);
  EXPECT_EQ(p.month(), 30);
  EXPECT_FALSE(p.playing());
}

TEST(Playback, AMoveBeforeALiveRunReachesTheStartMonthWins) {
  Playback p(4, 30);
  p.set_available(10);
  p.advance(1, false);
  p.step_back();
  p.set_available(40);
  p.advance(1, false);
  EXPECT_EQ(p.month(), 8);
}

TEST(Playback, SpaceAtTheEndOfAFinishedRunReplaysFromTheStart) {
  Playback p(4, 11);
  p.set_available(12);
  p.toggle(false);  // a live run may still add months: play on from here
  EXPECT_TRUE(p.playing());
  EXPECT_EQ(p.month(), 11);
  p.toggle(true);
  EXPECT_FALSE(p.playing());
  p.toggle(true);
  EXPECT_TRUE(p.playing());
  EXPECT_EQ(p.month(), 0);
}

TEST(Playback, StepsAndJumpsPauseWithinTheMonthsAvailable) {
  Playback p(4, std::nullopt);
  p.set_available(5);
  p.step_forward();
  EXPECT_FALSE(p.playing());
  EXPECT_EQ(p.month(), 1);
  p.step_back();
  p.step_back();
  EXPECT_EQ(p.month(), 0);
  p.to_last();
  EXPECT_EQ(p.month(), 4);
  p.step_forward();
  EXPECT_EQ(p.month(), 4);
  p.to_first();
  EXPECT_EQ(p.month(), 0);
  p.toggle(false);
  p.jump_to(30);  // the timeline shows the whole horizon, months not yet run included
  EXPECT_FALSE(p.playing());
  EXPECT_EQ(p.month(), 4);
}

TEST(Playback, SpeedDoublesAndHalvesWithinLimits) {
  Playback p(100, std::nullopt);
  EXPECT_EQ(p.speed(), Playback::kMaxSpeed);
  p.faster();
  EXPECT_EQ(p.speed(), Playback::kMaxSpeed);
  p.slower();
  EXPECT_EQ(p.speed(), Playback::kMaxSpeed / 2);
  for (int i = 0; i < 20; ++i) p.slower();
  EXPECT_EQ(p.speed(), Playback::kMinSpeed);
}

}  // namespace
}  // namespace stackrace::viz
