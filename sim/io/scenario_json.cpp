// ampel's own scenario format (JSON with comments), read into and written from ScenarioSpec.
// Every field, unit and default is documented in scenarios/README.md.
#include "sim/io/scenario_json.hpp"
#include "sim/io/scenario_json_inputs.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>

#include "sim/io/days.hpp"
#include "sim/io/json_reader.hpp"
#include "sim/limits.hpp"
#include "sim/network.hpp"

namespace ampel::io {

namespace {

namespace L = limits;

std::vector<Point> read_points(const Field& f) {
  std::vector<Point> pts;
  if (!f.present()) return pts;
  if (!f.expect_array()) return pts;
  if (f.size() > L::kMaxShapePoints) {
    f.error(fmt::format("has {} points; the limit is {}", f.size(), L::kMaxShapePoints));
    return pts;
  }
  for (std::size_t i = 0; i < f.size(); ++i) {
    Field p = f.at(i);
    if (!p.is_array() || p.size() != 2) {
      p.error("expected a point [x_m, y_m]");
      continue;
    }
    pts.push_back({p.at(0).number_in(-L::kMaxCoordinateM, L::kMaxCoordinateM, 0.0, "m"),
                   p.at(1).number_in(-L::kMaxCoordinateM, L::kMaxCoordinateM, 0.0, "m")});
  }
  return pts;
}

// An optional quantity whose absence (or a negative marker in the spec) means "derive it".
double optional_in(const Field& f, double lo, double hi, const char* unit) {
  return f.present() ? f.number_in(lo, hi, -1.0, unit) : -1.0;
}

// Lists longer than a limit are refused before they are read.
bool within(const Field& f, std::size_t limit, const char* what) {
  if (f.size() <= limit) return true;
  f.error(fmt::format("has {} {}; the limit is {}", f.size(), what, limit));
  return false;
}

NodeKind read_node_kind(const Field& f) {
  std::string k = f.string("priority");
  if (k == "signalised" || k == "signalized" || k == "traffic_light") return NodeKind::signalised;
  if (k == "fringe") return NodeKind::fringe;
  if (k != "priority")
    f.error(fmt::format("unknown node kind '{}' (known: signalised, priority, fringe)", k));
  return NodeKind::priority;
}

std::optional<Turn> read_turn(const Field& f) {
  if (!f.present()) return std::nullopt;
  std::string t = f.string();
  if (t == "right") return Turn::right;
  if (t == "straight") return Turn::straight;
  if (t == "left") return Turn::left;
  if (t == "uturn") return Turn::uturn;
  f.error(fmt::format("unknown turn '{}' (known: right, straight, left, uturn)", t));
  return std::nullopt;
}

// "from_road>to_road"
MovementRef read_movement(const Field& f, bool permissive) {
  MovementRef m;
  m.permissive = permissive;
  m.where = f.path();
  std::string s = f.string_required();
  auto pos = s.find('>');
  if (pos == std::string::npos || pos == 0 || pos + 1 == s.size()) {
    if (!s.empty()) f.error(fmt::format("movement '{}' must be written as 'from_road>to_road'", s));
    return m;
  }
  m.from_road = s.substr(0, pos);
  m.to_road = s.substr(pos + 1);
  return m;
}

void read_nodes(const Field& nodes, NetworkSpec& net) {
  if (!nodes.expect_array()) {
    if (!nodes.present()) nodes.error("required array 'nodes' is missing");
    return;
  }
  if (!within(nodes, L::kMaxNodes, "nodes")) return;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Field n = nodes.at(i);
    n.expect_object({"id", "x_m", "y_m", "kind", "shape"});
    NodeSpec ns;
    ns.where = n.path();
    ns.id = n["id"].string_required();
    for (auto [key, out] : {std::pair{"x_m", &ns.position.x}, std::pair{"y_m", &ns.position.y}}) {
      if (!n[key].present()) n[key].error("required number is missing");
      *out = n[key].number_in(-L::kMaxCoordinateM, L::kMaxCoordinateM, 0.0, "m");
    }
    ns.kind = read_node_kind(n["kind"]);
    ns.shape = read_points(n["shape"]);
    net.nodes.push_back(std::move(ns));
  }
}

void read_roads(const Field& roads, NetworkSpec& net) {
  if (!roads.expect_array()) {
    if (!roads.present()) roads.error("required array 'roads' is missing");
    return;
  }
  if (!within(roads, L::kMaxRoads, "roads")) return;
  for (std::size_t i = 0; i < roads.size(); ++i) {
    Field r = roads.at(i);
    r.expect_object({"id", "from", "to", "lanes", "speed_mps", "length_m", "shape", "lane_speeds_mps"});
    RoadSpec rs;
    rs.where = r.path();
    rs.id = r["id"].string_required();
    rs.from_node = r["from"].string_required();
    rs.to_node = r["to"].string_required();
    Field lanes = r["lanes"];
    if (lanes.is_array()) {
      // Per-lane detail (imported networks): index 0 is the rightmost lane.
      if (lanes.size() < 1 || lanes.size() > static_cast<std::size_t>(L::kMaxLanesPerRoad))
        lanes.error(fmt::format("has {} lanes; a road has 1 to {}", lanes.size(), L::kMaxLanesPerRoad));
      for (std::size_t k = 0; k < lanes.size() && k < static_cast<std::size_t>(L::kMaxLanesPerRoad); ++k) {
        Field l = lanes.at(k);
        l.expect_object({"speed_mps", "length_m", "width_m", "shape", AMPEL_LANE_INPUT_KEYS});
        LaneSpec ls;
        ls.where = l.path();
        ls.speed_mps = optional_in(l["speed_mps"], 0.01, L::kMaxSpeedMps, "m/s");
        ls.length_m = optional_in(l["length_m"], 0.01, L::kMaxLengthM, "m");
        ls.width_m = l["width_m"].number_in(0.1, L::kMaxLaneWidthM, 3.2, "m");
        ls.shape = read_points(l["shape"]);
        inputs::read_lane(l, ls);
        rs.lanes.push_back(std::move(ls));
      }
      rs.lane_count = static_cast<int>(rs.lanes.size());
    } else {
      rs.lane_count = lanes.integer_in(1, L::kMaxLanesPerRoad, 1);
    }
    rs.speed_mps = r["speed_mps"].number_in(0.01, L::kMaxSpeedMps, 13.89, "m/s");
    rs.length_m = optional_in(r["length_m"], 0.01, L::kMaxLengthM, "m");
    rs.shape = read_points(r["shape"]);
    net.roads.push_back(std::move(rs));
  }
}

void read_connections(const Field& conns, NetworkSpec& net) {
  if (!conns.expect_array() || !within(conns, L::kMaxConnections, "connections")) return;
  for (std::size_t i = 0; i < conns.size(); ++i) {
    Field c = conns.at(i);
    c.expect_object({"from", "from_lane", "to", "to_lane", "turn", "shape", "priority", "signal",
                     "link_index", "via_length_m", "via_speed_mps", "wait_m", "foes"});
    ConnectionSpec cs;
    cs.where = c.path();
    cs.from_road = c["from"].string_required();
    cs.from_lane = c["from_lane"].integer_in(0, L::kMaxLanesPerRoad - 1, 0);
    cs.to_road = c["to"].string_required();
    cs.to_lane = c["to_lane"].integer_in(0, L::kMaxLanesPerRoad - 1, 0);
    cs.turn = read_turn(c["turn"]);
    cs.via_shape = read_points(c["shape"]);
    cs.signal = c["signal"].string();
    cs.signal_link = c["link_index"].integer_in(0, 100000, -1);
    cs.via_length_m = optional_in(c["via_length_m"], 0.01, L::kMaxLengthM, "m");
    cs.via_speed_mps = optional_in(c["via_speed_mps"], 0.01, L::kMaxSpeedMps, "m/s");
    cs.wait_m = optional_in(c["wait_m"], 0.0, L::kMaxLengthM, "m");
    if (c["foes"].expect_array() && within(c["foes"], 10000, "foes")) {
      std::vector<int> foes;
      for (std::size_t k = 0; k < c["foes"].size(); ++k)
        foes.push_back(c["foes"].at(k).integer_in(0, static_cast<int>(L::kMaxConnections), -1));
      cs.foes = std::move(foes);
    }
    std::string prio = c["priority"].string("major");
    if (prio == "minor")
      cs.priority = LinkPriority::minor;
    else if (prio != "major")
      c["priority"].error(fmt::format("unknown priority '{}' (known: major, minor)", prio));
    net.connections.push_back(std::move(cs));
  }
}

SignalPhaseSpec read_phase(const Field& p, const SignalSpec& ss) {
  p.expect_object({"duration_s", "min_s", "max_s", "green", "permissive", "state", "name"});
  SignalPhaseSpec ps;
  ps.where = p.path();
  if (!p["duration_s"].present()) p["duration_s"].error("required number is missing");
  ps.duration_s = p["duration_s"].number_in(0.1, L::kMaxPhaseS, 30.0, "s");
  ps.min_duration_s = optional_in(p["min_s"], 0.0, L::kMaxPhaseS, "s");
  ps.max_duration_s = optional_in(p["max_s"], 0.1, L::kMaxPhaseS, "s");
  ps.name = p["name"].string();
  ps.state = p["state"].string();
  Field green = p["green"], perm = p["permissive"];
  if (green.expect_array())
    for (std::size_t g = 0; g < green.size(); ++g) ps.green.push_back(read_movement(green.at(g), false));
  if (perm.expect_array())
    for (std::size_t g = 0; g < perm.size(); ++g) ps.green.push_back(read_movement(perm.at(g), true));
  if (ss.link_count > 0 && ps.state.empty()) p.error("signals with link_count need a 'state' per phase");
  if (ss.link_count == 0 && !ps.state.empty()) p.error("'state' needs the signal's 'link_count'");
  return ps;
}

void read_signals(const Field& sigs, NetworkSpec& net) {
  if (!sigs.expect_array() || !within(sigs, L::kMaxSignals, "signals")) return;
  for (std::size_t i = 0; i < sigs.size(); ++i) {
    Field s = sigs.at(i);
    s.expect_object({"id", "nodes", "offset_s", "yellow_s", "all_red_s", "min_green_s", "max_green_s",
                     "phases", "link_count", "type", AMPEL_SIGNAL_INPUT_KEYS});
    SignalSpec ss;
    ss.where = s.path();
    ss.id = s["id"].string_required();
    ss.nodes = s["nodes"].present() ? s["nodes"].strings() : std::vector<std::string>{ss.id};
    ss.offset_s = s["offset_s"].number_in(-L::kMaxPhaseS, L::kMaxPhaseS, 0.0, "s");
    ss.yellow_s = s["yellow_s"].number_in(0.0, 60.0, 3.0, "s");
    ss.all_red_s = s["all_red_s"].number_in(0.0, 60.0, 2.0, "s");
    ss.min_green_s = s["min_green_s"].number_in(0.0, L::kMaxPhaseS, 5.0, "s");
    ss.max_green_s = s["max_green_s"].number_in(0.1, L::kMaxPhaseS, 90.0, "s");
    ss.link_count = s["link_count"].integer_in(0, 100000, 0);
    ss.program_type = s["type"].string("static");
    inputs::read_signal(s, ss);
    Field phases = s["phases"];
    if (phases.expect_array() && within(phases, L::kMaxPhases, "phases"))
      for (std::size_t k = 0; k < phases.size(); ++k) ss.phases.push_back(read_phase(phases.at(k), ss));
    net.signals.push_back(std::move(ss));
  }
}

NetworkSpec read_network(const Field& f) {
  NetworkSpec net;
  net.where = f.path();
  if (!f.expect_object({"nodes", "roads", "connections", "signals", AMPEL_NETWORK_INPUT_KEYS})) {
    if (!f.present()) f.error("required object 'network' is missing");
    return net;
  }
  read_nodes(f["nodes"], net);
  read_roads(f["roads"], net);
  read_connections(f["connections"], net);
  read_signals(f["signals"], net);
  inputs::read_network(f, net);
  return net;
}

VehicleTypeSpec read_type(const Field& t) {
  t.expect_object({"id", "length_m", "min_gap_m", "max_speed_mps", "accel_mps2", "decel_mps2",
                   "emergency_decel_mps2", "headway_s", "sigma", "speed_factor", "speed_dev",
                   AMPEL_TYPE_INPUT_KEYS});
  VehicleTypeSpec v;
  v.where = t.path();
  v.id = t["id"].string_required();
  v.length_m = t["length_m"].number_in(0.1, L::kMaxVehicleLengthM, v.length_m, "m");
  v.min_gap_m = t["min_gap_m"].number_in(0.0, L::kMaxGapM, v.min_gap_m, "m");
  v.max_speed_mps = t["max_speed_mps"].number_in(0.1, L::kMaxSpeedMps, v.max_speed_mps, "m/s");
  v.accel_mps2 = t["accel_mps2"].number_in(0.01, L::kMaxAccelMps2, v.accel_mps2, "m/s²");
  v.decel_mps2 = t["decel_mps2"].number_in(0.01, L::kMaxAccelMps2, v.decel_mps2, "m/s²");
  v.emergency_decel_mps2 = t["emergency_decel_mps2"].number_in(
      0.01, L::kMaxAccelMps2, std::max(v.emergency_decel_mps2, v.decel_mps2), "m/s²");
  v.headway_s = t["headway_s"].number_in(0.01, L::kMaxHeadwayS, v.headway_s, "s");
  v.sigma = t["sigma"].number_in(0.0, 1.0, v.sigma);
  v.speed_factor = t["speed_factor"].number_in(0.01, L::kMaxSpeedFactor, v.speed_factor);
  v.speed_dev = t["speed_dev"].number_in(0.0, 0.99, v.speed_dev);
  inputs::read_type(t, v);
  return v;
}

using Profiles = std::map<std::string, std::vector<RateInterval>>;  // rate_vph holds the factor here

// One interval of a flow or a profile: times within the documented range, `key` the rate's field name.
RateInterval read_interval(const Field& iv, const char* key, double max_rate) {
  iv.expect_object({"begin_s", "end_s", key});
  for (const char* k : {"begin_s", "end_s", key})
    if (!iv[k].present()) iv[k].error("required number is missing");
  return {iv["begin_s"].number_in(0.0, L::kMaxTimeS, 0.0, "s"),
          iv["end_s"].number_in(0.0, L::kMaxTimeS, 0.0, "s"), iv[key].number_in(0.0, max_rate, 0.0)};
}

Profiles read_profiles(const Field& f) {
  Profiles out;
  if (!f.present()) return out;
  if (!f.is_object()) {
    f.error("expected an object of named profiles");
    return out;
  }
  for (const std::string& name : f.keys()) {
    Field p = f[name];
    std::vector<RateInterval> ivs;
    if (p.expect_array() && within(p, 100000, "intervals"))
      for (std::size_t i = 0; i < p.size(); ++i)
        ivs.push_back(read_interval(p.at(i), "factor", L::kMaxDemandFactor));
    out[name] = std::move(ivs);
  }
  return out;
}

double read_depart_speed(const Field& f) {
  if (f.is_string()) {
    if (f.string() == "max") return -1.0;
    f.error("expected a speed in m/s or \"max\"");
    return 0.0;
  }
  return f.number_in(0.0, L::kMaxSpeedMps, 0.0, "m/s");
}

FlowSpec read_flow(const Field& f, const Profiles& profiles, const TimeSpec& time) {
  f.expect_object({"id", "type", "route", "from", "to", "rate_vph", "profile", "intervals", "begin_s",
                   "end_s", "headways", "depart_speed_mps", AMPEL_DEMAND_INPUT_KEYS, AMPEL_FLOW_INPUT_KEYS});
  FlowSpec fs;
  fs.where = f.path();
  fs.id = f["id"].string_required();
  fs.type = f["type"].string("car");
  fs.route = f["route"].strings();
  fs.from_road = f["from"].string();
  fs.to_road = f["to"].string();
  fs.depart_speed_mps = read_depart_speed(f["depart_speed_mps"]);
  std::string hw = f["headways"].string("poisson");
  if (hw == "uniform")
    fs.headways = Headways::uniform;
  else if (hw == "bernoulli")
    fs.headways = Headways::bernoulli;
  else if (hw != "poisson")
    f["headways"].error(fmt::format("unknown headways '{}' (known: poisson, uniform, bernoulli)", hw));
  inputs::read_flow(f, fs);
  if (f["intervals"].present()) {
    Field ivs = f["intervals"];
    if (ivs.expect_array() && within(ivs, 100000, "intervals"))
      for (std::size_t i = 0; i < ivs.size(); ++i)
        fs.profile.push_back(read_interval(ivs.at(i), "rate_vph", L::kMaxRateVph));
    return fs;
  }
  if (!f["rate_vph"].present()) {
    f.error("a flow needs 'rate_vph' (with an optional 'profile') or 'intervals'");
    return fs;
  }
  double rate = f["rate_vph"].number_in(0.0, L::kMaxRateVph, 0.0, "veh/h");
  if (f["profile"].present()) {
    std::string name = f["profile"].string();
    auto it = profiles.find(name);
    if (it == profiles.end()) {
      f["profile"].error(fmt::format("unknown profile '{}'", name));
      return fs;
    }
    for (const RateInterval& iv : it->second)
      fs.profile.push_back({iv.begin_s, iv.end_s, rate * iv.rate_vph});
  } else {
    fs.profile.push_back({f["begin_s"].number_in(0.0, L::kMaxTimeS, time.begin_s, "s"),
                          f["end_s"].number_in(0.0, L::kMaxTimeS, time.end_s, "s"), rate});
  }
  return fs;
}

VehicleSpec read_vehicle(const Field& v) {
  v.expect_object(
      {"id", "type", "depart_s", "route", "from", "to", "depart_speed_mps", AMPEL_DEMAND_INPUT_KEYS});
  VehicleSpec vs;
  vs.where = v.path();
  vs.id = v["id"].string_required();
  vs.type = v["type"].string("car");
  vs.depart_s = v["depart_s"].number_in(0.0, L::kMaxTimeS, 0.0, "s");
  vs.route = v["route"].strings();
  vs.from_road = v["from"].string();
  vs.to_road = v["to"].string();
  vs.depart_speed_mps = read_depart_speed(v["depart_speed_mps"]);
  inputs::read_demand(v, vs.route_distribution, vs.departure, vs.stops);
  return vs;
}

EventSpec read_event(const Field& e) {
  e.expect_object({"at_s", "type", "road", "lane", "duration_s", "factor"});
  EventSpec ev;
  ev.where = e.path();
  if (!e["at_s"].present()) e["at_s"].error("required number is missing");
  ev.at_s = e["at_s"].number_in(0.0, L::kMaxTimeS, 0.0, "s");
  std::string type = e["type"].string_required();
  if (type == "close_lane")
    ev.kind = EventKind::close_lane;
  else if (type == "open_lane")
    ev.kind = EventKind::open_lane;
  else if (type == "scale_demand")
    ev.kind = EventKind::scale_demand;
  else if (!type.empty())
    e["type"].error(
        fmt::format("unknown event type '{}' (known: close_lane, open_lane, scale_demand)", type));
  if (ev.kind == EventKind::scale_demand) {
    if (!e["factor"].present()) e["factor"].error("required number is missing");
    ev.factor = e["factor"].number_in(0.0, L::kMaxDemandFactor, 1.0);
  } else {
    ev.road = e["road"].string_required();
    ev.lane = e["lane"].integer_in(0, L::kMaxLanesPerRoad - 1, 0);
    ev.duration_s = optional_in(e["duration_s"], 0.001, L::kMaxRunS, "s");
  }
  return ev;
}

TimeSpec read_time(const Field& t) {
  TimeSpec time;
  t.expect_object({"begin_s", "end_s", "step_s", "warmup_s", "output_interval_s", "gridlock_after_s",
                   AMPEL_TIME_INPUT_KEYS});
  time.where = "/time";
  time.begin_s = t["begin_s"].number_in(0.0, L::kMaxTimeS, time.begin_s, "s");
  time.end_s = t["end_s"].number_in(0.0, L::kMaxTimeS + L::kMaxRunS, time.end_s, "s");
  time.step_s = t["step_s"].number_in(0.1, 1.0, time.step_s, "s");
  time.warmup_s = t["warmup_s"].number_in(0.0, L::kMaxRunS, time.warmup_s, "s");
  time.output_interval_s = t["output_interval_s"].number_in(0.1, L::kMaxRunS, time.output_interval_s, "s");
  time.gridlock_after_s = t["gridlock_after_s"].number_in(0.1, L::kMaxRunS, time.gridlock_after_s, "s");
  inputs::read_time(t, time);
  return time;
}

// Ids that name things (flows and vehicles become trips.csv rows): each once, both places named.
template <class Spec>
void check_unique_ids(const std::vector<Spec>& items, const char* what, Diagnostics& diag) {
  std::map<std::string, const std::string*> first;
  for (const Spec& s : items) {
    if (s.id.empty()) continue;
    auto [it, fresh] = first.emplace(s.id, &s.where);
    if (!fresh)
      diag.error(s.where + "/id",
                 fmt::format("{} id '{}' is used twice (first at {})", what, s.id, *it->second));
  }
}

}  // namespace

ScenarioSpec scenario_from_json(const Json& root, const std::string& file) {
  Diagnostics diag(file);
  Field r(&root, "", diag);
  ScenarioSpec sc;
  sc.source_file = file;
  if (!root.is_object()) throw InputError(file, "/", "a scenario file must hold a JSON object");
  r.expect_object({"name", "description", "seed", "time", "vehicle_types", "network", "profiles", "flows",
                   "vehicles", "events", "controller", "days", AMPEL_SCENARIO_INPUT_KEYS});
  sc.name = r["name"].string("scenario");
  sc.description = r["description"].string();
  sc.seed = r["seed"].seed(1);
  sc.time = read_time(r["time"]);

  Field types = r["vehicle_types"];
  if (types.expect_array() && within(types, L::kMaxVehicleTypes, "vehicle types"))
    for (std::size_t i = 0; i < types.size(); ++i) sc.vehicle_types.push_back(read_type(types.at(i)));

  sc.network = read_network(r["network"]);
  Profiles profiles = read_profiles(r["profiles"]);

  Field flows = r["flows"];
  if (flows.expect_array() && within(flows, L::kMaxFlows, "flows"))
    for (std::size_t i = 0; i < flows.size(); ++i)
      sc.flows.push_back(read_flow(flows.at(i), profiles, sc.time));
  check_unique_ids(sc.flows, "flow", diag);

  Field vehicles = r["vehicles"];
  if (vehicles.expect_array() && within(vehicles, L::kMaxVehicles, "vehicles"))
    for (std::size_t i = 0; i < vehicles.size(); ++i) sc.vehicles.push_back(read_vehicle(vehicles.at(i)));
  check_unique_ids(sc.vehicles, "vehicle", diag);

  inputs::read_scenario(r, sc);
  Field events = r["events"];
  if (events.expect_array() && within(events, L::kMaxEvents, "events"))
    for (std::size_t i = 0; i < events.size(); ++i) sc.events.push_back(read_event(events.at(i)));

  Field c = r["controller"];
  if (c.present()) {
    c.expect_object({"type", "params"});
    sc.controller.type = c["type"].string("fixed_time");
    sc.controller.params = read_params(c["params"]);
    sc.controller.where = "/controller";
  }
  if (r["days"].present()) sc.days = read_days(r["days"]);
  diag.throw_if_any();
  return sc;
}

ScenarioSpec load_scenario_json(const std::string& path) {
  return scenario_from_json(parse_json_file(path), path);
}

// ---- writing ---------------------------------------------------------------------------------------------

namespace {

OrderedJson points_json(const std::vector<Point>& pts) {
  OrderedJson a = OrderedJson::array();
  for (Point p : pts) a.push_back({p.x, p.y});
  return a;
}

const char* kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::fringe:
      return "fringe";
    case NodeKind::priority:
      return "priority";
    case NodeKind::signalised:
      return "signalised";
  }
  return "priority";
}

}  // namespace

OrderedJson params_to_json(const ParamMap& params) {
  OrderedJson p = OrderedJson::object();
  for (const auto& [k, v] : params) {
    if (std::holds_alternative<double>(v))
      p[k] = std::get<double>(v);
    else
      p[k] = std::get<std::string>(v);
  }
  return p;
}

OrderedJson controller_to_json(const ControllerSpec& c) {
  OrderedJson j;
  j["type"] = c.type;
  if (!c.params.empty()) j["params"] = params_to_json(c.params);
  return j;
}

OrderedJson scenario_to_json(const ScenarioSpec& sc) {
  OrderedJson j;
  j["name"] = sc.name;
  if (!sc.description.empty()) j["description"] = sc.description;
  j["seed"] = sc.seed;
  j["time"] = {{"begin_s", sc.time.begin_s},
               {"end_s", sc.time.end_s},
               {"step_s", sc.time.step_s},
               {"warmup_s", sc.time.warmup_s},
               {"output_interval_s", sc.time.output_interval_s},
               {"gridlock_after_s", sc.time.gridlock_after_s}};
  inputs::write_time(j["time"], sc.time);
  OrderedJson types = OrderedJson::array();
  for (const auto& t : sc.vehicle_types) {
    types.push_back({{"id", t.id},
                     {"length_m", t.length_m},
                     {"min_gap_m", t.min_gap_m},
                     {"max_speed_mps", t.max_speed_mps},
                     {"accel_mps2", t.accel_mps2},
                     {"decel_mps2", t.decel_mps2},
                     {"emergency_decel_mps2", t.emergency_decel_mps2},
                     {"headway_s", t.headway_s},
                     {"sigma", t.sigma},
                     {"speed_factor", t.speed_factor},
                     {"speed_dev", t.speed_dev}});
    inputs::write_type(types.back(), t);
  }
  if (!types.empty()) j["vehicle_types"] = types;
  inputs::write_scenario(j, sc);

  OrderedJson net;
  OrderedJson nodes = OrderedJson::array();
  for (const auto& n : sc.network.nodes) {
    OrderedJson o{{"id", n.id}, {"x_m", n.position.x}, {"y_m", n.position.y}, {"kind", kind_name(n.kind)}};
    if (!n.shape.empty()) o["shape"] = points_json(n.shape);
    nodes.push_back(o);
  }
  net["nodes"] = nodes;
  OrderedJson roads = OrderedJson::array();
  for (const auto& r : sc.network.roads) {
    OrderedJson o{{"id", r.id}, {"from", r.from_node}, {"to", r.to_node}};
    o["lanes"] = r.lanes.empty() ? r.lane_count : static_cast<int>(r.lanes.size());
    bool lane_detail = std::any_of(r.lanes.begin(), r.lanes.end(), [](const LaneSpec& l) {
      return l.speed_mps >= 0 || l.length_m >= 0 || l.width_m != 3.2 || !l.shape.empty() ||
             inputs::lane_has_detail(l);
    });
    if (lane_detail) {
      OrderedJson lanes = OrderedJson::array();
      for (const LaneSpec& l : r.lanes) {
        OrderedJson lo = OrderedJson::object();
        if (l.speed_mps >= 0) lo["speed_mps"] = l.speed_mps;
        if (l.length_m >= 0) lo["length_m"] = l.length_m;
        if (l.width_m != 3.2) lo["width_m"] = l.width_m;
        if (!l.shape.empty()) lo["shape"] = points_json(l.shape);
        inputs::write_lane(lo, l);
        lanes.push_back(lo);
      }
      o["lanes"] = lanes;
    }
    o["speed_mps"] = r.speed_mps;
    if (r.length_m > 0) o["length_m"] = r.length_m;
    if (!r.shape.empty()) o["shape"] = points_json(r.shape);
    roads.push_back(o);
  }
  net["roads"] = roads;
  if (!sc.network.connections.empty()) {
    OrderedJson conns = OrderedJson::array();
    for (const auto& c : sc.network.connections) {
      OrderedJson o{
          {"from", c.from_road}, {"from_lane", c.from_lane}, {"to", c.to_road}, {"to_lane", c.to_lane}};
      if (c.turn) o["turn"] = turn_to_string(*c.turn);
      if (c.priority == LinkPriority::minor) o["priority"] = "minor";
      if (!c.via_shape.empty()) o["shape"] = points_json(c.via_shape);
      if (c.via_length_m > 0) o["via_length_m"] = c.via_length_m;
      if (c.via_speed_mps > 0) o["via_speed_mps"] = c.via_speed_mps;
      if (c.wait_m >= 0) o["wait_m"] = c.wait_m;
      if (!c.signal.empty()) o["signal"] = c.signal, o["link_index"] = c.signal_link;
      if (c.foes) o["foes"] = *c.foes;
      conns.push_back(o);
    }
    net["connections"] = conns;
  }
  OrderedJson sigs = OrderedJson::array();
  for (const auto& s : sc.network.signals) {
    OrderedJson o{{"id", s.id}};
    if (!(s.nodes.size() == 1 && s.nodes[0] == s.id)) o["nodes"] = s.nodes;
    o["offset_s"] = s.offset_s;
    o["yellow_s"] = s.yellow_s;
    o["all_red_s"] = s.all_red_s;
    o["min_green_s"] = s.min_green_s;
    o["max_green_s"] = s.max_green_s;
    if (s.program_type != "static") o["type"] = s.program_type;
    if (s.link_count > 0) o["link_count"] = s.link_count;
    OrderedJson phases = OrderedJson::array();
    for (const auto& p : s.phases) {
      OrderedJson ph{{"duration_s", p.duration_s}};
      if (p.min_duration_s >= 0) ph["min_s"] = p.min_duration_s;
      if (p.max_duration_s >= 0) ph["max_s"] = p.max_duration_s;
      if (!p.name.empty()) ph["name"] = p.name;
      if (s.link_count > 0) {
        ph["state"] = p.state;
      } else {
        OrderedJson green = OrderedJson::array(), perm = OrderedJson::array();
        for (const auto& m : p.green) (m.permissive ? perm : green).push_back(m.from_road + ">" + m.to_road);
        ph["green"] = green;
        if (!perm.empty()) ph["permissive"] = perm;
      }
      phases.push_back(ph);
    }
    if (!phases.empty()) o["phases"] = phases;
    inputs::write_signal(o, s);
    sigs.push_back(o);
  }
  if (!sigs.empty()) net["signals"] = sigs;
  inputs::write_network(net, sc.network);
  j["network"] = net;

  OrderedJson flows = OrderedJson::array();
  for (const auto& f : sc.flows) {
    OrderedJson o{{"id", f.id}};
    if (f.type != "car") o["type"] = f.type;
    if (!f.route.empty())
      o["route"] = f.route;
    else if (!f.from_road.empty())
      o["from"] = f.from_road, o["to"] = f.to_road;
    OrderedJson ivs = OrderedJson::array();
    for (const auto& iv : f.profile)
      ivs.push_back({{"begin_s", iv.begin_s}, {"end_s", iv.end_s}, {"rate_vph", iv.rate_vph}});
    o["intervals"] = ivs;
    if (f.headways == Headways::uniform) o["headways"] = "uniform";
    if (f.headways == Headways::bernoulli) o["headways"] = "bernoulli";
    if (f.depart_speed_mps != 0.0)
      o["depart_speed_mps"] = f.depart_speed_mps < 0 ? OrderedJson("max") : OrderedJson(f.depart_speed_mps);
    inputs::write_flow(o, f);
    flows.push_back(o);
  }
  if (!flows.empty()) j["flows"] = flows;
  OrderedJson vehicles = OrderedJson::array();
  for (const auto& v : sc.vehicles) {
    OrderedJson o{{"id", v.id}};
    if (v.type != "car") o["type"] = v.type;
    o["depart_s"] = v.depart_s;
    if (!v.route.empty())
      o["route"] = v.route;
    else if (!v.from_road.empty())
      o["from"] = v.from_road, o["to"] = v.to_road;
    if (v.depart_speed_mps != 0.0)
      o["depart_speed_mps"] = v.depart_speed_mps < 0 ? OrderedJson("max") : OrderedJson(v.depart_speed_mps);
    inputs::write_demand(o, v.route_distribution, v.departure, v.stops);
    vehicles.push_back(o);
  }
  if (!vehicles.empty()) j["vehicles"] = vehicles;
  OrderedJson events = OrderedJson::array();
  for (const auto& e : sc.events) {
    OrderedJson o{{"at_s", e.at_s}};
    switch (e.kind) {
      case EventKind::close_lane:
        o["type"] = "close_lane";
        break;
      case EventKind::open_lane:
        o["type"] = "open_lane";
        break;
      case EventKind::scale_demand:
        o["type"] = "scale_demand";
        break;
    }
    if (e.kind == EventKind::scale_demand) {
      o["factor"] = e.factor;
    } else {
      o["road"] = e.road;
      o["lane"] = e.lane;
      if (e.duration_s > 0) o["duration_s"] = e.duration_s;
    }
    events.push_back(o);
  }
  if (!events.empty()) j["events"] = events;
  j["controller"] = controller_to_json(sc.controller);
  if (sc.days) j["days"] = days_to_json(*sc.days);
  return j;
}

}  // namespace ampel::io
