#include "sim/run_writer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include <unistd.h>
#include <stdexcept>

#include "base/stacks.h"
#include "base/text_escape.h"
#include "base/textproto_parse.h"
#include "worlds/world.h"

namespace stackrace {

RunWriter::RunWriter(const OutputDir& dir) : dir_(dir) {
  countries_ = open("countries.csv");
  global_ = open("global.csv");
  trajectory_ = open("trajectory.pb");
  events_ = open("events.csv");
  std::fprintf(events_, "month,kind,actor,target,value,detail\n");
  std::fprintf(countries_, "month,iso3,ai_user_share");
  for (int s = 0; s < kStackCount; ++s) std::fprintf(countries_, ",share_%s", stack_column(s));
  std::fprintf(countries_, ",ai_exposed_employment_share,displaced_worker_share,stability_index");
  std::fprintf(countries_, ",dominant_stack,population,adopters,region,income_group,export_tier,partner\n");
  std::fprintf(global_, "month");
  for (const std::string& name : global_column_names()) std::fprintf(global_, ",%s", name.c_str());
  std::fprintf(global_, "\n");
}

RunWriter::~RunWriter() {
  for (std::FILE* f : {countries_, global_, trajectory_, events_})
    if (f) std::fclose(f);
}

std::FILE* RunWriter::open(const char* name) {
  const std::string path = dir_.file(name).string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
  return f;
}

// errno is cleared by the callers before the writes they check.
void RunWriter::check(std::FILE* f, const char* name) {
  if (std::ferror(f)) dir_.fail_write(name, errno);
}

void RunWriter::record(const Simulation& sim, const MonthSummary& summary) {
  errno = 0;  // a failed write below sets it, for check()
  const std::string month = sim.calendar_month().str();
  const World& world = sim.spec().world;
  TrajectoryFrame frame;
  frame.set_month(month);
  frame.set_month_index(static_cast<std::uint32_t>(sim.month() - 1));
  for (std::size_t c = 0; c < world.countries.size(); ++c) {
    const CountryRow& row = summary.countries[c];
    const Country& country = world.countries[c];
    std::fprintf(countries_, "%s,%s,%.6f", month.c_str(), country.iso3.c_str(), row.ai_user_share);
    for (int s = 0; s < kStackCount; ++s) std::fprintf(countries_, ",%.6f", row.stack_share[s]);
    std::fprintf(countries_, ",%.6f,%.6f,%.6f", row.ai_exposed_employment_share, row.displaced_worker_share,
                 row.stability_index);
    const GovernmentState& gov = sim.governments()[c];
    std::fprintf(countries_, ",%s,%.0f,%u,%s,%s,%u,%s\n", stack_column(row.dominant_stack), country.population,
                 sim.adopters_in(static_cast<int>(c)), csv_field(country.region).c_str(),
                 income_group_name(country.income_group), country.export_tier, partner_column(gov.partnership));

    CountryState* state = frame.add_country();
    state->set_iso3(country.iso3);
    state->set_ai_user_share(row.ai_user_share);
    for (int s = 0; s < kStackCount; ++s) state->add_stack_share(row.stack_share[s]);
    state->set_dominant_stack(static_cast<Stack>(std::max(row.dominant_stack, 0)));
    state->set_government_default(static_cast<Stack>(std::max<int>(gov.default_stack, 0)));
    state->set_partnership(gov.partnership);
    state->set_export_tier(country.export_tier);
    state->set_displaced_worker_share(row.displaced_worker_share);
    state->set_stability_index(row.stability_index);
  }
  // Each file is checked right after its own writes, so that the errno read
  // is the one its failed write set.
  check(countries_, "countries.csv");
  errno = 0;
  std::fprintf(global_, "%s", month.c_str());
  for (double v : global_values(summary)) std::fprintf(global_, ",%.6f", v);
  std::fprintf(global_, "\n");
  check(global_, "global.csv");
  errno = 0;
  for (const SupplyEvent& e : sim.events()) {
    std::fprintf(events_, "%s,%s,%s,%s,%.6g,%s\n", month.c_str(), e.kind.c_str(), csv_field(e.actor).c_str(),
                 csv_field(e.target).c_str(), e.value, csv_field(e.detail).c_str());
  }
  check(events_, "events.csv");

  // Length-delimited frame: varint size, then the message.
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream raw(&bytes);
    google::protobuf::io::CodedOutputStream coded(&raw);
    coded.WriteVarint32(static_cast<std::uint32_t>(frame.ByteSizeLong()));
    frame.SerializeWithCachedSizes(&coded);
  }
  errno = 0;
  std::fwrite(bytes.data(), 1, bytes.size(), trajectory_);
  check(trajectory_, "trajectory.pb");
}

std::array<std::string, 4> RunWriter::contents() {
  std::array<std::string, 4> out;
  const std::array<std::pair<std::FILE*, const char*>, 4> files{{{countries_, "countries.csv"},
                                                                 {global_, "global.csv"},
                                                                 {events_, "events.csv"},
                                                                 {trajectory_, "trajectory.pb"}}};
  for (std::size_t i = 0; i < files.size(); ++i) {
    errno = 0;
    if (std::fflush(files[i].first) != 0) dir_.fail_write(files[i].second, errno);
    std::ifstream in(dir_.file(files[i].second), std::ios::binary);
    out[i].assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error(std::string("cannot read back ") + files[i].second);
  }
  return out;
}

void RunWriter::resume(const std::array<std::string, 4>& contents) {
  // The headers the constructor wrote are part of what was recorded.
  const std::array<std::pair<std::FILE*, const char*>, 4> files{{{countries_, "countries.csv"},
                                                                 {global_, "global.csv"},
                                                                 {events_, "events.csv"},
                                                                 {trajectory_, "trajectory.pb"}}};
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::FILE* f = files[i].first;
    errno = 0;
    if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_SET) != 0 || ftruncate(fileno(f), 0) != 0)
      dir_.fail_write(files[i].second, errno);
    std::fwrite(contents[i].data(), 1, contents[i].size(), f);
    check(f, files[i].second);
  }
}

void RunWriter::finish(const RunManifest& manifest) {
  const std::array<std::pair<std::FILE**, const char*>, 4> files{{{&countries_, "countries.csv"},
                                                                  {&global_, "global.csv"},
                                                                  {&trajectory_, "trajectory.pb"},
                                                                  {&events_, "events.csv"}}};
  for (const auto& [f, name] : files) {
    // The last buffered block goes out here: where a full disk usually shows.
    errno = 0;
    const bool flushed = std::fflush(*f) == 0 && !std::ferror(*f);
    const int flush_error = errno;
    const bool closed = std::fclose(*f) == 0;
    const int close_error = errno;
    *f = nullptr;
    if (!flushed) dir_.fail_write(name, flush_error);
    if (!closed) dir_.fail_write(name, close_error);
  }
  const std::string text = print_textproto(manifest);
  errno = 0;
  std::ofstream out(dir_.file("manifest.textproto"), std::ios::binary);
  out << "# stackrace run manifest (stackrace.RunManifest, base/proto/output.proto)\n" << text;
  out.close();
  if (!out) dir_.fail_write("manifest.textproto", errno);
}

}  // namespace stackrace
