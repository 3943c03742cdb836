#include "python/src/state_view.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <stdexcept>

#include "sim/lane_observation.hpp"

namespace ampel::python {

namespace {

template <class T>
T* fresh(py::dict& d, const char* name, std::size_t n) {
  py::array_t<T> a(static_cast<py::ssize_t>(n));
  T* p = a.mutable_data();
  d[name] = std::move(a);
  return p;
}

template <class T>
py::array_t<T> array_of(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

std::int64_t index_or_none(std::uint32_t id) {
  return id == kNone ? -1 : static_cast<std::int64_t>(id);
}

// Seconds a lane's vehicles have been standing since they last moved (SUMO's waiting time, summed).
double lane_waiting_s(const SimState& st, const LaneQueue& q) {
  double w = 0.0;
  for (std::uint32_t i = 0; i < q.size(); ++i) {
    TimeMs since = st.vehicles[q[i].vehicle].halting_since_ms;
    if (since >= 0) w += ms_to_seconds(st.now_ms - since);
  }
  return w;
}

}  // namespace

py::dict lane_arrays(const Network& net, const SimState& st, const std::vector<std::string>& fields) {
  std::size_t n = net.road_lane_count();
  auto wanted = [&](const char* f) {
    return fields.empty() || std::find(fields.begin(), fields.end(), f) != fields.end();
  };
  static const char* kKnown[] = {"vehicles",     "halting",   "queue_m", "mean_speed_mps", "occupancy",
                                 "density_vpkm", "waiting_s", "closed",  "entered",        "exited"};
  for (const std::string& f : fields)
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return f == k; }))
      throw py::key_error("unknown lane field '" + f +
                          "' (known: vehicles, halting, queue_m, mean_speed_mps, occupancy, density_vpkm, "
                          "waiting_s, closed, entered, exited)");
  py::dict d;
  std::uint32_t* vehicles = wanted("vehicles") ? fresh<std::uint32_t>(d, "vehicles", n) : nullptr;
  std::uint32_t* halting = wanted("halting") ? fresh<std::uint32_t>(d, "halting", n) : nullptr;
  float* queue = wanted("queue_m") ? fresh<float>(d, "queue_m", n) : nullptr;
  float* speed = wanted("mean_speed_mps") ? fresh<float>(d, "mean_speed_mps", n) : nullptr;
  float* occupancy = wanted("occupancy") ? fresh<float>(d, "occupancy", n) : nullptr;
  float* density = wanted("density_vpkm") ? fresh<float>(d, "density_vpkm", n) : nullptr;
  float* waiting = wanted("waiting_s") ? fresh<float>(d, "waiting_s", n) : nullptr;
  bool* closed = wanted("closed") ? fresh<bool>(d, "closed", n) : nullptr;
  std::uint64_t* entered = wanted("entered") ? fresh<std::uint64_t>(d, "entered", n) : nullptr;
  std::uint64_t* exited = wanted("exited") ? fresh<std::uint64_t>(d, "exited", n) : nullptr;
  bool observe = halting || queue || speed || occupancy;
  for (LaneId l = 0; l < n; ++l) {
    const LaneQueue& q = st.lanes[l];
    const Lane& lane = net.lane(l);
    if (vehicles) vehicles[l] = q.size();
    if (density) density[l] = static_cast<float>(q.size() / (lane.length_m / 1000.0));
    if (waiting) waiting[l] = static_cast<float>(lane_waiting_s(st, q));
    if (closed) closed[l] = st.lane_closed[l] != 0;
    if (entered) entered[l] = st.lane_entered[l];
    if (exited) exited[l] = st.lane_exited[l];
    if (!observe) continue;
    LaneObservation o = observe_lane(q, lane.length_m);
    if (halting) halting[l] = o.halting;
    if (queue) queue[l] = static_cast<float>(o.queue_m);
    if (speed) speed[l] = static_cast<float>(q.empty() ? lane.speed_mps : o.speed_sum_mps / q.size());
    if (occupancy) occupancy[l] = static_cast<float>(o.occupied_m / lane.length_m);
  }
  return d;
}

py::dict road_arrays(const Network& net, const SimState& st) {
  std::size_t n = net.roads().size();
  py::dict d;
  auto* vehicles = fresh<std::uint32_t>(d, "vehicles", n);
  auto* halting = fresh<std::uint32_t>(d, "halting", n);
  auto* queue = fresh<float>(d, "queue_m", n);
  auto* speed = fresh<float>(d, "mean_speed_mps", n);
  auto* occupancy = fresh<float>(d, "occupancy", n);
  auto* waiting = fresh<float>(d, "waiting_s", n);
  auto* pending = fresh<std::uint32_t>(d, "pending", n);
  auto* entered = fresh<std::uint64_t>(d, "entered", n);
  auto* exited = fresh<std::uint64_t>(d, "exited", n);
  for (RoadId r = 0; r < n; ++r) {
    const Road& road = net.road(r);
    std::uint32_t count = 0, halt = 0;
    double longest = 0, speed_sum = 0, occ = 0, wait = 0;
    std::uint64_t in = 0, out = 0;
    for (LaneId l = road.first_lane; l < road.first_lane + road.lane_count; ++l) {
      const LaneQueue& q = st.lanes[l];
      LaneObservation o = observe_lane(q, net.lane(l).length_m);
      count += q.size();
      halt += o.halting;
      longest = std::max(longest, o.queue_m);
      speed_sum += o.speed_sum_mps;
      occ += o.occupied_m / net.lane(l).length_m;
      wait += lane_waiting_s(st, q);
      in += st.lane_entered[l];
      out += st.lane_exited[l];
    }
    vehicles[r] = count;
    halting[r] = halt;
    queue[r] = static_cast<float>(longest);
    speed[r] = static_cast<float>(count ? speed_sum / count : road.speed_mps);
    occupancy[r] = static_cast<float>(road.lane_count ? occ / road.lane_count : 0.0);
    waiting[r] = static_cast<float>(wait);
    pending[r] = static_cast<std::uint32_t>(r < st.pending.size() ? st.pending[r].size() : 0);
    entered[r] = in;
    exited[r] = out;
  }
  return d;
}

py::dict junction_arrays(const Network& net, const SimState& st) {
  std::size_t n = net.nodes().size();
  py::dict d;
  auto* in_vehicles = fresh<std::uint32_t>(d, "in_vehicles", n);
  auto* in_halting = fresh<std::uint32_t>(d, "in_halting", n);
  auto* out_vehicles = fresh<std::uint32_t>(d, "out_vehicles", n);
  auto* waiting = fresh<float>(d, "waiting_s", n);
  for (NodeId j = 0; j < n; ++j) {
    const Node& node = net.node(j);
    std::uint32_t in = 0, halt = 0, out = 0;
    double wait = 0;
    for (RoadId r : node.in_roads) {
      const Road& road = net.road(r);
      for (LaneId l = road.first_lane; l < road.first_lane + road.lane_count; ++l) {
        in += st.lanes[l].size();
        halt += observe_lane(st.lanes[l], net.lane(l).length_m).halting;
        wait += lane_waiting_s(st, st.lanes[l]);
      }
    }
    for (RoadId r : node.out_roads) {
      const Road& road = net.road(r);
      for (LaneId l = road.first_lane; l < road.first_lane + road.lane_count; ++l) out += st.lanes[l].size();
    }
    in_vehicles[j] = in;
    in_halting[j] = halt;
    out_vehicles[j] = out;
    waiting[j] = static_cast<float>(wait);
  }
  return d;
}

py::dict signal_arrays(const Network& net, const SimState& st) {
  std::size_t n = net.signals().size();
  py::dict d;
  auto* stage = fresh<std::uint16_t>(d, "stage", n);
  auto* target = fresh<std::uint16_t>(d, "target", n);
  auto* interval = fresh<std::uint8_t>(d, "interval", n);
  auto* interval_s = fresh<float>(d, "interval_s", n);
  auto* green_s = fresh<float>(d, "green_s", n);
  auto* can_switch = fresh<bool>(d, "can_switch", n);
  for (SignalId s = 0; s < n; ++s) {
    const SignalState& g = st.signals[s];
    const Signal& sig = net.signals()[s];
    bool green = g.interval == SignalInterval::green;
    stage[s] = g.stage;
    target[s] = g.target;
    interval[s] = static_cast<std::uint8_t>(g.interval);
    interval_s[s] = static_cast<float>(ms_to_seconds(st.now_ms - g.interval_start_ms));
    green_s[s] = green ? static_cast<float>(ms_to_seconds(st.now_ms - g.green_start_ms)) : 0.0f;
    can_switch[s] = green && sig.stages.size() > 1 &&
                    st.now_ms - g.green_start_ms >= seconds_to_ms(sig.stages[g.stage].min_green_s);
  }
  return d;
}

py::dict link_arrays(const Network& net, const SimState& st) {
  std::size_t n = net.links().size();
  py::dict d;
  auto* bound = fresh<std::uint32_t>(d, "bound", n);
  auto* state = fresh<std::uint8_t>(d, "state", n);
  std::fill(bound, bound + n, 0u);
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    const LaneQueue& q = st.lanes[l];
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      LinkId next = st.vehicles[q[i].vehicle].next_link;
      if (next != kNone && net.link(next).from_lane == l) ++bound[next];
    }
  }
  for (LinkId k = 0; k < n; ++k) {
    const Link& link = net.link(k);
    state[k] = static_cast<std::uint8_t>(link.state_slot == kNone ? 'O' : st.link_signal[link.state_slot]);
  }
  return d;
}

py::dict vehicle_arrays(const Network& net, const SimState& st) {
  std::size_t n = 0;
  for (const LaneQueue& q : st.lanes) n += q.size();
  py::dict d;
  auto* slot = fresh<std::uint32_t>(d, "slot", n);
  auto* lane = fresh<std::int64_t>(d, "lane", n);
  auto* road = fresh<std::int64_t>(d, "road", n);
  auto* pos = fresh<double>(d, "pos_m", n);
  auto* speed = fresh<double>(d, "speed_mps", n);
  auto* x = fresh<double>(d, "x_m", n);
  auto* y = fresh<double>(d, "y_m", n);
  auto* waiting = fresh<double>(d, "waiting_s", n);
  auto* loss = fresh<double>(d, "time_loss_s", n);
  auto* depart = fresh<double>(d, "depart_s", n);
  std::size_t k = 0;
  for (LaneId l = 0; l < st.lanes.size(); ++l) {
    const LaneQueue& q = st.lanes[l];
    const Lane& ln = net.lane(l);
    for (std::uint32_t i = 0; i < q.size(); ++i, ++k) {
      const VehicleRecord& v = st.vehicles[q[i].vehicle];
      Point p = ln.shape.empty() ? Point{0, 0} : ln.shape.at(q[i].pos_m);
      slot[k] = q[i].vehicle;
      lane[k] = l;
      road[k] = index_or_none(ln.road);
      pos[k] = q[i].pos_m;
      speed[k] = q[i].speed_mps;
      x[k] = p.x;
      y[k] = p.y;
      waiting[k] = v.waiting_s;
      loss[k] = v.time_loss_s;
      depart[k] = ms_to_seconds(v.depart_ms);
    }
  }
  return d;
}

// ---- NetworkInfo ------------------------------------------------------------------------------------------

NetworkInfo::NetworkInfo(const Scenario& scenario)
    : name(scenario.name),
      begin_s(ms_to_seconds(scenario.begin_ms)),
      end_s(ms_to_seconds(scenario.end_ms)),
      step_s(ms_to_seconds(scenario.step_ms)),
      net_(scenario.network) {}

py::list NetworkInfo::lane_ids() const {
  py::list out;
  for (LaneId l = 0; l < net_->road_lane_count(); ++l) out.append(net_->lane(l).id);
  return out;
}
py::list NetworkInfo::road_ids() const {
  py::list out;
  for (const Road& r : net_->roads()) out.append(r.id);
  return out;
}
py::list NetworkInfo::junction_ids() const {
  py::list out;
  for (const Node& n : net_->nodes()) out.append(n.id);
  return out;
}
py::list NetworkInfo::signal_ids() const {
  py::list out;
  for (const Signal& s : net_->signals()) out.append(s.id);
  return out;
}

py::dict NetworkInfo::lanes() const {
  const Network& net = *net_;
  std::size_t n = net.road_lane_count();
  py::dict d;
  auto* road = fresh<std::int64_t>(d, "road", n);
  auto* index = fresh<std::int64_t>(d, "index", n);
  auto* length = fresh<double>(d, "length_m", n);
  auto* speed = fresh<double>(d, "speed_mps", n);
  for (LaneId l = 0; l < n; ++l) {
    road[l] = net.lane(l).road;
    index[l] = net.lane(l).index;
    length[l] = net.lane(l).length_m;
    speed[l] = net.lane(l).speed_mps;
  }
  return d;
}

py::dict NetworkInfo::roads() const {
  const Network& net = *net_;
  std::size_t n = net.roads().size();
  py::dict d;
  auto* from = fresh<std::int64_t>(d, "from_junction", n);
  auto* to = fresh<std::int64_t>(d, "to_junction", n);
  auto* first = fresh<std::int64_t>(d, "first_lane", n);
  auto* count = fresh<std::int64_t>(d, "lane_count", n);
  auto* length = fresh<double>(d, "length_m", n);
  auto* speed = fresh<double>(d, "speed_mps", n);
  for (RoadId r = 0; r < n; ++r) {
    const Road& road = net.road(r);
    from[r] = road.from;
    to[r] = road.to;
    first[r] = road.first_lane;
    count[r] = road.lane_count;
    length[r] = road.length_m;
    speed[r] = road.speed_mps;
  }
  return d;
}

py::dict NetworkInfo::junctions() const {
  const Network& net = *net_;
  std::size_t n = net.nodes().size();
  py::dict d;
  auto* x = fresh<double>(d, "x_m", n);
  auto* y = fresh<double>(d, "y_m", n);
  auto* signal = fresh<std::int64_t>(d, "signal", n);
  for (NodeId j = 0; j < n; ++j) {
    x[j] = net.node(j).position.x;
    y[j] = net.node(j).position.y;
    signal[j] = index_or_none(net.node(j).signal);
  }
  return d;
}

py::dict NetworkInfo::links() const {
  const Network& net = *net_;
  std::size_t n = net.links().size();
  py::dict d;
  auto* from_lane = fresh<std::int64_t>(d, "from_lane", n);
  auto* to_lane = fresh<std::int64_t>(d, "to_lane", n);
  auto* from_road = fresh<std::int64_t>(d, "from_road", n);
  auto* to_road = fresh<std::int64_t>(d, "to_road", n);
  auto* junction = fresh<std::int64_t>(d, "junction", n);
  auto* signal = fresh<std::int64_t>(d, "signal", n);
  auto* signal_index = fresh<std::int64_t>(d, "signal_index", n);
  for (LinkId k = 0; k < n; ++k) {
    const Link& link = net.link(k);
    from_lane[k] = link.from_lane;
    to_lane[k] = link.to_lane;
    from_road[k] = link.from_road;
    to_road[k] = link.to_road;
    junction[k] = link.node;
    signal[k] = index_or_none(link.signal);
    signal_index[k] = link.signal == kNone ? -1 : static_cast<std::int64_t>(link.signal_link);
  }
  return d;
}

py::dict NetworkInfo::signals() const {
  const Network& net = *net_;
  std::size_t n = net.signals().size();
  py::dict d;
  auto* stages = fresh<std::int64_t>(d, "stage_count", n);
  auto* junction = fresh<std::int64_t>(d, "junction", n);
  for (SignalId s = 0; s < n; ++s) {
    stages[s] = static_cast<std::int64_t>(net.signals()[s].stages.size());
    junction[s] = net.signals()[s].nodes.empty() ? -1 : net.signals()[s].nodes.front();
  }
  return d;
}

void NetworkInfo::check_signal(std::size_t signal) const {
  if (signal >= net_->signals().size())
    throw py::index_error("signal " + std::to_string(signal) + " does not exist (" +
                          std::to_string(net_->signals().size()) + " signals)");
}

std::size_t NetworkInfo::signal_index(const py::object& signal) const {
  if (py::isinstance<py::str>(signal)) {
    std::string id = signal.cast<std::string>();
    SignalId s = net_->find_signal(id);
    if (s == kNone) throw py::key_error("no signal '" + id + "'");
    return s;
  }
  auto s = signal.cast<std::int64_t>();
  if (s < 0) throw py::index_error("signal index must be >= 0");
  check_signal(static_cast<std::size_t>(s));
  return static_cast<std::size_t>(s);
}

py::list NetworkInfo::stage_states(std::size_t signal) const {
  check_signal(signal);
  py::list out;
  for (const SignalStage& st : net_->signals()[signal].stages) out.append(st.state);
  return out;
}

py::list NetworkInfo::stage_links(std::size_t signal) const {
  check_signal(signal);
  const Signal& sig = net_->signals()[signal];
  py::list out;
  for (const SignalStage& st : sig.stages) {
    std::vector<std::int64_t> links;
    for (std::uint32_t i = 0; i < sig.link_count; ++i)
      if (i < st.state.size() && (st.state[i] == 'G' || st.state[i] == 'g'))
        for (LinkId k : sig.links_of_index[i]) links.push_back(k);
    std::sort(links.begin(), links.end());
    out.append(array_of(links));
  }
  return out;
}

namespace {
std::vector<std::int64_t> signal_lanes(const Network& net, std::size_t signal, bool incoming) {
  const Signal& sig = net.signals()[signal];
  std::vector<std::int64_t> out;
  for (std::uint32_t i = 0; i < sig.link_count; ++i)
    for (LinkId k : sig.links_of_index[i]) {
      std::int64_t l = incoming ? net.link(k).from_lane : net.link(k).to_lane;
      if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
    }
  return out;
}
}  // namespace

py::array_t<std::int64_t> NetworkInfo::incoming_lanes(std::size_t signal) const {
  check_signal(signal);
  return array_of(signal_lanes(*net_, signal, true));
}

py::array_t<std::int64_t> NetworkInfo::outgoing_lanes(std::size_t signal) const {
  check_signal(signal);
  return array_of(signal_lanes(*net_, signal, false));
}

py::array_t<double> NetworkInfo::min_green_s(std::size_t signal) const {
  check_signal(signal);
  std::vector<double> out;
  for (const SignalStage& st : net_->signals()[signal].stages) out.push_back(st.min_green_s);
  return array_of(out);
}

}  // namespace ampel::python
