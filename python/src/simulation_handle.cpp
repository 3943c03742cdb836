#include "python/src/simulation_handle.hpp"

#include <fmt/format.h>

#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/io/load.hpp"
#include "sim/io/run_output.hpp"

namespace ampel::python {

ParamMap param_map(const py::dict& params) {
  ParamMap out;
  for (auto [k, v] : params) {
    std::string key = py::str(k);
    if (py::isinstance<py::bool_>(v))
      out[key] = v.cast<bool>() ? 1.0 : 0.0;
    else if (py::isinstance<py::int_>(v) || py::isinstance<py::float_>(v))
      out[key] = v.cast<double>();
    else
      out[key] = std::string(py::str(v));
  }
  return out;
}

std::shared_ptr<const Scenario> load_scenario(const LoadRequest& r) {
  io::LoadOptions inputs;
  inputs.route_files = r.routes;
  inputs.flow_file = r.flow;
  inputs.allow_drop = r.allow_drop;
  ScenarioSpec spec = io::load_scenario_file(r.path, inputs);
  if (r.controller) {
    spec.controller.type = *r.controller;
    spec.controller.params.clear();
    spec.controller.where = "controller";
  }
  if (!r.params.empty()) {
    for (const auto& [k, v] : param_map(r.params)) spec.controller.params[k] = v;
    spec.controller.where = "params";
  }
  if (r.seed) spec.seed = *r.seed;
  if (r.end_s) {
    if (!(*r.end_s > spec.time.begin_s))
      throw InputError(
          "", "end",
          fmt::format("end {} s is not after the scenario's begin {} s", *r.end_s, spec.time.begin_s));
    spec.time.end_s = *r.end_s;
  }
  if (r.warmup_s) spec.time.warmup_s = *r.warmup_s;
  return std::make_shared<const Scenario>(compile_scenario(std::move(spec)));
}

SimulationHandle::SimulationHandle(const LoadRequest& request, bool metrics) {
  scenario_ = load_scenario(request);
  std::unique_ptr<Controller> inner;
  if (scenario_->controller.type != "external") inner = make_controller(scenario_->controller, *scenario_);
  auto control = std::make_unique<OverrideController>(std::move(inner), scenario_->network->signals().size());
  control_ = control.get();
  sim_ = std::make_unique<Simulation>(scenario_, std::move(control));
  if (metrics) {
    metrics_ = std::make_unique<MetricsCollector>(*sim_);
    sim_->add_observer(metrics_.get());
  }
  network_ = py::cast(std::make_shared<NetworkInfo>(*scenario_));
}

SimulationHandle::SimulationHandle(const SimulationHandle& o)
    : scenario_(o.scenario_), sim_(o.sim_->copy()), network_(o.network_) {
  control_ = dynamic_cast<OverrideController*>(&sim_->controller());
  if (o.metrics_) {
    metrics_ = std::make_unique<MetricsCollector>(*o.metrics_);
    sim_->add_observer(metrics_.get());
  }
}

void SimulationHandle::step(std::size_t steps) {
  for (std::size_t i = 0; i < steps && !sim_->finished(); ++i) sim_->step();
}

void SimulationHandle::run_until(double t_s) {
  sim_->run_until(seconds_to_ms(t_s));
}

void SimulationHandle::set_stage(const py::object& signal, std::int64_t stage) {
  const NetworkInfo& info = network_.cast<const NetworkInfo&>();
  std::size_t s = info.signal_index(signal);
  const Signal& sig = scenario_->network->signals()[s];
  if (stage < 0 || static_cast<std::size_t>(stage) >= sig.stages.size())
    throw py::index_error(
        fmt::format("signal '{}' has no stage {} (it has {})", sig.id, stage, sig.stages.size()));
  control_->request(s, static_cast<std::uint16_t>(stage));
}

std::string SimulationHandle::summary_json() const {
  if (!metrics_) throw std::runtime_error("this simulation collects no metrics (metrics=False)");
  MetricsCollector closed = *metrics_;  // finish() closes the open interval: on a copy, so the run goes on
  closed.finish(*sim_);
  return io::summary_to_json(*sim_, closed.summary()).dump();
}

}  // namespace ampel::python
