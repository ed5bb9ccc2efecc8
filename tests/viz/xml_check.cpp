#include "xml_check.h"

#include <cctype>
#include <set>
#include <vector>

namespace stackrace::viz_test {
namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.' ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// Checks text between markup (or an attribute value): '&' must start an entity.
bool valid_text(const std::string& s, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    if (s[i] == '<') return false;
    if (s[i] != '&') continue;
    const std::size_t semi = s.find(';', i);
    if (semi == std::string::npos || semi >= end) return false;
    const std::string entity = s.substr(i + 1, semi - i - 1);
    static const std::set<std::string> known{"amp", "lt", "gt", "quot", "apos"};
    if (!known.count(entity) && !(entity.size() > 1 && entity[0] == '#')) return false;
    i = semi;
  }
  return true;
}

}  // namespace

XmlCheck check_xml(const std::string& s) {
  XmlCheck r;
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  auto fail = [&](const std::string& what) {
    r.error = what + " at byte " + std::to_string(i);
    return r;
  };
  while (i < s.size()) {
    if (s[i] != '<') {
      const std::size_t next = s.find('<', i);
      const std::size_t end = next == std::string::npos ? s.size() : next;
      if (!valid_text(s, i, end)) return fail("bad character data");
      if (open.empty())
        for (std::size_t k = i; k < end; ++k)
          if (!std::isspace(static_cast<unsigned char>(s[k]))) return fail("text outside the root element");
      i = end;
      continue;
    }
    if (s.compare(i, 4, "<!--") == 0) {
      const std::size_t end = s.find("-->", i);
      if (end == std::string::npos) return fail("unterminated comment");
      i = end + 3;
      continue;
    }
    if (s.compare(i, 2, "<?") == 0) {
      const std::size_t end = s.find("?>", i);
      if (end == std::string::npos) return fail("unterminated declaration");
      i = end + 2;
      continue;
    }
    const bool closing = s.compare(i, 2, "</") == 0;
    std::size_t p = i + (closing ? 2 : 1);
    const std::size_t name_start = p;
    while (p < s.size() && name_char(s[p])) ++p;
    const std::string name = s.substr(name_start, p - name_start);
    if (name.empty()) return fail("tag without a name");
    if (closing) {
      while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
      if (p >= s.size() || s[p] != '>') return fail("malformed end tag");
      if (open.empty() || open.back() != name) return fail("</" + name + "> does not close the open element");
      open.pop_back();
      i = p + 1;
      continue;
    }
    std::set<std::string> attributes;
    for (;;) {
      while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
      if (p >= s.size()) return fail("unterminated tag <" + name);
      if (s[p] == '>' || s.compare(p, 2, "/>") == 0) break;
      const std::size_t attr_start = p;
      while (p < s.size() && name_char(s[p])) ++p;
      const std::string attr = s.substr(attr_start, p - attr_start);
      if (attr.empty() || p >= s.size() || s[p] != '=') return fail("malformed attribute in <" + name);
      if (!attributes.insert(attr).second) return fail("repeated attribute " + attr);
      ++p;
      if (p >= s.size() || (s[p] != '"' && s[p] != '\'')) return fail("unquoted attribute " + attr);
      const char quote = s[p];
      const std::size_t value_end = s.find(quote, p + 1);
      if (value_end == std::string::npos) return fail("unterminated attribute " + attr);
      if (!valid_text(s, p + 1, value_end)) return fail("bad attribute value " + attr);
      p = value_end + 1;
    }
    if (open.empty() && ++roots > 1) return fail("second root element");
    ++r.element_count[name];
    if (s[p] == '>') {
      open.push_back(name);
      i = p + 1;
    } else {
      i = p + 2;
    }
  }
  if (!open.empty()) return fail("<" + open.back() + "> is never closed");
  if (roots != 1) return fail("no root element");
  return r;
}

}  // namespace stackrace::viz_test
