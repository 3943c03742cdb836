#include "analysis/junction_delay.hpp"

#include <fmt/format.h>
#include <unordered_map>

namespace ampel::batch {

NodeId JunctionDelay::node_of(const Network& net, LaneId lane) const {
  if (lane == kNone) return kNone;
  const Lane& l = net.lane(lane);
  return l.is_internal() ? net.link(l.via_of).node : net.road(l.road).to;
}

void JunctionDelay::add(NodeId node, double loss_s) {
  if (counting_ && node != kNone) delay_veh_s_[node] += loss_s;
}

void JunctionDelay::on_step(const Simulation& sim) {
  const Network& net = sim.network();
  const SimState& s = sim.state();
  if (!initialised_) {
    initialised_ = true;
    warmup_end_ms_ = sim.scenario().begin_ms + sim.scenario().warmup_ms;
    delay_veh_s_.assign(net.nodes().size(), 0.0);
    crossed_.assign(net.nodes().size(), 0);
  }
  // The step just taken began at now - dt; it counts when it began after the warm-up (as the collector's).
  counting_ = s.now_ms - sim.scenario().step_ms >= warmup_end_ms_;
  if (tracked_.size() < s.vehicles.size()) tracked_.resize(s.vehicles.size());

  // Vehicles that arrived during this step: their last time loss is in the trip record.
  std::unordered_map<std::uint64_t, double> arrived_loss;
  for (const TripRecord& t : s.events.arrivals)
    arrived_loss[(std::uint64_t{t.source} << 32) | t.seq] = t.time_loss_s;

  for (VehicleId id = 0; id < s.vehicles.size(); ++id) {
    const VehicleRecord& v = s.vehicles[id];
    Tracked& tr = tracked_[id];
    bool same = tr.active && v.active && v.source == tr.source && v.seq == tr.seq;
    if (tr.active && !same) {
      // The tracked vehicle left: charge its last step to the junction it was heading for.
      auto it = arrived_loss.find((std::uint64_t{tr.source} << 32) | tr.seq);
      if (it != arrived_loss.end()) add(tr.node, it->second - tr.loss_s);
      tr.active = false;
    }
    if (!v.active) continue;
    if (same) {
      add(tr.node, v.time_loss_s - tr.loss_s);
    } else {
      // Inserted this step: any loss so far was on its first road.
      tr.active = true;
      tr.source = v.source;
      tr.seq = v.seq;
      add(node_of(net, v.lane), v.time_loss_s);
    }
    tr.loss_s = v.time_loss_s;
    tr.node = node_of(net, v.lane);
  }
  if (counting_)
    for (const Crossing& c : s.events.crossings) ++crossed_[net.link(c.link).node];
}

std::vector<JunctionDelay::Row> JunctionDelay::rows(const Network& net) const {
  std::vector<Row> out;
  for (NodeId n = 0; n < net.nodes().size(); ++n) {
    const Node& node = net.node(n);
    if (node.kind == NodeKind::fringe) continue;
    Row r;
    r.junction = node.id;
    r.kind = node.kind == NodeKind::signalised ? "signalised" : "priority";
    if (n < delay_veh_s_.size()) {
      r.vehicles = crossed_[n];
      r.delay_veh_s = delay_veh_s_[n];
    }
    out.push_back(std::move(r));
  }
  return out;
}

double JunctionDelay::total_delay_veh_s() const {
  double sum = 0.0;
  for (double d : delay_veh_s_) sum += d;
  return sum;
}

std::string JunctionDelay::csv(const Network& net) const {
  std::string out = "junction,kind,vehicles,delay_veh_s,delay_mean_s\n";
  for (const Row& r : rows(net))
    out += fmt::format("{},{},{},{:.3f},{:.3f}\n", r.junction, r.kind, r.vehicles, r.delay_veh_s,
                       r.delay_mean_s());
  return out;
}

}  // namespace ampel::batch
