#include "sim/simulation.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/car_following.hpp"
#include "sim/lane_observation.hpp"
#include "sim/signals.hpp"
#include "sim/simulation_tuning.hpp"

namespace ampel {

using namespace tuning;

Simulation::Simulation(std::shared_ptr<const Scenario> scenario, std::unique_ptr<Controller> controller,
                       std::optional<std::uint64_t> seed)
    : scenario_(std::move(scenario)), controller_(std::move(controller)) {
  const Scenario& sc = *scenario_;
  const Network& net = *sc.network;
  seed_ = seed.value_or(sc.seed);
  dt_s_ = ms_to_seconds(sc.step_ms);
  state_.now_ms = sc.begin_ms;
  std::size_t lanes = net.lanes().size();
  std::size_t road_lanes = net.road_lane_count();
  state_.lanes.resize(lanes);
  state_.lane_closed.assign(road_lanes, 0);
  state_.lane_entered.assign(road_lanes, 0);
  state_.lane_exited.assign(road_lanes, 0);
  state_.detector_last_ms.assign(road_lanes, -1);
  state_.detector_count.assign(road_lanes, 0);
  state_.lane_halting.assign(road_lanes, 0);
  state_.lane_queue_m.assign(road_lanes, 0.0f);
  state_.lane_queue_veh.assign(road_lanes, 0);
  state_.lane_speed_sum_mps.assign(road_lanes, 0.0f);
  state_.lane_occupied_m.assign(road_lanes, 0.0f);
  state_.pending.resize(net.roads().size());
  entry_room_m_.assign(road_lanes, 0.0);
  courtesy_on_lane_.assign(net.lanes().size(), 0);

  std::vector<bool> is_entry(net.roads().size(), false);
  for (const Route& r : sc.routes) is_entry[r.roads.front()] = true;
  for (RoadId r = 0; r < net.roads().size(); ++r)
    if (is_entry[r]) entry_roads_.push_back(r);

  state_.flows.resize(sc.flows.size());
  for (std::size_t f = 0; f < sc.flows.size(); ++f) {
    FlowState& fs = state_.flows[f];
    fs.rng = Rng(stream_seed(seed_, kStreamDemand, f));
    fs.next_ms = sc.begin_ms;
    fs.next_s = ms_to_seconds(sc.begin_ms);
    schedule_next(f, sc.flows[f].headways == Headways::poisson ? fs.rng.exponential(1.0) : 0.5);
  }

  decisions_.assign(net.signals().size(), SignalDecision::hold());
  std::vector<SignalStart> starts(net.signals().size());
  ControlContext ctx{sc, net, state_, state_.now_ms};
  if (controller_) controller_->initialize(ctx, starts);
  initialize_signals(net, starts, state_.now_ms, state_);
}

// A controller switched in mid-run gets its initialize() call too (it sizes its state there); the signals
// keep their current phases, so the starting points it proposes are not applied.
void Simulation::set_controller(std::unique_ptr<Controller> controller) {
  controller_ = std::move(controller);
  if (!controller_) return;
  std::vector<SignalStart> ignored(scenario_->network->signals().size());
  ControlContext ctx{*scenario_, *scenario_->network, state_, state_.now_ms};
  controller_->initialize(ctx, ignored);
}

void Simulation::remove_observer(StepObserver* observer) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
}

std::string Simulation::vehicle_name(std::uint32_t source, std::uint32_t seq) const {
  const Scenario& sc = *scenario_;
  if (source < sc.flows.size()) return fmt::format("{}.{}", sc.flows[source].id, seq);
  return sc.vehicles[source - sc.flows.size()].id;
}

TripRecord Simulation::running_trip(VehicleId id) const {
  const VehicleRecord& v = state_.vehicles[id];
  return TripRecord{v.source,      v.seq,       v.type,       v.route, v.planned_depart_ms, v.depart_ms, -1,
                    v.time_loss_s, v.waiting_s, v.distance_m, v.stops};
}

void Simulation::run_until(TimeMs t) {
  t = std::min(t, scenario_->end_ms);
  while (state_.now_ms < t && !finished()) step();
}

// One step covers [now, now + dt). Each stage is one call, in this order.
std::unique_ptr<Simulation> Simulation::copy() const {
  std::unique_ptr<Simulation> c(new Simulation(*this));
  c->observers_.clear();
  return c;
}

void Simulation::step() {
  state_.events.arrivals.clear();
  state_.events.signal_changes.clear();
  state_.events.crossings.clear();
  state_.events.inserted = 0;

  apply_timed_events();  // 1. lane closures and reopenings, demand changes
  release_demand();      // 2. new vehicles join their entry road's waiting line
  insert_vehicles();     // 3. waiting vehicles enter where there is room
  observe_lanes();       // 4. halting vehicles and queues, as detectors would see them
  control_signals();     // 5. the controller proposes, the signal state machine disposes
  change_lanes();        // 6a. drivers in a lane that does not lead on move over
  plan_moves();          // 6b. every vehicle's next speed, from the frozen state
  apply_moves();         // 7-8. move, cross stop lines, change lanes, remove arrivals
  state_.now_ms += scenario_->step_ms;
  ++state_.step_count;
  watch_for_gridlock();  // 9. report vehicles stuck too long (never teleported)
  for (StepObserver* o : observers_) o->on_step(*this);  // 10. metrics, writers, viewer
}

// ---- 1. timed events -------------------------------------------------------------------------------------

void Simulation::apply_timed_events() {
  const auto& events = scenario_->events;
  while (state_.next_event < events.size() && events[state_.next_event].at_ms <= state_.now_ms) {
    const CompiledEvent& e = events[state_.next_event++];
    switch (e.kind) {
      case EventKind::close_lane:
        set_lane_closed(e.lane, true);
        break;
      case EventKind::open_lane:
        set_lane_closed(e.lane, false);
        break;
      case EventKind::scale_demand:
        state_.demand_factor = e.factor;
        // Re-draw every flow's next departure under the new rate: exact for Poisson (memoryless), and a
        // fresh half headway for uniform flows.
        for (std::size_t f = 0; f < scenario_->flows.size(); ++f) {
          FlowState& fs = state_.flows[f];
          fs.next_s = ms_to_seconds(state_.now_ms);
          bool poisson = scenario_->flows[f].headways == Headways::poisson;
          schedule_next(f, poisson ? fs.rng.exponential(1.0) : 0.5);
        }
        break;
    }
  }
}

// ---- 2. demand -------------------------------------------------------------------------------------------

// Sets the flow's next departure to when the integral of its rate from its last departure reaches `work`
// vehicles (an exponential draw for Poisson, 1 for uniform headways), so profile intervals keep the process
// exact.
void Simulation::schedule_next(std::size_t f, double work) {
  const CompiledFlow& flow = scenario_->flows[f];
  FlowState& fs = state_.flows[f];
  if (flow.headways == Headways::bernoulli) return schedule_bernoulli(f);
  double t = fs.next_s;
  for (const RateInterval& iv : flow.profile) {
    if (iv.end_s <= t) continue;
    double start = std::max(t, iv.begin_s);
    double rate_per_s = iv.rate_vph * state_.demand_factor / 3600.0;
    if (rate_per_s <= 0) continue;
    double need_s = work / rate_per_s;
    if (start + need_s <= iv.end_s) {
      // Releases fall on the step grid, so an unobstructed vehicle enters at its planned time.
      fs.next_s = start + need_s;
      TimeMs at = seconds_to_ms(fs.next_s);
      TimeMs step = scenario_->step_ms;
      TimeMs rel = at - scenario_->begin_ms;
      fs.next_ms = scenario_->begin_ms + (rel + step - 1) / step * step;
      return;
    }
    work -= (iv.end_s - start) * rate_per_s;
  }
  fs.next_ms = kNever;
}

// SUMO's `probability` flows: each step a vehicle with probability rate x step; the wait for the next one is
// geometric, drawn once per interval of constant rate (exact, as the trials are independent).
void Simulation::schedule_bernoulli(std::size_t f) {
  const CompiledFlow& flow = scenario_->flows[f];
  FlowState& fs = state_.flows[f];
  const TimeMs step = scenario_->step_ms;
  const double dt = ms_to_seconds(step);
  auto on_grid = [&](double t_s) {
    TimeMs rel = seconds_to_ms(t_s) - scenario_->begin_ms;
    return scenario_->begin_ms + std::max<TimeMs>(0, (rel + step - 1) / step) * step;
  };
  TimeMs t = on_grid(fs.next_s);
  for (const RateInterval& iv : flow.profile) {
    TimeMs iv_end = on_grid(iv.end_s);
    if (iv_end <= t) continue;
    t = std::max(t, on_grid(iv.begin_s));
    double p = std::min(1.0, iv.rate_vph * state_.demand_factor / 3600.0 * dt);
    if (p <= 0) {
      t = iv_end;
      continue;
    }
    double failures = p >= 1.0 ? 0.0 : std::floor(std::log1p(-fs.rng.uniform()) / std::log1p(-p));
    double at = static_cast<double>(t) + failures * static_cast<double>(step);
    if (at < static_cast<double>(iv_end)) {
      fs.next_ms = static_cast<TimeMs>(at);
      fs.next_s = ms_to_seconds(fs.next_ms + step);  // the next trial is the step after this one
      return;
    }
    t = iv_end;
  }
  fs.next_ms = kNever;
}

void Simulation::release_demand() {
  const Scenario& sc = *scenario_;
  TimeMs now = state_.now_ms;
  auto release = [&](std::uint32_t source, std::uint32_t seq, TypeId type, RouteId route, TimeMs planned,
                     double speed) {
    state_.pending[sc.routes[route].roads.front()].push_back({source, seq, type, route, planned, speed});
    ++state_.loaded;
    ++state_.waiting_to_insert;
  };
  for (std::size_t f = 0; f < sc.flows.size(); ++f) {
    FlowState& fs = state_.flows[f];
    const CompiledFlow& flow = sc.flows[f];
    while (fs.next_ms <= now) {
      TypeId type = flow.type;
      RouteId route = flow.route;
      draw_type_and_route(flow.draw, static_cast<std::uint32_t>(f), fs.count, type, route);
      release(static_cast<std::uint32_t>(f), fs.count++, type, route, fs.next_ms, flow.depart_speed_mps);
      schedule_next(f, flow.headways == Headways::poisson ? fs.rng.exponential(1.0) : 1.0);
      if (flow.max_vehicles >= 0 && fs.count >= flow.max_vehicles) fs.next_ms = kNever;
    }
  }
  while (state_.next_vehicle < sc.vehicles.size() && sc.vehicles[state_.next_vehicle].depart_ms <= now) {
    const CompiledVehicle& v = sc.vehicles[state_.next_vehicle];
    auto source = static_cast<std::uint32_t>(sc.flows.size() + state_.next_vehicle);
    TypeId type = v.type;
    RouteId route = v.route;
    draw_type_and_route(v.draw, source, 0, type, route);
    release(source, 0, type, route, v.depart_ms, v.depart_speed_mps);
    ++state_.next_vehicle;
  }
}

// ---- 3. insertion ----------------------------------------------------------------------------------------

void Simulation::insert_vehicles() {
  for (RoadId r : entry_roads_) {
    auto& waiting = state_.pending[r];
    while (!waiting.empty() && try_insert(r, waiting.front())) waiting.pop_front();
  }
}

bool Simulation::try_insert(RoadId road_id, const PendingVehicle& p) {
  const Scenario& sc = *scenario_;
  const Network& net = *sc.network;
  const Road& road = net.road(road_id);
  const Route& route = sc.routes[p.route];
  const VehicleType& type = sc.types.types[p.type];
  const DepartureSpec& dep = departure_of(p.source);
  RoadId next = route.roads.size() > 1 ? route.roads[1] : kNone;
  // The driver's own stream: departure draws first (only for random departure rules), then the driver.
  Rng rng(stream_seed(seed_, kStreamDriver, (std::uint64_t{p.source} << 32) | p.seq));

  LaneId best = kNone;
  if (dep.lane != DepartLane::automatic) {
    best = departure_lane(road, route, dep, rng);
  } else {
    // Best lane: one from which the route goes on far enough (strategic lane choice), with the most room at
    // its start.
    double best_reach = best_open_reach_m(route, 0, road);
    bool best_leads = false;
    double best_room = -kInf;
    for (std::uint32_t i = 0; i < road.lane_count; ++i) {
      LaneId l = road.first_lane + i;
      if (state_.lane_closed[l] || !lane_allows(net.lane(l).allowed, route.drives_as)) continue;
      const LaneQueue& q = state_.lanes[l];
      double room = q.empty() ? kInf : q.back().pos_m - q.back().length_m;
      bool leads =
          (next == kNone || lane_leads_to(l, next)) && route.lane_reach_m(0, i) >= good_reach_m(best_reach);
      if ((leads && !best_leads) || (leads == best_leads && room > best_room)) {
        best = l, best_leads = leads, best_room = room;
      }
    }
  }
  if (best == kNone) return false;
  const Lane& lane = net.lane(best);
  double pos = 0.0;
  if (!departure_position(best, type, dep, rng, &pos)) return false;
  LaneQueue& q = state_.lanes[best];
  std::uint32_t at = 0;
  while (at < q.size() && q[at].pos_m >= pos) ++at;

  VehicleId id;
  if (!state_.free_slots.empty()) {
    id = state_.free_slots.back();
    state_.free_slots.pop_back();
  } else {
    id = static_cast<VehicleId>(state_.vehicles.size());
    state_.vehicles.emplace_back();
  }
  VehicleRecord& v = state_.vehicles[id];
  v = VehicleRecord{};
  v.active = true;
  v.type = p.type;
  v.source = p.source;
  v.seq = p.seq;
  v.route = p.route;
  v.route_pos = 0;
  v.rng = rng;
  v.length_m = type.length_m;
  v.min_gap_m = type.min_gap_m;
  v.accel_mps2 = type.accel_mps2;
  v.decel_mps2 = type.decel_mps2;
  v.emergency_decel_mps2 = type.emergency_decel_mps2;
  v.headway_s = type.headway_s;
  v.sigma = type.sigma;
  // SUMO's speed factor: normal around the mean, cut at two deviations.
  double f = type.speed_factor;
  if (type.speed_dev > 0) {
    double z = std::clamp(v.rng.normal(), -2.0, 2.0);
    f = std::max(0.2, type.speed_factor * (1.0 + type.speed_dev * z));
  }
  v.speed_factor = f;
  v.max_speed_mps = type.max_speed_mps;
  v.planned_depart_ms = p.planned_ms;
  v.depart_ms = state_.now_ms;
  set_trip_plan(v, p, route, v.rng);

  double vmax = std::min(v.max_speed_mps, lane.speed_mps * v.speed_factor);
  double speed = departure_speed_mps(best, dep, p.depart_speed_mps, vmax, v.rng);
  if (at > 0) {
    const LaneVehicle& lead = q[at - 1];
    double gap = lead.pos_m - lead.length_m - pos - v.min_gap_m;
    speed = std::min(speed, safe_follow_speed(gap, lead.speed_mps, v.decel_mps2, v.headway_s, dt_s_));
  }
  speed = std::max(0.0, speed);

  LaneVehicle me{pos, speed, speed, id, static_cast<float>(v.length_m)};
  if (at == q.size())
    q.push_back(me);
  else
    q.insert(at, me);
  refresh_lane_plan(v, best);
  ++state_.lane_entered[best];
  ++state_.inserted;
  ++state_.running;
  --state_.waiting_to_insert;
  ++state_.events.inserted;
  return true;
}

// ---- 4. observation --------------------------------------------------------------------------------------

void Simulation::observe_lanes() {
  const Network& net = *scenario_->network;
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    LaneObservation o = observe_lane(state_.lanes[l], net.lane(l).length_m);
    state_.lane_halting[l] = o.halting;
    state_.lane_speed_sum_mps[l] = static_cast<float>(o.speed_sum_mps);
    state_.lane_occupied_m[l] = static_cast<float>(o.occupied_m);
    state_.lane_queue_veh[l] = o.queue_veh;
    state_.lane_queue_m[l] = static_cast<float>(o.queue_m);
  }
}

// ---- 5. signal control -----------------------------------------------------------------------------------

void Simulation::control_signals() {
  const Scenario& sc = *scenario_;
  TimeMs interval = controller_ ? std::max<TimeMs>(controller_->control_interval_ms(), 1) : 0;
  bool tick = controller_ && (state_.now_ms - sc.begin_ms) % interval < sc.step_ms;
  if (tick) {
    std::fill(decisions_.begin(), decisions_.end(), SignalDecision::hold());
    ControlContext ctx{sc, *sc.network, state_, state_.now_ms};
    controller_->decide(ctx, decisions_);
    update_signals(*sc.network, state_.now_ms, decisions_, state_);
  } else {
    update_signals(*sc.network, state_.now_ms, {}, state_);
  }
}

// ---- 9. gridlock watchdog --------------------------------------------------------------------------------

void Simulation::watch_for_gridlock() {
  if ((state_.now_ms - scenario_->begin_ms) % kWatchdogPeriodMs != 0 && !finished()) return;
  const Network& net = *scenario_->network;
  GridlockReport report;
  TimeMs limit = scenario_->gridlock_after_ms;
  for (LaneId l = 0; l < net.lanes().size(); ++l) {
    const LaneQueue& q = state_.lanes[l];
    std::uint32_t stuck = 0;
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      const VehicleRecord& v = state_.vehicles[q[i].vehicle];
      if (v.halting_since_ms >= 0 && state_.now_ms - v.halting_since_ms >= limit) {
        ++stuck;
        if (report.since_ms < 0 || v.halting_since_ms < report.since_ms) report.since_ms = v.halting_since_ms;
      }
    }
    if (stuck) report.lanes.push_back({l, stuck}), report.vehicles += stuck;
  }
  std::stable_sort(report.lanes.begin(), report.lanes.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (report.lanes.size() > 10) report.lanes.resize(10);
  state_.gridlock = std::move(report);
}

}  // namespace ampel
