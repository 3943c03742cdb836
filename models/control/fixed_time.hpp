#pragma once
// Fixed-time control: every signal runs its plan (stage greens and clearances) cyclically, shifted by its
// offset, so corridors can carry a green wave.
#include "sim/controller.hpp"
#include "sim/network.hpp"

namespace ampel {

class FixedTimeController : public Controller {
 public:
  std::string name() const override { return "fixed_time"; }
  std::unique_ptr<Controller> clone() const override { return std::make_unique<FixedTimeController>(*this); }
  void initialize(const ControlContext& ctx, std::span<SignalStart> starts) override;
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;
};

// Where a signal's plan is at a time: the stage whose green or clearance it is in.
struct PlanPosition {
  std::uint16_t stage = 0;
  SignalInterval interval = SignalInterval::green;
  TimeMs elapsed_ms = 0;  // time already spent in that interval
};
PlanPosition plan_position(const Signal& signal, TimeMs now_ms);

}  // namespace ampel
