// Builds and validates the runtime Network from a NetworkSpec.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include "sim/error.hpp"
#include "sim/intergreen.hpp"
#include "sim/limits.hpp"
#include "sim/network.hpp"
#include "sim/signal_program.hpp"

namespace ampel {

namespace {

constexpr double kLateralAccelMps2 =
    5.5;  // turn speed limit, as SUMO's netconvert --junctions.limit-turn-speed
constexpr double kMinViaLengthM = 0.5;

bool shape_ok(const std::vector<Point>& pts) {
  if (pts.size() > limits::kMaxShapePoints) return false;
  for (Point p : pts)
    if (!(std::fabs(p.x) <= limits::kMaxCoordinateM) || !(std::fabs(p.y) <= limits::kMaxCoordinateM))
      return false;
  return true;
}

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
  return (std::uint64_t{a} << 32) | b;
}

Turn turn_from_angle(double angle) {
  constexpr double deg = std::numbers::pi / 180.0;
  if (std::fabs(angle) > 160 * deg) return Turn::uturn;
  if (angle > 35 * deg) return Turn::left;
  if (angle < -35 * deg) return Turn::right;
  return Turn::straight;
}

const char* turn_name(Turn t) {
  switch (t) {
    case Turn::right:
      return "right";
    case Turn::straight:
      return "straight";
    case Turn::left:
      return "left";
    case Turn::uturn:
      return "uturn";
  }
  return "?";
}

}  // namespace

class NetworkBuilder {
 public:
  NetworkBuilder(const NetworkSpec& spec, Diagnostics& diag) : spec_(spec), diag_(diag) {}

  Network build() {
    add_nodes();
    add_roads();
    if (!diag_.ok()) return std::move(net_);
    add_lanes();
    std::vector<ConnectionSpec> generated;
    const std::vector<ConnectionSpec>* connections = &spec_.connections;
    if (spec_.connections.empty()) {
      generated = generate_connections();
      connections = &generated;
    }
    add_links(*connections);
    if (!diag_.ok()) return std::move(net_);
    assign_connection_signals(*connections);
    add_movements();
    add_foes(*connections);
    add_signals();
    if (diag_.ok()) set_wait_positions(*connections);
    finish();
    return std::move(net_);
  }

 private:
  const NetworkSpec& spec_;
  Diagnostics& diag_;
  Network net_;
  std::vector<int> link_of_connection_;  // connection index -> link id (or -1)

  void add_nodes() {
    for (std::size_t i = 0; i < spec_.nodes.size(); ++i) {
      const NodeSpec& ns = spec_.nodes[i];
      if (ns.id.empty()) diag_.error(ns.where, "node has an empty id");
      if (!(std::fabs(ns.position.x) <= limits::kMaxCoordinateM) ||
          !(std::fabs(ns.position.y) <= limits::kMaxCoordinateM))
        diag_.error(ns.where, fmt::format("node '{}' is at ({}, {}); coordinates must be within ±{} m", ns.id,
                                          ns.position.x, ns.position.y, limits::kMaxCoordinateM));
      auto [it, fresh] = net_.node_index_.emplace(ns.id, static_cast<NodeId>(net_.nodes_.size()));
      if (!fresh) {
        diag_.error(ns.where, fmt::format("duplicate node id '{}'", ns.id));
        continue;
      }
      Node n;
      n.id = ns.id;
      n.position = ns.position;
      n.kind = ns.kind;
      n.shape = ns.shape;
      auto v = boost::add_vertex(NodeProps{static_cast<NodeId>(net_.nodes_.size())}, net_.graph_);
      (void)v;
      net_.nodes_.push_back(std::move(n));
    }
    if (spec_.nodes.empty()) diag_.error(spec_.where, "the network has no nodes");
  }

  // How far a road's drawn end stays away from its junction's centre, so lanes do not overlap the box.
  double junction_radius(NodeId n) const {
    const Node& node = net_.nodes_[n];
    if (node.kind == NodeKind::fringe) return 0.0;
    double widest = 0.0;
    for (const RoadSpec& rs : spec_.roads) {
      if (rs.from_node == node.id || rs.to_node == node.id) {
        double w = rs.lanes.empty() ? rs.lane_count * 3.2 : 0.0;
        for (const LaneSpec& l : rs.lanes) w += l.width_m;
        widest = std::max(widest, w);
      }
    }
    return widest + 1.5;
  }

  void add_roads() {
    for (std::size_t i = 0; i < spec_.roads.size(); ++i) {
      const RoadSpec& rs = spec_.roads[i];
      bool ok = true;
      if (rs.id.empty()) diag_.error(rs.where, "road has an empty id"), ok = false;
      NodeId from = net_.find_node(rs.from_node), to = net_.find_node(rs.to_node);
      if (from == kNone)
        diag_.error(rs.where, fmt::format("road '{}' starts at unknown node '{}'", rs.id, rs.from_node)),
            ok = false;
      if (to == kNone)
        diag_.error(rs.where, fmt::format("road '{}' ends at unknown node '{}'", rs.id, rs.to_node)),
            ok = false;
      if (from != kNone && from == to && rs.shape.size() < 3)
        diag_.error(rs.where, fmt::format("road '{}' starts and ends at the same node", rs.id)), ok = false;
      if (!(rs.speed_mps > 0) || !(rs.speed_mps <= limits::kMaxSpeedMps))
        diag_.error(rs.where, fmt::format("road '{}' has speed {} m/s; it must be above 0 and at most {} m/s",
                                          rs.id, rs.speed_mps, limits::kMaxSpeedMps)),
            ok = false;
      if (rs.length_m != -1.0 && (!(rs.length_m > 0) || !(rs.length_m <= limits::kMaxLengthM)))
        diag_.error(rs.where, fmt::format("road '{}' has length {} m; it must be above 0 and at most {} m",
                                          rs.id, rs.length_m, limits::kMaxLengthM)),
            ok = false;
      if (!shape_ok(rs.shape))
        diag_.error(rs.where,
                    fmt::format("road '{}' has a shape with more than {} points or coordinates beyond ±{} m",
                                rs.id, limits::kMaxShapePoints, limits::kMaxCoordinateM)),
            ok = false;
      int lanes = rs.lanes.empty() ? rs.lane_count : static_cast<int>(rs.lanes.size());
      if (lanes < 1 || lanes > 16)
        diag_.error(rs.where, fmt::format("road '{}' has {} lanes; it needs 1 to 16", rs.id, lanes)),
            ok = false;
      for (const LaneSpec& l : rs.lanes) {
        if (l.length_m != -1.0 && (!(l.length_m > 0) || !(l.length_m <= limits::kMaxLengthM)))
          diag_.error(l.where,
                      fmt::format("lane of road '{}' has length {} m; it must be above 0 and at most {} m",
                                  rs.id, l.length_m, limits::kMaxLengthM)),
              ok = false;
        if (l.speed_mps != -1.0 && (!(l.speed_mps > 0) || !(l.speed_mps <= limits::kMaxSpeedMps)))
          diag_.error(l.where,
                      fmt::format("lane of road '{}' has speed {} m/s; it must be above 0 and at most {} m/s",
                                  rs.id, l.speed_mps, limits::kMaxSpeedMps)),
              ok = false;
        if (!(l.width_m > 0) || !(l.width_m <= limits::kMaxLaneWidthM))
          diag_.error(l.where,
                      fmt::format("lane of road '{}' has width {} m; it must be above 0 and at most {} m",
                                  rs.id, l.width_m, limits::kMaxLaneWidthM)),
              ok = false;
        if (!shape_ok(l.shape))
          diag_.error(l.where,
                      fmt::format("lane of road '{}' has a shape with more than {} points or coordinates "
                                  "beyond ±{} m",
                                  rs.id, limits::kMaxShapePoints, limits::kMaxCoordinateM)),
              ok = false;
        if (!check_lane_classes(l, rs.id, diag_)) ok = false;
      }
      auto [it, fresh] = net_.road_index_.emplace(rs.id, static_cast<RoadId>(net_.roads_.size()));
      if (!fresh) diag_.error(rs.where, fmt::format("duplicate road id '{}'", rs.id)), ok = false;
      if (!ok) {
        if (fresh) net_.road_index_.erase(it);
        continue;
      }
      Road r;
      r.id = rs.id;
      r.name = rs.name;
      r.from = from;
      r.to = to;
      r.lane_count = static_cast<std::uint32_t>(lanes);
      r.speed_mps = rs.speed_mps;
      if (rs.shape.size() >= 2) {
        r.shape = Polyline(rs.shape);
      } else {
        Point a = net_.nodes_[from].position, b = net_.nodes_[to].position;
        double len = distance(a, b);
        Point d = len > 1e-9 ? (b - a) * (1.0 / len) : Point{1, 0};
        double ta = junction_radius(from), tb = junction_radius(to);
        if (ta + tb > 0.8 * len) ta = tb = 0.4 * len * 0.5;  // short roads: keep some drawable length
        r.shape = Polyline({a + d * ta, b - d * tb});
      }
      r.length_m = rs.length_m > 0 ? rs.length_m : r.shape.length_m();
      if (!(r.length_m > 0)) {
        diag_.error(rs.where,
                    fmt::format("road '{}' has zero length (its nodes are at the same place)", rs.id));
        net_.road_index_.erase(rs.id);
        continue;
      }
      auto [e, added] =
          boost::add_edge(from, to, RoadProps{static_cast<RoadId>(net_.roads_.size())}, net_.graph_);
      (void)e;
      (void)added;
      net_.nodes_[from].out_roads.push_back(static_cast<RoadId>(net_.roads_.size()));
      net_.nodes_[to].in_roads.push_back(static_cast<RoadId>(net_.roads_.size()));
      road_spec_of_.push_back(i);
      net_.roads_.push_back(std::move(r));
    }
    if (spec_.roads.empty()) diag_.error(spec_.where, "the network has no roads");
  }
  std::vector<std::size_t> road_spec_of_;

  void add_lanes() {
    for (RoadId r = 0; r < net_.roads_.size(); ++r) {
      Road& road = net_.roads_[r];
      const RoadSpec& rs = spec_.roads[road_spec_of_[r]];
      road.first_lane = static_cast<LaneId>(net_.lanes_.size());
      double total_width = 0.0;
      for (std::uint32_t i = 0; i < road.lane_count; ++i)
        total_width += rs.lanes.empty() ? 3.2 : rs.lanes[i].width_m;
      // Lane 0 is rightmost: its centre is furthest to the right of the road's centre line.
      double right_edge = total_width;
      bool two_way = has_opposite(r);
      double base = two_way ? 0.0 : -total_width / 2;  // one-way roads are centred on their line
      for (std::uint32_t i = 0; i < road.lane_count; ++i) {
        const LaneSpec* ls = rs.lanes.empty() ? nullptr : &rs.lanes[i];
        double w = ls ? ls->width_m : 3.2;
        Lane lane;
        lane.id = fmt::format("{}_{}", road.id, i);
        lane.road = r;
        lane.index = i;
        lane.speed_mps = (ls && ls->speed_mps > 0) ? ls->speed_mps : road.speed_mps;
        if (ls && ls->shape.size() >= 2)
          lane.shape = Polyline(ls->shape);
        else
          lane.shape = road.shape.offset(base + right_edge - w / 2);
        right_edge -= w;
        lane.length_m = (ls && ls->length_m > 0) ? ls->length_m : road.length_m;
        lane.detector_m = std::max(0.0, lane.length_m - std::max(10.0, 2.0 * lane.speed_mps));
        if (ls) lane.allowed = vclass_mask(ls->allowed_classes);
        net_.lane_index_.emplace(lane.id, static_cast<LaneId>(net_.lanes_.size()));
        net_.lanes_.push_back(std::move(lane));
      }
    }
    net_.road_lane_count_ = net_.lanes_.size();
  }

  bool has_opposite(RoadId r) const {
    const Road& road = net_.roads_[r];
    for (RoadId o : net_.nodes_[road.to].out_roads)
      if (net_.roads_[o].to == road.from) return true;
    return false;
  }

  Turn geometric_turn(RoadId from, RoadId to) const {
    const Road& a = net_.roads_[from];
    const Road& b = net_.roads_[to];
    if (a.from == b.to && b.from == a.to) return Turn::uturn;
    Point da = a.shape.direction_at(a.shape.length_m());
    Point db = b.shape.direction_at(0.0);
    return turn_from_angle(turn_angle(da, db));
  }

  // Default lane use: rightmost lane turns right, leftmost turns left, every lane goes straight.
  std::vector<ConnectionSpec> generate_connections() const {
    std::vector<ConnectionSpec> out;
    for (NodeId n = 0; n < net_.nodes_.size(); ++n) {
      const Node& node = net_.nodes_[n];
      if (node.kind == NodeKind::fringe) continue;
      for (RoadId in : node.in_roads) {
        const Road& a = net_.roads_[in];
        for (RoadId outr : node.out_roads) {
          const Road& b = net_.roads_[outr];
          Turn t = geometric_turn(in, outr);
          if (t == Turn::uturn) continue;
          auto add = [&](std::uint32_t fl, std::uint32_t tl) {
            ConnectionSpec c;
            c.from_road = a.id;
            c.from_lane = static_cast<int>(fl);
            c.to_road = b.id;
            c.to_lane = static_cast<int>(tl);
            c.turn = t;
            out.push_back(std::move(c));
          };
          if (t == Turn::right) {
            add(0, 0);
          } else if (t == Turn::left) {
            add(a.lane_count - 1, b.lane_count - 1);
          } else {
            for (std::uint32_t i = 0; i < a.lane_count; ++i) add(i, std::min(i, b.lane_count - 1));
          }
        }
      }
    }
    return out;
  }

  void add_links(const std::vector<ConnectionSpec>& connections) {
    link_of_connection_.assign(connections.size(), -1);
    std::set<std::pair<LaneId, LaneId>> seen;
    std::vector<std::vector<std::pair<LaneId, LinkId>>> out_links(net_.road_lane_count_);
    for (std::size_t ci = 0; ci < connections.size(); ++ci) {
      const ConnectionSpec& c = connections[ci];
      RoadId fr = net_.find_road(c.from_road), tr = net_.find_road(c.to_road);
      if (fr == kNone) {
        diag_.error(c.where, fmt::format("connection from unknown road '{}'", c.from_road));
        continue;
      }
      if (tr == kNone) {
        diag_.error(c.where, fmt::format("connection to unknown road '{}'", c.to_road));
        continue;
      }
      const Road& a = net_.roads_[fr];
      const Road& b = net_.roads_[tr];
      if (a.to != b.from) {
        diag_.error(c.where,
                    fmt::format("connection {} -> {}: road '{}' ends at '{}' but '{}' starts at '{}'", a.id,
                                b.id, a.id, net_.nodes_[a.to].id, b.id, net_.nodes_[b.from].id));
        continue;
      }
      if (c.from_lane < 0 || c.from_lane >= static_cast<int>(a.lane_count)) {
        diag_.error(c.where, fmt::format("connection {} -> {}: road '{}' has no lane {} (it has {})", a.id,
                                         b.id, a.id, c.from_lane, a.lane_count));
        continue;
      }
      if (c.to_lane < 0 || c.to_lane >= static_cast<int>(b.lane_count)) {
        diag_.error(c.where, fmt::format("connection {} -> {}: road '{}' has no lane {} (it has {})", a.id,
                                         b.id, b.id, c.to_lane, b.lane_count));
        continue;
      }
      if (c.via_length_m > limits::kMaxLengthM || c.via_speed_mps > limits::kMaxSpeedMps ||
          c.wait_m > limits::kMaxLengthM || !shape_ok(c.via_shape)) {
        diag_.error(
            c.where,
            fmt::format("connection {} -> {}: its path (length {} m, speed {} m/s, wait {} m, {} shape "
                        "points) is outside the limits ({} m, {} m/s, {} points)",
                        a.id, b.id, c.via_length_m, c.via_speed_mps, c.wait_m, c.via_shape.size(),
                        limits::kMaxLengthM, limits::kMaxSpeedMps, limits::kMaxShapePoints));
        continue;
      }
      LaneId fl = a.first_lane + static_cast<LaneId>(c.from_lane);
      LaneId tl = b.first_lane + static_cast<LaneId>(c.to_lane);
      if (!seen.emplace(fl, tl).second) {
        diag_.error(c.where, fmt::format("duplicate connection from lane {} to lane {}", net_.lanes_[fl].id,
                                         net_.lanes_[tl].id));
        continue;
      }
      const Lane& from_lane = net_.lanes_[fl];
      const Lane& to_lane = net_.lanes_[tl];
      Link link;
      link.node = a.to;
      link.from_lane = fl;
      link.to_lane = tl;
      link.from_road = fr;
      link.to_road = tr;
      link.turn = c.turn ? *c.turn : geometric_turn(fr, tr);
      link.priority = c.priority;
      Polyline via = c.via_shape.size() >= 2
                         ? Polyline(c.via_shape)
                         : junction_path(from_lane.shape.at(from_lane.shape.length_m()),
                                         from_lane.shape.direction_at(from_lane.shape.length_m()),
                                         to_lane.shape.at(0.0), to_lane.shape.direction_at(0.0));
      double via_len = c.via_length_m > 0 ? c.via_length_m : std::max(kMinViaLengthM, via.length_m());
      double via_speed = c.via_speed_mps;
      if (!(via_speed > 0)) {
        via_speed = std::min(from_lane.speed_mps, to_lane.speed_mps);
        double angle = std::fabs(turn_angle(from_lane.shape.direction_at(from_lane.shape.length_m()),
                                            to_lane.shape.direction_at(0.0)));
        if (angle > 0.2) {
          double chord = distance(via.points().front(), via.points().back());
          double radius = chord / (2.0 * std::sin(angle / 2.0));
          via_speed = std::min(via_speed, std::max(2.0, std::sqrt(kLateralAccelMps2 * radius)));
        }
      }
      LinkId id = static_cast<LinkId>(net_.links_.size());
      Lane vl;
      vl.id = fmt::format(":{}_{}", net_.nodes_[a.to].id, net_.nodes_[a.to].links.size());
      vl.length_m = via_len;
      vl.speed_mps = via_speed;
      vl.shape = std::move(via);
      vl.via_of = id;
      link.via_lane = static_cast<LaneId>(net_.lanes_.size());
      net_.lane_index_.emplace(vl.id, link.via_lane);
      net_.lanes_.push_back(std::move(vl));
      net_.nodes_[a.to].links.push_back(id);
      out_links[fl].push_back({tl, id});
      link_of_connection_[ci] = static_cast<int>(id);
      net_.links_.push_back(link);
    }
    // Links are stored grouped by their from-lane so a lane's links are one contiguous range.
    std::vector<LinkId> order;
    for (LaneId l = 0; l < net_.road_lane_count_; ++l)
      for (auto& [to, id] : out_links[l]) order.push_back(id);
    std::vector<LinkId> new_id(net_.links_.size());
    for (std::size_t i = 0; i < order.size(); ++i) new_id[order[i]] = static_cast<LinkId>(i);
    std::vector<Link> sorted(net_.links_.size());
    for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = net_.links_[order[i]];
    net_.links_ = std::move(sorted);
    for (auto& l : net_.lanes_)
      if (l.via_of != kNone) l.via_of = new_id[l.via_of];
    for (auto& n : net_.nodes_)
      for (auto& l : n.links) l = new_id[l];
    for (auto& c : link_of_connection_)
      if (c >= 0) c = static_cast<int>(new_id[static_cast<std::size_t>(c)]);
    std::uint32_t pos = 0;
    for (LaneId l = 0; l < net_.road_lane_count_; ++l) {
      net_.lanes_[l].links_begin = pos;
      pos += static_cast<std::uint32_t>(out_links[l].size());
      net_.lanes_[l].links_end = pos;
    }
  }

  void add_movements() {
    for (LinkId i = 0; i < net_.links_.size(); ++i) {
      Link& l = net_.links_[i];
      auto key = pair_key(l.from_road, l.to_road);
      auto [it, fresh] = net_.movement_index_.emplace(key, static_cast<MovementId>(net_.movements_.size()));
      if (fresh) {
        Movement m;
        m.node = l.node;
        m.from_road = l.from_road;
        m.to_road = l.to_road;
        m.turn = l.turn;
        net_.movements_.push_back(std::move(m));
      }
      l.movement = it->second;
      net_.movements_[it->second].links.push_back(i);
    }
  }

  void add_foes(const std::vector<ConnectionSpec>& connections) {
    std::vector<std::vector<LinkId>> foes(net_.links_.size());
    bool any_given = false;
    for (std::size_t ci = 0; ci < connections.size(); ++ci) {
      if (!connections[ci].foes || link_of_connection_[ci] < 0) continue;
      any_given = true;
      LinkId self = static_cast<LinkId>(link_of_connection_[ci]);
      for (int f : *connections[ci].foes) {
        if (f < 0 || static_cast<std::size_t>(f) >= connections.size() || link_of_connection_[f] < 0) {
          diag_.error(connections[ci].where, fmt::format("foe {} is not a valid connection index", f));
          continue;
        }
        foes[self].push_back(static_cast<LinkId>(link_of_connection_[f]));
      }
    }
    for (NodeId n = 0; n < net_.nodes_.size(); ++n) {
      const auto& ls = net_.nodes_[n].links;
      for (std::size_t i = 0; i < ls.size(); ++i) {
        for (std::size_t j = i + 1; j < ls.size(); ++j) {
          const Link& a = net_.links_[ls[i]];
          const Link& b = net_.links_[ls[j]];
          if (any_given) break;
          if (a.from_road == b.from_road) continue;
          bool merge = a.to_lane == b.to_lane;
          bool cross = net_.lanes_[a.via_lane].shape.crosses(net_.lanes_[b.via_lane].shape);
          if (merge || cross) {
            foes[ls[i]].push_back(ls[j]);
            foes[ls[j]].push_back(ls[i]);
          }
        }
      }
    }
    for (LinkId i = 0; i < net_.links_.size(); ++i) {
      auto& f = foes[i];
      std::sort(f.begin(), f.end());
      f.erase(std::unique(f.begin(), f.end()), f.end());
      net_.links_[i].foes_begin = static_cast<std::uint32_t>(net_.foes_.size());
      net_.foes_.insert(net_.foes_.end(), f.begin(), f.end());
      net_.links_[i].foes_end = static_cast<std::uint32_t>(net_.foes_.size());
    }
  }

  // A yielding driver may wait inside the junction 1 m short of where its path first crosses that of a
  // stream it yields to; imported networks may say where instead (SUMO's internal junctions).
  void set_wait_positions(const std::vector<ConnectionSpec>& connections) {
    std::vector<double> given(net_.links_.size(), -1.0);
    for (std::size_t ci = 0; ci < connections.size(); ++ci)
      if (link_of_connection_[ci] >= 0)
        given[static_cast<std::size_t>(link_of_connection_[ci])] = connections[ci].wait_m;
    for (LinkId i = 0; i < net_.links_.size(); ++i) {
      Link& link = net_.links_[i];
      const Lane& via = net_.lanes_[link.via_lane];
      double wait = given[i];
      if (wait < 0) {
        double first = -1.0;
        for (std::uint32_t k = link.foes_begin; k < link.foes_end; ++k) {
          LinkId f = net_.foes_[k];
          if (!yields_to(link, net_.links_[f])) continue;
          double s = via.shape.first_crossing_m(net_.lanes_[net_.links_[f].via_lane].shape);
          if (s >= 0 && (first < 0 || s < first)) first = s;
        }
        // Shapes and driving lengths may differ: scale to the driving length.
        double scale = via.shape.length_m() > 0 ? via.length_m / via.shape.length_m() : 1.0;
        wait = first > 0 ? first * scale - 1.0 : 0.0;
      }
      link.wait_m = wait > 0 && wait < via.length_m ? static_cast<float>(wait) : 0.0f;
    }
  }

  // Whether `a` ever has to give way to `b`: a permissive green of `a` in a stage where `b` is protected, or
  // a minor link against a major one at an unsignalised junction.
  bool yields_to(const Link& a, const Link& b) const {
    if (a.signal == kNone || b.signal == kNone || a.signal != b.signal)
      return a.priority == LinkPriority::minor && b.priority == LinkPriority::major;
    for (const SignalStage& st : net_.signals_[a.signal].stages)
      if (a.signal_link < st.state.size() && b.signal_link < st.state.size() &&
          st.state[a.signal_link] == 'g' && st.state[b.signal_link] == 'G')
        return true;
    return false;
  }

  // Heading of a road where it enters its end node, in radians.
  double arrival_heading(RoadId r) const {
    const Road& road = net_.roads_[r];
    Point d = road.shape.direction_at(road.shape.length_m());
    return std::atan2(d.y, d.x);
  }

  // Default program for a junction: approaches paired by axis (opposite headings), one stage per axis;
  // right and straight protected, left permissive when an opposing approach shares the stage.
  std::vector<SignalPhaseSpec> default_phases(NodeId n) const {
    const Node& node = net_.nodes_[n];
    std::vector<RoadId> approaches;
    for (RoadId r : node.in_roads)
      if (net_.lanes_[net_.roads_[r].first_lane].links_begin !=
          net_.lanes_[net_.roads_[r].first_lane + net_.roads_[r].lane_count - 1].links_end)
        approaches.push_back(r);
    std::vector<bool> used(approaches.size(), false);
    std::vector<SignalPhaseSpec> phases;
    for (std::size_t i = 0; i < approaches.size(); ++i) {
      if (used[i]) continue;
      used[i] = true;
      std::vector<RoadId> group{approaches[i]};
      double hi = arrival_heading(approaches[i]);
      std::size_t best = approaches.size();
      double best_dev = 0.8;  // radians from exactly opposite
      for (std::size_t j = i + 1; j < approaches.size(); ++j) {
        if (used[j]) continue;
        double diff = std::fabs(std::remainder(arrival_heading(approaches[j]) - hi, 2 * std::numbers::pi));
        double dev = std::fabs(std::numbers::pi - diff);
        if (dev < best_dev) best_dev = dev, best = j;
      }
      if (best < approaches.size()) used[best] = true, group.push_back(approaches[best]);
      SignalPhaseSpec ph;
      ph.duration_s = 30.0;
      for (RoadId r : group)
        for (const Movement& m : net_.movements_)
          if (m.from_road == r)
            ph.green.push_back({net_.roads_[m.from_road].id,
                                net_.roads_[m.to_road].id,
                                (m.turn == Turn::left || m.turn == Turn::uturn) && group.size() > 1,
                                {}});
      phases.push_back(std::move(ph));
    }
    return phases;
  }

  void add_signals() {
    std::uint32_t slot = 0;
    for (std::size_t si = 0; si < spec_.signals.size(); ++si) add_signal(spec_.signals[si], slot);
    // Signalised junctions without a program get the default two-phase plan.
    for (NodeId n = 0; n < net_.nodes_.size(); ++n) {
      Node& node = net_.nodes_[n];
      if (node.kind != NodeKind::signalised || node.signal != kNone || node.links.empty()) continue;
      SignalSpec s;
      s.id = node.id;
      s.nodes = {node.id};
      s.where = spec_.nodes.size() > n ? spec_.nodes[n].where : std::string{};
      add_signal(s, slot);
    }
    net_.signal_slot_count_ = slot;
  }

  void add_signal(const SignalSpec& ss, std::uint32_t& slot) {
    Signal sig;
    sig.id = ss.id;
    if (ss.id.empty()) diag_.error(ss.where, "signal has an empty id");
    if (net_.signal_index_.count(ss.id)) {
      diag_.error(ss.where, fmt::format("duplicate signal id '{}'", ss.id));
      return;
    }
    if (ss.nodes.empty()) diag_.error(ss.where, fmt::format("signal '{}' controls no node", ss.id));
    SignalId sid = static_cast<SignalId>(net_.signals_.size());
    for (const std::string& nid : ss.nodes) {
      NodeId n = net_.find_node(nid);
      if (n == kNone) {
        diag_.error(ss.where, fmt::format("signal '{}' controls unknown node '{}'", ss.id, nid));
        continue;
      }
      if (net_.nodes_[n].signal != kNone) {
        diag_.error(ss.where, fmt::format("node '{}' is controlled by two signals", nid));
        continue;
      }
      sig.nodes.push_back(n);
    }
    if (sig.nodes.size() != ss.nodes.size()) return;
    auto in_phase_range = [](double v) { return v >= 0 && v <= limits::kMaxPhaseS; };
    if (!in_phase_range(ss.yellow_s) || !in_phase_range(ss.all_red_s) || !in_phase_range(ss.min_green_s) ||
        !(ss.max_green_s > 0) || !in_phase_range(ss.max_green_s) ||
        !(std::fabs(ss.offset_s) <= limits::kMaxPhaseS))
      diag_.error(ss.where,
                  fmt::format("signal '{}': yellow {} s, all-red {} s, minimum green {} s, maximum green {} "
                              "s and offset {} s must each be within 0 to {} s (the offset within ±{} s)",
                              ss.id, ss.yellow_s, ss.all_red_s, ss.min_green_s, ss.max_green_s, ss.offset_s,
                              limits::kMaxPhaseS, limits::kMaxPhaseS));
    if (ss.phases.size() > limits::kMaxPhases)
      diag_.error(ss.where, fmt::format("signal '{}' has {} phases; the limit is {}", ss.id, ss.phases.size(),
                                        limits::kMaxPhases));
    if (ss.max_green_s < ss.min_green_s)
      diag_.error(ss.where, fmt::format("signal '{}': max_green_s {} is below min_green_s {}", ss.id,
                                        ss.max_green_s, ss.min_green_s));

    std::vector<SignalPhaseSpec> phases = ss.phases;
    std::uint32_t link_count = 0;
    if (ss.link_count > 0) {
      // Explicit SUMO-style link indices: every connection names its signal and index.
      link_count = static_cast<std::uint32_t>(ss.link_count);
      sig.links_of_index.resize(link_count);
      for (LinkId l = 0; l < net_.links_.size(); ++l) {
        Link& link = net_.links_[l];
        if (link.signal != sid) continue;
        sig.links_of_index[link.signal_link].push_back(l);
      }
    } else {
      // Movement mode: one signal link per movement of the controlled junctions.
      if (phases.empty())
        for (NodeId n : sig.nodes) {
          auto p = default_phases(n);
          phases.insert(phases.end(), p.begin(), p.end());
        }
      std::vector<MovementId> moves;
      for (MovementId m = 0; m < net_.movements_.size(); ++m)
        if (std::find(sig.nodes.begin(), sig.nodes.end(), net_.movements_[m].node) != sig.nodes.end())
          moves.push_back(m);
      link_count = static_cast<std::uint32_t>(moves.size());
      sig.links_of_index.resize(link_count);
      for (std::uint32_t i = 0; i < moves.size(); ++i) {
        for (LinkId l : net_.movements_[moves[i]].links) {
          net_.links_[l].signal = sid;
          net_.links_[l].signal_link = i;
          sig.links_of_index[i].push_back(l);
        }
      }
      for (auto& ph : phases) {
        if (!ph.state.empty()) continue;
        // Yellow and all-red are generated in this mode: a phase that releases nothing is a mistake.
        if (ph.green.empty())
          diag_.error(ph.where,
                      fmt::format("signal '{}': a phase releases no movement (its green and permissive "
                                  "lists are empty); yellow and all-red are added from yellow_s and "
                                  "all_red_s",
                                  ss.id));
        ph.state.assign(link_count, 'r');
        for (const MovementRef& ref : ph.green) {
          RoadId a = net_.find_road(ref.from_road), b = net_.find_road(ref.to_road);
          std::string place = ref.where.empty() ? ph.where : ref.where;
          if (a == kNone || b == kNone) {
            diag_.error(
                place,
                fmt::format("signal '{}' phase names movement {} > {}, but road '{}' does not exist", ss.id,
                            ref.from_road, ref.to_road, a == kNone ? ref.from_road : ref.to_road));
            continue;
          }
          MovementId m = net_.movement_between(a, b);
          auto pos = std::find(moves.begin(), moves.end(), m);
          if (m == kNone || pos == moves.end()) {
            diag_.error(place,
                        fmt::format("signal '{}' phase names movement {} > {}, which does not exist at its "
                                    "junction",
                                    ss.id, ref.from_road, ref.to_road));
            continue;
          }
          ph.state[static_cast<std::size_t>(pos - moves.begin())] = ref.permissive ? 'g' : 'G';
        }
      }
    }
    sig.link_count = link_count;
    sig.first_slot = slot;
    sig.offset_s = ss.offset_s;
    sig.default_yellow_s = ss.yellow_s;
    sig.default_all_red_s = ss.all_red_s;
    sig.program_type = ss.program_type;
    for (std::uint32_t i = 0; i < link_count; ++i)
      for (LinkId l : sig.links_of_index[i]) net_.links_[l].state_slot = slot + i;
    if (link_count == 0) diag_.error(ss.where, fmt::format("signal '{}' controls no links", ss.id));

    for (const auto& ph : phases) {
      if (ph.state.size() != link_count)
        diag_.error(ph.where,
                    fmt::format("signal '{}': phase state '{}' has {} characters, the signal has {} links",
                                ss.id, ph.state, ph.state.size(), link_count));
      for (char c : ph.state)
        if (std::string_view("GgyrRuoOs").find(c) == std::string_view::npos) {
          diag_.error(ph.where,
                      fmt::format("signal '{}': phase state '{}' has '{}'; allowed are G g y r u o O s",
                                  ss.id, ph.state, c));
          break;
        }
      if (!(ph.duration_s > 0) || !(ph.duration_s <= limits::kMaxPhaseS))
        diag_.error(ph.where, fmt::format("signal '{}': phase duration {} s must be above 0 and at most {} s",
                                          ss.id, ph.duration_s, limits::kMaxPhaseS));
      if (ph.min_duration_s > limits::kMaxPhaseS || ph.max_duration_s > limits::kMaxPhaseS)
        diag_.error(ph.where, fmt::format("signal '{}': phase limits {} s / {} s must be at most {} s", ss.id,
                                          ph.min_duration_s, ph.max_duration_s, limits::kMaxPhaseS));
    }
    if (!diag_.ok()) return;
    std::string reason;
    bool insert_intergreens_here = lacks_intergreen(phases, ss);
    if (insert_intergreens_here) phases = without_clearance_phases(phases);
    sig.stages = derive_stages(phases, ss, &reason);
    if (sig.stages.empty()) {
      diag_.error(ss.where, fmt::format("signal '{}': {}", ss.id, reason));
      return;
    }
    if (insert_intergreens_here) insert_intergreens(net_, sig);
    sig.cycle_s = 0;
    for (const auto& st : sig.stages) sig.cycle_s += st.green_s + st.yellow_s + st.all_red_s;
    for (NodeId n : sig.nodes) net_.nodes_[n].signal = sid;
    net_.signal_index_.emplace(sig.id, sid);
    net_.signals_.push_back(std::move(sig));
    slot += link_count;
  }

  void finish() {
    Point lo{1e300, 1e300}, hi{-1e300, -1e300};
    auto grow = [&](Point p) {
      lo.x = std::min(lo.x, p.x), lo.y = std::min(lo.y, p.y);
      hi.x = std::max(hi.x, p.x), hi.y = std::max(hi.y, p.y);
    };
    for (const auto& n : net_.nodes_) grow(n.position);
    for (const auto& l : net_.lanes_)
      for (Point p : l.shape.points()) grow(p);
    net_.min_corner_ = lo;
    net_.max_corner_ = hi;
  }

  // SUMO-style connections name their signal and link index; signals are then built in spec order.
  void assign_connection_signals(const std::vector<ConnectionSpec>& connections) {
    for (std::size_t ci = 0; ci < connections.size(); ++ci) {
      const ConnectionSpec& c = connections[ci];
      if (c.signal.empty() || link_of_connection_[ci] < 0) continue;
      SignalId sid = kNone;
      int link_count = 0;
      for (std::size_t s = 0; s < spec_.signals.size(); ++s)
        if (spec_.signals[s].id == c.signal)
          sid = static_cast<SignalId>(s), link_count = spec_.signals[s].link_count;
      if (sid == kNone) {
        diag_.error(c.where, fmt::format("connection names unknown signal '{}'", c.signal));
        continue;
      }
      if (c.signal_link < 0 || c.signal_link >= link_count) {
        diag_.error(c.where,
                    fmt::format("connection's signal link index {} is outside signal '{}' ({} links)",
                                c.signal_link, c.signal, link_count));
        continue;
      }
      Link& l = net_.links_[static_cast<std::size_t>(link_of_connection_[ci])];
      l.signal = sid;  // provisional: the spec index equals the runtime id as signals are added in order
      l.signal_link = static_cast<std::uint32_t>(c.signal_link);
    }
  }
};

Network build_network(const NetworkSpec& spec, const std::string& source_file) {
  Diagnostics diag(source_file);
  NetworkBuilder b(spec, diag);
  Network net = b.build();
  diag.throw_if_any();
  return net;
}

const char* turn_to_string(Turn t) {
  return turn_name(t);
}

}  // namespace ampel
