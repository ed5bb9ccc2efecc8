#include "study/study_discover.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "base/svg.h"
#include "base/text_escape.h"
#include "study/study_analysis.h"
#include "study/study_outputs.h"
#include "study/study_session.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string trim(const std::string& text) {
  const std::size_t a = text.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return text.substr(a, text.find_last_not_of(" \t") - a + 1);
}

bool parse_number(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(out);
}

// The comparison operators of `text` in order, with their positions.
struct Op {
  std::size_t at = 0, length = 0;
  bool less = false;  // < or <=
};
std::vector<Op> operators(const std::string& text) {
  std::vector<Op> ops;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '<' && text[i] != '>') continue;
    const bool equal = i + 1 < text.size() && text[i + 1] == '=';
    ops.push_back({i, equal ? 2u : 1u, text[i] == '<'});
    if (equal) ++i;
  }
  return ops;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

void cell(std::string& row, const std::string& text) {
  row += ',';
  row += text;
}

}  // namespace

OutcomeCondition parse_condition(const std::string& text, const std::vector<std::string>& outcomes,
                                 const std::string& where) {
  const std::string usage = "expected 'OUTCOME >= X', 'OUTCOME <= X' or 'X <= OUTCOME <= Y'";
  const std::vector<Op> ops = operators(text);
  // Only >= and <= are supported; taking a strict comparison for them would
  // select runs the printed condition excludes (an outcome can equal the
  // bound: a count, an export tier).
  const std::string forms = usage.substr(std::string("expected ").size());
  for (const Op& op : ops) {
    if (op.length == 1) {
      const std::string strict = text.substr(op.at, 1);
      throw InputError(where,
                       "'" + text + "': '" + strict + "' is not supported: use '" + strict + "=' (" + forms + ")");
    }
  }
  std::vector<std::string> parts;
  std::size_t pos = 0;
  for (const Op& op : ops) {
    parts.push_back(trim(text.substr(pos, op.at - pos)));
    pos = op.at + op.length;
  }
  parts.push_back(trim(text.substr(pos)));
  OutcomeCondition c;
  c.text = text;
  c.low = -kInfinity;
  c.high = kInfinity;
  double a = 0, b = 0;
  if (ops.size() == 1) {
    // NAME op X, or X op NAME.
    const bool name_first = !parse_number(parts[0], a);
    const std::string& name = name_first ? parts[0] : parts[1];
    if (!parse_number(name_first ? parts[1] : parts[0], b)) throw InputError(where, "'" + text + "': " + usage);
    const bool at_most = name_first == ops[0].less;  // NAME <= X, or X >= NAME
    if (at_most) {
      c.high = b;
    } else {
      c.low = b;
    }
    c.outcome = name;
  } else if (ops.size() == 2 && ops[0].less == ops[1].less && parse_number(parts[0], a) &&
             parse_number(parts[2], b)) {
    c.outcome = parts[1];
    c.low = ops[0].less ? a : b;
    c.high = ops[0].less ? b : a;
    if (c.high < c.low) throw InputError(where, "'" + text + "': the range is empty (" + number(c.low) + " > " + number(c.high) + ")");
  } else {
    throw InputError(where, "'" + text + "': " + usage);
  }
  if (std::find(outcomes.begin(), outcomes.end(), c.outcome) == outcomes.end())
    throw InputError(where, "'" + text + "': unknown outcome '" + c.outcome + "' (the study's outcomes: " + comma_list(outcomes) + ")");
  return c;
}

std::string trajectory_svg(const PrimResult& result, const std::string& title) {
  constexpr double kW = 560, kH = 470, kLeft = 70, kTop = 50, kPlot = 340;
  std::ostringstream text;
  svg::Writer out(text);
  out.declaration();
  out.open(svg::root().attr("width", static_cast<int>(kW)).attr("height", static_cast<int>(kH))
               .attr("font-family", "sans-serif").attr("font-size", 12));
  out.line(svg::Element("text").attr("x", 10).attr("y", 24).attr("font-size", 15).with_text(title));
  out.line(svg::Element("rect").attr("x", kLeft, 0).attr("y", kTop, 0).attr("width", kPlot, 0)
               .attr("height", kPlot, 0).attr("fill", "none").attr("stroke", "#888888").empty());
  auto px = [&](double coverage) { return kLeft + coverage * kPlot; };
  auto py = [&](double density) { return kTop + (1 - density) * kPlot; };
  for (int t = 0; t <= 4; ++t) {
    const double v = t / 4.0;
    out.line(svg::Element("text").attr("x", px(v), 1).attr("y", kTop + kPlot + 16, 1).attr("text-anchor", "middle")
                 .with_text(svg::fixed(v, 2)) +
             svg::Element("text").attr("x", kLeft - 6, 1).attr("y", py(v) + 4, 1).attr("text-anchor", "end")
                 .with_text(svg::fixed(v, 2)));
  }
  out.line(svg::Element("text").attr("x", kLeft + kPlot / 2, 1).attr("y", kTop + kPlot + 34, 1)
               .attr("text-anchor", "middle").with_text("coverage (share of the runs of interest inside the box)"));
  out.line(svg::Element("text").attr("x", 16).attr("y", kTop + kPlot / 2, 1).attr("text-anchor", "middle")
               .attr("transform", "rotate(-90 16 " + svg::fixed(kTop + kPlot / 2, 1) + ")")
               .with_text("density (share of the box's runs of interest)"));
  svg::PointList line(1);
  for (const PrimBox& b : result.trajectory) line.add(px(b.coverage), py(b.density));
  out.line(svg::Element("polyline").attr("points", line.str()).attr("fill", "none").attr("stroke", "#0072b2").empty());
  for (std::size_t i = 0; i < result.trajectory.size(); ++i) {
    const PrimBox& b = result.trajectory[i];
    const bool chosen = i == result.chosen;
    out.line(svg::Element("circle").attr("cx", px(b.coverage), 1).attr("cy", py(b.density), 1)
                 .attr("r", chosen ? 6 : 3).attr("fill", chosen ? "#e69f00" : "#0072b2")
                 .with_title("step " + std::to_string(i) + ": coverage " + number(b.coverage) + ", density " +
                             number(b.density) + ", " + std::to_string(b.restricted_count()) + " factors restricted"));
  }
  out.line(svg::Element("circle").attr("cx", px(result.box.coverage), 1).attr("cy", py(result.box.density), 1)
               .attr("r", 6).attr("fill", "none").attr("stroke", "#d55e00").attr("stroke-width", 2)
               .with_title("the final box: pasted, restrictions chance can explain dropped"));
  out.line(svg::Element("text").attr("x", kLeft + 8, 1).attr("y", kTop + kPlot + 58, 1)
               .with_text("orange dot: the chosen peeling step; red ring: the final box"));
  out.close();
  return text.str();
}

std::string box_svg(const PrimResult& result, const std::vector<std::string>& factors, const std::string& title) {
  constexpr double kLabel = 230, kPlot = 320, kRow = 30, kTop = 70;
  const double height = kTop + kRow * static_cast<double>(factors.size()) + 20;
  std::ostringstream text;
  svg::Writer out(text);
  out.declaration();
  out.open(svg::root().attr("width", 760).attr("height", height, 0).attr("font-family", "sans-serif")
               .attr("font-size", 12));
  out.line(svg::Element("text").attr("x", 10).attr("y", 24).attr("font-size", 15).with_text(title));
  out.line(svg::Element("text").attr("x", 10).attr("y", 46).with_text(
      "coverage " + number(result.box.coverage) + ", density " + number(result.box.density) + ", " +
      std::to_string(result.box.runs) + " of " + std::to_string(result.total) +
      " runs; grey: each factor's range over all runs, blue: the box"));
  // Each factor's range over all runs is the first trajectory box's.
  const PrimBox& all = result.trajectory.front();
  for (std::size_t f = 0; f < factors.size(); ++f) {
    const double y = kTop + kRow * static_cast<double>(f);
    const double span = all.high[f] - all.low[f];
    auto at = [&](double v) { return kLabel + (span > 0 ? (v - all.low[f]) / span : 0.0) * kPlot; };
    const bool restricted = result.box.restricted[f];
    out.line(svg::Element("text").attr("x", kLabel - 8, 0).attr("y", y + 14, 0).attr("text-anchor", "end")
                 .attr("font-weight", restricted ? "bold" : "normal").with_text(factors[f]));
    out.line(svg::Element("rect").attr("x", kLabel, 0).attr("y", y + 4, 0).attr("width", kPlot, 0)
                 .attr("height", 14).attr("fill", "#dddddd").empty());
    out.line(svg::Element("rect").attr("x", at(result.box.low[f]), 1).attr("y", y + 4, 0)
                 .attr("width", std::max(1.0, at(result.box.high[f]) - at(result.box.low[f])), 1).attr("height", 14)
                 .attr("fill", restricted ? "#0072b2" : "#9ecae1").empty());
    const std::string note = restricted ? number(result.box.low[f]) + " .. " + number(result.box.high[f]) +
                                              "  (quasi-p " + number(result.quasi_p[f]) + ")"
                                        : "not restricted";
    out.line(svg::Element("text").attr("x", kLabel + kPlot + 8, 0).attr("y", y + 14, 0).with_text(note));
  }
  out.close();
  return text.str();
}

namespace {

// boxes.csv: the chosen box, one row per factor.
std::string boxes_csv(const PrimResult& result, const std::vector<std::string>& factors, const std::string& where) {
  std::string out =
      "box,condition,coverage,density,mass,runs,of_interest,factor,restricted,low,high,all_low,all_high,quasi_p\n";
  const PrimBox& b = result.box;
  const PrimBox& all = result.trajectory.front();
  for (std::size_t f = 0; f < factors.size(); ++f) {
    out += "1";
    for (const std::string& c : {csv_field(where), csv_number(b.coverage), csv_number(b.density), csv_number(b.mass),
                                 std::to_string(b.runs), std::to_string(b.of_interest), csv_field(factors[f]),
                                 std::string(b.restricted[f] ? "1" : "0"), csv_number(b.low[f]), csv_number(b.high[f]),
                                 csv_number(all.low[f]), csv_number(all.high[f]), csv_number(result.quasi_p[f])})
      cell(out, c);
    out += '\n';
  }
  return out;
}

// trajectory.csv: every peeling step with its box.
std::string trajectory_csv(const PrimResult& result, const std::vector<std::string>& factors) {
  std::string out = "step,coverage,density,mass,runs,of_interest,restricted,chosen";
  for (const std::string& f : factors) {
    cell(out, csv_field(f + "_low"));
    cell(out, csv_field(f + "_high"));
  }
  out += '\n';
  for (std::size_t i = 0; i < result.trajectory.size(); ++i) {
    const PrimBox& t = result.trajectory[i];
    out += std::to_string(i);
    for (const std::string& c : {csv_number(t.coverage), csv_number(t.density), csv_number(t.mass),
                                 std::to_string(t.runs), std::to_string(t.of_interest),
                                 std::to_string(t.restricted_count()), std::string(i == result.chosen ? "1" : "0")})
      cell(out, c);
    for (std::size_t f = 0; f < factors.size(); ++f) {
      cell(out, csv_number(t.low[f]));
      cell(out, csv_number(t.high[f]));
    }
    out += '\n';
  }
  return out;
}

void print_result(const PrimResult& result, const std::vector<std::string>& factors, const std::string& study,
                  const std::string& where, const PrimOptions& options, std::size_t skipped, std::ostream& out) {
  const PrimBox& b = result.box;
  const PrimBox& all = result.trajectory.front();
  out << "discover " << study << ": " << where << " holds in " << result.total_of_interest << " of " << result.total
      << " runs" << (skipped ? " (" + std::to_string(skipped) + " failed runs left out)" : "") << "\n";
  out << "  peeling: " << result.trajectory.size() - 1 << " steps; chosen step " << result.chosen
      << " (the densest with coverage >= " << number(options.min_coverage) << "), then pasted\n";
  if (result.dropped.empty() && b.restricted_count() > 0)
    out << "  every restriction has quasi-p <= " << number(options.max_quasi_p) << "\n";
  if (!result.dropped.empty()) {
    out << "  dropped as chance (quasi-p > " << number(options.max_quasi_p) << "):";
    for (std::size_t f : result.dropped) out << " " << factors[f];
    out << "\n";
  }
  out << "  box: coverage " << number(b.coverage) << ", density " << number(b.density) << ", " << b.runs
      << " runs (mass " << number(b.mass) << ")\n";
  for (std::size_t f = 0; f < factors.size(); ++f) {
    if (!b.restricted[f]) continue;
    char line[256];
    std::snprintf(line, sizeof line, "    %-26s %10s .. %-10s of %s .. %s   quasi-p %s\n", factors[f].c_str(),
                  number(b.low[f]).c_str(), number(b.high[f]).c_str(), number(all.low[f]).c_str(),
                  number(all.high[f]).c_str(), number(result.quasi_p[f]).c_str());
    out << line;
  }
  if (b.restricted_count() == 0 && !result.dropped.empty()) {
    out << "    no factor restricted: no restriction found passed the quasi-p test, so these runs cannot tell the "
           "condition from chance (more runs of interest may)\n";
  } else if (b.restricted_count() == 0) {
    out << "    no factor restricted: the condition does not depend on the factors' ranges\n";
  }
}

}  // namespace

namespace {

// The option whose runs `discover` searches, by index; none (npos) in a study without options.
std::size_t chosen_option(const fs::path& dir, const StudyPlan& plan, const std::string& option) {
  std::string names;
  for (const StudyOption& o : plan.options) names += (names.empty() ? "" : ", ") + o.name;
  if (plan.options.empty()) {
    if (option.empty()) return std::string::npos;
    throw InputError("--option " + option, "the study in " + dir.string() + " has no policy options");
  }
  for (std::size_t k = 0; k < plan.options.size(); ++k)
    if (plan.options[k].name == option) return k;
  throw InputError(option.empty() ? dir.string() : "--option " + option,
                   (option.empty() ? "the study compares policy options, which are not factors: "
                                   : "no such option: ") +
                       std::string("name the option whose futures to search with --option (one of: ") + names + ")");
}

// The box, the peeling and their charts, each file whole, in `target`.
void write_discovery(const fs::path& target, const PrimResult& result, const std::vector<std::string>& factors,
                     const std::string& name, const std::string& where) {
  fs::create_directories(target);
  write_file_atomically(target / "boxes.csv", boxes_csv(result, factors, where));
  write_file_atomically(target / "trajectory.csv", trajectory_csv(result, factors));
  write_file_atomically(target / "trajectory.svg", trajectory_svg(result, name + ": PRIM peeling, " + where));
  write_file_atomically(target / "box.svg", box_svg(result, factors, name + ": " + where));
}

// PRIM reads a box's mass and density as shares of the factor space, which
// a design that spreads its points over it (random, Latin hypercube, grid,
// Saltelli's quasi-random matrices) allows; Morris trajectories crowd a few
// levels and move one factor at a time.
void note_design(const StudyPlan& plan, std::ostream& out) {
  if (plan.design != DesignKind::kMorris) return;
  out << "  note: a Morris design's points follow trajectories on a few levels, not spread over the factors' "
         "ranges: read the box's coverage and density with care, and confirm it with a Latin hypercube study\n";
}

}  // namespace

void study_discover(const fs::path& dir, const std::string& where, const std::string& option,
                    const PrimOptions& options, std::ostream& out) {
  OpenedStudy study = open_study_dir(dir);
  const StudyPlan& plan = study.plan;
  // A box found among the runs done so far would describe them, not the
  // design (a resumed study runs in an order of its own). Failed runs are
  // left out below, and counted.
  if (study.runs.size() != plan.run_count()) {
    throw InputError(dir.string(), "the study is incomplete: " + std::to_string(study.runs.size()) + " of " +
                                       std::to_string(plan.run_count()) + " runs" + finish_study_advice(dir.string()));
  }
  std::vector<std::string> names, factors;
  for (const OutcomeExpr& o : plan.outcomes) names.push_back(o.name);
  for (const StudyFactor& f : plan.factors) factors.push_back(f.name);
  const OutcomeCondition condition = parse_condition(where, names, "--where");
  const std::size_t only = chosen_option(dir, plan, option);
  const auto outcome =
      static_cast<std::size_t>(std::find(names.begin(), names.end(), condition.outcome) - names.begin());

  std::vector<std::vector<double>> x;
  std::vector<bool> interesting;
  std::size_t skipped = 0;
  auto searched = [&](const StoredRun& r) {
    return only == std::string::npos || plan.option_of(static_cast<std::size_t>(r.point)) == only;
  };
  for (const StoredRun& r : study.runs) {
    if (!searched(r)) continue;
    if (!r.ok()) {
      ++skipped;
      continue;
    }
    x.push_back(r.factors);
    interesting.push_back(condition.holds(r.outcomes[outcome]));
  }
  PrimResult result;
  try {
    result = prim(x, interesting, options);
  } catch (const std::invalid_argument& e) {
    double low = INFINITY, high = -INFINITY;
    for (const StoredRun& r : study.runs) {
      if (!r.ok() || !searched(r)) continue;
      low = std::min(low, r.outcomes[outcome]);
      high = std::max(high, r.outcomes[outcome]);
    }
    const std::string hint = x.size() < prim_min_runs(options)
                                 ? "; run a larger study, or raise --peel-alpha or --mass-min"
                                 : " (" + condition.outcome + " ranges " + number(low) + " .. " + number(high) +
                                       " over the " + std::to_string(x.size()) + " runs)";
    throw InputError(dir.string(), std::string("cannot discover '") + where + "': " + e.what() + hint);
  }
  if (::access(dir.c_str(), W_OK) != 0)
    throw InputError(dir.string(), "is read-only: discover writes into DIR/discover/");

  const std::string name = (plan.spec.name().empty() ? dir.filename().string() : plan.spec.name()) +
                           (option.empty() ? "" : ", option " + option);
  // One option's search has a folder of its own, so that each option's is kept.
  const fs::path target = option.empty() ? dir / "discover" : dir / "discover" / option;
  write_discovery(target, result, factors, name, where);
  print_result(result, factors, name, where, options, skipped, out);
  note_design(plan, out);
  out << "  outputs in " << target.string() << "\n";
}

}  // namespace stackrace
