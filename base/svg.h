#pragma once
// The SVG writer that every picture of stackrace is drawn with: the charts of
// study reports (study/svg_chart.h) and the map view's figures
// (viz/core/svg_figure.h). It knows how SVG is spelled: elements and their
// attributes, numbers, path data, escaping, nesting. What to draw where stays
// with the picture.
//
// Output is the same to the byte on every run and platform, so that figures
// can be compared with `cmp` and checked into docs/: numbers go through
// printf conversions with the precision the caller names, attributes come
// out in the order they are added, and every attribute value and text is
// XML-escaped.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace stackrace::svg {

inline constexpr std::string_view kNamespace = "http://www.w3.org/2000/svg";

// 12.5 -> fixed(12.5, 0) "12", fixed(12.5, 1) "12.5" (printf "%.*f").
std::string fixed(double value, int decimals);
// 0.000123456 -> significant(.., 3) "0.000123" (printf "%.*g": for values
// whose magnitude is not known in advance, such as an axis's scale).
std::string significant(double value, int digits);

// One element: its tag and attributes, written in any of the three forms
// below. Build it with chained attr() calls:
//   Element("rect").attr("x", x, 1).attr("fill", "#ff0000").empty()
class Element {
 public:
  explicit Element(std::string_view tag);

  Element& attr(std::string_view name, std::string_view value);  // escaped
  Element& attr(std::string_view name, int value);
  Element& attr(std::string_view name, double value, int decimals);  // as fixed()
  // A double without a precision would silently pick the int overload.
  Element& attr(std::string_view name, double value) = delete;

  const std::string& tag() const { return tag_; }
  std::string start_tag() const;                         // <tag a="1">
  std::string empty() const;                             // <tag a="1"/>
  std::string with_text(std::string_view text) const;    // <tag a="1">text</tag>
  std::string with_title(std::string_view title) const;  // <tag a="1"><title>title</title></tag>

 private:
  std::string tag_, attributes_;  // attributes_: ` name="value"` each
};

// The root element, with the SVG namespace as its first attribute; add the
// size and document-wide defaults (font, fill) after it.
Element root();

// Path data ("d") for outlines: "M x y" starts a ring, " x y" continues it
// (an implicit line-to, the shortest spelling), "Z" closes it.
class PathData {
 public:
  explicit PathData(int decimals) : decimals_(decimals) {}
  void move_to(double x, double y);
  void line_to(double x, double y);
  void close() { d_ += 'Z'; }
  const std::string& str() const { return d_; }

 private:
  void append(const char* prefix, double x, double y);
  int decimals_;
  std::string d_;
};

// A points list for <polygon> and <polyline>: "x,y x,y ...".
class PointList {
 public:
  explicit PointList(int decimals) : decimals_(decimals) {}
  void add(double x, double y);
  const std::string& str() const { return points_; }

 private:
  int decimals_;
  std::string points_;
};

// Writes a document to a stream, one line per element or group tag. A line
// may hold several elements (a legend swatch and its label, say): pass their
// concatenated markup to line().
class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // The XML declaration, for an .svg file meant to stand alone.
  void declaration();
  // Starts a container (<svg>, <g>): written now, closed by close().
  void open(const Element& container);
  void close();
  // Markup made by Element, followed by a line break.
  void line(std::string_view markup);
  // Whether every container opened has been closed.
  bool complete() const { return open_tags_.empty(); }

 private:
  std::ostream& out_;
  std::vector<std::string> open_tags_;
};

}  // namespace stackrace::svg
