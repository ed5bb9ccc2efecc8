#pragma once
// Restrictions on Chinese AI services: what they cost the Chinese stacks in
// an adopter's choice. Government-device bans and procurement rules weigh on
// public bodies, enterprise data rules on firms, app-store removals and
// national blocks on households; each country has the levels in force from
// the world config, and the US-allied governments add the lever
// allied_cn_service_restrictions on top (docs/levers.md).

#include "agents/adopters.h"
#include "base/proto/scenario.pb.h"
#include "worlds/world.h"

namespace stackrace {

// The restriction level on Chinese services for adopters of `kind` in
// `country`: the level in force, plus `allied_lever` where the government is
// US-allied, at most 1.
double cn_restriction_level(const Country& country, AdopterKind kind, double allied_lever);

// The utility the Chinese stacks lose for adopters of `kind` in `country`:
// the restriction level times the kind's penalty at full restriction
// (Choice.cn_restriction_penalty_*).
double cn_service_penalty(const Country& country, AdopterKind kind, double allied_lever, const Choice& choice);

}  // namespace stackrace
