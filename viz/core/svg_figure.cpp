#include "viz/core/svg_figure.h"

#include <fstream>
#include <stdexcept>

#include "base/svg.h"

namespace stackrace::viz {
namespace {

using svg::Element;

// SVG text is placed by its baseline; our layout gives the top of a line of
// 1.5 em, and DejaVu's ascent is ~0.93 em: top + 0.25 em of leading + ascent.
constexpr double kBaselineEm = 1.1;
// Country borders: thin enough that small countries keep their fill colour.
constexpr double kBorderWidthPx = 0.4;
// Coordinates are written to 0.1 px, and a vertex closer than 0.35 px to the
// last one written is left out: no viewer shows the difference at the
// figure's size, and it halves the file. For figures to be enlarged, render
// with a larger --size.
constexpr int kDecimals = 1;
constexpr double kMinStepPx = 0.35;

// A country's outline as path data, thinned to the vertices a viewer can
// tell apart at the figure's size.
class ThinnedPath {
 public:
  void ring(const Ring& ring, const MapTransform& t) {
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const Point p = t.to_pixel(ring[i]);
      const bool first = i == 0;
      if (!first && (p.x - last_.x) * (p.x - last_.x) + (p.y - last_.y) * (p.y - last_.y) < kMinStepPx * kMinStepPx)
        continue;
      if (first) {
        d_.move_to(p.x, p.y);
      } else {
        d_.line_to(p.x, p.y);
      }
      last_ = p;
    }
    d_.close();
  }
  const std::string& str() const { return d_.str(); }

 private:
  svg::PathData d_{kDecimals};
  Point last_;
};

// What hovering a country or its marker shows: its name and code, and its
// value on the layer.
std::string hover_text(const MapCountry& country, const CountryFrame& state, Layer layer) {
  return country.name + " (" + country.iso3 + "): " + country_value_text(layer, state, country.inhabited());
}

std::string text_at(Point top_left, double font_px, const std::string& text, bool bold) {
  Element e("text");
  e.attr("x", top_left.x, kDecimals).attr("y", top_left.y + kBaselineEm * font_px, kDecimals);
  e.attr("font-size", font_px, kDecimals);
  if (bold) e.attr("font-weight", "bold");
  return e.with_text(text);
}

void draw_ocean(svg::Writer& out, const MapTransform& t) {
  svg::PointList points(kDecimals);
  for (Point p : world_outline()) {
    const Point q = t.to_pixel(p);
    points.add(q.x, q.y);
  }
  out.line(Element("polygon").attr("id", "ocean").attr("points", points.str()).attr("fill", hex(kOceanColour)).empty());
}

void draw_countries(svg::Writer& out, const MapModel& model, const MapFrame& frame, Layer layer,
                    const MapTransform& t) {
  out.open(Element("g")
               .attr("id", "countries")
               .attr("stroke", hex(kBorderColour))
               .attr("stroke-width", kBorderWidthPx, 1)
               .attr("stroke-linejoin", "round")
               .attr("fill-rule", "evenodd"));
  for (std::size_t c = 0; c < model.countries.size(); ++c) {
    const MapCountry& country = model.countries[c];
    ThinnedPath path;
    for (const auto& polygon : country.polygons)
      for (const Ring& ring : polygon) path.ring(ring, t);
    const Rgb colour = country_colour(layer, frame.countries[c], country.inhabited());
    out.line(Element("path")
                 .attr("id", country.iso3)
                 .attr("fill", hex(colour))
                 .attr("d", path.str())
                 .with_title(hover_text(country, frame.countries[c], layer)));
  }
  out.close();
}

// Small economies get a dot at their label point, sized to the font.
void draw_markers(svg::Writer& out, const MapModel& model, const MapFrame& frame, Layer layer,
                  const FigureLayout& layout) {
  out.open(Element("g").attr("id", "markers").attr("stroke", hex(kBorderColour)).attr("stroke-width", 1));
  for (std::size_t c = 0; c < model.countries.size(); ++c) {
    const MapCountry& country = model.countries[c];
    if (!country.marker) continue;
    const Point p = layout.transform.to_pixel(country.label);
    out.line(Element("circle")
                 .attr("cx", p.x, kDecimals)
                 .attr("cy", p.y, kDecimals)
                 .attr("r", kMarkerRadiusEm * layout.font_px, kDecimals)
                 .attr("fill", hex(country_colour(layer, frame.countries[c], country.inhabited())))
                 .with_title(hover_text(country, frame.countries[c], layer)));
  }
  out.close();
}

void draw_legend(svg::Writer& out, const Legend& legend, const LegendLayout& l) {
  out.open(Element("g").attr("id", "legend"));
  // The box the PNG draws (figure_layout.h): white, a little see-through, a thin grey frame.
  out.line(Element("rect")
               .attr("x", l.box.x, kDecimals)
               .attr("y", l.box.y, kDecimals)
               .attr("width", l.box.w, kDecimals)
               .attr("height", l.box.h, kDecimals)
               .attr("fill", hex(kBackgroundColour))
               .attr("fill-opacity", kLegendBoxAlpha / 255.0, 2)
               .attr("stroke", hex(kBorderColour))
               .attr("stroke-opacity", kLegendFrameAlpha / 255.0, 2)
               .attr("stroke-width", "1")
               .empty());
  out.line(text_at(l.title_at, l.font_px, legend.title, false));
  for (std::size_t i = 0; i < legend.items.size(); ++i) {
    const Rect& s = l.swatches[i];
    out.line(Element("rect")
                 .attr("x", s.x, kDecimals)
                 .attr("y", s.y, kDecimals)
                 .attr("width", s.w, kDecimals)
                 .attr("height", s.h, kDecimals)
                 .attr("fill", hex(legend.items[i].colour))
                 .attr("stroke", hex(kBorderColour))
                 .attr("stroke-width", "0.5")
                 .empty());
    out.line(text_at(l.labels_at[i], l.font_px, legend.items[i].label, false));
  }
  out.close();
}

}  // namespace

void write_svg(std::ostream& stream, const MapModel& model, const MapFrame& frame, const FigureSpec& figure) {
  const Legend legend = layer_legend(figure.layer);
  const FigureLayout layout = figure_layout(figure.width, figure.height, legend);

  svg::Writer out(stream);
  out.declaration();
  out.open(svg::root()
               .attr("width", figure.width)
               .attr("height", figure.height)
               .attr("viewBox", "0 0 " + std::to_string(figure.width) + " " + std::to_string(figure.height))
               .attr("font-family", "DejaVu Sans, Verdana, sans-serif")
               .attr("fill", hex(kTextColour)));
  out.line(Element("rect")
               .attr("width", figure.width)
               .attr("height", figure.height)
               .attr("fill", hex(kBackgroundColour))
               .empty());
  draw_ocean(out, layout.transform);
  draw_countries(out, model, frame, figure.layer, layout.transform);
  draw_markers(out, model, frame, figure.layer, layout);
  const TitleText fitted = fit_title(layout, figure.title);
  out.line(text_at(fitted.at, fitted.font_px, title_that_fits(figure.title, fitted), true));
  draw_legend(out, legend, layout.legend);
  out.close();
}

}  // namespace stackrace::viz
