#pragma once
// Field paths as --set, the range checks and error messages write them:
// "population.adopters", "supply.lab[1].name", "access.blocked[0].iso3[2]".
// Names are separated by dots; an entry of a repeated field carries its
// index in brackets.

#include <string>
#include <vector>

namespace stackrace {

// One name of a path, with its index when it has one.
struct PathSegment {
  std::string name;
  int index = -1;  // -1: no [i]
};

// "a.b[2].c" -> {a}, {b, 2}, {c}. False on malformed text: an empty name, a
// trailing dot, an index that is not a non-negative integer.
bool split_path(const std::string& path, std::vector<PathSegment>& out);

// "field[i]": the path of entry i of a repeated field, as --set writes it.
std::string item_path(const std::string& field, int i);

}  // namespace stackrace
