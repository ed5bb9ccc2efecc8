#include "base/text_escape.h"

#include <algorithm>
#include <stdexcept>

#include <string_view>

namespace stackrace {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// UTF-8 (RFC 3629): a lead byte says how many continuation bytes follow
// (10xxxxxx, six payload bits each) and which code points that length may
// hold; overlong forms, UTF-16 surrogates and anything past U+10FFFF are
// invalid.
struct LeadByte {
  unsigned char mask, tag, payload;
  std::size_t length;
  char32_t minimum;
};
constexpr LeadByte kLeadBytes[] = {
    {0xE0, 0xC0, 0x1F, 2, 0x80}, {0xF0, 0xE0, 0x0F, 3, 0x800}, {0xF8, 0xF0, 0x07, 4, 0x10000}};
constexpr unsigned char kContinuationMask = 0xC0, kContinuationTag = 0x80, kContinuationPayload = 0x3F;
constexpr int kContinuationBits = 6;
constexpr char32_t kSurrogateFirst = 0xD800, kSurrogateLast = 0xDFFF, kMaxCodePoint = 0x10FFFF;

// Length of the valid UTF-8 sequence at text[i], or 0 when there is none.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < kContinuationTag) return 1;
  for (const LeadByte& form : kLeadBytes) {
    if ((lead & form.mask) != form.tag) continue;
    if (i + form.length > text.size()) return 0;
    char32_t code = lead & form.payload;
    for (std::size_t k = 1; k < form.length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & kContinuationMask) != kContinuationTag) return 0;
      code = (code << kContinuationBits) | (next & kContinuationPayload);
    }
    const bool surrogate = code >= kSurrogateFirst && code <= kSurrogateLast;
    return code < form.minimum || code > kMaxCodePoint || surrogate ? 0 : form.length;
  }
  return 0;
}

}  // namespace

std::size_t first_invalid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string::npos;
}

namespace {

// XML 1.0 allows tab, line feed and carriage return among the C0 controls.
bool allowed_in_xml(unsigned char c) { return c >= ' ' || c == '\t' || c == '\n' || c == '\r'; }

void append_escaped(char ch, std::string& out) {
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

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_length(text, i);
    if (length == 0 || (length == 1 && !allowed_in_xml(static_cast<unsigned char>(text[i])))) {
      out += kReplacement;
      ++i;
    } else if (length == 1) {
      append_escaped(text[i++], out);
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

std::size_t shown_length(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & kContinuationMask) != kContinuationTag) ++n;
  return n;
}

std::vector<std::string> wrap_after_commas(const std::string& line, std::size_t max_chars, const std::string& indent) {
  std::vector<std::string> out;
  std::string current;
  std::size_t start = 0;
  while (start < line.size()) {
    const std::size_t comma = line.find(", ", start);
    const std::size_t end = comma == std::string::npos ? line.size() : comma + 2;
    const std::string_view piece(line.data() + start, end - start);
    if (!current.empty() && shown_length(current) + shown_length(piece) > max_chars) {
      out.push_back(current);
      current = indent;
    }
    current += piece;
    start = end;
  }
  out.push_back(current);
  return out;
}

std::vector<std::string> csv_split(std::string_view line) {
  std::vector<std::string> fields(1);
  std::size_t i = 0;
  while (i <= line.size()) {
    if (i < line.size() && line[i] == '"') {
      // A quoted field: up to the quote not doubled.
      for (++i;; ++i) {
        if (i >= line.size()) throw std::invalid_argument("a quoted field is not closed");
        if (line[i] != '"') {
          fields.back() += line[i];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          fields.back() += '"';
          ++i;
        } else {
          break;
        }
      }
      ++i;
      if (i < line.size() && line[i] != ',')
        throw std::invalid_argument("text after a quoted field: expected a comma");
    } else {
      const std::size_t comma = std::min(line.find(',', i), line.size());
      fields.back() += line.substr(i, comma - i);
      i = comma;
    }
    if (i >= line.size()) break;
    fields.emplace_back();
    ++i;  // past the comma
  }
  return fields;
}

}  // namespace stackrace
