#pragma once
// The months the view can show, shared between the thread that produces them
// (a live simulation) and the window that reads them. A recorded run fills it
// at once. Readers take copies under the lock, so the window never sees a
// month being written and never touches the simulation.

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "viz/core/global_series.h"
#include "viz/core/map_frame.h"

namespace stackrace::viz {

class Timeline {
 public:
  // iso3: the countries, in frame order; first_month and total_months: the
  // horizon, known before the first month is done (for the scrubber).
  Timeline(std::vector<std::string> iso3, std::vector<std::string> global_columns, Month first_month, int total_months);

  // Producer side.
  void append(MapFrame frame, std::vector<double> global_row);
  void finish();
  void fail(const std::string& message);

  // Reader side.
  const std::vector<std::string>& iso3() const { return iso3_; }
  int total_months() const { return total_months_; }
  Month first_month() const { return first_month_; }
  int size() const;
  MapFrame frame(int index) const;
  GlobalSeries global() const;
  // Grows by one with every append: readers copy the global series again only when it changed.
  std::uint64_t version() const;
  bool finished() const;
  std::string error() const;  // empty unless the producer failed

 private:
  const std::vector<std::string> iso3_;
  const Month first_month_;
  const int total_months_;
  mutable std::mutex mutex_;
  std::vector<MapFrame> frames_;
  GlobalSeries global_;
  std::uint64_t version_ = 0;
  bool finished_ = false;
  std::string error_;
};

}  // namespace stackrace::viz
