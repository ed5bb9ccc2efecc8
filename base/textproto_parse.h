#pragma once
// Loading textproto files with the source location of every field, so that
// later checks can point at the line and column of a bad value.

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <memory>
#include <string>

#include "base/bounded_read.h"

namespace stackrace {

// A parsed file with the positions of its fields.
class SourceMap {
 public:
  SourceMap() = default;
  SourceMap(std::string file, std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree)
      : file_(std::move(file)), tree_(std::move(tree)) {}

  const std::string& file() const { return file_; }
  // "file:line:column" (1-based) of the field at `path`, "file" when unknown.
  // path: "population.adopters" or "access.blocked[1].iso3[0]".
  std::string locate(const google::protobuf::Message& root, const std::string& path) const;
  // Merges the message field at `path` of `root` (as parsed from this file)
  // into `into`, field by field as written: a scalar written in the file
  // replaces into's even when it is 0 or empty (which Message::MergeFrom
  // skips in proto3); entries of repeated fields are appended.
  void merge_written(const google::protobuf::Message& root, const std::string& path,
                     google::protobuf::Message& into) const;

 private:
  std::string file_;
  std::unique_ptr<google::protobuf::TextFormat::ParseInfoTree> tree_;
};

// Parses `path`, a file of the given kind, into `message`. Throws InputError
// "file:line:col: message" on a missing, empty, oversized or not regular file
// (read_file_bounded), a syntax error, an unknown field or an unknown enum
// value. It checks no value: see load_checked (base/range_check.h).
SourceMap load_textproto(const std::string& path, google::protobuf::Message& message, const FileKind& kind);

// The field names of message type `d`, comma-separated, for messages about an
// unknown field.
std::string known_fields(const google::protobuf::Descriptor& d);

// `message` as textproto, with text outside ASCII written as UTF-8 ("Zürich"),
// not as octal escapes; the parser reads it back either way.
std::string print_textproto(const google::protobuf::Message& message);

// Parses textproto from memory (tests); `name` stands in for the file name.
SourceMap parse_textproto(const std::string& text, const std::string& name, google::protobuf::Message& message);

}  // namespace stackrace
