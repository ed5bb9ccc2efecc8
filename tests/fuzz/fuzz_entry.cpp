// libFuzzer's entry point for one harness, chosen at compile time by
// STACKRACE_FUZZ_TARGET (tests/fuzz/CMakeLists.txt builds one per harness).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  stackrace::fuzz::STACKRACE_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
