#include "models/control/webster.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <queue>
#include <set>

namespace ampel {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Programs with more stages than this run every stage (the choice tries every subset).
constexpr std::size_t kMaxStagesToChoose = 12;

// Shares `available` s of displayed green among stages in proportion to `target`, holding each within
// [min, max]; a held stage's surplus or deficit goes to the stages still free.
std::vector<double> bounded_split(const std::vector<double>& target, double available,
                                  const std::vector<double>& min_s, const std::vector<double>& max_s) {
  std::size_t n = target.size();
  std::vector<double> g(n, 0.0);
  std::vector<bool> held(n, false);
  for (std::size_t round = 0; round <= n; ++round) {
    double rest = available, weight = 0.0;
    std::size_t free_count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (held[i]) {
        rest -= g[i];
      } else {
        weight += std::max(0.0, target[i]);
        ++free_count;
      }
    }
    if (free_count == 0) break;
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (held[i]) continue;
      double share =
          weight > 0 ? rest * std::max(0.0, target[i]) / weight : rest / static_cast<double>(free_count);
      g[i] = share;
      if (share < min_s[i])
        g[i] = min_s[i], held[i] = true, changed = true;
      else if (share > max_s[i])
        g[i] = max_s[i], held[i] = true, changed = true;
    }
    if (!changed) break;
  }
  return g;
}

// Whole seconds that still add up to the unrounded total (the remainder goes to the longest green).
std::vector<double> round_greens(const std::vector<double>& g) {
  std::vector<double> out(g.size());
  double total = std::accumulate(g.begin(), g.end(), 0.0), sum = 0.0;
  for (std::size_t i = 0; i < g.size(); ++i) sum += out[i] = std::round(g[i]);
  if (!out.empty()) {
    auto longest = std::max_element(out.begin(), out.end()) - out.begin();
    out[longest] += std::round(total) - sum;
  }
  return out;
}

// The stage of the plan that serves a movement: the first kept one with a protected green for one of its
// links, else the first with a permissive one; kNone if none.
std::uint32_t stage_serving(const Network& net, const Signal& sig, const std::vector<bool>& kept,
                            MovementId m) {
  for (char wanted : {'G', 'g'})
    for (std::uint16_t s = 0; s < sig.stages.size(); ++s)
      for (LinkId l : net.movements()[m].links)
        if (kept[s] && sig.stages[s].state[net.link(l).signal_link] == wanted) return s;
  return kNone;
}

// Lost time of a stage (HCM): start-up plus the intergreen after it, less the part of it still used.
double stage_lost_s(double clearance_s, const WebsterOptions& o) {
  // A stage change without clearance (no stream stops) loses no time.
  return clearance_s > 0
             ? std::max(0.0, o.startup_lost_s + clearance_s - std::min(o.yellow_used_s, clearance_s))
             : 0.0;
}

std::vector<double> kept_only(const std::vector<double>& v, const std::vector<bool>& kept) {
  std::vector<double> out;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (kept[i]) out.push_back(v[i]);
  return out;
}

struct StageInputs {
  std::vector<double> clearance_s, min_s, max_s;
};

// The stages' inputs, for the stages the plan keeps.
StageInputs stage_inputs(const Signal& sig, const std::vector<bool>& kept) {
  StageInputs in;
  for (std::uint16_t s = 0; s < sig.stages.size(); ++s) {
    if (!kept[s]) continue;
    in.clearance_s.push_back(plan_clearance_s(sig, s));
    in.min_s.push_back(sig.stages[s].min_green_s);
    in.max_s.push_back(sig.stages[s].max_green_s);
  }
  return in;
}

// A coordination link: signal `child` takes its offset from `parent`, whose green for the platoon on
// `road` starts `stage_parent`; the platoon reaches `child` in its stage `stage_child`.
struct Progression {
  SignalId parent = kNone;
  RoadId road = kNone;
  double distance_m = 0.0;  // parent's stop line to the child's: across the parent's junction, then the road
  std::uint32_t stage_parent = 0, stage_child = 0;
};

// Which signal follows which: a forest over the signals, greedily taking the busiest through movements
// first (each signal follows at most one upstream signal, and no loop is ever closed).
std::vector<Progression> coordination_forest(const Network& net, const std::vector<double>& vph,
                                             const std::vector<std::vector<bool>>& kept) {
  const auto& signals = net.signals();
  std::vector<Progression> parent(signals.size());
  struct Candidate {
    double weight;
    SignalId child;
    Progression p;
  };
  std::vector<Candidate> candidates;
  std::vector<std::vector<MovementId>> into(net.roads().size());
  for (MovementId m = 0; m < net.movements().size(); ++m) into[net.movements()[m].to_road].push_back(m);
  for (MovementId m = 0; m < net.movements().size(); ++m) {
    const Movement& mv = net.movements()[m];
    if (mv.turn != Turn::straight || vph[m] <= 0) continue;
    SignalId v = net.node(mv.node).signal;
    const Road& road = net.road(mv.from_road);
    SignalId u = net.node(road.from).signal;
    if (v == kNone || u == kNone || u == v || signals[v].nodes.size() != 1 || signals[u].nodes.size() != 1)
      continue;
    std::uint32_t sv = stage_serving(net, signals[v], kept[v], m);
    // The platoon on the road leaves the upstream junction on its busiest movement into the road.
    MovementId feed = kNone;
    for (MovementId k : into[mv.from_road])
      if (feed == kNone || vph[k] > vph[feed]) feed = k;
    if (feed == kNone || sv == kNone) continue;
    std::uint32_t su = stage_serving(net, signals[u], kept[u], feed);
    if (su == kNone) continue;
    const Movement& fm = net.movements()[feed];
    double across_m = fm.links.empty() ? 0.0 : net.lane(net.link(fm.links.front()).via_lane).length_m;
    candidates.push_back({vph[m], v, {u, mv.from_road, road.length_m + across_m, su, sv}});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.weight > b.weight; });
  std::vector<SignalId> group(signals.size());
  std::iota(group.begin(), group.end(), 0);
  auto find = [&](SignalId s) {
    while (group[s] != s) s = group[s] = group[group[s]];
    return s;
  };
  for (const Candidate& c : candidates) {
    if (parent[c.child].parent != kNone) continue;
    SignalId a = find(c.child), b = find(c.p.parent);
    if (a == b) continue;
    group[a] = b;
    parent[c.child] = c.p;
  }
  return parent;
}

}  // namespace

WebsterTiming webster_timing(const std::vector<double>& ratio, const std::vector<double>& clearance_s,
                             const std::vector<double>& min_green_s, const std::vector<double>& max_green_s,
                             const WebsterOptions& o, double cycle_s) {
  WebsterTiming t;
  std::size_t n = ratio.size();
  std::vector<double> lost(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    lost[i] = stage_lost_s(clearance_s[i], o);
    t.lost_s += lost[i];
    t.flow_ratio_sum += ratio[i];
  }
  double y = std::min(t.flow_ratio_sum, o.max_flow_ratio);
  double c0 = (1.5 * t.lost_s + 5.0) / (1.0 - y);
  t.cycle_s = cycle_s > 0 ? cycle_s : std::clamp(c0, o.min_cycle_s, o.max_cycle_s);
  double effective = std::max(0.0, t.cycle_s - t.lost_s);
  double clearance_total = std::accumulate(clearance_s.begin(), clearance_s.end(), 0.0);
  std::vector<double> target(n);
  for (std::size_t i = 0; i < n; ++i) {
    double share = t.flow_ratio_sum > 0 ? ratio[i] / t.flow_ratio_sum : 1.0 / static_cast<double>(n);
    // Displayed green = effective green + lost time - clearance (G = g + l1 - e).
    target[i] = effective * share + lost[i] - clearance_s[i];
  }
  t.green_s = bounded_split(target, t.cycle_s - clearance_total, min_green_s, max_green_s);
  return t;
}

std::vector<double> critical_flow_ratios(const Network& net, SignalId id, const std::vector<double>& vph,
                                         double saturation_flow_vphpl) {
  const Signal& sig = net.signals()[id];
  // Lanes carrying each movement: its flow is shared by them (movements are lane-specific: through traffic
  // cannot use a left-turn lane), so a lane's flow is the sum of its movements' shares.
  std::map<MovementId, std::set<LaneId>> lanes_of;
  for (std::uint32_t i = 0; i < sig.link_count; ++i)
    for (LinkId l : sig.links_of_index[i])
      if (net.link(l).movement != kNone) lanes_of[net.link(l).movement].insert(net.link(l).from_lane);
  std::vector<double> ratio(sig.stages.size(), 0.0);
  for (std::uint16_t s = 0; s < sig.stages.size(); ++s) {
    std::map<LaneId, std::set<MovementId>> lanes;  // approach lanes the stage serves, with the movements
    for (std::uint32_t i = 0; i < sig.link_count; ++i) {
      if (!stage_green(sig, s, i)) continue;
      for (LinkId l : sig.links_of_index[i]) {
        const Link& link = net.link(l);
        auto& ms = lanes[link.from_lane];
        if (link.movement != kNone) ms.insert(link.movement);
      }
    }
    for (const auto& [lane, ms] : lanes) {
      double flow = 0.0;
      for (MovementId m : ms) flow += vph[m] / static_cast<double>(lanes_of[m].size());
      ratio[s] = std::max(ratio[s], flow / saturation_flow_vphpl);
    }
  }
  return ratio;
}

std::vector<bool> webster_stages(const Signal& sig, const std::vector<double>& ratio,
                                 const WebsterOptions& o) {
  const std::size_t n = sig.stages.size();
  std::vector<bool> all(n, true);
  if (n < 2 || n > kMaxStagesToChoose) return all;
  // Per link index, the stages giving it its best green (protected where any stage protects it).
  std::vector<std::uint32_t> serving(sig.link_count, 0);
  for (std::uint32_t i = 0; i < sig.link_count; ++i) {
    bool protected_somewhere = false;
    for (const SignalStage& st : sig.stages) protected_somewhere = protected_somewhere || st.state[i] == 'G';
    for (std::size_t s = 0; s < n; ++s)
      if (sig.stages[s].state[i] == (protected_somewhere ? 'G' : 'g')) serving[i] |= 1u << s;
  }
  std::uint32_t best_mask = (1u << n) - 1;
  double best = kInfinity;
  int best_count = static_cast<int>(n) + 1;
  for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
    bool covers = true;
    for (std::uint32_t i = 0; i < sig.link_count && covers; ++i)
      covers = serving[i] == 0 || (serving[i] & mask);
    if (!covers) continue;
    double y = 0.0, lost = 0.0;
    for (std::size_t s = 0; s < n; ++s)
      if (mask & (1u << s))
        y += ratio[s], lost += stage_lost_s(plan_clearance_s(sig, static_cast<std::uint16_t>(s)), o);
    const double need = y + lost / o.max_cycle_s;
    const int count = std::popcount(mask);
    if (need < best - 1e-9 || (need < best + 1e-9 && count < best_count))
      best = need, best_mask = mask, best_count = count;
  }
  for (std::size_t s = 0; s < n; ++s) all[s] = (best_mask >> s) & 1u;
  return all;
}

const std::vector<TimedPlan>& WebsterSchedule::at(TimeMs now_ms) const {
  std::size_t k = 0;
  if (period_ms > 0 && now_ms > begin_ms) k = static_cast<std::size_t>((now_ms - begin_ms) / period_ms);
  return plans[std::min(k, plans.size() - 1)];
}

WebsterSchedule webster_schedule(const Scenario& sc, const WebsterOptions& o) {
  const Network& net = *sc.network;
  const auto& signals = net.signals();
  WebsterSchedule out;
  out.begin_ms = sc.begin_ms;
  TimeMs span = sc.end_ms - sc.begin_ms;
  out.period_ms = o.plan_period_s > 0 ? std::min(seconds_to_ms(o.plan_period_s), span) : 0;
  std::size_t periods =
      out.period_ms > 0 ? static_cast<std::size_t>((span + out.period_ms - 1) / out.period_ms) : 1;

  // The coordination tree comes from the whole run's demand, so offsets keep their structure across periods.
  // The stages each signal's plans run, chosen on the whole run's demand.
  const std::vector<double> run_vph = movement_demand_vph(sc, sc.begin_ms, sc.end_ms);
  std::vector<std::vector<bool>> kept(signals.size());
  for (SignalId s = 0; s < signals.size(); ++s)
    kept[s] = webster_stages(signals[s], critical_flow_ratios(net, s, run_vph, o.saturation_flow_vphpl), o);
  std::vector<Progression> parent(signals.size());
  if (o.coordinate) parent = coordination_forest(net, run_vph, kept);
  std::vector<SignalId> root(signals.size());
  std::vector<std::vector<SignalId>> children(signals.size());
  for (SignalId s = 0; s < signals.size(); ++s) {
    root[s] = s;
    while (parent[root[s]].parent != kNone) root[s] = parent[root[s]].parent;
    if (parent[s].parent != kNone) children[parent[s].parent].push_back(s);
  }

  for (std::size_t k = 0; k < periods; ++k) {
    TimeMs a = sc.begin_ms + static_cast<TimeMs>(k) * out.period_ms;
    TimeMs b = out.period_ms > 0 ? std::min(sc.end_ms, a + out.period_ms) : sc.end_ms;
    std::vector<double> vph = movement_demand_vph(sc, a, b);
    std::vector<std::vector<double>> ratios(signals.size());
    std::vector<double> group_cycle(signals.size(), 0.0);
    for (SignalId s = 0; s < signals.size(); ++s) {
      StageInputs in = stage_inputs(signals[s], kept[s]);
      ratios[s] = kept_only(critical_flow_ratios(net, s, vph, o.saturation_flow_vphpl), kept[s]);
      double own = webster_timing(ratios[s], in.clearance_s, in.min_s, in.max_s, o).cycle_s;
      group_cycle[root[s]] = std::max(group_cycle[root[s]], own);
    }
    std::vector<TimedPlan> plans(signals.size());
    for (SignalId s = 0; s < signals.size(); ++s) {
      StageInputs in = stage_inputs(signals[s], kept[s]);
      double cycle = std::round(group_cycle[root[s]]);
      WebsterTiming t = webster_timing(ratios[s], in.clearance_s, in.min_s, in.max_s, o, cycle);
      // Stages the plan leaves out get -1 (plan_tools: neither green nor clearance).
      std::vector<double> greens = round_greens(t.green_s);
      for (std::size_t k = 0, i = 0; k < kept[s].size(); ++k)
        plans[s].green_s.push_back(kept[s][k] ? greens[i++] : -1.0);
    }
    // Offsets down each tree: a child's stage turns green when the parent's platoon arrives. Exact times
    // propagate; only the final offsets are rounded, so rounding does not accumulate along a corridor.
    std::vector<double> exact(signals.size(), 0.0);
    for (SignalId r = 0; r < signals.size(); ++r) {
      if (root[r] != r) continue;
      std::queue<SignalId> todo;
      todo.push(r);
      while (!todo.empty()) {
        SignalId u = todo.front();
        todo.pop();
        for (SignalId v : children[u]) {
          const Progression& p = parent[v];
          double speed = o.progression_mps > 0 ? o.progression_mps : 0.85 * net.road(p.road).speed_mps;
          double arrive_s = exact[u] +
                            stage_start_s(signals[u], plans[u], static_cast<std::uint16_t>(p.stage_parent)) +
                            p.distance_m / speed;
          exact[v] =
              arrive_s - stage_start_s(signals[v], plans[v], static_cast<std::uint16_t>(p.stage_child));
          todo.push(v);
        }
      }
    }
    for (SignalId s = 0; s < signals.size(); ++s) {
      double cycle = plan_cycle_s(signals[s], plans[s]);
      if (cycle > 0)
        plans[s].offset_s =
            std::fmod(std::round(std::fmod(std::fmod(exact[s], cycle) + cycle, cycle)), cycle);
    }
    out.plans.push_back(std::move(plans));
  }
  return out;
}

WebsterController::WebsterController(const Scenario& scenario, const WebsterOptions& options)
    : schedule_(webster_schedule(scenario, options)) {}

void WebsterController::initialize(const ControlContext& ctx, std::span<SignalStart> starts) {
  const auto& plans = schedule_.at(ctx.now_ms);
  const auto& signals = ctx.network.signals();
  for (std::size_t i = 0; i < signals.size() && i < starts.size(); ++i)
    starts[i] = plan_start(signals[i], plans[i], ctx.now_ms);
}

void WebsterController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  const auto& plans = schedule_.at(ctx.now_ms);
  const auto& signals = ctx.network.signals();
  for (std::size_t i = 0; i < signals.size() && i < decisions.size(); ++i)
    decisions[i] = follow_plan(signals[i], plans[i], ctx.state.signals[i], ctx.now_ms);
}

}  // namespace ampel
