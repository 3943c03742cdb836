#include "models/registry/registry.hpp"

#include <fmt/format.h>
#include <mutex>
#include <stdexcept>

#include "models/control/actuated.hpp"
#include "models/control/fixed_time.hpp"
#include "models/control/max_pressure.hpp"
#include "models/control/predictive.hpp"
#include "models/control/sotl.hpp"
#include "models/control/webster.hpp"
#include "models/registry/params.hpp"
#include "sim/error.hpp"

namespace ampel {

namespace {

// Each builder reads (and checks) its strategy's parameters; the caller calls finish() on the reader.
using Builder = std::unique_ptr<Controller> (*)(ParamReader& params, const Scenario& scenario);

struct Entry {
  ControllerInfo info;
  Builder build;
};

std::unique_ptr<Controller> build_fixed_time(ParamReader&, const Scenario& sc) {
  return std::make_unique<FixedTimeController>(*sc.network);
}

std::unique_ptr<Controller> build_webster(ParamReader& p, const Scenario& sc) {
  WebsterOptions o;
  o.saturation_flow_vphpl = p.number("saturation_flow_vphpl", o.saturation_flow_vphpl, 300.0, 3000.0);
  o.startup_lost_s = p.number("startup_lost_s", o.startup_lost_s, 0.0, 10.0);
  o.yellow_used_s = p.number("yellow_used_s", o.yellow_used_s, 0.0, 10.0);
  o.max_flow_ratio = p.number("max_flow_ratio", o.max_flow_ratio, 0.5, 0.98);
  o.min_cycle_s = p.number("min_cycle_s", o.min_cycle_s, 10.0, 300.0);
  o.max_cycle_s = p.number("max_cycle_s", o.max_cycle_s, 10.0, 300.0);
  o.plan_period_s = p.number("plan_period_s", o.plan_period_s, 0.0, 86400.0);
  o.coordinate = p.choice("coordination", "corridor", {"corridor", "none"}) == "corridor";
  o.progression_mps = p.number("progression_mps", o.progression_mps, 0.0, 50.0);
  if (o.min_cycle_s > o.max_cycle_s)
    p.problem(fmt::format("min_cycle_s ({}) is above max_cycle_s ({})", o.min_cycle_s, o.max_cycle_s));
  if (o.plan_period_s > 0 && o.plan_period_s < 60)
    p.problem(fmt::format("plan_period_s is {}; use 0 (one plan) or at least 60 s", o.plan_period_s));
  return std::make_unique<WebsterController>(sc, o);
}

std::unique_ptr<Controller> build_actuated(ParamReader& p, const Scenario& sc) {
  ActuatedOptions o;
  o.max_gap_s = p.number("max_gap_s", o.max_gap_s, 0.5, 30.0);
  o.min_green_s = p.number("min_green_s", -1.0, 1.0, 300.0);
  o.max_green_s = p.number("max_green_s", -1.0, 1.0, 600.0);
  if (o.min_green_s > 0 && o.max_green_s > 0 && o.min_green_s > o.max_green_s)
    p.problem(fmt::format("min_green_s ({}) is above max_green_s ({})", o.min_green_s, o.max_green_s));
  return std::make_unique<ActuatedController>(sc, o);
}

std::unique_ptr<Controller> build_sotl(ParamReader& p, const Scenario& sc) {
  SotlOptions o;
  o.threshold_veh_s = p.number("threshold_veh_s", o.threshold_veh_s, 1.0, 100000.0);
  o.min_green_s = p.number("min_green_s", o.min_green_s, 0.0, 300.0);
  o.range_m = p.number("range_m", o.range_m, 5.0, 2000.0);
  o.platoon_range_m = p.number("platoon_range_m", o.platoon_range_m, 0.0, 500.0);
  o.platoon_max_veh = p.number("platoon_max_veh", o.platoon_max_veh, 0.0, 100.0);
  return std::make_unique<SotlController>(sc, o);
}

std::unique_ptr<Controller> build_max_pressure(ParamReader& p, const Scenario& sc) {
  MaxPressureOptions o;
  o.decision_interval_s = p.number("decision_interval_s", o.decision_interval_s, 1.0, 120.0);
  o.min_green_s = p.number("min_green_s", -1.0, 0.0, 300.0);
  o.count_halting = p.choice("queue", "halting", {"halting", "vehicles"}) == "halting";
  return std::make_unique<MaxPressureController>(sc, o);
}

// Every strategy, in the order tables list them.
const std::vector<Entry>& entries() {
  static const std::vector<Entry> list = {
      {{"fixed_time", "the scenario's signal plans, cyclic, with their offsets"}, build_fixed_time},
      {{"webster", "Webster's cycle and splits from the demand, per 15 min, with green-wave offsets"},
       build_webster},
      {{"actuated", "minimum green, extended while detector gaps stay under 3 s; gap-out or max-out"},
       build_actuated},
      {{"sotl", "self-organising: switch when waiting vehicles x time on red passes a threshold"},
       build_sotl},
      {{"max_pressure",
        "the stage whose movements have the largest upstream minus downstream queue (Varaiya)"},
       build_max_pressure},
      {{"predictive",
        "projects every queue 60-180 s ahead and picks the cheapest switch; neighbours share plans"},
       build_predictive},
  };
  return list;
}

struct Registered {
  ControllerInfo info;
  ControllerFactory build;
};

// Strategies registered at run time; batch workers read them while building their controllers.
std::mutex& registered_mutex() {
  static std::mutex m;
  return m;
}
std::vector<Registered>& registered() {
  static std::vector<Registered> list;
  return list;
}

}  // namespace

std::vector<ControllerInfo> controller_catalog() {
  std::vector<ControllerInfo> out;
  for (const Entry& e : entries()) out.push_back(e.info);
  std::lock_guard lock(registered_mutex());
  for (const Registered& r : registered()) out.push_back(r.info);
  return out;
}

void register_controller(const ControllerInfo& info, ControllerFactory factory) {
  for (const Entry& e : entries())
    if (e.info.name == info.name)
      throw std::invalid_argument(fmt::format("'{}' is a built-in strategy; choose another name", info.name));
  if (info.name.empty()) throw std::invalid_argument("a strategy needs a name");
  std::lock_guard lock(registered_mutex());
  for (Registered& r : registered())
    if (r.info.name == info.name) {
      r = {info, std::move(factory)};
      return;
    }
  registered().push_back({info, std::move(factory)});
}

bool unregister_controller(const std::string& name) {
  std::lock_guard lock(registered_mutex());
  auto& list = registered();
  for (auto it = list.begin(); it != list.end(); ++it)
    if (it->info.name == name) {
      list.erase(it);
      return true;
    }
  return false;
}

std::unique_ptr<Controller> make_controller(const ControllerSpec& spec, const Scenario& scenario) {
  for (const Entry& e : entries()) {
    if (e.info.name != spec.type) continue;
    ParamReader params(spec.params, "controller '" + spec.type + "'", scenario.source_file, spec.where);
    auto controller = e.build(params, scenario);
    params.finish();
    return controller;
  }
  ControllerFactory factory;
  {
    std::lock_guard lock(registered_mutex());
    for (const Registered& r : registered())
      if (r.info.name == spec.type) factory = r.build;
  }
  if (factory) return factory(scenario, spec.params);
  std::string known;
  for (const auto& c : controller_catalog()) known += (known.empty() ? "" : ", ") + c.name;
  throw InputError(scenario.source_file, spec.where,
                   fmt::format("unknown controller '{}'; known: {}", spec.type, known));
}

}  // namespace ampel
