#pragma once
// The side panel: one small line chart per ChartSpec (charts.h) over the
// whole horizon, with a marker at the month on the map. Geometry is rebuilt
// only when new months arrive or the panel is resized; drawing a frame only
// moves the marker.

#include <SFML/Graphics.hpp>
#include <cstdint>
#include <vector>

#include "viz/core/charts.h"
#include "viz/core/figure_layout.h"
#include "viz/core/global_series.h"

namespace stackrace::viz {

class ChartPanel {
 public:
  // Rebuilds when `version` or `area` changed since the last call.
  void update(const GlobalSeries& global, std::uint64_t version, int total_months, const Rect& area);
  void draw(sf::RenderTarget& target, int current_month) const;

 private:
  struct Chart {
    Rect plot;
    std::vector<sf::VertexArray> lines;
  };
  std::uint64_t version_ = UINT64_MAX;
  Rect area_;
  int total_months_ = 1;
  std::vector<Chart> charts_;
  sf::VertexArray grid_{sf::Lines};
  std::vector<sf::Text> texts_;
  std::vector<sf::RectangleShape> keys_;
};

}  // namespace stackrace::viz
