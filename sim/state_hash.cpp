#include "sim/hash.hpp"
#include "sim/state.hpp"

namespace ampel {

std::uint64_t state_hash(const SimState& s) {
  Fnv1a h;  // over the bytes of each value: order-sensitive and independent of padding
  h.add(s.now_ms);
  h.add(s.loaded);
  h.add(s.inserted);
  h.add(s.arrived);
  for (const LaneQueue& q : s.lanes) {
    h.add(q.size());
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      h.add(q[i].vehicle);
      h.add(q[i].pos_m);
      h.add(q[i].speed_mps);
    }
  }
  for (const VehicleRecord& v : s.vehicles) {
    h.add(v.active);
    if (!v.active) continue;
    h.add(v.route);
    h.add(v.route_pos);
    h.add(v.lane);
    h.add(v.next_link);
    h.add(v.rng.state());
    h.add(v.time_loss_s);
    h.add(v.waiting_s);
    h.add(v.stops);
    h.add(v.stop_next);
    h.add(v.dwell_until_ms);
    h.add(v.arrival_m);
  }
  for (const SignalState& g : s.signals) {
    h.add(g.stage);
    h.add(g.target);
    h.add(g.interval);
    h.add(g.interval_start_ms);
  }
  for (char c : s.link_signal) h.add(c);
  for (const FlowState& f : s.flows) {
    h.add(f.next_ms);
    h.add(f.rng.state());
  }
  for (const auto& p : s.pending) h.add(p.size());
  for (auto c : s.lane_closed) h.add(c);
  return h.value();
}

}  // namespace ampel
