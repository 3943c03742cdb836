#include "models/control/actuated.hpp"

#include <algorithm>
#include <limits>

#include "sim/signal_program.hpp"

namespace ampel {

ActuatedController::ActuatedController(const Scenario& scenario, const ActuatedOptions& options)
    : net_(*scenario.network),
      options_(options),
      services_(stage_services(net_)),
      served_count_(net_.road_lane_count(), 0) {}

double ActuatedController::min_green_s(SignalId signal, std::uint16_t stage) const {
  const Signal& sig = net_.signals()[signal];
  double own = sig.stages[stage].min_green_s;
  if (sig.program_type == "actuated" || options_.min_green_s < 0) return own;
  return std::max(own, options_.min_green_s);
}

double ActuatedController::max_green_s(SignalId signal, std::uint16_t stage) const {
  const Signal& sig = net_.signals()[signal];
  double own = sig.stages[stage].max_green_s;
  if (sig.program_type == "actuated" || options_.max_green_s < 0) return own;
  return std::min(own, options_.max_green_s);
}

bool loop_occupied(const ControlContext& ctx, LaneId lane) {
  double end_m = ctx.network.lane(lane).detector_m, begin_m = end_m - kLoopLengthM;
  const LaneQueue& q = ctx.state.lanes[lane];
  // Front first: stop at the first vehicle whose front has not reached the loop.
  for (std::uint32_t i = 0; i < q.size() && q[i].pos_m >= begin_m; ++i)
    if (q[i].pos_m - q[i].length_m <= end_m) return true;
  return false;
}

bool ActuatedController::has_call(const ControlContext& ctx, SignalId signal, std::uint16_t stage,
                                  std::uint16_t current) const {
  const Signal& sig = net_.signals()[signal];
  const std::string& now = sig.stages[current].state;
  const std::string& next = sig.stages[stage].state;
  const auto& now_served = services_[signal][current].lanes;
  for (std::uint32_t i = 0; i < sig.link_count; ++i) {
    // The stage gains something for link i: green where it is red now, or protected where it only yields now.
    bool gains = is_green(next[i]) && (!is_green(now[i]) || (next[i] == 'G' && now[i] != 'G'));
    if (!gains) continue;
    for (LinkId l : sig.links_of_index[i]) {
      LaneId lane = net_.link(l).from_lane;
      // A lane red now: its loop called since the lane last had green, or a vehicle halts on it.
      if (!std::binary_search(now_served.begin(), now_served.end(), lane) &&
          (ctx.state.detector_count[lane] > served_count_[lane] || ctx.state.lane_halting[lane] > 0))
        return true;
      // The lane group of this link: a vehicle taking it waits between its loop and the stop line (a left
      // turner yielding on a permissive green calls the protected stage).
      double from_m = net_.lane(lane).detector_m - kLoopLengthM;
      const LaneQueue& q = ctx.state.lanes[lane];
      for (std::uint32_t k = 0; k < q.size() && q[k].pos_m >= from_m; ++k)
        if (ctx.state.vehicles[q[k].vehicle].next_link == l && q[k].speed_mps <= kHaltingSpeedMps)
          return true;
    }
  }
  return false;
}

void ActuatedController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  const auto& signals = net_.signals();
  for (SignalId id = 0; id < signals.size() && id < decisions.size(); ++id) {
    const SignalState& s = ctx.state.signals[id];
    if (s.interval != SignalInterval::green) continue;
    const StageService& green = services_[id][s.stage];
    for (LaneId l : green.lanes) served_count_[l] = ctx.state.detector_count[l];
    auto n = static_cast<std::uint16_t>(signals[id].stages.size());
    if (n < 2) continue;
    TimeMs elapsed = ctx.now_ms - s.green_start_ms;
    if (elapsed < seconds_to_ms(min_green_s(id, s.stage))) continue;

    TimeMs last = -1;
    bool occupied = false;
    for (LaneId l : green.lanes) {
      last = std::max(last, ctx.state.detector_last_ms[l]);
      occupied = occupied || loop_occupied(ctx, l);
    }
    TimeMs gap = occupied ? 0 : last < 0 ? std::numeric_limits<TimeMs>::max() : ctx.now_ms - last;
    bool gap_out = gap > seconds_to_ms(options_.max_gap_s);  // SUMO: prolonged while gap <= max-gap
    bool max_out = elapsed >= seconds_to_ms(max_green_s(id, s.stage));
    if (!gap_out && !max_out) continue;
    // The next stage in the program's order with a call; none: the green rests.
    for (std::uint16_t k = 1; k < n; ++k) {
      auto c = static_cast<std::uint16_t>((s.stage + k) % n);
      if (has_call(ctx, id, c, s.stage)) {
        decisions[id] = SignalDecision::go_to(c);
        break;
      }
    }
  }
}

}  // namespace ampel
