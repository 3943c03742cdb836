#include "models/predict/road_series.hpp"

#include <algorithm>
#include <cmath>

namespace ampel::predict {

const char* road_target_name(int t) {
  static const char* names[] = {"flow", "speed", "queue"};
  return names[t];
}

const char* road_target_unit(int t) {
  static const char* units[] = {"veh/h", "m/s", "veh"};
  return units[t];
}

RoadGraph::RoadGraph(const Network& net) {
  std::size_t n = net.roads().size();
  upstream.resize(n);
  downstream.resize(n);
  speed_limit_mps.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    const Road& road = net.roads()[r];
    speed_limit_mps[r] = static_cast<float>(road.speed_mps);
    for (RoadId u : net.node(road.from).in_roads)
      if (net.roads()[u].from != road.to) upstream[r].push_back(static_cast<int>(u));
    for (RoadId d : net.node(road.to).out_roads)
      if (net.roads()[d].to != road.from) downstream[r].push_back(static_cast<int>(d));
  }
}

RoadRecorder::RoadRecorder(const Scenario& scenario, double bin_s)
    : net_(*scenario.network),
      begin_ms_(scenario.begin_ms),
      bin_ms_(std::max<TimeMs>(1, static_cast<TimeMs>(std::llround(bin_s * 1000.0)))) {
  s_.bin_s = bin_s;
  s_.roads = static_cast<int>(net_.roads().size());
  std::size_t n = net_.roads().size();
  entered_at_open_.assign(n, 0);
  speed_sum_.assign(n, 0.0);
  vehicles_.assign(n, 0.0);
  halting_sum_.assign(n, 0.0);
}

void RoadRecorder::on_step(const Simulation& sim) {
  const SimState& st = sim.state();
  // A step ending exactly on a bin boundary belongs to the bin it ends.
  while (st.now_ms > begin_ms_ + (open_bin_ + 1) * bin_ms_) close_bin(sim);
  for (std::size_t r = 0; r < net_.roads().size(); ++r) {
    const Road& road = net_.roads()[r];
    for (LaneId l = road.first_lane; l < road.first_lane + road.lane_count; ++l) {
      speed_sum_[r] += st.lane_speed_sum_mps[l];
      vehicles_[r] += static_cast<double>(st.lanes[l].size());
      halting_sum_[r] += st.lane_halting[l];
    }
  }
  ++ticks_;
}

void RoadRecorder::close_bin(const Simulation& sim) {
  const SimState& st = sim.state();
  double to_vph = 3600.0 / (static_cast<double>(bin_ms_) / 1000.0);
  double ticks = std::max(ticks_, 1);
  for (std::size_t r = 0; r < net_.roads().size(); ++r) {
    const Road& road = net_.roads()[r];
    std::uint64_t entered = 0;
    int closed = 0;
    for (LaneId l = road.first_lane; l < road.first_lane + road.lane_count; ++l) {
      entered += st.lane_entered[l];
      closed += st.lane_closed[l] ? 1 : 0;
    }
    s_.values[kFlow].push_back(static_cast<float>((entered - entered_at_open_[r]) * to_vph));
    double v = vehicles_[r] > 0 ? speed_sum_[r] / vehicles_[r] : road.speed_mps;
    s_.values[kSpeed].push_back(static_cast<float>(v));
    s_.values[kQueue].push_back(static_cast<float>(halting_sum_[r] / ticks));
    s_.closed_lanes.push_back(static_cast<float>(closed));
    entered_at_open_[r] = entered;
    speed_sum_[r] = vehicles_[r] = halting_sum_[r] = 0.0;
  }
  ticks_ = 0;
  ++open_bin_;
  ++s_.bins;
}

RoadSeries RoadRecorder::take(const Simulation& sim) {
  if (ticks_ > 0) close_bin(sim);
  s_.event.resize(s_.bins, 0.0f);
  return s_;
}

}  // namespace ampel::predict
