#pragma once
// The AI stacks and the two blocs, named once. The enums live in the schemas
// (base/proto/stack.proto, base/proto/output.proto); everything that prints a
// stack or a bloc, in a CSV column, an event or a figure label, takes its
// name from here.

#include <array>

#include "base/proto/output.pb.h"
#include "base/proto/stack.pb.h"

namespace stackrace {

inline constexpr int kStackCount = 5;
static_assert(kStackCount == Stack_ARRAYSIZE && OTHER == kStackCount - 1,
              "kStackCount and the name tables below follow the Stack enum of base/proto/stack.proto");
static_assert(Partnership_ARRAYSIZE == 3, "the bloc name tables below follow the Partnership enum");

using StackArray = std::array<double, kStackCount>;

inline bool is_us_stack(int s) { return s == US_CLOSED || s == US_OPEN; }
inline bool is_cn_stack(int s) { return s == CN_CLOSED || s == CN_OPEN; }
inline bool is_open_weights(int s) { return s == US_OPEN || s == CN_OPEN; }

// Output column stem: "us_closed", "us_open", "cn_closed", "cn_open", "other";
// "none" for anything else (no dominant stack).
const char* stack_column(int stack);
// Figure label: "US closed", ..., "Other"; "none" for anything else.
const char* stack_label(int stack);
// A partnership's bloc in events.csv: "none", "US", "CN".
const char* bloc_name(int partnership);
// A partnership in countries.csv's `partner` column: "none", "us", "cn".
const char* partner_column(int partnership);
// A partnership in figures and tooltips: "neutral", "US partner", "China partner".
const char* partnership_label(int partnership);

}  // namespace stackrace
