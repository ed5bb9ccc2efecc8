#include "viz/sfml/chart_panel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "base/axis_ticks.h"
#include "viz/core/layers.h"
#include "viz/core/line_plot.h"
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
// A chart's height besides its plot and its key's extra rows.
constexpr double kChartFrameH = kTitleH + kKeyH + kAxisLabelH + kPad + 4;
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
  return plot_value(v, percent, percent ? tick_decimals(100 * step) : tick_decimals(step));
}

// Where a chart's values and months fall in its plot, in pixels.
struct PlotScale {
  Rect plot;
  AxisRange range;
  int total_months = 1;
  double y_of(double v) const { return plot.y + plot.h * (1 - (v - range.min) / (range.max - range.min)); }
  double x_of(double month) const { return plot.x + plot.w * month / std::max(1, total_months - 1); }
};

// Where each series' key (swatch and label) goes: on the line under the
// title, wrapping to further lines within `width`, a gap before each swatch.
struct KeyPlace {
  double x = 0;
  int row = 0;
};

std::vector<KeyPlace> key_places(const ChartSpec& spec, double width) {
  constexpr double kSwatchAndGap = 11, kGapAfterLabel = 12;
  std::vector<KeyPlace> places;
  double x = 0;
  int row = 0;
  for (const ChartSeries& s : spec.series) {
    const double w = kSwatchAndGap + text_width_px(s.label, kFontPx - 1, false);
    if (x > 0 && x + w > width) {
      x = 0;
      ++row;
    }
    places.push_back({x, row});
    x += w + kGapAfterLabel;
  }
  return places;
}

int key_rows(const ChartSpec& spec, double width) {
  const std::vector<KeyPlace> places = key_places(spec, width);
  return places.empty() ? 1 : places.back().row + 1;
}

std::vector<int> key_rows(const std::vector<ChartSpec>& specs, double width) {
  std::vector<int> rows;
  rows.reserve(specs.size());
  for (const ChartSpec& spec : specs) rows.push_back(key_rows(spec, width));
  return rows;
}

// The chart's title at (x, top) and, on the lines below, its series key: a
// swatch and a label per series.
void add_title_and_key(const ChartSpec& spec, double x, double top, double width, std::vector<sf::Text>& texts,
                       std::vector<sf::RectangleShape>& keys) {
  texts.push_back(make_text(spec.title, x, top, kTitleFontPx, kTextColour));
  const std::vector<KeyPlace> places = key_places(spec, width);
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const double key_x = x + places[i].x, key_y = top + kTitleH + kKeyH * places[i].row;
    sf::RectangleShape key({8, 8});
    key.setPosition(static_cast<float>(key_x), static_cast<float>(key_y + 4));
    key.setFillColor(to_sf(spec.series[i].colour));
    keys.push_back(key);
    texts.push_back(make_text(spec.series[i].label, key_x + 11, key_y, kFontPx - 1, kTextColour));
  }
}

}  // namespace

std::vector<ValueTick> value_ticks(const AxisRange& range, double plot_height_px, bool percent) {
  constexpr double kTickSpacing = kFontPx + 5;  // px between labelled ticks, at least
  const int steps = static_cast<int>(std::lround((range.max - range.min) / range.step));
  const int fit = std::max(1, static_cast<int>(plot_height_px / kTickSpacing));  // intervals that fit
  int every = 1;
  for (int k : {1, 2, 4, 5, 10, 20, 25, 50, 100}) {
    every = k;
    if ((steps + k - 1) / k <= fit) break;
  }
  // Labelled ticks at multiples of the wider step where the axis has them
  // (0, 1, 2 rather than -0.5, 0.5, 1.5), with its decimals; else every
  // `every`-th from the bottom, with the decimals the axis's step needs.
  const double wide = range.step * every;
  int first = 0;
  bool aligned = false;
  for (int k = 0; k < every && k <= steps && !aligned; ++k) {
    const double q = (range.min + k * range.step) / wide;
    if (std::abs(q - std::round(q)) < 1e-9) {
      first = k;
      aligned = true;
    }
  }
  std::vector<ValueTick> ticks;
  for (int k = first; k <= steps; k += every) {
    const double v = range.min + k * range.step;
    ticks.push_back({k, v, tick_label(v, aligned ? wide : range.step, percent)});
  }
  return ticks;
}

namespace {

// A horizontal grid line at ticks of the axis, labelled left of the plot:
// every tick where the plot is tall enough, else every second, fifth, ...,
// so that labels stay a gap apart (value_ticks).
void add_value_grid(const PlotScale& scale, bool percent, sf::VertexArray& grid, std::vector<sf::Text>& texts) {
  const Rect& p = scale.plot;
  for (const ValueTick& tick : value_ticks(scale.range, p.h, percent)) {
    const float y = static_cast<float>(std::round(scale.y_of(tick.value)) + 0.5);
    grid.append(sf::Vertex({static_cast<float>(p.x), y}, kGridColour));
    grid.append(sf::Vertex({static_cast<float>(p.x + p.w), y}, kGridColour));
    // Centred on its line; the axis's lowest raised clear of the years under the plot.
    const double top = tick.index == 0 ? y - 12 : y - 8;
    texts.push_back(
        make_text(tick.label, p.x - 5 - text_width_px(tick.label, kFontPx - 1, false), top, kFontPx - 1, kTextColour));
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
    // Centred on its January, below the lowest y label, never right of the plot.
    const std::string year = std::to_string((first + m) / 12);
    const double w = text_width_px(year, kFontPx - 1, false);
    texts.push_back(make_text(year, std::min(x - w / 2, p.x + p.w - w), p.y + p.h + 2, kFontPx - 1, kTextColour));
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

// How many charts, in order, fit in `room` px at the least plot height
// (`needed` px together), keeping a line for the note unless all fit.
std::size_t charts_that_fit(const std::vector<int>& key_rows, double room, double& needed) {
  std::size_t shown = 0;
  needed = 0;
  for (std::size_t c = 0; c < key_rows.size(); ++c) {
    const double next = needed + kChartFrameH + kKeyH * (key_rows[c] - 1) + kMinPlotH;
    if (next > room - (c + 1 < key_rows.size() ? kKeyH : 0)) break;
    needed = next;
    ++shown;
  }
  return shown;
}

// The line under the charts saying how many did not fit.
void add_hidden_note(std::size_t hidden, double x, double y, std::vector<sf::Text>& texts) {
  std::string note = std::to_string(hidden);
  note.append(hidden == 1 ? " chart" : " charts").append(" hidden: a larger size shows them");
  texts.push_back(make_text(note, x, y, kFontPx - 1, kTextColour));
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
  hidden_ = 0;
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
  // (a small window once divided it among all of them and drew none); a
  // note at the bottom says how many did not fit.
  const double key_w = area.w - 2 * kPad;
  const std::vector<int> rows = key_rows(input.specs, key_w);
  const double bottom = area.y + area.h;
  double needed = 0;  // at the least plot height
  // No room beside the tick labels: no chart.
  const std::size_t shown =
      area.w - 2 * kPad - kAxisLabelW < kMinPlotH ? 0 : charts_that_fit(rows, bottom - top, needed);
  hidden_ = input.specs.size() - shown;
  if (hidden_ > 0 && bottom - top >= kKeyH) add_hidden_note(hidden_, area.x + kPad, bottom - kKeyH, texts_);
  if (shown == 0) return;
  const double room = bottom - top - (hidden_ > 0 ? kKeyH : 0);
  // The plots share what is left beyond the least height, up to kMaxChartH a chart.
  const double extra = (room - needed) / static_cast<double>(shown);
  for (std::size_t c = 0; c < shown; ++c) {
    const ChartSpec& spec = input.specs[c];
    const double key_extra = kKeyH * (rows[c] - 1);
    const double chart_h = std::min(kMaxChartH + key_extra, kChartFrameH + key_extra + kMinPlotH + extra);
    add_title_and_key(spec, area.x + kPad, top, key_w, texts_, keys_);
    Chart chart;
    chart.plot = {area.x + kPad + kAxisLabelW, top + kTitleH + kKeyH + key_extra + 4, area.w - 2 * kPad - kAxisLabelW,
                  chart_h - kChartFrameH - key_extra};
    const PlotScale scale{chart.plot, input_axis_range(input, spec), total_months_};
    add_value_grid(scale, spec.percent, grid_, texts_);
    add_year_grid(scale, global, grid_, texts_);
    chart.lines = series_lines(spec, global, scale);
    if (input.branch != nullptr) add_branch_lines(spec, *input.branch, input.branch_from, scale, dashes_);
    charts_.push_back(std::move(chart));
    top += chart_h;
  }
}

std::vector<sf::FloatRect> ChartPanel::text_bounds() const {
  std::vector<sf::FloatRect> out;
  out.reserve(texts_.size() + keys_.size());
  for (const sf::Text& t : texts_) out.push_back(t.getGlobalBounds());
  for (const sf::RectangleShape& k : keys_) out.push_back(k.getGlobalBounds());
  return out;
}

std::vector<Rect> ChartPanel::plots() const {
  std::vector<Rect> out;
  out.reserve(charts_.size());
  for (const Chart& c : charts_) out.push_back(c.plot);
  return out;
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
