#pragma once
// CSV output helpers shared by the run writer and `stackrace compare`.

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

}  // namespace stackrace
