#pragma once
// Self-organising traffic lights (Gershenson 2005 "sotl-platoon"; Cools, Gershenson and D'Hooghe 2008).
// Every control tick each stage that is not green adds to its counter kappa (veh*s) the vehicles on its
// approach lanes within range_m of the stop line, times the tick. The green ends, after min_green_s, when
// the largest counter reaches threshold_veh_s, and goes to that stage, whose counter restarts at zero.
// Two further rules:
//  - platoon: no switch while a short platoon crosses, i.e. while 1..platoon_max_veh vehicles are within
//    platoon_range_m of the green stop lines (longer platoons may be cut; 0 disables the rule);
//  - empty green: with no vehicle within range_m of the green stop lines and one waiting on red, switch
//    after min_green_s without waiting for the threshold.
// Parameters (defaults): threshold_veh_s (40), min_green_s (10, at least each stage's own), range_m (80),
// platoon_range_m (25), platoon_max_veh (3). The rules are the published ones; the defaults are ours,
// sized for the bundled scenarios' 300 m links and 1 s ticks.
#include <vector>

#include "models/control/plan_tools.hpp"
#include "sim/controller.hpp"
#include "sim/scenario.hpp"

namespace ampel {

struct SotlOptions {
  double threshold_veh_s = 40.0;  // theta
  double min_green_s = 10.0;      // phi_min
  double range_m = 80.0;          // r
  double platoon_range_m = 25.0;  // omega
  double platoon_max_veh = 3.0;   // mu
};

class SotlController : public Controller {
 public:
  SotlController(const Scenario& scenario, const SotlOptions& options);
  std::string name() const override { return "sotl"; }
  std::unique_ptr<Controller> clone() const override { return std::make_unique<SotlController>(*this); }
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;
  // Counter kappa of a stage (veh*s), as of the last decision.
  double kappa_veh_s(SignalId signal, std::uint16_t stage) const { return kappa_[signal][stage]; }

 private:
  std::uint32_t count(const ControlContext& ctx, const std::vector<LaneId>& lanes, double range_m,
                      const std::vector<LaneId>& except) const;

  SotlOptions options_;
  std::vector<SignalService> services_;
  std::vector<std::vector<double>> kappa_;  // [signal][stage]
  TimeMs last_tick_ms_ = -1;
};

}  // namespace ampel
