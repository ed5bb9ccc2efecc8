#include "viz/core/trajectory.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/proto/output.pb.h"

namespace stackrace::viz {
namespace {

// A share sum as a message shows it: enough digits that a sum off by a
// little (1e-9) does not read as the value expected.
std::string shown_sum(double sum) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", sum);
  return buf;
}

// Stack shares are ratios of integer counts, written at full double precision;
// their sum can differ from 1 only by rounding.
constexpr double kShareSumTolerance = 1e-6;

// A base-128 varint of at most 32 bits takes at most 5 bytes.
constexpr int kMaxVarint32Bytes = 5;

class FrameError {
 public:
  FrameError(const std::string& name, std::size_t frame, std::size_t offset)
      : where_(name + ": frame " + std::to_string(frame) + " (byte offset " + std::to_string(offset) + ")") {}
  [[noreturn]] void fail(const std::string& what) const { throw InputError(where_, what); }

 private:
  std::string where_;
};

// Reads the length prefix at `pos`; advances pos past it.
std::uint64_t read_length(std::string_view bytes, std::size_t& pos, const FrameError& err) {
  std::uint64_t value = 0;
  for (int i = 0; i < kMaxVarint32Bytes; ++i) {
    if (pos >= bytes.size())
      err.fail("the file ends inside a frame's length prefix (truncated file: was the run interrupted?)");
    const auto byte = static_cast<unsigned char>(bytes[pos++]);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (value > UINT32_MAX) err.fail("the length prefix does not fit in 32 bits (not a trajectory.pb, or corrupted)");
      return value;
    }
  }
  err.fail("the length prefix is longer than 5 bytes (not a trajectory.pb, or corrupted)");
}

bool is_share(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

bool is_iso3(const std::string& code) {
  if (code.size() != 3) return false;
  for (char ch : code)
    if (ch < 'A' || ch > 'Z') return false;
  return true;
}

CountryFrame convert_country(const CountryState& state, const std::string& where, const FrameError& err) {
  CountryFrame out;
  if (!is_share(state.ai_user_share()))
    err.fail(where + ": ai_user_share is " + std::to_string(state.ai_user_share()) + ", expected a value in 0..1");
  out.ai_user_share = state.ai_user_share();
  if (state.stack_share_size() != kStackCount) {
    err.fail(where + ": has " + std::to_string(state.stack_share_size()) + " stack_share values, expected " +
             std::to_string(kStackCount) + " (one per Stack)");
  }
  double sum = 0;
  for (int s = 0; s < kStackCount; ++s) {
    const double share = state.stack_share(s);
    if (!is_share(share)) {
      err.fail(where + ": stack_share[" + std::to_string(s) + "] is " + std::to_string(share) +
               ", expected a value in 0..1");
    }
    out.stack_share[s] = share;
    sum += share;
  }
  const bool has_users = out.ai_user_share > 0;
  if (has_users && std::abs(sum - 1.0) > kShareSumTolerance)
    err.fail(where + ": stack shares sum to " + shown_sum(sum) + ", expected 1 where there are AI users");
  if (!has_users && sum != 0.0)
    err.fail(where + ": stack shares sum to " + shown_sum(sum) + ", expected 0 where there are no AI users");
  if (!Stack_IsValid(state.dominant_stack()) || !Stack_IsValid(state.government_default()))
    err.fail(where + ": dominant_stack or government_default is not a known Stack value");
  out.dominant_stack = has_users ? state.dominant_stack() : -1;
  out.government_default = state.government_default();
  if (!Partnership_IsValid(state.partnership()))
    err.fail(where + ": partnership " + std::to_string(state.partnership()) + " is not a known Partnership value");
  out.partnership = state.partnership();
  if (state.export_tier() < 1 || state.export_tier() > 3)
    err.fail(where + ": export_tier is " + std::to_string(state.export_tier()) + ", expected 1, 2 or 3");
  out.export_tier = static_cast<int>(state.export_tier());
  if (!is_share(state.displaced_worker_share()) || !is_share(state.stability_index())) {
    err.fail(where + ": displaced_worker_share " + std::to_string(state.displaced_worker_share()) +
             " or stability_index " + std::to_string(state.stability_index()) + " is outside 0..1");
  }
  out.displaced_worker_share = state.displaced_worker_share();
  out.stability_index = state.stability_index();
  return out;
}

void check_first_frame_countries(const TrajectoryFrame& frame, const FrameError& err) {
  if (frame.country_size() == 0) err.fail("has no countries, expected one CountryState per country");
  for (int c = 0; c < frame.country_size(); ++c) {
    const std::string& code = frame.country(c).iso3();
    if (!is_iso3(code))
      err.fail("country " + std::to_string(c) + " has iso3 '" + code + "', expected three capital letters");
    if (c > 0 && !(frame.country(c - 1).iso3() < code))
      err.fail("country " + std::to_string(c) + " (" + code + ") is out of order, expected iso3 sorted and unique");
  }
}

}  // namespace

Trajectory parse_trajectory(std::string_view bytes, const std::string& name) {
  if (bytes.empty())
    throw InputError(name, "the file is empty, expected at least one frame (was the run interrupted?)");
  Trajectory out;
  Month first;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t frame_no = out.frames.size();
    const FrameError err(name, frame_no, pos);
    const std::uint64_t length = read_length(bytes, pos, err);
    if (length > kMaxFrameBytes) {
      err.fail("the length prefix says " + std::to_string(length) + " bytes, more than the " +
               std::to_string(kMaxFrameBytes) + "-byte limit for a frame (corrupted file?)");
    }
    if (length > bytes.size() - pos) {
      err.fail("the length prefix says " + std::to_string(length) + " bytes but only " +
               std::to_string(bytes.size() - pos) + " remain (truncated file: was the run interrupted?)");
    }
    TrajectoryFrame frame;
    if (!frame.ParseFromArray(bytes.data() + pos, static_cast<int>(length)))
      err.fail("is not a valid TrajectoryFrame message (corrupted file?)");
    pos += length;

    Month month;
    if (!parse_month(frame.month(), month)) err.fail("month is '" + frame.month() + "', expected YYYY-MM");
    if (frame_no == 0) {
      first = month;
      check_first_frame_countries(frame, err);
      for (const CountryState& c : frame.country()) out.iso3.push_back(c.iso3());
    }
    if (frame.month_index() != frame_no) {
      err.fail("month_index is " + std::to_string(frame.month_index()) + ", expected " + std::to_string(frame_no) +
               " (one frame per month, in order)");
    }
    if (month.index != first.index + static_cast<int>(frame_no)) {
      err.fail("month is " + month.str() + ", expected " + Month{first.index + static_cast<int>(frame_no)}.str() +
               " (consecutive months from " + first.str() + ")");
    }
    if (static_cast<std::size_t>(frame.country_size()) != out.iso3.size()) {
      err.fail("has " + std::to_string(frame.country_size()) + " countries, expected " +
               std::to_string(out.iso3.size()) + " as in frame 0");
    }

    MapFrame map_frame;
    map_frame.month = month;
    map_frame.countries.reserve(out.iso3.size());
    for (int c = 0; c < frame.country_size(); ++c) {
      const CountryState& state = frame.country(c);
      if (state.iso3() != out.iso3[c]) {
        err.fail("country " + std::to_string(c) + " is '" + state.iso3() + "', expected '" + out.iso3[c] +
                 "' as in frame 0");
      }
      map_frame.countries.push_back(convert_country(state, "country " + state.iso3(), err));
    }
    out.frames.push_back(std::move(map_frame));
  }
  return out;
}

Trajectory read_trajectory(const std::string& path) {
  return parse_trajectory(read_file_bounded(path, kTrajectoryFile), path);
}

}  // namespace stackrace::viz
