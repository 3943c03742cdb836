// SUMO .net.xml -> NetworkSpec: junctions, edges with their car lanes, connections through the junctions'
// internal lanes, conflicts from the junctions' request tables, and the traffic lights they name.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "sim/error.hpp"
#include "sim/io/sumo/sumo_context.hpp"

namespace ampel::io::sumo {

namespace {

// A SUMO class name, with the deprecated aliases older networks still carry.
std::string_view canonical_class(std::string_view c) {
  if (c == "public_transport") return "bus";
  if (c == "public_emergency") return "emergency";
  if (c == "public_authority") return "authority";
  if (c == "public_army") return "army";
  if (c == "transport") return "truck";
  if (c == "lightrail") return "tram";
  if (c == "cityrail") return "rail_urban";
  if (c == "rail_slow") return "rail";
  return c;
}

// SUMO lane permissions: `allow` lists the classes allowed, else `disallow` the classes forbidden.
VClassMask lane_permissions(pugi::xml_node lane, Context& ctx) {
  auto mask_of = [&](std::string_view list) {
    VClassMask m = 0;
    for (const std::string& t : split_list(list)) {
      if (t == "all") return kAllVClasses;
      VClassMask b = vclass_bit(canonical_class(t));
      if (b == 0) ctx.notes.ignored("unknown vehicle classes in lane permissions", t);
      m |= b;
    }
    return m;
  };
  pugi::xml_attribute allow = lane.attribute("allow");
  if (allow && *allow.value()) return mask_of(allow.value());
  pugi::xml_attribute disallow = lane.attribute("disallow");
  if (disallow) return ~mask_of(disallow.value());
  return kAllVClasses;
}

VClassMask simulated_classes() {
  VClassMask m = 0;
  for (const std::string& c : vclass_names())
    if (simulated_class(c)) m |= vclass_bit(c);
  return m;
}

// The simulated classes a lane allows, as names (empty: every class).
std::vector<std::string> allowed_names(VClassMask m) {
  if ((m & simulated_classes()) == simulated_classes()) return {};
  std::vector<std::string> out;
  for (const std::string& c : vclass_names())
    if (simulated_class(c) && (m & vclass_bit(c))) out.push_back(c);
  return out;
}

std::optional<Turn> turn_of(std::string_view dir) {
  if (dir == "s") return Turn::straight;
  if (dir == "r" || dir == "R") return Turn::right;
  if (dir == "l" || dir == "L") return Turn::left;
  if (dir == "t") return Turn::uturn;
  return std::nullopt;  // "invalid": the builder derives it from the geometry
}

int int_attr(const XmlFile& f, pugi::xml_node n, const char* name) {
  double v = attr_number_required(f, n, name);
  if (v < 0 || v > 1e6 || v != std::floor(v))
    throw InputError(f.path(), f.place(n),
                     fmt::format("<{}> {}=\"{}\" is not a whole number of 0 or more", n.name(), name,
                                 n.attribute(name).value()));
  return static_cast<int>(v);
}

struct InternalLane {
  double length_m = 0, speed_mps = 0;
  std::vector<Point> shape;
};

struct InternalHop {
  std::string to;
  int to_lane = 0;
  std::string via;
};

struct EdgeInfo {
  std::string from, to;
  std::vector<int> new_index;  // SUMO lane index -> index among the kept car lanes, -1 when dropped
  bool kept = false;
};

struct JunctionInfo {
  pugi::xml_node node;
  std::unordered_map<std::string, int> request_of_lane;  // internal lane id -> request index
  std::vector<std::string> foes;                         // per request index, bit j = last char - j
  std::vector<int> connection_of_request;                // request index -> spec connection, -1 if dropped
};

}  // namespace

std::string Context::where(const XmlFile& f, pugi::xml_node n) const {
  if (f.path() == spec.source_file) return f.place(n);
  std::string name = f.path();
  auto slash = name.find_last_of('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  return fmt::format("{} line {}", name, f.line(n));
}

void read_tl_logic(const XmlFile& file, pugi::xml_node tl, Context& ctx);

void read_net(const XmlFile& net, Context& ctx) {
  pugi::xml_node root = net.root();
  if (std::string_view(root.name()) != "net")
    throw InputError(net.path(), net.place(root),
                     fmt::format("expected a SUMO network (<net>), found <{}>", root.name()));
  NetworkSpec& out = ctx.spec.network;
  // Where the network lies on the earth, for results on a map ("!": no projection).
  if (pugi::xml_node loc = root.child("location")) {
    std::string proj = loc.attribute("projParameter").as_string();
    double x = 0, y = 0;
    if (!proj.empty() && proj != "!" &&
        std::sscanf(loc.attribute("netOffset").as_string(), "%lf,%lf", &x, &y) == 2)
      out.location = {{x, y}, proj};
  }
  std::unordered_map<std::string, InternalLane> internal;
  std::unordered_map<std::string, EdgeInfo> edges;
  std::unordered_map<std::string, int> road_index;  // kept edge -> index in out.roads
  std::unordered_set<std::string> non_road_edges;   // pedestrian areas and district connectors

  for (pugi::xml_node e : root.children("edge")) {
    std::string id = attr_string_required(net, e, "id");
    std::string_view function = e.attribute("function").value();
    if (function == "internal") {
      for (pugi::xml_node l : e.children("lane"))
        internal[attr_string_required(net, l, "id")] = {attr_number_required(net, l, "length"),
                                                        attr_number_required(net, l, "speed"),
                                                        parse_shape(net, l, "shape")};
      continue;
    }
    if (function == "walkingarea" || function == "crossing") {
      non_road_edges.insert(id);
      ctx.notes.ignored("pedestrian crossings and walking areas");
      continue;
    }
    if (function == "connector") {
      non_road_edges.insert(id);
      ctx.notes.ignored("district connector edges", id);
      continue;
    }
    EdgeInfo info;
    info.from = attr_string_required(net, e, "from");
    info.to = attr_string_required(net, e, "to");
    RoadSpec rs;
    rs.id = id;
    rs.name = e.attribute("name").value();  // the street name, for the live view
    rs.from_node = info.from;
    rs.to_node = info.to;
    rs.where = ctx.where(net, e);
    std::vector<pugi::xml_node> lanes;
    for (pugi::xml_node l : e.children("lane")) lanes.push_back(l);
    std::vector<int> sumo_index(lanes.size());
    for (std::size_t i = 0; i < lanes.size(); ++i) sumo_index[i] = int_attr(net, lanes[i], "index");
    info.new_index.assign(lanes.size(), -1);
    // Lanes are listed by index; sort anyway so index 0 (rightmost) comes first.
    std::vector<std::size_t> order(lanes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sumo_index[a] < sumo_index[b]; });
    double speed = 0;
    VClassMask edge_mask = 0;
    for (std::size_t k : order) {
      pugi::xml_node l = lanes[k];
      if (sumo_index[k] >= static_cast<int>(lanes.size()))
        throw InputError(net.path(), net.place(l),
                         fmt::format("lane index {} of edge '{}' is not below its {} lanes", sumo_index[k],
                                     id, lanes.size()));
      std::string lane_id = l.attribute("id").value();
      // Checked on every lane, kept or not: SUMO refuses such a network whatever the lane's class.
      double length_m = attr_number_required(net, l, "length");
      if (!(length_m > 0) || !std::isfinite(length_m))
        throw InputError(net.path(), net.place(l),
                         fmt::format("lane '{}' has length {} m; it must be above 0", lane_id,
                                     l.attribute("length").value()));
      VClassMask allowed = lane_permissions(l, ctx) & simulated_classes();
      if (allowed == 0) {
        ctx.notes.ignored("lanes closed to every simulated vehicle class (sidewalks, bike or rail lanes)",
                          lane_id);
        ctx.lanes[lane_id] = {id, -1, 0.0};
        continue;
      }
      LaneSpec ls;
      ls.length_m = length_m;
      ls.speed_mps = attr_number_required(net, l, "speed");
      ls.width_m = attr_number(net, l, "width", 3.2);
      ls.shape = parse_shape(net, l, "shape");
      ls.where = ctx.where(net, l);
      ls.allowed_classes = allowed_names(allowed);
      ctx.lanes[lane_id] = {id, static_cast<int>(rs.lanes.size()), ls.length_m};
      edge_mask |= allowed;
      info.new_index[static_cast<std::size_t>(sumo_index[k])] = static_cast<int>(rs.lanes.size());
      speed = std::max(speed, ls.speed_mps);
      rs.lanes.push_back(std::move(ls));
    }
    ctx.edge_classes[id] = edge_mask;
    if (rs.lanes.empty()) {
      ctx.notes.ignored("edges without a lane for any simulated vehicle class", id);
      edges.emplace(id, std::move(info));
      continue;
    }
    rs.length_m = rs.lanes.front().length_m;
    rs.speed_mps = speed;
    rs.shape = e.attribute("shape") ? parse_shape(net, e, "shape") : rs.lanes[rs.lanes.size() / 2].shape;
    info.kept = true;
    road_index[id] = static_cast<int>(out.roads.size());
    edges.emplace(id, std::move(info));
    out.roads.push_back(std::move(rs));
  }

  for (pugi::xml_node tl : root.children("tlLogic")) read_tl_logic(net, tl, ctx);

  // Junctions: the request table maps each link (by its first internal lane) to the links it conflicts with.
  std::unordered_map<std::string, JunctionInfo> junctions;
  for (pugi::xml_node j : root.children("junction")) {
    if (std::string_view(j.attribute("type").value()) == "internal") continue;
    std::string id = attr_string_required(net, j, "id");
    JunctionInfo& info = junctions[id];
    info.node = j;
    std::vector<std::string> int_lanes = split_list(j.attribute("intLanes").value());
    for (std::size_t i = 0; i < int_lanes.size(); ++i)
      info.request_of_lane.emplace(int_lanes[i], static_cast<int>(i));
    for (pugi::xml_node r : j.children("request")) {
      int idx = int_attr(net, r, "index");
      if (idx > 4096)
        throw InputError(net.path(), net.place(r), fmt::format("request index {} is too large", idx));
      if (static_cast<std::size_t>(idx) >= info.foes.size())
        info.foes.resize(static_cast<std::size_t>(idx) + 1);
      info.foes[static_cast<std::size_t>(idx)] = r.attribute("foes").value();
    }
    info.connection_of_request.assign(std::max(int_lanes.size(), info.foes.size()), -1);
  }

  // Internal-to-internal hops, to follow a link's chain of internal lanes (e.g. a left turn that waits
  // inside).
  std::unordered_map<std::string, std::vector<InternalHop>> hops;
  for (pugi::xml_node c : root.children("connection")) {
    std::string_view from = c.attribute("from").value();
    if (from.empty() || from.front() != ':') continue;
    std::string key = fmt::format("{}_{}", from, c.attribute("fromLane").value());
    hops[key].push_back(
        {c.attribute("to").value(), c.attribute("toLane").as_int(-1), c.attribute("via").value()});
  }

  std::vector<std::string> connection_junction;  // per spec connection
  std::vector<int> connection_request;
  for (pugi::xml_node c : root.children("connection")) {
    std::string from = attr_string_required(net, c, "from");
    if (from.front() == ':') continue;
    std::string to = attr_string_required(net, c, "to");
    auto fe = edges.find(from), te = edges.find(to);
    if (fe == edges.end() || te == edges.end()) {
      // Connections of pedestrian edges are legitimately dropped; an unknown edge is an error.
      const std::string& missing = fe == edges.end() ? from : to;
      if (non_road_edges.count(missing)) continue;
      throw InputError(net.path(), net.place(c),
                       fmt::format("connection names edge '{}', which is not in the network", missing));
    }
    int from_lane = int_attr(net, c, "fromLane"), to_lane = int_attr(net, c, "toLane");
    if (from_lane >= static_cast<int>(fe->second.new_index.size()))
      throw InputError(net.path(), net.place(c),
                       fmt::format("connection from lane {} of edge '{}', which has {} lanes", from_lane,
                                   from, fe->second.new_index.size()));
    if (to_lane >= static_cast<int>(te->second.new_index.size()))
      throw InputError(net.path(), net.place(c),
                       fmt::format("connection to lane {} of edge '{}', which has {} lanes", to_lane, to,
                                   te->second.new_index.size()));
    std::string tl = c.attribute("tl").value();
    int link_index = -1;
    // SUMO leaves some links of a signalised junction uncontrolled with linkIndex="-1" (they keep their
    // priority state): they are unsignalised links here too.
    if (!tl.empty() && std::string_view(c.attribute("linkIndex").value()) == "-1") tl.clear();
    if (!tl.empty()) {
      link_index = int_attr(net, c, "linkIndex");
      TlUse& use = ctx.tl_use[tl];
      if (link_index > use.max_link)
        use.max_link = link_index, use.file = net.path(), use.place = net.place(c);
    }
    int nf = fe->second.new_index[static_cast<std::size_t>(from_lane)];
    int nt = te->second.new_index[static_cast<std::size_t>(to_lane)];
    if (nf < 0 || nt < 0) continue;  // a lane closed to cars: dropped with its lane

    ConnectionSpec cs;
    cs.from_road = from;
    cs.from_lane = nf;
    cs.to_road = to;
    cs.to_lane = nt;
    cs.turn = turn_of(c.attribute("dir").value());
    std::string_view state = c.attribute("state").value();
    cs.priority = (state == "M" || state == "O") ? LinkPriority::major : LinkPriority::minor;
    cs.where = ctx.where(net, c);
    // The chain of internal lanes this link drives over.
    std::string via = c.attribute("via").value();
    std::vector<std::string> chain;
    double min_speed = 1e9;
    double length = 0, first_internal_m = 0;
    for (int guard = 0; !via.empty(); ++guard) {
      auto il = internal.find(via);
      if (il == internal.end())
        throw InputError(net.path(), net.place(c),
                         fmt::format("connection's via lane '{}' is not in the network", via));
      if (guard > 32)
        throw InputError(net.path(), net.place(c), "connection's chain of internal lanes loops");
      const InternalLane& lane = il->second;
      chain.push_back(via);
      for (const Point& p : lane.shape)
        if (cs.via_shape.empty() || p.x != cs.via_shape.back().x || p.y != cs.via_shape.back().y)
          cs.via_shape.push_back(p);
      length += lane.length_m;
      min_speed = std::min(min_speed, lane.speed_mps);
      // SUMO splits a yielding link's path at its internal junction: where a left turner waits.
      if (chain.size() == 1) first_internal_m = lane.length_m;
      std::string next;
      auto h = hops.find(via);
      if (h != hops.end())
        for (const InternalHop& hop : h->second)
          if (hop.to == to && hop.to_lane == to_lane) next = hop.via;
      via = next;
    }
    if (length > 0) {
      cs.via_length_m = length;
      cs.via_speed_mps = min_speed;
    }
    // Without an internal junction SUMO's yielding drivers wait at the stop line.
    if (!chain.empty()) cs.wait_m = chain.size() > 1 ? first_internal_m : 0.0;
    if (!tl.empty()) {
      cs.signal = tl;
      cs.signal_link = link_index;
      TlUse& use = ctx.tl_use[tl];
      if (use.nodes.empty()) ctx.tl_order.push_back(tl);
      if (std::find(use.nodes.begin(), use.nodes.end(), fe->second.to) == use.nodes.end())
        use.nodes.push_back(fe->second.to);
    }
    int request = -1;
    // The junction's intLanes name one lane of each link's chain (the one after a waiting point, if any).
    auto jit = junctions.find(fe->second.to);
    if (jit != junctions.end()) {
      for (const std::string& lane : chain) {
        auto r = jit->second.request_of_lane.find(lane);
        if (r == jit->second.request_of_lane.end()) continue;
        request = r->second;
        jit->second.connection_of_request[static_cast<std::size_t>(request)] =
            static_cast<int>(out.connections.size());
        break;
      }
    }
    connection_junction.push_back(fe->second.to);
    connection_request.push_back(request);
    out.connections.push_back(std::move(cs));
  }

  // Conflicts from the request tables; networks without internal lanes fall back to the geometry.
  bool all_known =
      std::all_of(connection_request.begin(), connection_request.end(), [](int r) { return r >= 0; });
  if (all_known) {
    for (std::size_t ci = 0; ci < out.connections.size(); ++ci) {
      const JunctionInfo& j = junctions.at(connection_junction[ci]);
      std::vector<int> foes;
      std::size_t idx = static_cast<std::size_t>(connection_request[ci]);
      if (idx < j.foes.size()) {
        const std::string& bits = j.foes[idx];
        for (std::size_t k = 0; k < bits.size(); ++k) {
          if (bits[bits.size() - 1 - k] != '1' || k >= j.connection_of_request.size()) continue;
          int other = j.connection_of_request[k];
          if (other >= 0 && static_cast<std::size_t>(other) != ci) foes.push_back(other);
        }
      }
      out.connections[ci].foes = std::move(foes);
    }
  } else if (!out.connections.empty()) {
    ctx.notes.note(
        "the network has no internal lanes for some links: conflicts are computed from the geometry");
  }

  // Junctions that kept at least one road become nodes.
  std::unordered_map<std::string, std::pair<int, int>> in_out;
  for (const RoadSpec& r : out.roads) {
    ++in_out[r.to_node].first;
    ++in_out[r.from_node].second;
  }
  std::unordered_set<std::string> signalised;
  for (const std::string& tl : ctx.tl_order)
    for (const std::string& n : ctx.tl_use[tl].nodes) signalised.insert(n);
  for (pugi::xml_node j : root.children("junction")) {
    std::string_view type = j.attribute("type").value();
    if (type == "internal") continue;
    std::string id = j.attribute("id").value();
    auto io = in_out.find(id);
    if (io == in_out.end()) {
      ctx.notes.ignored("junctions without car lanes", id);
      continue;
    }
    NodeSpec ns;
    ns.id = id;
    ns.position = {attr_number_required(net, j, "x"), attr_number_required(net, j, "y")};
    ns.shape = parse_shape(net, j, "shape");
    ns.where = ctx.where(net, j);
    if (signalised.count(id))
      ns.kind = NodeKind::signalised;
    else if (type == "dead_end" || io->second.first == 0 || io->second.second == 0)
      ns.kind = NodeKind::fringe;
    else
      ns.kind = NodeKind::priority;
    if (ns.kind == NodeKind::priority && type != "priority" && type != "traffic_light" &&
        type != "traffic_light_unregulated" && type != "traffic_light_right_on_red")
      ctx.notes.ignored(fmt::format("junction rules of type {} (treated as priority junctions)", type), id);
    out.nodes.push_back(std::move(ns));
  }
  std::unordered_set<std::string> node_ids;
  for (const NodeSpec& n : out.nodes) node_ids.insert(n.id);
  for (const RoadSpec& r : out.roads)
    for (const std::string* n : {&r.from_node, &r.to_node})
      if (!node_ids.count(*n))
        throw InputError(net.path(), r.where,
                         fmt::format("edge '{}' names junction '{}', which is not in the network", r.id, *n));
}

}  // namespace ampel::io::sumo
