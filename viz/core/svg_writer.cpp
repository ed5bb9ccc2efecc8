#include "viz/core/svg_writer.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "viz/core/figure_layout.h"

namespace stackrace::viz {
namespace {

// SVG text is placed by its baseline; our layout gives the top of a line of
// 1.5 em, and DejaVu's ascent is ~0.93 em: top + 0.25 em of leading + ascent.
constexpr double kBaselineEm = 1.1;
// Country borders: thin enough that small countries keep their fill colour.
constexpr double kBorderWidthPx = 0.4;
// Coordinates are written to 0.1 px, and a vertex closer than 0.35 px to the
// last one written is left out: no viewer shows the difference at the
// figure's size, and it halves the file. For figures to be enlarged, render
// with a larger --size.
constexpr double kMinStepPx = 0.35;

class Coordinates {
 public:
  explicit Coordinates(std::string& out) : out_(out) {}
  // Appends a vertex of a path ("M x y" for the first of a ring, " x y" after).
  void point(Point p, bool first) {
    if (!first && (p.x - last_.x) * (p.x - last_.x) + (p.y - last_.y) * (p.y - last_.y) < kMinStepPx * kMinStepPx)
      return;
    last_ = p;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%.1f %.1f", first ? "M" : " ", p.x, p.y);
    out_ += buf;
  }

 private:
  std::string& out_;
  Point last_;
};

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

void write_text(std::ostream& out, Point top_left, double font_px, const std::string& text, bool bold) {
  out << "<text x=\"" << number(top_left.x) << "\" y=\"" << number(top_left.y + kBaselineEm * font_px)
      << "\" font-size=\"" << number(font_px) << "\"" << (bold ? " font-weight=\"bold\"" : "") << ">"
      << xml_escape(text) << "</text>\n";
}

}  // namespace

void write_svg(std::ostream& out, const MapModel& model, const MapFrame& frame, const FigureSpec& figure) {
  const Legend legend = layer_legend(figure.layer);
  const FigureLayout layout = figure_layout(figure.width, figure.height, legend);
  const MapTransform& t = layout.transform;

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << figure.width << "\" height=\"" << figure.height
      << "\" viewBox=\"0 0 " << figure.width << " " << figure.height
      << "\" font-family=\"DejaVu Sans, Verdana, sans-serif\" fill=\"" << hex(kTextColour) << "\">\n";
  out << "<rect width=\"" << figure.width << "\" height=\"" << figure.height << "\" fill=\"" << hex(kBackgroundColour)
      << "\"/>\n";

  std::string points;
  for (Point p : world_outline()) {
    const Point q = t.to_pixel(p);
    if (!points.empty()) points += ' ';
    points += number(q.x);
    points += ',';
    points += number(q.y);
  }
  out << "<polygon id=\"ocean\" points=\"" << points << "\" fill=\"" << hex(kOceanColour) << "\"/>\n";

  out << "<g id=\"countries\" stroke=\"" << hex(kBorderColour) << "\" stroke-width=\"" << kBorderWidthPx
      << "\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n";
  for (std::size_t c = 0; c < model.countries.size(); ++c) {
    const MapCountry& country = model.countries[c];
    std::string d;
    Coordinates coords(d);
    for (const auto& polygon : country.polygons)
      for (const Ring& ring : polygon) {
        for (std::size_t i = 0; i < ring.size(); ++i) coords.point(t.to_pixel(ring[i]), i == 0);
        d += "Z";
      }
    const Rgb colour = country_colour(figure.layer, frame.countries[c], country.inhabited());
    out << "<path id=\"" << xml_escape(country.iso3) << "\" fill=\"" << hex(colour) << "\" d=\"" << d << "\"><title>"
        << xml_escape(country.name + " (" + country.iso3 + ")") << "</title></path>\n";
  }
  out << "</g>\n";

  out << "<g id=\"markers\" stroke=\"" << hex(kBorderColour) << "\" stroke-width=\"1\">\n";
  for (std::size_t c = 0; c < model.countries.size(); ++c) {
    const MapCountry& country = model.countries[c];
    if (!country.marker) continue;
    const Point p = t.to_pixel(country.label);
    out << "<circle cx=\"" << number(p.x) << "\" cy=\"" << number(p.y) << "\" r=\""
        << number(kMarkerRadiusEm * layout.font_px) << "\" fill=\""
        << hex(country_colour(figure.layer, frame.countries[c], country.inhabited())) << "\"/>\n";
  }
  out << "</g>\n";

  write_text(out, layout.title_at, layout.font_px, figure.title, true);

  const LegendLayout& l = layout.legend;
  out << "<g id=\"legend\">\n";
  write_text(out, l.title_at, l.font_px, legend.title, false);
  for (std::size_t i = 0; i < legend.items.size(); ++i) {
    const Rect& s = l.swatches[i];
    out << "<rect x=\"" << number(s.x) << "\" y=\"" << number(s.y) << "\" width=\"" << number(s.w) << "\" height=\""
        << number(s.h) << "\" fill=\"" << hex(legend.items[i].colour) << "\" stroke=\"" << hex(kBorderColour)
        << "\" stroke-width=\"0.5\"/>\n";
    write_text(out, l.labels_at[i], l.font_px, legend.items[i].label, false);
  }
  out << "</g>\n</svg>\n";
}

void write_svg_file(const std::string& path, const MapModel& model, const MapFrame& frame, const FigureSpec& figure) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot create " + path);
  write_svg(out, model, frame, figure);
  out.close();
  if (!out) throw std::runtime_error("write error on " + path);
}

}  // namespace stackrace::viz
