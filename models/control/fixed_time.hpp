#pragma once
// Fixed-time control: every signal runs its plan (stage greens and clearances) cyclically, shifted by its
// offset, so corridors can carry a green wave.
#include <vector>

#include "models/control/plan_tools.hpp"
#include "sim/controller.hpp"
#include "sim/network.hpp"

namespace ampel {

class FixedTimeController : public Controller {
 public:
  explicit FixedTimeController(const Network& net);
  std::string name() const override { return "fixed_time"; }
  std::unique_ptr<Controller> clone() const override { return std::make_unique<FixedTimeController>(*this); }
  void initialize(const ControlContext& ctx, std::span<SignalStart> starts) override;
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;

 private:
  std::vector<TimedPlan> plans_;  // per signal: the scenario's own greens and offset
};

}  // namespace ampel
