#pragma once
// The side panel: one small line chart per ChartSpec (charts.h) over the
// whole horizon, with a marker at the month on the map. Geometry is rebuilt
// only when new months arrive or the panel is resized; drawing a frame only
// moves the marker. A branch (a lever moved in a live run) is drawn dashed
// beside each series from the month it branched, under a key line naming it.
// The country inspector draws its charts with one of these too.

#include <SFML/Graphics.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "viz/core/charts.h"
#include "viz/core/figure_layout.h"
#include "viz/core/global_series.h"

namespace stackrace::viz {

// What a panel draws: `series` per `specs`, and optionally a branch of it.
struct ChartInput {
  const GlobalSeries* series = nullptr;
  std::vector<ChartSpec> specs;
  const GlobalSeries* branch = nullptr;  // same columns; drawn from branch_from on
  int branch_from = 0;
  std::string branch_label;  // the key line above the charts
  // Changes whenever series or branch changed: the panel rebuilds then.
  std::uint64_t version = 0;
};

// A labelled tick of a chart's value axis: tick `index` of the axis's
// steps, its value and its label.
struct ValueTick {
  int index = 0;
  double value = 0;
  std::string label;
};
// The ticks a plot `plot_height_px` tall labels: every step where they stay
// a text line apart, else every second, fourth, fifth, ... step.
std::vector<ValueTick> value_ticks(const AxisRange& range, double plot_height_px, bool percent);

class ChartPanel {
 public:
  // Rebuilds when `version` or `area` changed since the last call.
  void update(const ChartInput& input, int total_months, const Rect& area);
  // The world charts of `global` (chart_specs), without a branch.
  void update(const GlobalSeries& global, std::uint64_t version, int total_months, const Rect& area);
  void draw(sf::RenderTarget& target, int current_month) const;
  // Charts the last update laid out: as many as fit, in order.
  std::size_t chart_count() const { return charts_.size(); }
  // Charts left out for want of room (a note at the panel's bottom says so).
  std::size_t hidden_count() const { return hidden_; }
  // For tests: the box of every text and key swatch drawn, and each plot.
  std::vector<sf::FloatRect> text_bounds() const;
  std::vector<Rect> plots() const;

 private:
  bool due(std::uint64_t version, const Rect& area) const;

  struct Chart {
    Rect plot;
    std::vector<sf::VertexArray> lines;
  };
  std::uint64_t version_ = UINT64_MAX;
  Rect area_;
  int total_months_ = 1;
  std::vector<Chart> charts_;
  std::size_t hidden_ = 0;
  sf::VertexArray grid_{sf::Lines};
  sf::VertexArray dashes_{sf::Lines};  // the branch's lines and the key's samples
  std::vector<sf::Text> texts_;
  std::vector<sf::RectangleShape> keys_;
};

}  // namespace stackrace::viz
