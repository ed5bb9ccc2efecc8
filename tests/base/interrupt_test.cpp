// Its own test program: a received signal stays recorded for the process.

#include "base/interrupt.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>

#include "base/atomic_file.h"
#include "support/files.h"

namespace stackrace {
namespace {

using namespace test_support;

TEST(Interrupt, SignalIsRecordedThenThrownAndTheNextOneIsNotCaught) {
  install_interrupt_handlers();
  EXPECT_EQ(interrupt_signal(), 0);
  EXPECT_NO_THROW(throw_if_interrupted());
  TempDir dir;
  write_file(dir / "a.csv", "old\n");

  ASSERT_EQ(::raise(SIGTERM), 0);  // recorded: the process goes on
  EXPECT_EQ(interrupt_signal(), SIGTERM);
  // A second signal at once is the first delivered twice (`timeout` signals
  // the process, then its group): the stop goes on as it was.
  ASSERT_EQ(::raise(SIGINT), 0);
  EXPECT_EQ(interrupt_signal(), SIGTERM);
  try {
    throw_if_interrupted();
    ADD_FAILURE() << "no Interrupted";
  } catch (const Interrupted& e) {
    EXPECT_EQ(e.signal(), SIGTERM);
    EXPECT_STREQ(e.what(), "interrupted by SIGTERM");
  }
  // A file not yet renamed into place is abandoned, not completed.
  EXPECT_THROW(write_file_atomically(dir / "a.csv", "new\n"), Interrupted);
  EXPECT_EQ(read_file(dir / "a.csv"), "old\n");
  EXPECT_EQ(list_dir(dir.path()), std::vector<std::string>{"a.csv"});

  // One after the window is a second request: it kills at once, so that a
  // second Ctrl-C stops a cleanup that hangs.
  EXPECT_EXIT(
      {
        ::usleep(static_cast<useconds_t>(kRepeatedSignalWindowSeconds * 1.2e6));
        ::raise(SIGINT);
        std::_Exit(0);
      },
      testing::KilledBySignal(SIGINT), "");
}

TEST(Interrupt, ExitBySignalEndsTheProcessByThatSignal) {
  EXPECT_EXIT(exit_by_signal(SIGINT), testing::KilledBySignal(SIGINT), "");
}

}  // namespace
}  // namespace stackrace
