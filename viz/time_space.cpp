#include "viz/time_space.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "sim/error.hpp"

namespace ampel::viz {

namespace {

// The link from road a to road b, preferring a straight one from the right-most lane that has one.
LinkId link_between(const Network& net, RoadId a, RoadId b) {
  const Road& r = net.road(a);
  for (std::uint32_t i = 0; i < r.lane_count; ++i) {
    const Lane& lane = net.lane(r.first_lane + i);
    for (LinkId k = lane.links_begin; k < lane.links_end; ++k)
      if (net.link(k).to_road == b) return k;
  }
  return kNone;
}

RoutePath finish(const Network& net, std::vector<RoadId> roads) {
  RoutePath p;
  p.roads = std::move(roads);
  double at = 0;
  for (std::size_t i = 0; i < p.roads.size(); ++i) {
    p.start_m.push_back(at);
    at += net.road(p.roads[i]).length_m;
    if (i + 1 < p.roads.size()) {
      LinkId k = link_between(net, p.roads[i], p.roads[i + 1]);
      if (net.link(k).state_slot != kNone) p.stops.push_back({at, net.link(k).state_slot, net.link(k).node});
      at += net.lane(net.link(k).via_lane).length_m;
    }
  }
  p.length_m = at;
  auto name = [&](RoadId r) { return net.road(r).name.empty() ? net.road(r).id : net.road(r).name; };
  std::vector<std::string> streets;
  for (RoadId r : p.roads)
    if (streets.empty() || streets.back() != name(r)) streets.push_back(name(r));
  if (streets.size() <= 3) {
    for (const auto& s : streets) p.title += (p.title.empty() ? "" : " \u2192 ") + s;
  } else {
    p.title = streets.front() + " \u2192 \u2026 \u2192 " + streets.back();
  }
  return p;
}

// The road that continues `road` straight on at its downstream (forward) or upstream end.
RoadId straight_neighbour(const Network& net, RoadId road, bool forward) {
  if (forward) {
    const Road& r = net.road(road);
    for (std::uint32_t i = 0; i < r.lane_count; ++i) {
      const Lane& lane = net.lane(r.first_lane + i);
      for (LinkId k = lane.links_begin; k < lane.links_end; ++k)
        if (net.link(k).turn == Turn::straight) return net.link(k).to_road;
    }
    return kNone;
  }
  for (RoadId in : net.node(net.road(road).from).in_roads) {
    LinkId k = link_between(net, in, road);
    if (k != kNone && net.link(k).turn == Turn::straight) return in;
  }
  return kNone;
}

}  // namespace

RoutePath route_from_ids(const Network& net, const std::vector<std::string>& ids) {
  std::vector<RoadId> roads;
  for (const std::string& id : ids) {
    RoadId r = net.find_road(id);
    if (r == kNone) throw InputError("", "--route", fmt::format("no road '{}' in the network", id));
    if (!roads.empty() && link_between(net, roads.back(), r) == kNone)
      throw InputError("", "--route",
                       fmt::format("road '{}' does not follow road '{}' (no movement between them)", id,
                                   net.road(roads.back()).id));
    roads.push_back(r);
  }
  if (roads.empty()) throw InputError("", "--route", "needs at least one road id");
  return finish(net, std::move(roads));
}

RoutePath arterial_through(const Network& net, RoadId road) {
  std::vector<RoadId> roads{road};
  std::vector<bool> used(net.roads().size(), false);
  used[road] = true;
  for (RoadId r = straight_neighbour(net, road, true); r != kNone && !used[r];
       r = straight_neighbour(net, r, true)) {
    used[r] = true;
    roads.push_back(r);
  }
  for (RoadId r = straight_neighbour(net, road, false); r != kNone && !used[r];
       r = straight_neighbour(net, r, false)) {
    used[r] = true;
    roads.insert(roads.begin(), r);
  }
  return finish(net, std::move(roads));
}

TimeSpaceRecorder::TimeSpaceRecorder(const Network& net, std::shared_ptr<const RoutePath> route,
                                     double window_s)
    : route_(std::move(route)), window_s_(window_s), states_(route_->stops.size()) {
  const RoutePath& p = *route_;
  for (std::size_t i = 0; i < p.roads.size(); ++i) {
    const Road& r = net.road(p.roads[i]);
    for (std::uint32_t k = 0; k < r.lane_count; ++k) {
      lanes_.push_back(r.first_lane + k);
      lane_offset_m_[r.first_lane + k] = p.start_m[i];
      past_first_road_[r.first_lane + k] = i > 0;
    }
    if (i + 1 >= p.roads.size()) continue;
    // Every junction lane from this road onto the next starts where the road ends.
    for (std::uint32_t k = 0; k < r.lane_count; ++k) {
      const Lane& lane = net.lane(r.first_lane + k);
      for (LinkId l = lane.links_begin; l < lane.links_end; ++l)
        if (net.link(l).to_road == p.roads[i + 1] && !lane_offset_m_.count(net.link(l).via_lane)) {
          lanes_.push_back(net.link(l).via_lane);
          lane_offset_m_[net.link(l).via_lane] = p.start_m[i] + r.length_m;
          past_first_road_[net.link(l).via_lane] = false;
        }
    }
  }
  data_ = std::make_shared<TimeSpaceData>(TimeSpaceData{route_, 0, 0, {}, states_, {}});
}

void TimeSpaceRecorder::on_step(const Simulation& sim) {
  const SimState& s = sim.state();
  std::int64_t now_s = s.now_ms / kMsPerSecond;
  const bool first_sample = next_sample_s_ < 0;
  if (first_sample) next_sample_s_ = now_s;
  if (now_s < next_sample_s_) return;
  next_sample_s_ = now_s + 1;
  const float t = static_cast<float>(ms_to_seconds(s.now_ms));
  for (LaneId l : lanes_) {
    const LaneQueue& q = s.lanes[l];
    double offset = lane_offset_m_[l];
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      const VehicleRecord& v = s.vehicles[q[i].vehicle];
      std::uint64_t key = (std::uint64_t{v.source} << 32) | v.seq;
      auto [it, first_seen] = traces_.try_emplace(key);
      // First seen on a road past the first one, and not at the start of the recording: it came from
      // elsewhere (a vehicle driving through is seen on an earlier road or junction lane first).
      if (first_seen) it->second.joined = !first_sample && past_first_road_[l];
      it->second.points.push_back(
          {t, static_cast<float>(offset + q[i].pos_m), static_cast<float>(q[i].speed_mps)});
    }
  }
  for (std::size_t k = 0; k < route_->stops.size(); ++k)
    states_[k].push_back(s.link_signal[route_->stops[k].slot]);
  state_t_s_.push_back(t);
  // Forget what fell out of the window.
  const float t0 = t - static_cast<float>(window_s_);
  std::size_t drop = 0;
  while (drop < state_t_s_.size() && state_t_s_[drop] < t0) ++drop;
  if (drop > 0) {
    state_t_s_.erase(state_t_s_.begin(), state_t_s_.begin() + static_cast<std::ptrdiff_t>(drop));
    for (auto& st : states_) st.erase(st.begin(), st.begin() + static_cast<std::ptrdiff_t>(drop));
  }
  auto data = std::make_shared<TimeSpaceData>();
  data->route = route_;
  data->t1_s = t;
  data->t0_s = std::max<double>(t0, state_t_s_.empty() ? t : state_t_s_.front());
  std::vector<std::pair<std::uint64_t, const Trace*>> kept;
  for (auto it = traces_.begin(); it != traces_.end();) {
    auto& pts = it->second.points;
    auto keep = std::find_if(pts.begin(), pts.end(), [&](const TrajectoryPoint& p) { return p.t_s >= t0; });
    pts.erase(pts.begin(), keep);
    if (pts.empty()) {
      it = traces_.erase(it);
      continue;
    }
    kept.push_back({it->first, &it->second});
    ++it;
  }
  // A fixed order (by first point), so the drawing does not depend on the hash map's.
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    const TrajectoryPoint &pa = a.second->points.front(), &pb = b.second->points.front();
    if (pa.t_s != pb.t_s) return pa.t_s < pb.t_s;
    if (pa.s_m != pb.s_m) return pa.s_m < pb.s_m;
    return a.first < b.first;  // two lanes side by side
  });
  for (const auto& [key, tr] : kept) {
    data->traces.push_back(tr->points);
    data->joined.push_back(tr->joined);
  }
  data->signal_states = states_;
  data_ = std::move(data);
}

}  // namespace ampel::viz
