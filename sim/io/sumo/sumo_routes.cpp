// SUMO route and additional files: vType, route, vehicle, trip and flow become vehicle types, VehicleSpecs
// and FlowSpecs; tlLogic programs are collected; every other element is counted as ignored.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <set>

#include "sim/error.hpp"
#include "sim/io/sumo/sumo_context.hpp"

namespace ampel::io::sumo {

void read_tl_logic(const XmlFile& file, pugi::xml_node tl, Context& ctx);

namespace {

constexpr const char* kDefaultType = "DEFAULT_VEHTYPE";
constexpr long kMaxFlowVehicles = 1'000'000;

const std::set<std::string, std::less<>>& car_classes() {
  static const std::set<std::string, std::less<>> classes = {
      "passenger", "private",   "taxi", "hov", "evehicle",   "delivery", "truck",   "trailer",
      "emergency", "authority", "army", "vip", "motorcycle", "custom1",  "custom2", "e_vehicle"};
  return classes;
}

// Attributes that change nothing in ampel (drawing, emissions, persons): ignored without a note.
bool cosmetic(std::string_view a) {
  static const std::set<std::string, std::less<>> quiet = {"color",
                                                           "guiShape",
                                                           "width",
                                                           "height",
                                                           "imgFile",
                                                           "osgFile",
                                                           "personCapacity",
                                                           "containerCapacity",
                                                           "boardingDuration",
                                                           "loadingDuration",
                                                           "emissionClass",
                                                           "mass",
                                                           "id",
                                                           "type",
                                                           "line",
                                                           "departLane",
                                                           "personNumber",
                                                           "containerNumber",
                                                           "xmlns:xsi",
                                                           "xsi:noNamespaceSchemaLocation",
                                                           "reroute"};
  return quiet.count(a) > 0;
}

// "norm(mean, dev)", "normc(mean, dev, min, max)" or a plain number.
bool parse_speed_factor(std::string_view text, double& mean, double& dev, bool& has_dev) {
  if (parse_number(text, mean)) return true;
  auto open = text.find('('), close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
  std::string_view fn = text.substr(0, open);
  if (fn != "norm" && fn != "normc") return false;
  std::vector<std::string> args = split_list(text.substr(open + 1, close - open - 1));
  if (args.size() < 2 || !parse_number(args[0], mean) || !parse_number(args[1], dev)) return false;
  has_dev = true;
  return true;
}

class RouteReader {
 public:
  RouteReader(const XmlFile& file, Context& ctx) : f_(file), ctx_(ctx) {}

  void read() {
    for (pugi::xml_node n : f_.root().children()) {
      if (n.type() != pugi::node_element) continue;
      std::string_view tag = n.name();
      if (tag == "tlLogic")
        read_tl_logic(f_, n, ctx_);
      else if (tag == "vType")
        read_vtype(n);
      else if (tag == "route")
        read_route_def(n);
      else if (tag == "vehicle")
        read_vehicle(n, false);
      else if (tag == "trip")
        read_vehicle(n, true);
      else if (tag == "flow")
        read_flow(n);
      else if (tag == "routeDistribution" || tag == "vTypeDistribution") {
        if (tag == "routeDistribution") ctx_.distributions.insert(n.attribute("id").value());
        if (tag == "vTypeDistribution") ctx_.distributions.insert(n.attribute("id").value());
        ctx_.notes.ignored(std::string(tag), n.attribute("id").value());
      } else if (tag == "location" || tag == "param") {
        // metadata
      } else {
        ctx_.notes.ignored(std::string(tag), n.attribute("id").value());
      }
    }
  }

 private:
  const XmlFile& f_;
  Context& ctx_;

  [[noreturn]] void fail(pugi::xml_node n, const std::string& reason) const {
    throw InputError(f_.path(), f_.place(n), reason);
  }

  void note_unsupported_attributes(pugi::xml_node n, std::initializer_list<std::string_view> handled) {
    for (pugi::xml_attribute a : n.attributes()) {
      std::string_view name = a.name();
      if (cosmetic(name) || std::find(handled.begin(), handled.end(), name) != handled.end()) continue;
      ctx_.notes.ignored(fmt::format("{} attributes {}", n.name(), name));
    }
  }

  void read_vtype(pugi::xml_node n) {
    std::string id = attr_string_required(f_, n, "id");
    std::string vclass = n.attribute("vClass").as_string("passenger");
    VehicleTypeSpec t = vclass_defaults(vclass);
    t.id = id;
    t.where = ctx_.where(f_, n);
    t.accel_mps2 = attr_number(f_, n, "accel", t.accel_mps2);
    t.decel_mps2 = attr_number(f_, n, "decel", t.decel_mps2);
    t.emergency_decel_mps2 =
        std::max(attr_number(f_, n, "emergencyDecel", t.emergency_decel_mps2), t.decel_mps2);
    t.sigma = attr_number(f_, n, "sigma", t.sigma);
    t.headway_s = attr_number(f_, n, "tau", t.headway_s);
    t.length_m = attr_number(f_, n, "length", t.length_m);
    t.min_gap_m = attr_number(f_, n, "minGap", t.min_gap_m);
    t.max_speed_mps = attr_number(f_, n, "maxSpeed", t.max_speed_mps);
    if (pugi::xml_attribute sf = n.attribute("speedFactor")) {
      double mean = 1, dev = 0;
      bool has_dev = false;
      if (!parse_speed_factor(sf.value(), mean, dev, has_dev))
        fail(n,
             fmt::format("vType '{}': speedFactor \"{}\" is neither a number nor norm(mean,dev) / normc(...)",
                         id, sf.value()));
      t.speed_factor = mean;
      if (has_dev) t.speed_dev = dev;
    }
    t.speed_dev = attr_number(f_, n, "speedDev", t.speed_dev);
    std::string_view model = n.attribute("carFollowModel").as_string("Krauss");
    if (model != "Krauss")
      ctx_.notes.ignored(fmt::format("vTypes with carFollowModel {} (Krauss is used)", model), id);
    note_unsupported_attributes(n, {"vClass", "accel", "decel", "emergencyDecel", "sigma", "tau", "length",
                                    "minGap", "maxSpeed", "speedFactor", "speedDev", "carFollowModel"});
    for (pugi::xml_node c : n.children())
      if (c.type() == pugi::node_element) ctx_.notes.ignored(fmt::format("<{}> in vType", c.name()));
    bool car = car_classes().count(vclass) > 0;
    if (ctx_.vtypes.count(id) && id != kDefaultType) fail(n, fmt::format("vType '{}' is defined twice", id));
    ctx_.vtypes[id] = {vclass, car};
    if (!car) return;  // never simulated: its vehicles are reported as ignored
    auto& types = ctx_.spec.vehicle_types;
    auto it = std::find_if(types.begin(), types.end(), [&](const VehicleTypeSpec& v) { return v.id == id; });
    if (it != types.end())
      *it = t;
    else
      types.push_back(std::move(t));
  }

  // Returns false (after a note) when the route uses an edge that has no car lane; throws for unknown edges.
  bool check_edges(pugi::xml_node n, const std::vector<std::string>& edges, const std::string& what) {
    if (edges.empty()) fail(n, fmt::format("{} has an empty route", what));
    for (const std::string& e : edges) {
      auto it = ctx_.edge_kept.find(e);
      if (it == ctx_.edge_kept.end())
        fail(n, fmt::format("{}: route names edge '{}', which is not in the network", what, e));
      if (!it->second) {
        ctx_.notes.ignored("vehicles whose route uses an edge without car lanes", what);
        return false;
      }
    }
    return true;
  }

  void read_route_def(pugi::xml_node n) {
    std::string id = attr_string_required(f_, n, "id");
    RouteDef r;
    r.edges = split_list(attr_string_required(f_, n, "edges"));
    r.file = f_.path();
    r.place = f_.place(n);
    for (const std::string& e : r.edges)
      if (!ctx_.edge_kept.count(e))
        fail(n, fmt::format("route '{}' names edge '{}', which is not in the network", id, e));
    if (r.edges.empty()) fail(n, fmt::format("route '{}' has no edges", id));
    ctx_.routes[id] = std::move(r);
  }

  // The type a vehicle uses; false if its class does not drive on car lanes (noted).
  bool vehicle_type(pugi::xml_node n, const std::string& what, std::string& type) {
    type = n.attribute("type").as_string(kDefaultType);
    auto it = ctx_.vtypes.find(type);
    if (it == ctx_.vtypes.end()) {
      if (type != kDefaultType) {
        if (ctx_.distributions.count(type)) {
          ctx_.notes.ignored("vehicles of a vTypeDistribution", what);
          return false;
        }
        fail(n, fmt::format("{} has type '{}', which no vType defines", what, type));
      }
      VehicleTypeSpec t = vclass_defaults("passenger");
      t.id = kDefaultType;
      ctx_.spec.vehicle_types.push_back(t);
      ctx_.vtypes[type] = {"passenger", true};
      return true;
    }
    if (!it->second.drives_on_car_lanes) {
      ctx_.notes.ignored(fmt::format("vehicles of vClass {}", it->second.vclass), type,
                         "only passenger cars and trucks are simulated");
      return false;
    }
    return true;
  }

  // A vehicle's route: a `route` id, a nested <route>, or from/to for trips. False if ignored (noted).
  bool route_of(pugi::xml_node n, bool trip, const std::string& what, std::vector<std::string>& edges,
                std::string& from, std::string& to) {
    if (!trip) {
      if (pugi::xml_attribute r = n.attribute("route")) {
        auto it = ctx_.routes.find(r.value());
        if (it == ctx_.routes.end()) {
          if (ctx_.distributions.count(r.value())) {
            ctx_.notes.ignored("vehicles of a routeDistribution", what);
            return false;
          }
          fail(n, fmt::format("{} names route '{}', which is not defined before it", what, r.value()));
        }
        edges = it->second.edges;
      } else if (pugi::xml_node nested = n.child("route")) {
        edges = split_list(attr_string_required(f_, nested, "edges"));
      }
    }
    if (edges.empty()) {
      if (!n.attribute("from") || !n.attribute("to")) {
        if (n.attribute("fromTaz") || n.attribute("fromJunction")) {
          ctx_.notes.ignored("trips between districts or junctions", what);
          return false;
        }
        fail(n,
             fmt::format("{} needs a route (route attribute or nested <route>) or from and to edges", what));
      }
      from = n.attribute("from").value();
      to = n.attribute("to").value();
      if (n.attribute("via")) ctx_.notes.ignored("trip 'via' edges (routed directly)", what);
      return check_edges(n, {from, to}, what);
    }
    return check_edges(n, edges, what);
  }

  double depart_speed(pugi::xml_node n) {
    std::string_view s = n.attribute("departSpeed").as_string("0");
    double v = 0;
    if (parse_number(s, v)) {
      if (v < 0) fail(n, fmt::format("departSpeed {} is negative", v));
      return v;
    }
    if (s == "max" || s == "desired" || s == "speedLimit") return -1.0;
    ctx_.notes.ignored(fmt::format("departSpeed=\"{}\" (vehicles depart at 0 m/s)", s));
    return 0.0;
  }

  void note_children(pugi::xml_node n) {
    for (pugi::xml_node c : n.children()) {
      if (c.type() != pugi::node_element || std::string_view(c.name()) == "route") continue;
      ctx_.notes.ignored(fmt::format("<{}> in vehicles and flows", c.name()), n.attribute("id").value());
    }
  }

  void read_vehicle(pugi::xml_node n, bool trip) {
    std::string id = attr_string_required(f_, n, "id");
    std::string what = fmt::format("{} '{}'", trip ? "trip" : "vehicle", id);
    VehicleSpec v;
    v.id = id;
    v.where = ctx_.where(f_, n);
    std::string depart = attr_string_required(f_, n, "depart");
    if (!parse_number(depart, v.depart_s)) {
      ctx_.notes.ignored(fmt::format("vehicles with depart=\"{}\"", depart), id);
      return;
    }
    if (!vehicle_type(n, what, v.type)) return;
    if (!route_of(n, trip, what, v.route, v.from_road, v.to_road)) return;
    if (v.depart_s < ctx_.spec.time.begin_s) {
      ctx_.notes.ignored("vehicles departing before the begin time", id);
      return;
    }
    v.depart_speed_mps = depart_speed(n);
    note_children(n);
    ctx_.spec.vehicles.push_back(std::move(v));
  }

  void read_flow(pugi::xml_node n) {
    std::string id = attr_string_required(f_, n, "id");
    std::string what = fmt::format("flow '{}'", id);
    std::string type;
    std::vector<std::string> edges;
    std::string from, to;
    if (!vehicle_type(n, what, type)) return;
    if (!route_of(n, false, what, edges, from, to)) return;
    double begin = attr_number(f_, n, "begin", ctx_.spec.time.begin_s);
    double end = attr_number(f_, n, "end", 86400.0);
    bool has_number = n.attribute("number");
    double number = attr_number(f_, n, "number", -1.0);
    if (has_number && (number < 0 || number != std::floor(number) || number > kMaxFlowVehicles))
      fail(n, fmt::format("{}: number must be a whole number from 0 to {}", what, kMaxFlowVehicles));
    if (has_number && !n.attribute("end") && !n.attribute("period") && !n.attribute("vehsPerHour") &&
        !n.attribute("probability"))
      fail(n, fmt::format("{}: number needs an end, a period, vehsPerHour or probability", what));
    double speed = depart_speed(n);
    note_children(n);
    double period = -1;
    double poisson_rate_per_s = -1;
    std::string_view period_text = n.attribute("period").value();
    if (period_text.substr(0, 4) == "exp(" && period_text.back() == ')') {
      if (!parse_number(period_text.substr(4, period_text.size() - 5), poisson_rate_per_s) ||
          poisson_rate_per_s < 0)
        fail(n, fmt::format("{}: period \"{}\" is not exp(rate)", what, period_text));
    } else if (n.attribute("period")) {
      period = attr_number(f_, n, "period", -1);
    } else if (n.attribute("vehsPerHour")) {
      double vph = attr_number(f_, n, "vehsPerHour", 0);
      if (!(vph > 0)) fail(n, fmt::format("{}: vehsPerHour must be above 0", what));
      period = 3600.0 / vph;
    } else if (n.attribute("probability")) {
      double p = attr_number(f_, n, "probability", 0);
      if (!(p >= 0 && p <= 1)) fail(n, fmt::format("{}: probability must be between 0 and 1", what));
      poisson_rate_per_s = p / ctx_.spec.time.step_s;
    } else if (has_number) {
      period = number > 0 ? (end - begin) / number : 1.0;
    } else {
      fail(n, fmt::format("{} needs one of period, vehsPerHour, probability or number", what));
    }
    if (!(end > begin)) fail(n, fmt::format("{}: end {} s is not after begin {} s", what, end, begin));
    if (poisson_rate_per_s >= 0) {
      // Random arrivals: a Poisson stream (SUMO draws a Bernoulli trial per step, the same mean rate).
      FlowSpec fs;
      fs.id = id;
      fs.type = type;
      fs.route = edges;
      fs.from_road = from;
      fs.to_road = to;
      fs.profile.push_back({begin, end, poisson_rate_per_s * 3600.0});
      fs.headways = Headways::poisson;
      fs.where = ctx_.where(f_, n);
      if (speed < 0) ctx_.notes.ignored("departSpeed=\"max\" on random flows (they depart at 0 m/s)", id);
      fs.depart_speed_mps = std::max(0.0, speed);
      if (has_number) ctx_.notes.ignored("number limits on random flows", id);
      ctx_.spec.flows.push_back(std::move(fs));
      return;
    }
    if (!(period > 0)) fail(n, fmt::format("{}: the period between vehicles must be above 0", what));
    // Evenly spaced departures are exact as a vehicle list, as SUMO inserts them.
    long limit = has_number ? static_cast<long>(number) : kMaxFlowVehicles;
    long count = 0;
    for (long i = 0; i < limit; ++i) {
      double t = begin + static_cast<double>(i) * period;
      if (t >= end) break;
      if (++count > kMaxFlowVehicles || ++ctx_.flow_vehicles > kMaxFlowVehicles)
        fail(n, fmt::format("{}: the flows make more than {} vehicles", what, kMaxFlowVehicles));
      if (t < ctx_.spec.time.begin_s) continue;
      VehicleSpec v;
      v.id = fmt::format("{}.{}", id, i);
      v.type = type;
      v.depart_s = t;
      v.route = edges;
      v.from_road = from;
      v.to_road = to;
      v.depart_speed_mps = speed;
      v.where = ctx_.where(f_, n);
      ctx_.spec.vehicles.push_back(std::move(v));
    }
  }
};

}  // namespace

VehicleTypeSpec vclass_defaults(const std::string& vclass) {
  VehicleTypeSpec t;  // passenger: SUMO's defaults are the struct's own
  t.length_m = 5.0;
  t.min_gap_m = 2.5;
  t.max_speed_mps = 200.0 / 3.6;
  t.accel_mps2 = 2.6;
  t.decel_mps2 = 4.5;
  t.emergency_decel_mps2 = 9.0;
  t.sigma = 0.5;
  t.headway_s = 1.0;
  t.speed_factor = 1.0;
  t.speed_dev = 0.1;
  if (vclass == "truck" || vclass == "trailer") {
    t.length_m = vclass == "truck" ? 7.1 : 16.5;
    t.max_speed_mps = 130.0 / 3.6;
    t.accel_mps2 = 1.3;
    t.decel_mps2 = 4.0;
    t.emergency_decel_mps2 = 7.0;
    t.speed_dev = 0.05;
  } else if (vclass == "bus" || vclass == "coach") {
    t.length_m = vclass == "bus" ? 12.0 : 14.0;
    t.max_speed_mps = 100.0 / 3.6;
    t.accel_mps2 = 1.2;
    t.decel_mps2 = 4.0;
    t.emergency_decel_mps2 = 7.0;
    t.speed_dev = 0.05;
  } else if (vclass == "delivery") {
    t.length_m = 6.5;
    t.speed_dev = 0.05;
  } else if (vclass == "motorcycle") {
    t.length_m = 2.2;
    t.max_speed_mps = 200.0 / 3.6;
    t.accel_mps2 = 6.0;
    t.decel_mps2 = 10.0;
    t.emergency_decel_mps2 = 10.0;
  }
  return t;
}

void read_elements(const XmlFile& file, Context& ctx) {
  std::string_view root = file.root().name();
  if (root == "net")
    throw InputError(file.path(), file.place(file.root()),
                     "this is a network; give it as the net file, not as routes");
  RouteReader(file, ctx).read();
}

}  // namespace ampel::io::sumo
