#include "viz/history.hpp"

#include <algorithm>

namespace ampel::viz {

JunctionHistory::JunctionHistory(const Network& net) : net_(&net), track_of_node_(net.nodes().size(), -1) {
  for (NodeId n = 0; n < net.nodes().size(); ++n) {
    const Node& node = net.node(n);
    if (node.signal == kNone) continue;
    track_of_node_[n] = static_cast<std::int32_t>(tracks_.size());
    Track t;
    t.approaches = node.in_roads;
    t.phases.resize(kWindowS);
    t.queue.assign(static_cast<std::size_t>(kWindowS) * t.approaches.size(), 0.0f);
    t.crossed.assign(t.queue.size(), 0.0f);
    t.crossed_this_second.assign(t.approaches.size(), 0.0f);
    tracks_.push_back(std::move(t));
  }
}

void JunctionHistory::on_step(const Simulation& sim) {
  const SimState& s = sim.state();
  const Network& net = *net_;
  for (const Crossing& c : s.events.crossings) {
    const Link& link = net.link(c.link);
    std::int32_t t = track_of_node_[link.node];
    if (t < 0) continue;
    Track& tr = tracks_[static_cast<std::size_t>(t)];
    auto it = std::find(tr.approaches.begin(), tr.approaches.end(), link.from_road);
    if (it != tr.approaches.end())
      tr.crossed_this_second[static_cast<std::size_t>(it - tr.approaches.begin())] += 1;
  }
  // One sample per whole simulated second (steps may be shorter or longer than a second).
  std::int64_t now_s = s.now_ms / kMsPerSecond;
  if (next_sample_s_ < 0) next_sample_s_ = now_s;
  if (now_s < next_sample_s_) return;
  next_sample_s_ = now_s + 1;
  std::size_t slot = static_cast<std::size_t>(samples_ % kWindowS);
  ++samples_;
  last_sample_ms_ = s.now_ms;
  for (NodeId n = 0; n < net.nodes().size(); ++n) {
    std::int32_t ti = track_of_node_[n];
    if (ti < 0) continue;
    Track& tr = tracks_[static_cast<std::size_t>(ti)];
    const SignalState& sig = s.signals[net.node(n).signal];
    tr.phases[slot] = {sig.stage, sig.target, sig.interval};
    for (std::size_t a = 0; a < tr.approaches.size(); ++a) {
      const Road& road = net.road(tr.approaches[a]);
      std::uint32_t halting = 0;
      for (std::uint32_t i = 0; i < road.lane_count; ++i) halting += s.lane_halting[road.first_lane + i];
      tr.queue[a * kWindowS + slot] = static_cast<float>(halting);
      tr.crossed[a * kWindowS + slot] = tr.crossed_this_second[a];
      tr.crossed_this_second[a] = 0.0f;
    }
  }
}

JunctionSeries JunctionHistory::series(NodeId node) const {
  JunctionSeries out;
  out.node = node;
  if (node >= track_of_node_.size() || track_of_node_[node] < 0) return out;
  const Track& tr = tracks_[static_cast<std::size_t>(track_of_node_[node])];
  out.end_ms = last_sample_ms_;
  out.approaches = tr.approaches;
  std::int64_t count = std::min<std::int64_t>(samples_, kWindowS);
  std::int64_t first = samples_ - count;
  out.queue_veh.assign(tr.approaches.size(), {});
  out.crossed.assign(tr.approaches.size(), {});
  for (std::int64_t k = first; k < samples_; ++k) {
    std::size_t slot = static_cast<std::size_t>(k % kWindowS);
    out.phases.push_back(tr.phases[slot]);
    for (std::size_t a = 0; a < tr.approaches.size(); ++a) {
      out.queue_veh[a].push_back(tr.queue[a * kWindowS + slot]);
      out.crossed[a].push_back(tr.crossed[a * kWindowS + slot]);
    }
  }
  return out;
}

}  // namespace ampel::viz
