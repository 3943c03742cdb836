#include "models/control/max_pressure.hpp"

#include <algorithm>

namespace ampel {

MaxPressureController::MaxPressureController(const Scenario& scenario, const MaxPressureOptions& options)
    : scenario_(scenario), net_(*scenario.network), options_(options), movements_(signal_movements(net_)) {
  for (const Signal& sig : net_.signals()) competing_.push_back(competing_stages(sig));
  // Entry roads: the lane movements from the road to the same exit road share its waiting vehicles.
  for (SignalMovements& sm : movements_)
    for (LaneMovement& m : sm.movements) {
      RoadId from = net_.lane(m.in_lane).road, to = net_.link(m.links.front()).to_road;
      if (net_.node(net_.road(from).from).kind != NodeKind::fringe) continue;
      for (const LaneMovement& o : sm.movements)
        m.lanes_sharing_entry +=
            net_.lane(o.in_lane).road == from && net_.link(o.links.front()).to_road == to;
    }
}

std::uint32_t MaxPressureController::queue(const ControlContext& ctx, LaneId lane) const {
  return options_.count_halting ? ctx.state.lane_halting[lane] : ctx.state.lanes[lane].size();
}

double MaxPressureController::movement_pressure(const ControlContext& ctx, const LaneMovement& m) const {
  const LaneQueue& q = ctx.state.lanes[m.in_lane];
  double upstream = 0;
  for (std::uint32_t i = 0; i < q.size(); ++i)
    upstream +=
        (!options_.count_halting || q[i].speed_mps <= kHaltingSpeedMps) &&
        std::binary_search(m.links.begin(), m.links.end(), ctx.state.vehicles[q[i].vehicle].next_link);
  if (m.lanes_sharing_entry > 0) {
    // Vehicles waiting to enter at the network's edge are in the entry road's queue (a point queue).
    RoadId from = net_.lane(m.in_lane).road, to = net_.link(m.links.front()).to_road;
    std::uint32_t waiting = 0;
    for (const PendingVehicle& p : ctx.state.pending[from]) {
      const auto& roads = scenario_.routes[p.route].roads;
      waiting += roads.size() > 1 && roads[1] == to;
    }
    upstream += static_cast<double>(waiting) / m.lanes_sharing_entry;
  }
  double downstream = 0;
  for (LaneId l : m.out_lanes) downstream += queue(ctx, l);
  return upstream - downstream / static_cast<double>(std::max<std::size_t>(1, m.out_lanes.size()));
}

double MaxPressureController::pressure(const ControlContext& ctx, SignalId signal,
                                       std::uint16_t stage) const {
  const SignalMovements& sm = movements_[signal];
  double p = 0.0;
  for (std::uint32_t k : sm.of_stage[stage]) p += movement_pressure(ctx, sm.movements[k]);
  return p;
}

bool MaxPressureController::review_due(SignalId signal, std::uint16_t stage, TimeMs green_ms) const {
  double min_green = std::max(options_.min_green_s, net_.signals()[signal].stages[stage].min_green_s);
  // Re-decided every decision interval of green, the first time once the minimum green is over too.
  TimeMs since = green_ms - seconds_to_ms(std::max(min_green, options_.decision_interval_s));
  return since >= 0 && since % seconds_to_ms(options_.decision_interval_s) < control_interval_ms();
}

void MaxPressureController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  const auto& signals = net_.signals();
  for (SignalId id = 0; id < signals.size() && id < decisions.size(); ++id) {
    const SignalState& s = ctx.state.signals[id];
    auto n = static_cast<std::uint16_t>(signals[id].stages.size());
    if (s.interval != SignalInterval::green || n < 2) continue;
    if (!review_due(id, s.stage, ctx.now_ms - s.green_start_ms)) continue;
    const SignalMovements& sm = movements_[id];
    scratch_.resize(sm.movements.size());
    for (std::size_t k = 0; k < sm.movements.size(); ++k)
      scratch_[k] = movement_pressure(ctx, sm.movements[k]);
    auto stage_pressure = [&](std::uint16_t c) {
      double p = 0.0;
      for (std::uint32_t k : sm.of_stage[c]) p += scratch_[k];
      return p;
    };
    // A current stage that does not compete (the program started there) is left for any competing one.
    bool found = competing_[id][s.stage];
    double best_p = found ? stage_pressure(s.stage) : 0.0;
    std::uint16_t best = s.stage;
    for (std::uint16_t c = 0; c < n; ++c) {
      if (c == s.stage || !competing_[id][c]) continue;
      double p = stage_pressure(c);
      if (!found || p > best_p) best = c, best_p = p, found = true;
    }
    if (best != s.stage) decisions[id] = SignalDecision::go_to(best);
  }
}

}  // namespace ampel
