// Demand drawn per vehicle (type and route distributions) and where and how a vehicle enters and leaves:
// SUMO's departLane, departPos, departSpeed and arrivalPos.
#include <algorithm>
#include <cmath>

#include "sim/car_following.hpp"
#include "sim/simulation.hpp"
#include "sim/simulation_tuning.hpp"

namespace ampel {

using namespace tuning;

namespace {

std::size_t pick(const std::vector<double>& cumulative, double u) {
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

// Room on a lane from `front_m` back: the gap to the vehicle ahead and to the one behind (infinite if none).
struct Room {
  double ahead_m = kInf, behind_m = kInf;
  const LaneVehicle* leader = nullptr;
  const LaneVehicle* follower = nullptr;
};

Room room_at(const LaneQueue& q, double front_m, double length_m) {
  Room r;
  std::uint32_t at = 0;
  while (at < q.size() && q[at].pos_m >= front_m) ++at;
  if (at > 0) r.leader = &q[at - 1], r.ahead_m = q[at - 1].pos_m - q[at - 1].length_m - front_m;
  if (at < q.size()) r.follower = &q[at], r.behind_m = front_m - length_m - q[at].pos_m;
  return r;
}

}  // namespace

void Simulation::draw_type_and_route(std::uint32_t draw, std::uint32_t source, std::uint32_t seq,
                                     TypeId& type, RouteId& route) const {
  if (draw == kNone) return;
  const DemandDraw& d = scenario_->draws[draw];
  Rng rng(stream_seed(seed_, kStreamDraw, (std::uint64_t{source} << 32) | seq));
  std::size_t t = d.types.size() > 1 ? pick(d.type_cumulative, rng.uniform()) : 0;
  std::size_t r = d.routes.size() > 1 ? pick(d.route_cumulative, rng.uniform()) : 0;
  type = d.types[t];
  route = d.routes[r][t];
}

const DepartureSpec& Simulation::departure_of(std::uint32_t source) const {
  const Scenario& sc = *scenario_;
  return source < sc.flows.size() ? sc.flows[source].departure
                                  : sc.vehicles[source - sc.flows.size()].departure;
}

// The lane a departure rule names; kNone if it has no open lane for the vehicle now.
LaneId Simulation::departure_lane(const Road& road, const Route& route, const DepartureSpec& d,
                                  Rng& rng) const {
  std::vector<LaneId> open;
  for (std::uint32_t i = 0; i < road.lane_count; ++i) {
    LaneId l = road.first_lane + i;
    if (!state_.lane_closed[l] && lane_allows(scenario_->network->lane(l).allowed, route.drives_as))
      open.push_back(l);
  }
  if (open.empty()) return kNone;
  auto room = [&](LaneId l) {
    const LaneQueue& q = state_.lanes[l];
    return q.empty() ? kInf : q.back().pos_m - q.back().length_m;
  };
  switch (d.lane) {
    case DepartLane::index: {
      LaneId l = road.first_lane + static_cast<LaneId>(d.lane_index);
      return std::find(open.begin(), open.end(), l) != open.end() ? l : kNone;
    }
    case DepartLane::first:
      return open.front();
    case DepartLane::random:
      return open[std::min<std::size_t>(open.size() - 1,
                                        static_cast<std::size_t>(rng.uniform() * open.size()))];
    case DepartLane::free:
    case DepartLane::allowed:
      return *std::max_element(open.begin(), open.end(),
                               [&](LaneId a, LaneId b) { return room(a) < room(b); });
    case DepartLane::best:
    case DepartLane::automatic: {
      // The lanes from which the route goes on farthest without a lane change, the one with most room.
      double best_reach = 0.0;
      for (LaneId l : open)
        best_reach = std::max<double>(best_reach, route.lane_reach_m(0, l - road.first_lane));
      LaneId best = kNone;
      for (LaneId l : open)
        if (route.lane_reach_m(0, l - road.first_lane) >= good_reach_m(best_reach) &&
            (best == kNone || room(l) > room(best)))
          best = l;
      return best;
    }
  }
  return kNone;
}

bool Simulation::departure_position(LaneId lane_id, const VehicleType& type, const DepartureSpec& d, Rng& rng,
                                    double* front_m) const {
  const Lane& lane = scenario_->network->lane(lane_id);
  const LaneQueue& q = state_.lanes[lane_id];
  double base = std::min(type.length_m, lane.length_m);
  auto fits = [&](double front) {
    Room r = room_at(q, front, type.length_m);
    return r.ahead_m >= type.min_gap_m &&
           (r.follower == nullptr || r.behind_m >= state_.vehicles[r.follower->vehicle].min_gap_m);
  };
  // Largest free stretch: the front placed in its middle.
  auto free_spot = [&](double* out) {
    double best_len = -kInf;
    double upper = lane.length_m;  // front of the stretch
    for (std::uint32_t i = 0; i <= q.size(); ++i) {
      double lower = i < q.size() ? q[i].pos_m + state_.vehicles[q[i].vehicle].min_gap_m : 0.0;
      double stretch = upper - lower - type.length_m;
      if (stretch >= 0 && stretch > best_len) best_len = stretch, *out = lower + type.length_m + stretch / 2;
      if (i < q.size()) upper = q[i].pos_m - q[i].length_m - type.min_gap_m;
    }
    return best_len >= 0;
  };
  double front = base;
  switch (d.pos) {
    case DepartPos::automatic:
    case DepartPos::base:
      front = base;
      break;
    case DepartPos::value:
      front = d.pos_m < 0 ? lane.length_m + d.pos_m : d.pos_m;
      break;
    case DepartPos::random:
      front = rng.uniform() * lane.length_m;
      break;
    case DepartPos::random_free:
      front = rng.uniform() * lane.length_m;
      if (!fits(front) && !free_spot(&front)) return false;
      break;
    case DepartPos::free:
      if (!free_spot(&front)) return false;
      break;
    case DepartPos::last:  // right behind the last vehicle on the lane
      if (q.empty()) break;
      front = q.back().pos_m - q.back().length_m - type.min_gap_m;
      if (front < 0) return false;
      break;
  }
  front = std::clamp(front, 0.0, lane.length_m);
  if (!fits(front)) return false;
  *front_m = front;
  return true;
}

double Simulation::departure_speed_mps(LaneId lane_id, const DepartureSpec& d, double value_mps,
                                       double vmax_mps, Rng& rng) const {
  const LaneQueue& q = state_.lanes[lane_id];
  switch (d.speed) {
    case DepartSpeed::value:
      return value_mps < 0 ? vmax_mps : std::min(value_mps, vmax_mps);
    case DepartSpeed::max:
    case DepartSpeed::desired:
      return vmax_mps;
    case DepartSpeed::limit:
      return std::min(vmax_mps, scenario_->network->lane(lane_id).speed_mps);
    case DepartSpeed::random:
      return rng.uniform() * vmax_mps;
    case DepartSpeed::last:
      return q.empty() ? vmax_mps : std::min(vmax_mps, q.back().speed_mps);
    case DepartSpeed::avg: {
      if (q.empty()) return vmax_mps;
      double sum = 0.0;
      for (std::uint32_t i = 0; i < q.size(); ++i) sum += q[i].speed_mps;
      return std::min(vmax_mps, sum / q.size());
    }
  }
  return 0.0;
}

// Planned stops and arrival point of a vehicle entering the network.
void Simulation::set_trip_plan(VehicleRecord& v, const PendingVehicle& p, const Route& route,
                               Rng& rng) const {
  const Scenario& sc = *scenario_;
  const DepartureSpec& d = departure_of(p.source);
  if (p.source < sc.flows.size()) {
    const CompiledFlow& f = sc.flows[p.source];
    v.stop_next = f.stops_begin, v.stops_end = f.stops_end;
    v.until_shift_ms = p.planned_ms - f.first_depart_ms;
  } else {
    const CompiledVehicle& cv = sc.vehicles[p.source - sc.flows.size()];
    v.stop_next = cv.stops_begin, v.stops_end = cv.stops_end;
  }
  double last_m = sc.network->road(route.roads.back()).length_m;
  switch (d.arrival) {
    case ArrivalPos::end:
      v.arrival_m = -1.0f;
      break;
    case ArrivalPos::value:
      v.arrival_m = static_cast<float>(d.arrival_m < 0 ? last_m + d.arrival_m : d.arrival_m);
      break;
    case ArrivalPos::random:
      v.arrival_m = static_cast<float>(rng.uniform() * last_m);
      break;
  }
}

// Whether the vehicle at the front of a lane of its last road has reached its arrival point.
bool Simulation::arrives_here(const VehicleRecord& v, const LaneVehicle& me) const {
  return v.arrival_m >= 0 && !scenario_->network->lane(v.lane).is_internal() &&
         v.route_pos + 1 >= scenario_->routes[v.route].roads.size() && me.pos_m >= v.arrival_m;
}

bool Simulation::emptied() const {
  const Scenario& sc = *scenario_;
  if (state_.running > 0 || state_.waiting_to_insert > 0 || state_.next_vehicle < sc.vehicles.size())
    return false;
  for (const FlowState& f : state_.flows)
    if (f.next_ms != kNever) return false;
  return true;
}

}  // namespace ampel
