// Stages 6b-8: speeds from car following and what lies ahead, then moves, transfers and arrivals.
#include "sim/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "sim/car_following.hpp"
#include "sim/signals.hpp"
#include "sim/simulation_tuning.hpp"

namespace ampel {

using namespace tuning;

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
    bool waits_inside = false;
    if (cl.is_internal()) {
      if (first && holds_at_wait_point(cl.via_of, pos)) {
        limit = std::min(limit, stop_speed(net.link(cl.via_of).wait_m - pos, b, v.headway_s, dt_s_));
        break;
      }
      next = net.link(cl.via_of).to_lane;
      ++route_pos;
    } else {
      if (route_pos + 1 >= roads.size()) break;  // arrives at the end of this lane
      if (!first) link = choose_link(cur, v.route, route_pos);
      Entry entry = link == kNone || v.wrong_lane ? Entry::stop : junction_entry(v, link, dist, speed, first);
      if (entry == Entry::stop) {
        limit = std::min(limit, stop_speed(dist, b, v.headway_s, dt_s_));
        break;
      }
      if (first) *crosses_first = true, *first_link = link;
      next = net.link(link).via_lane;
      if (entry == Entry::wait_inside) {
        waits_inside = true;
        limit = std::min(limit, stop_speed(dist + net.link(link).wait_m, b, v.headway_s, dt_s_));
      }
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
    if (waits_inside) break;
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
    entry_room_m_[l] = q.empty()
                           ? net.lane(l).length_m
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
        vmax = std::min(
            vmax, safe_follow_speed(raw - v.min_gap_m, lead.speed_mps, v.decel_mps2, v.headway_s, dt_s_));
        vmax = std::min(vmax, std::max(0.0, raw) / dt_s_);
      }
      if (courtesy_on_lane_[l]) vmax = std::min(vmax, courtesy_limit_mps(l, me, v));
      if (v.stop_next < v.stops_end)
        vmax = std::min(vmax, stop_limit_mps(v, me, l, i > 0 ? &q[i - 1] : nullptr));
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
  refresh_lane_plan(v, lane);
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
      // Time at a planned stop is neither time loss nor waiting (SUMO's tripinfo).
      if (!v.dwelling()) v.time_loss_s += dt_s_ * std::max(0.0, vcap - speed) / vcap;
      if (speed <= kHaltingSpeedMps && !v.dwelling()) {
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
    // A driver whose trip ends before the end of its last road (SUMO's arrivalPos) leaves there.
    while (road_lane && !q.empty() && arrives_here(state_.vehicles[q.front().vehicle], q.front())) {
      arrive(q.front().vehicle, l);
      q.pop_front();
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

}  // namespace ampel
