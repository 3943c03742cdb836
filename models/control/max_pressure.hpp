#pragma once
// Max-pressure control as Varaiya (2013) and PressLight (Wei et al. 2019) define it. A movement is one
// approach lane's links into one exit road; its pressure is the queue on the approach lane that takes it
// minus the queue per lane on the exit lanes it reaches, and a stage's pressure is the sum over the movements
// it gives green. A green lasts at least min_green_s, then is re-decided every decision_interval_s: the
// signal goes to the stage of highest pressure when that is strictly higher than the current stage's (ties
// stay). Minimum green, amber and all-red are the state machine's. Stages that serve nothing another stage
// does not (a right-turn-only phase whose turns run in every phase) never compete (competing_stages). A queue
// is the halting vehicles on the lane (RESCO's max pressure; `queue=vehicles`: every vehicle on it, as
// CityFlow's and PressLight's), and vehicles waiting to enter at the network's edge queue on their entry road
// (a point queue holds every vehicle that has arrived at the link and not left it).
#include <vector>

#include "models/control/plan_tools.hpp"
#include "sim/controller.hpp"
#include "sim/scenario.hpp"

namespace ampel {

struct MaxPressureOptions {
  double decision_interval_s = 10.0;  // CityFlow's reference and RESCO act every 10 s
  double min_green_s = -1.0;          // < 0: each stage's own (it is never below the stage's own)
  bool count_halting =
      true;  // queue = halting vehicles (RESCO's max pressure); false: every vehicle (CityFlow)
};

class MaxPressureController : public Controller {
 public:
  MaxPressureController(const Scenario& scenario, const MaxPressureOptions& options);
  std::string name() const override { return "max_pressure"; }
  std::unique_ptr<Controller> clone() const override {
    return std::make_unique<MaxPressureController>(*this);
  }
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;
  // Pressure of a movement and of a stage in the current state (vehicles).
  double movement_pressure(const ControlContext& ctx, const LaneMovement& m) const;
  double pressure(const ControlContext& ctx, SignalId signal, std::uint16_t stage) const;
  // Whether a green that started green_ms ago is re-decided now.
  bool review_due(SignalId signal, std::uint16_t stage, TimeMs green_ms) const;
  const std::vector<bool>& competing(SignalId signal) const { return competing_[signal]; }

 private:
  const Scenario& scenario_;
  const Network& net_;
  MaxPressureOptions options_;
  std::vector<SignalMovements> movements_;
  std::vector<std::vector<bool>> competing_;
  std::uint32_t queue(const ControlContext& ctx, LaneId lane) const;

  mutable std::vector<double> scratch_;  // movement pressures of the signal being decided
};

}  // namespace ampel
