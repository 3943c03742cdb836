#include "models/control/predictive/layout.hpp"

#include <algorithm>
#include <cmath>

#include "sim/signals.hpp"

namespace ampel::predictive {

namespace {

float link_service(char c, float permissive_factor) {
  if (c == 'G') return 1.0f;
  if (c == 'g') return permissive_factor;
  return 0.0f;
}

// Lanes of one road served in the same stages share a group (their service factors are averaged): one
// queue per approach and stage pattern keeps the projection small.
bool same_stages(const std::vector<float>& a, const std::vector<float>& b) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] > 0) != (b[i] > 0)) return false;
  return true;
}

void build_signal(const Network& net, SignalId sid, const LayoutSettings& set, NetworkLayout& out) {
  const Signal& sig = net.signals()[sid];
  SignalLayout& L = out.signals[sid];
  const int S = static_cast<int>(sig.stages.size());

  std::vector<LinkId> links;
  for (const auto& per_index : sig.links_of_index)
    links.insert(links.end(), per_index.begin(), per_index.end());
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());

  // Each approach lane's service per stage: the mean over its links (a lane whose links differ in a stage
  // is served partly, as its vehicles' mix allows).
  std::vector<LaneId> lanes;
  for (LinkId k : links) lanes.push_back(net.link(k).from_lane);
  std::sort(lanes.begin(), lanes.end());
  lanes.erase(std::unique(lanes.begin(), lanes.end()), lanes.end());
  std::vector<std::vector<float>> lane_svc(lanes.size(), std::vector<float>(S, 0.0f));
  std::vector<int> lane_links(lanes.size(), 0);
  for (LinkId k : links) {
    const Link& link = net.link(k);
    std::size_t i = std::lower_bound(lanes.begin(), lanes.end(), link.from_lane) - lanes.begin();
    for (int st = 0; st < S; ++st)
      lane_svc[i][st] += link_service(sig.stages[st].state[link.signal_link], set.permissive_factor);
    ++lane_links[i];
  }
  std::vector<std::vector<float>> group_svc;
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    for (float& f : lane_svc[i]) f /= static_cast<float>(lane_links[i]);
    RoadId road = net.lane(lanes[i]).road;
    std::size_t g = 0;
    while (g < L.groups.size() && !(L.groups[g].road == road && same_stages(group_svc[g], lane_svc[i]))) ++g;
    if (g == L.groups.size()) {
      L.groups.push_back({});
      L.groups.back().road = road;
      group_svc.push_back(std::vector<float>(S, 0.0f));
    }
    for (int st = 0; st < S; ++st) group_svc[g][st] += lane_svc[i][st];
    L.groups[g].lanes.push_back(lanes[i]);
    out.lane_signal[lanes[i]] = sid;
    out.lane_group[lanes[i]] = static_cast<std::uint16_t>(g);
  }

  for (LinkId k : links) {
    const Link& link = net.link(k);
    std::size_t e = 0;
    while (e < L.exits.size() && L.exits[e].road != link.to_road) ++e;
    if (e == L.exits.size()) {
      const Road& r = net.road(link.to_road);
      const Node& to = net.node(r.to);
      ExitRoad x;
      x.road = link.to_road;
      x.open_end = to.kind == NodeKind::fringe;
      x.downstream = to.signal;
      L.exits.push_back(x);
    }
    out.link_exit[k] = static_cast<std::uint32_t>(e);
    L.own_vias.push_back(link.via_lane);
    L.own_via_exit.push_back(static_cast<std::uint16_t>(e));
  }

  const int G = static_cast<int>(L.groups.size()), E = static_cast<int>(L.exits.size());
  for (int g = 0; g < G; ++g)
    for (float& f : group_svc[g]) f /= static_cast<float>(L.groups[g].lanes.size());
  StageModel& m = L.model;
  m.stages = S;
  m.groups = G;
  m.exits = E;
  m.service.assign(static_cast<std::size_t>(S) * G, 0.0f);
  for (int st = 0; st < S; ++st)
    for (int g = 0; g < G; ++g) m.service[static_cast<std::size_t>(st) * G + g] = group_svc[g][st];
  m.clearance_s.assign(static_cast<std::size_t>(S) * S, 0.0f);
  for (int a = 0; a < S; ++a)
    for (int b = 0; b < S; ++b) {
      if (a == b) continue;
      Clearance c = clearance_between(sig, static_cast<std::uint16_t>(a), static_cast<std::uint16_t>(b));
      m.clearance_s[static_cast<std::size_t>(a) * S + b] =
          static_cast<float>(ms_to_seconds(c.yellow_ms + c.all_red_ms));
    }
  for (const SignalStage& st : sig.stages) {
    m.min_green_s.push_back(static_cast<float>(st.min_green_s));
    m.max_green_s.push_back(static_cast<float>(st.max_green_s));
  }

  L.default_share.assign(static_cast<std::size_t>(G) * E, 0.0f);
  for (LinkId k : links) {
    const Link& link = net.link(k);
    L.default_share[static_cast<std::size_t>(out.lane_group[link.from_lane]) * E + out.link_exit[k]] = 1.0f;
  }
  for (int g = 0; g < G; ++g) {
    float n = 0;
    for (int e = 0; e < E; ++e) n += L.default_share[static_cast<std::size_t>(g) * E + e];
    for (int e = 0; e < E; ++e) L.default_share[static_cast<std::size_t>(g) * E + e] /= std::max(n, 1.0f);
  }

  for (int g = 0; g < G; ++g) {
    ApproachGroup& grp = L.groups[g];
    const Road& road = net.road(grp.road);
    const Node& from = net.node(road.from);
    float speed = 0;
    for (LaneId l : grp.lanes) speed += static_cast<float>(net.lane(l).speed_mps);
    grp.free_speed_mps = std::max(1.0f, speed / static_cast<float>(grp.lanes.size()) * set.speed_factor);
    grp.upstream = from.signal;
    grp.from_fringe = from.kind == NodeKind::fringe;
    // Junction lanes upstream that lead into the group's lanes, and the mean path from the upstream stop
    // line.
    float via_sum = 0;
    int via_n = 0;
    for (LinkId k : from.links) {
      const Link& link = net.link(k);
      if (link.to_road != grp.road) continue;
      const Lane& via = net.lane(link.via_lane);
      via_sum += static_cast<float>(via.length_m), ++via_n;
      if (std::find(grp.lanes.begin(), grp.lanes.end(), link.to_lane) == grp.lanes.end()) continue;
      L.feeders.push_back({link.via_lane, static_cast<std::uint16_t>(g),
                           static_cast<float>(net.lane(link.to_lane).length_m)});
    }
    float path_m = static_cast<float>(road.length_m) + (via_n ? via_sum / static_cast<float>(via_n) : 0.0f);
    grp.travel_s = path_m / grp.free_speed_mps;
    if (std::find(L.approach_roads.begin(), L.approach_roads.end(), grp.road) == L.approach_roads.end())
      L.approach_roads.push_back(grp.road);
  }
}

}  // namespace

NetworkLayout build_layout(const Network& net, const LayoutSettings& settings) {
  NetworkLayout out;
  out.signals.resize(net.signals().size());
  out.lane_signal.assign(net.road_lane_count(), kNone);
  out.lane_group.assign(net.road_lane_count(), 0);
  out.link_exit.assign(net.links().size(), kNone);
  for (SignalId s = 0; s < net.signals().size(); ++s) build_signal(net, s, settings, out);
  return out;
}

}  // namespace ampel::predictive
