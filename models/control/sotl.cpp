#include "models/control/sotl.hpp"

#include <algorithm>

namespace ampel {

SotlController::SotlController(const Scenario& scenario, const SotlOptions& options)
    : options_(options), services_(stage_services(*scenario.network)) {
  for (const SignalService& s : services_) kappa_.emplace_back(s.size(), 0.0);
}

std::uint32_t SotlController::count(const ControlContext& ctx, const std::vector<LaneId>& lanes,
                                    double range_m, const std::vector<LaneId>& except) const {
  std::uint32_t n = 0;
  for (LaneId l : lanes)
    if (!std::binary_search(except.begin(), except.end(), l)) n += vehicles_within(ctx, l, range_m);
  return n;
}

void SotlController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  double tick_s =
      last_tick_ms_ < 0 ? ms_to_seconds(control_interval_ms()) : ms_to_seconds(ctx.now_ms - last_tick_ms_);
  last_tick_ms_ = ctx.now_ms;
  const auto& signals = ctx.network.signals();
  const std::vector<LaneId> no_lanes;
  for (SignalId id = 0; id < signals.size() && id < decisions.size(); ++id) {
    const SignalState& s = ctx.state.signals[id];
    auto n = static_cast<std::uint16_t>(signals[id].stages.size());
    if (n < 2) continue;
    // During a clearance the stage coming next already counts as served.
    std::uint16_t served = s.interval == SignalInterval::green ? s.stage : s.target;
    const auto& green_lanes = services_[id][served].lanes;
    std::uint16_t best = served;
    bool waiting = false;
    for (std::uint16_t c = 0; c < n; ++c) {
      if (c == served) {
        kappa_[id][c] = 0.0;
        continue;
      }
      std::uint32_t on_red = count(ctx, services_[id][c].lanes, options_.range_m, green_lanes);
      waiting = waiting || on_red > 0;
      kappa_[id][c] += on_red * tick_s;
      if (best == served || kappa_[id][c] > kappa_[id][best]) best = c;
    }
    if (s.interval != SignalInterval::green || best == served) continue;
    double min_green = std::max(options_.min_green_s, signals[id].stages[s.stage].min_green_s);
    if (ctx.now_ms - s.green_start_ms < seconds_to_ms(min_green)) continue;
    std::uint32_t on_green = count(ctx, green_lanes, options_.range_m, no_lanes);
    std::uint32_t platoon = count(ctx, green_lanes, options_.platoon_range_m, no_lanes);
    bool empty_green = on_green == 0 && waiting;
    bool threshold = kappa_[id][best] >= options_.threshold_veh_s;
    bool short_platoon = platoon > 0 && platoon <= options_.platoon_max_veh;
    if (empty_green || (threshold && !short_platoon)) decisions[id] = SignalDecision::go_to(best);
  }
}

}  // namespace ampel
