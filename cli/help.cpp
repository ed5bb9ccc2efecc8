#include "cli/help.h"

#include <algorithm>
#include <map>

namespace stackrace::cli {
namespace {

// The exit statuses of the commands that run simulations.
const std::string kExitStatus =
    "exit status: 0 success, 2 bad input (nothing written), 1 other failure, 130/143/129 stopped by "
    "SIGINT/SIGTERM/SIGHUP\n";

// Arguments shared by the commands that load a scenario.
const std::string kScenarioArguments =
    "  CONFIG             a scenario textproto, e.g. configs/scenarios/baseline.textproto\n"
    "  --set PATH=VALUE   override one scalar of the scenario; repeatable. Paths as `describe` lists them,\n"
    "                     e.g. adoption.peer_weight=0.8, supply.lab[7].price_usd_per_mtok=0.3\n"
    "  --adopters N       adopter agents (default: the scenario's population.adopters)\n";

const std::map<std::string, std::string>& help_texts() {
  static const std::map<std::string, std::string> texts = {
      {"run",
       "usage: stackrace run CONFIG --out DIR [--seed N] [--threads N] [--adopters N] [--set PATH=VALUE]...\n"
       "                     [--checkpoint-at YYYY-MM] [--quiet] [--overwrite]\n"
       "       stackrace run --from DIR/checkpoint-YYYY-MM.pb --out DIR2 [--set policy.levers.FIELD=VALUE]...\n"
       "                     [--threads N] [--checkpoint-at YYYY-MM] [--quiet] [--overwrite]\n\n"
       "Runs one scenario from 2025 to its end month and writes manifest.textproto, countries.csv,\n"
       "global.csv, events.csv and trajectory.pb to DIR (docs/outputs.md). The outputs appear whole or\n"
       "not at all, and depend only on the config, the seed and the adopter count.\n\n"
       "arguments:\n" +
           kScenarioArguments +
           "  --out DIR          the output directory: new or empty\n"
           "  --overwrite        replace DIR when it holds a previous run and nothing else\n"
           "  --seed N           the random seed (default: the scenario's seed)\n"
           "  --threads N        worker threads, 1 to 1024 (default: all cores); the outputs are the same at any "
           "count\n"
           "  --quiet            print nothing (no summary, no progress bar)\n"
           "  --checkpoint-at M  also write DIR/checkpoint-M.pb: the run's whole state at the end of month M\n"
           "  --from FILE        continue the run a checkpoint was taken from, with its scenario, seed and\n"
           "                     adopters; its outputs are the uninterrupted run's, byte for byte. A --set\n"
           "                     (levers only) branches: it applies from the month after the checkpoint on,\n"
           "                     as a dated policy change. CONFIG may be given when the scenario file has\n"
           "                     moved; a checkpoint of another scenario or program version is refused\n\n"
           "example:\n"
           "  build/release/stackrace run configs/scenarios/baseline.textproto --out out/mine --seed 7 --adopters "
           "200000\n"
           "  build/release/stackrace run configs/scenarios/baseline.textproto --out out/a --checkpoint-at 2026-06\n"
           "  build/release/stackrace run --from out/a/checkpoint-2026-06.pb --out out/b \\\n"
           "      --set policy.levers.remote_access_closure=1\n\n"
           "The run can be watched with `stackrace view DIR` and drawn with `stackrace render DIR`.\n" +
           kExitStatus},
      {"validate",
       "usage: stackrace validate FILE [--set PATH=VALUE]... [--adopters N]\n\n"
       "Checks a scenario, a study spec, a comparison config, a calibration plan or an adoption posterior,\n"
       "told apart by their top-level fields, without running anything: a scenario with every file it\n"
       "reads (supply side, world data and config, observations); a study spec with its base scenario and\n"
       "every design point; a comparison with each of its scenarios. Prints OK, or the problems found with\n"
       "their file:line:column or field path.\n\n"
       "arguments:\n"
       "  FILE               a scenario (configs/scenarios/), study spec (configs/studies/), comparison\n"
       "                     config (configs/compare.textproto), calibration plan or adoption posterior\n"
       "                     (configs/calibration/)\n"
       "  --set PATH=VALUE   override one scalar of the scenario (of every scenario of a comparison, of a\n"
       "                     study's scenario as `study --set` does); repeatable. Paths as `describe` lists\n"
       "                     them, e.g. adoption.peer_weight=0.8\n"
       "  --adopters N       adopter agents (default: the scenario's population.adopters)\n\n"
       "example:\n"
       "  build/release/stackrace validate configs/studies/levers_2028.textproto\n\n"
       "exit status: 0 valid, 2 invalid\n"},
      {"describe",
       "usage: stackrace describe CONFIG [--set PATH=VALUE]... [--adopters N]\n\n"
       "Prints every parameter of the scenario (after --set) with its value, unit and valid range, one\n"
       "field path a line (the paths --set takes), then the world: countries, income groups, export\n"
       "tiers, alignment and the 2025 AI user share targets.\n\n"
       "arguments:\n" +
           kScenarioArguments +
           "\nexample:\n"
           "  build/release/stackrace describe configs/scenarios/baseline.textproto | grep policy.levers\n\n"
           "exit status: 0 success, 2 bad input\n"},
      {"fit",
       "usage: stackrace fit CONFIG [--seed N] [--threads N] [--adopters N] [--set PATH=VALUE]...\n"
       "                     [--posterior FILE] [--quiet]\n\n"
       "Runs the scenario without writing outputs and prints, as CSV, each observed economy's 2025 AI user\n"
       "share beside the simulated one at the two calibration months, then the Spearman rank correlation\n"
       "and the mean absolute error, the H1 -> H2 growth by fifth of the observed H1 share (observed and\n"
       "simulated), and two out-of-sample checks: H1 -> H2 2025 against persistence,\n"
       "and a held-out third of the economies against an income regression (docs/calibration.md).\n\n"
       "arguments:\n" +
           kScenarioArguments +
           "  --posterior FILE   the adoption posterior for the out-of-sample lines (default: the scenario's\n"
           "                     adoption_posterior); its calibrated parameters win over a --set of them there\n" +
           "  --seed N           the random seed (default: the scenario's seed)\n"
           "  --threads N        worker threads, 1 to 1024 (default: all cores)\n"
           "  --quiet            no progress bar\n\n"
           "example:\n"
           "  build/release/stackrace fit configs/scenarios/baseline.textproto > fit.csv\n\n" +
           kExitStatus},
      {"calibrate",
       "usage: stackrace calibrate PLAN --out FILE [--summary FILE.md] [--overwrite] [--threads N] [--quiet]\n\n"
       "Calibrates the adoption parameters by approximate Bayesian computation: draws the plan's parameter\n"
       "sets from its priors, runs each through 2025 and keeps those closest to the observed 2025 patterns\n"
       "(level, income gradient, North-South gap, growth gradient), on every economy and on two thirds of\n"
       "them. Writes the accepted sets to FILE, an adoption posterior (docs/calibration.md); `make calibrate`\n"
       "also sets the baseline to their medians and rewrites the doc's figures.\n\n"
       "arguments:\n"
       "  PLAN               a calibration plan, e.g. configs/calibration/adoption_plan.textproto\n"
       "  --out FILE         the posterior to write (written whole, then renamed into place)\n"
       "  --summary FILE.md  also a Markdown table of each parameter's prior and accepted range\n"
       "  --overwrite        replace FILE (and FILE.md) if they exist; without it an existing file is refused\n"
       "  --threads N        worker threads, 1 to 1024 (default: all cores)\n"
       "  --quiet            no progress bar and no summary\n\n"
       "example:\n"
       "  build/release/stackrace calibrate configs/calibration/adoption_plan.textproto --out "
       "/tmp/posterior.textproto\n\n" +
           kExitStatus},
      {"compare",
       "usage: stackrace compare [--out DIR] [--config FILE] [--replicates N] [--seed N] [--adopters N]\n"
       "                         [--threads N] [--set PATH=VALUE]... [--posterior FILE] [--quiet] [--overwrite]\n"
       "                         [--check]\n\n"
       "Runs every scenario of a comparison (default configs/compare.textproto: baseline, commanding_lead,\n"
       "parity) N times and prints each metric per scenario (mean and 90% interval over replicates)\n"
       "beside the paper's figure. With --out, DIR gets compare.csv, manifest.textproto and the first\n"
       "replicate of each scenario as a run directory (DIR/baseline, ...) for `view` and `render`.\n\n"
       "arguments:\n"
       "  --out DIR          the output directory: new or empty\n"
       "  --overwrite        replace DIR when it holds a previous comparison and nothing else\n"
       "  --config FILE      the comparison (configs/compare.textproto by default)\n"
       "  --replicates N     runs per scenario, 1 to 1000 (default: the comparison's); replicate r runs\n"
       "                     with seed + r in every scenario\n"
       "  --seed N           the first replicate's seed (default: the comparison's)\n"
       "  --adopters N       adopter agents in every scenario (default: each scenario's own)\n"
       "  --set PATH=VALUE   override one scalar in every scenario; repeatable\n"
       "  --posterior FILE   an adoption posterior, e.g. configs/calibration/adoption_posterior.textproto:\n"
       "                     replicate r runs its accepted set r mod N (then --set), so the intervals carry\n"
       "                     parameter uncertainty as well as seed noise\n"
       "  --threads N        worker threads, 1 to 1024 (default: all cores)\n"
       "  --quiet            print nothing but errors\n"
       "  --check            exit 1 when a simulated mean misses a paper figure's target range\n\n"
       "example:\n"
       "  build/release/stackrace compare --out out/closed --set policy.levers.remote_access_closure=1\n\n"
       "exit status: 0 success, 2 bad input, 1 other failure or (with --check) a missed target,\n"
       "130/143/129 stopped by SIGINT/SIGTERM/SIGHUP\n"},
      {"study",
       "usage: stackrace study SPEC --out DIR [--jobs N] [--resume] [--quiet] [--shard i/N]\n"
       "                       [--parallelism MODE] [--set PATH=VALUE]... [--dry-run]\n"
       "       mpirun -np K stackrace study SPEC --out DIR [...]   (rank 0 coordinates, K-1 ranks run)\n"
       "       stackrace study report DIR\n"
       "       stackrace study discover DIR --where 'OUTCOME >= X' [--peel-alpha A] [--mass-min M] [...]\n"
       "       stackrace study merge OUT DIR...\n"
       "       stackrace study repair DIR\n\n"
       "Runs one scenario many times over a design of its fields (factors) and ranks the factors by how\n"
       "much each moves each outcome (docs/studies.md). Every finished run is committed to\n"
       "DIR/study.sqlite at once; runs.csv, summary.csv and sensitivity.csv (robustness.csv for a study\n"
       "with policy options) are written at the end.\n"
       "`stackrace study COMMAND --help` explains report, discover, merge and repair.\n\n"
       "arguments:\n"
       "  SPEC               a study textproto, e.g. configs/studies/smoke.textproto\n"
       "  --out DIR          the study directory: new or empty (or, with --resume, a study's)\n"
       "  --jobs N           runs side by side, 1 to 1024 (default: all cores; 1 per rank under MPI)\n"
       "  --resume           continue the study in DIR, skipping finished runs\n"
       "  --quiet            no progress bar and no summary\n"
       "  --shard i/N        run only the runs whose index is i modulo N (join shards with `study merge`)\n"
       "  --parallelism MODE side-by-side (default), nested or sequential: how runs share the cores\n"
       "  --set PATH=VALUE   override one scalar of the study's scenario, after the spec's own `set`s;\n"
       "                     repeatable, e.g. population.adopters=100000. A factor's field cannot be set,\n"
       "                     and --resume needs the same --set as the start\n"
       "  --dry-run          check everything, print the run count and an estimated time from one run\n"
       "                     measured here; needs no --out, writes nothing\n\n"
       "example:\n"
       "  build/release/stackrace study configs/studies/smoke.textproto --out out/smoke --jobs 2\n\n"
       "exit status: 0 success, 2 bad input (nothing run), 1 other failure or failed runs,\n"
       "130/143/129 stopped by SIGINT/SIGTERM/SIGHUP (finished runs are kept: --resume continues)\n"},
      {"study report",
       "usage: stackrace study report DIR\n\n"
       "Prints the factors of a finished study ranked per outcome (by total Sobol index, elementary effect\n"
       "or regression, as the design allows, with their intervals; with replicates, a noise floor, the\n"
       "seed's own effect, and a mark on each factor that does not clear it) and draws them as\n"
       "DIR/report.svg. A study with policy options gets their robustness instead (mean, p10, p90,\n"
       "regret, satisficing share, paired differences): DIR/robustness.csv and robustness.svg.\n"
       "Recorded series: DIR/series.svg.\n\n"
       "arguments:\n"
       "  DIR                a study directory written by `stackrace study` (or `study merge`)\n\n"
       "example:\n"
       "  build/release/stackrace study report out/smoke\n\n"
       "exit status: 0 success, 2 no study, or an unfinished or failed one, in DIR; 1 other failure\n"},
      {"study discover",
       "usage: stackrace study discover DIR --where CONDITION [--option NAME] [--peel-alpha A]\n"
       "                                [--paste-alpha A] [--mass-min M] [--min-coverage C] [--max-quasi-p P]\n\n"
       "Scenario discovery: which factor ranges make CONDITION likely? The runs where it holds are the\n"
       "cases of interest; PRIM peels the factor ranges to a box where they are dense, then pastes.\n"
       "Prints the chosen box (each restricted factor's range and quasi-p-value) and writes\n"
       "DIR/discover/boxes.csv, trajectory.csv (coverage and density of every peeling step),\n"
       "trajectory.svg and box.svg.\n\n"
       "arguments:\n"
       "  DIR                a finished study directory\n"
       "  --where CONDITION  'OUTCOME >= X', 'OUTCOME <= X' or 'X <= OUTCOME <= Y', OUTCOME one of the\n"
       "                     study's outcome names\n"
       "  --option NAME      in a study with policy options (required there): the runs of that option,\n"
       "                     e.g. the futures in which it fails\n"
       "  --peel-alpha A     share of the box's runs one peel removes (default 0.05)\n"
       "  --paste-alpha A    share of the box's runs one paste adds (default 0.05)\n"
       "  --mass-min M       smallest box, as a share of all runs (default 0.05); PRIM needs at least\n"
       "                     1 / (A x M) runs (400 with the defaults)\n"
       "  --min-coverage C   the chosen box is the densest peeling step with coverage >= C (default 0.5)\n"
       "  --max-quasi-p P    then drop, weakest first, each restriction whose quasi-p-value exceeds P\n"
       "                     (default 0.05; 1 keeps every restriction)\n\n"
       "example:\n"
       "  build/release/stackrace study discover out/fronts --where 'lead_months_2028 >= 12'\n\n"
       "exit status: 0 success, 2 no finished study, bad condition or too few runs (nothing written);\n"
       "1 other failure\n"},
      {"study merge",
       "usage: stackrace study merge OUT DIR...\n\n"
       "Joins the shard directories of one study (each run with --shard i/N) into OUT, which is then\n"
       "the same as the study run unsharded (bar wall times).\n\n"
       "arguments:\n"
       "  OUT                the merged study directory: new or empty\n"
       "  DIR...             every shard's directory, each finished\n\n"
       "example:\n"
       "  build/release/stackrace study merge out/levers shards/0 shards/1\n\n"
       "exit status: 0 success, 2 shards of different studies, missing or failed runs; 1 other failure\n"},
      {"study repair",
       "usage: stackrace study repair DIR\n\n"
       "Drops the stored runs of DIR/study.sqlite that do not match the study's plan (or sit on damaged\n"
       "pages), so that `stackrace study SPEC --out DIR --resume` runs them again.\n\n"
       "arguments:\n"
       "  DIR                a study directory\n\n"
       "example:\n"
       "  build/release/stackrace study repair out/smoke\n\n"
       "exit status: 0 success, 2 no readable study in DIR, 1 other failure\n"},
      {"view",
       "usage: stackrace view RUN_DIR [--layer NAME] [--month YYYY-MM] [--geometry FILE] [--size WxH]\n"
       "                      [--speed MONTHS_PER_S]\n"
       "       stackrace view CONFIG [--set PATH=VALUE]... [--seed N] [--adopters N] [--threads N] [...]\n\n"
       "Opens a window with the run on an animated world map and charts of the world's stack shares\n"
       "(docs/view.md). Given a scenario CONFIG instead of a run directory, it simulates live.\n"
       "Keys: space play/pause, arrows step, +/- speed, 1-5 layer; wheel zoom, drag pan; click a country\n"
       "to pin its charts (again or Esc to unpin). Live: a lever panel (Up/Down select, [ ] step) whose\n"
       "changes branch the run from the month shown, drawn dashed beside it. Needs SFML and a display.\n\n"
       "arguments:\n"
       "  RUN_DIR            a run directory (stackrace run CONFIG --out DIR), or one that\n"
       "                     compare --out keeps, e.g. out/compare/baseline after `make run`\n"
       "  CONFIG             a scenario textproto, simulated live; --set, --seed, --adopters and --threads\n"
       "                     work as in `stackrace run`\n"
       "  --layer NAME       dominant (default), ai_user_share, cn_share, tier or displacement\n"
       "  --month YYYY-MM    the month shown first\n"
       "  --geometry FILE    the world geometry (default: found next to the run's world data)\n"
       "  --size WxH         window size in pixels (default 1600x900)\n"
       "  --speed N          months per second, 0.25 to 32 (default 4)\n"
       "  --pin ISO3         pin this country's inspector from the start\n"
       "  for scripts: --exit-after-frames N, --screenshot FILE.png, --frame-stats, --hover ISO3,\n"
       "               --keys down,],] (presses played once the first month is there: up down [ ]\n"
       "               backspace delete l escape left right space), --wait-for-runs (count\n"
       "               --exit-after-frames once the live run and its branch are done),\n"
       "               --overwrite (replace an existing --screenshot file)\n\n"
       "example:\n"
       "  build/release/stackrace view out/compare/baseline --layer cn_share\n\n"
       "exit status: 0 success, 2 bad input, 1 other failure (no display, no SFML)\n"},
      {"render",
       "usage: stackrace render RUN_DIR --out FILE.svg|FILE.png [--month YYYY-MM] [--layer NAME]\n"
       "                        [--geometry FILE] [--size WxH] [--title TEXT] [--overwrite]\n"
       "       stackrace render RUN_DIR --frames DIR [--from YYYY-MM] [--to YYYY-MM] [--layer NAME] [...]\n"
       "       stackrace render RUN_DIR --video FILE.mp4|FILE.gif [--from YYYY-MM] [--to YYYY-MM]\n"
       "                        [--speed N] [--layer NAME] [--size WxH] [--pin ISO3] [--overwrite]\n\n"
       "Draws the map of one month of a recorded run as an SVG (no display needed) or a PNG, or one PNG\n"
       "per month into DIR, or a video of the whole view (map, charts, timeline, month), one frame a\n"
       "month, encoded by ffmpeg; with --pin, one country's inspector card (as `view --pin` shows it) in\n"
       "every frame. PNGs and videos need SFML and an X display (xvfb-run on a server).\n\n"
       "arguments:\n"
       "  RUN_DIR            a run directory (stackrace run CONFIG --out DIR), or one that\n"
       "                     compare --out keeps, e.g. out/compare/baseline after `make run`\n"
       "  --out FILE         the figure; .svg or .png\n"
       "  --frames DIR       one PNG of the map per month (frame_0000.png, ...)\n"
       "  --video FILE       the whole view as .mp4 (H.264) or .gif; needs ffmpeg\n"
       "  --from, --to YYYY-MM  the months of --frames and --video (default: the whole run)\n"
       "  --speed N          months a second in the video (default 4: six years in 18 s)\n"
       "  --pin ISO3         draw this country's inspector card over the map in every --video frame\n"
       "  --month YYYY-MM    the month drawn by --out (default: the last)\n"
       "  --layer NAME       dominant (default), ai_user_share, cn_share, tier or displacement\n"
       "  --geometry FILE    the world geometry (default: found next to the run's world data)\n"
       "  --size WxH         figure or video size in pixels, 200 to 8192 a side (default 1600x900)\n"
       "  --title TEXT       the figure's title (default: scenario, month and layer)\n"
       "  --overwrite        replace an existing --out or --video file (otherwise refused)\n\n"
       "example:\n"
       "  build/release/stackrace render out/compare/baseline --month 2030-12 --layer cn_share --out map.svg\n"
       "  xvfb-run -a build/release/stackrace render out/compare/baseline --video baseline.mp4\n"
       "  xvfb-run -a build/release/stackrace render out/compare/baseline --video kenya.mp4 --pin KEN\n\n"
       "exit status: 0 success, 2 bad input (also: ffmpeg missing for --video), 1 other failure (no display\n"
       "or SFML for a PNG or video, ffmpeg failed)\n"},
      {"plot",
       "usage: stackrace plot RUN_DIR|COMPARE_DIR... [--metric NAME]... [--country ISO3] [--out FILE.svg|FILE.png]\n"
       "                     [--overwrite]\n\n"
       "Draws columns of recorded runs over the months as an SVG line chart: world series of global.csv,\n"
       "or with --country one country's rows of countries.csv (by default its AI user share and its\n"
       "stack shares). Given several runs, or a comparison's directory (compare --out DIR keeps a run per\n"
       "scenario in DIR/NAME), their lines share one chart. The title lines record each run's scenario,\n"
       "seed, adopters and --set overrides; hovering a line shows its value each month. A comparison's\n"
       "directory alone, with neither --metric nor --country, draws every metric of its compare.csv:\n"
       "each scenario's mean and 5th-95th percentile over the replicates, the paper's target shaded.\n\n"
       "arguments:\n"
       "  RUN_DIR            a run directory (stackrace run CONFIG --out DIR), e.g. out/compare/baseline\n"
       "  COMPARE_DIR        a comparison's directory, e.g. out/compare after `make run`\n"
       "  --metric NAME      a column of global.csv, or of countries.csv with --country; repeatable,\n"
       "                     with one unit on the chart's one axis (shares, months, USD, ...)\n"
       "                     (default: lead_months; with --country: ai_user_share and share_*)\n"
       "  --country ISO3     one country's path, e.g. KEN\n"
       "  --out FILE         the figure (default: plot.svg); a .png (the same chart at twice the SVG's\n"
       "                     pixels) needs SFML and an X display (xvfb-run); not for the interval chart\n"
       "  --overwrite        replace an existing --out file (otherwise refused)\n\n"
       "example:\n"
       "  build/release/stackrace plot out/compare --metric lead_months --out lead.svg\n"
       "  build/release/stackrace plot out/compare --out intervals.svg\n"
       "  build/release/stackrace plot out/compare/baseline --country KEN --out kenya.svg\n"
       "  xvfb-run -a build/release/stackrace plot out/compare/baseline --country KEN --out kenya.png\n\n"
       "exit status: 0 success, 2 bad input (unknown metric or country, not a run, --out not writable)\n"},
      {"version",
       "usage: stackrace --version   (or: stackrace version)\n\n"
       "Prints the program version, the source commit it was built from and the model hash: what run\n"
       "manifests and study databases record.\n\n"
       "example:\n"
       "  build/release/stackrace --version\n"},
  };
  return texts;
}

bool is_help_flag(const std::string& arg) { return arg == "--help" || arg == "-h"; }

}  // namespace

const std::string& top_level_usage() {
  static const std::string usage =
      "usage:\n"
      "  stackrace run CONFIG --out DIR [--seed N] [--threads N] [--adopters N] [--set k=v]... [--quiet] "
      "[--overwrite] [...]\n"
      "  stackrace validate FILE [--set k=v]... [--adopters N]   (a scenario, study spec, comparison, ...)\n"
      "  stackrace describe CONFIG [--set k=v]... [--adopters N]\n"
      "  stackrace fit CONFIG [--seed N] [--threads N] [--adopters N] [--set k=v]... [--posterior FILE] [--quiet]\n"
      "  stackrace calibrate PLAN --out FILE [--summary FILE.md] [--overwrite] [--threads N] [--quiet]\n"
      "  stackrace compare [--out DIR] [--replicates N] [--config FILE] [--adopters N] [--set k=v]...\n"
      "                    [--posterior FILE] [--check] [...]\n"
      "  stackrace study SPEC --out DIR [--jobs N] [--resume] [--set k=v]... [--dry-run] [...]   (and: report, "
      "merge, repair, discover)\n"
      "  stackrace view RUN_DIR|CONFIG [--layer NAME] [--month YYYY-MM] [...]\n"
      "  stackrace render RUN_DIR --out FILE.svg|FILE.png|--frames DIR|--video FILE.mp4 [--layer NAME] [...]\n"
      "  stackrace plot RUN_DIR|COMPARE_DIR... [--metric NAME]... [--country ISO3] [--out FILE.svg|FILE.png]\n"
      "  stackrace --version                                   (or: stackrace version)\n"
      "\n"
      "`stackrace COMMAND --help` (or `stackrace help COMMAND`) explains a command, with an example.\n"
      "CONFIG is a scenario textproto, e.g. configs/scenarios/baseline.textproto.\n"
      "--set path.to.field=value overrides any scalar of the scenario (see `describe` for the paths).\n"
      "Exit status: 0 success, 2 bad input, 1 other failure, 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP\n"
      "(unfinished outputs removed).\n";
  return usage;
}

namespace {

// Edit distance with a swap of two neighbouring letters as one edit
// ("rnu" is one slip from "run"), for short words.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string closest_word(const std::string& word, const std::vector<std::string>& candidates) {
  // Two slips in a word of five letters or more, one in a shorter one: a
  // letter or two is no evidence ("t" is not "fit").
  const std::size_t letters = word.size() - std::min<std::size_t>(word.size(), word.rfind("--", 0) == 0 ? 2 : 0);
  const std::size_t most = letters >= 5 ? 2 : letters >= 3 ? 1 : 0;
  std::vector<std::string> best;
  std::size_t best_distance = most + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) best.clear();
    if (d <= std::min(best_distance, most)) {
      best.push_back(candidate);
      best_distance = d;
    }
  }
  if (best.empty() || best_distance == 0) return "";
  std::sort(best.begin(), best.end());
  std::string out = best[0];
  for (std::size_t i = 1; i < best.size(); ++i) out += (i + 1 == best.size() ? " or " : ", ") + best[i];
  return out;
}

std::string unknown_command_hint(const std::string& word) {
  if (!word.empty() && word[0] == '-') {
    const std::string flag = closest_word(word, {"--help", "--version"});
    if (!flag.empty()) return " (did you mean " + flag + "?)";
    return ": options go after the command, e.g. `stackrace run CONFIG --out DIR " + word + " ...`";
  }
  std::vector<std::string> commands = {"help", "version"};
  for (const std::string& command : commands_with_help())
    if (command.find(' ') == std::string::npos) commands.push_back(command);  // not a subcommand
  const std::string best = closest_word(word, commands);
  return best.empty() ? "" : " (did you mean " + best + "?)";
}

const std::vector<std::string>& commands_with_help() {
  static const std::vector<std::string> commands = [] {
    std::vector<std::string> names;
    for (const auto& [name, text] : help_texts()) names.push_back(name);
    return names;
  }();
  return commands;
}

const char* command_help(const std::string& command) {
  const auto it = help_texts().find(command);
  return it == help_texts().end() ? nullptr : it->second.c_str();
}

std::string help_request(int argc, char** argv) {
  if (argc < 3) return "";
  std::string command = argv[1];
  if (command == "--version") command = "version";
  if (!command_help(command)) return "";
  bool asked = false;
  for (int i = 2; i < argc; ++i) asked = asked || is_help_flag(argv[i]);
  if (!asked) return "";
  if (command == "study" && command_help("study " + std::string(argv[2]))) return "study " + std::string(argv[2]);
  return command;
}

}  // namespace stackrace::cli
