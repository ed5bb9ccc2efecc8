#pragma once
// The --help text of every command and subcommand: what it does, its usage,
// its arguments and one example that works from the repository root.
//   stackrace --help, stackrace help [COMMAND], stackrace COMMAND --help,
//   stackrace study report --help, ...

#include <string>
#include <vector>

namespace stackrace::cli {

// The top-level usage: one line per command. Printed by `stackrace --help`
// and after a command-line mistake.
const std::string& top_level_usage();

// "run", "compare", "study report", ...: every command that has a --help.
const std::vector<std::string>& commands_with_help();

// After "unknown command 'X'": that options go after the command, when X is
// one, or the command X is probably a slip for (" (did you mean 'run'?)"),
// or "".
std::string unknown_command_hint(const std::string& word);

// Of `candidates`, the ones `word` is most probably a slip for (a letter
// swapped, missing or extra in a word of three letters or more, two from
// five), as "a" or "a or b" when they tie, or "".
std::string closest_word(const std::string& word, const std::vector<std::string>& candidates);

// The help of `command` (as in commands_with_help), or nullptr.
const char* command_help(const std::string& command);

// The command a --help or -h among argv[2..] asks about ("study report" for
// `stackrace study report DIR --help`), or "" when none is asked for.
// argv[1] is the command; an unknown command asks about nothing.
std::string help_request(int argc, char** argv);

}  // namespace stackrace::cli
