// Planned stops (a bus at its stops): the driver brakes to halt at the stop, stays until its duration has
// passed and the clock shows its `until` (SUMO: the later of arrival + duration and until), then drives on.
// Time at a stop is neither waiting time nor time loss (as in SUMO's tripinfo).
#include <algorithm>

#include "sim/car_following.hpp"
#include "sim/simulation.hpp"
#include "sim/simulation_tuning.hpp"

namespace ampel {

using namespace tuning;

namespace {

// A vehicle that halts this close to the stop's end, or inside the stop behind one already served there, has
// reached it; one this far past it has missed it (it drives on).
constexpr double kReachedM = 1.0;
constexpr double kMissedM = 2.0;

}  // namespace

double Simulation::stop_limit_mps(VehicleRecord& v, const LaneVehicle& me, LaneId lane_id,
                                  const LaneVehicle* leader) {
  if (v.stop_next >= v.stops_end) return kInf;
  const Network& net = *scenario_->network;
  const CompiledStop& st = scenario_->stops[v.stop_next];
  const Lane& lane = net.lane(lane_id);
  if (v.dwelling()) {
    if (state_.now_ms < v.dwell_until_ms) return 0.0;
    v.dwell_until_ms = -1;
    ++v.stop_next;
    return stop_limit_mps(v, me, lane_id, leader);  // the next stop may lie on the same road
  }
  // Distance from the front to the stop's end: on its road, or on the next road of the route.
  double dist;
  if (!lane.is_internal() && v.route_pos == st.route_pos) {
    dist = st.end_m - me.pos_m;
    if (dist < -kMissedM) {
      ++v.stop_next;
      return kInf;
    }
    bool behind_served = leader && state_.vehicles[leader->vehicle].dwelling() && me.pos_m >= st.start_m;
    if (me.speed_mps <= kHaltingSpeedMps && (dist <= kReachedM || behind_served)) {
      TimeMs until = st.until_ms >= 0 ? st.until_ms + v.until_shift_ms : -1;
      v.dwell_until_ms = std::max(state_.now_ms + st.duration_ms, until);
      v.halting_since_ms = -1;  // a planned halt is not a jam
      return 0.0;
    }
  } else if (!lane.is_internal() && v.route_pos + 1 == st.route_pos && v.next_link != kNone) {
    dist = lane.length_m - me.pos_m + net.lane(net.link(v.next_link).via_lane).length_m + st.end_m;
  } else if (lane.is_internal() && v.route_pos + 1 == st.route_pos) {
    dist = lane.length_m - me.pos_m + st.end_m;
  } else {
    return kInf;
  }
  return stop_speed(std::max(0.0, dist), v.decel_mps2, v.headway_s, dt_s_);
}

// The lane index a vehicle should be in on `lane`'s road to serve its next stop there; -1 if none.
int Simulation::stop_lane_wanted(const VehicleRecord& v, LaneId lane) const {
  if (v.stop_next >= v.stops_end) return -1;
  const CompiledStop& st = scenario_->stops[v.stop_next];
  if (scenario_->network->lane(lane).is_internal() || v.route_pos != st.route_pos) return -1;
  return static_cast<int>(st.lane_index);
}

}  // namespace ampel
