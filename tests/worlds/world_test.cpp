#include "worlds/world.h"

#include <gtest/gtest.h>

#include <utility>

#include <numeric>
#include <string>

#include "base/problems.h"
#include "base/textproto_parse.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;

// Parses the tiny world's texts in memory (names d.textproto, c.textproto,
// o.textproto) and builds the world.
struct Built {
  World world;
  std::vector<Problem> problems;
  std::string joined() const {
    std::string s;
    for (const Problem& p : problems) s += p.str() + "\n";
    return s;
  }
};

Built build(const TinyWorldTexts& t) {
  WorldData data;
  WorldConfig config;
  ObservedAdoption observed;
  const SourceMap ds = parse_textproto(t.world_data, "d.textproto", data);
  const SourceMap cs = parse_textproto(t.world_config, "c.textproto", config);
  const SourceMap os = parse_textproto(t.observed, "o.textproto", observed);
  Built b;
  b.world = build_world({data, ds, config, cs, observed, os}, b.problems);
  return b;
}

// "file:LINE:" for the first occurrence of `needle` in `text`.
std::string at_line(const std::string& file, const std::string& text, const std::string& needle) {
  return file + ":" + std::to_string(line_of(text, needle)) + ":";
}

// Exactly one problem, whose text starts with `where` and contains `what`.
void expect_one_problem(const Built& b, const std::string& where, const std::string& what) {
  ASSERT_EQ(b.problems.size(), 1u) << b.joined();
  const std::string s = b.problems[0].str();
  EXPECT_EQ(s.rfind(where, 0), 0u) << s << "\nexpected at " << where;
  EXPECT_NE(s.find(what), std::string::npos) << s << "\nexpected to contain " << what;
}

TEST(BuildWorld, TinyWorldResolves) {
  const Built b = build(tiny_world_texts());
  ASSERT_TRUE(b.problems.empty()) << b.joined();
  const World& w = b.world;
  ASSERT_EQ(w.countries.size(), 4u);
  // Sorted by iso3 whatever the file order.
  EXPECT_EQ(w.countries[kATA].iso3, "ATA");
  EXPECT_EQ(w.countries[kCHN].iso3, "CHN");
  EXPECT_EQ(w.countries[kIND].iso3, "IND");
  EXPECT_EQ(w.countries[kUSA].iso3, "USA");
  EXPECT_EQ(w.find("IND"), kIND);
  EXPECT_EQ(w.find("XXX"), -1);
  EXPECT_EQ(w.countries[kCHN].neighbours, std::vector<int>{kIND});
  EXPECT_EQ(w.countries[kIND].neighbours, std::vector<int>{kCHN});
  EXPECT_TRUE(w.countries[kUSA].neighbours.empty());

  EXPECT_EQ(w.countries[kUSA].income_group, HIGH);
  EXPECT_EQ(w.countries[kCHN].income_group, UPPER_MIDDLE);
  EXPECT_EQ(w.countries[kIND].income_group, LOWER_MIDDLE);
  EXPECT_TRUE(w.countries[kIND].developing());
  EXPECT_FALSE(w.countries[kCHN].developing());
  EXPECT_FALSE(w.countries[kATA].inhabited());

  EXPECT_EQ(w.countries[kUSA].export_tier, 1u);
  EXPECT_EQ(w.countries[kCHN].export_tier, 3u);
  EXPECT_EQ(w.countries[kIND].export_tier, 2u);  // default_tier
  // US-allied: Tier 1 (allied_max_export_tier: 1); no restrictions in force.
  EXPECT_TRUE(w.countries[kUSA].us_allied);
  EXPECT_FALSE(w.countries[kIND].us_allied);
  EXPECT_FALSE(w.countries[kCHN].us_allied);
  EXPECT_EQ(w.countries[kUSA].cn_restriction.public_bodies, 0.0);

  EXPECT_DOUBLE_EQ(w.countries[kUSA].alignment, 1.0);   // override
  EXPECT_DOUBLE_EQ(w.countries[kCHN].alignment, -1.0);  // override
  EXPECT_DOUBLE_EQ(w.countries[kIND].alignment, 0.1);   // region default
  EXPECT_DOUBLE_EQ(w.countries[kUSA].enforcement_capacity, 0.85);

  for (const Country& c : w.countries) {
    EXPECT_NEAR(std::accumulate(c.initial_mix.begin(), c.initial_mix.end(), 0.0), 1.0, 1e-12) << c.iso3;
  }
  // CHN's override mix (0.9, 0.05, 0.03, 0.02, 0) normalised.
  EXPECT_NEAR(w.countries[kCHN].initial_mix[US_CLOSED], 0.9, 1e-12);

  EXPECT_TRUE(w.countries[kUSA].observed);
  EXPECT_EQ(w.countries[kUSA].target_basis, "observed");
  EXPECT_DOUBLE_EQ(w.countries[kUSA].target_h1_share, 0.30);
  EXPECT_DOUBLE_EQ(w.countries[kUSA].target_h2_share, 0.33);
  EXPECT_FALSE(w.countries[kATA].observed);
  EXPECT_EQ(w.countries[kATA].target_h2_share, 0.0);

  // Online share at least holds the observed users with headroom.
  EXPECT_DOUBLE_EQ(w.countries[kUSA].internet_share, 0.93);
  EXPECT_DOUBLE_EQ(w.countries[kIND].internet_share, 0.55);
  EXPECT_NEAR(w.countries[kIND].internet_growth_per_month, 0.025 / 12, 1e-15);
}

TEST(BuildWorld, OnlineHeadroomRaisesInternetShare) {
  TinyWorldTexts t = tiny_world_texts();
  t.observed = replace_once(t.observed, "h1_2025_pct: 9.0 h2_2025_pct: 10.0", "h1_2025_pct: 50 h2_2025_pct: 60");
  const Built b = build(t);
  ASSERT_TRUE(b.problems.empty()) << b.joined();
  EXPECT_DOUBLE_EQ(b.world.countries[kIND].internet_share, 0.75);  // 0.6 * 1.25 > 0.55
}

TEST(BuildWorld, UnobservedCountryImputedFromItsRegionAndIncomeGroup) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_data += "country { iso3: \"PAK\" region: \"south_asia\" population: 2e8 gdp_per_capita_usd: 1500 }\n";
  t.world_data += "country { iso3: \"BRB\" region: \"north_america\" population: 3e5 gdp_per_capita_usd: 3000 }\n";
  const Built b = build(t);
  ASSERT_TRUE(b.problems.empty()) << b.joined();
  const Country& pak = b.world.countries[b.world.find("PAK")];
  EXPECT_FALSE(pak.observed);
  EXPECT_DOUBLE_EQ(pak.target_h1_share, 0.09);  // IND: same region and group
  EXPECT_DOUBLE_EQ(pak.target_h2_share, 0.10);
  EXPECT_NE(pak.target_basis.find("median of 1 observed south_asia lower-middle"), std::string::npos)
      << pak.target_basis;
  // No observed lower-middle economy in north_america: the group's worldwide median (IND).
  const Country& brb = b.world.countries[b.world.find("BRB")];
  EXPECT_DOUBLE_EQ(brb.target_h2_share, 0.10);
  EXPECT_NE(brb.target_basis.find("median of 1 observed lower-middle economies"), std::string::npos)
      << brb.target_basis;
}

TEST(BuildWorld, UnobservedGroupFallsBackToIncomeGroupDefault) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_data += "country { iso3: \"NER\" region: \"south_asia\" population: 2e7 gdp_per_capita_usd: 500 }\n";
  const Built b = build(t);
  ASSERT_TRUE(b.problems.empty()) << b.joined();
  const Country& ner = b.world.countries[b.world.find("NER")];
  EXPECT_EQ(ner.income_group, LOW);
  EXPECT_DOUBLE_EQ(ner.target_h1_share, 0.065);
  EXPECT_DOUBLE_EQ(ner.target_h2_share, 0.07);
  EXPECT_EQ(ner.target_basis, "imputed: income-group default in world config");
}

TEST(ClassifyIncome, ThresholdsAreInclusiveUpperBounds) {
  IncomeThresholds t;
  t.set_low_max_usd(1145);
  t.set_lower_middle_max_usd(4515);
  t.set_upper_middle_max_usd(14005);
  EXPECT_EQ(classify_income(0, t), LOW);
  EXPECT_EQ(classify_income(1145, t), LOW);
  EXPECT_EQ(classify_income(1145.01, t), LOWER_MIDDLE);
  EXPECT_EQ(classify_income(4515, t), LOWER_MIDDLE);
  EXPECT_EQ(classify_income(14005, t), UPPER_MIDDLE);
  EXPECT_EQ(classify_income(14005.5, t), HIGH);
  EXPECT_STREQ(income_group_name(UPPER_MIDDLE), "upper-middle");
}

TEST(BuildWorld, CnServiceRestrictionsPerCountryAndKind) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config = replace_once(t.world_config, "cn_service_restrictions { allied_max_export_tier: 1 }",
                                "cn_service_restrictions {\n  allied_max_export_tier: 2\n"
                                "  country { iso3: \"IND\" public_bodies: 1 firms: 0.25 households: 0.5 }\n}");
  const Built b = build(t);
  ASSERT_TRUE(b.problems.empty()) << b.joined();
  const Country& ind = b.world.countries[kIND];
  EXPECT_DOUBLE_EQ(ind.cn_restriction.public_bodies, 1.0);
  EXPECT_DOUBLE_EQ(ind.cn_restriction.firms, 0.25);
  EXPECT_DOUBLE_EQ(ind.cn_restriction.households, 0.5);
  EXPECT_EQ(b.world.countries[kUSA].cn_restriction.households, 0.0) << "not listed: none";
  // Tier 2 and below are allied now; CHN (Tier 3) is not.
  EXPECT_TRUE(ind.us_allied);
  EXPECT_TRUE(b.world.countries[kUSA].us_allied);
  EXPECT_FALSE(b.world.countries[kCHN].us_allied);
}

TEST(BuildWorldErrors, CnServiceRestrictionsUnknownOrDuplicateCountry) {
  const std::string block = "cn_service_restrictions { allied_max_export_tier: 1 }";
  TinyWorldTexts t = tiny_world_texts();
  t.world_config = replace_once(t.world_config, block,
                                "cn_service_restrictions { country { iso3: \"QQQ\" public_bodies: 1 } }");
  expect_one_problem(build(t), at_line("c.textproto", t.world_config, "\"QQQ\""), "unknown ISO3 code 'QQQ'");
  TinyWorldTexts d = tiny_world_texts();
  d.world_config = replace_once(d.world_config, block,
                                "cn_service_restrictions {\n  country { iso3: \"USA\" firms: 1 }\n"
                                "  country { iso3: \"USA\" }\n}");
  const int line = line_of(d.world_config, "  country { iso3: \"USA\" }");
  expect_one_problem(build(d), "c.textproto:" + std::to_string(line) + ":", "duplicate restriction entry for 'USA'");
}

// A bloc's territories (WorldConfig.territories) are flagged; an unknown
// code, or a country given to both blocs, is refused at its line.
TEST(BuildWorld, BlocTerritories) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config += "territories { us_iso3: \"IND\" }\n";
  const Built b = build(t);
  ASSERT_TRUE(b.problems.empty()) << b.joined();
  EXPECT_TRUE(b.world.countries[kIND].us_territory);
  EXPECT_FALSE(b.world.countries[kIND].cn_territory);
  EXPECT_FALSE(b.world.countries[kUSA].us_territory);  // the labs' country is home without being listed

  TinyWorldTexts unknown = tiny_world_texts();
  unknown.world_config += "territories { cn_iso3: \"QQQ\" }\n";
  expect_one_problem(build(unknown), at_line("c.textproto", unknown.world_config, "cn_iso3"),
                     "unknown ISO3 code 'QQQ'");
  TinyWorldTexts allied = tiny_world_texts();  // the USA is export tier 1, US-allied, in the tiny world
  allied.world_config += "territories { cn_iso3: \"USA\" }\n";
  expect_one_problem(build(allied), at_line("c.textproto", allied.world_config, "cn_iso3"),
                     "USA is US-allied (export tier 1), so it cannot be China's territory");
  TinyWorldTexts both = tiny_world_texts();
  both.world_config += "territories {\n  us_iso3: \"IND\"\n  cn_iso3: \"IND\"\n}\n";
  expect_one_problem(build(both), at_line("c.textproto", both.world_config, "cn_iso3"),
                     "IND is listed twice among the territories: a country is of one bloc's territory at most");
}

TEST(BuildWorldErrors, DuplicateCountryIso3) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_data += "country {\n  iso3: \"IND\"\n  region: \"south_asia\"\n  population: 5\n}\n";
  const Built b = build(t);
  // Reported at the second record, the duplicate.
  const std::string where = "d.textproto:" + std::to_string(split_lines(t.world_data).size() - 3) + ":";
  expect_one_problem(b, where, "duplicate country id 'IND'");
}

TEST(BuildWorldErrors, UnknownNeighbour) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_data = replace_once(t.world_data, "neighbour: [\"CHN\"]", "neighbour: [\"CHN\", \"ZZZ\"]");
  expect_one_problem(build(t), at_line("d.textproto", t.world_data, "\"ZZZ\""), "unknown ISO3 code 'ZZZ'");
}

// A border is shared both ways, and not with oneself; each is reported at
// the entry that breaks it.
TEST(BuildWorldErrors, NeighboursAreMutualAndNotOneself) {
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_data = replace_once(t.world_data, "neighbour: [\"CHN\"]", "neighbour: [\"CHN\", \"USA\"]");
    expect_one_problem(build(t), at_line("d.textproto", t.world_data, "\"USA\"]"),
                       "IND lists USA as a neighbour, but USA does not list IND");
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_data = replace_once(t.world_data, "neighbour: [\"CHN\"]", "neighbour: [\"CHN\", \"IND\"]");
    expect_one_problem(build(t), at_line("d.textproto", t.world_data, "\"IND\"]"), "IND lists itself as a neighbour");
  }
}

// Income sets what AI costs against what people earn: an inhabited country
// without a GDP figure is refused, an uninhabited one may have none.
TEST(BuildWorldErrors, AnInhabitedCountryNeedsAGdp) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_data = replace_once(t.world_data, "gdp_per_capita_usd: 2000", "gdp_per_capita_usd: 0");
  // One problem: its neighbour China's list still finds it.
  expect_one_problem(build(t), at_line("d.textproto", t.world_data, "gdp_per_capita_usd: 0"),
                     "IND: an inhabited country needs gdp_per_capita_usd above 0");
}

TEST(BuildWorldErrors, UnknownIsoInTierList) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config = replace_once(t.world_config, "iso3: [\"USA\"]", "iso3: [\"USA\", \"QQQ\"]");
  expect_one_problem(build(t), at_line("c.textproto", t.world_config, "\"QQQ\""), "unknown ISO3 code 'QQQ'");
}

TEST(BuildWorldErrors, CountryInTwoTiers) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config = replace_once(t.world_config, "iso3: [\"CHN\"]", "iso3: [\"CHN\", \"USA\"]");
  const std::string first = at_line("c.textproto", t.world_config, "iso3: [\"USA\"]");
  expect_one_problem(build(t), at_line("c.textproto", t.world_config, "iso3: [\"CHN\", \"USA\"]"),
                     "'USA' is already listed in a tier at " + first);
}

TEST(BuildWorldErrors, UnknownIsoInOverride) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config += "country { iso3: \"XYZ\" alignment: 0.5 }\n";
  expect_one_problem(build(t), at_line("c.textproto", t.world_config, "iso3: \"XYZ\""), "unknown ISO3 code 'XYZ'");
}

TEST(BuildWorldErrors, DuplicateOverride) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config += "country { iso3: \"USA\" alignment: 0.5 }\n";
  const int line = static_cast<int>(split_lines(t.world_config).size());
  expect_one_problem(build(t), "c.textproto:" + std::to_string(line) + ":", "duplicate override for 'USA'");
}

TEST(BuildWorldErrors, UnknownIsoInObserved) {
  TinyWorldTexts t = tiny_world_texts();
  t.observed = replace_once(t.observed, "iso3: \"IND\"", "iso3: \"INX\"");
  expect_one_problem(build(t), at_line("o.textproto", t.observed, "\"INX\""), "unknown ISO3 code 'INX'");
}

// No one lives in Antarctica: a share observed there cannot be matched (fit
// printed it, and its regression baseline came out nan).
TEST(BuildWorldErrors, ObservationOfAnUninhabitedPlace) {
  TinyWorldTexts t = tiny_world_texts();
  t.observed += "economy { iso3: \"ATA\" name: \"Antarctica\" h1_2025_pct: 4.0 h2_2025_pct: 4.5 }\n";
  expect_one_problem(build(t), at_line("o.textproto", t.observed, "\"ATA\""),
                     "ATA has no population in the world data: an AI user share there cannot be observed");
}

// Shares written as fractions pass every range check: a file whose every
// share is below 1% is refused as that mistake.
TEST(BuildWorldErrors, ObservedSharesAsFractions) {
  TinyWorldTexts t = tiny_world_texts();
  for (const auto& [from, to] :
       {std::pair{"h1_2025_pct: 15.4 h2_2025_pct: 16.3", "h1_2025_pct: 0.154 h2_2025_pct: 0.163"},
        std::pair{"h1_2025_pct: 9.0 h2_2025_pct: 10.0", "h1_2025_pct: 0.09 h2_2025_pct: 0.1"},
        std::pair{"h1_2025_pct: 30.0 h2_2025_pct: 33.0", "h1_2025_pct: 0.3 h2_2025_pct: 0.33"}})
    t.observed = replace_once(t.observed, from, to);
  expect_one_problem(build(t), "o.textproto", "every share is below 1% (the largest is 0.33): shares are percentages");
}

TEST(BuildWorldErrors, DuplicateObservation) {
  TinyWorldTexts t = tiny_world_texts();
  t.observed += "economy { iso3: \"CHN\" h1_2025_pct: 1 h2_2025_pct: 2 }\n";
  const int line = static_cast<int>(split_lines(t.observed).size());
  expect_one_problem(build(t), "o.textproto:" + std::to_string(line) + ":", "duplicate observation for 'CHN'");
}

// A half-year left out of an observation would read as 0%; one written as 0
// is a figure like any other.
TEST(BuildWorldErrors, ObservationWithoutAHalfYear) {
  TinyWorldTexts t = tiny_world_texts();
  t.observed = replace_once(t.observed, "h1_2025_pct: 9.0 h2_2025_pct: 10.0", "h1_2025_pct: 9.0");
  expect_one_problem(build(t), at_line("o.textproto", t.observed, "\"IND\""),
                     "IND: h2_2025_pct is not given: expected both half-years' shares");
  TinyWorldTexts zero = tiny_world_texts();
  zero.observed = replace_once(zero.observed, "h1_2025_pct: 9.0", "h1_2025_pct: 0");
  const Built b = build(zero);
  EXPECT_TRUE(b.problems.empty()) << b.joined();
  EXPECT_EQ(b.world.countries[b.world.find("IND")].target_h1_share, 0.0);
}

TEST(BuildWorldErrors, RegionProblems) {
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "region: \"south_asia\"", "region: \"south_asai\"");
    const Built b = build(t);
    ASSERT_EQ(b.problems.size(), 2u) << b.joined();
    EXPECT_EQ(b.problems[0].str().rfind(at_line("c.textproto", t.world_config, "\"south_asai\""), 0), 0u) << b.joined();
    EXPECT_NE(b.problems[0].what.find("unknown region 'south_asai' (the countries' regions: "), std::string::npos)
        << b.problems[0].what;
    EXPECT_NE(b.problems[0].what.find("south_asia"), std::string::npos) << b.problems[0].what;
    EXPECT_EQ(b.problems[1].str(), "c.textproto: missing region defaults for 'south_asia'");
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_config += "region { region: \"south_asia\" alignment: 0 }\n";
    expect_one_problem(build(t), "c.textproto:" + std::to_string(split_lines(t.world_config).size()) + ":",
                       "duplicate region 'south_asia'");
  }
}

TEST(BuildWorldErrors, IncomeGroupProblems) {
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "group: HIGH", "group: LOW");
    const Built b = build(t);
    ASSERT_EQ(b.problems.size(), 2u) << b.joined();
    EXPECT_NE(b.problems[0].str().find("duplicate income group LOW"), std::string::npos) << b.joined();
    EXPECT_EQ(b.problems[1].str(), "c.textproto: missing income_group defaults for HIGH");
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "lower_middle_max_usd: 4515", "lower_middle_max_usd: 20000");
    expect_one_problem(build(t), at_line("c.textproto", t.world_config, "income_thresholds"),
                       "income thresholds must increase");
  }
}

TEST(BuildWorld, LabourFiguresFromCountryOrRegion) {
  const Built b = build(tiny_world_texts());
  ASSERT_TRUE(b.problems.empty()) << b.joined();
  const World& w = b.world;
  // USA has its own figures; IND, alone in its region, takes the region's,
  // which are its income group's.
  EXPECT_FALSE(w.countries[kUSA].labour_filled);
  EXPECT_DOUBLE_EQ(w.countries[kUSA].exposed_substitutable_share, 0.3);
  EXPECT_DOUBLE_EQ(w.countries[kUSA].social_protection_coverage, 0.8);
  EXPECT_TRUE(w.countries[kIND].labour_filled);
  EXPECT_DOUBLE_EQ(w.countries[kIND].exposed_complementary_share, 0.12);
  EXPECT_DOUBLE_EQ(w.countries[kIND].exposed_substitutable_share, 0.21);
  EXPECT_DOUBLE_EQ(w.countries[kCHN].social_protection_coverage, 0.7);
  EXPECT_TRUE(w.countries[kCHN].cn_bloc);
  EXPECT_FALSE(w.countries[kIND].cn_bloc);
  EXPECT_EQ(w.us_home, kUSA);
  EXPECT_EQ(w.cn_home, kCHN);
}

TEST(BuildWorld, LabourFillTakesThePopulationWeightedRegionMean) {
  // A high-income JPN beside upper-middle CHN, which has its own coverage only.
  TinyWorldTexts t = tiny_world_texts();
  t.world_data += R"(country { iso3: "JPN" name: "Japan" region: "east_asia_pacific" population: 125000000
                              gdp_per_capita_usd: 40000 })";
  t.world_config = replace_once(t.world_config, "cn_bloc_iso3:",
                                "country { iso3: \"CHN\" social_protection_coverage: 0.5 }\n  cn_bloc_iso3:");
  const Built b = build(t);
  ASSERT_TRUE(b.problems.empty()) << b.joined();
  const World& w = b.world;
  const int jpn = w.find("JPN"), chn = w.find("CHN");
  const double chn_pop = 1400e6, jpn_pop = 125e6, pop = chn_pop + jpn_pop;
  // Exposure: neither has its own, so both take the mean of the group estimates.
  const double complementary = (chn_pop * 0.16 + jpn_pop * 0.27) / pop;
  const double substitutable = (chn_pop * 0.24 + jpn_pop * 0.33) / pop;
  for (int c : {jpn, chn}) {
    EXPECT_TRUE(w.countries[c].labour_filled);
    EXPECT_DOUBLE_EQ(w.countries[c].exposed_complementary_share, complementary);
    EXPECT_DOUBLE_EQ(w.countries[c].exposed_substitutable_share, substitutable);
  }
  // Coverage: CHN keeps its own, which enters JPN's region mean in place of its group's.
  EXPECT_DOUBLE_EQ(w.countries[chn].social_protection_coverage, 0.5);
  EXPECT_DOUBLE_EQ(w.countries[jpn].social_protection_coverage, (chn_pop * 0.5 + jpn_pop * 0.86) / pop);
  // The uninhabited ATA takes the region's figures too.
  EXPECT_DOUBLE_EQ(w.countries[kATA].exposed_complementary_share, complementary);
}

TEST(BuildWorldErrors, LabourProblems) {
  {  // a group without one of its figures
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "exposed_substitutable_share: 0.21 ", "");
    expect_one_problem(build(t), at_line("c.textproto", t.world_config, "group:LOWER_MIDDLE exposed"),
                       "missing exposed_substitutable_share");
  }
  {  // a group missing altogether
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "group:LOW exposed", "group:HIGH exposed");
    const Built b = build(t);
    EXPECT_NE(b.joined().find("duplicate labour income group HIGH"), std::string::npos) << b.joined();
    EXPECT_NE(b.joined().find("missing labour income_group figures for LOW"), std::string::npos) << b.joined();
  }
  {  // exposure above all employment
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "exposed_complementary_share: 0.3 exposed_substitutable_share: 0.3",
                                  "exposed_complementary_share: 0.8 exposed_substitutable_share: 0.3");
    expect_one_problem(build(t), at_line("c.textproto", t.world_config, "country { iso3: \"USA\" exposed"),
                       "USA: exposed shares add up to more than 1");
  }
  {  // unknown codes
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "cn_home_iso3: \"CHN\"", "cn_home_iso3: \"XXX\"");
    expect_one_problem(build(t), at_line("c.textproto", t.world_config, "cn_home_iso3"), "unknown ISO3 code 'XXX'");
  }
}

TEST(BuildWorldErrors, AllZeroInitialMix) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config = replace_once(
      t.world_config, "initial_stack_mix { us_closed: 0.9 us_open: 0.05 cn_closed: 0.03 cn_open: 0.02 other: 0 }",
      "initial_stack_mix { us_closed: 0 }");
  // An all-zero override does not replace the region's mix...
  EXPECT_TRUE(build(t).problems.empty()) << build(t).joined();
  // ...but an all-zero region mix is an error for its countries.
  t.world_config = replace_once(
      t.world_config, "initial_stack_mix { us_closed: 0.84 us_open: 0.07 cn_closed: 0.01 cn_open: 0.06 other: 0.02 }",
      "initial_stack_mix { us_closed: 0 }");
  expect_one_problem(build(t), "c.textproto: IND", "initial_stack_mix is all zero (region south_asia)");
}

TEST(BuildWorldErrors, NoCountriesAndNegativeFigures) {
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_data = "provenance: \"empty\"\n";
    t.observed = "source: \"none\"\n";
    const Built b = build(t);
    ASSERT_FALSE(b.problems.empty());
    EXPECT_EQ(b.problems[0].str(), "d.textproto: no countries");
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_data += "country {\n  iso3: \"PAK\"\n  region: \"south_asia\"\n  gdp_per_capita_usd: -5\n}\n";
    // Located at the record.
    const int record_line = line_of(t.world_data, "iso3: \"PAK\"") - 1;
    expect_one_problem(build(t), "d.textproto:" + std::to_string(record_line) + ":",
                       "PAK: population and GDP must be non-negative");
  }
}

}  // namespace
}  // namespace stackrace
