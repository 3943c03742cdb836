#pragma once
// The files of one run's output folder: summary.json, trips.csv, lanes.csv, network.csv, signals.csv and
// manifest.json. Rows are streamed to disk as the metrics collector produces them (memory stays flat over a
// long run); the folder is filled as a temporary sibling and appears with one rename when the run is
// complete.
#include <fmt/format.h>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/io/output_folder.hpp"
#include "sim/io/scenario_json.hpp"
#include "sim/metrics.hpp"

namespace ampel::io {

struct RunInfo {
  std::string command_line;
  OrderedJson controller;  // resolved controller definition (type and parameters)
};

// Which files a run folder holds and how (a batch keeps less per run; see `ampel batch --keep`).
struct RunFiles {
  bool trips = true, lanes = true, network = true, signals = true;
  bool gzip = false;  // trips.csv.gz and signals.csv.gz instead of plain CSV
  // The resolved scenario in manifest.json; or, when `scenario_file` is set, a reference to that file (a
  // batch writes each case's scenario once).
  std::string scenario_file;
  std::string scenario_fingerprint;
};

OrderedJson summary_to_json(const Simulation& sim, const Summary& summary);

// One CSV file written row by row (gzip-compressed when asked: deterministic bytes, no time stamp).
class CsvStream {
 public:
  CsvStream(const std::filesystem::path& path, bool gzip);
  CsvStream(const CsvStream&) = delete;
  CsvStream& operator=(const CsvStream&) = delete;
  ~CsvStream();
  fmt::memory_buffer& buffer() { return buf_; }
  void flush_if_full() {
    if (buf_.size() >= kFlushBytes) flush();
  }
  void close();  // throws if anything could not be written

 private:
  static constexpr std::size_t kFlushBytes = 1 << 16;
  void flush();
  std::filesystem::path path_;
  fmt::memory_buffer buf_;
  std::FILE* plain_ = nullptr;
  void* gz_ = nullptr;  // gzFile
  bool failed_ = false;
};

// Streams a run's rows into its folder while it runs (attach it to the MetricsCollector as its sink), then
// completes the folder with finish(). Without finish() (an error, an interruption) nothing is left behind.
class RunWriter : public MetricsSink {
 public:
  // `staged`: `dir` is a private folder of the caller (a batch's staging folder), written directly; otherwise
  // a temporary sibling is filled and put in place of `dir` at the end (see TemporaryFolder; `force` replaces
  // a folder ampel did not write).
  RunWriter(const std::filesystem::path& dir, const Simulation& sim, RunFiles files = {}, bool staged = false,
            bool force = false);
  ~RunWriter() override;

  void trip(const Simulation& sim, const TripRecord& t) override;
  void lane_interval(const Simulation& sim, const LaneInterval& row) override;
  void network_interval(const Simulation& sim, const NetworkInterval& row) override;
  void signal_event(const Simulation& sim, const SignalEvent& e) override;

  // Writes summary.json and manifest.json, closes every file and puts the folder in place.
  void finish(const Simulation& sim, const Summary& summary, const RunInfo& info);

 private:
  std::filesystem::path dir_;
  RunFiles files_;
  std::optional<TemporaryFolder> tmp_;
  std::unique_ptr<CsvStream> trips_, lanes_, network_, signals_;
  std::vector<std::string> names_;  // files written, in manifest order
};

// Writes a small text file (summary, manifest, tables) in one go.
void write_text_file(const std::filesystem::path& path, const std::string& content);

}  // namespace ampel::io
