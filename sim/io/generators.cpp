#include "sim/io/generators.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

#include "sim/error.hpp"

namespace ampel::io {

namespace {

// A small helper to sketch networks: nodes, two-way roads, and per-junction phase plans by axis.
class Sketch {
 public:
  explicit Sketch(ScenarioSpec& sc) : sc_(sc) {}

  void node(const std::string& id, double x, double y, NodeKind kind) {
    sc_.network.nodes.push_back({id, {x, y}, kind, {}, {}});
    pos_[id] = {x, y};
  }
  // Roads a->b and b->a, named by concatenating the node ids (SUMO's grid convention).
  void two_way(const std::string& a, const std::string& b, int lanes, double speed) {
    one_way(a, b, lanes, speed);
    one_way(b, a, lanes, speed);
  }
  void one_way(const std::string& a, const std::string& b, int lanes, double speed) {
    RoadSpec r;
    r.id = a + b;
    r.from_node = a;
    r.to_node = b;
    r.lane_count = lanes;
    r.speed_mps = speed;
    sc_.network.roads.push_back(r);
  }
  std::vector<const RoadSpec*> roads_into(const std::string& n) const {
    std::vector<const RoadSpec*> out;
    for (const auto& r : sc_.network.roads)
      if (r.to_node == n) out.push_back(&r);
    return out;
  }
  std::vector<const RoadSpec*> roads_out_of(const std::string& n) const {
    std::vector<const RoadSpec*> out;
    for (const auto& r : sc_.network.roads)
      if (r.from_node == n) out.push_back(&r);
    return out;
  }
  // +1 left, -1 right, 0 straight, 2 u-turn (by the node positions)
  int turn(const RoadSpec& in, const RoadSpec& out) const {
    Point p = pos_.at(in.from_node), j = pos_.at(in.to_node), q = pos_.at(out.to_node);
    if (in.from_node == out.to_node) return 2;
    double cx = (j.x - p.x) * (q.y - j.y) - (j.y - p.y) * (q.x - j.x);
    double dt = (j.x - p.x) * (q.x - j.x) + (j.y - p.y) * (q.y - j.y);
    double a = std::atan2(cx, dt);
    if (a > 0.6) return 1;
    if (a < -0.6) return -1;
    return 0;
  }
  bool vertical(const RoadSpec& in) const {
    Point p = pos_.at(in.from_node), j = pos_.at(in.to_node);
    return std::fabs(j.y - p.y) > std::fabs(j.x - p.x);
  }
  // Two stages: east-west then north-south; through and right protected, left permissive.
  void two_phase_signal(const std::string& n, double green_ew, double green_ns, double offset) {
    SignalSpec s;
    s.id = n;
    s.nodes = {n};
    s.offset_s = offset;
    s.yellow_s = 3.0;
    s.all_red_s = 2.0;
    s.min_green_s = 5.0;
    s.max_green_s = 60.0;
    for (bool vert : {false, true}) {
      SignalPhaseSpec ph;
      ph.duration_s = vert ? green_ns : green_ew;
      ph.name = vert ? "north-south" : "east-west";
      for (const RoadSpec* in : roads_into(n)) {
        if (vertical(*in) != vert) continue;
        for (const RoadSpec* out : roads_out_of(n)) {
          int t = turn(*in, *out);
          if (t == 2) continue;
          ph.green.push_back({in->id, out->id, t == 1, {}});
        }
      }
      s.phases.push_back(std::move(ph));
    }
    sc_.network.signals.push_back(std::move(s));
  }

 private:
  ScenarioSpec& sc_;
  std::map<std::string, Point> pos_;
};

std::vector<RateInterval> scaled(const std::vector<ProfileStep>& profile, double rate) {
  std::vector<RateInterval> out;
  for (const auto& s : profile) out.push_back({s.begin_s, s.end_s, rate * s.factor});
  return out;
}

void add_flow(ScenarioSpec& sc, const std::string& from, const std::string& to,
              std::vector<RateInterval> profile) {
  FlowSpec f;
  f.id = from + "_" + to;
  f.from_road = from;
  f.to_road = to;
  f.profile = std::move(profile);
  sc.flows.push_back(std::move(f));
}

// SUMO's default passenger car.
VehicleTypeSpec passenger_car() {
  return VehicleTypeSpec{};
}

}  // namespace

std::vector<ProfileStep> morning_peak_profile() {
  const double f[] = {0.55, 0.7, 0.85, 0.95, 1.0, 0.95, 0.8, 0.65};
  std::vector<ProfileStep> p;
  for (int i = 0; i < 8; ++i) p.push_back({i * 900.0, (i + 1) * 900.0, f[i]});
  return p;
}

ScenarioSpec make_single_intersection(const SingleIntersectionParams& p) {
  ScenarioSpec sc;
  sc.name = "single";
  sc.description = "One signalised four-arm intersection, two-phase plan with permissive left turns.";
  sc.seed = p.seed;
  sc.time.end_s = p.duration_s;
  sc.vehicle_types = {passenger_car()};
  Sketch s(sc);
  double L = p.arm_length_m;
  s.node("C", 0, 0, NodeKind::signalised);
  s.node("N", 0, L, NodeKind::fringe);
  s.node("S", 0, -L, NodeKind::fringe);
  s.node("E", L, 0, NodeKind::fringe);
  s.node("W", -L, 0, NodeKind::fringe);
  for (const char* arm : {"N", "E", "S", "W"}) s.two_way(arm, "C", p.lanes, p.speed_mps);
  s.two_phase_signal("C", p.green_main_s, p.green_side_s, 0.0);
  // Each approach: straight, left and right shares to the opposite and side exits.
  struct Arm {
    const char* in;
    const char* straight;
    const char* left;
    const char* right;
    double rate;
  };
  const Arm arms[] = {{"W", "E", "N", "S", p.main_rate_vph},
                      {"E", "W", "S", "N", p.main_rate_vph},
                      {"N", "S", "E", "W", p.side_rate_vph},
                      {"S", "N", "W", "E", p.side_rate_vph}};
  double straight_share = 1.0 - p.left_share - p.right_share;
  for (const Arm& a : arms) {
    std::string in = std::string(a.in) + "C";
    auto constant = [&](double share) {
      return std::vector<RateInterval>{{0.0, p.duration_s, a.rate * share}};
    };
    add_flow(sc, in, std::string("C") + a.straight, constant(straight_share));
    add_flow(sc, in, std::string("C") + a.left, constant(p.left_share));
    add_flow(sc, in, std::string("C") + a.right, constant(p.right_share));
  }
  return sc;
}

ScenarioSpec make_arterial(const ArterialParams& p) {
  ScenarioSpec sc;
  sc.name = "arterial";
  sc.description =
      fmt::format("An arterial of {} signals {} m apart with a green wave at {} m/s; side streets cross it.",
                  p.signals, p.spacing_m, p.progression_mps);
  sc.seed = p.seed;
  sc.time.end_s = p.duration_s;
  sc.vehicle_types = {passenger_car()};
  Sketch s(sc);
  double x0 = 0.0;
  s.node("W", x0 - p.spacing_m, 0, NodeKind::fringe);
  s.node("E", x0 + p.signals * p.spacing_m, 0, NodeKind::fringe);
  std::string prev = "W";
  for (int i = 0; i < p.signals; ++i) {
    std::string j = fmt::format("J{}", i);
    double x = x0 + i * p.spacing_m;
    s.node(j, x, 0, NodeKind::signalised);
    s.node(fmt::format("N{}", i), x, p.side_length_m, NodeKind::fringe);
    s.node(fmt::format("S{}", i), x, -p.side_length_m, NodeKind::fringe);
    s.two_way(prev, j, p.main_lanes, p.speed_mps);
    s.two_way(fmt::format("N{}", i), j, p.side_lanes, p.speed_mps * 0.8);
    s.two_way(fmt::format("S{}", i), j, p.side_lanes, p.speed_mps * 0.8);
    prev = j;
  }
  s.two_way(prev, "E", p.main_lanes, p.speed_mps);
  double clearance = 2 * (3.0 + 2.0);
  double green_total = p.cycle_s - clearance;
  double g_main = std::round(green_total * p.main_green_share), g_side = green_total - g_main;
  for (int i = 0; i < p.signals; ++i) {
    // Eastbound green wave: each junction's main green starts when the platoon arrives.
    double offset = std::fmod(i * p.spacing_m / p.progression_mps, p.cycle_s);
    s.two_phase_signal(fmt::format("J{}", i), g_main, g_side, std::round(offset));
  }
  // Through traffic both ways; turning traffic to and from every side street.
  auto constant = [&](double rate) { return std::vector<RateInterval>{{0.0, p.duration_s, rate}}; };
  double through = p.main_rate_vph * (1.0 - p.turn_share);
  add_flow(sc, "WJ0", fmt::format("J{}E", p.signals - 1), constant(through));
  add_flow(sc, fmt::format("EJ{}", p.signals - 1), "J0W", constant(through));
  for (int i = 0; i < p.signals; ++i) {
    std::string j = fmt::format("J{}", i), n = fmt::format("N{}", i), so = fmt::format("S{}", i);
    double turning = p.main_rate_vph * p.turn_share / (2.0 * p.signals);
    add_flow(sc, "WJ0", j + n, constant(turning));
    add_flow(sc, "WJ0", j + so, constant(turning));
    add_flow(sc, fmt::format("EJ{}", p.signals - 1), j + n, constant(turning));
    add_flow(sc, fmt::format("EJ{}", p.signals - 1), j + so, constant(turning));
    // Side streets: half cross, a quarter turn each way onto the arterial.
    add_flow(sc, n + j, j + so, constant(p.side_rate_vph * 0.5));
    add_flow(sc, so + j, j + n, constant(p.side_rate_vph * 0.5));
    add_flow(sc, n + j, fmt::format("J{}E", p.signals - 1), constant(p.side_rate_vph * 0.25));
    add_flow(sc, n + j, "J0W", constant(p.side_rate_vph * 0.25));
    add_flow(sc, so + j, fmt::format("J{}E", p.signals - 1), constant(p.side_rate_vph * 0.25));
    add_flow(sc, so + j, "J0W", constant(p.side_rate_vph * 0.25));
  }
  return sc;
}

ScenarioSpec make_grid(const GridParams& p) {
  ScenarioSpec sc;
  sc.name = fmt::format("grid{}x{}", p.rows, p.cols);
  sc.description =
      fmt::format("{}x{} grid of signalised junctions {} m apart, {} lanes per direction{}.", p.rows, p.cols,
                  p.spacing_m, p.lanes, p.morning_peak ? ", two-hour morning peak" : ", constant demand");
  sc.seed = p.seed;
  sc.time.end_s = p.duration_s;
  // Ten minutes of warm-up, but never the whole of a short run (the warm-up must be shorter than the run).
  sc.time.warmup_s = p.morning_peak ? std::min(600.0, p.duration_s / 2) : 0.0;
  sc.vehicle_types = {passenger_car()};
  Sketch s(sc);
  auto junction = [](int c, int r) { return fmt::format("{}{}", static_cast<char>('A' + c), r); };
  for (int c = 0; c < p.cols; ++c)
    for (int r = 0; r < p.rows; ++r)
      s.node(junction(c, r), (c + 1) * p.spacing_m, (r + 1) * p.spacing_m, NodeKind::signalised);
  for (int c = 0; c < p.cols; ++c) {
    s.node(fmt::format("bottom{}", c), (c + 1) * p.spacing_m, 0, NodeKind::fringe);
    s.node(fmt::format("top{}", c), (c + 1) * p.spacing_m, (p.rows + 1) * p.spacing_m, NodeKind::fringe);
  }
  for (int r = 0; r < p.rows; ++r) {
    s.node(fmt::format("left{}", r), 0, (r + 1) * p.spacing_m, NodeKind::fringe);
    s.node(fmt::format("right{}", r), (p.cols + 1) * p.spacing_m, (r + 1) * p.spacing_m, NodeKind::fringe);
  }
  for (int c = 0; c < p.cols; ++c)
    for (int r = 0; r < p.rows; ++r) {
      if (c + 1 < p.cols) s.two_way(junction(c, r), junction(c + 1, r), p.lanes, p.speed_mps);
      if (r + 1 < p.rows) s.two_way(junction(c, r), junction(c, r + 1), p.lanes, p.speed_mps);
    }
  std::vector<std::pair<std::string, std::string>> gates;  // (entry road, exit road) per fringe node, by side
  std::vector<int> side;
  for (int c = 0; c < p.cols; ++c) {
    s.two_way(fmt::format("bottom{}", c), junction(c, 0), p.lanes, p.speed_mps);
    s.two_way(fmt::format("top{}", c), junction(c, p.rows - 1), p.lanes, p.speed_mps);
    gates.push_back(
        {fmt::format("bottom{}{}", c, junction(c, 0)), junction(c, 0) + fmt::format("bottom{}", c)});
    side.push_back(0);
    gates.push_back({fmt::format("top{}{}", c, junction(c, p.rows - 1)),
                     junction(c, p.rows - 1) + fmt::format("top{}", c)});
    side.push_back(1);
  }
  for (int r = 0; r < p.rows; ++r) {
    s.two_way(fmt::format("left{}", r), junction(0, r), p.lanes, p.speed_mps);
    s.two_way(fmt::format("right{}", r), junction(p.cols - 1, r), p.lanes, p.speed_mps);
    gates.push_back({fmt::format("left{}{}", r, junction(0, r)), junction(0, r) + fmt::format("left{}", r)});
    side.push_back(2);
    gates.push_back({fmt::format("right{}{}", r, junction(p.cols - 1, r)),
                     junction(p.cols - 1, r) + fmt::format("right{}", r)});
    side.push_back(3);
  }
  for (int c = 0; c < p.cols; ++c)
    for (int r = 0; r < p.rows; ++r) s.two_phase_signal(junction(c, r), p.green_s, p.green_s, 0.0);
  // Every entry sends its traffic evenly to the exits on the other three sides.
  std::vector<ProfileStep> profile =
      p.morning_peak ? morning_peak_profile() : std::vector<ProfileStep>{{0.0, p.duration_s, 1.0}};
  for (std::size_t a = 0; a < gates.size(); ++a) {
    int n = 0;
    for (std::size_t b = 0; b < gates.size(); ++b) n += side[b] != side[a];
    for (std::size_t b = 0; b < gates.size(); ++b) {
      if (side[b] == side[a]) continue;
      add_flow(sc, gates[a].first, gates[b].second, scaled(profile, p.entry_rate_vph / n));
    }
  }
  return sc;
}

LaneClosure parse_lane_closure(const std::string& text, const std::string& where) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == ':')
      parts.emplace_back();
    else
      parts.back().push_back(c);
  }
  auto bad = [&](const std::string& why) {
    return InputError("", where, fmt::format("'{}' {}; expected road:lane:at_s:duration_s", text, why));
  };
  if (parts.size() != 4 || parts[0].empty()) throw bad("has not four parts");
  LaneClosure c;
  c.road = parts[0];
  try {
    std::size_t n = 0;
    c.lane = std::stoi(parts[1], &n);
    if (n != parts[1].size() || c.lane < 0) throw bad("has a bad lane index");
    c.at_s = std::stod(parts[2], &n);
    if (n != parts[2].size() || c.at_s < 0) throw bad("has a bad start time");
    c.duration_s = std::stod(parts[3], &n);
    if (n != parts[3].size() || !(c.duration_s > 0)) throw bad("has a bad duration");
  } catch (const std::logic_error&) {
    throw bad("has a part that is not a number");
  }
  return c;
}

void add_lane_closure(ScenarioSpec& sc, const LaneClosure& c) {
  EventSpec e;
  e.at_s = c.at_s;
  e.kind = EventKind::close_lane;
  e.road = c.road;
  e.lane = c.lane;
  e.duration_s = c.duration_s;
  sc.events.push_back(e);
  sc.name += "_incident";
  sc.description += fmt::format(" Incident: lane {} of road {} closed from {} s for {} s.", c.lane, c.road,
                                c.at_s, c.duration_s);
}

}  // namespace ampel::io
