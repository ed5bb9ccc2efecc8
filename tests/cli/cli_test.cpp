// End-to-end tests of the `stackrace` binary: exit codes, messages and the
// output contract (docs/outputs.md): the files a run writes and their format.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <thread>

#include "agents/adopters.h"
#include "base/proto/output.pb.h"
#include "sim/model_identity.h"
#include "sim/runner.h"
#include "sim/spec.h"
#include "support/files.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

constexpr int kCountries = 241;
const char* const kCountriesHeader =
    "month,iso3,ai_user_share,share_us_closed,share_us_open,share_cn_closed,share_cn_open,share_other,"
    "ai_exposed_employment_share,displaced_worker_share,stability_index,dominant_stack,"
    "population,adopters,region,income_group,export_tier,partner";
const char* const kGlobalHeader =
    "month,ai_user_share_world,dev_ai_user_share,share_us_closed,share_us_open,share_cn_closed,share_cn_open,share_other,"
    "dev_share_us_closed,dev_share_us_open,dev_share_cn_closed,dev_share_cn_open,dev_share_other,"
    "compute_us_allied_h100e,compute_china_h100e,compute_ratio,huawei_share_of_nvidia,us_frontier_capability,"
    "cn_frontier_capability,lead_months,smuggled_h100e,rented_offshore_h100e,distillation_gain_months,seizures_usd,"
    "mean_malicious_compliance,dev_mean_malicious_compliance,chip_price_usd_per_h100e,"
    "distillation_attempted_mexchanges,distillation_harvested_share,revenue_us_allied_musd,revenue_china_musd,"
    "price_us_closed_usd_per_mtok,price_us_open_usd_per_mtok,price_cn_closed_usd_per_mtok,price_cn_open_usd_per_mtok,"
    "price_other_usd_per_mtok,displaced_worker_share_world,displaced_worker_share_dev,"
    "displaced_worker_share_us_allied,displaced_worker_share_cn_bloc,stability_index_world,stability_index_us_allied,"
    "stability_index_cn_bloc,stability_index_min,us_domestic_ai_user_share,cn_domestic_ai_user_share,"
    "us_domestic_org_adoption,cn_domestic_org_adoption,us_partners,cn_partners,resilience_spending_us_allied_musd,"
    "resilience_spending_cn_bloc_musd";
constexpr std::size_t kGlobalColumns = 52;
const char* const kEventsHeader = "month,kind,actor,target,value,detail";

struct Result {
  int exit_code = -1;
  std::string out, err;
};

std::vector<char*> argv_of(const std::vector<std::string>& args, std::vector<std::string>& storage) {
  storage.clear();
  storage.push_back(STACKRACE_BIN);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(storage.size() + 1);
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  return argv;
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

// A started binary whose stdout and stderr go to files.
struct Started {
  pid_t pid = -1;
  fs::path out_path, err_path;
};

// Starts the binary in the repository root with stdout and stderr in files
// under `io` (neither is a terminal) and stdin from /dev/null.
Started start_cli(const std::vector<std::string>& args, const TempDir& io) {
  Started s;
  s.out_path = io / "stdout";
  s.err_path = io / "stderr";
  std::vector<std::string> storage;
  std::vector<char*> argv = argv_of(args, storage);
  s.pid = ::fork();
  if (s.pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(s.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(s.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || ::chdir(STACKRACE_ROOT) != 0) ::_exit(120);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(argv[0], argv.data());
    ::_exit(121);
  }
  return s;
}

// Waits for a started binary (at most `limit`; then it is killed and the
// exit code is -1) and collects what it printed.
Result finish_cli(const Started& s, std::chrono::seconds limit = std::chrono::seconds(600)) {
  Result r;
  if (s.pid < 0) return r;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(s.pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (done == 0) {
    ::kill(s.pid, SIGKILL);
    ::waitpid(s.pid, &status, 0);
  } else if (done == s.pid) {
    r.exit_code = exit_code_of(status);
  }
  r.out = read_file(s.out_path);
  r.err = read_file(s.err_path);
  return r;
}

// Runs the binary to the end (start_cli, finish_cli).
Result run_cli(const std::vector<std::string>& args) {
  TempDir io("stackrace_cli_io");
  return finish_cli(start_cli(args, io));
}

// Runs the binary with a terminal (a pseudo-terminal without output
// processing, so that '\n' is not turned into "\r\n") as stdin, stdout and stderr.
Result run_in_terminal(const std::vector<std::string>& args) {
  std::vector<std::string> storage;
  std::vector<char*> argv = argv_of(args, storage);
  termios raw{};
  ::cfmakeraw(&raw);
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, &raw, nullptr);
  if (pid == 0) {
    if (::chdir(STACKRACE_ROOT) != 0) ::_exit(120);
    ::execv(argv[0], argv.data());
    ::_exit(121);
  }
  Result r;
  if (pid < 0) return r;
  char buf[4096];
  while (true) {
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n > 0) {
      r.out.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EOF, or EIO once the child has closed the terminal
    }
  }
  ::close(master);
  int status = 0;
  if (::waitpid(pid, &status, 0) == pid) r.exit_code = exit_code_of(status);
  return r;
}

std::string baseline() { return baseline_scenario().string(); }

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// How many times `part` occurs in `s`, not overlapping.
std::size_t count_of(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + part.size())) ++n;
  return n;
}

std::vector<TrajectoryFrame> read_frames(const fs::path& path) {
  const std::string bytes = read_file(path);
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  std::vector<TrajectoryFrame> frames;
  while (in.CurrentPosition() < static_cast<int>(bytes.size())) {
    std::uint32_t size = 0;
    if (!in.ReadVarint32(&size)) {
      ADD_FAILURE() << "bad frame length at byte " << in.CurrentPosition();
      break;
    }
    const auto limit = in.PushLimit(static_cast<int>(size));
    TrajectoryFrame frame;
    if (!frame.ParseFromCodedStream(&in) || !in.ConsumedEntireMessage()) {
      ADD_FAILURE() << "frame " << frames.size() << " does not parse";
      break;
    }
    in.PopLimit(limit);
    frames.push_back(std::move(frame));
  }
  return frames;
}

RunManifest read_manifest(const fs::path& path) {
  RunManifest m;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(read_file(path), &m)) << path;
  return m;
}

double number(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  EXPECT_EQ(end, text.c_str() + text.size()) << "'" << text << "' is not a number";
  return v;
}

TEST(Cli, RunWritesTheDocumentedOutputs) {
  TempDir parent;
  const fs::path out = parent / "baseline";
  const Result r = run_cli(
      {"run", baseline(), "--out", out.string(), "--adopters", "20000", "--seed", "7", "--threads", "2", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "") << "--quiet prints nothing";
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"baseline"});
  ASSERT_EQ(list_dir(out), (std::vector<std::string>{"countries.csv", "events.csv", "global.csv", "manifest.textproto",
                                                     "trajectory.pb"}));
  const Spec spec = load_spec(baseline());
  constexpr int kMonths = 72;  // 2025-01 .. 2030-12
  ASSERT_EQ(spec.months, kMonths);
  ASSERT_EQ(spec.world.countries.size(), static_cast<std::size_t>(kCountries));
  const int chn = spec.world.find("CHN");

  // countries.csv: header, then one row per month and country, in iso3 order.
  const auto lines = split_lines(read_file(out / "countries.csv"));
  ASSERT_EQ(lines.size(), 1u + kMonths * kCountries);
  EXPECT_EQ(lines[0], kCountriesHeader);
  const std::set<std::string> stack_names{"us_closed", "us_open", "cn_closed", "cn_open", "other", "none"};
  std::map<std::string, std::string> csv_share;    // "month,iso3" -> ai_user_share text
  std::map<std::string, std::string> csv_partner;  // "month,iso3" -> partner
  for (int m = 0; m < kMonths; ++m) {
    const std::string month = Month{spec.start.index + m}.str();
    for (int c = 0; c < kCountries; ++c) {
      // The labour columns (8-10) are checked here, then taken out so that
      // the rest reads as the columns around them.
      auto f = split(lines[1 + m * kCountries + c], ',');
      ASSERT_EQ(f.size(), 18u) << lines[1 + m * kCountries + c];
      for (int k = 8; k <= 10; ++k) {
        ASSERT_GE(number(f[k]), 0.0) << lines[1 + m * kCountries + c];
        ASSERT_LE(number(f[k]), 1.0) << lines[1 + m * kCountries + c];
      }
      if (!spec.world.countries[c].inhabited()) {
        ASSERT_EQ(f[8] + "," + f[9] + "," + f[10], "0.000000,0.000000,1.000000") << "no employment, no displacement";
      }
      f.erase(f.begin() + 8, f.begin() + 11);
      std::string line = f[0];
      for (std::size_t k = 1; k < f.size(); ++k) line += "," + f[k];
      ASSERT_EQ(f.size(), 15u) << line;
      ASSERT_EQ(f[0], month);
      ASSERT_EQ(f[1], spec.world.countries[c].iso3);
      const double share = number(f[2]);
      ASSERT_GE(share, 0.0);
      ASSERT_LE(share, 1.0);
      double total = 0;
      for (int s = 3; s < 8; ++s) total += number(f[s]);
      ASSERT_TRUE(stack_names.count(f[8])) << f[8];
      if (share > 0) {
        ASSERT_NEAR(total, 1.0, 5e-6) << line;
        ASSERT_NE(f[8], "none");
      } else {
        ASSERT_EQ(total, 0.0);
        ASSERT_EQ(f[8], "none");
      }
      if (!spec.world.countries[c].inhabited()) {
        ASSERT_EQ(f.size(), 15u);
        ASSERT_EQ(line.substr(0, line.find(",none,0,0,") + 9),
                  month + "," + f[1] + ",0.000000,0.000000,0.000000,0.000000,0.000000,0.000000,none,0,0")
            << "uninhabited places have no agents and all values 0";
        ASSERT_EQ(f[14], "none") << "and no partner";
      }
      if (c == chn) {
        ASSERT_GT(share, 0.0);
        ASSERT_EQ(f[3], "0.000000") << "US_CLOSED is blocked in China: " << line;
        ASSERT_EQ(f[4], "0.000000") << "US_OPEN is blocked in China";
      }
      // The country's people and its agents: every inhabited country has at
      // least the floor, so its share is a whole number of agents over them.
      EXPECT_EQ(number(f[9]), std::round(spec.world.countries[c].population)) << line;
      const double agents = number(f[10]);
      if (spec.world.countries[c].inhabited()) {
        ASSERT_GE(agents, spec.scenario.population().min_adopters_per_country());
        ASSERT_NEAR(share * agents, std::round(share * agents), 1e-6 * agents) << line;
      }
      // The context: the world data, and the government's partnership that month.
      const Country& country = spec.world.countries[c];
      ASSERT_EQ(f[11], country.region);
      ASSERT_FALSE(f[11].empty());
      ASSERT_EQ(f[12], income_group_name(country.income_group));
      ASSERT_EQ(f[13], std::to_string(country.export_tier));
      ASSERT_TRUE(f[14] == "none" || f[14] == "us" || f[14] == "cn") << f[14];
      csv_share[f[0] + "," + f[1]] = f[2];
      csv_partner[f[0] + "," + f[1]] = f[14];
    }
  }

  // global.csv: header, one row per month.
  const auto global = split_lines(read_file(out / "global.csv"));
  ASSERT_EQ(global.size(), 1u + kMonths);
  EXPECT_EQ(global[0], kGlobalHeader);
  std::map<std::string, double> lead;  // month -> lead_months
  for (int m = 0; m < kMonths; ++m) {
    const auto f = split(global[1 + m], ',');
    ASSERT_EQ(f.size(), kGlobalColumns);
    EXPECT_EQ(f[0], Month{spec.start.index + m}.str());
    double total = 0, dev_total = 0;
    for (int s = 3; s < 8; ++s) total += number(f[s]);
    for (int s = 8; s < 13; ++s) dev_total += number(f[s]);
    // The developing countries' AI user share lies between 0 and 1, and the
    // world's, which averages it with richer countries', differs from it.
    EXPECT_GT(number(f[2]), 0.0) << "dev_ai_user_share";
    EXPECT_LT(number(f[2]), 1.0) << "dev_ai_user_share";
    EXPECT_NE(f[2], f[1]) << "dev_ai_user_share";
    EXPECT_NEAR(total, 1.0, 5e-6);
    EXPECT_NEAR(dev_total, 1.0, 5e-6);
    // The supply side's columns.
    const double us = number(f[13]), cn = number(f[14]);
    EXPECT_GT(us, 0.0);
    EXPECT_GT(cn, 0.0);
    EXPECT_NEAR(number(f[15]), us / cn, 1e-5 * us / cn) << "compute_ratio";
    EXPECT_GE(number(f[16]), 0.0) << "huawei_share_of_nvidia";
    EXPECT_LE(number(f[16]), 1.0) << "huawei_share_of_nvidia";
    const double us_frontier = number(f[17]), cn_frontier = number(f[18]);
    EXPECT_GT(us_frontier, 20.0);
    EXPECT_GT(cn_frontier, 20.0);
    lead[f[0]] = number(f[19]);
    if (us_frontier > cn_frontier + 1e-5) {
      EXPECT_GT(lead[f[0]], 0.0) << global[1 + m];
    }
    for (int k = 20; k <= 23; ++k) EXPECT_GE(number(f[k]), 0.0) << kGlobalHeader << "\n" << global[1 + m];
    for (int k : {24, 25}) {
      EXPECT_GE(number(f[k]), 0.0) << "mean_malicious_compliance";
      EXPECT_LE(number(f[k]), 1.0) << "mean_malicious_compliance";
    }
    EXPECT_GT(number(f[26]), 0.0) << "chip_price_usd_per_h100e";
    EXPECT_GE(number(f[27]), 0.0) << "distillation_attempted_mexchanges";
    EXPECT_GE(number(f[28]), 0.0) << "distillation_harvested_share";
    EXPECT_LE(number(f[28]), 1.0) << "distillation_harvested_share";
    EXPECT_GT(number(f[29]), 0.0) << "revenue_us_allied_musd";
    EXPECT_GT(number(f[30]), 0.0) << "revenue_china_musd";
    for (int k = 31; k < 36; ++k) EXPECT_GT(number(f[k]), 0.0) << "price";
  }

  // events.csv: a header, then what happened, month by month in order.
  const auto events = split_lines(read_file(out / "events.csv"));
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0], kEventsHeader);
  const std::set<std::string> kinds{"policy", "release", "seizure", "partnership"};
  std::map<std::string, int> per_kind;
  std::string previous_month = spec.start.str();
  for (std::size_t i = 1; i < events.size(); ++i) {
    const auto f = split(events[i], ',');
    ASSERT_GE(f.size(), 6u) << events[i];
    Month month;
    ASSERT_TRUE(parse_month(f[0], month)) << events[i];
    ASSERT_FALSE(month < spec.start) << events[i];
    ASSERT_FALSE(spec.end < month) << events[i];
    ASSERT_GE(f[0], previous_month) << "events are in month order";
    previous_month = f[0];
    ASSERT_TRUE(kinds.count(f[1])) << events[i];
    ++per_kind[f[1]];
  }
  EXPECT_EQ(per_kind["policy"], 1) << "the baseline's levers change once, in " << spec.scenario.policy().start_month();
  EXPECT_GT(per_kind["release"], 0);

  // trajectory.pb: one length-delimited TrajectoryFrame per month, every country in iso3 order.
  const std::vector<TrajectoryFrame> frames = read_frames(out / "trajectory.pb");
  ASSERT_EQ(frames.size(), static_cast<std::size_t>(kMonths));
  for (int m = 0; m < kMonths; ++m) {
    const TrajectoryFrame& f = frames[m];
    EXPECT_EQ(f.month(), Month{spec.start.index + m}.str());
    EXPECT_EQ(f.month_index(), static_cast<std::uint32_t>(m));
    ASSERT_EQ(f.country_size(), kCountries);
    for (int c = 0; c < kCountries; ++c) {
      const CountryState& s = f.country(c);
      ASSERT_EQ(s.iso3(), spec.world.countries[c].iso3);
      ASSERT_EQ(s.stack_share_size(), 5);
      ASSERT_EQ(s.export_tier(), spec.world.countries[c].export_tier);
      char text[32];
      std::snprintf(text, sizeof text, "%.6f", s.ai_user_share());
      ASSERT_EQ(csv_share[f.month() + "," + s.iso3()], text) << "trajectory and countries.csv disagree";
      const char* const partner[] = {"none", "us", "cn"};
      ASSERT_EQ(csv_partner[f.month() + "," + s.iso3()], partner[s.partnership()]) << s.iso3() << " " << f.month();
      if (c == chn) {
        ASSERT_EQ(s.stack_share(US_CLOSED), 0.0);
        ASSERT_EQ(s.partnership(), CN_PARTNER);
        ASSERT_TRUE(s.government_default() == CN_CLOSED || s.government_default() == CN_OPEN);
      }
    }
  }

  // manifest.textproto: a stackrace.RunManifest with what the run used.
  const RunManifest manifest = read_manifest(out / "manifest.textproto");
  EXPECT_EQ(manifest.seed(), 7u);
  EXPECT_EQ(manifest.threads(), 2u);
  EXPECT_EQ(manifest.config_path(), baseline());
  EXPECT_EQ(manifest.program_version(), program_version());
  EXPECT_EQ(manifest.source_commit(), source_commit());
  EXPECT_EQ(manifest.model_hash(), kModelHash);
  const auto per_country = split_adopters(spec.world, 20000, spec.scenario.population().min_adopters_per_country());
  EXPECT_EQ(manifest.adopters(), std::accumulate(per_country.begin(), per_country.end(), std::uint64_t{0}));
  EXPECT_EQ(manifest.resolved_config().population().adopters(), 20000u);
  EXPECT_EQ(manifest.resolved_config().name(), "baseline");
  EXPECT_EQ(manifest.resolved_config().seed(), 7u);  // --seed, not the scenario's: the resolved config reruns it
  EXPECT_EQ(manifest.overrides_size(), 0);
  EXPECT_GT(manifest.wall_time_s(), 0.0);
}

// The seed or the adopters given both as an option and as a --set would
// leave the manifest recording one and the run using the other: refused,
// nothing written. Either one alone is fine.
TEST(Cli, SeedOrAdoptersGivenTwiceAreRefused) {
  TempDir parent;
  const fs::path out = parent / "run";
  const Result seeds = run_cli({"run", baseline(), "--out", out.string(), "--seed", "5", "--set", "seed=7"});
  EXPECT_EQ(seeds.exit_code, 2);
  EXPECT_TRUE(contains(seeds.err, "error: --set seed=7: --seed is given too")) << seeds.err;
  const Result adopters = run_cli({"run", baseline(), "--out", out.string(), "--adopters", "20000", "--set",
                                   "population.adopters=50000"});
  EXPECT_EQ(adopters.exit_code, 2);
  EXPECT_TRUE(contains(adopters.err, "error: --set population.adopters=50000: --adopters is given too"))
      << adopters.err;
  EXPECT_FALSE(fs::exists(out));
  const Result one = run_cli({"validate", baseline(), "--set", "seed=7", "--set", "population.adopters=50000"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  // compare likewise.
  const Result compare =
      run_cli({"compare", "--out", out.string(), "--adopters", "20000", "--set", "population.adopters=30000"});
  EXPECT_EQ(compare.exit_code, 2);
  EXPECT_TRUE(contains(compare.err, "error: --set population.adopters=30000: --adopters is given too")) << compare.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Cli, ManifestRecordsOverrides) {
  TempDir parent;
  const fs::path out = parent / "run";
  const Result r = run_cli({"run", baseline(), "--out", out.string(), "--adopters", "20000", "--set",
                            "horizon.end_month=2025-03", "--set", "adoption.peer_weight=0.5", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const RunManifest m = read_manifest(out / "manifest.textproto");
  ASSERT_EQ(m.overrides_size(), 2);
  EXPECT_EQ(m.overrides(0), "horizon.end_month=2025-03");
  EXPECT_EQ(m.overrides(1), "adoption.peer_weight=0.5");
  EXPECT_EQ(m.seed(), 20250101u) << "the scenario's seed when --seed is not given";
  EXPECT_EQ(m.resolved_config().horizon().end_month(), "2025-03");
  EXPECT_DOUBLE_EQ(m.resolved_config().adoption().peer_weight(), 0.5);
  EXPECT_EQ(split_lines(read_file(out / "countries.csv")).size(), 1u + 3 * kCountries);
  EXPECT_EQ(read_frames(out / "trajectory.pb").size(), 3u);
}

// run --checkpoint-at and run --from through the binary: the continued
// run's files are the original's; bad checkpoints and options are exit 2
// with the file or option named, and nothing is written.
TEST(Cli, RunFromACheckpointAndItsRefusals) {
  TempDir parent;
  const fs::path a = parent / "a", b = parent / "b", none = parent / "none";
  Result r = run_cli({"run", baseline(), "--out", a.string(), "--adopters", "20000", "--set",
                      "horizon.end_month=2025-09", "--checkpoint-at", "2025-04", "--quiet", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string checkpoint = (a / "checkpoint-2025-04.pb").string();
  r = run_cli({"run", "--from", checkpoint, "--out", b.string(), "--quiet", "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"countries.csv", "global.csv", "events.csv", "trajectory.pb"})
    EXPECT_TRUE(read_file(a / f) == read_file(b / f)) << f;
  EXPECT_EQ(read_manifest(b / "manifest.textproto").from_checkpoint(), checkpoint);

  const fs::path truncated = parent / "truncated.pb";
  write_file(truncated, read_file(checkpoint).substr(0, 5000));
  const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
      {{"run", "--from", truncated.string(), "--out", none.string()}, truncated.string() + ": "},
      {{"run", "--from", (parent / "missing.pb").string(), "--out", none.string()}, "missing.pb"},
      {{"run", "--from", checkpoint, "--out", none.string(), "--seed", "3"}, "--seed: "},
      {{"run", "--from", checkpoint, "--out", none.string(), "--set", "choice.beta_network=1"},
       "--set choice.beta_network=1: a branch (--from) changes levers only"},
      {{"run", baseline(), "--out", none.string(), "--checkpoint-at", "2040-01"}, "--checkpoint-at: 2040-01 is outside"},
      {{"run", baseline(), "--out", none.string(), "--checkpoint-at", "June"}, "--checkpoint-at: expected a month"},
  };
  for (const auto& [args, message] : refused) {
    r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args[2] << ": " << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(none));
  }
  EXPECT_EQ(list_dir(parent.path()), (std::vector<std::string>{"a", "b", "truncated.pb"}));
}

TEST(Cli, ByteIdenticalOutputsAtOneTwoAndFourThreads) {
  TempDir parent;
  std::map<std::string, std::string> first;
  std::string first_manifest;
  for (const char* threads : {"1", "2", "4"}) {
    const fs::path out = parent / (std::string("t") + threads);
    const Result r = run_cli({"run", baseline(), "--out", out.string(), "--adopters", "50000", "--threads", threads,
                              "--set", "horizon.end_month=2026-06", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The manifest differs only in threads and wall_time_s.
    RunManifest manifest = read_manifest(out / "manifest.textproto");
    EXPECT_EQ(manifest.threads(), static_cast<std::uint32_t>(std::stoi(threads)));
    manifest.clear_threads();
    manifest.clear_wall_time_s();
    if (first_manifest.empty()) {
      first_manifest = manifest.SerializeAsString();
    } else {
      EXPECT_TRUE(manifest.SerializeAsString() == first_manifest) << "manifest at --threads " << threads;
    }
    for (const char* file : {"countries.csv", "global.csv", "trajectory.pb", "events.csv"}) {
      const std::string bytes = read_file(out / file);
      if (first.count(file) == 0) {
        first[file] = bytes;
      } else {
        EXPECT_TRUE(bytes == first[file]) << file << " differs at --threads " << threads;
      }
    }
  }
  // A different seed gives different outputs.
  const fs::path other = parent / "seed2";
  const Result r = run_cli({"run", baseline(), "--out", other.string(), "--adopters", "50000", "--threads", "2",
                            "--seed", "2", "--set", "horizon.end_month=2026-06", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* file : {"countries.csv", "global.csv", "trajectory.pb"})
    EXPECT_FALSE(read_file(other / file) == first[file]) << file << " is the same for another seed";
}

TEST(Cli, TheRunSummaryShowsTheMonthsTheRunHas) {
  // A horizon shorter than the calibration year: no 0.0% column for a month
  // never reached, and the floor that raised --adopters is named.
  TempDir dir("stackrace_cli_summary");
  const Result r = run_cli({"run", baseline(), "--out", (dir / "short").string(), "--adopters", "20000", "--set",
                            "horizon.end_month=2025-03"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "(20000 asked for; every inhabited country gets at least 400)")) << r.out;
  const std::string world = r.out.substr(r.out.find("world AI user share"));
  const std::string line = world.substr(0, world.find('\n'));
  EXPECT_TRUE(contains(line, "2025-01 ") && contains(line, "2025-03 ")) << line;
  EXPECT_FALSE(contains(line, " 0.0%")) << line;
  EXPECT_EQ(std::count(line.begin(), line.end(), '%'), 2) << line;
  EXPECT_TRUE(contains(r.out, "compute ratio, at the last month:\n     2025-03 ")) << r.out;
}

TEST(Cli, ValidatePrintsOk) {
  const Result r = run_cli({"validate", baseline()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "OK\n");
  EXPECT_EQ(r.err, "");
  // Relative to the working directory, as in the README.
  const Result rel = run_cli({"validate", "configs/scenarios/baseline.textproto", "--adopters", "5000"});
  EXPECT_EQ(rel.exit_code, 0) << rel.err;
  EXPECT_EQ(rel.out, "OK\n");
}

TEST(Cli, ValidateReportsErrorsWithExitTwo) {
  const Result r = run_cli({"validate", baseline(), "--set", "adoption.review_probability_per_month=2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: --set adoption.review_probability_per_month=2: adoption.review_probability_per_month = 2: expected "
            "a value in [0, 1] (per month)\n");
  const Result unknown = run_cli({"validate", baseline(), "--set", "adoption.nope=1"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.err, "unknown field 'nope' in stackrace.Adoption (known: innovation_p_per_month, imitation_q_per_month"))
      << unknown.err;
  const Result month = run_cli({"validate", baseline(), "--set", "horizon.end_month=2024-06"});
  EXPECT_EQ(month.exit_code, 2);
  EXPECT_TRUE(contains(month.err, "horizon.end_month 2024-06 is before start_month 2025-01")) << month.err;
}

// validate tells a study spec and a comparison config from a scenario by
// their fields, and checks each as the command that runs it would.
TEST(Cli, ValidateChecksStudySpecsAndComparisons) {
  const Result study = run_cli({"validate", "configs/studies/smoke.textproto"});
  EXPECT_EQ(study.exit_code, 0) << study.err;
  EXPECT_EQ(study.out,
            "OK: a study spec, 16 runs (8 design points x 2 replicates) of configs/scenarios/baseline.textproto\n");
  const Result comparison = run_cli({"validate", "configs/compare.textproto"});
  EXPECT_EQ(comparison.exit_code, 0) << comparison.err;
  EXPECT_EQ(comparison.out.rfind("OK: a comparison config, 3 scenarios (baseline, commanding_lead, parity) x 5 "
                                 "replicates, ",
                                 0),
            0u)
      << comparison.out;
  // The calibration's plan and posterior are checked as `calibrate` and
  // `compare --posterior` read them.
  const Result plan = run_cli({"validate", "configs/calibration/adoption_plan.textproto"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(plan.out, "OK: a calibration plan, 5 priors, 1536 parameter sets\n");
  const Result posterior = run_cli({"validate", "configs/calibration/adoption_posterior.textproto"});
  EXPECT_EQ(posterior.exit_code, 0) << posterior.err;
  EXPECT_EQ(posterior.out, "OK: an adoption posterior, 24 accepted parameter sets\n");
  // --set and --adopters reach a comparison's scenarios.
  const Result bad_set = run_cli({"validate", "configs/compare.textproto", "--set", "adoption.peer_weight=7"});
  EXPECT_EQ(bad_set.exit_code, 2);
  EXPECT_TRUE(contains(bad_set.err, "--set adoption.peer_weight=7: adoption.peer_weight = 7: expected a value in"))
      << bad_set.err;

  // An invalid study spec or comparison: the error is located in that file,
  // as `study` and `compare` would report it.
  TempDir dir;  // a copy of the shipped configs and world data
  fs::copy(repo_root() / "configs", dir / "configs", fs::copy_options::recursive);
  fs::create_directories(dir / "worlds");
  fs::copy_file(repo_root() / "worlds/countries.textproto", dir / "worlds/countries.textproto");
  const std::string smoke = read_file(repo_root() / "configs/studies/smoke.textproto");
  const fs::path studies = dir / "configs/studies";
  const std::string bad_factor = replace_once(smoke, "max: 0.5", "max: 101");
  write_file(studies / "bad.textproto", bad_factor);
  const Result factor = run_cli({"validate", (studies / "bad.textproto").string()});
  EXPECT_EQ(factor.exit_code, 2);
  const std::string at = (studies / "bad.textproto").string() + ":" + std::to_string(line_of(bad_factor, "max: 101"));
  EXPECT_EQ(factor.err.rfind("error: " + at + ":", 0), 0u) << factor.err;
  EXPECT_TRUE(contains(factor.err, "factor 'beta_price' = 101: ")) << factor.err;
  EXPECT_EQ(factor.out, "");
  // A misspelt field of a study spec is reported as one, not as a scenario's.
  const std::string typo = replace_once(smoke, "replicates: 2", "replicate: 2");
  write_file(studies / "typo.textproto", typo);
  const Result t = run_cli({"validate", (studies / "typo.textproto").string()});
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_TRUE(contains(t.err, "stackrace.StudySpec")) << t.err;
  EXPECT_TRUE(contains(t.err, "\"replicate\"")) << t.err;

  const std::string compare = read_file(repo_root() / "configs/compare.textproto");
  const std::string bad_compare = replace_once(compare, "replicates: 5", "replicates: 0");
  write_file(dir / "configs/compare.textproto", bad_compare);
  const Result c = run_cli({"validate", (dir / "configs/compare.textproto").string()});
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_EQ(c.err.rfind("error: " + (dir / "configs/compare.textproto").string() + ":" +
                            std::to_string(line_of(bad_compare, "replicates: 0")) + ":",
                        0),
            0u)
      << c.err;
}

// A study spec or comparison config given where a scenario belongs (and the
// other way round) is named for what it is, with the command that runs it.
TEST(Cli, FileOfAnotherKindIsNamedWithItsCommand) {
  TempDir dir;
  const std::string study = "configs/studies/smoke.textproto";
  for (const char* command : {"run", "describe", "fit"}) {
    std::vector<std::string> args{command, study};
    if (std::string(command) == "run") args.insert(args.end(), {"--out", (dir / "out").string()});
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_EQ(r.err, "error: " + study +
                         ": this looks like a study spec, not a scenario (its top-level fields are a study spec's): "
                         "run it with `stackrace study " +
                         study + " --out DIR`; `stackrace validate " + study + "` checks it\n")
        << command;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_FALSE(fs::exists(dir / "out"));
  const Result c = run_cli({"run", "configs/compare.textproto", "--out", (dir / "out").string()});
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_TRUE(contains(c.err, "this looks like a comparison config, not a scenario")) << c.err;
  EXPECT_TRUE(contains(c.err, "run it with `stackrace compare --config configs/compare.textproto`")) << c.err;
  const Result s = run_cli({"study", baseline(), "--out", (dir / "out").string()});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_TRUE(contains(s.err, "this looks like a scenario, not a study spec")) << s.err;
  EXPECT_TRUE(contains(s.err, "run it with `stackrace run " + baseline() + " --out DIR`")) << s.err;
  const Result k = run_cli({"compare", "--config", study});
  EXPECT_EQ(k.exit_code, 2);
  EXPECT_TRUE(contains(k.err, "this looks like a study spec, not a comparison config")) << k.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  // A data file a scenario names is named as such.
  const Result w =
      run_cli({"run", (repo_root() / "worlds/countries.textproto").string(), "--out", (dir / "out").string()});
  EXPECT_EQ(w.exit_code, 2);
  EXPECT_TRUE(contains(w.err, "this looks like world data, not a scenario")) << w.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  // calibrate's plan and fit's posterior likewise.
  const Result p = run_cli({"calibrate", baseline(), "--out", (dir / "post.textproto").string()});
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_TRUE(contains(p.err, "this looks like a scenario, not a calibration plan")) << p.err;
  EXPECT_FALSE(fs::exists(dir / "post.textproto"));
  const Result f =
      run_cli({"fit", baseline(), "--adopters", "20000", "--posterior", "configs/calibration/adoption_plan.textproto"});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_TRUE(contains(f.err, "this looks like a calibration plan, not an adoption posterior")) << f.err;
  EXPECT_TRUE(contains(f.err, "run it with `stackrace calibrate configs/calibration/adoption_plan.textproto")) << f.err;
  const Result cp = run_cli({"compare", "--posterior", "configs/calibration/adoption_plan.textproto"});
  EXPECT_EQ(cp.exit_code, 2);
  EXPECT_TRUE(contains(cp.err, "this looks like a calibration plan, not an adoption posterior")) << cp.err;
}

// describe shows the resilience front's inputs: the labour-market parameters
// and the world config's estimates with units and sources, and every
// inhabited country's exposure and coverage with where they come from.
TEST(Cli, DescribePrintsLabourInputs) {
  const Result r = run_cli({"describe", baseline()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = split_lines(r.out);
  auto line_for = [&](const std::string& start) {
    for (const std::string& l : lines)
      if (l.rfind(start, 0) == 0) return l;
    ADD_FAILURE() << "no line starting " << start << " in:\n" << r.out;
    return std::string();
  };
  EXPECT_TRUE(contains(line_for("resilience.backlash_stability_threshold "), "[index] in [0, 1]"));
  const std::string share = line_for("labour.income_group[0].exposed_substitutable_share ");
  EXPECT_TRUE(contains(share, "[share of employment] in [0, 1]")) << share;
  EXPECT_TRUE(contains(line_for("labour.income_group[0].source "), "IMF SDN/2024/001"));
  EXPECT_TRUE(contains(line_for("labour.income_group[0].source "), "ILO"));
  EXPECT_TRUE(contains(line_for("# labour inputs per country:"), "social_protection_coverage [share of population]"));
  // Each inhabited country has a line; the figures are the world's.
  const Spec spec = load_spec(baseline());
  int countries = 0, filled = 0;
  for (const Country& c : spec.world.countries) {
    if (!c.inhabited()) continue;
    ++countries;
    filled += c.labour_filled ? 1 : 0;
    std::ostringstream want;
    want << c.iso3 << " " << c.region << " " << c.exposed_complementary_share << " "
         << c.exposed_substitutable_share << " " << c.social_protection_coverage << " ";
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(want.str(), 0) == 0; }),
              1)
        << want.str();
  }
  EXPECT_GT(countries, 200);
  EXPECT_TRUE(contains(line_for("# labour figures filled from the region:"),
                       ": " + std::to_string(filled) + " inhabited countries"));
}

// The world config's own values (thresholds, defaults, territories, the
// country entries), with units and sources, besides the country table.
TEST(Cli, DescribePrintsTheWorldConfig) {
  const Result r = run_cli({"describe", baseline()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\nworld_config.income_thresholds.low_max_usd "));
  EXPECT_TRUE(contains(r.out, "[USD per person per year] in [0, 1000000]\n"));
  EXPECT_TRUE(contains(r.out, "\nworld_config.income_thresholds.source "));
  EXPECT_TRUE(contains(r.out, "\nworld_config.territories.us_iso3[0] "));
  EXPECT_TRUE(contains(r.out, "\nworld_config.region[0].initial_stack_mix.us_closed "));
  EXPECT_TRUE(contains(r.out, "\nworld_config.country[0].iso3 "));
  EXPECT_FALSE(contains(r.out, "\nworld_config.labour."));  // in the labour section, as labour.*
  EXPECT_TRUE(contains(r.out, "internet [share of population, at least online_headroom_over_h2 x h2_2025]"));
}

TEST(Cli, DescribePrintsParametersWithUnitsAndRanges) {
  const Result r = run_cli({"describe", baseline(), "--set", "adoption.peer_weight=0.45"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = split_lines(r.out);
  auto line_for = [&](const std::string& path) {
    for (const std::string& l : lines)
      if (l.rfind(path + " ", 0) == 0) return l;
    ADD_FAILURE() << "no line for " << path << " in:\n" << r.out;
    return std::string();
  };
  const std::string q = line_for("adoption.review_probability_per_month");
  EXPECT_TRUE(contains(q, "= 0.08")) << q;
  EXPECT_TRUE(contains(q, "[per month] in [0, 1]")) << q;
  EXPECT_TRUE(contains(line_for("adoption.peer_weight"), "= 0.45")) << "overrides are applied";
  EXPECT_TRUE(contains(line_for("population.adopters"), "[agents] in [1, 200000000]"));
  EXPECT_TRUE(contains(line_for("population.organisation_income_multiple"), "in (0, 1000]"));
  EXPECT_TRUE(contains(line_for("choice.beta_price_per_ln_usd_mtok"), "[utility per ln(USD per million tokens)]"));
  EXPECT_TRUE(contains(line_for("supply.lab[1].price_usd_per_mtok"), "[USD per million tokens] in [0, 1000]"));
  EXPECT_TRUE(contains(line_for("supply.lab[0].initial_compute_h100e"), "[H100e] in (0, 1000000000]"));
  EXPECT_TRUE(contains(line_for("policy.levers.remote_access_closure"), "in [0, 1]"));
  EXPECT_TRUE(contains(r.out, "# --set adoption.peer_weight=0.45\n"));
  EXPECT_TRUE(contains(r.out, "# world: 241 countries"));
  EXPECT_TRUE(contains(line_for("choice.cn_restriction_penalty_public_body"), "[utility] in [0, 100]"));
  EXPECT_TRUE(contains(line_for("choice.open_weight_nest_lambda"),
                       "[1 = plain logit, lower = open-weight stacks closer substitutes] in [0.05, 1]"));
  EXPECT_TRUE(contains(line_for("policy.pre.allied_cn_service_restrictions"), "[0 = none, 1 = full] in [0, 1]"));
  // The allied governments (Tier 1) and the 2025 restrictions, e.g. Australia's government-device ban.
  EXPECT_TRUE(contains(r.out,
                       "# US-allied (allied_cn_service_restrictions applies in full): AUS BEL CAN DEU DNK ESP FIN "
                       "FRA GBR IRL ITA JPN KOR NLD NOR NZL SWE TWN USA\n"
                       "# elsewhere it applies government.partner_restriction_uptake x the government's"
                       " propensity to partner with the US\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "\nAUS 1 0 0\n")) << r.out;
}

TEST(Cli, FitPrintsObservedAndSimulatedShares) {
  const Result r = run_cli({"fit", baseline(), "--adopters", "20000", "--set", "horizon.end_month=2025-12", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), 1u + 146 + 5);
  EXPECT_EQ(lines[0], "iso3,observed_h1_pct,simulated_h1_pct,observed_h2_pct,simulated_h2_pct");
  EXPECT_EQ(lines[1].rfind("AFG,5.10,", 0), 0u) << lines[1];
  EXPECT_TRUE(contains(lines[148], "vs H2 2025: Spearman")) << lines[148];
  // The growth of each fifth of the economies by observed H1, both sides: the
  // observed side is the data's, whatever the parameters.
  EXPECT_EQ(lines[149].rfind("# 2025-06 -> 2025-12 growth by fifth of the observed H1 share, lowest first: observed "
                             "+0.52 +0.64 +0.94 +1.40 +2.32 pp; simulated ",
                             0),
            0u)
      << lines[149];
  // Both out-of-sample lines, in their fixed wording, each with its baseline.
  EXPECT_EQ(lines[150].rfind("# out-of-sample H1 -> H2 2025: MAE ", 0), 0u) << lines[150];
  EXPECT_TRUE(contains(lines[150], " pp (persistence ")) << lines[150];
  EXPECT_EQ(lines[151].rfind("# out-of-sample countries (a fixed third held out): MAE ", 0), 0u) << lines[151];
  EXPECT_TRUE(contains(lines[151], " pp (income regression ")) << lines[151];
  // The out-of-sample lines take the calibrated parameters from the
  // posterior: a --set of one changes the in-sample lines, not them.
  const Result set = run_cli({"fit", baseline(), "--adopters", "20000", "--set", "horizon.end_month=2025-12", "--set",
                              "adoption.use_constant=-2", "--quiet"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  const auto set_lines = split_lines(set.out);
  ASSERT_EQ(set_lines.size(), lines.size());
  EXPECT_NE(set_lines[148], lines[148]);
  EXPECT_NE(set_lines[149], lines[149]);
  EXPECT_EQ(set_lines[150], lines[150]);
  EXPECT_EQ(set_lines[151], lines[151]);
  // A posterior without the sets calibrated on H1 alone or on two thirds says
  // so: the scenario's own parameters, fitted on all of 2025, once stood in
  // and gave an in-sample figure labelled out-of-sample.
  TempDir dir;
  write_file(dir / "minimal.textproto", "sample {\n  set: \"adoption.use_constant=1\"\n}\n");
  const Result minimal = run_cli({"fit", baseline(), "--adopters", "20000", "--set", "horizon.end_month=2025-12",
                                  "--posterior", (dir / "minimal.textproto").string(), "--quiet"});
  ASSERT_EQ(minimal.exit_code, 0) << minimal.err;
  const auto minimal_lines = split_lines(minimal.out);
  ASSERT_EQ(minimal_lines.size(), lines.size());
  EXPECT_EQ(minimal_lines[150], "# out-of-sample H1 -> H2 2025: the posterior has no h1_sample");
  EXPECT_EQ(minimal_lines[151], "# out-of-sample countries: the posterior has no holdout_sample");
}

// With one observed economy a rank correlation and a held-out third say
// nothing: fit says so rather than print "Spearman 0.000" and a regression
// fitted on no economy (it predicted 100%).
TEST(Cli, FitWithTooFewObservedEconomiesSaysSo) {
  TempDir dir;  // a copy of the shipped configs and world data, one economy observed
  fs::copy(repo_root() / "configs", dir / "configs", fs::copy_options::recursive);
  fs::create_directories(dir / "worlds");
  fs::copy_file(repo_root() / "worlds/countries.textproto", dir / "worlds/countries.textproto");
  const fs::path observed = dir / "configs/world/ai_user_share_2025.textproto";
  std::string kept;
  for (const std::string& line : split_lines(read_file(observed)))
    if (!line.starts_with("economy") || contains(line, "\"BRA\"")) kept += line + "\n";
  write_file(observed, kept);
  const Result r = run_cli({"fit", (dir / "configs/scenarios/baseline.textproto").string(), "--adopters", "20000",
                            "--set", "horizon.end_month=2025-12", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "vs H2 2025: Spearman n/a, MAE ")) << r.out;
  EXPECT_TRUE(contains(r.out, " over 1 economies\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "# out-of-sample countries: too few observed economies (0 to calibrate on, 1 held out)"))
      << r.out;
  EXPECT_FALSE(contains(r.out, "growth by fifth")) << r.out;  // five groups need five economies
  // With none observed, no line reads as a perfect 0.00 pp.
  std::string none;
  for (const std::string& line : split_lines(read_file(observed)))
    if (!line.starts_with("economy")) none += line + "\n";
  write_file(observed, none);
  const Result empty = run_cli({"fit", (dir / "configs/scenarios/baseline.textproto").string(), "--adopters", "20000",
                                "--set", "horizon.end_month=2025-12", "--quiet"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_TRUE(contains(empty.out, "# out-of-sample H1 -> H2 2025: no observed economies to score\n")) << empty.out;
  EXPECT_TRUE(contains(empty.out, "vs H1 2025: Spearman n/a, MAE n/a pp over 0 economies\n")) << empty.out;
  EXPECT_TRUE(contains(empty.out, "vs H2 2025: Spearman n/a, MAE n/a pp over 0 economies\n")) << empty.out;
  EXPECT_FALSE(contains(empty.out, "MAE 0.00")) << empty.out;
  EXPECT_FALSE(contains(empty.out, "# out-of-sample H1 -> H2 2025: MAE")) << empty.out;
}

// A rank correlation of shares that are all the same is undefined: fit says
// n/a rather than 0.000 when no one adopts at all.
TEST(Cli, FitPrintsNoSpearmanForSharesThatAreAllTheSame) {
  const Result r = run_cli({"fit", baseline(), "--adopters", "20000", "--set", "adoption.use_constant=-30", "--set",
                            "horizon.end_month=2025-12", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "vs H1 2025: Spearman n/a, MAE ")) << r.out;
  EXPECT_TRUE(contains(r.out, "vs H2 2025: Spearman n/a, MAE ")) << r.out;
  TempDir dir;  // run's summary says the same
  const Result run = run_cli({"run", baseline(), "--adopters", "20000", "--set", "adoption.use_constant=-30", "--set",
                              "horizon.end_month=2025-12", "--out", (dir / "run").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "2025-06 Spearman n/a MAE ")) << run.out;
  EXPECT_TRUE(contains(run.out, "2025-12 Spearman n/a MAE ")) << run.out;
}

// An empty argument (an unset shell variable) names no file: refused by the
// option's name, never read as "not given" (fit used to fall back to the
// scenario's posterior) or reported with no location.
TEST(Cli, AnEmptyArgumentIsRefusedByItsOptionsName) {
  TempDir dir;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"fit", baseline(), "--posterior", ""}, "error: --posterior: an empty value"},
      {{"compare", "--posterior", "", "--out", (dir / "c").string()}, "error: --posterior: an empty value"},
      {{"compare", "--config", ""}, "error: --config: an empty value"},
      {{"run", "--from", "", "--out", (dir / "r").string()}, "error: --from: an empty value"},
      {{"run", baseline(), "--out", (dir / "r").string(), "--set", ""}, "error: --set: an empty value"},
      {{"validate", ""}, "error: command line: an empty argument"},
      {{"study", "report", ""}, "error: command line: study report: an empty argument"},
      {{"study", "repair", ""}, "error: command line: study repair: an empty argument"},
      {{"study", "merge", (dir / "m").string(), ""}, "error: command line: study merge: an empty argument"},
  };
  for (const auto& [args, message] : cases) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args.front();
    EXPECT_TRUE(r.err.starts_with(message)) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir / "c"));
  EXPECT_FALSE(fs::exists(dir / "r"));
  EXPECT_FALSE(fs::exists(dir / "m"));
}

// The shipped horizon ends where the supply side's projections do; a longer
// one runs, and says that its last months are extrapolation.
TEST(Cli, AHorizonPastTheProjectionsIsRunWithAWarning) {
  TempDir dir;
  const Result shipped = run_cli({"run", baseline(), "--adopters", "20000", "--quiet", "--out", (dir / "a").string()});
  ASSERT_EQ(shipped.exit_code, 0) << shipped.err;
  EXPECT_FALSE(contains(shipped.err, "warning")) << shipped.err;
  const Result longer = run_cli({"run", baseline(), "--adopters", "20000", "--quiet", "--out", (dir / "b").string(),
                                 "--set", "horizon.end_month=2031-06"});
  ASSERT_EQ(longer.exit_code, 0) << longer.err;
  EXPECT_TRUE(contains(longer.err, "warning: horizon.end_month 2031-06 is past supply.projection_end_month 2030-12"))
      << longer.err;
  EXPECT_TRUE(contains(read_file(dir / "b/global.csv"), "\n2031-06,")) << "the run goes on to its horizon";
  // validate says it too, of a scenario, a comparison (once for its three
  // scenarios) and a study, and still finds the file valid.
  for (const std::string& file : {baseline(), (repo_root() / "configs/compare.textproto").string(),
                                  (repo_root() / "configs/studies/smoke.textproto").string()}) {
    const Result checked = run_cli({"validate", file, "--set", "horizon.end_month=2031-06"});
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    EXPECT_TRUE(checked.out.starts_with("OK")) << checked.out;
    EXPECT_EQ(count_of(checked.err, "warning: horizon.end_month 2031-06 is past"), 1u) << checked.err;
  }
}

// fit scores both calibration months: a horizon that stops before the second
// would score no economy there (a "perfect" 0.00 pp), so it is refused.
TEST(Cli, FitNeedsAHorizonThroughTheSecondCalibrationMonth) {
  const Result r = run_cli({"fit", baseline(), "--adopters", "20000", "--set", "horizon.end_month=2025-06", "--quiet"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: --set horizon.end_month=2025-06: horizon.end_month 2025-06 is before calibration_h2_month "
            "2025-12: fit compares the run with the observations of 2025-06 and 2025-12, so the horizon must reach "
            "2025-12\n");
  // A run may stop there.
  TempDir parent;
  EXPECT_EQ(run_cli({"run", baseline(), "--adopters", "20000", "--set", "horizon.end_month=2025-06", "--out",
                     (parent / "r").string(), "--quiet"})
                .exit_code,
            0);
}

// What a run writes, given where a config is expected, is named for what it
// is and what reads it, not parsed as a scenario ("byte 0xF5 is not UTF-8").
TEST(Cli, ARunsOwnFilesAreNamedForWhatTheyAre) {
  TempDir parent;
  const fs::path run = parent / "r";
  ASSERT_EQ(run_cli({"run", baseline(), "--adopters", "20000", "--set", "horizon.end_month=2025-03", "--checkpoint-at",
                     "2025-02", "--out", run.string(), "--quiet"})
                .exit_code,
            0);
  const std::string checkpoint = (run / "checkpoint-2025-02.pb").string();
  const Result c = run_cli({"run", checkpoint, "--out", (parent / "x").string()});
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_EQ(c.err, "error: " + checkpoint + ": this is a run's checkpoint, not a scenario: continue the run from it " +
                       "with `stackrace run --from " + checkpoint + " --out DIR`\n");
  const std::string trajectory = (run / "trajectory.pb").string();
  const Result t = run_cli({"validate", trajectory});
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_EQ(t.err, "error: " + trajectory +
                       ": this is a run's trajectory.pb, not a scenario, study spec or comparison: `stackrace view "
                       "DIR` and `stackrace render DIR` read it from the run's directory\n");
  const std::string manifest = (run / "manifest.textproto").string();
  const Result m = run_cli({"validate", manifest});
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_TRUE(contains(m.err, manifest + ": this looks like a run's manifest, not a scenario")) << m.err;
  EXPECT_FALSE(fs::exists(parent / "x"));
}

// fit reads the scenario's adoption posterior: validate checks it, and fit
// reads it before running, so that a bad one prints nothing but the error.
// A supply or world file given where a config is expected is named for what
// it is, with how to check it, not as a scenario with unknown fields.
TEST(Cli, DataFilesAreNamedForWhatTheyAre) {
  const Result v = run_cli({"validate", "configs/supply/world_supply.textproto"});
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_EQ(v.out, "");
  EXPECT_TRUE(contains(v.err, "error: configs/supply/world_supply.textproto: this looks like a supply file, not a "
                              "scenario, study spec or comparison: it is read through a scenario that names it in "
                              "supply_config"))
      << v.err;
  const Result r = run_cli({"run", "configs/world/world.textproto", "--out", "/nonexistent/out"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "this looks like a world config, not a scenario")) << r.err;
}

TEST(Cli, ValidateAndFitCheckThePosteriorFirst) {
  for (const std::string command : {"validate", "fit"}) {
    const Result r = run_cli({command, baseline(), "--adopters", "20000", "--set", "adoption_posterior=no_such.textproto"});
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_EQ(r.out, "") << command;
    EXPECT_TRUE(contains(r.err, "error: --set adoption_posterior=no_such.textproto: adoption_posterior = "
                                "\"no_such.textproto\": "))
        << r.err;
    EXPECT_TRUE(contains(r.err, "no_such.textproto: no such file, expected an adoption posterior\n")) << r.err;
  }
  const Result given = run_cli({"fit", baseline(), "--adopters", "20000", "--posterior", "configs"});
  EXPECT_EQ(given.exit_code, 2);
  EXPECT_EQ(given.out, "");
  EXPECT_EQ(given.err, "error: --posterior: configs: not a regular file (a directory), expected an adoption posterior\n");
}

TEST(Cli, NoProgressBarWithoutATerminal) {
  TempDir parent;
  const Result r = run_cli({"run", baseline(), "--out", (parent / "run").string(), "--adopters", "20000", "--set",
                            "horizon.end_month=2025-12"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(contains(r.out, "outputs in " + (parent / "run").string())) << r.out;
  EXPECT_TRUE(contains(r.out, "baseline: ")) << r.out;
}

TEST(Cli, ProgressBarOnATerminalUnlessQuiet) {
  TempDir parent;
  const std::vector<std::string> args{"run", baseline(), "--adopters", "20000", "--set", "horizon.end_month=2025-12"};
  std::vector<std::string> loud = args, quiet = args;
  loud.insert(loud.end(), {"--out", (parent / "loud").string()});
  quiet.insert(quiet.end(), {"--out", (parent / "quiet").string(), "--quiet"});
  const Result shown = run_in_terminal(loud);
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_TRUE(contains(shown.out, "\r[")) << "the bar is drawn on a terminal (the test can see it):\n" << shown.out;
  EXPECT_TRUE(contains(shown.out, "12/12 months"));
  const Result hidden = run_in_terminal(quiet);
  ASSERT_EQ(hidden.exit_code, 0) << hidden.out;
  EXPECT_EQ(hidden.out.find('\r'), std::string::npos) << hidden.out;
  EXPECT_EQ(hidden.out, "");
}

TEST(Cli, MissingConfigFile) {
  TempDir dir;
  const std::string path = (dir / "nope.textproto").string();
  const Result r = run_cli({"validate", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + path + ": no such file, expected a scenario\n");
  const Result run = run_cli({"run", path, "--out", (dir / "out").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Cli, AdoptersThatAreNoNumberNameTheSchemaRange) {
  TempDir dir;
  for (const char* bad : {"99999999999999999999999", "-5", "lots"}) {
    const Result r = run_cli({"run", baseline(), "--out", (dir / "out").string(), "--adopters", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_EQ(r.err, std::string("error: --adopters: expected a whole number in [1, 200000000] (agents), got '") + bad +
                         "'\n");
  }
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Cli, SymlinkLoopOrOverlongNameIsBadInputNamingThePath) {
  TempDir dir;
  fs::create_symlink(dir / "b", dir / "a");
  fs::create_symlink(dir / "a", dir / "b");
  const Result loop = run_cli({"validate", (dir / "a").string()});
  EXPECT_EQ(loop.exit_code, 2);
  EXPECT_EQ(loop.err, "error: " + (dir / "a").string() + ": cannot open: Too many levels of symbolic links\n");
  const std::string long_name = (dir / std::string(300, 'x')).string();
  const Result too_long = run_cli({"validate", long_name});
  EXPECT_EQ(too_long.exit_code, 2);
  EXPECT_EQ(too_long.err, "error: " + long_name + ": cannot open: File name too long\n");
}

TEST(Cli, PngOrGarbageAsConfig) {
  TempDir dir;
  const fs::path png = dir / "map.png";
  static constexpr char kPngStart[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
  write_file(png, std::string(kPngStart, sizeof kPngStart - 1));
  const Result r = run_cli({"validate", png.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("error: " + png.string() + ":1:1: ", 0), 0u) << r.err;
  EXPECT_EQ(r.out, "");

  const fs::path text = dir / "notes.textproto";
  write_file(text, "These are my notes,\nnot a scenario.\n");
  const Result g = run_cli({"run", text.string(), "--out", (dir / "out").string()});
  EXPECT_EQ(g.exit_code, 2);
  EXPECT_EQ(g.err.rfind("error: " + text.string() + ":1:", 0), 0u) << g.err;
  EXPECT_FALSE(fs::exists(dir / "out"));

  // A valid textproto of the wrong kind: a WorldData file.
  const fs::path data = repo_root() / "worlds" / "countries.textproto";
  const Result w = run_cli({"validate", data.string()});
  EXPECT_EQ(w.exit_code, 2);
  EXPECT_TRUE(contains(w.err, "this looks like world data, not a scenario, study spec or comparison")) << w.err;
}

// A copy of the shipped configs and world data, whose scenario reads the copy.
struct ShippedCopy {
  TempDir dir{"stackrace_cli_copy"};
  ShippedCopy() {
    fs::copy(repo_root() / "configs", dir / "configs", fs::copy_options::recursive);
    fs::create_directories(dir / "worlds");
    fs::copy_file(repo_root() / "worlds/countries.textproto", dir / "worlds/countries.textproto");
  }
  fs::path scenario() const { return dir / "configs/scenarios/baseline.textproto"; }
  fs::path world_data() const { return dir / "worlds/countries.textproto"; }
};

TEST(Cli, NonFiniteWorldDataIsRefusedWhereItIsWritten) {
  const std::string shipped = read_file(repo_root() / "worlds/countries.textproto");
  struct Edit {
    std::string from, to, what;
  };
  // Afghanistan is the second record of the file: country[1].
  const std::vector<Edit> edits = {
      {"population: 38041754", "population: nan",
       "country[1].population = nan: expected a value in [0, 1e+10] (persons)"},
      {"population: 38041754", "population: inf",
       "country[1].population = inf: expected a value in [0, 1e+10] (persons)"},
      {"gdp_per_capita_usd: 507.1", "gdp_per_capita_usd: -inf",
       "country[1].gdp_per_capita_usd = -inf: expected a value in [0, 1000000] (USD per person per year)"},
      {"label_lat_deg: 33.8353", "label_lat_deg: nan",
       "country[1].label_lat_deg = nan: expected a value in [-90, 90] (degrees north)"},
  };
  for (const Edit& e : edits) {
    SCOPED_TRACE(e.to);
    const ShippedCopy copy;
    const std::string text = replace_once(shipped, e.from, e.to);
    write_file(copy.world_data(), text);
    const std::string at = copy.world_data().string() + ":" + std::to_string(line_of(text, e.to)) + ":" +
                           std::to_string(column_of(text, e.to));
    const Result v = run_cli({"validate", copy.scenario().string()});
    EXPECT_EQ(v.exit_code, 2);
    EXPECT_EQ(v.err, "error: " + at + ": " + e.what + "\n");
    EXPECT_EQ(v.out, "");
    const Result r = run_cli({"run", copy.scenario().string(), "--out", (copy.dir / "out").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, v.err);
    EXPECT_FALSE(fs::exists(copy.dir / "out"));
  }
}

TEST(Cli, ConfigThatIsNotARegularFileIsRefusedAtOnce) {
  TempDir dir;
  const std::string device = "/dev/zero";
  for (const std::vector<std::string>& args : {std::vector<std::string>{"validate", device},
                                               {"run", device, "--out", (dir / "out").string()},
                                               {"describe", device},
                                               {"study", device, "--out", (dir / "out").string()}}) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_EQ(r.err, "error: /dev/zero: not a regular file (a character device), expected " +
                         std::string(args[0] == "study" ? "a study spec" : "a scenario") + "\n")
        << args[0];
    EXPECT_FALSE(fs::exists(dir / "out"));
  }
  const Result d = run_cli({"validate", dir.path().string()});
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_EQ(d.err, "error: " + dir.path().string() + ": not a regular file (a directory), expected a scenario\n");

  const fs::path fifo = dir / "fifo.textproto";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const Result f = run_cli({"validate", fifo.string()});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_EQ(f.err, "error: " + fifo.string() + ": not a regular file (a fifo), expected a scenario\n");

  const fs::path link = dir / "random.textproto";
  fs::create_symlink("/dev/urandom", link);
  const Result l = run_cli({"validate", link.string()});
  EXPECT_EQ(l.exit_code, 2);
  EXPECT_EQ(l.err, "error: " + link.string() + ": not a regular file (a character device), expected a scenario\n");
}

TEST(Cli, EmptyOrOversizedConfigIsRefusedForWhatItIs) {
  TempDir dir;
  const fs::path empty = dir / "empty.textproto";
  write_file(empty, "");
  const Result e = run_cli({"validate", empty.string()});
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_EQ(e.err, "error: " + empty.string() + ": the file is empty, expected a scenario\n");

  // 3.2 GiB of holes: refused by its size, before a byte is read.
  const fs::path big = dir / "big.textproto";
  write_file(big, "");
  fs::resize_file(big, (std::uintmax_t{32} << 30) / 10);
  const Result b = run_cli({"validate", big.string()});
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_EQ(b.err, "error: " + big.string() + ": 3.2 GiB is larger than the 64 MiB a scenario may be\n");
}

TEST(Cli, UnknownCommand) {
  const Result r = run_cli({"frobnicate", baseline()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("error: command line: unknown command 'frobnicate'\nusage:", 0), 0u) << r.err;
  EXPECT_EQ(r.out, "");
  // Named as such even without a config, or with one that does not exist.
  const Result bare = run_cli({"frobnicate"});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_TRUE(contains(bare.err, "unknown command 'frobnicate'")) << bare.err;
  const Result missing = run_cli({"frobnicate", "/no/such/config.textproto"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "unknown command 'frobnicate'")) << missing.err;
}

// Slips get a hint: a misspelt command or option names the one meant, an
// option before the command says where options go, a second plain argument
// asks whether an option's name is missing. The usage after a slip is its
// usage lines only, so that the error stays on the screen.
TEST(Cli, SlipsGetAHint) {
  const Result rnu = run_cli({"rnu", baseline()});
  EXPECT_EQ(rnu.exit_code, 2);
  EXPECT_EQ(rnu.err.rfind("error: command line: unknown command 'rnu' (did you mean run?)\nusage:", 0), 0u) << rnu.err;
  EXPECT_FALSE(contains(run_cli({"t"}).err, "did you mean"));  // one letter is no evidence
  EXPECT_TRUE(contains(run_cli({"--versoin"}).err, "unknown command '--versoin' (did you mean --version?)"));
  const Result before = run_cli({"--seed", "7", "run", baseline()});
  EXPECT_EQ(before.exit_code, 2);
  EXPECT_TRUE(contains(before.err, "unknown command '--seed': options go after the command")) << before.err;
  const Result extra = run_cli({"run", baseline(), "/tmp/somewhere"});
  EXPECT_EQ(extra.exit_code, 2);
  EXPECT_TRUE(contains(extra.err,
                       "more plain arguments than `run` takes: is an option's name missing before one "
                       "(e.g. --out DIR)?"))
      << extra.err;
  // "--set path = 1": the shell made three arguments of it.
  for (const std::vector<std::string>& spaced :
       {std::vector<std::string>{"policy.levers.us_export_promotion", "=", "1"},
        std::vector<std::string>{"policy.levers.us_export_promotion=", "1"}}) {
    std::vector<std::string> args{"run", baseline(), "--out", "/tmp/nowhere", "--set"};
    args.insert(args.end(), spaced.begin(), spaced.end());
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.err, "apart from its field or value: write --set PATH=VALUE with no spaces")) << r.err;
  }
  EXPECT_TRUE(contains(run_cli({"run", baseline(), "--seeds=3"}).err, "(did you mean --seed?)"));
  EXPECT_TRUE(contains(run_cli({"run", baseline(), "--sed", "3"}).err, "(did you mean --seed or --set?)"));
  EXPECT_FALSE(contains(run_cli({"run", baseline(), "--conifg", "x"}).err, "did you mean"));  // a plain argument
  const Result seeds = run_cli({"run", baseline(), "--seeds", "3"});
  EXPECT_EQ(seeds.exit_code, 2);
  EXPECT_TRUE(contains(seeds.err, "unrecognised option '--seeds' (did you mean --seed?)\nusage: stackrace run "))
      << seeds.err;
  EXPECT_TRUE(contains(seeds.err, "(`stackrace help run` describes every option)")) << seeds.err;
  EXPECT_FALSE(contains(seeds.err, "arguments:")) << seeds.err;  // not the whole help
  EXPECT_EQ(seeds.out, "");
}

// "study report" -> {"study", "report"}.
std::vector<std::string> words(const std::string& command) { return split(command, ' '); }

// The top-level usage is a summary: every flag it shows for a command is one
// that the command's own --help describes, so the summary never offers a flag
// the command refuses.
TEST(Cli, TopLevelUsageShowsOnlyFlagsTheCommandTakes) {
  const Result top = run_cli({"--help"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  std::map<std::string, std::string> shown;  // command -> its usage lines
  std::string command;
  for (const std::string& line : split_lines(top.out)) {
    if (line.rfind("  stackrace ", 0) == 0) {
      command = split(line.substr(12), ' ')[0];
    } else if (line.rfind("    ", 0) != 0) {
      command.clear();  // a continuation line is indented further
    }
    if (!command.empty() && command != "--version") shown[command] += line + "\n";
  }
  ASSERT_EQ(shown.size(), 10u) << top.out;
  int checked = 0;
  for (const auto& [name, lines] : shown) {
    const std::string help = run_cli({name, "--help"}).out;
    for (std::size_t at = lines.find("--"); at != std::string::npos; at = lines.find("--", at + 2)) {
      std::size_t end = at + 2;
      while (end < lines.size() && (std::islower(static_cast<unsigned char>(lines[end])) != 0 || lines[end] == '-'))
        ++end;
      const std::string flag = lines.substr(at, end - at);
      EXPECT_TRUE(contains(help, flag + " ")) << name << ": the top-level usage shows " << flag
                                              << ", which `" << name << " --help` does not describe";
      ++checked;
    }
  }
  EXPECT_GT(checked, 30);
}

// Every command the top-level usage lists, and every study subcommand,
// answers --help, -h and `help COMMAND` with its usage, its arguments and an
// example of itself, on stdout with exit code 0, wherever the flag stands.
TEST(Cli, EveryCommandAnswersHelp) {
  const Result top = run_cli({"--help"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  EXPECT_EQ(top.out.rfind("usage:\n", 0), 0u) << top.out;
  std::set<std::string> listed;  // "  stackrace NAME ..." lines
  for (const std::string& line : split_lines(top.out))
    if (line.rfind("  stackrace ", 0) == 0) listed.insert(split(line.substr(12), ' ')[0]);
  const std::set<std::string> commands{"run",   "validate", "describe", "fit",   "calibrate",
                                       "compare", "study",   "view",     "render", "plot"};
  std::set<std::string> expected = commands;
  expected.insert("--version");
  EXPECT_EQ(listed, expected) << top.out;
  EXPECT_EQ(run_cli({"-h"}).out, top.out);
  EXPECT_EQ(run_cli({"help"}).out, top.out);

  std::vector<std::string> all(commands.begin(), commands.end());
  all.insert(all.end(), {"study report", "study merge", "study repair", "study discover"});
  for (const std::string& command : all) {
    SCOPED_TRACE(command);
    std::vector<std::vector<std::string>> asks;
    for (const char* flag : {"--help", "-h"}) {
      std::vector<std::string> args = words(command);
      args.push_back(flag);
      asks.push_back(args);
    }
    std::vector<std::string> via_help{"help"};
    for (const std::string& w : words(command)) via_help.push_back(w);
    asks.push_back(via_help);
    std::string text;
    for (const auto& args : asks) {
      const Result r = run_cli(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      EXPECT_EQ(r.err, "");
      if (text.empty()) text = r.out;
      EXPECT_EQ(r.out, text) << "the same help however it is asked for";
    }
    EXPECT_EQ(text.rfind("usage: stackrace " + command + " ", 0), 0u) << text;
    EXPECT_TRUE(contains(text, "\narguments:\n")) << text;
    EXPECT_TRUE(contains(text, "\nexample:\n  build/release/stackrace " + command + " ")) << text;
  }
  // The flag anywhere after the command, even after arguments that would be
  // read as files: nothing is read or run.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", baseline(), "--out", "/nonexistent/x", "--help"},
        {"study", "report", "/nonexistent/study", "--help"},
        {"study", "report", "--help"},
        {"render", "/nonexistent/run", "-h", "--out", "x.svg"},
        {"compare", "--replicates", "0", "--help"}}) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_EQ(r.err, "") << args[0] << " " << args[1];
    EXPECT_EQ(r.out.rfind("usage: stackrace " + args[0], 0), 0u) << r.out;
  }
  EXPECT_TRUE(contains(run_cli({"study", "report", "--help"}).out, "usage: stackrace study report DIR"));
  const Result version = run_cli({"--version", "--help"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("usage: stackrace --version", 0), 0u) << version.out;

  const Result unknown = run_cli({"help", "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.err, "error: command line: no help for 'frobnicate' (commands: ")) << unknown.err;
  EXPECT_EQ(unknown.out, "");
}

TEST(Cli, CommandLineMistakes) {
  const Result none = run_cli({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(contains(none.err, "missing command")) << none.err;
  const Result no_config = run_cli({"validate"});
  EXPECT_EQ(no_config.exit_code, 2);
  EXPECT_TRUE(contains(no_config.err, "missing CONFIG")) << no_config.err;
  const Result no_out = run_cli({"run", baseline()});
  EXPECT_EQ(no_out.exit_code, 2);
  EXPECT_TRUE(contains(no_out.err, "run needs --out DIR")) << no_out.err;
  const Result threads = run_cli({"run", baseline(), "--out", "x", "--threads", "0"});
  EXPECT_EQ(threads.exit_code, 2);
  EXPECT_EQ(threads.err, "error: --threads: expected a thread count from 1 to 1024, got '0'\n");
  // Each count option says its own range and echoes what was given.
  const std::pair<std::vector<std::string>, std::string> counts[] = {
      {{"run", baseline(), "--out", "x", "--adopters", "0"},
       "error: --adopters: expected a whole number in [1, 200000000] (agents), got '0'\n"},
      {{"compare", "--replicates", "-1"}, "error: --replicates: expected a number of replicates from 1 to 1000, got '-1'\n"},
      {{"study", "configs/studies/smoke.textproto", "--out", "x", "--jobs", "0"},
       "error: --jobs: expected a number of parallel runs from 1 to 1024, got '0'\n"},
      {{"calibrate", "configs/calibration/adoption_plan.textproto", "--out", "x", "--threads", "-1"},
       "error: --threads: expected a thread count from 1 to 1024, got '-1'\n"},
  };
  for (const auto& [args, message] : counts) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_EQ(r.err, message);
  }
  const Result option = run_cli({"validate", baseline(), "--bogus"});
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_TRUE(contains(option.err, "error: command line: ")) << option.err;
  // An option of another command is refused, not ignored: validate, describe
  // and fit run nothing that --seed, --out or --overwrite would change.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"validate", baseline(), "--seed", "5"},
        std::vector<std::string>{"describe", baseline(), "--threads", "3"},
        std::vector<std::string>{"validate", baseline(), "--quiet"},
        std::vector<std::string>{"fit", baseline(), "--out", "x"},
        std::vector<std::string>{"fit", baseline(), "--overwrite"}}) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[2];
    EXPECT_TRUE(contains(r.err, args[2])) << r.err;
    EXPECT_EQ(r.out, "") << args[0];
  }
  // Options that would do nothing in their company are refused too.
  const Result overwrite = run_cli({"compare", "--overwrite"});
  EXPECT_EQ(overwrite.exit_code, 2);
  EXPECT_TRUE(contains(overwrite.err, "error: --overwrite: replaces the --out directory, and none is given"))
      << overwrite.err;
  const Result dry = run_cli({"study", "configs/studies/smoke.textproto", "--dry-run", "--resume"});
  EXPECT_EQ(dry.exit_code, 2);
  EXPECT_TRUE(contains(dry.err, "error: --resume: --dry-run estimates the whole study")) << dry.err;
  const Result adopters = run_cli({"validate", baseline(), "--adopters", "many"});
  EXPECT_EQ(adopters.exit_code, 2);
  EXPECT_TRUE(contains(adopters.err, "error: --adopters: expected a whole number")) << adopters.err;
  // A sign is refused, not wrapped around to 2^64 - 1.
  const Result seed = run_cli({"fit", baseline(), "--seed", "-1"});
  EXPECT_EQ(seed.exit_code, 2);
  EXPECT_TRUE(contains(seed.err, "error: --seed: expected a whole number from 0 to 18446744073709551615, got '-1'"))
      << seed.err;
  // compare reads its comparison from --config; a bare file name is an
  // error rather than silently running the default comparison.
  const Result stray = run_cli({"compare", baseline()});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_TRUE(contains(stray.err, "unexpected argument '" + baseline() + "' (a comparison file is given with --config"))
      << stray.err;
  const Result version = run_cli({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  // The version, the commit built from and the model hash: what a study
  // database and a run manifest record, so that a user can compare them.
  EXPECT_EQ(version.out, "stackrace " + program_version() + "\nsource commit " + source_commit() + "\nmodel hash " +
                             kModelHash + "\n");
  EXPECT_NE(source_commit(), "");
}

TEST(Cli, BadInputCreatesNoOutputDirectory) {
  TempDir parent;
  const fs::path out = parent / "fresh";
  const Result r = run_cli({"run", baseline(), "--out", out.string(), "--adopters", "20000", "--set",
                            "adoption.review_probability_per_month=2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--set adoption.review_probability_per_month=2")) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(list_dir(parent.path()).empty()) << "not even a hidden .partial directory may remain";
}

TEST(Cli, ExistingDirectoryThatIsNotARunIsLeftAlone) {
  TempDir parent;
  const fs::path out = parent / "results";
  write_file(out / "paper.tex", "do not touch\n");
  for (const bool overwrite : {false, true}) {
    std::vector<std::string> args{"run",        baseline(), "--out", out.string(),
                                  "--adopters", "20000",    "--set", "horizon.end_month=2025-02",
                                  "--quiet"};
    if (overwrite) args.push_back("--overwrite");
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << "overwrite " << overwrite;
    EXPECT_TRUE(contains(r.err, overwrite ? "--overwrite refused" : "directory exists and is not empty")) << r.err;
    EXPECT_EQ(list_dir(out), std::vector<std::string>{"paper.tex"});
    EXPECT_EQ(read_file(out / "paper.tex"), "do not touch\n");
    EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"results"});
  }
}

TEST(Cli, OverwriteReplacesAPreviousRun) {
  TempDir parent;
  const fs::path out = parent / "run";
  const std::vector<std::string> args{
      "run", baseline(), "--out", out.string(), "--adopters", "20000", "--set", "horizon.end_month=2025-02", "--quiet"};
  ASSERT_EQ(run_cli(args).exit_code, 0);
  std::vector<std::string> again = args;
  again.insert(again.end(), {"--seed", "99"});
  const Result refused = run_cli(again);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(read_manifest(out / "manifest.textproto").seed(), 20250101u);
  again.push_back("--overwrite");
  const Result replaced = run_cli(again);
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(read_manifest(out / "manifest.textproto").seed(), 99u);
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"});
}

// --overwrite never deletes what a user added to a run directory, nor the
// checkpoint a run continues from.
TEST(Cli, OverwriteKeepsAUsersFilesAndTheCheckpointItContinuesFrom) {
  TempDir parent;
  const fs::path out = parent / "before";
  const std::string checkpoint = (out / "checkpoint-2025-03.pb").string();
  ASSERT_EQ(run_cli({"run", baseline(), "--out", out.string(), "--adopters", "20000", "--set",
                     "horizon.end_month=2025-04", "--checkpoint-at", "2025-03", "--quiet"})
                .exit_code,
            0);
  const std::vector<std::string> files = list_dir(out);
  const std::string state = read_file(checkpoint);
  const Result from = run_cli({"run", "--from", checkpoint, "--out", out.string(), "--overwrite", "--quiet"});
  EXPECT_EQ(from.exit_code, 2) << from.err;
  EXPECT_TRUE(contains(from.err, "--overwrite refused: --from " + checkpoint + " lies inside the directory"))
      << from.err;
  EXPECT_EQ(list_dir(out), files);
  EXPECT_TRUE(read_file(checkpoint) == state);

  write_file(out / "notes.md", "what I saw\n");
  const Result notes = run_cli({"run", baseline(), "--out", out.string(), "--adopters", "20000", "--set",
                                "horizon.end_month=2025-02", "--overwrite", "--quiet"});
  EXPECT_EQ(notes.exit_code, 2) << notes.err;
  EXPECT_TRUE(contains(notes.err, "the directory holds notes.md, which a run does not write")) << notes.err;
  EXPECT_EQ(read_file(out / "notes.md"), "what I saw\n");
  EXPECT_TRUE(read_file(checkpoint) == state);
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"before"});
}

// calibrate checks where it writes before it starts: an existing file needs
// --overwrite, the plan is never its output, and a missing folder is refused
// at once, not after the calibration.
TEST(Cli, CalibrateChecksItsOutputsBeforeItStarts) {
  TempDir dir;
  std::string plan = read_file(fs::path(STACKRACE_ROOT) / "configs/calibration/adoption_plan.textproto");
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"adopters: 200000", "adopters: 20000"},
        {"samples: 1536", "samples: 16"},
        {"keep: 24", "keep: 2"},
        {"\"../scenarios/", "\"" + (fs::path(STACKRACE_ROOT) / "configs/scenarios").string() + "/"}}) {
    ASSERT_NE(plan.find(from), std::string::npos) << from;
    plan.replace(plan.find(from), from.size(), to);
  }
  const std::string plan_path = (dir / "plan.textproto").string();
  write_file(plan_path, plan);
  const std::string existing = (dir / "posterior.textproto").string();
  write_file(existing, "keep me\n");
  const std::pair<std::vector<std::string>, std::string> refused[] = {
      {{"--out", plan_path, "--overwrite"}, "is the plan itself"},
      {{"--out", existing}, "exists: pass --overwrite to replace it"},
      {{"--out", (dir / "no/p.textproto").string()}, (dir / "no").string() + " does not exist, expected a file name"},
      {{"--out", (dir / "a.textproto").string(), "--summary", (dir / "no/t.md").string()},
       (dir / "no").string() + " does not exist"},
      {{"--out", (dir / "a.textproto").string(), "--summary", (dir / "a.textproto").string()}, "is the --out file too"},
      {{"--out", (dir / "a.textproto").string(), "--summary", (dir / "." / "a.textproto").string()},
       "is the --out file too"},
  };
  for (const auto& [options, message] : refused) {
    std::vector<std::string> args{"calibrate", plan_path, "--quiet"};
    args.insert(args.end(), options.begin(), options.end());
    const Result r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << options[1];
    EXPECT_TRUE(contains(r.err, message)) << r.err;
  }
  EXPECT_EQ(read_file(existing), "keep me\n");
  EXPECT_EQ(read_file(plan_path), plan);
  EXPECT_FALSE(fs::exists(dir / "a.textproto"));
  const Result replaced = run_cli({"calibrate", plan_path, "--quiet", "--out", existing, "--overwrite", "--summary",
                                   (dir / "table.md").string()});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_NE(read_file(existing).find("sample {"), std::string::npos);
  EXPECT_NE(read_file(dir / "table.md").find("| parameter |"), std::string::npos);
}

// A checkpoint continues only the world it was taken in: an edit of the world
// config that leaves the adopters as they were (an export tier) is refused,
// a comment is not an edit.
TEST(Cli, ACheckpointIsRefusedAfterItsWorldFilesChanged) {
  TempDir dir;
  fs::copy(fs::path(STACKRACE_ROOT) / "configs", dir / "configs", fs::copy_options::recursive);
  fs::copy(fs::path(STACKRACE_ROOT) / "worlds", dir / "worlds", fs::copy_options::recursive);
  const std::string scenario = (dir / "configs/scenarios/baseline.textproto").string();
  const fs::path out = dir / "run";
  ASSERT_EQ(run_cli({"run", scenario, "--out", out.string(), "--adopters", "20000", "--set",
                     "horizon.end_month=2025-04", "--checkpoint-at", "2025-03", "--quiet"})
                .exit_code,
            0);
  const std::string checkpoint = (out / "checkpoint-2025-03.pb").string();
  const fs::path world = dir / "configs/world/world.textproto";
  const std::string text = read_file(world);
  write_file(world, text + "# a note\n");
  const Result commented = run_cli({"run", "--from", checkpoint, "--out", (dir / "a").string(), "--quiet"});
  EXPECT_EQ(commented.exit_code, 0) << commented.err;
  std::string edited = text;
  const std::string tier3 = "\"NIC\", \"KHM\"]";
  ASSERT_NE(edited.find(tier3), std::string::npos);
  edited.replace(edited.find(tier3), tier3.size(), "\"NIC\"]");
  write_file(world, edited);
  const Result moved = run_cli({"run", "--from", checkpoint, "--out", (dir / "b").string(), "--quiet"});
  EXPECT_EQ(moved.exit_code, 2) << moved.err;
  EXPECT_TRUE(contains(moved.err, "written by a run on other world data")) << moved.err;
  EXPECT_FALSE(fs::exists(dir / "b"));
}

// A posterior made on another model is still read, with one warning line on
// stderr; the shipped one gives none.
TEST(Cli, APosteriorFromAnotherModelIsWarnedAboutOnStderr) {
  TempDir dir;
  const fs::path shipped = fs::path(STACKRACE_ROOT) / "configs/calibration/adoption_posterior.textproto";
  std::string text = read_file(shipped);
  const std::string recorded = std::string("model_hash: \"") + kModelHash + "\"";
  ASSERT_NE(text.find(recorded), std::string::npos);
  text.replace(text.find(recorded), recorded.size(), "model_hash: \"0123456789abcdef\"");
  const fs::path stale = dir / "posterior.textproto";
  write_file(stale, text);
  const Result r = run_cli({"validate", stale.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "warning: " + stale.string() + ": the posterior was calibrated on model 0123456789abcdef, this is "
                       "model " + kModelHash + ": its accepted sets may no longer fit the 2025 patterns; rerun `make "
                       "calibrate`\n");
  const Result ok = run_cli({"validate", shipped.string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.err, "");
}

// Waits (up to a minute) until `dir` holds an entry whose name starts with `prefix`.
bool wait_for_entry(const fs::path& dir, const std::string& prefix) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    for (const std::string& name : list_dir(dir))
      if (name.rfind(prefix, 0) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// A run long enough to be stopped while it goes: 2 million adopters over a
// century, many seconds of work, far more than the tests wait. The
// projections are stretched with it, so that stderr holds only the stop.
std::vector<std::string> long_run(const fs::path& out) {
  return {"run",        baseline(),
          "--out",      out.string(),
          "--adopters", "2000000",
          "--set",      "horizon.end_month=2124-12",
          "--set",      "supply.projection_end_month=2124-12",
          "--quiet"};
}

TEST(Cli, SigintSigtermOrSighupStopsARunAndLeavesNothing) {
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    TempDir parent, io("stackrace_cli_io");
    const fs::path out = parent / "out";
    const Started s = start_cli(long_run(out), io);
    ASSERT_TRUE(wait_for_entry(parent.path(), ".out.partial-")) << "the run never started";
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ASSERT_EQ(::kill(s.pid, signal), 0);
    const Result r = finish_cli(s, std::chrono::seconds(60));
    EXPECT_EQ(r.exit_code, 128 + signal) << r.err;
    EXPECT_EQ(r.err,
              std::string("stopped: interrupted by SIG") + ::sigabbrev_np(signal) + "; no unfinished output is left\n");
    EXPECT_TRUE(list_dir(parent.path()).empty()) << "left behind: " << list_dir(parent.path()).front();
  }
}

// Under nohup SIGHUP is ignored, and a run goes on when its terminal closes.
TEST(Cli, AnIgnoredSighupStaysIgnored) {
  TempDir parent, io("stackrace_cli_io");
  const fs::path out = parent / "out";
  struct sigaction ignore {
  }, before{};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ASSERT_EQ(::sigaction(SIGHUP, &ignore, &before), 0);  // inherited by the child, as nohup does it
  const Started s = start_cli(long_run(out), io);
  ASSERT_EQ(::sigaction(SIGHUP, &before, nullptr), 0);
  ASSERT_TRUE(wait_for_entry(parent.path(), ".out.partial-")) << "the run never started";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(::kill(s.pid, SIGHUP), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  ASSERT_EQ(::kill(s.pid, SIGTERM), 0);  // the hangup changed nothing: this stop is the first
  const Result r = finish_cli(s, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 128 + SIGTERM) << r.err;
  EXPECT_EQ(r.err, "stopped: interrupted by SIGTERM; no unfinished output is left\n");
}

TEST(Cli, SigtermStopsACompareAndLeavesNothing) {
  TempDir parent, io("stackrace_cli_io");
  const fs::path out = parent / "cmp";
  const Started s = start_cli({"compare", "--out", out.string(), "--adopters", "1000000", "--quiet"}, io);
  ASSERT_TRUE(wait_for_entry(parent.path(), ".cmp.partial-")) << "compare never started";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(::kill(s.pid, SIGTERM), 0);
  const Result r = finish_cli(s, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 128 + SIGTERM) << r.err;
  EXPECT_TRUE(contains(r.err, "stopped: interrupted by SIGTERM")) << r.err;
  EXPECT_TRUE(list_dir(parent.path()).empty());
}

// compare --out keeps the first replicate of each scenario as a run
// directory: the run `stackrace run` gives with that seed, which view and
// render read. The comparison's own directory is named as such.
TEST(Cli, CompareKeepsARunOfEachScenario) {
  TempDir parent;
  const fs::path cmp = parent / "cmp";
  const std::vector<std::string> small{"--adopters", "20000", "--set", "adoption.peer_weight=0.5"};
  std::vector<std::string> args{"compare", "--out", cmp.string(), "--replicates", "1", "--seed", "11", "--quiet"};
  args.insert(args.end(), small.begin(), small.end());
  const Result c = run_cli(args);
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(list_dir(cmp),
            (std::vector<std::string>{"baseline", "commanding_lead", "compare.csv", "manifest.textproto", "parity"}));
  for (const char* scenario : {"baseline", "parity"}) {
    SCOPED_TRACE(scenario);
    const fs::path alone = parent / scenario;
    std::vector<std::string> run_args{
        "run",    "configs/scenarios/" + std::string(scenario) + ".textproto", "--out", alone.string(), "--seed", "11",
        "--quiet"};
    run_args.insert(run_args.end(), small.begin(), small.end());
    const Result r = run_cli(run_args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path kept = cmp / scenario;
    EXPECT_EQ(list_dir(kept), list_dir(alone));
    for (const char* file : {"countries.csv", "global.csv", "events.csv", "trajectory.pb"})
      EXPECT_TRUE(read_file(kept / file) == read_file(alone / file)) << file;
    RunManifest kept_manifest = read_manifest(kept / "manifest.textproto");
    RunManifest alone_manifest = read_manifest(alone / "manifest.textproto");
    EXPECT_EQ(kept_manifest.seed(), 11u);
    for (RunManifest* m : {&kept_manifest, &alone_manifest}) {
      m->clear_threads();
      m->clear_wall_time_s();
    }
    EXPECT_EQ(kept_manifest.DebugString(), alone_manifest.DebugString());
  }
  // The comparison is not a run: view and render name the runs it keeps.
  const Result render = run_cli({"render", cmp.string(), "--out", (parent / "map.svg").string()});
  EXPECT_EQ(render.exit_code, 2);
  EXPECT_EQ(render.err, "error: " + cmp.string() + ": is the output of stackrace compare, not a run: give one of its " +
                            "scenarios' runs: " + (cmp / "baseline").string() + ", " +
                            (cmp / "commanding_lead").string() + ", " + (cmp / "parity").string() + "\n");
  const Result kept = run_cli({"render", (cmp / "baseline").string(), "--out", (parent / "map.svg").string()});
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  // Again into the same directory: refused, with the hint.
  const Result again = run_cli(args);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_TRUE(contains(again.err, "pass --overwrite to replace")) << again.err;
  args.push_back("--overwrite");
  EXPECT_EQ(run_cli(args).exit_code, 0);
}

TEST(Cli, SecondOfTwoRunsToOneDirectoryKeepsItsRunBesideTheFirst) {
  // Two runs to one --out, neither with --overwrite, both started before
  // either finishes: the first to finish gets the directory, the other exits
  // 1 and keeps its finished run under a name it prints.
  TempDir parent, io("stackrace_cli_io");
  const fs::path out = parent / "run";
  auto run_args = [&](const char* seed, const char* adopters, const char* end) {
    return std::vector<std::string>{
        "run",    baseline(),   "--out",  out.string(), "--seed",
        seed,     "--adopters", adopters, "--set",      std::string("horizon.end_month=") + end,
        "--quiet"};
  };
  const std::vector<std::string> slow = run_args("1", "1000000", "2030-12"), fast = run_args("2", "20000", "2025-02");
  const Started first = start_cli(slow, io);
  ASSERT_TRUE(wait_for_entry(parent.path(), ".run.partial-")) << "the first run never started";
  const Result second = run_cli(fast);
  const Result slow_result = finish_cli(first);
  ASSERT_EQ(second.exit_code + slow_result.exit_code, 1) << second.err << slow_result.err;
  const Result& loser = second.exit_code == 1 ? second : slow_result;
  const std::uint64_t winner_seed = second.exit_code == 0 ? 2 : 1;
  EXPECT_EQ(read_manifest(out / "manifest.textproto").seed(), winner_seed);
  const auto names = list_dir(parent.path());
  ASSERT_EQ(names.size(), 2u);
  const fs::path kept = parent / names[1];
  EXPECT_EQ(names[1].rfind("run.run-", 0), 0u) << names[1];
  EXPECT_EQ(loser.err, "error: --out " + out.string() +
                           ": appeared while the run was going and is not replaced (pass --overwrite to replace a "
                           "previous run); the finished run is kept in " +
                           kept.string() + "\n");
  EXPECT_EQ(read_manifest(kept / "manifest.textproto").seed(), 3 - winner_seed);
}

}  // namespace
}  // namespace stackrace
