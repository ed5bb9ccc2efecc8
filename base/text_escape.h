#pragma once
// Escaping text for the files stackrace writes: CSV fields (the run writer,
// `stackrace compare`; read back by `stackrace plot`) and XML text (base/svg.h, which draws the map view's
// figures and study reports' charts).

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

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

// The fields of one CSV line as csv_field() writes them: quoted fields
// unquoted, doubled quotes made single. Throws std::invalid_argument for a
// quote left open or text after a closing quote.
std::vector<std::string> csv_split(std::string_view line);

// Names as a message lists them: "a, b, c" ("" for none).
template <typename Names>
std::string comma_list(const Names& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// A count with its noun, plural but for one: "1 replicate", "3 replicates".
inline std::string counted(long long n, std::string_view noun) {
  std::string out = std::to_string(n);
  out += ' ';
  out += noun;
  if (n != 1) out += 's';
  return out;
}

// `text` with its ASCII letters in small (ascii_lower) or capital
// (ascii_upper) letters, other bytes as they are: file extensions, ISO3
// codes, names compared ignoring case.
inline std::string ascii_lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}
inline std::string ascii_upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// How many characters `text` shows: its UTF-8 code points (bytes that
// continue a sequence are not counted).
std::size_t shown_length(std::string_view text);

// The offset of the first byte of `text` that does not begin a valid UTF-8
// sequence (RFC 3629), or npos when all of it is UTF-8.
std::size_t first_invalid_utf8(const std::string& text);

// `line` as lines of at most `max_chars` characters, broken after ", ",
// continuations starting with `indent`; a piece longer than that stays whole
// (a figure's caption: a run's list of --set would run off its edge).
std::vector<std::string> wrap_after_commas(const std::string& line, std::size_t max_chars, const std::string& indent);

// `text` as one word of a POSIX shell command line that a user can paste:
// as it is when it holds only letters, digits and _ . / : = @ % + , -, else
// in single quotes (a quote inside written '\'').
inline std::string shell_word(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789_./:=@%+,-") == std::string::npos;
  if (plain) return text;
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Text with &, <, >, " and ' escaped for XML (attribute values and text).
// The result is always well-formed XML 1.0 in UTF-8, whatever the input: a
// byte sequence that is not UTF-8, and a control character XML does not
// allow, each become U+FFFD (a title or name from a user's file or command
// line may be in another encoding).
std::string xml_escape(const std::string& text);

}  // namespace stackrace
