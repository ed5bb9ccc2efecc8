#pragma once
// The hover tooltip's text for one country in one month.

#include <string>

#include "viz/core/map_frame.h"
#include "viz/core/map_model.h"

namespace stackrace::viz {

// Lines: name (ISO3); AI user share; the five stack shares; tier,
// partnership and the government's default stack.
std::string tooltip_text(const MapCountry& country, const CountryFrame& state);

}  // namespace stackrace::viz
