#include "viz/sfml/chart_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "base/axis_ticks.h"
#include "viz/core/layers.h"
#include "viz/sfml/draw_util.h"
#include "viz/sfml/font.h"

namespace stackrace::viz {
namespace {

// Panel metrics, in pixels: readable at 1280x720 and not sparse at 1920x1080.
constexpr double kFontPx = 12, kTitleFontPx = 13;
constexpr double kPad = 10;         // around and between charts
constexpr double kTitleH = 20;      // chart title line
constexpr double kKeyH = 16;        // series key line
constexpr double kAxisLabelW = 40;  // y tick labels left of the plot
constexpr double kAxisLabelH = 16;  // year labels below the plot
constexpr double kMaxChartH = 240;  // beyond this charts only get sparse
constexpr double kMinPlotH = 30;    // a plot lower than this shows nothing: fewer charts instead
const sf::Color kGridColour(0, 0, 0, 40);
const sf::Color kMarkerColour(40, 40, 40, 200);

sf::Text make_text(const std::string& s, double x, double y, double px, Rgb colour) {
  sf::Text t(sf::String::fromUtf8(s.begin(), s.end()), ui_font(), static_cast<unsigned>(px));
  t.setFillColor(to_sf(colour));
  t.setPosition(std::round(static_cast<float>(x)), std::round(static_cast<float>(y)));
  return t;
}

// With as many decimals as the step needs: small shares (0.2%, 0.4%, ...)
// keep distinct labels.
std::string tick_label(double v, double step, bool percent) {
  char buf[32];
  if (percent) {
    std::snprintf(buf, sizeof buf, "%.*f%%", tick_decimals(100 * step), 100 * v);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f", tick_decimals(step), v);
  }
  return buf;
}

// Where a chart's values and months fall in its plot, in pixels.
struct PlotScale {
  Rect plot;
  AxisRange range;
  int total_months = 1;
  double y_of(double v) const { return plot.y + plot.h * (1 - (v - range.min) / (range.max - range.min)); }
  double x_of(double month) const { return plot.x + plot.w * month / std::max(1, total_months - 1); }
};

// The chart's title at (x, top) and, on the line below, its series key: a
// swatch and a label per series.
void add_title_and_key(const ChartSpec& spec, double x, double top, std::vector<sf::Text>& texts,
                       std::vector<sf::RectangleShape>& keys) {
  texts.push_back(make_text(spec.title, x, top, kTitleFontPx, kTextColour));
  double key_x = x;
  for (const ChartSeries& s : spec.series) {
    sf::RectangleShape key({8, 8});
    key.setPosition(static_cast<float>(key_x), static_cast<float>(top + kTitleH + 4));
    key.setFillColor(to_sf(s.colour));
    keys.push_back(key);
    texts.push_back(make_text(s.label, key_x + 11, top + kTitleH, kFontPx - 1, kTextColour));
    key_x += 11 + text_width(s.label, kFontPx - 1) + 8;
  }
}

// A horizontal grid line at each y tick, labelled left of the plot.
void add_value_grid(const PlotScale& scale, bool percent, sf::VertexArray& grid, std::vector<sf::Text>& texts) {
  const Rect& p = scale.plot;
  const AxisRange& range = scale.range;
  for (double v = range.min; v <= range.max + 1e-9 * range.step; v += range.step) {
    const float y = static_cast<float>(std::round(scale.y_of(v)) + 0.5);
    grid.append(sf::Vertex({static_cast<float>(p.x), y}, kGridColour));
    grid.append(sf::Vertex({static_cast<float>(p.x + p.w), y}, kGridColour));
    const std::string label = tick_label(v, range.step, percent);
    texts.push_back(make_text(label, p.x - 4 - text_width(label, kFontPx - 1), y - 8, kFontPx - 1, kTextColour));
  }
}

// A vertical grid line at each January, labelled with the year below the
// plot, if the months are calendar months.
void add_year_grid(const PlotScale& scale, const GlobalSeries& global, sf::VertexArray& grid,
                   std::vector<sf::Text>& texts) {
  if (global.months.empty()) return;
  const Rect& p = scale.plot;
  const int first = global.months.front().index;
  for (int m = 0; m < scale.total_months; ++m) {
    if ((first + m) % 12 != 0) continue;
    const float x = static_cast<float>(std::round(scale.x_of(m)) + 0.5);
    grid.append(sf::Vertex({x, static_cast<float>(p.y)}, kGridColour));
    grid.append(sf::Vertex({x, static_cast<float>(p.y + p.h)}, kGridColour));
    texts.push_back(make_text(std::to_string((first + m) / 12), x - 14, p.y + p.h + 1, kFontPx - 1, kTextColour));
  }
}

// One line per series over the months loaded so far.
std::vector<sf::VertexArray> series_lines(const ChartSpec& spec, const GlobalSeries& global, const PlotScale& scale) {
  std::vector<sf::VertexArray> lines;
  for (const ChartSeries& s : spec.series) {
    sf::VertexArray line(sf::LineStrip);
    for (std::size_t m = 0; m < global.rows.size(); ++m) {
      line.append(sf::Vertex({static_cast<float>(scale.x_of(static_cast<double>(m))),
                              static_cast<float>(scale.y_of(global.rows[m][s.column]))},
                             to_sf(s.colour)));
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// The branch's lines, dashed: every other month's segment from `from` on.
void add_branch_lines(const ChartSpec& spec, const GlobalSeries& branch, int from, const PlotScale& scale,
                      sf::VertexArray& dashes) {
  for (const ChartSeries& s : spec.series) {
    for (std::size_t m = static_cast<std::size_t>(std::max(from, 0)); m + 1 < branch.rows.size(); ++m) {
      if ((m - static_cast<std::size_t>(from)) % 2 != 0) continue;
      for (std::size_t k : {m, m + 1}) {
        dashes.append(sf::Vertex({static_cast<float>(scale.x_of(static_cast<double>(k))),
                                  static_cast<float>(scale.y_of(branch.rows[k][s.column]))},
                                 to_sf(s.colour)));
      }
    }
  }
}

// The axis that holds the series and the branch.
AxisRange input_axis_range(const ChartInput& input, const ChartSpec& spec) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const GlobalSeries* g : {input.series, input.branch})
    if (g != nullptr) widen_to_series(*g, spec, lo, hi);
  return axis_range(lo, hi, spec.percent, spec.from_zero);
}

// The key line naming the branch: a solid and a dashed sample.
void add_branch_key(const std::string& label, double x, double y, double width, sf::VertexArray& dashes,
                    std::vector<sf::Text>& texts) {
  constexpr double kSampleW = 18;
  const sf::Color ink = to_sf(kTextColour);
  const float mid = static_cast<float>(y + 8);
  dashes.append(sf::Vertex({static_cast<float>(x), mid}, ink));
  dashes.append(sf::Vertex({static_cast<float>(x + kSampleW), mid}, ink));
  texts.push_back(make_text("scenario", x + kSampleW + 4, y, kFontPx - 1, kTextColour));
  const double bx = x + kSampleW + 12 + text_width("scenario", kFontPx - 1);
  for (double d = 0; d < kSampleW; d += 6) {
    dashes.append(sf::Vertex({static_cast<float>(bx + d), mid}, ink));
    dashes.append(sf::Vertex({static_cast<float>(bx + d + 3), mid}, ink));
  }
  std::string text = label;
  const double room = width - (bx + kSampleW + 4 - x);
  while (text.size() > 4 && text_width(text, kFontPx - 1) > room) text = text.substr(0, text.size() - 4) + "...";
  texts.push_back(make_text(text, bx + kSampleW + 4, y, kFontPx - 1, kTextColour));
}

}  // namespace

bool ChartPanel::due(std::uint64_t version, const Rect& area) const {
  return version != version_ || area.x != area_.x || area.y != area_.y || area.w != area_.w || area.h != area_.h;
}

void ChartPanel::update(const GlobalSeries& global, std::uint64_t version, int total_months, const Rect& area) {
  if (!due(version, area)) return;
  ChartInput input;
  input.series = &global;
  input.specs = chart_specs(global);
  input.version = version;
  update(input, total_months, area);
}

void ChartPanel::update(const ChartInput& input, int total_months, const Rect& area) {
  if (!due(input.version, area)) return;
  version_ = input.version;
  area_ = area;
  total_months_ = std::max(total_months, 1);
  charts_.clear();
  grid_.clear();
  dashes_.clear();
  texts_.clear();
  keys_.clear();

  if (input.specs.empty() || input.series == nullptr) return;
  const GlobalSeries& global = *input.series;
  double top = area.y + kPad;
  if (input.branch != nullptr) {
    add_branch_key(input.branch_label, area.x + kPad, top, area.w - 2 * kPad, dashes_, texts_);
    top += kKeyH + 4;
  }
  // As many charts as fit with a readable plot, in order, sharing the height
  // (a small window once divided it among all of them and drew none).
  const double frame_h = kTitleH + kKeyH + kAxisLabelH + kPad + 4;  // a chart's height besides its plot
  const double room = area.y + area.h - top;
  const std::size_t shown =
      std::min(input.specs.size(), static_cast<std::size_t>(std::max(0.0, room / (frame_h + kMinPlotH))));
  if (shown == 0 || area.w - 2 * kPad - kAxisLabelW < kMinPlotH) return;
  const double chart_h = std::min(kMaxChartH, room / static_cast<double>(shown));
  for (std::size_t c = 0; c < shown; ++c) {
    const ChartSpec& spec = input.specs[c];
    add_title_and_key(spec, area.x + kPad, top, texts_, keys_);
    Chart chart;
    chart.plot = {area.x + kPad + kAxisLabelW, top + kTitleH + kKeyH + 4, area.w - 2 * kPad - kAxisLabelW,
                  chart_h - frame_h};
    const PlotScale scale{chart.plot, input_axis_range(input, spec), total_months_};
    add_value_grid(scale, spec.percent, grid_, texts_);
    add_year_grid(scale, global, grid_, texts_);
    chart.lines = series_lines(spec, global, scale);
    if (input.branch != nullptr) add_branch_lines(spec, *input.branch, input.branch_from, scale, dashes_);
    charts_.push_back(std::move(chart));
    top += chart_h;
  }
}

void ChartPanel::draw(sf::RenderTarget& target, int current_month) const {
  target.draw(grid_);
  for (const Chart& c : charts_) {
    draw_rect(target, c.plot, sf::Color::Transparent, sf::Color(0, 0, 0, 90), 1);
    for (const sf::VertexArray& line : c.lines) target.draw(line);
    // The month on the map.
    const float x = static_cast<float>(c.plot.x + c.plot.w * current_month / std::max(1, total_months_ - 1));
    const sf::Vertex marker[] = {sf::Vertex({x, static_cast<float>(c.plot.y)}, kMarkerColour),
                                 sf::Vertex({x, static_cast<float>(c.plot.y + c.plot.h)}, kMarkerColour)};
    target.draw(marker, 2, sf::Lines);
  }
  target.draw(dashes_);
  for (const sf::Text& t : texts_) target.draw(t);
  for (const sf::RectangleShape& k : keys_) target.draw(k);
}

}  // namespace stackrace::viz
