#include "agents/restrictions.h"

#include <algorithm>

namespace stackrace {

double cn_restriction_level(const Country& country, AdopterKind kind, double allied_lever) {
  const CnRestriction& r = country.cn_restriction;
  const double in_force = kind == AdopterKind::kPublicBody ? r.public_bodies
                          : kind == AdopterKind::kFirm     ? r.firms
                                                           : r.households;
  return std::min(1.0, in_force + (country.us_allied ? allied_lever : 0.0));
}

double cn_service_penalty(const Country& country, AdopterKind kind, double allied_lever, const Choice& choice) {
  const double full = kind == AdopterKind::kPublicBody ? choice.cn_restriction_penalty_public_body()
                      : kind == AdopterKind::kFirm     ? choice.cn_restriction_penalty_firm()
                                                       : choice.cn_restriction_penalty_household();
  return cn_restriction_level(country, kind, allied_lever) * full;
}

}  // namespace stackrace
