#pragma once
// Where the fields of a message are written, for messages assembled from
// more than one file (a scenario, its base, its supply file): error messages
// point at the file, line and column that gave the value.

#include <google/protobuf/message.h>

#include <string>

#include "base/textproto_parse.h"

namespace stackrace {

// Answers "where is this field written" for one message, by field path.
class FieldLocator {
 public:
  virtual ~FieldLocator() = default;
  // "file:line:column" of the field at `path`, or "" when no file writes it.
  virtual std::string find(const std::string& path) const = 0;
  // Where to point when find() is empty (the main file).
  virtual std::string fallback() const = 0;
  // Where `path` is written; for a field left out, where the nearest block
  // that holds it is written ("policy.change[0]" for a change without its
  // month); the main file when none is.
  std::string operator()(const std::string& path) const {
    for (std::string at = path;;) {
      std::string where = find(at);
      if (!where.empty()) return where;
      const std::size_t dot = at.rfind('.');
      if (dot == std::string::npos) return fallback();
      at.erase(dot);
    }
  }
};

// The fields of `root` as parsed from one file.
class SourceLocator : public FieldLocator {
 public:
  SourceLocator(const SourceMap& source, const google::protobuf::Message& root) : source_(source), root_(root) {}
  std::string find(const std::string& path) const override;
  std::string fallback() const override { return source_.file(); }

 private:
  const SourceMap& source_;
  const google::protobuf::Message& root_;
};

}  // namespace stackrace
