// viz/core/trajectory: the strict trajectory.pb reader. Every corruption is
// refused with an InputError that names the file, frame and byte offset.

#include "viz/core/trajectory.h"

#include <gtest/gtest.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <chrono>
#include <random>

#include "base/errors.h"
#include "base/proto/output.pb.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

TrajectoryFrame make_frame(const std::string& month, unsigned index, const std::vector<std::string>& iso3) {
  TrajectoryFrame f;
  f.set_month(month);
  f.set_month_index(index);
  for (const std::string& code : iso3) {
    CountryState* c = f.add_country();
    c->set_iso3(code);
    c->set_ai_user_share(0.25);
    for (double s : {0.5, 0.1, 0.2, 0.1, 0.1}) c->add_stack_share(s);
    c->set_dominant_stack(US_CLOSED);
    c->set_government_default(US_OPEN);
    c->set_partnership(US_PARTNER);
    c->set_export_tier(1);
  }
  return f;
}

std::string delimited(const TrajectoryFrame& f) {
  std::string bytes;
  google::protobuf::io::StringOutputStream raw(&bytes);
  google::protobuf::io::CodedOutputStream coded(&raw);
  coded.WriteVarint32(static_cast<std::uint32_t>(f.ByteSizeLong()));
  f.SerializeWithCachedSizes(&coded);
  coded.Trim();
  return bytes;
}

std::string two_months() {
  return delimited(make_frame("2025-01", 0, {"CHN", "USA"})) + delimited(make_frame("2025-02", 1, {"CHN", "USA"}));
}

// The InputError's message for parsing `bytes`; fails the test if none.
std::string error_for(const std::string& bytes) {
  try {
    parse_trajectory(bytes, "run/trajectory.pb");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

TEST(Trajectory, ReadsConsecutiveFrames) {
  const Trajectory t = parse_trajectory(two_months(), "t.pb");
  ASSERT_EQ(t.frames.size(), 2u);
  EXPECT_EQ(t.iso3, (std::vector<std::string>{"CHN", "USA"}));
  EXPECT_EQ(t.frames[1].month.str(), "2025-02");
  EXPECT_DOUBLE_EQ(t.frames[0].countries[1].ai_user_share, 0.25);
  EXPECT_EQ(t.frames[0].countries[1].dominant_stack, US_CLOSED);
  EXPECT_EQ(t.frames[0].countries[1].export_tier, 1);
}

TEST(Trajectory, ReadsTheFixtureRun) {
  const Trajectory t = read_trajectory((viz_test::fixture_run() / "trajectory.pb").string());
  EXPECT_EQ(t.frames.size(), 6u);
  EXPECT_EQ(t.iso3.size(), 241u);
}

TEST(Trajectory, RefusesAnEmptyFile) { EXPECT_TRUE(has(error_for(""), "empty")); }

TEST(Trajectory, RefusesATruncatedFile) {
  const std::string bytes = two_months();
  const std::string e = error_for(bytes.substr(0, bytes.size() - 7));
  EXPECT_TRUE(has(e, "run/trajectory.pb: frame 1 (byte offset ")) << e;
  EXPECT_TRUE(has(e, "truncated")) << e;
}

TEST(Trajectory, RefusesAFileCutInsideALengthPrefix) {
  std::string bytes = delimited(make_frame("2025-01", 0, {"USA"}));
  bytes.push_back(static_cast<char>(0x80));  // a varint byte that promises more
  EXPECT_TRUE(has(error_for(bytes), "length prefix")) << error_for(bytes);
}

TEST(Trajectory, RefusesAHugeLengthPrefixAtOnce) {
  // 0xFFFFFFFF as a varint: 4 GiB promised, 4 bytes present.
  const std::string bytes =
      "\xff\xff\xff\xff\x0f"
      "abcd";
  const auto started = std::chrono::steady_clock::now();
  const std::string e = error_for(bytes);
  EXPECT_TRUE(has(e, "limit")) << e;
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), 1.0);
  EXPECT_TRUE(has(error_for("\xff\xff\xff\xff\xff\xff\x01"), "longer than 5 bytes"));
}

TEST(Trajectory, RefusesRandomBytes) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::string bytes(1 + rng() % 5000, '\0');
    for (char& ch : bytes) ch = static_cast<char>(rng());
    EXPECT_THROW(parse_trajectory(bytes, "random.pb"), InputError) << "trial " << trial;
  }
}

TEST(Trajectory, RefusesFlippedBytesInARealFrame) {
  const std::string good = two_months();
  std::mt19937 rng(11);
  int refused = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string bytes = good;
    bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    try {
      parse_trajectory(bytes, "flipped.pb");
    } catch (const InputError&) {
      ++refused;
    }
  }
  // A flipped byte inside a double can still give a valid share; most flips
  // must be caught, and none may crash.
  EXPECT_GT(refused, 100);
}

TEST(Trajectory, RefusesFramesOutOfOrder) {
  const std::string bytes = delimited(make_frame("2025-01", 0, {"USA"})) + delimited(make_frame("2025-03", 1, {"USA"}));
  EXPECT_TRUE(has(error_for(bytes), "expected 2025-02")) << error_for(bytes);
  const std::string index = delimited(make_frame("2025-01", 0, {"USA"})) + delimited(make_frame("2025-02", 5, {"USA"}));
  EXPECT_TRUE(has(error_for(index), "month_index is 5, expected 1")) << error_for(index);
}

TEST(Trajectory, RefusesCountriesThatChangeBetweenFrames) {
  const std::string fewer =
      delimited(make_frame("2025-01", 0, {"CHN", "USA"})) + delimited(make_frame("2025-02", 1, {"CHN"}));
  EXPECT_TRUE(has(error_for(fewer), "has 1 countries, expected 2")) << error_for(fewer);
  const std::string renamed =
      delimited(make_frame("2025-01", 0, {"CHN", "USA"})) + delimited(make_frame("2025-02", 1, {"CHN", "USB"}));
  EXPECT_TRUE(has(error_for(renamed), "expected 'USA'")) << error_for(renamed);
  const std::string unsorted = delimited(make_frame("2025-01", 0, {"USA", "CHN"}));
  EXPECT_TRUE(has(error_for(unsorted), "sorted")) << error_for(unsorted);
}

TEST(Trajectory, RefusesValuesOutOfRange) {
  TrajectoryFrame f = make_frame("2025-01", 0, {"USA"});
  f.mutable_country(0)->set_ai_user_share(1.5);
  EXPECT_TRUE(has(error_for(delimited(f)), "ai_user_share is 1.5")) << error_for(delimited(f));
  f = make_frame("2025-01", 0, {"USA"});
  f.mutable_country(0)->set_export_tier(4);
  EXPECT_TRUE(has(error_for(delimited(f)), "export_tier is 4")) << error_for(delimited(f));
  f = make_frame("2025-01", 0, {"USA"});
  f.mutable_country(0)->mutable_stack_share()->RemoveLast();
  EXPECT_TRUE(has(error_for(delimited(f)), "expected 5")) << error_for(delimited(f));
  f = make_frame("2025-01", 0, {"USA"});
  f.mutable_country(0)->set_stack_share(0, 0.9);
  EXPECT_TRUE(has(error_for(delimited(f)), "sum to")) << error_for(delimited(f));
  f = make_frame("2025-1", 0, {"USA"});
  EXPECT_TRUE(has(error_for(delimited(f)), "expected YYYY-MM")) << error_for(delimited(f));
}

TEST(Trajectory, NamesAMissingFile) {
  try {
    read_trajectory("/nonexistent/trajectory.pb");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_TRUE(has(e.what(), "/nonexistent/trajectory.pb")) << e.what();
  }
}

}  // namespace
}  // namespace stackrace::viz
