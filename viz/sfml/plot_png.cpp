#include "viz/sfml/plot_png.h"

#include <SFML/Graphics.hpp>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "base/atomic_file.h"
#include "viz/core/png_file.h"
#include "viz/sfml/draw_util.h"
#include "viz/sfml/font.h"
#include "viz/sfml/gl_driver_pin.h"

namespace stackrace::viz {
namespace {

namespace style = line_plot_style;

// Multisampling smooths the slanted lines.
constexpr unsigned kAntialiasing = 4;  // the most Mesa offers offscreen

// Draws in SVG pixels, scaled to the PNG's.
class Painter {
 public:
  Painter(sf::RenderTarget& target, double scale) : target_(target), s_(scale) {}

  // Text whose baseline is at y (as SVG's <text>); anchor 0 start, 0.5 middle, 1 end.
  void text(const std::string& str, double x, double y, double px, double anchor = 0, bool bold = false,
            float rotation = 0) {
    sf::Text t(sf::String::fromUtf8(str.begin(), str.end()), bold ? ui_bold_font() : ui_font(),
               static_cast<unsigned>(std::lround(px * s_)));
    t.setFillColor(to_sf(style::kText));
    const sf::FloatRect bounds = t.getLocalBounds();
    // SFML puts the baseline about one character size below the origin.
    t.setOrigin(static_cast<float>(anchor) * (bounds.left + bounds.width), static_cast<float>(px * s_));
    t.setRotation(rotation);
    t.setPosition(static_cast<float>(x * s_), static_cast<float>(y * s_));
    target_.draw(t);
  }

  // A line `width` SVG pixels wide, dashed by `dash` ("7 4": on, off, ...).
  void polyline(const std::vector<sf::Vector2f>& points, Rgb colour, double width, const std::string& dash = "") {
    std::vector<double> pattern;
    std::istringstream in(dash);
    for (double d = 0; in >> d;) pattern.push_back(d * s_);
    sf::VertexArray quads(sf::Triangles);
    std::size_t dash_index = 0;
    double dash_left = pattern.empty() ? 0 : pattern[0];
    const auto half = static_cast<float>(width * s_ / 2);
    const sf::Color c = to_sf(colour);
    // Extended by half the width at an end that joins the next piece, so
    // that joins have no gaps; a dash's own ends are not (butt caps, as in
    // the SVG), or short gaps close up.
    auto segment = [&](sf::Vector2f a, sf::Vector2f b, bool extend_a, bool extend_b) {
      const sf::Vector2f d = b - a;
      const float length = std::hypot(d.x, d.y);
      if (length <= 0) return;
      const sf::Vector2f u = d / length, n(-u.y * half, u.x * half), e = u * half;
      const sf::Vector2f ea = extend_a ? e : sf::Vector2f(), eb = extend_b ? e : sf::Vector2f();
      const sf::Vector2f p0 = a - ea + n, p1 = a - ea - n, p2 = b + eb - n, p3 = b + eb + n;
      for (const sf::Vector2f& p : {p0, p1, p2, p0, p2, p3}) quads.append(sf::Vertex(p, c));
    };
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      const sf::Vector2f a = points[i] * static_cast<float>(s_), b = points[i + 1] * static_cast<float>(s_);
      if (pattern.empty()) {
        segment(a, b, true, true);
        continue;
      }
      const double length = std::hypot(b.x - a.x, b.y - a.y);
      double at = 0;
      while (at < length) {
        const double step = std::min(dash_left, length - at);
        if (dash_index % 2 == 0) {
          // A dash that began on an earlier segment, or runs on to the next.
          const bool from_before = at == 0 && dash_left < pattern[dash_index];
          const bool runs_on = at + step >= length && dash_left > step + 1e-9;
          segment(a + (b - a) * static_cast<float>(at / length), a + (b - a) * static_cast<float>((at + step) / length),
                  from_before, runs_on);
        }
        at += step;
        dash_left -= step;
        if (dash_left <= 1e-9) {
          dash_index = (dash_index + 1) % pattern.size();
          dash_left = pattern[dash_index];
        }
      }
    }
    target_.draw(quads);
  }

  void line(double x1, double y1, double x2, double y2, Rgb colour, double width = 1) {
    polyline({{static_cast<float>(x1), static_cast<float>(y1)}, {static_cast<float>(x2), static_cast<float>(y2)}},
             colour, width);
  }

 private:
  sf::RenderTarget& target_;
  double s_;
};

void paint(Painter& p, const LinePlot& plot, const LinePlotFrame& f) {
  using namespace line_plot_style;  // NOLINT(google-build-using-namespace): the chart's own constants
  const Rect& a = f.area;
  p.text(plot.title, kMarginLeft, kTitlePx * 1.2, kTitlePx, 0, true);
  for (std::size_t i = 0; i < f.caption.size(); ++i)
    p.text(f.caption[i], kMarginLeft, kTitlePx * 1.2 + kTextPx * kLineGap * static_cast<double>(i + 1), kTextPx);

  // y: a grid line and label at each step (the zero line darker), the quantity turned up the left side.
  for (const auto& [v, label] : f.y_ticks) {
    p.line(a.x, f.py(v), a.x + a.w, f.py(v), std::fabs(v) < 1e-12 ? kAxis : kGrid);
    p.text(label, a.x - kTickGap, f.py(v) + kTextPx * 0.35, kTextPx, 1);
  }
  p.text(plot.y_label, kYTitleBaseline + kTextPx * 0.35, a.y + a.h / 2, kTextPx, 0.5, false, -90);

  // x: the axis, a grid line, tick and year at each January, a small tick each quarter.
  p.line(a.x, a.y + a.h, a.x + a.w, a.y + a.h, kAxis);
  const auto months = static_cast<std::size_t>(std::lround(f.span)) + 1;
  for (std::size_t i = 0; i < months; ++i) {
    const Month m{plot.first.index + static_cast<int>(i)};
    if (m.month_of_year() == 1) {
      p.line(f.px(i), a.y, f.px(i), a.y + a.h, kGrid);
      p.line(f.px(i), a.y + a.h, f.px(i), a.y + a.h + 6, kAxis);
      p.text(std::to_string(m.year()), f.px(i), a.y + a.h + 6 + kTextPx * 1.1, kTextPx, 0.5);
    } else if (m.month_of_year() % 3 == 1) {
      p.line(f.px(i), a.y + a.h, f.px(i), a.y + a.h + 3, kAxis);
    }
  }
  p.text("month (ticks at January)", a.x + a.w / 2, f.x_title_y, kTextPx, 0.5);

  for (const PlotSeries& series : plot.series) {
    std::vector<sf::Vector2f> points;
    points.reserve(series.values.size());
    for (std::size_t i = 0; i < series.values.size(); ++i)
      points.emplace_back(static_cast<float>(f.px(i)), static_cast<float>(f.py(series.values[i])));
    p.polyline(points, series.colour, kStrokeWidth, series.dash);
  }

  const double x = a.x + a.w + kLegendGap;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const double y = f.legend_y[s];
    p.polyline({{static_cast<float>(x), static_cast<float>(y)}, {static_cast<float>(x + kSwatch), static_cast<float>(y)}},
               plot.series[s].colour, kStrokeWidth + 1, plot.series[s].dash);
    for (std::size_t r = 0; r < f.legend[s].size(); ++r) {
      p.text(f.legend[s][r], x + kSwatch + kTextPx / 2, y + kTextPx * (0.35 + kLegendRowEm * static_cast<double>(r)),
             kTextPx);
    }
  }
}

}  // namespace

void render_plot_png(const LinePlot& plot, const std::string& path) {
  const LinePlotFrame frame = line_plot_frame(plot);
  const auto width = static_cast<unsigned>(std::lround(frame.width)) * kPlotPngScale;
  const auto height = static_cast<unsigned>(std::lround(frame.height)) * kPlotPngScale;
  sf::ContextSettings settings;
  settings.antialiasingLevel = kAntialiasing;
  sf::RenderTexture target;
  if (!target.create(width, height, settings)) {
    throw std::runtime_error("cannot create a " + std::to_string(width) + "x" + std::to_string(height) +
                             " offscreen render target");
  }
  pin_gl_driver_for_leak_checks();
  target.clear(sf::Color::White);
  Painter painter(target, kPlotPngScale);
  paint(painter, plot, frame);
  target.display();
  const sf::Image image = target.getTexture().copyToImage();
  // SFML picks the format by the name's extension, which the temporary keeps.
  write_file_atomically(path, [&](const std::filesystem::path& temp) {
    if (!image.saveToFile(temp.string())) throw std::runtime_error("cannot write " + path);
    check_png_written(temp, path);
  });
}

}  // namespace stackrace::viz
