#include "models/predict/platoon.hpp"

#include <algorithm>
#include <cmath>

#include "sim/scenario.hpp"

namespace ampel::predict {

PlatoonPredictor::PlatoonPredictor(const Network& net, const PredictorSettings& settings,
                                   const PlatoonSettings& platoon)
    : Predictor(net, settings), platoon_(platoon) {
  std::size_t lanes = net.road_lane_count();
  horizon_s_ = settings_.bin_s * settings_.horizon_bins;
  lane_ff_s_.resize(lanes);
  for (LaneId l = 0; l < lanes; ++l)
    lane_ff_s_[l] = net.lane(l).length_m / std::max(net.lane(l).speed_mps, 0.1);
  movement_via_s_.assign(net.movements().size(), 0.0);
  movement_to_lanes_.resize(net.movements().size());
  for (MovementId m = 0; m < net.movements().size(); ++m) {
    const Movement& mv = net.movements()[m];
    double sum = 0.0;
    for (LinkId k : mv.links) {
      const Lane& via = net.lane(net.link(k).via_lane);
      sum += via.length_m / std::max(via.speed_mps, 0.1);
      auto& to = movement_to_lanes_[m];
      if (std::find(to.begin(), to.end(), net.link(k).to_lane) == to.end()) to.push_back(net.link(k).to_lane);
    }
    if (!mv.links.empty()) movement_via_s_[m] = sum / static_cast<double>(mv.links.size());
  }
  mean_on_lane_.assign(lanes, 0.0);
  mean_arrivals_.assign(lanes, 0.0);
  delay_s_.assign(lanes, 0.0);
}

void PlatoonPredictor::add_stay(LaneId lane, double weight, double enter_s, double leave_s, double queued_s) {
  double bin = settings_.bin_s;
  std::size_t lanes = net_.road_lane_count();
  if (enter_s >= 0.0 && enter_s < horizon_s_) {
    std::size_t k = static_cast<std::size_t>(enter_s / bin);
    arrivals_[k * lanes + lane] += weight;
  }
  // Spread the queued interval [leave - queued, leave) over the bins it overlaps.
  double q0 = std::max(leave_s - queued_s, 0.0), q1 = std::min(leave_s, horizon_s_);
  for (double t = q0; t < q1;) {
    std::size_t k = static_cast<std::size_t>(t / bin);
    double end = std::min(q1, (static_cast<double>(k) + 1.0) * bin);
    queue_[k * lanes + lane] += weight * (end - t) / bin;
    t = end;
  }
}

void PlatoonPredictor::follow_route(const Scenario& sc, RouteId route, std::uint32_t route_pos,
                                    double leave_s, double speed_factor) {
  const auto& roads = sc.routes[route].roads;
  // Later roads: the lane is not known yet, so the vehicle is spread over the lanes its movement reaches, in
  // proportion to their recent arrivals.
  for (std::uint32_t p = route_pos; p + 1 < roads.size() && leave_s < horizon_s_; ++p) {
    MovementId m = net_.movement_between(roads[p], roads[p + 1]);
    if (m == kNone) return;
    const auto& to = movement_to_lanes_[m];
    double enter = leave_s + movement_via_s_[m];
    if (enter >= horizon_s_ || to.empty()) return;
    double total = 0.0;
    for (LaneId l : to) total += mean_arrivals_[l] + 1e-3;
    double next_leave = enter;
    for (LaneId l : to) {
      double w = (mean_arrivals_[l] + 1e-3) / total;
      double ff = lane_ff_s_[l] / std::max(speed_factor, 0.5);
      double delay = platoon_.queue_aware ? delay_s_[l] : 0.0;
      add_stay(l, w, enter, enter + ff + delay, delay);
      next_leave += w * (ff + delay);
    }
    leave_s = next_leave;
  }
}

void PlatoonPredictor::on_bin_closed(const ControlContext& ctx) {
  const SimState& s = ctx.state;
  const Scenario& sc = ctx.scenario;
  const BinRecord& last = *log_.bin(0);
  std::size_t lanes = net_.road_lane_count();
  // Little's law per lane: mean time on the lane = vehicles on it / arrival rate.
  double a = platoon_.smoothing;
  for (LaneId l = 0; l < lanes; ++l) {
    bool first = log_.closed_bins() == 1;
    mean_on_lane_[l] = first ? last.on_lane_veh[l] : (1 - a) * mean_on_lane_[l] + a * last.on_lane_veh[l];
    mean_arrivals_[l] = first ? last.arrivals_veh[l] : (1 - a) * mean_arrivals_[l] + a * last.arrivals_veh[l];
    double rate = mean_arrivals_[l] / settings_.bin_s;
    delay_s_[l] = rate > 1e-6 ? std::clamp(mean_on_lane_[l] / rate - lane_ff_s_[l], 0.0, horizon_s_) : 0.0;
  }
  std::size_t hb = static_cast<std::size_t>(settings_.horizon_bins);
  arrivals_.assign(hb * lanes, 0.0);
  queue_.assign(hb * lanes, 0.0);
  double h_sat = platoon_.saturation_headway_s;

  // Vehicles on road lanes: finish the current lane (queue discharge), then the rest of the route.
  for (LaneId l = 0; l < lanes; ++l) {
    const LaneQueue& q = s.lanes[l];
    const Lane& lane = net_.lane(l);
    std::uint32_t halting_ahead = 0;
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      const VehicleRecord& v = s.vehicles[q[i].vehicle];
      bool halting = q[i].speed_mps <= kHaltingSpeedMps;
      if (halting) ++halting_ahead;
      double speed = std::max(lane.speed_mps * v.speed_factor, 0.1);
      double drive = std::max(lane.length_m - q[i].pos_m, 0.0) / speed;
      double queued = h_sat * halting_ahead;  // discharge behind the queue ahead (and itself, if halting)
      double leave = halting ? queued : drive + queued;
      add_stay(l, 1.0, -1.0, leave, halting ? leave : (halting_ahead ? queued : 0.0));
      if (v.next_link == kNone) continue;
      const Link& link = net_.link(v.next_link);
      const Lane& via = net_.lane(link.via_lane);
      double enter = leave + via.length_m / std::max(via.speed_mps, 0.1);
      if (enter >= horizon_s_ || link.to_lane >= lanes) continue;
      double ff = lane_ff_s_[link.to_lane] / std::max(v.speed_factor, 0.5);
      double delay = platoon_.queue_aware ? delay_s_[link.to_lane] : 0.0;
      add_stay(link.to_lane, 1.0, enter, enter + ff + delay, delay);
      follow_route(sc, v.route, v.route_pos + 1, enter + ff + delay, v.speed_factor);
    }
  }
  // Vehicles crossing a junction: they enter the link's lane when they reach the end of the via lane.
  for (LaneId l = static_cast<LaneId>(lanes); l < net_.lanes().size(); ++l) {
    const LaneQueue& q = s.lanes[l];
    const Lane& via = net_.lane(l);
    const Link& link = net_.link(via.via_of);
    if (link.to_lane >= lanes) continue;
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      const VehicleRecord& v = s.vehicles[q[i].vehicle];
      double enter = std::max(via.length_m - q[i].pos_m, 0.0) / std::max(via.speed_mps, 0.1);
      double ff = lane_ff_s_[link.to_lane] / std::max(v.speed_factor, 0.5);
      double delay = platoon_.queue_aware ? delay_s_[link.to_lane] : 0.0;
      add_stay(link.to_lane, 1.0, enter, enter + ff + delay, delay);
      follow_route(sc, v.route, v.route_pos + 1, enter + ff + delay, 1.0);
    }
  }
  // Vehicles waiting to enter: they join their first road at the insertion rate of its lanes.
  for (RoadId r = 0; r < s.pending.size(); ++r) {
    const Road& road = net_.road(r);
    std::uint32_t i = 0;
    for (const PendingVehicle& p : s.pending[r]) {
      double enter = h_sat * i++ / std::max<std::uint32_t>(road.lane_count, 1);
      if (enter >= horizon_s_) break;
      double leave = enter;
      for (std::uint32_t k = 0; k < road.lane_count; ++k) {
        LaneId l = road.first_lane + k;
        double w = 1.0 / road.lane_count;
        double delay = platoon_.queue_aware ? delay_s_[l] : 0.0;
        add_stay(l, w, enter, enter + lane_ff_s_[l] + delay, delay);
        leave += w * (lane_ff_s_[l] + delay);
      }
      follow_route(sc, p.route, 0, leave, 1.0);
    }
  }

  double to_vph = 3600.0 / settings_.bin_s;
  for (std::size_t i = 0; i < hb * lanes; ++i) forecasts_[i] = {arrivals_[i] * to_vph, queue_[i]};
}

}  // namespace ampel::predict
