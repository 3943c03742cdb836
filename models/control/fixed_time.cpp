#include "models/control/fixed_time.hpp"

#include "sim/scenario.hpp"

namespace ampel {

PlanPosition plan_position(const Signal& sig, TimeMs now_ms) {
  TimeMs cycle = 0;
  for (const SignalStage& st : sig.stages) cycle += seconds_to_ms(st.green_s + st.yellow_s + st.all_red_s);
  if (cycle <= 0) return {};
  TimeMs t = (now_ms - seconds_to_ms(sig.offset_s)) % cycle;
  if (t < 0) t += cycle;
  for (std::uint16_t i = 0; i < sig.stages.size(); ++i) {
    const SignalStage& st = sig.stages[i];
    TimeMs g = seconds_to_ms(st.green_s), y = seconds_to_ms(st.yellow_s), r = seconds_to_ms(st.all_red_s);
    if (t < g) return {i, SignalInterval::green, t};
    t -= g;
    if (t < y) return {i, SignalInterval::yellow, t};
    t -= y;
    if (t < r) return {i, SignalInterval::all_red, t};
    t -= r;
  }
  return {};
}

void FixedTimeController::initialize(const ControlContext& ctx, std::span<SignalStart> starts) {
  const auto& signals = ctx.network.signals();
  for (std::size_t i = 0; i < signals.size() && i < starts.size(); ++i) {
    const Signal& sig = signals[i];
    PlanPosition p = plan_position(sig, ctx.now_ms);
    SignalStart& s = starts[i];
    s.stage = p.stage;
    s.target = static_cast<std::uint16_t>((p.stage + 1) % sig.stages.size());
    s.interval = p.interval;
    s.elapsed_ms = p.elapsed_ms;
    // A clearance the state machine would skip (no stream loses green) starts as the next green instead.
    if (p.interval != SignalInterval::green && sig.stages.size() < 2) s.interval = SignalInterval::green;
  }
}

void FixedTimeController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  const auto& signals = ctx.network.signals();
  for (std::size_t i = 0; i < signals.size() && i < decisions.size(); ++i) {
    const SignalState& s = ctx.state.signals[i];
    if (s.interval != SignalInterval::green) continue;
    PlanPosition p = plan_position(signals[i], ctx.now_ms);
    // The plan has left this stage's green: move on to the next stage.
    if (p.stage != s.stage || p.interval != SignalInterval::green) decisions[i] = SignalDecision::next();
  }
}

}  // namespace ampel
