#pragma once
// A small XML well-formedness check for the SVG tests (no XML library is a
// build dependency): tags nest and close, one root element, attributes are
// quoted and unique, '&' only starts a known entity, '<' only starts markup.

#include <map>
#include <string>

namespace stackrace::viz_test {

struct XmlCheck {
  std::string error;                         // empty when well-formed
  std::map<std::string, int> element_count;  // by element name
};

XmlCheck check_xml(const std::string& text);

}  // namespace stackrace::viz_test
