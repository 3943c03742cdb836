#include "models/control/plan_tools.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "sim/signal_program.hpp"

namespace ampel {

bool stage_green(const Signal& signal, std::uint16_t stage, std::uint32_t i) {
  return is_green(signal.stages[stage].state[i]);
}

std::vector<bool> competing_stages(const Signal& signal) {
  std::size_t n = signal.stages.size();
  std::vector<bool> out(n, true);
  auto within = [&](std::size_t a, std::size_t b) {  // every green of a is green in b
    for (std::uint32_t i = 0; i < signal.link_count; ++i)
      if (is_green(signal.stages[a].state[i]) && !is_green(signal.stages[b].state[i])) return false;
    return true;
  };
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n && out[a]; ++b) {
      if (a == b || !out[b] || !within(a, b)) continue;
      // b serves everything a does; a goes unless they are equal and a comes first.
      if (!within(b, a) || b < a) out[a] = false;
    }
  return out;
}

std::vector<SignalMovements> signal_movements(const Network& net) {
  std::vector<SignalMovements> out;
  out.reserve(net.signals().size());
  for (const Signal& sig : net.signals()) {
    SignalMovements sm;
    std::map<std::pair<LaneId, RoadId>, std::uint32_t> index;
    std::vector<std::vector<std::uint32_t>> of_index(sig.link_count);
    for (std::uint32_t i = 0; i < sig.link_count; ++i)
      for (LinkId l : sig.links_of_index[i]) {
        const Link& link = net.link(l);
        auto [it, fresh] = index.try_emplace({link.from_lane, link.to_road},
                                             static_cast<std::uint32_t>(sm.movements.size()));
        if (fresh) sm.movements.push_back({link.from_lane, {}, {}});
        LaneMovement& m = sm.movements[it->second];
        m.links.push_back(l);
        m.out_lanes.push_back(link.to_lane);
        of_index[i].push_back(it->second);
      }
    for (LaneMovement& m : sm.movements) {
      std::sort(m.links.begin(), m.links.end());
      std::sort(m.out_lanes.begin(), m.out_lanes.end());
      m.out_lanes.erase(std::unique(m.out_lanes.begin(), m.out_lanes.end()), m.out_lanes.end());
    }
    sm.of_stage.resize(sig.stages.size());
    for (std::uint16_t s = 0; s < sig.stages.size(); ++s) {
      auto& v = sm.of_stage[s];
      for (std::uint32_t i = 0; i < sig.link_count; ++i)
        if (stage_green(sig, s, i)) v.insert(v.end(), of_index[i].begin(), of_index[i].end());
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    }
    out.push_back(std::move(sm));
  }
  return out;
}

std::vector<SignalService> stage_services(const Network& net) {
  std::vector<SignalService> out;
  out.reserve(net.signals().size());
  for (const Signal& sig : net.signals()) {
    SignalService service(sig.stages.size());
    for (std::uint16_t s = 0; s < sig.stages.size(); ++s) {
      StageService& st = service[s];
      for (std::uint32_t i = 0; i < sig.link_count; ++i) {
        if (!stage_green(sig, s, i)) continue;
        for (LinkId l : sig.links_of_index[i]) {
          st.links.push_back(l);
          st.lanes.push_back(net.link(l).from_lane);
        }
      }
      std::sort(st.links.begin(), st.links.end());
      std::sort(st.lanes.begin(), st.lanes.end());
      st.lanes.erase(std::unique(st.lanes.begin(), st.lanes.end()), st.lanes.end());
    }
    out.push_back(std::move(service));
  }
  return out;
}

std::uint32_t vehicles_within(const ControlContext& ctx, LaneId lane, double range_m) {
  const LaneQueue& q = ctx.state.lanes[lane];
  double from_m = ctx.network.lane(lane).length_m - range_m;
  std::uint32_t n = 0;
  // Front first: stop at the first vehicle beyond the range.
  while (n < q.size() && q[n].pos_m >= from_m) ++n;
  return n;
}

std::uint32_t vehicles_bound_for(const ControlContext& ctx, LaneId lane, LinkId link) {
  const LaneQueue& q = ctx.state.lanes[lane];
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < q.size(); ++i) n += ctx.state.vehicles[q[i].vehicle].next_link == link;
  return n;
}

namespace {

// The demand factor (scale_demand events) as steps: (from_ms, factor), ascending, starting at -infinity.
std::vector<std::pair<TimeMs, double>> factor_steps(const Scenario& sc) {
  std::vector<std::pair<TimeMs, double>> steps = {{std::numeric_limits<TimeMs>::min(), 1.0}};
  for (const CompiledEvent& e : sc.events)
    if (e.kind == EventKind::scale_demand) steps.push_back({e.at_ms, e.factor});
  return steps;
}

// Vehicles a flow releases over [a_s, b_s): its rate profile integrated, scaled by the demand factor.
double flow_vehicles(const CompiledFlow& f, const std::vector<std::pair<TimeMs, double>>& factors, double a_s,
                     double b_s) {
  double total = 0.0;
  for (std::size_t k = 0; k < factors.size(); ++k) {
    double lo = std::max(a_s, k == 0 ? a_s : ms_to_seconds(factors[k].first));
    double hi = std::min(b_s, k + 1 < factors.size() ? ms_to_seconds(factors[k + 1].first) : b_s);
    if (hi <= lo) continue;
    for (const RateInterval& iv : f.profile) {
      double overlap = std::min(hi, iv.end_s) - std::max(lo, iv.begin_s);
      if (overlap > 0) total += overlap * iv.rate_vph / 3600.0 * factors[k].second;
    }
  }
  return total;
}

}  // namespace

std::vector<double> movement_demand_vph(const Scenario& sc, TimeMs begin_ms, TimeMs end_ms) {
  const Network& net = *sc.network;
  std::vector<double> vph(net.movements().size(), 0.0);
  if (end_ms <= begin_ms) return vph;
  double hours = ms_to_seconds(end_ms - begin_ms) / 3600.0;
  auto add_route = [&](RouteId r, double vehicles) {
    const auto& roads = sc.routes[r].roads;
    for (std::size_t i = 0; i + 1 < roads.size(); ++i) {
      MovementId m = net.movement_between(roads[i], roads[i + 1]);
      if (m != kNone) vph[m] += vehicles / hours;
    }
  };
  auto factors = factor_steps(sc);
  for (const CompiledFlow& f : sc.flows)
    add_route(f.route, flow_vehicles(f, factors, ms_to_seconds(begin_ms), ms_to_seconds(end_ms)));
  for (const CompiledVehicle& v : sc.vehicles)
    if (v.depart_ms >= begin_ms && v.depart_ms < end_ms) add_route(v.route, 1.0);
  return vph;
}

TimedPlan plan_of_program(const Signal& signal) {
  TimedPlan p;
  for (const SignalStage& st : signal.stages) p.green_s.push_back(st.green_s);
  p.offset_s = signal.offset_s;
  return p;
}

double plan_clearance_s(const Signal& signal, std::uint16_t stage) {
  return signal.stages[stage].yellow_s + signal.stages[stage].all_red_s;
}

double plan_cycle_s(const Signal& signal, const TimedPlan& plan) {
  return stage_start_s(signal, plan, static_cast<std::uint16_t>(plan.green_s.size()));
}

double stage_start_s(const Signal& signal, const TimedPlan& plan, std::uint16_t stage) {
  double t = 0.0;
  for (std::uint16_t s = 0; s < stage; ++s)
    if (plan.green_s[s] >= 0) t += plan.green_s[s] + plan_clearance_s(signal, s);
  return t;
}

std::uint16_t plan_next_stage(const TimedPlan& plan, std::uint16_t stage) {
  const auto n = static_cast<std::uint16_t>(plan.green_s.size());
  for (std::uint16_t k = 1; k <= n; ++k) {
    auto s = static_cast<std::uint16_t>((stage + k) % n);
    if (plan.green_s[s] >= 0) return s;
  }
  return stage;
}

PlanPosition plan_position(const Signal& signal, const TimedPlan& plan, TimeMs now_ms) {
  TimeMs cycle = 0;
  for (std::uint16_t s = 0; s < plan.green_s.size(); ++s)
    if (plan.green_s[s] >= 0)
      cycle += seconds_to_ms(plan.green_s[s]) + seconds_to_ms(signal.stages[s].yellow_s) +
               seconds_to_ms(signal.stages[s].all_red_s);
  if (cycle <= 0) return {};
  TimeMs t = (now_ms - seconds_to_ms(plan.offset_s)) % cycle;
  if (t < 0) t += cycle;
  for (std::uint16_t i = 0; i < plan.green_s.size(); ++i) {
    if (plan.green_s[i] < 0) continue;
    TimeMs g = seconds_to_ms(plan.green_s[i]);
    TimeMs y = seconds_to_ms(signal.stages[i].yellow_s), r = seconds_to_ms(signal.stages[i].all_red_s);
    if (t < g) return {i, SignalInterval::green, t};
    t -= g;
    if (t < y) return {i, SignalInterval::yellow, t};
    t -= y;
    if (t < r) return {i, SignalInterval::all_red, t};
    t -= r;
  }
  return {};
}

SignalStart plan_start(const Signal& signal, const TimedPlan& plan, TimeMs now_ms) {
  PlanPosition p = plan_position(signal, plan, now_ms);
  SignalStart s;
  s.stage = p.stage;
  s.target = plan_next_stage(plan, p.stage);
  s.interval = p.interval;
  s.elapsed_ms = p.elapsed_ms;
  // A clearance the state machine would skip (no stream loses green) starts as the next green instead.
  if (p.interval != SignalInterval::green && signal.stages.size() < 2) s.interval = SignalInterval::green;
  return s;
}

SignalDecision follow_plan(const Signal& signal, const TimedPlan& plan, const SignalState& state,
                           TimeMs now_ms) {
  if (state.interval != SignalInterval::green || signal.stages.size() < 2) return SignalDecision::hold();
  PlanPosition p = plan_position(signal, plan, now_ms);
  std::uint16_t wanted = p.interval == SignalInterval::green ? p.stage : plan_next_stage(plan, p.stage);
  return wanted == state.stage ? SignalDecision::hold() : SignalDecision::go_to(wanted);
}

}  // namespace ampel
