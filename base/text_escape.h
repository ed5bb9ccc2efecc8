#pragma once
// Escaping text for the files stackrace writes: CSV fields (the run writer,
// `stackrace compare`) and XML text (base/svg.h, which draws the map view's
// figures and study reports' charts).

#include <string>

namespace stackrace {

// RFC 4180: a field with a comma, quote or line break is quoted, quotes
// doubled (names and labels come from users' configs).
inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// Text with &, <, >, " and ' escaped for XML (attribute values and text).
inline std::string xml_escape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

}  // namespace stackrace
