#pragma once
// `ampel compare` as an experiment: strategies (default: every one in the catalogue) on one scenario with
// paired seeds 1..n, differences against a baseline. Shared by the command line and the Python module.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/experiment.hpp"
#include "sim/spec.hpp"

namespace ampel::batch {

struct CompareSettings {
  std::size_t seeds = 10;
  std::vector<std::string> strategies;  // empty: every one in the catalogue
  std::optional<double> end_s;
  std::optional<double> warmup_s;
  std::vector<std::string> kpis;  // empty: default_kpis()
  std::string baseline;           // empty: fixed_time if compared, else the first strategy
};

// `source` is the scenario file as the user named it (for labels and the report). Throws InputError naming
// the option (--end, --baseline, --strategies) for a bad setting.
Experiment make_compare_experiment(ScenarioSpec spec, const std::string& source, const CompareSettings& s);

}  // namespace ampel::batch
