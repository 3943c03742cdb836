#pragma once
// Max-pressure control (Varaiya 2013). The pressure of a stage is the sum, over the lane-to-lane links it
// gives green, of (vehicles on the link's approach lane bound for that link) - (vehicles on its exit
// lane). Links are per lane, so this is Varaiya's capacity-weighted pressure with equal saturation flow
// per lane. A green lasts at least min_green_s, then is reviewed every decision_interval_s: the signal
// goes to the stage of highest pressure when it is strictly higher than the current stage's (ties stay).
#include <vector>

#include "models/control/plan_tools.hpp"
#include "sim/controller.hpp"
#include "sim/scenario.hpp"

namespace ampel {

struct MaxPressureOptions {
  double decision_interval_s = 5.0;
  double min_green_s = -1.0;  // < 0: each stage's own (it is never below the stage's own)
};

class MaxPressureController : public Controller {
 public:
  MaxPressureController(const Scenario& scenario, const MaxPressureOptions& options);
  std::string name() const override { return "max_pressure"; }
  std::unique_ptr<Controller> clone() const override {
    return std::make_unique<MaxPressureController>(*this);
  }
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;
  // Pressure of a stage in the current state (vehicles).
  double pressure(const ControlContext& ctx, SignalId signal, std::uint16_t stage) const;
  // Whether a green that started at green_start_ms is reviewed at now_ms.
  bool review_due(SignalId signal, std::uint16_t stage, TimeMs green_ms) const;

 private:
  const Network& net_;
  MaxPressureOptions options_;
  std::vector<SignalService> services_;
};

}  // namespace ampel
