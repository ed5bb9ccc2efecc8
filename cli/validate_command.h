#pragma once
// `stackrace validate FILE`: a scenario, a study spec or a comparison config,
// told apart by its top-level fields (base/config_kind.h), each checked as
// the command that runs it checks it before starting. And the hint a command
// gives when it is handed a file of another kind.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/config_kind.h"

namespace stackrace::cli {

// Prints "OK" (a scenario) or "OK: a study spec, ..." to `out`; throws
// InputError, located in the file, when it is not valid.
void validate_file(const std::string& path, const std::vector<std::string>& sets, std::optional<std::uint64_t> adopters,
                   std::ostream& out);

// Call inside a catch block for the InputError of loading `path` as
// `expected`. When the file looks like another kind, throws an InputError
// that says so and names the command for it; otherwise rethrows.
[[noreturn]] void rethrow_with_kind_hint(const std::string& path, ConfigKind expected);

}  // namespace stackrace::cli
