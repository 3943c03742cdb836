#include "python/src/agents.hpp"

#include <algorithm>

namespace ampel::python {

AgentObserver::AgentObserver(const NetworkInfo& network, std::vector<std::size_t> signals) {
  const Network& net = network.network();
  for (std::size_t s : signals) {
    if (s >= net.signals().size()) throw py::index_error("no signal " + std::to_string(s));
    const Signal& sig = net.signals()[s];
    Agent a{s, {}, {}, sig.stages.size()};
    for (std::uint32_t i = 0; i < sig.link_count; ++i)
      for (LinkId k : sig.links_of_index[i]) {
        LaneId in = net.link(k).from_lane, out = net.link(k).to_lane;
        if (std::find(a.in.begin(), a.in.end(), in) == a.in.end()) a.in.push_back(in);
        if (std::find(a.out.begin(), a.out.end(), out) == a.out.end()) a.out.push_back(out);
      }
    width_ = std::max(width_, a.width());
    agents_.push_back(std::move(a));
  }
}

py::array_t<std::int64_t> AgentObserver::observation_sizes() const {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(agents_.size()));
  for (std::size_t i = 0; i < agents_.size(); ++i)
    out.mutable_data()[i] = static_cast<std::int64_t>(agents_[i].width());
  return out;
}

void AgentObserver::reset() {
  tracked_.clear();
}

// sumo-rl's accumulated waiting time per lane: a vehicle's waiting time minus what was already attributed
// to the other lanes it was seen on.
double AgentObserver::lane_waiting_s(const SimState& st, LaneId lane) {
  const LaneQueue& q = st.lanes[lane];
  double sum = 0.0;
  for (std::uint32_t i = 0; i < q.size(); ++i) {
    VehicleId id = q[i].vehicle;
    const VehicleRecord& v = st.vehicles[id];
    if (id >= tracked_.size()) tracked_.resize(st.vehicles.size());
    Tracked& t = tracked_[id];
    if (t.source != v.source || t.seq != v.seq) t = {v.source, v.seq, lane, 0.0, 0.0};
    if (t.lane != lane) {
      t.other_lanes_s += t.on_lane_s;
      t.lane = lane;
    }
    t.on_lane_s = v.waiting_s - t.other_lanes_s;
    sum += t.on_lane_s;
  }
  return sum;
}

py::tuple AgentObserver::observe(const SimulationHandle& handle, double min_green_s) {
  const Simulation& sim = handle.sim();
  const Network& net = sim.network();
  const SimState& st = sim.state();
  std::size_t n = agents_.size();
  py::array_t<float> obs({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(width_)});
  py::array_t<double> waiting(static_cast<py::ssize_t>(n)), pressure(static_cast<py::ssize_t>(n)),
      halting(static_cast<py::ssize_t>(n)), speed(static_cast<py::ssize_t>(n));
  float* o = obs.mutable_data();
  std::fill(o, o + n * width_, 0.0f);
  for (std::size_t i = 0; i < n; ++i) {
    const Agent& a = agents_[i];
    const Signal& sig = net.signals()[a.signal];
    const SignalState& g = st.signals[a.signal];
    float* row = o + i * width_;
    row[g.target] = 1.0f;
    double min_green = min_green_s >= 0 ? min_green_s : sig.stages[g.stage].min_green_s;
    row[a.stages] =
        g.interval == SignalInterval::green && st.now_ms - g.green_start_ms >= seconds_to_ms(min_green)
            ? 1.0f
            : 0.0f;
    double wait = 0, in_vehicles = 0, out_vehicles = 0, halt = 0, share_sum = 0, moving = 0;
    for (std::size_t k = 0; k < a.in.size(); ++k) {
      LaneId l = a.in[k];
      const LaneQueue& q = st.lanes[l];
      double length = net.lane(l).length_m, limit = net.lane(l).speed_mps, used = 0, queued = 0;
      for (std::uint32_t j = 0; j < q.size(); ++j) {
        const VehicleRecord& v = st.vehicles[q[j].vehicle];
        double space = v.length_m + v.min_gap_m;
        used += space;
        if (q[j].speed_mps <= kHaltingSpeedMps) queued += space, ++halt;
        share_sum += limit > 0 ? q[j].speed_mps / limit : 0.0;
      }
      moving += q.size();
      in_vehicles += q.size();
      row[a.stages + 1 + k] = static_cast<float>(std::min(1.0, used / length));
      row[a.stages + 1 + a.in.size() + k] = static_cast<float>(std::min(1.0, queued / length));
      wait += lane_waiting_s(st, l);
    }
    for (LaneId l : a.out) out_vehicles += st.lanes[l].size();
    waiting.mutable_data()[i] = wait;
    pressure.mutable_data()[i] = out_vehicles - in_vehicles;
    halting.mutable_data()[i] = halt;
    speed.mutable_data()[i] = moving > 0 ? share_sum / moving : 1.0;
  }
  return py::make_tuple(obs, waiting, pressure, halting, speed);
}

}  // namespace ampel::python
