#include "models/control/fixed_time.hpp"

#include "sim/scenario.hpp"

namespace ampel {

FixedTimeController::FixedTimeController(const Network& net) {
  for (const Signal& sig : net.signals()) plans_.push_back(plan_of_program(sig));
}

void FixedTimeController::initialize(const ControlContext& ctx, std::span<SignalStart> starts) {
  const auto& signals = ctx.network.signals();
  for (std::size_t i = 0; i < signals.size() && i < starts.size(); ++i)
    starts[i] = plan_start(signals[i], plans_[i], ctx.now_ms);
}

void FixedTimeController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  const auto& signals = ctx.network.signals();
  for (std::size_t i = 0; i < signals.size() && i < decisions.size(); ++i) {
    const SignalState& s = ctx.state.signals[i];
    if (s.interval != SignalInterval::green) continue;
    PlanPosition p = plan_position(signals[i], plans_[i], ctx.now_ms);
    // The plan has left this stage's green: move on to the next stage.
    if (p.stage != s.stage || p.interval != SignalInterval::green) decisions[i] = SignalDecision::next();
  }
}

}  // namespace ampel
