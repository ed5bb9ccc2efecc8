#include "base/stacks.h"

namespace stackrace {

namespace {

template <int N>
const char* lookup(const char* const (&names)[N], int index, const char* fallback) {
  return index >= 0 && index < N ? names[index] : fallback;
}

}  // namespace

const char* stack_column(int stack) {
  static const char* const names[kStackCount] = {"us_closed", "us_open", "cn_closed", "cn_open", "other"};
  return lookup(names, stack, "none");
}

const char* stack_label(int stack) {
  static const char* const labels[kStackCount] = {"US closed", "US open", "CN closed", "CN open", "Other"};
  return lookup(labels, stack, "none");
}

const char* bloc_name(int partnership) {
  static const char* const names[Partnership_ARRAYSIZE] = {"none", "US", "CN"};
  return lookup(names, partnership, "none");
}

const char* partner_column(int partnership) {
  static const char* const names[Partnership_ARRAYSIZE] = {"none", "us", "cn"};
  return lookup(names, partnership, "none");
}

const char* partnership_label(int partnership) {
  static const char* const labels[Partnership_ARRAYSIZE] = {"neutral", "US partner", "China partner"};
  return lookup(labels, partnership, "neutral");
}

}  // namespace stackrace
