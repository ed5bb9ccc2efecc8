#pragma once
// Restrictions on Chinese AI services: what they cost the Chinese stacks in
// an adopter's choice. Government-device bans and procurement rules weigh on
// public bodies, enterprise data rules on firms, app-store removals and
// national blocks on households; each country has the levels in force from
// the world config, and the lever allied_cn_service_restrictions adds to them
// in full where the government is US-allied and, in part, where it is drawn
// to partner with the US (docs/levers.md).

#include "agents/adopters.h"
#include "base/proto/scenario.pb.h"
#include "worlds/world.h"

namespace stackrace {

// How much of the allied lever a country applies: all of it where the
// government is US-allied; elsewhere `partner_uptake` times the government's
// propensity to partner with the US (the security conditions of US offers).
double allied_lever_reach(const Country& country, double us_propensity, double partner_uptake);

// The restriction level on Chinese services for adopters of `kind` in
// `country`: the level in force, plus `lever_here` (the allied lever times
// its reach there), at most 1.
double cn_restriction_level(const Country& country, AdopterKind kind, double lever_here);

// The utility the Chinese stacks lose for adopters of `kind` in `country`:
// the restriction level times the kind's penalty at full restriction
// (Choice.cn_restriction_penalty_*).
double cn_service_penalty(const Country& country, AdopterKind kind, double lever_here, const Choice& choice);

}  // namespace stackrace
