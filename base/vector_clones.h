#pragma once
// STACKRACE_VECTOR_CLONES before a function with a vectorisable loop: GCC on
// x86-64 builds it three times (AVX-512, AVX2, plain x86-64) and the loader
// picks the best the machine has. Elsewhere, and with other compilers, the
// function is built once for the target. The clones compute the same values:
// every build fuses no multiply with an add (-ffp-contract=off, CMakeLists.txt),
// so a float expression rounds the same way in each.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define STACKRACE_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define STACKRACE_VECTOR_CLONES
#endif
