#include "sim/scenario_demand.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "sim/limits.hpp"

namespace ampel {

namespace {

constexpr double kLaneEnd = 1e300;

struct RouteOption {
  std::vector<std::string> roads;
  std::string from, to;
};

// Cumulative weights normalised to end at 1; empty if a weight is negative or all are zero.
std::vector<double> cumulative(const std::vector<double>& w) {
  double total = 0.0;
  for (double x : w) {
    if (!(x >= 0) || !std::isfinite(x)) return {};
    total += x;
  }
  if (!(total > 0)) return {};
  std::vector<double> out;
  double run = 0.0;
  for (double x : w) out.push_back((run += x) / total);
  out.back() = 1.0;
  return out;
}

class DemandCompiler {
 public:
  DemandCompiler(const ScenarioSpec& spec, Scenario& sc, Diagnostics& diag, const CompileRoute& compile_route)
      : sc_(sc), diag_(diag), compile_route_(compile_route) {
    for (const TypeDistributionSpec& d : spec.type_distributions) {
      if (sc.types.find(d.id) != VehicleTypeTable::kNoType || type_dists_.count(d.id)) {
        diag.error(d.where, fmt::format("type distribution '{}': the id is already a vehicle type or "
                                        "distribution",
                                        d.id));
        continue;
      }
      if (d.types.empty() || d.types.size() != d.weights.size())
        diag.error(d.where, fmt::format("type distribution '{}' needs one weight per type", d.id));
      else if (cumulative(d.weights).empty())
        diag.error(d.where,
                   fmt::format("type distribution '{}': weights must be 0 or more, not all 0", d.id));
      for (const std::string& t : d.types)
        if (sc.types.find(t) == VehicleTypeTable::kNoType)
          diag.error(d.where, fmt::format("type distribution '{}' names unknown vehicle type '{}'", d.id, t));
      type_dists_[d.id] = &d;
    }
    for (const RouteDistributionSpec& d : spec.route_distributions) {
      if (route_dists_.count(d.id)) {
        diag.error(d.where, fmt::format("duplicate route distribution '{}'", d.id));
        continue;
      }
      if (d.routes.empty() || d.routes.size() != d.weights.size())
        diag.error(d.where, fmt::format("route distribution '{}' needs one weight per route", d.id));
      else if (cumulative(d.weights).empty())
        diag.error(d.where,
                   fmt::format("route distribution '{}': weights must be 0 or more, not all 0", d.id));
      route_dists_[d.id] = &d;
    }
  }

  // The type and route of a flow or vehicle: fixed, or a draw (sc.draws) when either comes from a
  // distribution. False (after reporting) if unusable.
  bool resolve(const std::string& type, const std::vector<std::string>& roads, const std::string& from,
               const std::string& to, const std::string& route_dist, const std::string& where,
               const std::string& what, TypeId& type_out, RouteId& route_out, std::uint32_t& draw_out) {
    std::vector<TypeId> types;
    std::vector<double> type_w;
    if (TypeId t = sc_.types.find(type); t != VehicleTypeTable::kNoType) {
      types = {t}, type_w = {1.0};
    } else if (auto it = type_dists_.find(type); it != type_dists_.end()) {
      for (const std::string& m : it->second->types) types.push_back(sc_.types.find(m));
      type_w = it->second->weights;
      if (std::count(types.begin(), types.end(), VehicleTypeTable::kNoType) > 0) return false;  // reported
    } else {
      diag_.error(where, fmt::format("{}: unknown vehicle type '{}'", what, type));
      return false;
    }
    std::vector<RouteOption> routes;
    std::vector<double> route_w;
    if (!route_dist.empty()) {
      auto it = route_dists_.find(route_dist);
      if (it == route_dists_.end()) {
        diag_.error(where, fmt::format("{}: unknown route distribution '{}'", what, route_dist));
        return false;
      }
      for (const auto& r : it->second->routes) routes.push_back({r, {}, {}});
      route_w = it->second->weights;
    } else {
      routes.push_back({roads, from, to});
      route_w = {1.0};
    }
    std::vector<double> type_cum = cumulative(type_w), route_cum = cumulative(route_w);
    if (type_cum.empty() || route_cum.empty()) return false;  // reported with the distribution
    // Every route option compiled for every type option's class.
    std::vector<std::vector<RouteId>> compiled(routes.size(), std::vector<RouteId>(types.size(), kNone));
    bool ok = true;
    for (std::size_t r = 0; r < routes.size(); ++r)
      for (std::size_t t = 0; t < types.size(); ++t) {
        VClassMask drives_as = sc_.types.types[types[t]].drives_as;
        // Classes that compile to the same route need not be compiled twice.
        for (std::size_t u = 0; u < t && compiled[r][t] == kNone; ++u)
          if (sc_.types.types[types[u]].drives_as == drives_as) compiled[r][t] = compiled[r][u];
        if (compiled[r][t] == kNone)
          compiled[r][t] = compile_route_(
              routes[r].roads, routes[r].from, routes[r].to, drives_as, where,
              types.size() > 1 ? fmt::format("{} (as a {})", what, sc_.types.types[types[t]].id) : what);
        if (compiled[r][t] == kNone) ok = false;
      }
    if (!ok) return false;
    if (types.size() == 1 && routes.size() == 1) {
      type_out = types[0], route_out = compiled[0][0], draw_out = kNone;
      return true;
    }
    DemandDraw d;
    d.types = types;
    d.type_cumulative = type_cum;
    d.route_cumulative = route_cum;
    d.routes = std::move(compiled);
    // Identical draws (every vehicle of a route file naming the same distribution) are stored once.
    auto key = std::make_pair(d.types, d.routes);
    auto [it, fresh] = draw_index_.emplace(key, static_cast<std::uint32_t>(sc_.draws.size()));
    if (fresh)
      sc_.draws.push_back(std::move(d));
    else if (sc_.draws[it->second].type_cumulative != type_cum ||
             sc_.draws[it->second].route_cumulative != route_cum) {
      it->second = static_cast<std::uint32_t>(sc_.draws.size());
      sc_.draws.push_back(std::move(d));
    }
    type_out = types[0], route_out = sc_.draws[it->second].routes[0][0], draw_out = it->second;
    return true;
  }

  // Appends the compiled stops to sc.stops; false (after reporting) if one is not on the route.
  bool stops(const std::vector<StopSpec>& specs, RouteId route_id, std::uint32_t draw,
             const std::string& where, const std::string& what, std::uint32_t& begin, std::uint32_t& end) {
    begin = end = static_cast<std::uint32_t>(sc_.stops.size());
    if (specs.empty()) return true;
    if (draw != kNone && sc_.draws[draw].routes.size() > 1) {
      diag_.error(where, fmt::format("{}: planned stops need one route, not a route distribution", what));
      return false;
    }
    const Network& net = *sc_.network;
    const Route& route = sc_.routes[route_id];
    std::uint32_t from_pos = 0;
    double last_end = -1.0;
    for (const StopSpec& st : specs) {
      const std::string& place = st.where.empty() ? where : st.where;
      RoadId road = net.find_road(st.road);
      // The first visit of the road from the previous stop on; on the previous stop's own road only further
      // along it.
      double wanted_end = st.end_m < 0 ? kLaneEnd : st.end_m;
      bool first = begin == sc_.stops.size();
      std::uint32_t pos = from_pos;
      while (pos < route.roads.size() &&
             !(route.roads[pos] == road && (first || pos > from_pos || wanted_end >= last_end)))
        ++pos;
      if (road == kNone || pos >= route.roads.size()) {
        diag_.error(place, fmt::format("{}: stop{} on road '{}', which is not on its route{}", what,
                                       st.name.empty() ? "" : " '" + st.name + "'", st.road,
                                       first ? "" : " after the previous stop"));
        return false;
      }
      const Road& r = net.road(road);
      if (st.lane < 0 || st.lane >= static_cast<int>(r.lane_count)) {
        diag_.error(place, fmt::format("{}: stop on lane {} of road '{}', which has {} lanes", what, st.lane,
                                       st.road, r.lane_count));
        return false;
      }
      const Lane& lane = net.lane(r.first_lane + static_cast<LaneId>(st.lane));
      if (!lane_allows(lane.allowed, route.drives_as)) {
        diag_.error(place,
                    fmt::format("{}: stop on lane {} of road '{}', which its vehicle class may not use", what,
                                st.lane, st.road));
        return false;
      }
      CompiledStop cs;
      cs.route_pos = pos;
      cs.lane_index = static_cast<std::uint32_t>(st.lane);
      cs.end_m = st.end_m < 0 ? lane.length_m : st.end_m;
      cs.start_m = st.start_m < 0 ? std::max(0.0, cs.end_m - 2.0) : st.start_m;
      if (!(cs.end_m <= lane.length_m + 1e-6) || !(cs.start_m <= cs.end_m) || !(cs.start_m >= 0)) {
        diag_.error(place, fmt::format("{}: stop from {} m to {} m does not fit its lane of {:.2f} m", what,
                                       cs.start_m, cs.end_m, lane.length_m));
        return false;
      }
      if (!(st.duration_s >= 0) || !std::isfinite(st.duration_s) || !std::isfinite(st.until_s)) {
        diag_.error(place, fmt::format("{}: stop duration {} s must be 0 or more", what, st.duration_s));
        return false;
      }
      cs.duration_ms = seconds_to_ms(st.duration_s);
      cs.until_ms = st.until_s < 0 ? -1 : seconds_to_ms(st.until_s);
      sc_.stops.push_back(cs);
      from_pos = pos;
      last_end = st.end_m < 0 ? kLaneEnd : cs.end_m;
    }
    end = static_cast<std::uint32_t>(sc_.stops.size());
    return true;
  }

  // Departure options that name a lane or a position must fit the first and last roads.
  void check_departure(const DepartureSpec& d, RouteId route_id, const std::string& where,
                       const std::string& what) {
    const Network& net = *sc_.network;
    const Route& route = sc_.routes[route_id];
    const Road& first = net.road(route.roads.front());
    const Road& last = net.road(route.roads.back());
    if (d.lane == DepartLane::index) {
      if (d.lane_index < 0 || d.lane_index >= static_cast<int>(first.lane_count))
        diag_.error(where, fmt::format("{}: departs on lane {} of road '{}', which has {} lanes", what,
                                       d.lane_index, first.id, first.lane_count));
      else if (!lane_allows(net.lane(first.first_lane + static_cast<LaneId>(d.lane_index)).allowed,
                            route.drives_as))
        diag_.error(where,
                    fmt::format("{}: departs on lane {} of road '{}', which its vehicle class may not use",
                                what, d.lane_index, first.id));
    }
    if (d.pos == DepartPos::value && !(std::fabs(d.pos_m) <= first.length_m))
      diag_.error(where, fmt::format("{}: departure position {} m is off road '{}' ({:.2f} m)", what, d.pos_m,
                                     first.id, first.length_m));
    if (d.arrival == ArrivalPos::value && !(std::fabs(d.arrival_m) <= last.length_m))
      diag_.error(where, fmt::format("{}: arrival position {} m is off road '{}' ({:.2f} m)", what,
                                     d.arrival_m, last.id, last.length_m));
  }

 private:
  Scenario& sc_;
  Diagnostics& diag_;
  const CompileRoute& compile_route_;
  std::map<std::string, const TypeDistributionSpec*> type_dists_;
  std::map<std::string, const RouteDistributionSpec*> route_dists_;
  std::map<std::pair<std::vector<TypeId>, std::vector<std::vector<RouteId>>>, std::uint32_t> draw_index_;
};

}  // namespace

void compile_demand(const ScenarioSpec& spec, Scenario& sc, std::vector<std::vector<RateInterval>>& profiles,
                    Diagnostics& diag, const CompileRoute& compile_route) {
  DemandCompiler dc(spec, sc, diag, compile_route);
  for (std::size_t fi = 0; fi < spec.flows.size(); ++fi) {
    const FlowSpec& f = spec.flows[fi];
    std::string what = fmt::format("flow '{}'", f.id);
    CompiledFlow cf;
    if (!dc.resolve(f.type, f.route, f.from_road, f.to_road, f.route_distribution, f.where, what, cf.type,
                    cf.route, cf.draw))
      continue;
    if (!dc.stops(f.stops, cf.route, cf.draw, f.where, what, cf.stops_begin, cf.stops_end)) continue;
    dc.check_departure(f.departure, cf.route, f.where, what);
    cf.id = f.id;
    cf.headways = f.headways;
    cf.depart_speed_mps = f.depart_speed_mps;
    cf.max_vehicles = f.max_vehicles;
    cf.departure = f.departure;
    cf.profile = std::move(profiles[fi]);
    cf.first_depart_ms = cf.profile.empty() ? 0 : seconds_to_ms(cf.profile.front().begin_s);
    sc.flows.push_back(std::move(cf));
  }
  for (const VehicleSpec& v : spec.vehicles) {
    std::string what = fmt::format("vehicle '{}'", v.id);
    if (!std::isfinite(v.depart_s) || v.depart_s < 0 || v.depart_s > limits::kMaxTimeS)
      diag.error(v.where, fmt::format("{}: departure time {} s is outside 0 to {:.0f} s", what, v.depart_s,
                                      limits::kMaxTimeS));
    CompiledVehicle cv;
    if (!dc.resolve(v.type, v.route, v.from_road, v.to_road, v.route_distribution, v.where, what, cv.type,
                    cv.route, cv.draw))
      continue;
    if (!dc.stops(v.stops, cv.route, cv.draw, v.where, what, cv.stops_begin, cv.stops_end)) continue;
    dc.check_departure(v.departure, cv.route, v.where, what);
    cv.id = v.id;
    cv.depart_ms = seconds_to_ms(v.depart_s);
    cv.depart_speed_mps = v.depart_speed_mps;
    cv.departure = v.departure;
    sc.vehicles.push_back(std::move(cv));
  }
  std::stable_sort(
      sc.vehicles.begin(), sc.vehicles.end(),
      [](const CompiledVehicle& a, const CompiledVehicle& b) { return a.depart_ms < b.depart_ms; });
}

}  // namespace ampel
