// CityFlow roadnet.json / flow.json / config.json -> ScenarioSpec.
#include "sim/io/cityflow/cityflow.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "sim/error.hpp"
#include "sim/geometry.hpp"
#include "sim/io/json_reader.hpp"
#include "sim/io/xml/import_notes.hpp"

namespace ampel::io {

namespace {

using nlohmann::json;

// Reads values with their JSON path through io::Field (the one reader of JSON values: the same types, ranges
// and messages as a scenario file), stopping at the first problem: later fields depend on earlier ones.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  [[noreturn]] void fail(const std::string& path, const std::string& reason) const {
    throw InputError(file_, path.empty() ? "/" : path, reason);
  }
  const json& member(const json& obj, const std::string& path, const char* key) const {
    if (!obj.is_object()) fail(path, "expected an object");
    auto it = obj.find(key);
    if (it == obj.end()) fail(path, fmt::format("required field '{}' is missing", key));
    return *it;
  }
  const json* optional(const json& obj, const char* key) const {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
  }
  const json& array(const json& v, const std::string& path) const {
    if (!v.is_array()) fail(path, "expected an array");
    return v;
  }
  template <class Read>
  auto checked(const json& v, const std::string& path, Read read) const {
    if (v.is_null()) fail(path, "is null; a value is required");
    Diagnostics diag(file_);
    auto value = read(Field(&v, path, diag));
    diag.throw_if_any();
    return value;
  }

  double number(const json& v, const std::string& path) const {
    return checked(v, path, [](const Field& f) { return f.number_in(-1e12, 1e12, 0.0); });
  }
  int integer(const json& v, const std::string& path) const {
    return checked(v, path, [](const Field& f) { return f.integer_in(-1000000000, 1000000000, 0); });
  }
  std::string string(const json& v, const std::string& path) const {
    return checked(v, path, [](const Field& f) { return f.string(); });
  }
  Point point(const json& v, const std::string& path) const {
    return {number(member(v, path, "x"), path + "/x"), number(member(v, path, "y"), path + "/y")};
  }

 private:
  std::string file_;
};

// Each entry of a list (intersection, road, flow) is read on its own, so a file's problems are reported
// together; the entries after a problem are still checked.
class Problems {
 public:
  template <class Read>
  void each(Read&& read) {
    try {
      read();
    } catch (const InputError& e) {
      list_.insert(list_.end(), e.problems().begin(), e.problems().end());
    }
  }
  bool full() const { return list_.size() >= 1000; }
  void throw_if_any() const {
    if (!list_.empty()) throw InputError(list_);
  }

 private:
  std::vector<Problem> list_;
};

std::string at(const std::string& path, std::size_t i) {
  return fmt::format("{}/{}", path, i);
}
std::string at(const std::string& path, const char* key) {
  return fmt::format("{}/{}", path, key);
}

int rank_of(Turn t) {  // CityFlow's priority in a crossing conflict: straight > left > right
  switch (t) {
    case Turn::straight:
      return 3;
    case Turn::left:
      return 2;
    case Turn::right:
      return 1;
    case Turn::uturn:
      return 0;
  }
  return 0;
}

// CityFlow shifts a polyline to the right of travel by `d` metres, point by point, using the normal of the
// segment that starts at the point (the last point uses the last segment).
std::vector<Point> shift_right(const std::vector<Point>& pts, double d) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    Point v = i + 1 < pts.size() ? pts[i + 1] - pts[i] : pts[i] - pts[i - 1];
    double len = std::hypot(v.x, v.y);
    Point n = len > 1e-12 ? Point{v.y / len, -v.x / len} : Point{0, 0};
    out.push_back(pts[i] + n * d);
  }
  return out;
}

double polyline_length(const std::vector<Point>& pts) {
  double s = 0;
  for (std::size_t i = 1; i < pts.size(); ++i) s += distance(pts[i - 1], pts[i]);
  return s;
}

struct RoadInfo {
  int lanes = 0;
  std::string from, to;
};

struct LinkGeom {
  Turn turn;
  std::string start_road;
  std::vector<Polyline> paths;
  std::vector<std::pair<std::string, int>> end_lanes;
};

bool conflict(const LinkGeom& a, const LinkGeom& b) {
  if (a.start_road == b.start_road) return false;
  for (const auto& ea : a.end_lanes)
    for (const auto& eb : b.end_lanes)
      if (ea == eb) return true;  // they merge into one lane
  for (const Polyline& pa : a.paths)
    for (const Polyline& pb : b.paths)
      if (pa.crosses(pb)) return true;
  return false;
}

std::string resolve(const std::filesystem::path& dir, const std::string& sub, const std::string& file) {
  std::filesystem::path p(file);
  if (p.is_absolute()) return p.string();
  std::error_code ec;
  std::filesystem::path a = (dir / sub / p).lexically_normal();
  if (std::filesystem::is_regular_file(a, ec)) return a.string();
  std::filesystem::path b = (dir / p).lexically_normal();
  if (std::filesystem::is_regular_file(b, ec)) return b.string();
  return a.string();
}

void check_exists(const std::string& cfg, const std::string& path, const std::string& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError(cfg, path, fmt::format("file '{}' does not exist", file));
}

void set_end_time(ScenarioSpec& spec, ImportNotes& notes) {
  double last = 0;
  for (const VehicleSpec& v : spec.vehicles) last = std::max(last, v.depart_s);
  spec.time.end_s = std::max(3600.0, std::ceil((last + 1) / 3600.0) * 3600.0);
  notes.note(
      fmt::format("CityFlow files have no end time: the simulation ends at {:.0f} s (change it with --end)",
                  spec.time.end_s));
}

}  // namespace

bool is_cityflow_config(const json& root) {
  // Either file name makes it a config, so a config missing the other is told exactly that.
  return root.is_object() && (root.contains("roadnetFile") || root.contains("flowFile"));
}

bool is_cityflow_roadnet(const json& root) {
  return root.is_object() && root.contains("intersections") && root.contains("roads");
}

void read_cityflow_roadnet(const json& root, const std::string& file, ScenarioSpec& spec) {
  Reader r(file);
  Problems problems;
  NetworkSpec& net = spec.network;
  const json& inters = r.array(r.member(root, "", "intersections"), "/intersections");
  const json& roads = r.array(r.member(root, "", "roads"), "/roads");

  struct Inter {
    Point point;
    double width = 0;
    bool is_virtual = false;
  };
  std::unordered_map<std::string, Inter> inter_of;
  for (std::size_t i = 0; i < inters.size(); ++i) {
    if (problems.full()) break;
    problems.each([&] {
      std::string p = at("/intersections", i);
      const json& in = inters[i];
      std::string id = r.string(r.member(in, p, "id"), at(p, "id"));
      // Known from here on, so a problem below is not repeated by every road that ends here.
      auto [slot, fresh] = inter_of.emplace(id, Inter{});
      if (!fresh) r.fail(at(p, "id"), fmt::format("duplicate intersection id '{}'", id));
      Inter& info = slot->second;
      info.point = r.point(r.member(in, p, "point"), at(p, "point"));
      if (const json* w = r.optional(in, "width")) info.width = r.number(*w, at(p, "width"));
      if (const json* v = r.optional(in, "virtual")) {
        if (!v->is_boolean()) r.fail(at(p, "virtual"), "expected true or false");
        info.is_virtual = v->get<bool>();
      }
    });
  }

  std::unordered_map<std::string, RoadInfo> road_of;
  for (std::size_t i = 0; i < roads.size(); ++i) {
    if (problems.full()) break;
    problems.each([&] {
      std::string p = at("/roads", i);
      const json& rd = roads[i];
      RoadSpec rs;
      rs.where = p;
      rs.id = r.string(r.member(rd, p, "id"), at(p, "id"));
      rs.from_node = r.string(r.member(rd, p, "startIntersection"), at(p, "startIntersection"));
      rs.to_node = r.string(r.member(rd, p, "endIntersection"), at(p, "endIntersection"));
      auto fi = inter_of.find(rs.from_node), ti = inter_of.find(rs.to_node);
      if (fi == inter_of.end())
        r.fail(at(p, "startIntersection"), fmt::format("intersection '{}' does not exist", rs.from_node));
      if (ti == inter_of.end())
        r.fail(at(p, "endIntersection"), fmt::format("intersection '{}' does not exist", rs.to_node));
      const json& pts = r.array(r.member(rd, p, "points"), at(p, "points"));
      if (pts.size() < 2) r.fail(at(p, "points"), "a road needs at least two points");
      std::vector<Point> line;
      for (std::size_t k = 0; k < pts.size(); ++k) line.push_back(r.point(pts[k], at(at(p, "points"), k)));
      // CityFlow cuts roads back by the width of each real intersection they touch.
      if (!fi->second.is_virtual) {
        Point d = line[1] - line[0];
        double len = std::hypot(d.x, d.y);
        if (len > 1e-9) line[0] = line[0] + d * (fi->second.width / len);
      }
      if (!ti->second.is_virtual) {
        Point d = line[line.size() - 1] - line[line.size() - 2];
        double len = std::hypot(d.x, d.y);
        if (len > 1e-9) line.back() = line.back() - d * (ti->second.width / len);
      }
      const json& lanes = r.array(r.member(rd, p, "lanes"), at(p, "lanes"));
      if (lanes.empty() || lanes.size() > 16)
        r.fail(at(p, "lanes"), fmt::format("a road needs 1 to 16 lanes, not {}", lanes.size()));
      // CityFlow lane k lies right of the centre line at the widths of lanes 0..k-1 plus half its own.
      std::vector<LaneSpec> cf_lanes;
      double offset = 0, speed = 0;
      for (std::size_t k = 0; k < lanes.size(); ++k) {
        std::string lp = at(at(p, "lanes"), k);
        LaneSpec ls;
        ls.where = lp;
        ls.width_m = r.number(r.member(lanes[k], lp, "width"), at(lp, "width"));
        ls.speed_mps = r.number(r.member(lanes[k], lp, "maxSpeed"), at(lp, "maxSpeed"));
        if (!(ls.width_m > 0)) r.fail(at(lp, "width"), "lane width must be above 0");
        if (!(ls.speed_mps > 0)) r.fail(at(lp, "maxSpeed"), "lane maxSpeed must be above 0");
        ls.shape = shift_right(line, offset + ls.width_m / 2);
        offset += ls.width_m;
        ls.length_m = polyline_length(ls.shape);
        if (!(ls.length_m > 0))
          r.fail(at(p, "points"), "the road is shorter than its intersections are wide");
        speed = std::max(speed, ls.speed_mps);
        cf_lanes.push_back(std::move(ls));
      }
      rs.lanes.assign(cf_lanes.rbegin(), cf_lanes.rend());  // ampel's lane 0 is the rightmost
      rs.speed_mps = speed;
      rs.length_m = rs.lanes.front().length_m;
      rs.shape = line;
      if (road_of.count(rs.id)) r.fail(at(p, "id"), fmt::format("duplicate road id '{}'", rs.id));
      road_of[rs.id] = {static_cast<int>(lanes.size()), rs.from_node, rs.to_node};
      net.roads.push_back(std::move(rs));
    });
  }

  problems.throw_if_any();  // the junctions below are built from these intersections and roads
  for (std::size_t i = 0; i < inters.size(); ++i) {
    if (problems.full()) break;
    problems.each([&] {
      std::string p = at("/intersections", i);
      const json& in = inters[i];
      NodeSpec ns;
      ns.where = p;
      ns.id = in["id"].get<std::string>();
      const Inter& info = inter_of.at(ns.id);
      ns.position = info.point;
      ns.kind = info.is_virtual ? NodeKind::fringe : NodeKind::priority;

      std::vector<LinkGeom> links;
      std::size_t first_connection = net.connections.size();
      std::vector<std::vector<std::size_t>> connections_of_link;
      if (const json* rls = r.optional(in, "roadLinks")) {
        r.array(*rls, at(p, "roadLinks"));
        for (std::size_t k = 0; k < rls->size(); ++k) {
          std::string lp = at(at(p, "roadLinks"), k);
          const json& rl = (*rls)[k];
          std::string type = r.string(r.member(rl, lp, "type"), at(lp, "type"));
          LinkGeom g;
          if (type == "go_straight")
            g.turn = Turn::straight;
          else if (type == "turn_left")
            g.turn = Turn::left;
          else if (type == "turn_right")
            g.turn = Turn::right;
          else if (type == "turn_u" || type == "turn_around")
            g.turn = Turn::uturn;
          else
            r.fail(at(lp, "type"),
                   fmt::format("unknown roadLink type '{}' (go_straight, turn_left, turn_right)", type));
          std::string from = r.string(r.member(rl, lp, "startRoad"), at(lp, "startRoad"));
          std::string to = r.string(r.member(rl, lp, "endRoad"), at(lp, "endRoad"));
          auto fr = road_of.find(from), tr = road_of.find(to);
          if (fr == road_of.end()) r.fail(at(lp, "startRoad"), fmt::format("road '{}' does not exist", from));
          if (tr == road_of.end()) r.fail(at(lp, "endRoad"), fmt::format("road '{}' does not exist", to));
          if (fr->second.to != ns.id)
            r.fail(at(lp, "startRoad"),
                   fmt::format("road '{}' does not end at intersection '{}'", from, ns.id));
          if (tr->second.from != ns.id)
            r.fail(at(lp, "endRoad"),
                   fmt::format("road '{}' does not start at intersection '{}'", to, ns.id));
          g.start_road = from;
          connections_of_link.emplace_back();
          const json& lls = r.array(r.member(rl, lp, "laneLinks"), at(lp, "laneLinks"));
          for (std::size_t m = 0; m < lls.size(); ++m) {
            std::string llp = at(at(lp, "laneLinks"), m);
            int sl = r.integer(r.member(lls[m], llp, "startLaneIndex"), at(llp, "startLaneIndex"));
            int el = r.integer(r.member(lls[m], llp, "endLaneIndex"), at(llp, "endLaneIndex"));
            if (sl < 0 || sl >= fr->second.lanes)
              r.fail(at(llp, "startLaneIndex"),
                     fmt::format("road '{}' has no lane {} (it has {})", from, sl, fr->second.lanes));
            if (el < 0 || el >= tr->second.lanes)
              r.fail(at(llp, "endLaneIndex"),
                     fmt::format("road '{}' has no lane {} (it has {})", to, el, tr->second.lanes));
            ConnectionSpec cs;
            cs.where = llp;
            cs.from_road = from;
            cs.to_road = to;
            cs.from_lane = fr->second.lanes - 1 - sl;
            cs.to_lane = tr->second.lanes - 1 - el;
            cs.turn = g.turn;
            if (const json* pts = r.optional(lls[m], "points")) {
              r.array(*pts, at(llp, "points"));
              for (std::size_t q = 0; q < pts->size(); ++q)
                cs.via_shape.push_back(r.point((*pts)[q], at(at(llp, "points"), q)));
            }
            if (cs.via_shape.size() >= 2) g.paths.emplace_back(cs.via_shape);
            g.end_lanes.emplace_back(to, cs.to_lane);
            connections_of_link.back().push_back(net.connections.size());
            net.connections.push_back(std::move(cs));
          }
          links.push_back(std::move(g));
        }
      }

      // Conflicts between whole roadLinks (any of their lane paths cross or merge), for permissive greens.
      std::vector<std::vector<bool>> conflicts(links.size(), std::vector<bool>(links.size(), false));
      for (std::size_t a = 0; a < links.size(); ++a)
        for (std::size_t b = a + 1; b < links.size(); ++b)
          conflicts[a][b] = conflicts[b][a] = conflict(links[a], links[b]);

      const json* tl = r.optional(in, "trafficLight");
      std::vector<SignalPhaseSpec> phases;
      if (tl && !info.is_virtual && !links.empty()) {
        std::string tp = at(p, "trafficLight");
        const json& lps = r.array(r.member(*tl, tp, "lightphases"), at(tp, "lightphases"));
        for (std::size_t k = 0; k < lps.size(); ++k) {
          std::string pp = at(at(tp, "lightphases"), k);
          SignalPhaseSpec ph;
          ph.where = pp;
          ph.duration_s = r.number(r.member(lps[k], pp, "time"), at(pp, "time"));
          if (ph.duration_s < 0) r.fail(at(pp, "time"), "a phase time must not be negative");
          const json& avail =
              r.array(r.member(lps[k], pp, "availableRoadLinks"), at(pp, "availableRoadLinks"));
          std::vector<int> green;
          for (std::size_t q = 0; q < avail.size(); ++q) {
            int li = r.integer(avail[q], at(at(pp, "availableRoadLinks"), q));
            if (li < 0 || li >= static_cast<int>(links.size()))
              r.fail(at(at(pp, "availableRoadLinks"), q),
                     fmt::format("roadLink {} does not exist (the intersection has {})", li, links.size()));
            green.push_back(li);
          }
          ph.state.assign(links.size(), 'r');
          for (int a : green) {
            bool yields = false;
            for (int b : green) {
              if (a == b || !conflicts[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)]) continue;
              int ra = rank_of(links[static_cast<std::size_t>(a)].turn),
                  rb = rank_of(links[static_cast<std::size_t>(b)].turn);
              if (rb > ra || (rb == ra && b < a)) yields = true;  // equal ranks: the lower index goes first
            }
            ph.state[static_cast<std::size_t>(a)] = yields ? 'g' : 'G';
          }
          if (ph.duration_s == 0) continue;  // CityFlow skips through it
          phases.push_back(std::move(ph));
        }
        // CityFlow would spin through such a program for ever; leaving the junction unsignalised would hide
        // it.
        if (phases.empty() && lps.size() > 0)
          r.fail(at(tp, "lightphases"), "every phase lasts 0 s: the signal has no program to run");
      }
      bool any_green = std::any_of(phases.begin(), phases.end(), [](const SignalPhaseSpec& ph) {
        return ph.state.find_first_of("Gg") != std::string::npos;
      });
      if (any_green) {
        ns.kind = NodeKind::signalised;
        SignalSpec s;
        s.id = ns.id;
        s.nodes = {ns.id};
        s.where = at(p, "trafficLight");
        s.link_count = static_cast<int>(links.size());
        s.phases = std::move(phases);
        s.yellow_s = 0.0;  // CityFlow switches phases at once; empty phases in the program are its clearances
        s.all_red_s = 0.0;
        for (std::size_t k = 0; k < links.size(); ++k)
          for (std::size_t c : connections_of_link[k]) {
            net.connections[c].signal = s.id;
            net.connections[c].signal_link = static_cast<int>(k);
          }
        net.signals.push_back(std::move(s));
      } else {
        // Unsignalised: CityFlow's ranking decides who goes first.
        for (std::size_t c = first_connection; c < net.connections.size(); ++c)
          net.connections[c].priority =
              net.connections[c].turn == Turn::straight ? LinkPriority::major : LinkPriority::minor;
      }
      net.nodes.push_back(std::move(ns));
    });
  }
  problems.throw_if_any();
}

void read_cityflow_flows(const json& root, const std::string& file, double step_s, ScenarioSpec& spec) {
  Reader r(file);
  Problems problems;
  r.array(root, "");
  std::unordered_set<std::string> roads;
  std::unordered_set<std::string> links;
  for (const RoadSpec& rs : spec.network.roads) roads.insert(rs.id);
  for (const ConnectionSpec& c : spec.network.connections) links.insert(c.from_road + '\n' + c.to_road);
  std::map<std::vector<double>, std::string> type_of;
  constexpr long kMaxVehicles = 1'000'000;
  constexpr long kMaxSteps = 50'000'000;  // summed over flows: bounds the replay of very long, sparse flows
  long total = 0, steps = 0;
  for (std::size_t i = 0; i < root.size(); ++i) {
    if (problems.full()) break;
    problems.each([&] {
      std::string p = at("", i);
      const json& f = root[i];
      const json& veh = r.member(f, p, "vehicle");
      std::string vp = at(p, "vehicle");
      auto num = [&](const char* key) { return r.number(r.member(veh, vp, key), at(vp, key)); };
      std::vector<double> key = {num("length"),      num("minGap"),    num("maxSpeed"),   num("usualPosAcc"),
                                 num("usualNegAcc"), num("maxNegAcc"), num("headwayTime")};
      auto [it, fresh] = type_of.try_emplace(
          key, type_of.empty() ? "cityflow" : fmt::format("cityflow_{}", type_of.size() + 1));
      if (fresh) {
        VehicleTypeSpec t;
        t.id = it->second;
        t.where = vp;
        t.length_m = key[0];
        t.min_gap_m = key[1];
        t.max_speed_mps = key[2];
        t.accel_mps2 = key[3];
        t.decel_mps2 = key[4];
        t.emergency_decel_mps2 = std::max(key[5], key[4]);
        t.headway_s = key[6];
        t.sigma = 0.0;  // CityFlow drivers are deterministic
        t.speed_factor = 1.0;
        t.speed_dev = 0.0;
        spec.vehicle_types.push_back(t);
      }
      const json& route = r.array(r.member(f, p, "route"), at(p, "route"));
      std::vector<std::string> ids;
      for (std::size_t k = 0; k < route.size(); ++k) {
        std::string id = r.string(route[k], at(at(p, "route"), k));
        if (!roads.count(id))
          r.fail(at(at(p, "route"), k), fmt::format("road '{}' is not in the roadnet", id));
        if (!ids.empty() && !links.count(ids.back() + '\n' + id))
          r.fail(at(at(p, "route"), k),
                 fmt::format("no roadLink leads from road '{}' to road '{}'", ids.back(), id));
        ids.push_back(std::move(id));
      }
      if (ids.empty()) r.fail(at(p, "route"), "the route is empty");
      double interval = r.number(r.member(f, p, "interval"), at(p, "interval"));
      if (!(interval > 0)) r.fail(at(p, "interval"), "interval must be above 0");
      int start = r.integer(r.member(f, p, "startTime"), at(p, "startTime"));
      int end = r.integer(r.member(f, p, "endTime"), at(p, "endTime"));
      if (end != -1 && end < start)
        r.fail(at(p, "endTime"),
               fmt::format("endTime {} s is before startTime {} s (-1 means no end)", end, start));
      // CityFlow's Flow::nextStep, replayed: a vehicle whenever the time since the last one reaches
      // `interval`.
      double now = interval;
      double t = 0;
      long count = 0;
      if (end > 1'000'000) r.fail(at(p, "endTime"), "endTime beyond 1,000,000 s is not supported");
      double horizon = end == -1 ? 86400.0 : static_cast<double>(end);
      // CityFlow adds the interval to its clock each step; when the step is exact in binary, jumping to the
      // first step at or after startTime gives the same times without walking there.
      if (std::ldexp(step_s, 10) == std::floor(std::ldexp(step_s, 10)) && start > 0)
        t = std::ceil(start / step_s) * step_s;
      while (t <= horizon) {
        if (++steps > kMaxSteps) r.fail(p, "the flows span more than 50,000,000 time steps");
        if (t >= start) {
          while (now >= interval) {
            if (++total > kMaxVehicles)
              r.fail(p, fmt::format("the flows make more than {} vehicles", kMaxVehicles));
            VehicleSpec v;
            v.id = fmt::format("flow_{}_{}", i, count++);
            v.type = it->second;
            v.depart_s = t;
            v.route = ids;
            v.where = p;
            spec.vehicles.push_back(std::move(v));
            now -= interval;
          }
          now += step_s;
        }
        t += step_s;
      }
    });
    if (total > kMaxVehicles || steps > kMaxSteps) break;  // said once, not for every flow after
  }
  problems.throw_if_any();
}

ScenarioSpec load_cityflow_roadnet(const std::string& roadnet_file,
                                   const std::optional<std::string>& flow_file) {
  ScenarioSpec spec;
  spec.source_file = roadnet_file;
  spec.name = std::filesystem::path(roadnet_file).stem().string();
  spec.description = fmt::format("imported from CityFlow: {}", roadnet_file);
  read_cityflow_roadnet(parse_json_file(roadnet_file), roadnet_file, spec);
  ImportNotes notes;
  if (flow_file) {
    read_cityflow_flows(parse_json_file(*flow_file), *flow_file, spec.time.step_s, spec);
    set_end_time(spec, notes);
  } else {
    notes.note("no flow file: the network has no traffic (give --flow)");
  }
  notes.write_to(spec.notes);
  return spec;
}

ScenarioSpec load_cityflow_config(const std::string& path, const std::optional<std::string>& flow_file) {
  json cfg = parse_json_file(path);
  Reader r(path);
  if (!is_cityflow_config(cfg)) r.fail("", "not a CityFlow config: it needs 'roadnetFile' and 'flowFile'");
  for (const char* key : {"roadnetFile", "flowFile"})
    if (!cfg.contains(key) && !(flow_file && std::string(key) == "flowFile"))
      r.fail("",
             fmt::format("required field '{}' is missing: a CityFlow config names its roadnet and flow files",
                         key));
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::string sub;
  if (const json* d = r.optional(cfg, "dir")) sub = r.string(*d, "/dir");
  std::string roadnet = resolve(dir, sub, r.string(cfg["roadnetFile"], "/roadnetFile"));
  check_exists(path, "/roadnetFile", roadnet);
  std::string flow = flow_file ? *flow_file : resolve(dir, sub, r.string(cfg["flowFile"], "/flowFile"));
  if (!flow_file) check_exists(path, "/flowFile", flow);
  ScenarioSpec spec;
  spec.source_file = path;
  spec.name = std::filesystem::path(path).parent_path().filename().string();
  if (spec.name.empty()) spec.name = std::filesystem::path(path).stem().string();
  spec.description = fmt::format("imported from CityFlow: {}", path);
  if (const json* iv = r.optional(cfg, "interval")) {
    spec.time.step_s = r.number(*iv, "/interval");
    if (!(spec.time.step_s >= 0.1 && spec.time.step_s <= 1.0))
      r.fail("/interval", "interval must be between 0.1 and 1 s");
  }
  if (const json* seed = r.optional(cfg, "seed")) {
    int s = r.integer(*seed, "/seed");
    if (s < 0) r.fail("/seed", "the seed must not be negative");
    spec.seed = static_cast<std::uint64_t>(s);
  }
  ImportNotes notes;
  if (const json* rl = r.optional(cfg, "rlTrafficLight"); rl && rl->is_boolean() && rl->get<bool>())
    notes.note(
        "rlTrafficLight is true: CityFlow leaves the lights to an agent; here the roadnet's phases run (or "
        "--controller)");
  if (const json* lc = r.optional(cfg, "laneChange"); lc && lc->is_boolean() && lc->get<bool>())
    notes.note("laneChange is true: ampel's own lane changing is used");
  read_cityflow_roadnet(parse_json_file(roadnet), roadnet, spec);
  read_cityflow_flows(parse_json_file(flow), flow, spec.time.step_s, spec);
  set_end_time(spec, notes);
  notes.write_to(spec.notes);
  return spec;
}

}  // namespace ampel::io
