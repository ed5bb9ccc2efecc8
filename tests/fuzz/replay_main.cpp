// Replays saved inputs through a harness without libFuzzer:
//   stackrace_fuzz_replay HARNESS DIR...
// runs every file in each DIR (missing folders are skipped: a harness may
// have no crashes yet). A finding crashes or aborts this process, which is
// what fails the ctest entry; the file being run is printed first so the
// log names it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/targets.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: stackrace_fuzz_replay HARNESS DIR...\n";
    return 2;
  }
  const stackrace::fuzz::Target* target = stackrace::fuzz::find_target(argv[1]);
  if (!target) {
    std::cerr << "stackrace_fuzz_replay: no harness named " << argv[1] << "\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    if (!fs::is_directory(argv[i])) continue;
    for (const fs::directory_entry& e : fs::directory_iterator(argv[i]))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  // An empty corpus would make the entry pass while testing nothing.
  if (files.empty()) {
    std::cerr << "stackrace_fuzz_replay: no inputs for " << target->name << "\n";
    return 1;
  }
  std::sort(files.begin(), files.end());  // a stable order, so a log is reproducible
  for (const fs::path& file : files) {
    std::cout << target->name << ": " << file.string() << std::endl;
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    target->run(bytes);
  }
  std::cout << target->name << ": " << files.size() << " inputs replayed\n";
  return 0;
}
