#pragma once
// Which bloc a stack belongs to, and whether its models are open weights.

#include "base/proto/stack.pb.h"

namespace stackrace {

inline bool is_us_stack(int s) { return s == US_CLOSED || s == US_OPEN; }
inline bool is_cn_stack(int s) { return s == CN_CLOSED || s == CN_OPEN; }
inline bool is_open_weights(int s) { return s == US_OPEN || s == CN_OPEN; }

}  // namespace stackrace
