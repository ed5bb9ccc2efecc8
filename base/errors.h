#pragma once
// Errors at the boundary (configs, data files, command line). Each says where
// (file:line:column, or a field path), what was found and what was expected.
// The CLI turns an InputError into exit code 2.

#include <stdexcept>
#include <string>

namespace stackrace {

class InputError : public std::runtime_error {
 public:
  // where: "configs/x.textproto:12:5" or "--set adoption.q" or "population.adopters".
  InputError(std::string where, std::string what)
      : std::runtime_error(where.empty() ? what : where + ": " + what), where_(std::move(where)),
        message_(std::move(what)) {}
  const std::string& where() const { return where_; }
  // What went wrong, without the location: what() is where() + ": " + message().
  const std::string& message() const { return message_; }

 private:
  std::string where_, message_;
};

}  // namespace stackrace
