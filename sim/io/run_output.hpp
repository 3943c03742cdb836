#pragma once
// The files of one run's output folder: summary.json, trips.csv, lanes.csv, network.csv, signals.csv and
// manifest.json. The folder appears atomically: everything is written into a temporary sibling first.
#include <filesystem>
#include <string>

#include "sim/io/scenario_json.hpp"
#include "sim/metrics.hpp"

namespace ampel::io {

struct RunInfo {
  std::string command_line;
  OrderedJson controller;  // resolved controller definition (type and parameters)
};

OrderedJson summary_to_json(const Simulation& sim, const Summary& summary);

void write_run_outputs(const std::filesystem::path& dir, const Simulation& sim,
                       const MetricsCollector& metrics, const RunInfo& info);

// Writes a file via a temporary name and a rename, so readers never see half of it.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

// Creates `dir` by filling a temporary sibling with `fill` and renaming it; replaces an existing folder.
template <class Fill>
void create_folder_atomically(const std::filesystem::path& dir, Fill&& fill);

void replace_folder(const std::filesystem::path& tmp, const std::filesystem::path& dir);
std::filesystem::path temporary_sibling(const std::filesystem::path& dir);

template <class Fill>
void create_folder_atomically(const std::filesystem::path& dir, Fill&& fill) {
  std::filesystem::path tmp = temporary_sibling(dir);
  std::filesystem::remove_all(tmp);
  std::filesystem::create_directories(tmp);
  try {
    fill(tmp);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove_all(tmp, ec);
    throw;
  }
  replace_folder(tmp, dir);
}

}  // namespace ampel::io
