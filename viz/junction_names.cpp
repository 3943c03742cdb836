#include "viz/junction_names.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace ampel::viz {

std::string compass_from(Point dir) {
  // The road comes from the side opposite its heading.
  double a = std::atan2(-dir.y, -dir.x) * 180.0 / 3.14159265358979;  // 0 = east, 90 = north
  static const char* kNames[] = {"E", "NE", "N", "NW", "W", "SW", "S", "SE"};
  int k = static_cast<int>(std::lround(a / 45.0));
  k = ((k % 8) + 8) % 8;
  return kNames[k];
}

std::string approach_side(const Network& net, RoadId road) {
  const Polyline& shape = net.road(road).shape;
  if (shape.points().size() < 2) {
    Point d = net.node(net.road(road).to).position - net.node(net.road(road).from).position;
    return compass_from(d);
  }
  return compass_from(shape.direction_at(shape.length_m()));
}

std::string approach_name(const Network& net, RoadId road) {
  const Road& r = net.road(road);
  std::string side = approach_side(net, road);
  if (!r.name.empty()) return side + " " + r.name;
  // An unnamed road (a slip road, a short link between two junctions) is named by where it comes from.
  return side + " from " + junction_title(net, r.from);
}

std::string lane_name(const Network& net, LaneId lane) {
  const Lane& l = net.lane(lane);
  if (l.road == kNone) return l.id;
  const Road& r = net.road(l.road);
  std::string street = r.name.empty() ? r.id : r.name;
  return fmt::format("{} (lane {} of {} from the right)", street, l.index + 1, r.lane_count);
}

std::string junction_title(const Network& net, NodeId node) {
  const Node& n = net.node(node);
  std::vector<std::string> names;
  auto add = [&](RoadId r) {
    const std::string& name = net.road(r).name;
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (RoadId r : n.in_roads) add(r);
  for (RoadId r : n.out_roads) add(r);
  // No street names: the traffic light's id when it has its own (SUMO joins junctions into clusters with
  // long generated ids; planners know the light by the id sumo-gui shows), else the junction's.
  if (names.empty())
    return n.signal != kNone && !net.signals()[n.signal].id.empty() ? net.signals()[n.signal].id : n.id;
  if (names.size() > 3) names.resize(3);
  std::string out;
  for (const auto& s : names) out += (out.empty() ? "" : " / ") + s;
  return out;
}

std::string stage_label(const Network& net, SignalId signal, std::size_t stage) {
  const Signal& sig = net.signals()[signal];
  if (stage >= sig.stages.size()) return "";
  const std::string& state = sig.stages[stage].state;
  // Per approach road: which turns get green, and whether every one of them must yield.
  struct Seen {
    bool turn[4] = {false, false, false, false};
    bool protected_any = false;
  };
  std::map<RoadId, Seen> seen;
  for (std::uint32_t i = 0; i < sig.link_count && i < state.size(); ++i) {
    if (state[i] != 'G' && state[i] != 'g') continue;
    for (LinkId k : sig.links_of_index[i]) {
      const Link& link = net.link(k);
      Seen& s = seen[link.from_road];
      s.turn[static_cast<int>(link.turn)] = true;
      s.protected_any |= state[i] == 'G';
    }
  }
  // Sides in compass order, so every stage of a junction reads alike.
  static const std::vector<std::string> kOrder = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
  std::vector<std::pair<std::size_t, std::string>> parts;
  for (const auto& [road, s] : seen) {
    std::string side = approach_side(net, road);
    std::string arrows;
    if (s.turn[static_cast<int>(Turn::left)]) arrows += "\u2190";
    if (s.turn[static_cast<int>(Turn::straight)]) arrows += "\u2191";
    if (s.turn[static_cast<int>(Turn::right)]) arrows += "\u2192";
    if (s.turn[static_cast<int>(Turn::uturn)]) arrows += "\u21b6";
    std::string part = side + " " + arrows + (s.protected_any ? "" : " (yield)");
    auto pos = std::find(kOrder.begin(), kOrder.end(), side);
    parts.push_back({static_cast<std::size_t>(pos - kOrder.begin()), part});
  }
  std::stable_sort(parts.begin(), parts.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [order, p] : parts) out += (out.empty() ? "" : "  ") + p;
  return out.empty() ? "all red" : out;
}

}  // namespace ampel::viz
