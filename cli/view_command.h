#pragma once
// `stackrace view` and `stackrace render`: the map view's commands (viz/).
// Both throw InputError on bad input (exit 2). Without SFML, `view` and PNG
// figures print how to get it and return 1; SVG figures always work.

#include <string>

namespace stackrace::cli {

bool is_view_command(const std::string& command);  // "view" or "render"

// argv[1] is the command. Returns the exit code.
int run_view_command(int argc, char** argv);

}  // namespace stackrace::cli
