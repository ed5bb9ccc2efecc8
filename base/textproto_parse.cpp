#include "base/textproto_parse.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/field_path.h"
#include "base/field_type.h"
#include "base/field_walk.h"
#include "base/text_escape.h"

namespace stackrace {

namespace pb = google::protobuf;

namespace {

// The UTF-8 byte-order mark some editors write first: not text.
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The "y" of protobuf's 'Message type "stackrace.X" has no field named "y".',
// and the X, or empty strings for any other message.
struct UnknownField {
  std::string type, name;
};

UnknownField unknown_field_of(const std::string& message) {
  const std::string prefix = "Message type \"", middle = "\" has no field named \"";
  if (message.rfind(prefix, 0) != 0) return {};
  const std::size_t end = message.find(middle, prefix.size());
  if (end == std::string::npos) return {};
  const std::size_t name = end + middle.size();
  const std::size_t close = message.find('"', name);
  if (close == std::string::npos) return {};
  return {message.substr(prefix.size(), end - prefix.size()), message.substr(name, close - name)};
}

// protobuf's 'Message type "stackrace.X" has no field named "y".', with the
// fields that X does have; any other message as it is.
std::string with_known_fields(const std::string& message) {
  const UnknownField unknown = unknown_field_of(message);
  if (unknown.type.empty()) return message;
  const pb::Descriptor* d = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(unknown.type);
  if (d == nullptr) return message;
  std::string out = message;
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out + " (known: " + known_fields(*d) + ")";
}

// The enum type of every field named `name` in `root` and the messages it
// holds, once each.
void enums_of_fields_named(const pb::Descriptor& root, const std::string& name,
                           std::vector<const pb::Descriptor*>& visited, std::vector<const pb::EnumDescriptor*>& out) {
  if (std::find(visited.begin(), visited.end(), &root) != visited.end()) return;
  visited.push_back(&root);
  for (int i = 0; i < root.field_count(); ++i) {
    const pb::FieldDescriptor& f = *root.field(i);
    if (f.name() == name && f.enum_type() != nullptr && std::find(out.begin(), out.end(), f.enum_type()) == out.end())
      out.push_back(f.enum_type());
    if (f.message_type() != nullptr) enums_of_fields_named(*f.message_type(), name, visited, out);
  }
}

// What protobuf's parser says, with what was expected where it leaves that
// out: the values of an enum, that a quote must be ASCII, that a field is
// unsigned.
std::string explained(const std::string& message, const pb::Descriptor& root) {
  if (const UnknownField unknown = unknown_field_of(message); !unknown.type.empty()) return with_known_fields(message);
  std::string out = message;
  if (!out.empty() && out.back() == '.') out.pop_back();
  const std::string enum_prefix = "Unknown enumeration value of \"", field_marker = "\" for field \"";
  if (message.rfind(enum_prefix, 0) == 0) {
    const std::size_t at = message.find(field_marker);
    if (at == std::string::npos) return message;
    const std::size_t begin = at + field_marker.size();
    const std::string field = message.substr(begin, message.find('"', begin) - begin);
    std::vector<const pb::Descriptor*> visited;
    std::vector<const pb::EnumDescriptor*> enums;
    enums_of_fields_named(root, field, visited, enums);
    if (enums.size() != 1) return message;
    std::string names;
    for (int i = 0; i < enums[0]->value_count(); ++i) names += (i ? ", " : "") + enums[0]->value(i)->name();
    return out + " (expected one of " + names + ")";
  }
  if (message.rfind("Interpreting non ascii codepoint", 0) == 0)
    return out + ": a typographic quote or dash? Write quotes as \" and minus signs as - (plain ASCII)";
  if (message == "Expected integer, got: -") return out + " (this field takes a whole number of 0 or more)";
  // The tokenizer has nothing to show at the end of the text: a field's name
  // was expected there (a block left open), or its value.
  if (message == "Expected identifier, got: ") return message + "the end of the file (is a closing } missing?)";
  if (message.ends_with(", got: ")) return message + "the end of the file (is a value missing?)";
  return message;
}

// protobuf's tokenizer counts columns from 0 with a tab advancing to the next
// multiple of 8; these convert between its columns and byte offsets in a line.
constexpr int kTabWidth = 8;

std::size_t offset_of_column(std::string_view line, int column) {
  int at = 0;
  std::size_t k = 0;
  for (; k < line.size() && at < column; ++k) at = line[k] == '\t' ? at + kTabWidth - at % kTabWidth : at + 1;
  return k;
}

int column_of_offset(std::string_view line, std::size_t offset) {
  int at = 0;
  for (std::size_t k = 0; k < offset && k < line.size(); ++k)
    at = line[k] == '\t' ? at + kTabWidth - at % kTabWidth : at + 1;
  return at;
}

class CollectErrors : public pb::io::ErrorCollector {
 public:
  CollectErrors(std::string file, std::string_view text, const pb::Descriptor& root)
      : file_(std::move(file)), text_(text), root_(root) {}
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    if (!first_.empty()) return;  // later errors are usually consequences of the first
    column = start_of_unknown_name(line, column, message);
    first_ = file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1);
    message_ = explained(message, root_);
  }
  void AddWarning(int, pb::io::ColumnNumber, const std::string&) override {}
  bool failed() const { return !first_.empty(); }
  const std::string& where() const { return first_; }
  const std::string& message() const { return message_; }

 private:
  // The parser reports an unknown field after reading its name: the column
  // of that name's start on the line, as a range error is placed; `column`
  // for any other error, or when the name is not found before it.
  int start_of_unknown_name(int line, int column, const std::string& message) const {
    const UnknownField unknown = unknown_field_of(message);
    if (unknown.name.empty()) return column;
    std::size_t begin = 0;
    for (int k = 0; k < line && begin != std::string_view::npos; ++k) {
      begin = text_.find('\n', begin);
      if (begin != std::string_view::npos) ++begin;
    }
    if (begin == std::string_view::npos) return column;
    const std::string_view here = text_.substr(begin, text_.find('\n', begin) - begin);
    const std::size_t end = offset_of_column(here, column);
    const std::size_t name = here.substr(0, end).rfind(unknown.name);
    return name == std::string_view::npos ? column : column_of_offset(here, name);
  }

  std::string file_;
  std::string_view text_;
  const pb::Descriptor& root_;
  std::string first_, message_;
};

// Copies field f (entry k of a repeated field, or the singular value if k < 0) from `from` to `into`,
// appending when f is repeated.
void copy_value(const pb::Message& from, const pb::FieldDescriptor& f, int k, pb::Message& into) {
  visit_field_type(f, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, pb::Message>) {
      const pb::Reflection& a = *from.GetReflection();
      const pb::Reflection& b = *into.GetReflection();
      if (k >= 0) {
        b.AddMessage(&into, &f)->CopyFrom(a.GetRepeatedMessage(from, &f, k));
      } else {
        b.MutableMessage(&into, &f)->CopyFrom(a.GetMessage(from, &f));
      }
    } else {
      const T v = get_value<T>(from, f, k);
      k >= 0 ? add_value(into, f, v) : set_value(into, f, -1, v);
    }
  });
}

void merge_written_fields(const pb::Message& from, const pb::TextFormat::ParseInfoTree* tree, pb::Message& into) {
  const pb::Descriptor& d = *from.GetDescriptor();
  const pb::Reflection& r = *from.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const pb::FieldDescriptor& f = *d.field(i);
    if (f.is_repeated()) {
      for (int k = 0; k < r.FieldSize(from, &f); ++k) copy_value(from, f, k, into);
    } else if (f.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      const pb::TextFormat::ParseInfoTree* nested = tree ? tree->GetTreeForNested(&f, -1) : nullptr;
      if (nested)
        merge_written_fields(r.GetMessage(from, &f), nested, *into.GetReflection()->MutableMessage(&into, &f));
    } else if (tree && tree->GetLocation(&f, -1).line >= 0) {
      copy_value(from, f, -1, into);
    }
  }
}

// A string written with escapes ("\\xED") can hold bytes that are not UTF-8
// though the file is: refused at the field, as the file's own bytes are.
void check_utf8_strings(const pb::Message& root, const SourceMap& source) {
  for_each_leaf_field(root, [&](const pb::Message& owner, const pb::FieldDescriptor& f, const std::string& path) {
    if (f.type() != pb::FieldDescriptor::TYPE_STRING) return;
    const pb::Reflection& r = *owner.GetReflection();
    const int n = f.is_repeated() ? r.FieldSize(owner, &f) : 1;
    for (int k = 0; k < n; ++k) {
      const std::string text = f.is_repeated() ? r.GetRepeatedString(owner, &f, k) : r.GetString(owner, &f);
      if (first_invalid_utf8(text) == std::string::npos) continue;
      const std::string at = f.is_repeated() ? item_path(path, k) : path;
      throw InputError(source.locate(root, at), at + ": the text is not UTF-8 (an escape such as \\xED makes a byte "
                                                     "that is not): write the character itself");
    }
  });
}

}  // namespace

std::string SourceMap::locate(const pb::Message& root, const std::string& path) const {
  std::vector<PathSegment> segments;
  if (!tree_ || !split_path(path, segments)) return file_;
  const pb::Descriptor* d = root.GetDescriptor();
  const pb::TextFormat::ParseInfoTree* tree = tree_.get();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const pb::FieldDescriptor* f = d ? d->FindFieldByName(segments[i].name) : nullptr;
    if (!f || !tree) return file_;
    const int index = f->is_repeated() ? std::max(segments[i].index, 0) : -1;
    if (i + 1 == segments.size()) {
      pb::TextFormat::ParseLocation loc = tree->GetLocation(f, index);
      // Values in list syntax ("iso3: [...]") share one recorded location: the list's.
      for (int k = index - 1; loc.line < 0 && k >= 0; --k) loc = tree->GetLocation(f, k);
      if (loc.line < 0) return file_;
      return file_ + ":" + std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1);
    }
    tree = tree->GetTreeForNested(f, index);
    d = f->message_type();
  }
  return file_;
}

void SourceMap::merge_written(const pb::Message& root, const std::string& path, pb::Message& into) const {
  std::vector<PathSegment> segments;
  const pb::TextFormat::ParseInfoTree* tree = tree_.get();
  const pb::Message* from = &root;
  if (!split_path(path, segments)) throw std::logic_error("merge_written: malformed path " + path);
  for (const PathSegment& segment : segments) {
    const pb::FieldDescriptor* f = from->GetDescriptor()->FindFieldByName(segment.name);
    if (!f || f->is_repeated() || f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE)
      throw std::logic_error("merge_written: " + path + " is not a singular message field");
    tree = tree ? tree->GetTreeForNested(f, -1) : nullptr;
    from = &from->GetReflection()->GetMessage(*from, f);
  }
  merge_written_fields(*from, tree, into);
}

std::string known_fields(const pb::Descriptor& d) {
  std::string names;
  for (int i = 0; i < d.field_count(); ++i) names += (i ? ", " : "") + d.field(i)->name();
  return names;
}

SourceMap parse_textproto(const std::string& file_text, const std::string& name, pb::Message& message) {
  // A byte-order mark (editors on Windows write one) is not text.
  std::string text = file_text.rfind(kByteOrderMark, 0) == 0 ? file_text.substr(kByteOrderMark.size()) : file_text;
  // Lines ended by CR alone (classic Mac OS, some exporters) read as one
  // line, all of it a comment after the first '#': end them with LF (a CR
  // before an LF ends a Windows line, which protobuf reads already).
  for (std::size_t k = 0; k < text.size(); ++k)
    if (text[k] == '\r' && (k + 1 == text.size() || text[k + 1] != '\n')) text[k] = '\n';
  // Protobuf takes any bytes into a string, and then cannot write the
  // message (a run's manifest, a checkpoint): refuse them where they stand.
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    const std::size_t newline = text.rfind('\n', bad);  // the byte at `bad` is not one
    const std::size_t line_begin = newline == std::string::npos ? 0 : newline + 1;
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    const std::size_t column = 1 + shown_length(std::string_view(text).substr(line_begin, bad - line_begin));
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    throw InputError(name + ":" + std::to_string(line) + ":" + std::to_string(column),
                     std::string("byte ") + byte + " is not UTF-8: save the file as UTF-8 text");
  }
  auto tree = std::make_unique<pb::TextFormat::ParseInfoTree>();
  CollectErrors errors(name, text, *message.GetDescriptor());
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(tree.get());
  if (!parser.ParseFromString(text, &message) || errors.failed()) {
    if (errors.failed()) throw InputError(errors.where(), errors.message());
    throw InputError(name, "cannot parse as " + message.GetDescriptor()->full_name());
  }
  SourceMap source(name, std::move(tree));
  check_utf8_strings(message, source);
  return source;
}

namespace {

// Whether `text` has nothing but blank lines and '#' comments.
bool only_comments(std::string_view text) {
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = text.find_first_of("\n\r", begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(begin, end - begin);
    const std::size_t first = line.find_first_not_of(" \t\f\v");
    if (first != std::string_view::npos && line[first] != '#') return false;
    begin = end + 1;
  }
  return true;
}

}  // namespace

SourceMap load_textproto(const std::string& path, pb::Message& message, const FileKind& kind) {
  const std::string text = read_file_bounded(path, kind);
  // Every field would read as its default, and the first complaint would be
  // about some field far from the cause.
  if (text.empty()) throw InputError(path, "the file is empty, expected " + std::string(kind.what));
  // Comments alone parse as a message with every field at its default; what
  // then fails is some check far from the cause ("no supply side").
  const std::string_view body =
      std::string_view(text).substr(text.rfind(kByteOrderMark, 0) == 0 ? kByteOrderMark.size() : 0);
  if (only_comments(body))
    throw InputError(path, "the file holds only comments or blank lines, expected " + std::string(kind.what));
  return parse_textproto(text, path, message);
}

std::string print_textproto(const google::protobuf::Message& message) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  std::string text;
  printer.PrintToString(message, &text);
  // A string that is not UTF-8 (a path in another encoding) would pass
  // through raw: escape every byte then, so that the file stays UTF-8.
  if (first_invalid_utf8(text) != std::string::npos) {
    text.clear();
    google::protobuf::TextFormat::PrintToString(message, &text);
  }
  return text;
}

}  // namespace stackrace
