#pragma once
// One simulation as Python holds it: loaded like `ampel run` loads it, stepped from Python, copied for
// look-ahead, its signals set by hand or by its strategy, its state read as arrays.
#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "python/src/controllers.hpp"
#include "python/src/state_view.hpp"
#include "sim/metrics.hpp"
#include "sim/simulation.hpp"

namespace ampel::python {

namespace py = pybind11;

// The options of `ampel run`: the scenario's own strategy, seed and end unless given.
struct LoadRequest {
  std::string path;
  std::optional<std::string> controller;  // a strategy name, or "external": signals hold until told
  py::dict params;
  std::optional<std::uint64_t> seed;
  std::optional<double> end_s;
  std::vector<std::string> routes;  // SUMO route files for a .net.xml
  std::optional<std::string> flow;  // CityFlow flow.json for a roadnet.json
  std::optional<double> warmup_s;   // the scenario's warm-up unless given (0 for a short look)
  bool allow_drop = false;          // load although the import leaves out > 1 % of the vehicles or a signal
};

// Loads and compiles a scenario with the overrides applied (throws InputError).
std::shared_ptr<const Scenario> load_scenario(const LoadRequest& request);
ParamMap param_map(const py::dict& params);

class SimulationHandle {
 public:
  SimulationHandle(const LoadRequest& request, bool metrics);
  SimulationHandle(const SimulationHandle& other);  // a copy for look-ahead (see Simulation::copy)

  void step(std::size_t steps);
  void run_until(double t_s);
  double time_s() const { return ms_to_seconds(sim_->now_ms()); }
  bool finished() const { return sim_->finished(); }
  void set_stage(const py::object& signal, std::int64_t stage);

  const Simulation& sim() const { return *sim_; }
  const Scenario& scenario() const { return *scenario_; }
  py::object network() const { return network_; }
  std::string controller_name() const { return sim_->controller().name(); }
  std::uint64_t state_hash() const { return ampel::state_hash(sim_->state()); }
  std::string summary_json() const;  // the run so far, as summary.json reports it

 private:
  std::shared_ptr<const Scenario> scenario_;
  std::unique_ptr<Simulation> sim_;
  OverrideController* control_ = nullptr;  // owned by sim_
  std::unique_ptr<MetricsCollector> metrics_;
  py::object network_;  // NetworkInfo, shared by copies
};

}  // namespace ampel::python
