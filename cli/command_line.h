#pragma once
// Shared by the commands' option parsers (Boost.Program_options).

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <new>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "base/proto/options.pb.h"
#include "base/proto/scenario.pb.h"
#include "base/range_check.h"
#include "cli/help.h"
#include "sim/spec.h"

namespace stackrace {

// The exit code of a command that ends with `e`: 2 for bad input (an
// InputError, which names where the problem is), 1 for anything else (I/O).
// A path that cannot name a file at all (a symbolic link loop, a name too
// long for the system) is bad input too.
inline int exit_code_for(const std::exception& e) {
  if (dynamic_cast<const InputError*>(&e)) return 2;
  if (const auto* fs_error = dynamic_cast<const std::filesystem::filesystem_error*>(&e)) {
    const std::error_code code = fs_error->code();
    if (code == std::errc::too_many_symbolic_link_levels || code == std::errc::filename_too_long) return 2;
  }
  return 1;
}

// The message for `e`: a file system error names its path first, as every
// other error names where it is.
inline std::string error_message(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) {
    return "out of memory: there is too little memory (or too low a `ulimit -v`) for this; try fewer "
           "--adopters, or fewer --threads or --jobs";
  }
  if (const auto* fs_error = dynamic_cast<const std::filesystem::filesystem_error*>(&e)) {
    if (!fs_error->path1().empty()) return fs_error->path1().string() + ": " + fs_error->code().message();
  }
  return e.what();
}

// An empty argument (`--posterior ""`, an unset shell variable) names no
// file and no value: refused by the option's name, rather than read as "not
// given" or reported later with no location. `plain` tells the options that
// stand for plain arguments; `usage` ends the message.
// `may_be_empty` names options for which "" means something (an untitled
// figure).
template <typename Plain>
void refuse_empty_arguments(const boost::program_options::variables_map& vm, const Plain& plain,
                            const std::vector<std::string>& may_be_empty, const std::string& usage) {
  for (const auto& [option, value] : vm) {
    if (value.defaulted() || std::find(may_be_empty.begin(), may_be_empty.end(), option) != may_be_empty.end())
      continue;
    const auto* text = boost::any_cast<std::string>(&value.value());
    const auto* texts = boost::any_cast<std::vector<std::string>>(&value.value());
    const bool empty = (text != nullptr && text->empty()) ||
                       (texts != nullptr && std::find(texts->begin(), texts->end(), "") != texts->end());
    if (!empty) continue;
    throw InputError(plain(option) ? "command line" : "--" + option,
                     std::string(plain(option) ? "an empty argument" : "an empty value") +
                         " (\"\"), expected a path or a value\n" + usage);
  }
}

// A horizon past the supply side's projections runs, with horizon_warning's
// line on stderr (nothing when it is within them).
inline void warn_of_horizon(const Spec& spec) {
  if (const std::string warning = horizon_warning(spec); !warning.empty()) std::cerr << warning << "\n";
}

// Parses a command's options: argv[1] (the command) stands where
// program_options expects the program name. A program_options error (an
// unknown option, a missing value) becomes an InputError that ends with the
// command's usage.
// `command` names it in messages (default argv[1]; "study discover" for a
// subcommand parsed from argv + 1).
inline boost::program_options::variables_map parse_command_line(
    int argc, char** argv, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional, const std::string& usage,
    const std::string& command = "", const std::vector<std::string>& may_be_empty = {}) {
  namespace po = boost::program_options;
  const std::string name = command.empty() ? std::string(argv[1]) : command;
  po::variables_map vm;
  // The usage lines alone (the help up to its first blank line): the whole
  // help would push the error off the screen.
  const std::size_t blank = usage.find("\n\n");
  const std::string lines = blank == std::string::npos ? usage : usage.substr(0, blank + 1);
  const std::string more = "(`stackrace help " + name + "` describes every option)\n";
  // Whether option `o` stands for a plain argument (CONFIG, DIR) rather than
  // one a user types with its name.
  const auto plain = [&](const std::string& o) {
    for (unsigned i = 0; i < positional.max_total_count() && i < 4; ++i)
      if (positional.name_for_position(i) == o) return true;
    return false;
  };
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::too_many_positional_options_error&) {
    // "--set path = 1" or "--set path= 1": the shell made several arguments
    // of one (a --set value may itself end in '=' when a plain argument
    // follows it for another reason, so only right after --set).
    for (int i = 2; i < argc; ++i) {
      const std::size_t length = std::strlen(argv[i]);
      const bool after_set = std::strcmp(argv[i - 1], "--set") == 0 && i + 1 < argc && argv[i + 1][0] != '-';
      if (argv[i][0] == '=' || (after_set && length > 0 && argv[i][length - 1] == '=')) {
        throw InputError("command line", std::string("'") + argv[i] +
                                             "': an '=' apart from its field or value: write --set PATH=VALUE "
                                             "with no spaces around the '='\n" +
                                             lines + more);
      }
    }
    throw InputError("command line", "more plain arguments than `" + name +
                                         "` takes: is an option's name missing before one (e.g. --out DIR)?\n" + lines +
                                         more);
  } catch (const po::unknown_option& e) {
    // "--seeds": the option it is most probably a slip for.
    // Of the options a user types: not those that stand for plain arguments.
    std::vector<std::string> names;
    for (const auto& option : options.options())
      if (!plain(option->long_name())) names.push_back("--" + option->long_name());
    const std::string typed = e.get_option_name().substr(0, e.get_option_name().find('='));  // "--seeds=3"
    const std::string near = cli::closest_word(typed, names);
    throw InputError("command line", std::string(e.what()) + (near.empty() ? "" : " (did you mean " + near + "?)") +
                                         "\n" + lines + more);
  } catch (const po::error& e) {
    throw InputError("command line", std::string(e.what()) + "\n" + lines + more);
  }
  refuse_empty_arguments(vm, plain, may_be_empty, lines + more);
  return vm;
}

// The value of option `name` (declared as po::value<std::string>()) as an
// unsigned number; throws InputError naming the option otherwise. Read as
// text because Boost.Program_options turns "-1" into 2^64 - 1 for an
// unsigned type, so a sign would pass unnoticed.
// `expected` says which numbers the option takes.
inline std::uint64_t unsigned_option(const boost::program_options::variables_map& vm, const std::string& name,
                                     const std::string& expected = "a whole number from 0 to 18446744073709551615") {
  const std::string text = vm[name].as<std::string>();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw InputError("--" + name, "expected " + expected + ", got '" + text + "'");
  return value;
}

// The value of option `name` (declared as po::value<std::string>()) as a
// count of `what` from `lo` to `hi`; anything else is refused naming the
// option, its range and what was given.
inline unsigned count_option(const boost::program_options::variables_map& vm, const std::string& name, unsigned lo,
                             unsigned hi, const std::string& what) {
  const std::string expected = what + " from " + std::to_string(lo) + " to " + std::to_string(hi);
  const std::uint64_t n = unsigned_option(vm, name, expected);
  if (n < lo || n > hi)
    throw InputError("--" + name, "expected " + expected + ", got '" + vm[name].as<std::string>() + "'");
  return static_cast<unsigned>(n);
}

// --threads: worker threads, 1 to kMaxThreads.
inline constexpr unsigned kMaxThreads = 1024;
inline unsigned threads_option(const boost::program_options::variables_map& vm) {
  return count_option(vm, "threads", 1, kMaxThreads, "a thread count");
}

// --adopters, whose valid range is population.adopters' in the schema,
// refused as the option it was given as (not as the --set it stands for).
inline std::uint64_t adopters_option(const boost::program_options::variables_map& vm) {
  const auto& field = *Population::descriptor()->FindFieldByName("adopters");
  const std::string expected = "a whole number in " + field_range(field) + " (" + field_unit(field) + ")";
  const std::uint64_t n = unsigned_option(vm, "adopters", expected);
  const Range& bounds = field.options().GetExtension(range);
  const auto value = static_cast<double>(n);
  const bool below = bounds.has_min() && (value < bounds.min() || (bounds.min_exclusive() && value == bounds.min()));
  const bool above = bounds.has_max() && (value > bounds.max() || (bounds.max_exclusive() && value == bounds.max()));
  if (below || above)
    throw InputError("--adopters", "expected " + expected + ", got '" + vm["adopters"].as<std::string>() + "'");
  return n;
}

// An option given where it does not apply (or a combination that does
// not): the option and why, exit code 2.
inline void refuse(bool present, const std::string& option, const std::string& why) {
  if (present) throw InputError(option, why);
}

// --seed and --adopters stand for `--set seed=N` and `--set
// population.adopters=N`, and win over them: both at once would leave the
// manifest recording one and the run using the other.
inline void refuse_given_twice(bool seed_option, bool adopters_option, const std::vector<std::string>& sets) {
  for (const std::string& set : sets) {
    if (seed_option && set.starts_with("seed="))
      throw InputError("--set " + set, "--seed is given too: give the seed once, with --seed");
    if (adopters_option && set.starts_with("population.adopters="))
      throw InputError("--set " + set, "--adopters is given too: give the number of adopters once, with --adopters");
  }
}

// An output file named by `option` (e.g. "--out"): a file name in an
// existing, writable directory, and no existing file unless `overwrite`
// (--overwrite), as run treats its directory: a figure written over a file
// of the user's would lose it. Checked before any work, so that a long
// render or plot does not fail at its end.
inline void check_output_file(const std::string& option, const std::string& path, bool overwrite) {
  namespace fs = std::filesystem;
  const fs::path parent = fs::absolute(path).parent_path();
  if (!fs::is_directory(parent)) {
    throw InputError(option + " " + path, parent.string() +
                                              (fs::exists(parent) ? " is not a directory" : " does not exist") +
                                              ", expected a file name in an existing directory");
  }
  if (fs::is_directory(path)) throw InputError(option + " " + path, "is a directory, expected a file name");
  if (!overwrite && fs::exists(fs::symlink_status(path)))  // a dangling link too
    throw InputError(option + " " + path, "exists: pass --overwrite to replace it, or choose another name");
  // Nor one that appears while the command runs.
  if (!overwrite) never_replace(path);
  if (::access(parent.c_str(), W_OK) != 0)
    throw InputError(option + " " + path, "the directory " + parent.string() + " is not writable");
}

}  // namespace stackrace
