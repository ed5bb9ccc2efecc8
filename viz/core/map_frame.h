#pragma once
// One month of the map: what the view needs of each country, whether it was
// read from a recorded trajectory.pb or taken from a live simulation.

#include <string>
#include <vector>

#include "base/months.h"
#include "worlds/world.h"

namespace stackrace::viz {

struct CountryFrame {
  double ai_user_share = 0;     // of population
  StackArray stack_share{};     // of the country's AI users, indexed by Stack
  int dominant_stack = -1;      // -1 where there are no users
  int government_default = -1;  // Stack the government procures; -1 none yet
  int partnership = 0;          // Partnership enum: NEUTRAL, US_PARTNER, CN_PARTNER
  int export_tier = 2;          // 1, 2 or 3
  double displaced_worker_share = 0;  // of employment
  double stability_index = 1;         // 0..1
};

struct MapFrame {
  Month month;
  std::vector<CountryFrame> countries;  // in the order of the run's iso3 list
};

}  // namespace stackrace::viz
