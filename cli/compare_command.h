#pragma once
// `stackrace compare`: the shipped scenarios side by side against the paper.

namespace stackrace {

int compare_main(int argc, char** argv);

}  // namespace stackrace
