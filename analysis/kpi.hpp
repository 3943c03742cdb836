#pragma once
// The key performance indicators a batch can report: each names a figure of the run's Summary (as
// docs/metrics.md defines it), with its unit and which direction is better.
#include <string>
#include <vector>

#include "sim/metrics.hpp"

namespace ampel::batch {

struct KpiInfo {
  std::string name;         // "finished.delay_s", as an experiment file names it
  std::string unit;         // "s", "veh/h", ...
  std::string description;  // one line for reports
  bool lower_is_better = true;
  double (*value)(const Summary&) = nullptr;
};

const std::vector<KpiInfo>& kpi_catalog();
// nullptr if unknown.
const KpiInfo* find_kpi(const std::string& name);
// Used when an experiment names none: delay of all vehicles, travel time of finished trips, throughput and
// spillback (tables give the runs and the gridlocked runs beside them).
std::vector<std::string> default_kpis();

}  // namespace ampel::batch
