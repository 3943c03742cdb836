#include "sim/scenario.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

#include "sim/error.hpp"
#include "sim/intergreen.hpp"
#include "sim/routing.hpp"

namespace ampel {

namespace {

void check_time(const TimeSpec& t, Diagnostics& diag, const std::string& where) {
  auto place = [&](const char* field) { return where.empty() ? std::string(field) : where + "/" + field; };
  if (!std::isfinite(t.begin_s) || t.begin_s < 0)
    diag.error(place("begin_s"), fmt::format("begin_s is {}; it must be 0 or more", t.begin_s));
  if (!(t.end_s > t.begin_s))
    diag.error(place("end_s"), fmt::format("end_s {} must be after begin_s {}", t.end_s, t.begin_s));
  if (!(t.step_s >= 0.1 && t.step_s <= 1.0))
    diag.error(place("step_s"), fmt::format("step_s is {}; it must be between 0.1 and 1 s", t.step_s));
  else if (std::fabs(t.step_s * 1000 - std::round(t.step_s * 1000)) > 1e-6)
    diag.error(place("step_s"), fmt::format("step_s {} is not a whole number of milliseconds", t.step_s));
  if (!(t.warmup_s >= 0))
    diag.error(place("warmup_s"), fmt::format("warmup_s is {}; it must be 0 or more", t.warmup_s));
  if (!(t.output_interval_s >= t.step_s))
    diag.error(place("output_interval_s"),
               fmt::format("output_interval_s is {}; it must be at least one step", t.output_interval_s));
  if (!(t.gridlock_after_s > 0))
    diag.error(place("gridlock_after_s"),
               fmt::format("gridlock_after_s is {}; it must be above 0", t.gridlock_after_s));
}

VehicleType compile_type(const VehicleTypeSpec& s, Diagnostics& diag) {
  auto positive = [&](double v, const char* what) {
    if (!(v > 0) || !std::isfinite(v))
      diag.error(s.where, fmt::format("vehicle type '{}': {} is {}; it must be above 0", s.id, what, v));
  };
  positive(s.length_m, "length_m");
  positive(s.max_speed_mps, "max_speed_mps");
  positive(s.accel_mps2, "accel_mps2");
  positive(s.decel_mps2, "decel_mps2");
  positive(s.headway_s, "headway_s");
  positive(s.speed_factor, "speed_factor");
  if (!(s.min_gap_m >= 0))
    diag.error(s.where,
               fmt::format("vehicle type '{}': min_gap_m is {}; it must be 0 or more", s.id, s.min_gap_m));
  if (!(s.sigma >= 0 && s.sigma <= 1))
    diag.error(s.where,
               fmt::format("vehicle type '{}': sigma is {}; it must be between 0 and 1", s.id, s.sigma));
  if (!(s.speed_dev >= 0 && s.speed_dev < 1))
    diag.error(s.where, fmt::format("vehicle type '{}': speed_dev is {}; it must be between 0 and 1", s.id,
                                    s.speed_dev));
  if (!(s.emergency_decel_mps2 >= s.decel_mps2))
    diag.error(s.where, fmt::format("vehicle type '{}': emergency_decel_mps2 {} is below decel_mps2 {}", s.id,
                                    s.emergency_decel_mps2, s.decel_mps2));
  return VehicleType{s.id,
                     s.length_m,
                     s.min_gap_m,
                     s.max_speed_mps,
                     s.accel_mps2,
                     s.decel_mps2,
                     s.emergency_decel_mps2,
                     s.headway_s,
                     s.sigma,
                     s.speed_factor,
                     s.speed_dev};
}

class RouteCompiler {
 public:
  RouteCompiler(const Network& net, std::vector<Route>& routes, Diagnostics& diag)
      : net_(net), router_(net), routes_(routes), diag_(diag) {}

  // Returns kNone (after reporting) if the route is unusable.
  RouteId compile(const std::vector<std::string>& ids, const std::string& from, const std::string& to,
                  const std::string& where, const std::string& what) {
    std::vector<RoadId> roads;
    if (!ids.empty()) {
      for (const std::string& id : ids) {
        RoadId r = net_.find_road(id);
        if (r == kNone) {
          diag_.error(where, fmt::format("{}: route names unknown road '{}'", what, id));
          return kNone;
        }
        roads.push_back(r);
      }
      for (std::size_t i = 0; i + 1 < roads.size(); ++i) {
        if (net_.movement_between(roads[i], roads[i + 1]) == kNone) {
          diag_.error(where,
                      fmt::format("{}: route is not connected: no movement from road '{}' to road '{}'", what,
                                  ids[i], ids[i + 1]));
          return kNone;
        }
      }
    } else {
      if (from.empty() || to.empty()) {
        diag_.error(where, fmt::format("{}: needs a route or both from and to roads", what));
        return kNone;
      }
      RoadId a = net_.find_road(from), b = net_.find_road(to);
      if (a == kNone || b == kNone) {
        diag_.error(where, fmt::format("{}: unknown road '{}'", what, a == kNone ? from : to));
        return kNone;
      }
      roads = router_.fastest_route(a, b);
      if (roads.empty()) {
        diag_.error(where, fmt::format("{}: road '{}' cannot be reached from road '{}'", what, to, from));
        return kNone;
      }
    }
    auto [it, fresh] = index_.emplace(roads, static_cast<RouteId>(routes_.size()));
    if (fresh) {
      Route r;
      r.roads = roads;
      for (RoadId id : roads) r.length_m += net_.road(id).length_m;
      compute_lane_reach(r);
      routes_.push_back(std::move(r));
    }
    return it->second;
  }

 private:
  // Backwards along the route: a lane reaches its own end, plus the best reach over its links into the next
  // road of the route (none: it ends the driver's way, who must change lanes before its end).
  void compute_lane_reach(Route& r) const {
    const std::size_t n = r.roads.size();
    r.reach_first.resize(n);
    std::uint32_t total = 0;
    for (std::size_t p = 0; p < n; ++p) r.reach_first[p] = total, total += net_.road(r.roads[p]).lane_count;
    r.reach_m.assign(total, 0.0f);
    for (std::size_t p = n; p-- > 0;) {
      const Road& road = net_.road(r.roads[p]);
      for (std::uint32_t i = 0; i < road.lane_count; ++i) {
        const Lane& lane = net_.lane(road.first_lane + i);
        double onward = 0.0;
        if (p + 1 < n)
          for (LinkId k = lane.links_begin; k < lane.links_end; ++k) {
            const Link& link = net_.link(k);
            if (link.to_road != r.roads[p + 1]) continue;
            double via = net_.lane(link.via_lane).length_m;
            onward = std::max(onward, via + r.lane_reach_m(static_cast<std::uint32_t>(p + 1),
                                                           net_.lane(link.to_lane).index));
          }
        r.reach_m[r.reach_first[p] + i] =
            static_cast<float>(std::min(kLaneReachCapM, lane.length_m + onward));
      }
    }
  }

  const Network& net_;
  Router router_;
  std::vector<Route>& routes_;
  Diagnostics& diag_;
  std::map<std::vector<RoadId>, RouteId> index_;
};

// Rates and intervals can be checked without the network, so their problems are reported with the rest.
std::vector<RateInterval> checked_profile(const FlowSpec& f, Diagnostics& diag) {
  std::string what = fmt::format("flow '{}'", f.id);
  if (!(f.depart_speed_mps >= 0) && f.depart_speed_mps != -1.0)
    diag.error(f.where,
               fmt::format("{}: depart_speed_mps is {}; it must be 0 or more", what, f.depart_speed_mps));
  if (f.profile.empty()) diag.error(f.where, fmt::format("{}: has no rate (profile is empty)", what));
  std::vector<RateInterval> profile = f.profile;
  std::sort(profile.begin(), profile.end(), [](auto& a, auto& b) { return a.begin_s < b.begin_s; });
  for (std::size_t i = 0; i < profile.size(); ++i) {
    const RateInterval& iv = profile[i];
    if (!(iv.rate_vph >= 0) || !std::isfinite(iv.rate_vph))
      diag.error(f.where, fmt::format("{}: rate {} veh/h is below zero", what, iv.rate_vph));
    else if (iv.rate_vph > 20000)
      diag.error(f.where,
                 fmt::format("{}: rate {} veh/h is more than any road can carry", what, iv.rate_vph));
    if (!(iv.end_s > iv.begin_s))
      diag.error(f.where, fmt::format("{}: interval ends at {} s, not after it begins at {} s", what,
                                      iv.end_s, iv.begin_s));
    if (i > 0 && iv.begin_s < profile[i - 1].end_s)
      diag.error(f.where, fmt::format("{}: intervals overlap at {} s", what, iv.begin_s));
  }
  return profile;
}

}  // namespace

Scenario compile_scenario(ScenarioSpec spec) {
  Diagnostics diag(spec.source_file);
  Scenario sc;
  sc.name = spec.name;
  sc.source_file = spec.source_file;
  sc.seed = spec.seed;
  check_time(spec.time, diag, spec.time.where);
  sc.begin_ms = seconds_to_ms(spec.time.begin_s);
  sc.end_ms = seconds_to_ms(spec.time.end_s);
  sc.step_ms = std::max<TimeMs>(1, seconds_to_ms(spec.time.step_s));
  sc.warmup_ms = seconds_to_ms(spec.time.warmup_s);
  sc.output_interval_ms = std::max(sc.step_ms, seconds_to_ms(spec.time.output_interval_s));
  sc.gridlock_after_ms = seconds_to_ms(spec.time.gridlock_after_s);

  if (spec.vehicle_types.empty()) spec.vehicle_types.push_back(VehicleTypeSpec{});
  for (const auto& t : spec.vehicle_types) {
    if (sc.types.find(t.id) != VehicleTypeTable::kNoType) {
      diag.error(t.where, fmt::format("duplicate vehicle type '{}'", t.id));
      continue;
    }
    sc.types.types.push_back(compile_type(t, diag));
  }

  std::vector<std::vector<RateInterval>> profiles;
  for (const FlowSpec& f : spec.flows) profiles.push_back(checked_profile(f, diag));

  std::shared_ptr<Network> net;
  try {
    net = std::make_shared<Network>(build_network(spec.network, spec.source_file));
  } catch (const InputError& e) {
    for (const auto& p : e.problems()) diag.error_in(p.file, p.place, p.reason);
  }
  if (!net) {
    diag.throw_if_any();
  }
  sc.network = net;

  RouteCompiler routes(*net, sc.routes, diag);
  auto find_type = [&](const std::string& id, const std::string& where, const std::string& what) -> TypeId {
    TypeId t = sc.types.find(id);
    if (t == VehicleTypeTable::kNoType)
      diag.error(where, fmt::format("{}: unknown vehicle type '{}'", what, id));
    return t;
  };

  for (std::size_t fi = 0; fi < spec.flows.size(); ++fi) {
    const FlowSpec& f = spec.flows[fi];
    std::string what = fmt::format("flow '{}'", f.id);
    TypeId t = find_type(f.type, f.where, what);
    RouteId r = routes.compile(f.route, f.from_road, f.to_road, f.where, what);
    if (t == VehicleTypeTable::kNoType || r == kNone) continue;
    CompiledFlow cf;
    cf.id = f.id;
    cf.type = t;
    cf.route = r;
    cf.headways = f.headways;
    cf.depart_speed_mps = f.depart_speed_mps;
    cf.profile = std::move(profiles[fi]);
    sc.flows.push_back(std::move(cf));
  }
  for (std::size_t i = 0; i < spec.vehicles.size(); ++i) {
    const VehicleSpec& v = spec.vehicles[i];
    std::string what = fmt::format("vehicle '{}'", v.id);
    TypeId t = find_type(v.type, v.where, what);
    RouteId r = routes.compile(v.route, v.from_road, v.to_road, v.where, what);
    if (!std::isfinite(v.depart_s))
      diag.error(v.where, fmt::format("{}: departure time is not a number", what));
    if (t == VehicleTypeTable::kNoType || r == kNone) continue;
    sc.vehicles.push_back({v.id, t, r, seconds_to_ms(v.depart_s), v.depart_speed_mps});
  }
  std::stable_sort(
      sc.vehicles.begin(), sc.vehicles.end(),
      [](const CompiledVehicle& a, const CompiledVehicle& b) { return a.depart_ms < b.depart_ms; });

  for (const EventSpec& e : spec.events) {
    CompiledEvent ce;
    ce.at_ms = seconds_to_ms(e.at_s);
    ce.kind = e.kind;
    ce.factor = e.factor;
    if (!(e.at_s >= 0)) diag.error(e.where, fmt::format("event time {} s is negative", e.at_s));
    if (e.kind == EventKind::scale_demand) {
      if (!(e.factor >= 0)) diag.error(e.where, fmt::format("demand factor {} is below zero", e.factor));
      sc.events.push_back(ce);
      continue;
    }
    RoadId road = net->find_road(e.road);
    if (road == kNone) {
      diag.error(e.where, fmt::format("event names unknown road '{}'", e.road));
      continue;
    }
    if (e.lane < 0 || e.lane >= static_cast<int>(net->road(road).lane_count)) {
      diag.error(e.where, fmt::format("road '{}' has no lane {}", e.road, e.lane));
      continue;
    }
    ce.lane = net->road(road).first_lane + static_cast<LaneId>(e.lane);
    sc.events.push_back(ce);
    if (e.kind == EventKind::close_lane && e.duration_s > 0) {
      CompiledEvent reopen = ce;
      reopen.kind = EventKind::open_lane;
      reopen.at_ms = ce.at_ms + seconds_to_ms(e.duration_s);
      sc.events.push_back(reopen);
    }
  }
  std::stable_sort(sc.events.begin(), sc.events.end(),
                   [](const CompiledEvent& a, const CompiledEvent& b) { return a.at_ms < b.at_ms; });
  diag.throw_if_any();
  sc.controller = spec.controller;
  if (std::string note = intergreen_note(*net); !note.empty()) spec.notes.push_back(std::move(note));
  sc.spec = std::move(spec);
  return sc;
}

}  // namespace ampel
