#include "analysis/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <cctype>

#include "analysis/kpi.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/io/output_folder.hpp"
#include "sim/scenario.hpp"

namespace ampel::batch {

Experiment make_compare_experiment(ScenarioSpec spec, const std::string& source, const CompareSettings& o) {
  ScenarioEntry entry;
  entry.spec = std::move(spec);
  entry.source = source;
  std::string label;
  for (char c : io::safe_name(entry.spec.name, "scenario")) label += c == '-' || c == '+' ? '_' : c;
  entry.label = label;
  if (o.end_s) set_end_time(entry.spec.time, *o.end_s, "--end");

  Plan plan;
  plan.name = "compare_" + label;
  plan.description = fmt::format("ampel compare {}: every strategy, {} paired seeds", source, o.seeds);
  std::vector<std::string> names = o.strategies;
  if (names.empty())
    for (const ControllerInfo& c : controller_catalog()) names.push_back(c.name);
  for (const std::string& n : names) {
    StrategyEntry s;
    s.label = n;
    s.controller.type = n;
    s.controller.where = "--strategies";
    plan.strategies.push_back(std::move(s));
  }
  // Fixed time is the natural baseline: what is on the street today; --baseline picks another.
  std::string baseline = o.baseline.empty() ? "fixed_time" : o.baseline;
  bool found = false;
  for (std::size_t i = 0; i < plan.strategies.size(); ++i)
    if (plan.strategies[i].label == baseline) plan.baseline = i, found = true;
  if (!found && !o.baseline.empty())
    throw InputError(
        "", "--baseline",
        fmt::format("'{}' is not one of the compared strategies ({})", o.baseline, fmt::join(names, ", ")));
  plan.replications = o.seeds;
  plan.warmup_s = o.warmup_s;
  plan.kpis = o.kpis.empty() ? default_kpis() : o.kpis;
  return make_experiment(plan, {entry}, {1.0}, "ampel compare");
}

}  // namespace ampel::batch
