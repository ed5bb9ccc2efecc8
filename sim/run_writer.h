#pragma once
// Writes a run's outputs month by month (docs/outputs.md is the contract):
// countries.csv, global.csv, events.csv, trajectory.pb, and manifest.textproto
// at the end.

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "sim/metrics.h"
#include "base/proto/output.pb.h"
#include "sim/output_dir.h"

namespace stackrace {

class RunWriter {
 public:
  explicit RunWriter(const OutputDir& dir);
  ~RunWriter();
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  // Appends the month the simulation has just completed.
  void record(const Simulation& sim, const MonthSummary& summary);
  // The output files as they stand after the last recorded month (for a
  // checkpoint): countries.csv, global.csv, events.csv, trajectory.pb.
  std::array<std::string, 4> contents();
  // Writes what a checkpoint recorded of the files (contents()), to go on
  // from there.
  void resume(const std::array<std::string, 4>& contents);
  // Writes the manifest and closes every file; throws on an I/O error.
  void finish(const RunManifest& manifest);

 private:
  std::FILE* open(const char* name);
  void check(std::FILE* f, const char* name);

  const OutputDir& dir_;
  std::FILE* countries_ = nullptr;
  std::FILE* global_ = nullptr;
  std::FILE* trajectory_ = nullptr;
  std::FILE* events_ = nullptr;
};

}  // namespace stackrace
