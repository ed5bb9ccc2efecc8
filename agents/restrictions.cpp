#include "agents/restrictions.h"

#include <algorithm>

namespace stackrace {

double allied_lever_reach(const Country& country, double us_propensity, double partner_uptake) {
  return country.us_allied ? 1.0 : partner_uptake * std::clamp(us_propensity, 0.0, 1.0);
}

double cn_restriction_level(const Country& country, AdopterKind kind, double lever_here) {
  const CnRestriction& r = country.cn_restriction;
  const double in_force = kind == AdopterKind::kPublicBody ? r.public_bodies
                          : kind == AdopterKind::kFirm     ? r.firms
                                                           : r.households;
  return std::min(1.0, in_force + lever_here);
}

double cn_service_penalty(const Country& country, AdopterKind kind, double lever_here, const Choice& choice) {
  const double full = kind == AdopterKind::kPublicBody ? choice.cn_restriction_penalty_public_body()
                      : kind == AdopterKind::kFirm     ? choice.cn_restriction_penalty_firm()
                                                       : choice.cn_restriction_penalty_household();
  return cn_restriction_level(country, kind, lever_here) * full;
}

}  // namespace stackrace
