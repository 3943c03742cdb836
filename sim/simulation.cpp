#include "sim/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "sim/car_following.hpp"
#include "sim/signals.hpp"

namespace ampel {

namespace {

constexpr TimeMs kNever = std::numeric_limits<TimeMs>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Gap acceptance: a yielding driver needs this long before a priority vehicle reaches the conflict.
constexpr double kCriticalGapS = 4.0;
// A driver who must change lanes accepts tighter gaps this close to the end of the lane.
constexpr double kUrgentLaneChangeM = 60.0;
// When judging room on the exit lane, the last vehicle there is assumed to keep its speed this long (about
// the time to cross a junction): a moving queue makes room, a standing one does not.
constexpr double kRoomAnticipationS = 3.0;
constexpr TimeMs kWatchdogPeriodMs = 10 * kMsPerSecond;

}  // namespace

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
  state_.lane_speed_sum_mps.assign(road_lanes, 0.0f);
  state_.lane_occupied_m.assign(road_lanes, 0.0f);
  state_.pending.resize(net.roads().size());
  entry_room_m_.assign(road_lanes, 0.0);

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

void Simulation::set_controller(std::unique_ptr<Controller> controller) {
  controller_ = std::move(controller);
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
  return TripRecord{v.source,    v.seq,       v.type,       v.route,      v.planned_depart_ms, v.depart_ms, -1,
                    v.time_loss_s, v.waiting_s, v.distance_m, v.stops};
}

void Simulation::run_until(TimeMs t) {
  t = std::min(t, scenario_->end_ms);
  while (state_.now_ms < t) step();
}

// One step covers [now, now + dt). Each stage is one call, in this order.
void Simulation::step() {
  state_.events.arrivals.clear();
  state_.events.signal_changes.clear();
  state_.events.crossings.clear();
  state_.events.inserted = 0;

  apply_timed_events();   // 1. lane closures and reopenings, demand changes
  release_demand();       // 2. new vehicles join their entry road's waiting line
  insert_vehicles();      // 3. waiting vehicles enter where there is room
  observe_lanes();        // 4. halting vehicles and queues, as detectors would see them
  control_signals();      // 5. the controller proposes, the signal state machine disposes
  change_lanes();         // 6a. drivers in a lane that does not lead on move over
  plan_moves();           // 6b. every vehicle's next speed, from the frozen state
  apply_moves();          // 7-8. move, cross stop lines, change lanes, remove arrivals
  state_.now_ms += scenario_->step_ms;
  ++state_.step_count;
  watch_for_gridlock();   // 9. report vehicles stuck too long (never teleported)
  for (StepObserver* o : observers_) o->on_step(*this);  // 10. metrics, writers, viewer
}

// ---- 1. timed events -------------------------------------------------------------------------------------

void Simulation::apply_timed_events() {
  const auto& events = scenario_->events;
  while (state_.next_event < events.size() && events[state_.next_event].at_ms <= state_.now_ms) {
    const CompiledEvent& e = events[state_.next_event++];
    switch (e.kind) {
      case EventKind::close_lane: set_lane_closed(e.lane, true); break;
      case EventKind::open_lane: set_lane_closed(e.lane, false); break;
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

void Simulation::set_lane_closed(LaneId lane, bool closed) {
  const Network& net = *scenario_->network;
  if (lane >= net.road_lane_count() || state_.lane_closed[lane] == (closed ? 1 : 0)) return;
  state_.lane_closed[lane] = closed ? 1 : 0;
  // Drivers headed into the lane pick another link; drivers on it must change lanes.
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    LaneQueue& q = state_.lanes[l];
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      VehicleRecord& v = state_.vehicles[q[i].vehicle];
      bool affected = l == lane || (v.next_link != kNone && net.link(v.next_link).to_lane == lane) ||
                      (v.wrong_lane && !closed);
      if (!affected) continue;
      v.next_link = choose_link(l, v.route, v.route_pos);
      bool at_end = v.route_pos + 1 >= scenario_->routes[v.route].roads.size();
      v.wrong_lane = state_.lane_closed[l] || (!at_end && v.next_link == kNone);
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
      release(static_cast<std::uint32_t>(f), fs.count++, flow.type, flow.route, fs.next_ms, flow.depart_speed_mps);
      schedule_next(f, flow.headways == Headways::poisson ? fs.rng.exponential(1.0) : 1.0);
    }
  }
  while (state_.next_vehicle < sc.vehicles.size() && sc.vehicles[state_.next_vehicle].depart_ms <= now) {
    const CompiledVehicle& v = sc.vehicles[state_.next_vehicle];
    release(static_cast<std::uint32_t>(sc.flows.size() + state_.next_vehicle), 0, v.type, v.route, v.depart_ms,
            v.depart_speed_mps);
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

bool Simulation::lane_leads_to(LaneId lane, RoadId road) const {
  const Network& net = *scenario_->network;
  const Lane& l = net.lane(lane);
  for (std::uint32_t k = l.links_begin; k < l.links_end; ++k)
    if (net.link(k).to_road == road) return true;
  return false;
}

bool Simulation::try_insert(RoadId road_id, const PendingVehicle& p) {
  const Scenario& sc = *scenario_;
  const Network& net = *sc.network;
  const Road& road = net.road(road_id);
  const Route& route = sc.routes[p.route];
  const VehicleType& type = sc.types.types[p.type];
  RoadId next = route.roads.size() > 1 ? route.roads[1] : kNone;

  // Best lane: one that leads to the next road, with the most room at its start.
  LaneId best = kNone;
  bool best_leads = false;
  double best_room = -kInf;
  for (std::uint32_t i = 0; i < road.lane_count; ++i) {
    LaneId l = road.first_lane + i;
    if (state_.lane_closed[l]) continue;
    const LaneQueue& q = state_.lanes[l];
    double room = q.empty() ? kInf : q.back().pos_m - q.back().length_m;
    bool leads = next == kNone || lane_leads_to(l, next);
    if ((leads && !best_leads) || (leads == best_leads && room > best_room)) {
      best = l, best_leads = leads, best_room = room;
    }
  }
  if (best == kNone) return false;
  const Lane& lane = net.lane(best);
  double pos = std::min(type.length_m, lane.length_m);
  const LaneQueue& q = state_.lanes[best];
  double gap = q.empty() ? kInf : q.back().pos_m - q.back().length_m - pos - type.min_gap_m;
  if (gap < 0) return false;

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
  v.rng = Rng(stream_seed(seed_, kStreamDriver, (std::uint64_t{p.source} << 32) | p.seq));
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

  double vmax = std::min(v.max_speed_mps, lane.speed_mps * v.speed_factor);
  double speed = p.depart_speed_mps < 0 ? vmax : std::min(p.depart_speed_mps, vmax);
  if (!q.empty()) speed = std::min(speed, safe_follow_speed(gap, q.back().speed_mps, v.decel_mps2, v.headway_s, dt_s_));
  speed = std::max(0.0, speed);

  state_.lanes[best].push_back({pos, speed, speed, id, static_cast<float>(v.length_m)});
  v.lane = best;
  v.next_link = choose_link(best, v.route, 0);
  v.wrong_lane = next != kNone && v.next_link == kNone;
  ++state_.lane_entered[best];
  ++state_.inserted;
  ++state_.running;
  --state_.waiting_to_insert;
  ++state_.events.inserted;
  return true;
}

// Link to take at the end of `lane` for the road after route_pos: prefer links into open lanes that lead on
// to the road after that, then the one with most room.
LinkId Simulation::choose_link(LaneId lane, RouteId route_id, std::uint32_t route_pos) const {
  const Network& net = *scenario_->network;
  const auto& roads = scenario_->routes[route_id].roads;
  if (route_pos + 1 >= roads.size()) return kNone;
  RoadId next = roads[route_pos + 1];
  RoadId after = route_pos + 2 < roads.size() ? roads[route_pos + 2] : kNone;
  const Lane& l = net.lane(lane);
  LinkId best = kNone;
  int best_rank = -1;
  double best_room = -kInf;
  for (LinkId k = l.links_begin; k < l.links_end; ++k) {
    const Link& link = net.link(k);
    if (link.to_road != next) continue;
    bool open = !state_.lane_closed[link.to_lane];
    bool leads = after == kNone || lane_leads_to(link.to_lane, after);
    int rank = (open ? 2 : 0) + (leads ? 1 : 0);
    const LaneQueue& q = state_.lanes[link.to_lane];
    double room = q.empty() ? net.lane(link.to_lane).length_m : q.back().pos_m - q.back().length_m;
    if (rank > best_rank || (rank == best_rank && room > best_room)) best = k, best_rank = rank, best_room = room;
  }
  if (best != kNone && state_.lane_closed[net.link(best).to_lane]) return kNone;
  return best;
}

// ---- 4. observation --------------------------------------------------------------------------------------

void Simulation::observe_lanes() {
  const Network& net = *scenario_->network;
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    const LaneQueue& q = state_.lanes[l];
    std::uint32_t halting = 0;
    double farthest_back = kInf, speed_sum = 0.0, occupied = 0.0;
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      speed_sum += q[i].speed_mps;
      occupied += q[i].length_m;
      if (q[i].speed_mps <= kHaltingSpeedMps) {
        ++halting;
        farthest_back = q[i].pos_m - q[i].length_m;
      }
    }
    state_.lane_halting[l] = halting;
    state_.lane_speed_sum_mps[l] = static_cast<float>(speed_sum);
    state_.lane_occupied_m[l] = static_cast<float>(std::min(occupied, net.lane(l).length_m));
    state_.lane_queue_m[l] =
        halting ? static_cast<float>(std::clamp(net.lane(l).length_m - farthest_back, 0.0, net.lane(l).length_m)) : 0.0f;
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

char Simulation::link_state_now(LinkId id) const {
  const Link& link = scenario_->network->link(id);
  if (link.state_slot == kNone) return link.priority == LinkPriority::major ? 'G' : 'g';
  return state_.link_signal[link.state_slot];
}

// ---- 6a. strategic lane changes --------------------------------------------------------------------------

bool Simulation::lane_usable(LaneId lane, const VehicleRecord& v) const {
  if (state_.lane_closed[lane]) return false;
  const auto& roads = scenario_->routes[v.route].roads;
  if (v.route_pos + 1 >= roads.size()) return true;
  return choose_link(lane, v.route, v.route_pos) != kNone;
}

void Simulation::change_lanes() {
  const Network& net = *scenario_->network;
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    LaneQueue& q = state_.lanes[l];
    for (std::uint32_t i = 0; i < q.size();) {
      const VehicleRecord& v = state_.vehicles[q[i].vehicle];
      if (v.wrong_lane && v.lane_change_step != state_.step_count + 1 && try_change_lane(l, i)) continue;
      ++i;
    }
  }
}

// Moves vehicle `index` of `lane` one lane towards a lane that leads on, if the gaps there are safe.
bool Simulation::try_change_lane(LaneId lane, std::uint32_t index) {
  const Network& net = *scenario_->network;
  const Lane& from = net.lane(lane);
  const Road& road = net.road(from.road);
  LaneVehicle me = state_.lanes[lane][index];
  VehicleRecord& v = state_.vehicles[me.vehicle];
  // Nearest usable lane decides the direction.
  int target = -1, best_dist = 1 << 20;
  for (std::uint32_t i = 0; i < road.lane_count; ++i) {
    if (i == from.index || !lane_usable(road.first_lane + i, v)) continue;
    int d = std::abs(static_cast<int>(i) - static_cast<int>(from.index));
    if (d < best_dist) best_dist = d, target = static_cast<int>(i);
  }
  if (target < 0) return false;
  int step = target > static_cast<int>(from.index) ? 1 : -1;
  LaneId to = road.first_lane + static_cast<LaneId>(static_cast<int>(from.index) + step);
  if (state_.lane_closed[to]) return false;
  LaneQueue& tq = state_.lanes[to];
  std::uint32_t at = 0;
  while (at < tq.size() && tq[at].pos_m >= me.pos_m) ++at;
  bool urgent = from.length_m - me.pos_m < kUrgentLaneChangeM || me.speed_mps <= kHaltingSpeedMps;
  double margin = urgent ? 0.5 : v.min_gap_m;
  if (urgent && try_swap(lane, index, to, at)) return true;
  if (at > 0) {
    const LaneVehicle& lead = tq[at - 1];
    double gap = lead.pos_m - lead.length_m - me.pos_m;
    if (gap < margin) return false;
    double vs = safe_follow_speed(gap - margin, lead.speed_mps, v.decel_mps2, v.headway_s, dt_s_);
    if (vs < me.speed_mps - v.decel_mps2 * dt_s_) return false;
  }
  if (at < tq.size()) {
    const LaneVehicle& follow = tq[at];
    const VehicleRecord& fv = state_.vehicles[follow.vehicle];
    double gap = me.pos_m - me.length_m - follow.pos_m;
    double fmargin = urgent ? 0.5 : fv.min_gap_m;
    if (gap < fmargin) return false;
    double vs = safe_follow_speed(gap - fmargin, me.speed_mps, fv.decel_mps2, fv.headway_s, dt_s_);
    if (vs < follow.speed_mps - fv.decel_mps2 * dt_s_) return false;
  }
  state_.lanes[lane].erase(index);
  tq.insert(at, me);
  v.lane = to;
  v.lane_change_step = static_cast<std::uint32_t>(state_.step_count + 1);
  v.next_link = choose_link(to, v.route, v.route_pos);
  bool at_end = v.route_pos + 1 >= scenario_->routes[v.route].roads.size();
  v.wrong_lane = state_.lane_closed[to] || (!at_end && v.next_link == kNone);
  return true;
}

// Two drivers side by side, each blocking the other's way into the lane it needs, trade places (as SUMO
// lets blocked vehicles swap); without this both would wait for ever.
bool Simulation::try_swap(LaneId lane, std::uint32_t index, LaneId to, std::uint32_t at) {
  LaneQueue& q = state_.lanes[lane];
  LaneQueue& tq = state_.lanes[to];
  LaneVehicle& me = q[index];
  for (std::uint32_t k : {at, at - 1}) {
    if (k >= tq.size()) continue;
    LaneVehicle& other = tq[k];
    VehicleRecord& ov = state_.vehicles[other.vehicle];
    if (!ov.wrong_lane || std::fabs(other.pos_m - me.pos_m) > std::max<double>(me.length_m, other.length_m)) continue;
    if (!lane_usable(lane, ov)) continue;
    // The neighbours keep their order: each vehicle takes the other's place in the queue.
    VehicleRecord& v = state_.vehicles[me.vehicle];
    std::swap(me.vehicle, other.vehicle);
    std::swap(me.length_m, other.length_m);
    double speed = std::min(me.speed_mps, other.speed_mps);
    me.speed_mps = other.speed_mps = speed;
    for (auto [rec, l] : {std::pair<VehicleRecord*, LaneId>{&v, to}, {&ov, lane}}) {
      rec->lane = l;
      rec->lane_change_step = static_cast<std::uint32_t>(state_.step_count + 1);
      rec->next_link = choose_link(l, rec->route, rec->route_pos);
      bool at_end = rec->route_pos + 1 >= scenario_->routes[rec->route].roads.size();
      rec->wrong_lane = state_.lane_closed[l] || (!at_end && rec->next_link == kNone);
    }
    return true;
  }
  return false;
}

// ---- 6b. planning ----------------------------------------------------------------------------------------

bool Simulation::must_yield(LinkId id) const {
  const Network& net = *scenario_->network;
  const Link& link = net.link(id);
  for (std::uint32_t k = link.foes_begin; k < link.foes_end; ++k) {
    LinkId f = net.foes()[k];
    if (link_state_now(f) != 'G') continue;  // only protected / major streams have priority
    const Link& foe = net.link(f);
    if (!state_.lanes[foe.via_lane].empty()) return true;  // the conflict area is occupied
    const LaneQueue& q = state_.lanes[foe.from_lane];
    const Lane& fl = net.lane(foe.from_lane);
    double reach = fl.speed_mps * kCriticalGapS;
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      double d = fl.length_m - q[i].pos_m;
      if (d > reach) break;
      if (state_.vehicles[q[i].vehicle].next_link != f) continue;
      double speed = q[i].speed_mps;
      if (speed <= kHaltingSpeedMps && d > 1.0) continue;  // standing back in a queue: not coming now
      if (d / std::max(speed, 1.0) < kCriticalGapS) return true;
    }
  }
  return false;
}

bool Simulation::may_cross(const VehicleRecord& v, LinkId id, double dist, double speed, bool first) const {
  const Network& net = *scenario_->network;
  const Link& link = net.link(id);
  if (state_.lane_closed[link.to_lane]) return false;
  char s = link_state_now(id);
  // A driver standing at the line starts only after a reaction time (Krauss's tau) once the green shows.
  bool standing = speed <= kHaltingSpeedMps;
  if (standing && (s == 'G' || s == 'g') && link.state_slot != kNone &&
      state_.now_ms - state_.link_green_since_ms[link.state_slot] < seconds_to_ms(v.headway_s))
    return false;
  switch (s) {
    case 'G': break;
    case 'g':
      if (first && must_yield(id)) return false;
      break;
    case 'y': {
      // Stop for yellow if it can be done comfortably; a driver already at the line clears the junction.
      bool can_stop = speed * speed / (2.0 * v.decel_mps2) <= dist;
      bool at_line = dist < 1.0;
      if (can_stop && !at_line) return false;
      break;
    }
    default: return false;  // red, red-yellow
  }
  if (!first) return true;
  // No blocking the box: enter only when the exit lane has room for the whole vehicle.
  double need = std::min(v.length_m + v.min_gap_m, net.lane(link.to_lane).length_m);
  return entry_room_m_[link.to_lane] >= need;
}

// Speed limit from what lies beyond the vehicle's own lane: stop lines, junction lanes, the last vehicle on
// the lanes ahead. Looks as far as the vehicle needs to brake.
double Simulation::front_limit_mps(const VehicleRecord& v, LaneId lane, double pos, double speed,
                                   bool* crosses_first, LinkId* first_link) const {
  const Network& net = *scenario_->network;
  const auto& roads = scenario_->routes[v.route].roads;
  double b = v.decel_mps2;
  double vcap = std::min(v.max_speed_mps, net.lane(lane).speed_mps * v.speed_factor);
  double horizon = vcap * v.headway_s + vcap * vcap / (2.0 * b) + vcap * dt_s_ + 10.0;
  double dist = net.lane(lane).length_m - pos;
  double limit = kInf;
  LaneId cur = lane;
  std::uint32_t route_pos = v.route_pos;
  LinkId link = v.next_link;
  bool first = true;
  *crosses_first = false;
  *first_link = kNone;
  for (int hop = 0; hop < 6 && dist <= horizon; ++hop) {
    const Lane& cl = net.lane(cur);
    LaneId next;
    if (cl.is_internal()) {
      next = net.link(cl.via_of).to_lane;
      ++route_pos;
    } else {
      if (route_pos + 1 >= roads.size()) break;  // arrives at the end of this lane
      if (!first) link = choose_link(cur, v.route, route_pos);
      if (link == kNone || (!first && v.wrong_lane) || !may_cross(v, link, dist, speed, first) ||
          (first && v.wrong_lane)) {
        limit = std::min(limit, stop_speed(dist, b, v.headway_s, dt_s_));
        break;
      }
      if (first) *crosses_first = true, *first_link = link;
      next = net.link(link).via_lane;
    }
    first = false;
    // Slow down in time for a lower speed limit ahead (turns through a junction).
    double vnext = net.lane(next).speed_mps * v.speed_factor;
    if (vnext < vcap) limit = std::min(limit, std::sqrt(vnext * vnext + 2.0 * b * std::max(0.0, dist)));
    const LaneQueue& q = state_.lanes[next];
    if (!q.empty()) {
      const LaneVehicle& last = q.back();
      double raw = dist + last.pos_m - last.length_m;
      limit = std::min(limit, safe_follow_speed(raw - v.min_gap_m, last.speed_mps, b, v.headway_s, dt_s_));
      limit = std::min(limit, std::max(0.0, raw) / dt_s_);
      break;
    }
    dist += net.lane(next).length_m;
    cur = next;
  }
  return limit;
}

void Simulation::plan_moves() {
  const Network& net = *scenario_->network;
  const std::size_t road_lanes = net.road_lane_count();
  // Room at the start of each road lane, less what vehicles already inside the junctions will need.
  for (LaneId l = 0; l < road_lanes; ++l) {
    const LaneQueue& q = state_.lanes[l];
    entry_room_m_[l] = q.empty() ? net.lane(l).length_m
                                 : q.back().pos_m - q.back().length_m + q.back().speed_mps * kRoomAnticipationS;
  }
  for (LaneId l = static_cast<LaneId>(road_lanes); l < net.lanes().size(); ++l) {
    const LaneQueue& q = state_.lanes[l];
    if (q.empty()) continue;
    LaneId to = net.link(net.lane(l).via_of).to_lane;
    for (std::uint32_t i = 0; i < q.size(); ++i)
      entry_room_m_[to] -= q[i].length_m + state_.vehicles[q[i].vehicle].min_gap_m;
  }

  for (LaneId l = 0; l < net.lanes().size(); ++l) {
    LaneQueue& q = state_.lanes[l];
    if (q.empty()) continue;
    const Lane& lane = net.lane(l);
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      LaneVehicle& me = q[i];
      VehicleRecord& v = state_.vehicles[me.vehicle];
      double vcap = std::min(v.max_speed_mps, lane.speed_mps * v.speed_factor);
      double vmax = std::min(vcap, me.speed_mps + v.accel_mps2 * dt_s_);
      if (i > 0) {
        const LaneVehicle& lead = q[i - 1];
        double raw = lead.pos_m - lead.length_m - me.pos_m;
        vmax = std::min(vmax, safe_follow_speed(raw - v.min_gap_m, lead.speed_mps, v.decel_mps2, v.headway_s, dt_s_));
        vmax = std::min(vmax, std::max(0.0, raw) / dt_s_);
      }
      bool crosses = false;
      LinkId link = kNone;
      bool looks_ahead = i == 0 || me.pos_m + vmax * dt_s_ > lane.length_m;
      if (looks_ahead) vmax = std::min(vmax, front_limit_mps(v, l, me.pos_m, me.speed_mps, &crosses, &link));
      vmax = std::max(0.0, vmax);
      double next = dawdle(vmax, v.accel_mps2, v.sigma, dt_s_, v.rng);
      // Dawdling never brakes harder than comfortable; safety limits may.
      next = std::max(next, std::min(vmax, std::max(0.0, me.speed_mps - v.decel_mps2 * dt_s_)));
      me.next_speed_mps = next;
      if (crosses && me.pos_m + next * dt_s_ > lane.length_m)
        entry_room_m_[net.link(link).to_lane] -= v.length_m + v.min_gap_m;
    }
  }
}

// ---- 7-8. moves, transfers, arrivals ---------------------------------------------------------------------

void Simulation::enter_road_lane(VehicleId id, LaneId lane) {
  VehicleRecord& v = state_.vehicles[id];
  v.lane = lane;
  v.next_link = choose_link(lane, v.route, v.route_pos);
  bool at_end = v.route_pos + 1 >= scenario_->routes[v.route].roads.size();
  v.wrong_lane = !at_end && v.next_link == kNone;
  ++state_.lane_entered[lane];
}

void Simulation::arrive(VehicleId id, LaneId lane) {
  VehicleRecord& v = state_.vehicles[id];
  TripRecord t = running_trip(id);
  t.arrival_ms = state_.now_ms + scenario_->step_ms;
  state_.events.arrivals.push_back(t);
  ++state_.lane_exited[lane];
  ++state_.arrived;
  --state_.running;
  v.active = false;
  state_.free_slots.push_back(id);
}

void Simulation::apply_moves() {
  const Network& net = *scenario_->network;
  const std::size_t road_lanes = net.road_lane_count();
  const TimeMs now = state_.now_ms;
  const TimeMs end_of_step = now + scenario_->step_ms;
  transfers_.clear();
  for (LaneId l = 0; l < net.lanes().size(); ++l) {
    LaneQueue& q = state_.lanes[l];
    if (q.empty()) continue;
    const Lane& lane = net.lane(l);
    const bool road_lane = l < road_lanes;
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      LaneVehicle& me = q[i];
      VehicleRecord& v = state_.vehicles[me.vehicle];
      double old_pos = me.pos_m;
      double speed = me.next_speed_mps;
      me.pos_m += speed * dt_s_;
      me.speed_mps = speed;
      v.distance_m += speed * dt_s_;
      // SUMO's timeLoss: the share of the step lost against the speed this driver could drive here.
      double vcap = std::min(v.max_speed_mps, lane.speed_mps * v.speed_factor);
      v.time_loss_s += dt_s_ * std::max(0.0, vcap - speed) / vcap;
      if (speed <= kHaltingSpeedMps) {
        v.waiting_s += dt_s_;
        if (v.halting_since_ms < 0) {
          v.halting_since_ms = now;
          ++v.stops;
        }
      } else {
        v.halting_since_ms = -1;
      }
      if (road_lane && old_pos < lane.detector_m && me.pos_m >= lane.detector_m) {
        state_.detector_last_ms[l] = end_of_step;
        ++state_.detector_count[l];
      }
    }
    while (!q.empty() && q.front().pos_m > lane.length_m) {
      const VehicleRecord& v = state_.vehicles[q.front().vehicle];
      bool at_end = v.route_pos + 1 >= scenario_->routes[v.route].roads.size();
      if (road_lane && !at_end && v.next_link == kNone) {
        q.front().pos_m = lane.length_m;  // rounding only: planning never lets it past a closed end
        break;
      }
      transfers_.push_back({q.front(), l});
      q.pop_front();
    }
  }

  for (Transfer& t : transfers_) {
    LaneVehicle me = t.vehicle;
    VehicleId id = me.vehicle;
    VehicleRecord& v = state_.vehicles[id];
    const auto& roads = scenario_->routes[v.route].roads;
    double over = me.pos_m - net.lane(t.from).length_m;
    LaneId cur = t.from;
    bool arrived = false;
    while (true) {
      const Lane& cl = net.lane(cur);
      LaneId next;
      if (!cl.is_internal()) {
        if (v.route_pos + 1 >= roads.size()) {
          arrive(id, cur);
          arrived = true;
          break;
        }
        LinkId link = v.next_link;
        // The front passed the line `over` metres ago, at the speed of this step.
        TimeMs at = end_of_step - (me.speed_mps > 0 ? static_cast<TimeMs>(over / me.speed_mps * 1000.0) : 0);
        state_.events.crossings.push_back({link, id, link_state_now(link), std::clamp(at, now, end_of_step)});
        ++state_.lane_exited[cur];
        next = net.link(link).via_lane;
        v.lane = next;
        v.next_link = kNone;
      } else {
        next = net.link(cl.via_of).to_lane;
        ++v.route_pos;
        enter_road_lane(id, next);
      }
      cur = next;
      const Lane& nl = net.lane(cur);
      // Stay on this lane if the overshoot ends on it, or if the vehicle may not go on from it.
      bool can_go_on = nl.is_internal() || (v.route_pos + 1 >= roads.size()) || !v.wrong_lane;
      if (over <= nl.length_m || !can_go_on) break;
      over -= nl.length_m;
    }
    if (arrived) continue;
    LaneQueue& q = state_.lanes[cur];
    me.pos_m = std::min(over, net.lane(cur).length_m);
    if (!q.empty()) {
      // Merging streams: never overlap the vehicle already last on the lane.
      double limit = q.back().pos_m - q.back().length_m;
      if (me.pos_m > limit) {
        me.pos_m = limit;
        me.speed_mps = std::min(me.speed_mps, q.back().speed_mps);
      }
    }
    q.push_back(me);
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
