// Stage 6a and lane bookkeeping: which lane and link a vehicle takes for its route, and lane changes.
#include "sim/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "sim/car_following.hpp"
#include "sim/signals.hpp"
#include "sim/simulation_tuning.hpp"

namespace ampel {

using namespace tuning;

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
      refresh_lane_plan(v, l);
    }
  }
}

bool Simulation::lane_leads_to(LaneId lane, RoadId road) const {
  const Network& net = *scenario_->network;
  const Lane& l = net.lane(lane);
  for (std::uint32_t k = l.links_begin; k < l.links_end; ++k)
    if (net.link(k).to_road == road) return true;
  return false;
}

// Link to take at the end of `lane` for the road after route_pos: prefer links into open lanes from which
// the route goes on far enough without another lane change (see good_reach_m), then the one with most room.
LinkId Simulation::choose_link(LaneId lane, RouteId route_id, std::uint32_t route_pos) const {
  const Network& net = *scenario_->network;
  const Route& route = scenario_->routes[route_id];
  if (route_pos + 1 >= route.roads.size()) return kNone;
  RoadId next = route.roads[route_pos + 1];
  const Lane& l = net.lane(lane);
  double best_reach = 0.0;
  for (LinkId k = l.links_begin; k < l.links_end; ++k) {
    const Link& link = net.link(k);
    if (!lane_allows(net.lane(link.to_lane).allowed, route.drives_as)) continue;
    if (link.to_road == next && !state_.lane_closed[link.to_lane])
      best_reach =
          std::max<double>(best_reach, route.lane_reach_m(route_pos + 1, net.lane(link.to_lane).index));
  }
  LinkId best = kNone;
  int best_rank = -1;
  double best_room = -kInf;
  for (LinkId k = l.links_begin; k < l.links_end; ++k) {
    const Link& link = net.link(k);
    if (link.to_road != next || !lane_allows(net.lane(link.to_lane).allowed, route.drives_as)) continue;
    bool open = !state_.lane_closed[link.to_lane];
    double reach = route.lane_reach_m(route_pos + 1, net.lane(link.to_lane).index);
    bool leads = reach >= good_reach_m(best_reach);
    int rank = (open ? 2 : 0) + (leads ? 1 : 0);
    const LaneQueue& q = state_.lanes[link.to_lane];
    double room = q.empty() ? net.lane(link.to_lane).length_m : q.back().pos_m - q.back().length_m;
    if (rank > best_rank || (rank == best_rank && room > best_room))
      best = k, best_rank = rank, best_room = room;
  }
  if (best != kNone && state_.lane_closed[net.link(best).to_lane]) return kNone;
  return best;
}

// Farthest the route goes on without a lane change from the start of any open lane of `road` (its
// position `route_pos` on the route).
double Simulation::best_open_reach_m(const Route& route, std::uint32_t route_pos, const Road& road) const {
  double best = 0.0;
  for (std::uint32_t i = 0; i < road.lane_count; ++i)
    if (!state_.lane_closed[road.first_lane + i])  // (closed to the route's class: reach 0)
      best = std::max<double>(best, route.lane_reach_m(route_pos, i));
  return best;
}

// Index of the lane of the vehicle's road it should drive in from `pos_m` on, for its route further on: its
// own if that goes on far enough, else the nearest open one that does (-1: none better).
int Simulation::better_lane(const VehicleRecord& v, LaneId lane, double pos_m) const {
  const Network& net = *scenario_->network;
  const Lane& from = net.lane(lane);
  const Road& road = net.road(from.road);
  if (road.lane_count == 1) return -1;
  const Route& route = scenario_->routes[v.route];
  if (int stop = stop_lane_wanted(v, lane); stop >= 0)
    return stop == static_cast<int>(from.index) ? -1 : stop;
  double good = good_reach_m(best_open_reach_m(route, v.route_pos, road) - pos_m) + pos_m;
  if (route.lane_reach_m(v.route_pos, from.index) >= good) return -1;
  int target = -1, best_dist = 1 << 20;
  for (std::uint32_t i = 0; i < road.lane_count; ++i) {
    if (state_.lane_closed[road.first_lane + i] || route.lane_reach_m(v.route_pos, i) < good ||
        !lane_allows(net.lane(road.first_lane + i).allowed, route.drives_as))
      continue;
    int d = std::abs(static_cast<int>(i) - static_cast<int>(from.index));
    if (d < best_dist) best_dist = d, target = static_cast<int>(i);
  }
  return target;
}

// The vehicle is on `lane` now: the link it will take at its end, and whether it must change lanes before
// then (stopping at the end if it cannot): its lane is closed or has no link to its next road. (Also
// forcing a change where the lane traps the driver on short roads beyond was tried: on the Hamburg field
// the drivers stopping at lane ends blocked more than they saved.)
void Simulation::refresh_lane_plan(VehicleRecord& v, LaneId lane) {
  v.lane = lane;
  v.next_link = choose_link(lane, v.route, v.route_pos);
  bool at_end = v.route_pos + 1 >= scenario_->routes[v.route].roads.size();
  v.wrong_lane = state_.lane_closed[lane] || (!at_end && v.next_link == kNone);
}

// ---- 6a. strategic lane changes --------------------------------------------------------------------------

bool Simulation::lane_usable(LaneId lane, const VehicleRecord& v) const {
  if (state_.lane_closed[lane]) return false;
  if (!lane_allows(scenario_->network->lane(lane).allowed, scenario_->routes[v.route].drives_as))
    return false;
  const auto& roads = scenario_->routes[v.route].roads;
  if (v.route_pos + 1 >= roads.size()) return true;
  return choose_link(lane, v.route, v.route_pos) != kNone;
}

void Simulation::change_lanes() {
  const Network& net = *scenario_->network;
  for (const Courtesy& c : courtesy_) courtesy_on_lane_[c.lane] = 0;
  courtesy_.clear();
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    LaneQueue& q = state_.lanes[l];
    for (std::uint32_t i = 0; i < q.size();) {
      const VehicleRecord& v = state_.vehicles[q[i].vehicle];
      if (v.lane_change_step != state_.step_count + 1 && try_change_lane(l, i)) continue;
      ++i;
    }
  }
  for (const Courtesy& c : courtesy_) courtesy_on_lane_[c.lane] = 1;
}

// Speed limit for a driver on `lane` who leaves room for drivers waiting to change into it: it stops behind
// such a driver's tail when it can do so without braking harder than comfortable.
double Simulation::courtesy_limit_mps(LaneId lane, const LaneVehicle& me, const VehicleRecord& v) const {
  double limit = kInf;
  for (const Courtesy& c : courtesy_) {
    if (c.lane != lane || c.vehicle == me.vehicle) continue;
    double to_tail = c.pos_m - c.length_m - me.pos_m;
    if (to_tail < 0) continue;  // already beside it
    double vs =
        safe_follow_speed(std::max(0.0, to_tail - v.min_gap_m), 0.0, v.decel_mps2, v.headway_s, dt_s_);
    if (vs >= me.speed_mps - v.decel_mps2 * dt_s_) limit = std::min(limit, vs);
  }
  return limit;
}

// Moves vehicle `index` of `lane` one lane towards a lane that leads on, if the gaps there are safe.
bool Simulation::try_change_lane(LaneId lane, std::uint32_t index) {
  const Network& net = *scenario_->network;
  const Lane& from = net.lane(lane);
  const Road& road = net.road(from.road);
  LaneVehicle me = state_.lanes[lane][index];
  VehicleRecord& v = state_.vehicles[me.vehicle];
  // A driver in a lane without a link to its next road must change (nearest usable lane); one whose lane
  // turns off the route soon changes when the gaps allow (strategic, at normal gaps).
  int target = better_lane(v, lane, me.pos_m);
  if (v.wrong_lane && target < 0) {
    int best_dist = 1 << 20;
    for (std::uint32_t i = 0; i < road.lane_count; ++i) {
      if (i == from.index || !lane_usable(road.first_lane + i, v)) continue;
      int d = std::abs(static_cast<int>(i) - static_cast<int>(from.index));
      if (d < best_dist) best_dist = d, target = static_cast<int>(i);
    }
  }
  if (target < 0) return false;
  int step = target > static_cast<int>(from.index) ? 1 : -1;
  LaneId to = road.first_lane + static_cast<LaneId>(static_cast<int>(from.index) + step);
  if (state_.lane_closed[to] || !lane_allows(net.lane(to).allowed, scenario_->routes[v.route].drives_as))
    return false;
  LaneQueue& tq = state_.lanes[to];
  std::uint32_t at = 0;
  while (at < tq.size() && tq[at].pos_m >= me.pos_m) ++at;
  bool urgent =
      v.wrong_lane && (from.length_m - me.pos_m < kUrgentLaneChangeM || me.speed_mps <= kHaltingSpeedMps);
  double margin = urgent ? 0.5 : v.min_gap_m;
  if (urgent && try_swap(lane, index, to, at)) return true;
  // A driver who must change and finds no gap asks the drivers behind in the target lane to leave one
  // (SUMO's cooperative lane changing): they stop behind it if they can do so comfortably.
  auto blocked = [&] {
    if (urgent) courtesy_.push_back({to, me.pos_m, me.length_m, me.vehicle});
    return false;
  };
  if (at > 0) {
    const LaneVehicle& lead = tq[at - 1];
    double gap = lead.pos_m - lead.length_m - me.pos_m;
    if (gap < margin) return blocked();
    double vs = safe_follow_speed(gap - margin, lead.speed_mps, v.decel_mps2, v.headway_s, dt_s_);
    if (vs < me.speed_mps - v.decel_mps2 * dt_s_) return blocked();
  }
  if (at < tq.size()) {
    const LaneVehicle& follow = tq[at];
    const VehicleRecord& fv = state_.vehicles[follow.vehicle];
    double gap = me.pos_m - me.length_m - follow.pos_m;
    double fmargin = urgent ? 0.5 : fv.min_gap_m;
    if (gap < fmargin) return blocked();
    double vs = safe_follow_speed(gap - fmargin, me.speed_mps, fv.decel_mps2, fv.headway_s, dt_s_);
    if (vs < follow.speed_mps - fv.decel_mps2 * dt_s_) return blocked();
  }
  state_.lanes[lane].erase(index);
  tq.insert(at, me);
  v.lane_change_step = static_cast<std::uint32_t>(state_.step_count + 1);
  refresh_lane_plan(v, to);
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
    if (std::fabs(other.pos_m - me.pos_m) > std::max<double>(me.length_m, other.length_m)) continue;
    // The other driver must be able to use this lane, and lose nothing by the trade if it is not stuck too.
    if (!lane_usable(lane, ov)) continue;
    if (!ov.wrong_lane && better_lane(ov, lane, other.pos_m) >= 0) continue;
    // The neighbours keep their order: each vehicle takes the other's place in the queue.
    VehicleRecord& v = state_.vehicles[me.vehicle];
    std::swap(me.vehicle, other.vehicle);
    std::swap(me.length_m, other.length_m);
    double speed = std::min(me.speed_mps, other.speed_mps);
    me.speed_mps = other.speed_mps = speed;
    for (auto [rec, l] : {std::pair<VehicleRecord*, LaneId>{&v, to}, {&ov, lane}}) {
      rec->lane_change_step = static_cast<std::uint32_t>(state_.step_count + 1);
      refresh_lane_plan(*rec, l);
    }
    return true;
  }
  return false;
}

}  // namespace ampel
