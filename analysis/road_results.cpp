#include "analysis/road_results.hpp"

#include <algorithm>

#include "sim/lane_observation.hpp"

namespace ampel::analysis {

namespace {
constexpr double kQueuedVehicleM = 7.5;  // a standing car and its gap
}

std::string level_of_service(double delay_s, bool signalised) {
  static const double signal[] = {10, 20, 35, 55, 80};
  static const double priority[] = {10, 15, 25, 35, 50};
  const double* limits = signalised ? signal : priority;
  for (int i = 0; i < 5; ++i)
    if (delay_s <= limits[i]) return std::string(1, static_cast<char>('A' + i));
  return "F";
}

std::string level_of_service_by_speed(double share) {
  static const double limits[] = {0.85, 0.67, 0.50, 0.40, 0.30};
  for (int i = 0; i < 5; ++i)
    if (share > limits[i]) return std::string(1, static_cast<char>('A' + i));
  return "F";
}

RoadResults::RoadResults(const Simulation& sim, std::unique_ptr<predict::Predictor> predictor,
                         double horizon_s, TimeMs at_ms)
    : warmup_end_ms_(sim.scenario().begin_ms + sim.scenario().warmup_ms),
      at_ms_(at_ms),
      predictor_(std::move(predictor)),
      predictor_name_(predictor_ ? predictor_->name() : ""),
      horizon_s_(horizon_s) {
  const Network& net = sim.network();
  std::size_t roads = net.roads().size();
  loss_s_.assign(roads, 0);
  halting_sum_.assign(roads, 0);
  queue_max_m_.assign(roads, 0);
  speed_sum_.assign(roads, 0);
  vehicle_steps_.assign(roads, 0);
  predicted_veh_.assign(roads, 0);
  exited0_.assign(net.road_lane_count(), 0);
  exited_.assign(net.road_lane_count(), 0);
}

void RoadResults::take_prediction(const Simulation& sim) {
  if (!predictor_) return;
  const Network& net = sim.network();
  std::vector<predict::LaneForecast> lanes(net.road_lane_count());
  predictor_->forecast_all(horizon_s_, lanes);
  std::fill(predicted_veh_.begin(), predicted_veh_.end(), 0.0);
  for (LaneId l = 0; l < lanes.size(); ++l) predicted_veh_[net.lane(l).road] += lanes[l].queue_veh;
  predicted_at_ms_ = sim.now_ms();
}

void RoadResults::on_step(const Simulation& sim) {
  const Network& net = sim.network();
  const SimState& st = sim.state();
  if (predictor_) predictor_->observe({sim.scenario(), net, st, st.now_ms});
  if (predicted_at_ms_ < 0 && ((at_ms_ >= 0 && st.now_ms >= at_ms_) || (at_ms_ < 0 && sim.finished())))
    take_prediction(sim);
  bool counting = st.now_ms > warmup_end_ms_;
  if (!counting) {
    std::copy(st.lane_exited.begin(), st.lane_exited.begin() + net.road_lane_count(), exited0_.begin());
  } else {
    ++steps_;
    std::copy(st.lane_exited.begin(), st.lane_exited.begin() + net.road_lane_count(), exited_.begin());
  }
  if (tracked_.size() < st.vehicles.size()) tracked_.resize(st.vehicles.size());
  for (LaneId l = 0; l < st.lanes.size(); ++l) {
    const LaneQueue& q = st.lanes[l];
    if (q.empty()) continue;
    const Lane& lane = net.lane(l);
    // Time inside a junction belongs to the road the vehicle came from.
    RoadId road = lane.is_internal() ? net.link(lane.via_of).from_road : lane.road;
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      const VehicleRecord& v = st.vehicles[q[i].vehicle];
      Tracked& t = tracked_[q[i].vehicle];
      if (t.source != v.source || t.seq != v.seq) t = {v.source, v.seq, 0.0};
      if (counting) loss_s_[road] += v.time_loss_s - t.loss_s;
      t.loss_s = v.time_loss_s;
    }
    if (!counting || lane.is_internal()) continue;
    LaneObservation o = observe_lane(q, lane.length_m);
    halting_sum_[road] += o.halting;
    queue_max_m_[road] = std::max(queue_max_m_[road], o.queue_m);
    speed_sum_[road] += o.speed_sum_mps;
    vehicle_steps_[road] += q.size();
  }
}

std::vector<RoadResult> RoadResults::results(const Network& net) const {
  std::vector<RoadResult> out(net.roads().size());
  for (RoadId r = 0; r < out.size(); ++r) {
    const Road& road = net.road(r);
    RoadResult& x = out[r];
    for (LaneId l = road.first_lane; l < road.first_lane + road.lane_count; ++l)
      x.vehicles += static_cast<double>(exited_[l] >= exited0_[l] ? exited_[l] - exited0_[l] : 0);
    x.delay_s = x.vehicles > 0 ? loss_s_[r] / x.vehicles : 0.0;
    x.queue_mean_veh = steps_ ? halting_sum_[r] / static_cast<double>(steps_) : 0.0;
    x.queue_max_m = queue_max_m_[r];
    x.speed_mean_mps = vehicle_steps_[r] > 0 ? speed_sum_[r] / vehicle_steps_[r] : -1.0;
    const Node& end = net.node(road.to);
    if (x.vehicles > 0) {
      if (end.kind == NodeKind::fringe || end.links.empty())
        x.los = level_of_service_by_speed(x.speed_mean_mps / road.speed_mps);
      else
        x.los = level_of_service(x.delay_s, end.signal != kNone);
    }
    x.predicted_queue_veh = predicted_veh_[r];
    double room_m = road.length_m * road.lane_count;
    x.predicted_occupancy = room_m > 0 ? std::min(1.0, predicted_veh_[r] * kQueuedVehicleM / room_m) : 0.0;
  }
  return out;
}

}  // namespace ampel::analysis
