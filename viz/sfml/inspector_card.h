#pragma once
// The country inspector: a card pinned over the map with one country's own
// charts over the run (AI user share, the stack shares of its users; a
// branch dashed beside them), and strips of its partnership and export tier
// month by month. Click the country again or press Esc to unpin.

#include <SFML/Graphics.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "viz/core/figure_layout.h"
#include "viz/core/global_series.h"
#include "viz/core/map_model.h"
#include "viz/sfml/chart_panel.h"

namespace stackrace::viz {

struct InspectorInput {
  const MapCountry* country = nullptr;
  const GlobalSeries* series = nullptr;  // country_series()
  const GlobalSeries* branch = nullptr;  // of the branch, if there is one
  int branch_from = 0;
  std::string branch_label;
  std::uint64_t version = 0;  // changes whenever series or branch changed
  bool unpin_hint = true;     // say how to unpin; a video's card (view_frames.h) has no one to click it
};

class InspectorCard {
 public:
  void update(const InspectorInput& input, int total_months, const Rect& card);
  void draw(sf::RenderTarget& target, int current_month) const;

 private:
  struct StripText {
    Point at;
    std::string text;
    Rgb ink;
  };
  struct Strip {
    std::string label;
    std::vector<std::pair<Rect, sf::Color>> spans;
    std::vector<StripText> texts;
  };
  Rect card_;
  std::string title_, subtitle_;
  ChartPanel charts_;
  std::vector<Strip> strips_;
  int total_months_ = 1;
  Rect strip_area_;
};

}  // namespace stackrace::viz
