#pragma once
// The timeline scrubber under the map: the whole horizon, the months
// available so far (a live run fills it as it goes), year ticks and a knob
// at the month shown. Click or drag on it to jump.

#include <SFML/Graphics.hpp>

#include "viz/core/figure_layout.h"
#include "base/months.h"

namespace stackrace::viz {

class TimelineBar {
 public:
  void set_area(const Rect& area) { area_ = area; }
  const Rect& area() const { return area_; }
  // The month under pixel x, clamped to 0..total_months-1.
  int month_at(double x, int total_months) const;
  void draw(sf::RenderTarget& target, Month first, int current, int available, int total) const;

 private:
  double track_left() const;
  double track_right() const;
  Rect area_;
};

}  // namespace stackrace::viz
