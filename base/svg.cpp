#include "base/svg.h"

#include <cstdio>
#include <stdexcept>

#include "base/text_escape.h"

namespace stackrace::svg {
namespace {

// printf into a string: the one place numbers are spelled, so that every
// picture spells them alike. 64 bytes hold any double at the precisions used
// (a "%.1f" of 1e300 would not fit, and is cut rather than overrun).
template <class... Args>
std::string format(const char* pattern, Args... args) {
  char buf[64];
  std::snprintf(buf, sizeof buf, pattern, args...);
  return buf;
}

}  // namespace

std::string fixed(double value, int decimals) { return format("%.*f", decimals, value); }

std::string significant(double value, int digits) { return format("%.*g", digits, value); }

Element::Element(std::string_view tag) : tag_(tag) {}

Element& Element::attr(std::string_view name, std::string_view value) {
  attributes_ += ' ';
  attributes_ += name;
  attributes_ += "=\"";
  attributes_ += xml_escape(std::string(value));
  attributes_ += '"';
  return *this;
}

Element& Element::attr(std::string_view name, int value) { return attr(name, std::to_string(value)); }

Element& Element::attr(std::string_view name, double value, int decimals) { return attr(name, fixed(value, decimals)); }

std::string Element::start_tag() const { return "<" + tag_ + attributes_ + ">"; }

std::string Element::empty() const { return "<" + tag_ + attributes_ + "/>"; }

std::string Element::with_text(std::string_view text) const {
  return start_tag() + xml_escape(std::string(text)) + "</" + tag_ + ">";
}

std::string Element::with_title(std::string_view title) const {
  return start_tag() + Element("title").with_text(title) + "</" + tag_ + ">";
}

Element root() { return Element("svg").attr("xmlns", kNamespace); }

void PathData::move_to(double x, double y) { append("M", x, y); }

void PathData::line_to(double x, double y) { append(" ", x, y); }

void PathData::append(const char* prefix, double x, double y) {
  d_ += prefix;
  d_ += fixed(x, decimals_);
  d_ += ' ';
  d_ += fixed(y, decimals_);
}

void PointList::add(double x, double y) {
  if (!points_.empty()) points_ += ' ';
  points_ += fixed(x, decimals_);
  points_ += ',';
  points_ += fixed(y, decimals_);
}

void Writer::declaration() { out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

void Writer::open(const Element& container) {
  out_ << container.start_tag() << '\n';
  open_tags_.push_back(container.tag());
}

void Writer::close() {
  if (open_tags_.empty()) throw std::logic_error("svg::Writer::close() with nothing open");
  out_ << "</" << open_tags_.back() << ">\n";
  open_tags_.pop_back();
}

void Writer::line(std::string_view markup) { out_ << markup << '\n'; }

}  // namespace stackrace::svg
