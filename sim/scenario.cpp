#include "sim/scenario.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

#include <string_view>
#include <unordered_map>

#include "sim/error.hpp"
#include "sim/intergreen.hpp"
#include "sim/limits.hpp"
#include "sim/routing.hpp"
#include "sim/scenario_demand.hpp"

namespace ampel {

namespace {

void check_time(const TimeSpec& t, Diagnostics& diag, const std::string& where) {
  auto place = [&](const char* field) { return where.empty() ? std::string(field) : where + "/" + field; };
  if (!std::isfinite(t.begin_s) || t.begin_s < 0 || t.begin_s > limits::kMaxTimeS)
    diag.error(place("begin_s"),
               fmt::format("begin_s is {}; it must be from 0 to {:.0f} s", t.begin_s, limits::kMaxTimeS));
  bool steps_ok = t.step_s >= 0.1 && t.step_s <= 1.0;
  if (!steps_ok)
    diag.error(place("step_s"), fmt::format("step_s is {}; it must be between 0.1 and 1 s", t.step_s));
  else if (std::fabs(t.step_s * 1000 - std::round(t.step_s * 1000)) > 1e-6)
    diag.error(place("step_s"), fmt::format("step_s {} is not a whole number of milliseconds", t.step_s)),
        steps_ok = false;
  double run_s = t.end_s - t.begin_s;
  if (!std::isfinite(t.end_s) || !(t.end_s > t.begin_s)) {
    diag.error(place("end_s"), fmt::format("end_s {} must be after begin_s {}", t.end_s, t.begin_s));
  } else if (run_s > limits::kMaxRunS) {
    diag.error(place("end_s"),
               fmt::format("the run from {} s to {} s lasts {:.0f} s; the longest run is {:.0f} s "
                           "(30 days)",
                           t.begin_s, t.end_s, run_s, limits::kMaxRunS));
  } else if (steps_ok && (seconds_to_ms(t.end_s) - seconds_to_ms(t.begin_s)) % seconds_to_ms(t.step_s) != 0) {
    diag.error(place("end_s"), fmt::format("the run from {} s to {} s is not a whole number of steps of {} s",
                                           t.begin_s, t.end_s, t.step_s));
  }
  if (!(t.warmup_s >= 0))
    diag.error(place("warmup_s"), fmt::format("warmup_s is {}; it must be 0 or more", t.warmup_s));
  else if (std::isfinite(run_s) && run_s > 0 && !(t.warmup_s < run_s))
    diag.error(place("warmup_s"),
               fmt::format("warm-up {} s leaves nothing to measure in a run of {} s (from {} s to "
                           "{} s); it must be shorter than the run",
                           t.warmup_s, run_s, t.begin_s, t.end_s));
  if (!(t.output_interval_s >= t.step_s) || !(t.output_interval_s <= limits::kMaxRunS))
    diag.error(place("output_interval_s"),
               fmt::format("output_interval_s is {}; it must be from one step to {:.0f} s",
                           t.output_interval_s, limits::kMaxRunS));
  if (!(t.gridlock_after_s > 0) || !(t.gridlock_after_s <= limits::kMaxRunS))
    diag.error(place("gridlock_after_s"),
               fmt::format("gridlock_after_s is {}; it must be above 0 and at most {:.0f} s",
                           t.gridlock_after_s, limits::kMaxRunS));
}

// The ranges of scenarios/README.md for values that did not come through the JSON reader (imported files).
void check_range(Diagnostics& diag, const std::string& where, const std::string& what, double v, double lo,
                 double hi, const char* unit) {
  if (v >= lo && v <= hi) return;
  diag.error(where, fmt::format("{} is {} {}; it must be from {} to {} {}", what, v, unit, lo, hi, unit));
}

// Ids that become rows of trips.csv: each once.
template <class Spec>
void check_unique_ids(const std::vector<Spec>& items, const char* what, Diagnostics& diag) {
  std::unordered_map<std::string_view, const std::string*> first;
  for (const Spec& s : items) {
    auto [it, fresh] = first.emplace(s.id, &s.where);
    if (!fresh)
      diag.error(s.where, fmt::format("{} id '{}' is used twice (first at {})", what, s.id,
                                      it->second->empty() ? std::string("an earlier entry") : *it->second));
  }
}

// Sizes are checked before anything is built, so a scenario too large is named, not an out-of-memory crash.
bool check_sizes(const ScenarioSpec& spec, Diagnostics& diag) {
  bool ok = true;
  auto cap = [&](std::size_t n, std::size_t limit, const char* what) {
    if (n <= limit) return;
    diag.error(spec.network.where, fmt::format("the scenario has {} {}; the limit is {}", n, what, limit));
    ok = false;
  };
  cap(spec.network.nodes.size(), limits::kMaxNodes, "nodes");
  cap(spec.network.roads.size(), limits::kMaxRoads, "roads");
  cap(spec.network.connections.size(), limits::kMaxConnections, "connections");
  cap(spec.network.signals.size(), limits::kMaxSignals, "signals");
  cap(spec.flows.size(), limits::kMaxFlows, "flows");
  cap(spec.vehicles.size(), limits::kMaxVehicles, "vehicles");
  cap(spec.events.size(), limits::kMaxEvents, "events");
  cap(spec.vehicle_types.size(), limits::kMaxVehicleTypes, "vehicle types");
  // Vehicles the flows will make over the run (rate x time within the run), with the listed ones.
  double expected = static_cast<double>(spec.vehicles.size());
  for (const FlowSpec& f : spec.flows)
    for (const RateInterval& iv : f.profile) {
      double from = std::max(iv.begin_s, spec.time.begin_s), to = std::min(iv.end_s, spec.time.end_s);
      if (to > from && std::isfinite(iv.rate_vph) && iv.rate_vph > 0)
        expected += iv.rate_vph * (to - from) / 3600.0;
    }
  if (expected > limits::kMaxExpectedVehicles) {
    diag.error(spec.network.where.empty() ? std::string("/") : spec.network.where,
               fmt::format("the demand makes about {:.0f} vehicles over the run; the limit is {:.0f}",
                           expected, limits::kMaxExpectedVehicles));
    ok = false;
  }
  return ok;
}

VehicleType compile_type(const VehicleTypeSpec& s, Diagnostics& diag) {
  auto positive = [&](double v, const char* what) {
    if (!(v > 0) || !std::isfinite(v))
      diag.error(s.where, fmt::format("vehicle type '{}': {} is {}; it must be above 0", s.id, what, v));
  };
  check_range(diag, s.where, fmt::format("vehicle type '{}': length_m", s.id), s.length_m, 0.1,
              limits::kMaxVehicleLengthM, "m");
  check_range(diag, s.where, fmt::format("vehicle type '{}': max_speed_mps", s.id), s.max_speed_mps, 0.1,
              limits::kMaxSpeedMps, "m/s");
  check_range(diag, s.where, fmt::format("vehicle type '{}': min_gap_m", s.id), s.min_gap_m, 0.0,
              limits::kMaxGapM, "m");
  for (auto [v, name] : {std::pair{s.accel_mps2, "accel_mps2"}, std::pair{s.decel_mps2, "decel_mps2"},
                         std::pair{s.emergency_decel_mps2, "emergency_decel_mps2"}})
    if (v > limits::kMaxAccelMps2)
      diag.error(s.where, fmt::format("vehicle type '{}': {} is {} m/s²; the most is {} m/s²", s.id, name, v,
                                      limits::kMaxAccelMps2));
  if (s.headway_s > limits::kMaxHeadwayS || s.speed_factor > limits::kMaxSpeedFactor)
    diag.error(s.where,
               fmt::format("vehicle type '{}': headway_s {} (at most {}) or speed_factor {} (at most {}) is "
                           "too large",
                           s.id, s.headway_s, limits::kMaxHeadwayS, s.speed_factor, limits::kMaxSpeedFactor));
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
  VClassMask drives_as = vclass_drives_as(s.vclass);
  if (drives_as == 0)
    diag.error(s.where, fmt::format("vehicle type '{}': unknown vehicle class '{}'", s.id, s.vclass));
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
                     s.speed_dev,
                     drives_as == 0 ? kAllVClasses : drives_as};
}

class RouteCompiler {
 public:
  RouteCompiler(const Network& net, std::vector<Route>& routes, Diagnostics& diag)
      : net_(net), routes_(routes), diag_(diag) {}

  // Returns kNone (after reporting) if the route is unusable by vehicles of the classes `drives_as`.
  RouteId compile(const std::vector<std::string>& ids, const std::string& from, const std::string& to,
                  VClassMask drives_as, const std::string& where, const std::string& what) {
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
      roads = router(drives_as).fastest_route(a, b);
      if (roads.empty()) {
        diag_.error(where, fmt::format("{}: road '{}' cannot be reached from road '{}'", what, to, from));
        return kNone;
      }
    }
    // Lanes closed to the class count only where they matter: a class that may use every lane of the route
    // shares the route with every other such class.
    if (!classes_matter(roads, drives_as))
      drives_as = kAllVClasses;
    else if (!drivable(roads, drives_as, where, what))
      return kNone;
    auto [it, fresh] = index_.emplace(std::make_pair(roads, drives_as), static_cast<RouteId>(routes_.size()));
    if (fresh) {
      Route r;
      r.roads = roads;
      r.drives_as = drives_as;
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
        if (!lane_allows(lane.allowed, r.drives_as)) continue;  // a lane the class may not use leads nowhere
        double onward = 0.0;
        if (p + 1 < n)
          for (LinkId k = lane.links_begin; k < lane.links_end; ++k) {
            const Link& link = net_.link(k);
            if (link.to_road != r.roads[p + 1] || !lane_allows(net_.lane(link.to_lane).allowed, r.drives_as))
              continue;
            double via = net_.lane(link.via_lane).length_m;
            onward = std::max(onward, via + r.lane_reach_m(static_cast<std::uint32_t>(p + 1),
                                                           net_.lane(link.to_lane).index));
          }
        r.reach_m[r.reach_first[p] + i] =
            static_cast<float>(std::min(kLaneReachCapM, lane.length_m + onward));
      }
    }
  }

  // Whether some lane of the route is closed to the class.
  bool classes_matter(const std::vector<RoadId>& roads, VClassMask drives_as) const {
    if (drives_as == kAllVClasses) return false;
    for (RoadId r : roads) {
      const Road& road = net_.road(r);
      for (std::uint32_t i = 0; i < road.lane_count; ++i)
        if (!lane_allows(net_.lane(road.first_lane + i).allowed, drives_as)) return true;
    }
    return false;
  }

  // Every road has a lane the class may use, and each road leads to the next from such a lane into such a
  // lane.
  bool drivable(const std::vector<RoadId>& roads, VClassMask drives_as, const std::string& where,
                const std::string& what) {
    for (std::size_t p = 0; p < roads.size(); ++p) {
      const Road& road = net_.road(roads[p]);
      bool open = false, leads = p + 1 == roads.size();
      for (std::uint32_t i = 0; i < road.lane_count; ++i) {
        const Lane& lane = net_.lane(road.first_lane + i);
        if (!lane_allows(lane.allowed, drives_as)) continue;
        open = true;
        for (LinkId k = lane.links_begin; k < lane.links_end && !leads; ++k)
          leads = net_.link(k).to_road == roads[p + 1] &&
                  lane_allows(net_.lane(net_.link(k).to_lane).allowed, drives_as);
      }
      if (!open || !leads) {
        diag_.error(where,
                    open ? fmt::format("{}: no lane of road '{}' open to its vehicle class leads to road "
                                       "'{}'",
                                       what, road.id, net_.road(roads[p + 1]).id)
                         : fmt::format("{}: road '{}' has no lane open to its vehicle class", what, road.id));
        return false;
      }
    }
    return true;
  }

  // A router per class, with the roads the class may not use blocked.
  Router& router(VClassMask drives_as) {
    auto it = routers_.find(drives_as);
    if (it != routers_.end()) return it->second;
    Router& r = routers_.try_emplace(drives_as, net_, drives_as).first->second;
    for (RoadId id = 0; id < net_.roads().size(); ++id) {
      const Road& road = net_.road(id);
      bool open = false;
      for (std::uint32_t i = 0; i < road.lane_count; ++i)
        open = open || lane_allows(net_.lane(road.first_lane + i).allowed, drives_as);
      if (!open) r.set_road_blocked(id, true);
    }
    return r;
  }

  const Network& net_;
  std::map<VClassMask, Router> routers_;
  std::vector<Route>& routes_;
  Diagnostics& diag_;
  std::map<std::pair<std::vector<RoadId>, VClassMask>, RouteId> index_;
};

// Rates and intervals can be checked without the network, so their problems are reported with the rest.
std::vector<RateInterval> checked_profile(const FlowSpec& f, Diagnostics& diag) {
  std::string what = fmt::format("flow '{}'", f.id);
  if ((!(f.depart_speed_mps >= 0) && f.depart_speed_mps != -1.0) || f.depart_speed_mps > limits::kMaxSpeedMps)
    diag.error(f.where, fmt::format("{}: depart_speed_mps is {}; it must be from 0 to {} (or \"max\")", what,
                                    f.depart_speed_mps, limits::kMaxSpeedMps));
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
    if (!(iv.begin_s >= 0) || !(iv.end_s <= limits::kMaxTimeS))
      diag.error(f.where, fmt::format("{}: interval {} s to {} s is outside 0 to {:.0f} s", what, iv.begin_s,
                                      iv.end_s, limits::kMaxTimeS));
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
  if (spec.seed > limits::kMaxSeed)
    diag.error("seed", fmt::format("seed {} is above the largest seed {}", spec.seed, limits::kMaxSeed));
  if (!check_sizes(spec, diag)) diag.throw_if_any();
  check_unique_ids(spec.flows, "flow", diag);
  check_unique_ids(spec.vehicles, "vehicle", diag);
  sc.begin_ms = seconds_to_ms(spec.time.begin_s);
  sc.end_ms = seconds_to_ms(spec.time.end_s);
  sc.step_ms = std::max<TimeMs>(1, seconds_to_ms(spec.time.step_s));
  sc.warmup_ms = seconds_to_ms(spec.time.warmup_s);
  sc.output_interval_ms = std::max(sc.step_ms, seconds_to_ms(spec.time.output_interval_s));
  sc.gridlock_after_ms = seconds_to_ms(spec.time.gridlock_after_s);
  sc.end_when_empty = spec.time.end_when_empty;

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
  compile_demand(spec, sc, profiles, diag,
                 [&](const std::vector<std::string>& ids, const std::string& from, const std::string& to,
                     VClassMask drives_as, const std::string& where, const std::string& what) {
                   return routes.compile(ids, from, to, drives_as, where, what);
                 });

  for (const EventSpec& e : spec.events) {
    CompiledEvent ce;
    ce.at_ms = seconds_to_ms(e.at_s);
    ce.kind = e.kind;
    ce.factor = e.factor;
    if (!(e.at_s >= 0) || !(e.at_s <= limits::kMaxTimeS))
      diag.error(e.where, fmt::format("event time {} s is outside 0 to {:.0f} s", e.at_s, limits::kMaxTimeS));
    if (e.kind == EventKind::close_lane && e.duration_s > limits::kMaxRunS)
      diag.error(e.where, fmt::format("closure of {} s is longer than the longest run", e.duration_s));
    if (e.kind == EventKind::scale_demand) {
      if (!(e.factor >= 0) || !(e.factor <= limits::kMaxDemandFactor))
        diag.error(e.where,
                   fmt::format("demand factor {} is outside 0 to {}", e.factor, limits::kMaxDemandFactor));
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

void set_end_time(TimeSpec& time, double end_s, const std::string& option) {
  auto fail = [&](std::string reason) { throw InputError("", option, std::move(reason)); };
  if (!std::isfinite(end_s) || !(end_s > time.begin_s))
    fail(fmt::format("end {} s is not after the scenario's begin {} s", end_s, time.begin_s));
  if (end_s - time.begin_s > limits::kMaxRunS)
    fail(fmt::format("end {} s makes a run of {:.0f} s; the longest run is {:.0f} s (30 days)", end_s,
                     end_s - time.begin_s, limits::kMaxRunS));
  TimeMs run_ms = seconds_to_ms(end_s) - seconds_to_ms(time.begin_s);
  TimeMs step_ms = seconds_to_ms(time.step_s);
  if (step_ms > 0 && (std::fabs(end_s * 1000 - std::round(end_s * 1000)) > 1e-6 || run_ms % step_ms != 0))
    fail(fmt::format("end {} s is not a whole number of steps ({} s) after the begin {} s", end_s,
                     time.step_s, time.begin_s));
  time.end_s = end_s;
}

}  // namespace ampel
