#pragma once
// Unsigned command-line options read as text: Boost.Program_options turns
// "-1" into 2^64 - 1 for an unsigned type, so a sign would pass unnoticed.

#include <boost/program_options.hpp>
#include <charconv>
#include <cstdint>
#include <string>

#include "errors.h"

namespace stackrace {

// The value of option `name` (declared as po::value<std::string>()) as an
// unsigned number; throws InputError naming the option otherwise.
inline std::uint64_t unsigned_option(const boost::program_options::variables_map& vm, const std::string& name) {
  const std::string text = vm[name].as<std::string>();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw InputError("--" + name, "expected a whole number from 0 to 18446744073709551615, got '" + text + "'");
  return value;
}

}  // namespace stackrace
