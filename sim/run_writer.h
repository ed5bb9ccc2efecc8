#pragma once
// Writes a run's outputs month by month (docs/outputs.md is the contract):
// countries.csv, global.csv, events.csv, trajectory.pb, and manifest.textproto
// at the end.

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
