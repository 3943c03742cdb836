#include "models/control/max_pressure.hpp"

#include <algorithm>

namespace ampel {

MaxPressureController::MaxPressureController(const Scenario& scenario, const MaxPressureOptions& options)
    : net_(*scenario.network), options_(options), services_(stage_services(net_)) {}

double MaxPressureController::pressure(const ControlContext& ctx, SignalId signal,
                                       std::uint16_t stage) const {
  double p = 0.0;
  for (LinkId l : services_[signal][stage].links) {
    const Link& link = net_.link(l);
    p += static_cast<double>(vehicles_bound_for(ctx, link.from_lane, l)) -
         static_cast<double>(ctx.state.lanes[link.to_lane].size());
  }
  return p;
}

bool MaxPressureController::review_due(SignalId signal, std::uint16_t stage, TimeMs green_ms) const {
  double min_green = std::max(options_.min_green_s, net_.signals()[signal].stages[stage].min_green_s);
  TimeMs since = green_ms - seconds_to_ms(min_green);
  // Reviews at min_green, min_green + interval, ... (the first control tick at or after each).
  return since >= 0 && since % seconds_to_ms(options_.decision_interval_s) < control_interval_ms();
}

void MaxPressureController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  const auto& signals = net_.signals();
  for (SignalId id = 0; id < signals.size() && id < decisions.size(); ++id) {
    const SignalState& s = ctx.state.signals[id];
    auto n = static_cast<std::uint16_t>(signals[id].stages.size());
    if (s.interval != SignalInterval::green || n < 2) continue;
    if (!review_due(id, s.stage, ctx.now_ms - s.green_start_ms)) continue;
    double current = pressure(ctx, id, s.stage), best_p = current;
    std::uint16_t best = s.stage;
    for (std::uint16_t c = 0; c < n; ++c) {
      if (c == s.stage) continue;
      double p = pressure(ctx, id, c);
      if (p > best_p) best = c, best_p = p;
    }
    if (best != s.stage) decisions[id] = SignalDecision::go_to(best);
  }
}

}  // namespace ampel
