#pragma once
// Unit conversions the configs' units imply. Money in the configs is in
// millions of US dollars (`_musd`) or dollars (`_usd`); growth rates are per
// year, steps are months (kMonthsPerYear is in base/months.h).

namespace stackrace {

inline constexpr double kUsdPerMusd = 1e6;  // US dollars in a million
inline constexpr double kUsdPerBusd = 1e9;  // US dollars in a billion
inline constexpr double kTokensPerMtok = 1e6;  // tokens in a million (prices are per million tokens)

}  // namespace stackrace
