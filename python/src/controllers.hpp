#pragma once
// Signal control from Python: stage requests laid over a simulation's strategy, and strategies written in
// Python, registered by name so `compare` and `batch` run them like the built-in ones.
#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

#include "python/src/state_view.hpp"
#include "sim/controller.hpp"

namespace ampel::python {

namespace py = pybind11;

// A simulation's controller as Python drives it: an inner strategy (none: every signal holds its stage)
// decides on its own ticks; a stage requested with request() overrides it for that signal until the signal
// shows that stage (the signal state machine still enforces minimum green and clearances).
class OverrideController : public Controller {
 public:
  OverrideController(std::unique_ptr<Controller> inner, std::size_t signals);
  OverrideController(const OverrideController& other);
  std::string name() const override { return inner_ ? inner_->name() : "external"; }
  TimeMs control_interval_ms() const override;
  void initialize(const ControlContext& ctx, std::span<SignalStart> starts) override;
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;
  std::unique_ptr<Controller> clone() const override { return std::make_unique<OverrideController>(*this); }

  void request(std::size_t signal, std::uint16_t stage);
  bool has_inner() const { return inner_ != nullptr; }

 private:
  std::unique_ptr<Controller> inner_;
  std::vector<int> requested_;  // per signal: stage asked for, -1 none
  bool any_request_ = false;
};

// What a Python controller is shown at a decision: the state at that moment, valid during the call only.
class ControlState {
 public:
  ControlState(const Network& net, const SimState& state, py::object network)
      : net_(&net), state_(&state), network_(std::move(network)) {}
  const Network& net() const;
  const SimState& state() const;
  py::object network() const { return network_; }
  void expire() { state_ = nullptr; }

 private:
  const Network* net_;
  const SimState* state_;
  py::object network_;
};

// Registers a Python strategy: `factory(network, **params)` builds one controller object per run, whose
// decide(state) returns one integer per signal (-1 hold, -2 next stage, k >= 0 go to stage k) and whose
// optional interval_s says how often it is asked (default 1 s).
void register_python_controller(const std::string& name, const std::string& summary, py::object factory);
// Forgets every strategy registered from Python (at interpreter exit, while Python objects can still go).
void unregister_python_controllers();
std::vector<std::string> python_controller_names();

}  // namespace ampel::python
