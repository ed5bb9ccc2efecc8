#include "viz/core/timeline.h"

#include <stdexcept>

namespace stackrace::viz {

Timeline::Timeline(std::vector<std::string> iso3, std::vector<std::string> global_columns, Month first_month,
                   int total_months)
    : iso3_(std::move(iso3)), first_month_(first_month), total_months_(total_months) {
  global_.columns = std::move(global_columns);
}

void Timeline::append(MapFrame frame, std::vector<double> global_row) {
  if (frame.countries.size() != iso3_.size() || global_row.size() != global_.columns.size())
    throw std::logic_error("Timeline::append: frame does not match the timeline's countries or columns");
  const std::lock_guard lock(mutex_);
  global_.months.push_back(frame.month);
  global_.rows.push_back(std::move(global_row));
  frames_.push_back(std::move(frame));
  ++version_;
}

void Timeline::finish() {
  const std::lock_guard lock(mutex_);
  finished_ = true;
}

void Timeline::fail(const std::string& message) {
  const std::lock_guard lock(mutex_);
  error_ = message;
  finished_ = true;
}

int Timeline::size() const {
  const std::lock_guard lock(mutex_);
  return static_cast<int>(frames_.size());
}

MapFrame Timeline::frame(int index) const {
  const std::lock_guard lock(mutex_);
  return frames_.at(static_cast<std::size_t>(index));
}

GlobalSeries Timeline::global() const {
  const std::lock_guard lock(mutex_);
  return global_;
}

std::uint64_t Timeline::version() const {
  const std::lock_guard lock(mutex_);
  return version_;
}

bool Timeline::finished() const {
  const std::lock_guard lock(mutex_);
  return finished_;
}

std::string Timeline::error() const {
  const std::lock_guard lock(mutex_);
  return error_;
}

}  // namespace stackrace::viz
