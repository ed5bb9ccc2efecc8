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

}  // namespace
}  // namespace stackrace
