#include "support/spec_loading.h"

#include <gtest/gtest.h>

#include "base/errors.h"

namespace stackrace::test_support {

std::string error_of(const TinyWorld& w, const SpecOptions& options) {
  try {
    w.load(options);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

SpecOptions sets(std::vector<std::string> overrides) {
  SpecOptions o;
  o.overrides = std::move(overrides);
  return o;
}

std::string at(const std::filesystem::path& file, const std::string& text, const std::string& needle) {
  return file.string() + ":" + std::to_string(line_of(text, needle)) + ":" + std::to_string(column_of(text, needle));
}

TinyWorldTexts with_scenario(const std::string& from, const std::string& to) {
  TinyWorldTexts t = tiny_world_texts();
  t.scenario = replace_once(t.scenario, from, to);
  return t;
}

TinyWorldTexts inline_supply(const std::string& from, const std::string& to) {
  TinyWorldTexts t = tiny_world_texts();
  const std::string supply = from.empty() ? t.supply : replace_once(t.supply, from, to);
  t.scenario =
      replace_once(t.scenario, "supply_config: \"../data/supply.textproto\"\n", "") + "supply {\n" + supply + "}\n";
  return t;
}

}  // namespace stackrace::test_support
