#pragma once
// `stackrace compare`: the shipped scenarios side by side against the paper.

namespace stackrace {

// Throws InputError on bad input (main turns it into exit code 2).
int compare_main(int argc, char** argv);

}  // namespace stackrace
