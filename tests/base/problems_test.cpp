#include "base/problems.h"

#include <gtest/gtest.h>

#include <string>

#include "base/errors.h"

namespace stackrace {
namespace {

TEST(ThrowIfAny, ListsEveryProblemOnItsOwnLine) {
  EXPECT_NO_THROW(throw_if_any({}));
  try {
    throw_if_any({{"a.textproto:1:2", "first"}, {"", "second"}, {"--set x=1", "third"}});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "a.textproto:1:2: first\nsecond\n--set x=1: third");
  }
}

TEST(InputErrorMessage, IsWhatWithoutTheLocation) {
  const InputError located("a.textproto:3:7", "expected a number");
  EXPECT_EQ(std::string(located.what()), "a.textproto:3:7: expected a number");
  EXPECT_EQ(located.where(), "a.textproto:3:7");
  EXPECT_EQ(located.message(), "expected a number");
  // A message that itself holds ": " keeps it; one without a place is what() itself.
  const InputError nested("--set a=1", "b.textproto:1:1: bad");
  EXPECT_EQ(nested.message(), "b.textproto:1:1: bad");
  const InputError unplaced("", "no scenario given");
  EXPECT_EQ(unplaced.message(), std::string(unplaced.what()));
}

}  // namespace
}  // namespace stackrace
