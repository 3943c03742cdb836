#include "sim/io/scenario_json_inputs.hpp"

#include <fmt/format.h>
#include <array>
#include <utility>

namespace ampel::io::inputs {

namespace {

template <class E, std::size_t N>
const char* name_of(E e, const std::array<std::pair<E, const char*>, N>& table) {
  for (const auto& [v, n] : table)
    if (v == e) return n;
  return "?";
}

template <class E, std::size_t N>
bool value_of(const std::string& s, E& out, const std::array<std::pair<E, const char*>, N>& table) {
  for (const auto& [v, n] : table)
    if (s == n) return out = v, true;
  return false;
}

template <class E, std::size_t N>
std::string known(const std::array<std::pair<E, const char*>, N>& table) {
  std::string out;
  for (const auto& [v, n] : table) out += out.empty() ? n : std::string(", ") + n;
  return out;
}

constexpr std::array<std::pair<DepartLane, const char*>, 5> kLanes{{{DepartLane::random, "random"},
                                                                    {DepartLane::free, "free"},
                                                                    {DepartLane::allowed, "allowed"},
                                                                    {DepartLane::best, "best"},
                                                                    {DepartLane::first, "first"}}};
constexpr std::array<std::pair<DepartPos, const char*>, 5> kPositions{
    {{DepartPos::random, "random"},
     {DepartPos::free, "free"},
     {DepartPos::random_free, "random_free"},
     {DepartPos::base, "base"},
     {DepartPos::last, "last"}}};
constexpr std::array<std::pair<DepartSpeed, const char*>, 6> kSpeeds{{{DepartSpeed::max, "max"},
                                                                      {DepartSpeed::desired, "desired"},
                                                                      {DepartSpeed::limit, "speed_limit"},
                                                                      {DepartSpeed::random, "random"},
                                                                      {DepartSpeed::last, "last"},
                                                                      {DepartSpeed::avg, "avg"}}};

std::vector<double> numbers(const Field& f) {
  std::vector<double> out;
  if (f.expect_array())
    for (std::size_t i = 0; i < f.size(); ++i) out.push_back(f.at(i).number(0.0));
  return out;
}

}  // namespace

void read_lane(const Field& f, LaneSpec& lane) {
  if (f["allowed_classes"].present()) lane.allowed_classes = f["allowed_classes"].strings();
}
void write_lane(OrderedJson& j, const LaneSpec& lane) {
  if (!lane.allowed_classes.empty()) j["allowed_classes"] = lane.allowed_classes;
}
bool lane_has_detail(const LaneSpec& lane) {
  return !lane.allowed_classes.empty();
}

void read_type(const Field& f, VehicleTypeSpec& type) {
  type.vclass = f["vclass"].string(type.vclass);
}
void write_type(OrderedJson& j, const VehicleTypeSpec& type) {
  if (type.vclass != "passenger") j["vclass"] = type.vclass;
}

void read_demand(const Field& f, std::string& route_distribution, DepartureSpec& d,
                 std::vector<StopSpec>& stops) {
  route_distribution = f["route_distribution"].string();
  Field dep = f["departure"];
  if (dep.present() && dep.expect_object({"lane", "pos_m", "speed", "arrival_m"})) {
    Field lane = dep["lane"];
    if (lane.is_number()) {
      d.lane = DepartLane::index;
      d.lane_index = lane.integer(0);
    } else if (lane.present() && !value_of(lane.string(), d.lane, kLanes)) {
      lane.error(fmt::format("expected a lane index or one of {}", known(kLanes)));
    }
    Field pos = dep["pos_m"];
    if (pos.is_number()) {
      d.pos = DepartPos::value;
      d.pos_m = pos.number(0.0);
    } else if (pos.present() && !value_of(pos.string(), d.pos, kPositions)) {
      pos.error(fmt::format("expected a position in m or one of {}", known(kPositions)));
    }
    Field speed = dep["speed"];
    if (speed.present() && !value_of(speed.string(), d.speed, kSpeeds))
      speed.error(
          fmt::format("expected one of {} (a speed in m/s goes in depart_speed_mps)", known(kSpeeds)));
    Field arr = dep["arrival_m"];
    if (arr.is_number()) {
      d.arrival = ArrivalPos::value;
      d.arrival_m = arr.number(0.0);
    } else if (arr.present()) {
      if (arr.string() == "random")
        d.arrival = ArrivalPos::random;
      else
        arr.error("expected a position in m or \"random\"");
    }
  }
  Field st = f["stops"];
  if (st.present() && st.expect_array())
    for (std::size_t i = 0; i < st.size(); ++i) {
      Field s = st.at(i);
      s.expect_object({"road", "lane", "start_m", "end_m", "duration_s", "until_s", "name"});
      StopSpec stop;
      stop.where = s.path();
      stop.road = s["road"].string_required();
      stop.lane = s["lane"].integer(0);
      stop.start_m = s["start_m"].number(-1.0);
      stop.end_m = s["end_m"].number(-1.0);
      stop.duration_s = s["duration_s"].non_negative(0.0);
      stop.until_s = s["until_s"].number(-1.0);
      stop.name = s["name"].string();
      stops.push_back(std::move(stop));
    }
}

void write_demand(OrderedJson& j, const std::string& route_distribution, const DepartureSpec& d,
                  const std::vector<StopSpec>& stops) {
  if (!route_distribution.empty()) j["route_distribution"] = route_distribution;
  if (!(d == DepartureSpec{})) {
    OrderedJson o = OrderedJson::object();
    if (d.lane == DepartLane::index)
      o["lane"] = d.lane_index;
    else if (d.lane != DepartLane::automatic)
      o["lane"] = name_of(d.lane, kLanes);
    if (d.pos == DepartPos::value)
      o["pos_m"] = d.pos_m;
    else if (d.pos != DepartPos::automatic)
      o["pos_m"] = name_of(d.pos, kPositions);
    if (d.speed != DepartSpeed::value) o["speed"] = name_of(d.speed, kSpeeds);
    if (d.arrival == ArrivalPos::value) o["arrival_m"] = d.arrival_m;
    if (d.arrival == ArrivalPos::random) o["arrival_m"] = "random";
    j["departure"] = o;
  }
  if (stops.empty()) return;
  OrderedJson arr = OrderedJson::array();
  for (const StopSpec& s : stops) {
    OrderedJson o{{"road", s.road}, {"lane", s.lane}};
    if (s.start_m >= 0) o["start_m"] = s.start_m;
    if (s.end_m >= 0) o["end_m"] = s.end_m;
    o["duration_s"] = s.duration_s;
    if (s.until_s >= 0) o["until_s"] = s.until_s;
    if (!s.name.empty()) o["name"] = s.name;
    arr.push_back(o);
  }
  j["stops"] = arr;
}

void read_flow(const Field& f, FlowSpec& flow) {
  read_demand(f, flow.route_distribution, flow.departure, flow.stops);
  if (f["max_vehicles"].present())
    flow.max_vehicles = static_cast<std::int64_t>(f["max_vehicles"].non_negative(0));
}
void write_flow(OrderedJson& j, const FlowSpec& flow) {
  write_demand(j, flow.route_distribution, flow.departure, flow.stops);
  if (flow.max_vehicles >= 0) j["max_vehicles"] = flow.max_vehicles;
}

void read_signal(const Field& f, SignalSpec& signal) {
  Field p = f["params"];
  if (!p.present()) return;
  if (!p.is_object()) return p.error("expected an object of parameters (strings)");
  for (auto it = p.raw()->begin(); it != p.raw()->end(); ++it)
    signal.params[it.key()] = p[it.key().c_str()].string();
}
void write_signal(OrderedJson& j, const SignalSpec& signal) {
  if (!signal.params.empty()) j["params"] = signal.params;
}

void read_network(const Field& f, NetworkSpec& net) {
  Field d = f["detectors"];
  if (!d.present() || !d.expect_array()) return;
  for (std::size_t i = 0; i < d.size(); ++i) {
    Field x = d.at(i);
    x.expect_object({"id", "road", "lane", "pos_m"});
    net.detectors.push_back({x["id"].string_required(), x["road"].string_required(), x["lane"].integer(0),
                             x["pos_m"].non_negative(0.0), x.path()});
  }
}
void write_network(OrderedJson& j, const NetworkSpec& net) {
  if (net.detectors.empty()) return;
  OrderedJson arr = OrderedJson::array();
  for (const LoopDetectorSpec& d : net.detectors)
    arr.push_back({{"id", d.id}, {"road", d.road}, {"lane", d.lane}, {"pos_m", d.pos_m}});
  j["detectors"] = arr;
}

void read_time(const Field& f, TimeSpec& time) {
  time.end_when_empty = f["end_when_empty"].boolean(time.end_when_empty);
}
void write_time(OrderedJson& j, const TimeSpec& time) {
  if (time.end_when_empty) j["end_when_empty"] = true;
}

void read_scenario(const Field& f, ScenarioSpec& spec) {
  Field td = f["type_distributions"];
  if (td.present() && td.expect_array())
    for (std::size_t i = 0; i < td.size(); ++i) {
      Field d = td.at(i);
      d.expect_object({"id", "types", "weights"});
      spec.type_distributions.push_back(
          {d["id"].string_required(), d["types"].strings(), numbers(d["weights"]), d.path()});
    }
  Field rd = f["route_distributions"];
  if (rd.present() && rd.expect_array())
    for (std::size_t i = 0; i < rd.size(); ++i) {
      Field d = rd.at(i);
      d.expect_object({"id", "routes", "weights"});
      RouteDistributionSpec r;
      r.id = d["id"].string_required();
      r.where = d.path();
      if (d["routes"].expect_array())
        for (std::size_t k = 0; k < d["routes"].size(); ++k) r.routes.push_back(d["routes"].at(k).strings());
      r.weights = numbers(d["weights"]);
      spec.route_distributions.push_back(std::move(r));
    }
  Field imp = f["import"];
  if (imp.present() && imp.expect_object({"notes", "dropped_vehicles", "dropped_signals"})) {
    spec.notes = imp["notes"].strings();
    spec.dropped_vehicles = static_cast<std::uint64_t>(imp["dropped_vehicles"].non_negative(0.0));
    spec.dropped_signals = static_cast<std::uint32_t>(imp["dropped_signals"].non_negative(0.0));
  }
}

void write_scenario(OrderedJson& j, const ScenarioSpec& spec) {
  if (!spec.type_distributions.empty()) {
    OrderedJson arr = OrderedJson::array();
    for (const auto& d : spec.type_distributions)
      arr.push_back({{"id", d.id}, {"types", d.types}, {"weights", d.weights}});
    j["type_distributions"] = arr;
  }
  if (!spec.route_distributions.empty()) {
    OrderedJson arr = OrderedJson::array();
    for (const auto& d : spec.route_distributions)
      arr.push_back({{"id", d.id}, {"routes", d.routes}, {"weights", d.weights}});
    j["route_distributions"] = arr;
  }
  // What the import left out, so a run's manifest keeps the full list.
  if (!spec.notes.empty() || spec.dropped_vehicles > 0 || spec.dropped_signals > 0)
    j["import"] = {{"notes", spec.notes},
                   {"dropped_vehicles", spec.dropped_vehicles},
                   {"dropped_signals", spec.dropped_signals}};
}

}  // namespace ampel::io::inputs
