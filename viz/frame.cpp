#include "viz/frame.hpp"

#include <algorithm>

#include "viz/colors.hpp"

namespace ampel::viz {

FrameBuilder::FrameBuilder(const ViewLayout& layout) : layout_(&layout) {
  double top = 0;
  for (const Lane& l : layout.network().lanes()) top = std::max(top, l.speed_mps);
  if (top > 0) full_speed_mps_ = top;
}

void FrameBuilder::build(const Simulation& sim, const KpiTracker& kpis, Frame& out) {
  const Network& net = sim.network();
  const SimState& s = sim.state();
  const Scenario& sc = sim.scenario();
  out.now_ms = s.now_ms;
  out.begin_ms = sc.begin_ms;
  out.end_ms = sc.end_ms;
  out.finished = sim.finished();
  out.controller = sim.controller().name();
  out.seed = sim.seed();
  out.kpis = kpis.kpis(sim);
  out.full_speed_mps = full_speed_mps_;

  out.vehicles.clear();
  if (seen_.size() < s.vehicles.size()) seen_.resize(s.vehicles.size());
  for (LaneId l = 0; l < s.lanes.size(); ++l) {
    const LaneQueue& q = s.lanes[l];
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      const LaneVehicle& lv = q[i];
      const VehicleRecord& v = s.vehicles[lv.vehicle];
      // Draw the body centred half a length behind the front bumper, along the lane.
      Pose front = layout_->pose_on_lane(l, lv.pos_m);
      Point centre = front.at - front.dir * (lv.length_m * 0.5) - layout_->origin();
      VehicleGlyph g;
      g.x = static_cast<float>(centre.x);
      g.y = static_cast<float>(centre.y);
      g.dir_x = static_cast<float>(front.dir.x);
      g.dir_y = static_cast<float>(front.dir.y);
      g.length_m = lv.length_m;
      g.width_m = kVehicleWidthM;
      g.speed_mps = static_cast<float>(lv.speed_mps);
      g.color = speed_color(lv.speed_mps, full_speed_mps_);
      g.source = v.source;
      g.seq = v.seq;
      Seen& seen = seen_[lv.vehicle];
      bool same = seen.source == v.source && seen.seq == v.seq;
      g.prev_x = same ? seen.x : g.x;
      g.prev_y = same ? seen.y : g.y;
      seen = {v.source, v.seq, g.x, g.y};
      out.vehicles.push_back(g);
    }
  }

  out.queues.clear();
  for (LaneId l = 0; l < net.road_lane_count(); ++l)
    if (s.lane_queue_veh[l] > 0) out.queues.push_back({l, s.lane_queue_m[l], s.lane_queue_veh[l]});
  out.gridlock = s.gridlock;

  const auto& heads = layout_->signal_heads();
  out.head_states.resize(heads.size());
  for (std::size_t h = 0; h < heads.size(); ++h) out.head_states[h] = s.link_signal[heads[h].slot];

  out.closed_lanes.clear();
  for (LaneId l = 0; l < net.road_lane_count(); ++l)
    if (s.lane_closed[l]) out.closed_lanes.push_back(l);
}

}  // namespace ampel::viz
