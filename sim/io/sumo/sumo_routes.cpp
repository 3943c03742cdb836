// SUMO route and additional files: vType (and vTypeDistribution), route (and routeDistribution), vehicle,
// trip and flow become vehicle types, distributions, VehicleSpecs and FlowSpecs with their departure rules
// and planned stops; tlLogic programs, stopping places (busStop, ...) and loop detectors are collected; every
// other element is counted as ignored. Vehicles that will never run are counted (ScenarioSpec::
// dropped_vehicles) as well as noted.
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
// Vehicles made from evenly spaced flows (all flows together): the most a scenario may hold.
constexpr long kMaxFlowVehicles = 1'000'000;
// SUMO's default end of a flow without one: 24 hours.
constexpr double kFlowDefaultEndS = 86400.0;

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
                                                           "personNumber",
                                                           "containerNumber",
                                                           "xmlns:xsi",
                                                           "xsi:noNamespaceSchemaLocation",
                                                           "reroute",
                                                           "probability",
                                                           "name"};
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

std::string vclass_name(std::string_view c) {
  if (c == "public_transport") return "bus";
  if (c == "public_emergency") return "emergency";
  if (c == "public_authority") return "authority";
  if (c == "public_army") return "army";
  if (c == "transport") return "truck";
  return std::string(c);
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
      else if (tag == "vTypeDistribution")
        read_vtype_distribution(n);
      else if (tag == "route")
        read_route_def(n, attr_string_required(f_, n, "id"));
      else if (tag == "routeDistribution")
        read_route_distribution(n, attr_string_required(f_, n, "id"));
      else if (tag == "vehicle")
        read_vehicle(n, false);
      else if (tag == "trip")
        read_vehicle(n, true);
      else if (tag == "flow")
        read_flow(n);
      else if (tag == "busStop" || tag == "trainStop" || tag == "containerStop" || tag == "chargingStation" ||
               tag == "parkingArea")
        read_stopping_place(n);
      else if (tag == "e1Detector" || tag == "inductionLoop")
        read_detector(n);
      else if (tag == "person" || tag == "personFlow" || tag == "container" || tag == "containerFlow")
        ctx_.notes.ignored("persons and containers (not simulated)", n.attribute("id").value());
      else if (tag == "location" || tag == "param")
        continue;  // metadata
      else
        ctx_.notes.ignored(std::string(tag), n.attribute("id").value());
    }
  }

 private:
  const XmlFile& f_;
  Context& ctx_;

  [[noreturn]] void fail(pugi::xml_node n, const std::string& reason) const {
    throw InputError(f_.path(), f_.place(n), reason);
  }

  double time_attr(pugi::xml_node n, const char* name, double fallback) const {
    pugi::xml_attribute a = n.attribute(name);
    if (!a) return fallback;
    double v = 0;
    if (!parse_time(a.value(), v) || !std::isfinite(v))
      fail(n, fmt::format("<{}> {}=\"{}\" is not a time (seconds or h:m:s)", n.name(), name, a.value()));
    return v;
  }

  void note_unsupported_attributes(pugi::xml_node n, std::initializer_list<std::string_view> handled) {
    for (pugi::xml_attribute a : n.attributes()) {
      std::string_view name = a.name();
      if (cosmetic(name) || std::find(handled.begin(), handled.end(), name) != handled.end()) continue;
      ctx_.notes.ignored(fmt::format("{} attributes {}", n.name(), name));
    }
  }

  // ---- vehicle types -----------------------------------------------------------------------------------

  // Reads a vType; returns its id.
  std::string read_vtype(pugi::xml_node n) {
    std::string id = attr_string_required(f_, n, "id");
    std::string vclass = vclass_name(n.attribute("vClass").as_string("passenger"));
    if (vclass_bit(vclass) == 0) {
      ctx_.notes.ignored("unknown vehicle classes (run as passenger cars)", vclass);
      vclass = "passenger";
    }
    VehicleTypeSpec t = vclass_defaults(vclass);
    t.id = id;
    t.vclass = vclass;
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
      if (c.type() == pugi::node_element && std::string_view(c.name()) != "param")
        ctx_.notes.ignored(fmt::format("<{}> in vType", c.name()));
    if ((ctx_.vtypes.count(id) && id != kDefaultType) || ctx_.type_distributions.count(id))
      fail(n, fmt::format("vType '{}' is defined twice", id));
    bool simulated = simulated_class(vclass);
    ctx_.vtypes[id] = {vclass, simulated, vclass_drives_as(vclass)};
    if (!simulated) return id;  // never simulated: its vehicles are left out and counted
    auto& types = ctx_.spec.vehicle_types;
    auto it = std::find_if(types.begin(), types.end(), [&](const VehicleTypeSpec& v) { return v.id == id; });
    if (it != types.end())
      *it = t;
    else
      types.push_back(std::move(t));
    return id;
  }

  // Members nested as vTypes (each with its probability) or named by `vTypes` (with `probabilities`).
  void read_vtype_distribution(pugi::xml_node n) {
    std::string id = attr_string_required(f_, n, "id");
    if (ctx_.vtypes.count(id) && id != kDefaultType)
      fail(n, fmt::format("vTypeDistribution '{}': a vType has this id", id));
    Distribution d;
    d.where = ctx_.where(f_, n);
    for (pugi::xml_node c : n.children("vType")) {
      d.members.push_back(read_vtype(c));
      d.weights.push_back(attr_number(f_, c, "probability", 1.0));
    }
    std::vector<std::string> named = split_list(n.attribute("vTypes").value());
    std::vector<std::string> probs = split_list(n.attribute("probabilities").value());
    if (!probs.empty() && probs.size() != named.size())
      fail(n, fmt::format("vTypeDistribution '{}': {} probabilities for {} vTypes", id, probs.size(),
                          named.size()));
    for (std::size_t i = 0; i < named.size(); ++i) {
      if (!ctx_.vtypes.count(named[i]))
        fail(n, fmt::format("vTypeDistribution '{}' names vType '{}', which is not defined before it", id,
                            named[i]));
      double w = 1.0;
      if (!probs.empty() && !parse_number(probs[i], w))
        fail(n, fmt::format("vTypeDistribution '{}': probability \"{}\" is not a number", id, probs[i]));
      d.members.push_back(named[i]);
      d.weights.push_back(w);
    }
    for (double w : d.weights)
      if (!(w >= 0) || !std::isfinite(w))
        fail(n, fmt::format("vTypeDistribution '{}': probability {} must be 0 or more", id, w));
    if (d.members.empty()) fail(n, fmt::format("vTypeDistribution '{}' has no vType", id));
    // Members of classes ampel does not simulate are left out; their share goes to the others.
    Distribution kept;
    kept.where = d.where;
    for (std::size_t i = 0; i < d.members.size(); ++i) {
      if (!ctx_.vtypes.at(d.members[i]).simulated) {
        ctx_.notes.ignored(
            "vTypeDistribution members of classes not simulated (their share goes to the others)",
            d.members[i]);
        continue;
      }
      kept.members.push_back(d.members[i]);
      kept.weights.push_back(d.weights[i]);
    }
    double total = 0.0;
    for (double w : kept.weights) total += w;
    if (!(total > 0)) kept.members.clear(), kept.weights.clear();
    if (!kept.members.empty())
      ctx_.spec.type_distributions.push_back({id, kept.members, kept.weights, kept.where});
    ctx_.type_distributions[id] = std::move(kept);
  }

  // The vTypes a vehicle may get: its type's, or its distribution's members; empty if none is simulated.
  std::vector<const VTypeInfo*> types_of(const std::string& type, pugi::xml_node n, const std::string& what) {
    if (auto d = ctx_.type_distributions.find(type); d != ctx_.type_distributions.end()) {
      std::vector<const VTypeInfo*> out;
      for (const std::string& m : d->second.members) out.push_back(&ctx_.vtypes.at(m));
      return out;
    }
    auto it = ctx_.vtypes.find(type);
    if (it == ctx_.vtypes.end()) {
      if (type != kDefaultType) fail(n, fmt::format("{} has type '{}', which no vType defines", what, type));
      VehicleTypeSpec t = vclass_defaults("passenger");
      t.id = kDefaultType;
      ctx_.spec.vehicle_types.push_back(t);
      it = ctx_.vtypes.emplace(type, VTypeInfo{"passenger", true, vclass_drives_as("passenger")}).first;
    }
    if (!it->second.simulated) return {};
    return {&it->second};
  }

  // ---- routes --------------------------------------------------------------------------------------------

  std::vector<std::string> route_edges(pugi::xml_node n, const std::string& what) {
    std::vector<std::string> edges = split_list(attr_string_required(f_, n, "edges"));
    if (edges.empty()) fail(n, fmt::format("{} has no edges", what));
    for (const std::string& e : edges)
      if (!ctx_.edge_classes.count(e))
        fail(n, fmt::format("{}: route names edge '{}', which is not in the network", what, e));
    return edges;
  }

  void read_route_def(pugi::xml_node n, const std::string& id) {
    RouteDef r;
    r.edges = route_edges(n, fmt::format("route '{}'", id));
    r.file = f_.path();
    r.place = f_.place(n);
    r.stops = read_stops(n, fmt::format("route '{}'", id));
    ctx_.routes[id] = std::move(r);
  }

  // Routes nested (each with its probability, or a refId to a route) or named by `routes`.
  void read_route_distribution(pugi::xml_node n, const std::string& id) {
    Distribution d;
    d.where = ctx_.where(f_, n);
    int k = 0;
    for (pugi::xml_node c : n.children("route")) {
      std::string rid;
      if (pugi::xml_attribute ref = c.attribute("refId")) {
        rid = ref.value();
        if (!ctx_.routes.count(rid))
          fail(c, fmt::format("routeDistribution '{}' names route '{}', which is not defined before it", id,
                              rid));
      } else {
        rid = c.attribute("id") ? c.attribute("id").value() : fmt::format("{}#{}", id, k);
        read_route_def(c, rid);
      }
      ++k;
      d.members.push_back(rid);
      d.weights.push_back(attr_number(f_, c, "probability", 1.0));
    }
    std::vector<std::string> named = split_list(n.attribute("routes").value());
    std::vector<std::string> probs = split_list(n.attribute("probabilities").value());
    if (!probs.empty() && probs.size() != named.size())
      fail(n, fmt::format("routeDistribution '{}': {} probabilities for {} routes", id, probs.size(),
                          named.size()));
    for (std::size_t i = 0; i < named.size(); ++i) {
      if (!ctx_.routes.count(named[i]))
        fail(n, fmt::format("routeDistribution '{}' names route '{}', which is not defined before it", id,
                            named[i]));
      double w = 1.0;
      if (!probs.empty() && !parse_number(probs[i], w))
        fail(n, fmt::format("routeDistribution '{}': probability \"{}\" is not a number", id, probs[i]));
      d.members.push_back(named[i]);
      d.weights.push_back(w);
    }
    double total = 0.0;
    for (double w : d.weights) {
      if (!(w >= 0) || !std::isfinite(w))
        fail(n, fmt::format("routeDistribution '{}': probability {} must be 0 or more", id, w));
      total += w;
    }
    if (d.members.empty() || !(total > 0))
      fail(n, fmt::format("routeDistribution '{}' has no route with a probability above 0", id));
    ctx_.route_distributions[id] = std::move(d);
  }

  // Whether vehicles of the given types can drive over the edges; notes and counts them if not.
  bool drivable(const std::vector<std::string>& edges, const std::vector<const VTypeInfo*>& types,
                const std::string& id, long count) {
    for (const std::string& e : edges) {
      VClassMask open = ctx_.edge_classes.at(e);
      for (const VTypeInfo* t : types)
        if (!lane_allows(open, t->drives_as)) {
          ctx_.drop_vehicles(
              fmt::format("vehicles of vClass {} whose route uses an edge without a lane open to "
                          "them",
                          t->vclass),
              id, count);
          return false;
        }
    }
    return true;
  }

  struct Demand {
    std::vector<std::string> edges;  // explicit route, or
    std::string from, to;            // a trip, or
    std::string route_distribution;  // a route drawn per vehicle
    std::vector<StopSpec> stops;     // stops of the route definition
  };

  // A vehicle's route: a `route` id (or routeDistribution id), a nested <route>, or from/to. False if the
  // vehicle is left out (noted and counted as `count` vehicles).
  bool demand_of(pugi::xml_node n, bool trip, const std::string& id, const std::string& what,
                 const std::vector<const VTypeInfo*>& types, long count, Demand& out) {
    if (!trip) {
      if (pugi::xml_attribute r = n.attribute("route")) {
        if (ctx_.route_distributions.count(r.value()))
          return use_route_distribution(r.value(), types, id, count, out);
        auto it = ctx_.routes.find(r.value());
        if (it == ctx_.routes.end())
          fail(n, fmt::format("{} names route '{}', which is not defined before it", what, r.value()));
        out.edges = it->second.edges;
        out.stops = it->second.stops;
      } else if (pugi::xml_node nested = n.child("route")) {
        out.edges = route_edges(nested, what);
        out.stops = read_stops(nested, what);
      } else if (pugi::xml_node dist = n.child("routeDistribution")) {
        std::string did = fmt::format("{}#routes", id);
        read_route_distribution(dist, did);
        return use_route_distribution(did, types, id, count, out);
      }
    }
    if (out.edges.empty()) {
      if (!n.attribute("from") || !n.attribute("to")) {
        if (n.attribute("fromTaz") || n.attribute("fromJunction")) {
          ctx_.drop_vehicles("vehicles of trips between districts or junctions", id, count);
          return false;
        }
        fail(n,
             fmt::format("{} needs a route (route attribute or nested <route>) or from and to edges", what));
      }
      out.from = n.attribute("from").value();
      out.to = n.attribute("to").value();
      for (const std::string* e : {&out.from, &out.to})
        if (!ctx_.edge_classes.count(*e))
          fail(n, fmt::format("{}: edge '{}' is not in the network", what, *e));
      if (n.attribute("via")) ctx_.notes.ignored("trip 'via' edges (routed directly)", id);
      return drivable({out.from, out.to}, types, id, count);
    }
    return drivable(out.edges, types, id, count);
  }

  // A vehicle drawing its route from distribution `did`: every member route must be drivable for its types;
  // the distribution goes into the scenario once, when a vehicle first uses it.
  bool use_route_distribution(const std::string& did, const std::vector<const VTypeInfo*>& types,
                              const std::string& id, long count, Demand& out) {
    for (const std::string& m : ctx_.route_distributions.at(did).members)
      if (!drivable(ctx_.routes.at(m).edges, types, id, count)) return false;
    add_route_distribution(did);
    out.route_distribution = did;
    return true;
  }

  std::set<std::string> used_route_distributions_;
  void add_route_distribution(const std::string& did) {
    if (!used_route_distributions_.insert(did).second) return;
    const Distribution& d = ctx_.route_distributions.at(did);
    RouteDistributionSpec spec;
    spec.id = did;
    spec.where = d.where;
    for (std::size_t i = 0; i < d.members.size(); ++i) {
      spec.routes.push_back(ctx_.routes.at(d.members[i]).edges);
      spec.weights.push_back(d.weights[i]);
    }
    ctx_.spec.route_distributions.push_back(std::move(spec));
  }

  // ---- stops ---------------------------------------------------------------------------------------------

  void read_stopping_place(pugi::xml_node n) {
    std::string id = attr_string_required(f_, n, "id");
    std::string lane = attr_string_required(f_, n, "lane");
    auto it = ctx_.lanes.find(lane);
    if (it == ctx_.lanes.end())
      fail(n, fmt::format("<{}> '{}' is on lane '{}', which is not in the network", n.name(), id, lane));
    StoppingPlace p;
    p.edge = it->second.edge;
    p.lane = it->second.index;
    double len = it->second.length_m;
    p.start_m = attr_number(f_, n, "startPos", 0.0);
    p.end_m = attr_number(f_, n, "endPos", len);
    if (p.start_m < 0) p.start_m += len;
    if (p.end_m < 0) p.end_m += len;
    p.start_m =
        std::clamp(p.start_m, 0.0, len);  // SUMO's friendlyPos: positions beyond the lane are moved on
    p.end_m = std::clamp(p.end_m, p.start_m, len);
    if (std::string_view(n.name()) == "parkingArea") p.lane = -2;  // parked vehicles leave the lane
    ctx_.stopping_places[id] = p;
  }

  // The <stop>s inside a vehicle, flow or route; stops that cannot be served are noted and left out.
  std::vector<StopSpec> read_stops(pugi::xml_node n, const std::string& what) {
    std::vector<StopSpec> out;
    for (pugi::xml_node s : n.children("stop")) {
      StopSpec st;
      st.where = ctx_.where(f_, s);
      const char* place_attr = nullptr;
      for (const char* a : {"busStop", "trainStop", "containerStop", "chargingStation", "parkingArea"})
        if (s.attribute(a)) place_attr = a;
      if (place_attr) {
        st.name = s.attribute(place_attr).value();
        auto it = ctx_.stopping_places.find(st.name);
        if (it == ctx_.stopping_places.end())
          fail(s, fmt::format("{}: stop at {} '{}', which no additional file defines (before it)", what,
                              place_attr, st.name));
        const StoppingPlace& p = it->second;
        if (p.lane == -2) {
          ctx_.notes.ignored("stops at parking areas (parked vehicles leave the road; the stop is skipped)",
                             st.name);
          continue;
        }
        if (p.lane < 0) {
          ctx_.notes.ignored("stops on lanes left out of the network (skipped)", st.name);
          continue;
        }
        st.road = p.edge, st.lane = p.lane, st.start_m = p.start_m, st.end_m = p.end_m;
      } else if (pugi::xml_attribute lane = s.attribute("lane")) {
        auto it = ctx_.lanes.find(lane.value());
        if (it == ctx_.lanes.end())
          fail(s, fmt::format("{}: stop on lane '{}', which is not in the network", what, lane.value()));
        if (it->second.index < 0) {
          ctx_.notes.ignored("stops on lanes left out of the network (skipped)", lane.value());
          continue;
        }
        double len = it->second.length_m;
        st.road = it->second.edge, st.lane = it->second.index;
        st.end_m = attr_number(f_, s, "endPos", len);
        if (st.end_m < 0) st.end_m += len;
        st.end_m = std::clamp(st.end_m, 0.0, len);
        st.start_m = attr_number(f_, s, "startPos", std::max(0.0, st.end_m - 0.2));
        if (st.start_m < 0) st.start_m += len;
        st.start_m = std::clamp(st.start_m, 0.0, st.end_m);
      } else {
        ctx_.notes.ignored("stops without a lane or stopping place (skipped)", what);
        continue;
      }
      if (s.attribute("parking") && s.attribute("parking").as_bool()) {
        ctx_.notes.ignored("parking stops (parked vehicles leave the road; the stop is skipped)", what);
        continue;
      }
      if (s.attribute("speed") && attr_number(f_, s, "speed", 0.0) > 0) {
        ctx_.notes.ignored("waypoints (stops with a speed: driven through)", what);
        continue;
      }
      st.duration_s = time_attr(s, "duration", 0.0);
      st.until_s = time_attr(s, "until", -1.0);
      if (st.duration_s < 0) fail(s, fmt::format("{}: stop duration {} s is negative", what, st.duration_s));
      if (s.attribute("triggered") && std::string_view(s.attribute("triggered").value()) != "false")
        ctx_.notes.ignored("stops triggered by persons or containers (they end after their duration)", what);
      for (const char* a : {"extension", "jump", "expected", "actType", "tripId"})
        if (s.attribute(a)) ctx_.notes.ignored(fmt::format("stop '{}' attributes", a));
      out.push_back(std::move(st));
    }
    return out;
  }

  // ---- departure rules -----------------------------------------------------------------------------------

  // departLane, departPos, departSpeed and arrivalPos; `first_edge` maps a lane index to the kept lanes.
  DepartureSpec departure(pugi::xml_node n, const std::string& what, const std::string& first_edge,
                          double& speed_mps) {
    DepartureSpec d;
    auto bad = [&](const char* attr, std::string_view value, const char* known) {
      fail(n, fmt::format("{}: {}=\"{}\" is not a number or one of {}", what, attr, value, known));
    };
    if (pugi::xml_attribute a = n.attribute("departLane")) {
      std::string_view v = a.value();
      double idx = 0;
      if (parse_number(v, idx)) {
        if (idx < 0 || idx != std::floor(idx) || idx > 64) bad("departLane", v, "a lane index 0, 1, ...");
        d.lane = DepartLane::index;
        auto it = first_edge.empty()
                      ? ctx_.lanes.end()
                      : ctx_.lanes.find(fmt::format("{}_{}", first_edge, static_cast<int>(idx)));
        if (first_edge.empty()) {
          d.lane = DepartLane::first;  // drawn routes: the index may differ per route
          ctx_.notes.ignored(
              "departLane indices on routes drawn from a distribution (the first lane is used)", what);
        } else if (it == ctx_.lanes.end()) {
          fail(n, fmt::format("{}: departLane {} is not a lane of edge '{}'", what, v, first_edge));
        } else if (it->second.index < 0) {
          fail(n, fmt::format("{}: departLane {} of edge '{}' is closed to every simulated vehicle class",
                              what, v, first_edge));
        } else {
          d.lane_index = it->second.index;
        }
      } else if (v == "random") {
        d.lane = DepartLane::random;
      } else if (v == "free") {
        d.lane = DepartLane::free;
      } else if (v == "allowed") {
        d.lane = DepartLane::allowed;
      } else if (v == "best") {
        d.lane = DepartLane::best;
      } else if (v == "first") {
        d.lane = DepartLane::first;
      } else {
        bad("departLane", v, "random, free, allowed, best, first");
      }
    }
    if (pugi::xml_attribute a = n.attribute("departPos")) {
      std::string_view v = a.value();
      if (parse_number(v, d.pos_m) && std::isfinite(d.pos_m))
        d.pos = DepartPos::value;
      else if (v == "random")
        d.pos = DepartPos::random;
      else if (v == "free")
        d.pos = DepartPos::free;
      else if (v == "random_free")
        d.pos = DepartPos::random_free;
      else if (v == "base")
        d.pos = DepartPos::base;
      else if (v == "last")
        d.pos = DepartPos::last;
      else if (v == "stop" || v == "splitFront")
        ctx_.notes.ignored(fmt::format("departPos=\"{}\" (departs at the lane start)", v), what);
      else
        bad("departPos", v, "random, free, random_free, base, last, stop");
    }
    speed_mps = 0.0;
    if (pugi::xml_attribute a = n.attribute("departSpeed")) {
      std::string_view v = a.value();
      if (parse_number(v, speed_mps) && std::isfinite(speed_mps)) {
        if (speed_mps < 0) fail(n, fmt::format("{}: departSpeed {} is negative", what, speed_mps));
        d.speed = DepartSpeed::value;
      } else if (v == "max") {
        d.speed = DepartSpeed::max;
      } else if (v == "desired") {
        d.speed = DepartSpeed::desired;
      } else if (v == "speedLimit") {
        d.speed = DepartSpeed::limit;
      } else if (v == "random") {
        d.speed = DepartSpeed::random;
      } else if (v == "last") {
        d.speed = DepartSpeed::last;
      } else if (v == "avg") {
        d.speed = DepartSpeed::avg;
      } else {
        bad("departSpeed", v, "max, desired, speedLimit, random, last, avg");
      }
    }
    if (pugi::xml_attribute a = n.attribute("arrivalPos")) {
      std::string_view v = a.value();
      if (parse_number(v, d.arrival_m) && std::isfinite(d.arrival_m))
        d.arrival = ArrivalPos::value;
      else if (v == "random")
        d.arrival = ArrivalPos::random;
      else if (v != "max")
        bad("arrivalPos", v, "random, max");
    }
    for (const char* a : {"arrivalLane", "arrivalSpeed", "departEdge", "arrivalEdge", "speedFactor",
                          "insertionChecks", "departPosLat", "arrivalPosLat"})
      if (n.attribute(a)) ctx_.notes.ignored(fmt::format("{} attributes {}", n.name(), a), what);
    return d;
  }

  // ---- vehicles and flows --------------------------------------------------------------------------------

  // The departure time; false when the vehicle is left out (counted). Throws for a value that is no time.
  bool depart_time(pugi::xml_node n, const std::string& id, double& t) {
    const std::string s = attr_string_required(f_, n, "depart");
    if (s == "triggered" || s == "containerTriggered" || s == "split") {
      ctx_.drop_vehicles("vehicles that depart when persons or containers board (not simulated)", id);
      return false;
    }
    if (s == "now" || s == "begin") {
      t = ctx_.begin_s;
      return true;
    }
    if (!parse_time(s, t) || !std::isfinite(t))
      fail(n, fmt::format("vehicle '{}': depart=\"{}\" is not a time (seconds, h:m:s, begin or now)", id, s));
    if (t < 0) fail(n, fmt::format("vehicle '{}': depart {} s is negative", id, t));
    return true;
  }

  bool inside_window(double t) const { return t >= ctx_.begin_s && (!ctx_.end_s || t < *ctx_.end_s); }

  void read_vehicle(pugi::xml_node n, bool trip) {
    std::string id = attr_string_required(f_, n, "id");
    std::string what = fmt::format("{} '{}'", trip ? "trip" : "vehicle", id);
    VehicleSpec v;
    v.id = id;
    v.where = ctx_.where(f_, n);
    if (!depart_time(n, id, v.depart_s)) return;
    v.type = n.attribute("type").as_string(kDefaultType);
    std::vector<const VTypeInfo*> types = types_of(v.type, n, what);
    if (types.empty()) {
      ctx_.drop_vehicles(
          fmt::format("vehicles of vClass {}", ctx_.vtypes.count(v.type) ? ctx_.vtypes.at(v.type).vclass
                                                                         : std::string("not simulated")),
          id, 1, "only road motor vehicles are simulated (no bicycles, pedestrians, rail)");
      return;
    }
    Demand dem;
    if (!demand_of(n, trip, id, what, types, 1, dem)) return;
    if (!inside_window(v.depart_s)) {
      ++ctx_.outside_window;
      return;
    }
    v.route = dem.edges;
    v.from_road = dem.from;
    v.to_road = dem.to;
    v.route_distribution = dem.route_distribution;
    std::string first = !dem.edges.empty() ? dem.edges.front() : dem.from;
    v.departure = departure(n, what, first, v.depart_speed_mps);
    v.stops = dem.stops;
    for (StopSpec& s : read_stops(n, what)) v.stops.push_back(std::move(s));
    note_children(n);
    ctx_.last_departure_s = std::max(ctx_.last_departure_s, v.depart_s);
    ctx_.spec.vehicles.push_back(std::move(v));
  }

  void note_children(pugi::xml_node n) {
    for (pugi::xml_node c : n.children()) {
      std::string_view tag = c.name();
      if (c.type() != pugi::node_element || tag == "route" || tag == "stop" || tag == "param" ||
          tag == "routeDistribution")
        continue;
      ctx_.notes.ignored(fmt::format("<{}> in vehicles and flows", tag), n.attribute("id").value());
    }
  }

  void read_flow(pugi::xml_node n) {
    std::string id = attr_string_required(f_, n, "id");
    std::string what = fmt::format("flow '{}'", id);
    bool has_number = n.attribute("number");
    double number = attr_number(f_, n, "number", -1.0);
    if (has_number && (!(number >= 0) || number != std::floor(number) || number > kMaxFlowVehicles))
      fail(n, fmt::format("{}: number must be a whole number from 0 to {}", what, kMaxFlowVehicles));
    double begin = time_attr(n, "begin", 0.0);
    if (begin < 0) fail(n, fmt::format("{}: begin {} s is negative", what, begin));
    int forms = (n.attribute("period") ? 1 : 0) + (n.attribute("vehsPerHour") ? 1 : 0) +
                (n.attribute("probability") ? 1 : 0);
    if (forms > 1) fail(n, fmt::format("{}: give only one of period, vehsPerHour and probability", what));
    if (forms == 0 && !has_number)
      fail(n, fmt::format("{} needs one of period, vehsPerHour, probability or number", what));
    if (forms == 0 && !n.attribute("end"))
      fail(n, fmt::format("{}: number without period, vehsPerHour or probability needs an end", what));
    // Without an end a flow runs SUMO's 24 hours, or as long as its number of vehicles takes.
    double end = time_attr(n, "end", has_number && forms > 0 ? 1e300 : begin + kFlowDefaultEndS);
    if (end < begin) fail(n, fmt::format("{}: end {} s is before its begin {} s", what, end, begin));

    // The gap between vehicles: evenly spaced (period), or random (Poisson / one trial per step).
    double period = -1, rate_per_s = -1;
    Headways random_kind = Headways::poisson;
    std::string_view period_text = n.attribute("period").value();
    if (period_text.substr(0, 4) == "exp(" && period_text.back() == ')') {
      if (!parse_number(period_text.substr(4, period_text.size() - 5), rate_per_s) || !(rate_per_s > 0) ||
          !std::isfinite(rate_per_s))
        fail(n, fmt::format("{}: period \"{}\" is not exp(rate) with a rate above 0", what, period_text));
    } else if (n.attribute("period")) {
      period = time_attr(n, "period", -1);
      if (!(period > 0)) fail(n, fmt::format("{}: period {} s must be above 0", what, period));
    } else if (n.attribute("vehsPerHour")) {
      double vph = attr_number(f_, n, "vehsPerHour", 0);
      if (!(vph > 0) || !std::isfinite(vph)) fail(n, fmt::format("{}: vehsPerHour must be above 0", what));
      period = 3600.0 / vph;
    } else if (n.attribute("probability")) {
      double p = attr_number(f_, n, "probability", 0);
      if (!(p >= 0 && p <= 1)) fail(n, fmt::format("{}: probability must be between 0 and 1", what));
      rate_per_s = p;  // SUMO: a vehicle with this probability each second (scaled to the step)
      random_kind = Headways::bernoulli;
    } else {
      if (!(end > begin)) fail(n, fmt::format("{}: number over an empty interval", what));
      period = number > 0 ? (end - begin) / number : 1.0;
    }
    if (period > 0 && end >= 1e300) end = begin + period * number;
    // Evenly spaced vehicles, counted before any is made: a cap that names itself.
    long count = 0;
    if (period > 0) {
      double n_in = std::ceil((end - begin) / period - 1e-9);
      if (has_number) n_in = std::min(n_in, number);
      if (!(n_in <= kMaxFlowVehicles) || ctx_.flow_vehicles + static_cast<long>(n_in) > kMaxFlowVehicles)
        fail(n, fmt::format("{}: makes {:.0f} vehicles; all flows together may make at most {} (the flow "
                            "vehicle limit)",
                            what, n_in, kMaxFlowVehicles));
      count = static_cast<long>(std::max(0.0, n_in));
    }
    std::string type = n.attribute("type").as_string(kDefaultType);
    std::vector<const VTypeInfo*> types = types_of(type, n, what);
    // Vehicles the flow would make (for random flows the expected number), for counting what is left out.
    double random_expected = rate_per_s * (std::min(end, ctx_.end_s.value_or(end)) - begin);
    if (has_number) random_expected = std::min(random_expected, number);
    long expected = period > 0 ? count : static_cast<long>(std::clamp(random_expected, 0.0, 1e12) + 0.5);
    if (types.empty()) {
      ctx_.drop_vehicles(
          fmt::format("vehicles of vClass {}",
                      ctx_.vtypes.count(type) ? ctx_.vtypes.at(type).vclass : std::string("not simulated")),
          id, expected, "only road motor vehicles are simulated (no bicycles, pedestrians, rail)");
      return;
    }
    Demand dem;
    if (!demand_of(n, false, id, what, types, expected, dem)) return;
    double speed = 0.0;
    std::string first = !dem.edges.empty() ? dem.edges.front() : dem.from;
    DepartureSpec dep = departure(n, what, first, speed);
    std::vector<StopSpec> stops = dem.stops;
    for (StopSpec& s : read_stops(n, what)) stops.push_back(std::move(s));
    note_children(n);
    if (rate_per_s >= 0) {
      FlowSpec fs;
      fs.id = id;
      fs.type = type;
      fs.route = dem.edges;
      fs.from_road = dem.from;
      fs.to_road = dem.to;
      fs.route_distribution = dem.route_distribution;
      double b = std::max(begin, ctx_.begin_s), e = std::min(end, ctx_.end_s.value_or(end));
      if (!(e > b)) return;  // entirely outside the simulated time
      if (e >= 1e300) fail(n, fmt::format("{}: a random flow with a number of vehicles needs an end", what));
      fs.profile.push_back({b, e, rate_per_s * 3600.0});
      fs.headways = random_kind;
      fs.depart_speed_mps = speed;
      fs.departure = dep;
      fs.stops = stops;
      fs.max_vehicles = has_number ? static_cast<std::int64_t>(number) : -1;
      fs.where = ctx_.where(f_, n);
      ctx_.last_departure_s = std::max(ctx_.last_departure_s, e);
      ctx_.spec.flows.push_back(std::move(fs));
      return;
    }
    // Evenly spaced departures are exact as a vehicle list, as SUMO inserts them.
    ctx_.flow_vehicles += count;
    for (long i = 0; i < count; ++i) {
      double t = begin + static_cast<double>(i) * period;
      if (!inside_window(t)) {
        ++ctx_.outside_window;
        continue;
      }
      VehicleSpec v;
      v.id = fmt::format("{}.{}", id, i);
      v.type = type;
      v.depart_s = t;
      v.route = dem.edges;
      v.from_road = dem.from;
      v.to_road = dem.to;
      v.route_distribution = dem.route_distribution;
      v.depart_speed_mps = speed;
      v.departure = dep;
      v.stops = stops;
      // A flow's stops keep their `until` relative to each vehicle's departure (SUMO shifts them).
      for (StopSpec& s : v.stops)
        if (s.until_s >= 0) s.until_s += t - begin;
      v.where = ctx_.where(f_, n);
      ctx_.last_departure_s = std::max(ctx_.last_departure_s, t);
      ctx_.spec.vehicles.push_back(std::move(v));
    }
  }

  // ---- loop detectors ------------------------------------------------------------------------------------

  void read_detector(pugi::xml_node n) {
    std::string id = attr_string_required(f_, n, "id");
    std::string lane = attr_string_required(f_, n, "lane");
    auto it = ctx_.lanes.find(lane);
    if (it == ctx_.lanes.end())
      fail(n, fmt::format("<{}> '{}' is on lane '{}', which is not in the network", n.name(), id, lane));
    if (it->second.index < 0) {
      ctx_.notes.ignored("loop detectors on lanes left out of the network", id);
      return;
    }
    double pos = attr_number_required(f_, n, "pos");
    double len = it->second.length_m;
    if (pos < 0) pos += len;
    pos = std::clamp(pos, 0.0, len);  // SUMO's friendlyPos
    ctx_.spec.network.detectors.push_back({id, it->second.edge, it->second.index, pos, ctx_.where(f_, n)});
  }
};

}  // namespace

bool simulated_class(std::string_view vclass) {
  static const std::set<std::string, std::less<>> not_simulated = {
      "bicycle", "pedestrian", "tram", "rail_urban", "rail", "rail_electric", "rail_fast", "ship"};
  return vclass_bit(vclass) != 0 && !not_simulated.count(vclass);
}

// SUMO 1.15's defaults per vehicle class, read from SUMO itself (traci.vehicletype on a vType of each class).
VehicleTypeSpec vclass_defaults(const std::string& vclass) {
  struct Row {
    const char* vclass;
    double length_m, max_speed_mps, accel_mps2, decel_mps2, emergency_decel_mps2, speed_dev;
  };
  static constexpr Row kRows[] = {
      {"passenger", 5.0, 55.56, 2.6, 4.5, 9.0, 0.1},    {"taxi", 5.0, 55.56, 2.6, 4.5, 9.0, 0.05},
      {"emergency", 6.5, 55.56, 2.6, 4.5, 9.0, 0.0},    {"authority", 5.0, 55.56, 2.6, 4.5, 9.0, 0.0},
      {"army", 5.0, 55.56, 2.6, 4.5, 9.0, 0.0},         {"bus", 12.0, 27.78, 1.2, 4.0, 7.0, 0.0},
      {"coach", 14.0, 27.78, 2.0, 4.0, 7.0, 0.05},      {"delivery", 6.5, 55.56, 2.6, 4.5, 9.0, 0.05},
      {"truck", 7.1, 36.11, 1.3, 4.0, 7.0, 0.05},       {"trailer", 16.5, 36.11, 1.1, 4.0, 7.0, 0.05},
      {"motorcycle", 2.2, 55.56, 6.0, 10.0, 10.0, 0.1}, {"moped", 2.1, 16.67, 1.1, 7.0, 10.0, 0.1},
      {"ignoring", 5.0, 55.56, 2.6, 4.5, 9.0, 0.0}};
  VehicleTypeSpec t;
  const Row* row = &kRows[0];
  for (const Row& r : kRows)
    if (vclass == r.vclass) row = &r;
  t.vclass = vclass;
  t.length_m = row->length_m;
  t.min_gap_m = 2.5;
  t.max_speed_mps = row->max_speed_mps;
  t.accel_mps2 = row->accel_mps2;
  t.decel_mps2 = row->decel_mps2;
  t.emergency_decel_mps2 = row->emergency_decel_mps2;
  t.sigma = 0.5;
  t.headway_s = 1.0;
  t.speed_factor = 1.0;
  t.speed_dev = row->speed_dev;
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
