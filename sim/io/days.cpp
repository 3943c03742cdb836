#include "sim/io/days.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <set>

#include "sim/error.hpp"
#include "sim/rng.hpp"

namespace ampel::io {

namespace {

// Independent random streams of a day (stream_seed tags; far from the simulator's own tags).
enum DayStream : std::uint64_t {
  kDayFactor = 101,
  kDayOd = 102,
  kDayIncident = 103,
  kDayWeather = 104,
  kDayEvent = 105,
  kDayVehicles = 106,
};

double in_range(const Field& f, double fallback, double lo, double hi) {
  double v = f.number(fallback);
  if (f.present() && (v < lo || v > hi)) f.error(fmt::format("{} is not in [{}, {}]", v, lo, hi));
  return v;
}

// A lognormal factor with mean 1 and standard deviation sd, from a standard normal draw z.
double lognormal_factor(double sd, double z) {
  double s = std::sqrt(std::log1p(sd * sd));
  return std::exp(s * z - 0.5 * s * s);
}

// Lognormal with this mean and standard deviation.
double lognormal(double mean, double sd, double z) {
  return mean * lognormal_factor(sd / mean, z);
}

struct RatePiece {
  double begin_s, end_s, rate_vph;
};

// The flow's profile shifted by shift_s; a profile covering the run's begin or end still covers it (the
// shoulders of a peak stretch rather than leave a gap).
std::vector<RatePiece> shifted(std::vector<RateInterval> profile, double shift_s, double begin_s,
                               double end_s) {
  std::sort(profile.begin(), profile.end(),
            [](const RateInterval& a, const RateInterval& b) { return a.begin_s < b.begin_s; });
  std::vector<RatePiece> out;
  for (const RateInterval& iv : profile) {
    double b = std::max(iv.begin_s + shift_s, begin_s), e = std::min(iv.end_s + shift_s, end_s);
    if (e > b) out.push_back({b, e, iv.rate_vph});
  }
  if (!out.empty() && profile.front().begin_s <= begin_s) out.front().begin_s = begin_s;
  if (!out.empty() && profile.back().end_s >= end_s) out.back().end_s = end_s;
  return out;
}

}  // namespace

double spec_road_length_m(const NetworkSpec& net, const RoadSpec& road) {
  if (road.length_m > 0) return road.length_m;
  auto dist = [](Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); };
  if (road.shape.size() >= 2) {
    double len = 0.0;
    for (std::size_t i = 1; i < road.shape.size(); ++i) len += dist(road.shape[i - 1], road.shape[i]);
    return len;
  }
  const NodeSpec *from = nullptr, *to = nullptr;
  for (const NodeSpec& n : net.nodes) {
    if (n.id == road.from_node) from = &n;
    if (n.id == road.to_node) to = &n;
  }
  return from && to ? dist(from->position, to->position) : 0.0;
}

DaysSpec read_days(const Field& f) {
  DaysSpec d;
  d.where = f.path();
  f.expect_object({"seed", "demand_sd", "od_sd", "od_step_s", "od_correlation", "peak_shift_sd_s",
                   "incidents", "weather", "events"});
  d.seed = static_cast<std::uint64_t>(f["seed"].non_negative(1.0));
  d.demand_sd = in_range(f["demand_sd"], d.demand_sd, 0.0, 2.0);
  d.od_sd = in_range(f["od_sd"], d.od_sd, 0.0, 2.0);
  d.od_step_s = in_range(f["od_step_s"], d.od_step_s, 60.0, 86400.0);
  d.od_correlation = in_range(f["od_correlation"], d.od_correlation, 0.0, 1.0);
  d.peak_shift_sd_s = in_range(f["peak_shift_sd_s"], d.peak_shift_sd_s, 0.0, 7200.0);
  Field inc = f["incidents"];
  if (inc.present()) {
    inc.expect_object({"rate_per_lane_km_h", "duration_mean_s", "duration_sd_s", "min_lanes"});
    d.incident_rate_per_lane_km_h = in_range(inc["rate_per_lane_km_h"], 0.0, 0.0, 100.0);
    d.incident_duration_mean_s = in_range(inc["duration_mean_s"], d.incident_duration_mean_s, 1.0, 86400.0);
    d.incident_duration_sd_s = in_range(inc["duration_sd_s"], d.incident_duration_sd_s, 0.0, 86400.0);
    d.incident_min_lanes = static_cast<int>(in_range(inc["min_lanes"], d.incident_min_lanes, 2, 100));
  }
  Field w = f["weather"];
  if (w.present()) {
    w.expect_object({"probability", "speed_factor", "headway_factor"});
    d.weather_probability = in_range(w["probability"], 0.0, 0.0, 1.0);
    d.weather_speed_factor = in_range(w["speed_factor"], d.weather_speed_factor, 0.1, 2.0);
    d.weather_headway_factor = in_range(w["headway_factor"], d.weather_headway_factor, 0.1, 10.0);
  }
  Field evs = f["events"];
  if (evs.present() && evs.expect_array())
    for (std::size_t i = 0; i < evs.size(); ++i) {
      Field e = evs.at(i);
      e.expect_object({"name", "flows", "begin_s", "end_s", "factor", "probability"});
      PlannedEventSpec pe;
      pe.where = e.path();
      pe.name = e["name"].string(fmt::format("event{}", i));
      pe.flows = e["flows"].strings();
      if (pe.flows.empty()) e["flows"].error("a planned event needs the ids of the flows that surge");
      pe.begin_s = e["begin_s"].number_required();
      pe.end_s = e["end_s"].number_required();
      if (pe.end_s <= pe.begin_s) e["end_s"].error("must be after begin_s");
      pe.factor = in_range(e["factor"], pe.factor, 0.0, 100.0);
      pe.probability = in_range(e["probability"], pe.probability, 0.0, 1.0);
      d.events.push_back(std::move(pe));
    }
  return d;
}

OrderedJson days_to_json(const DaysSpec& d) {
  OrderedJson j{{"seed", d.seed},
                {"demand_sd", d.demand_sd},
                {"od_sd", d.od_sd},
                {"od_step_s", d.od_step_s},
                {"od_correlation", d.od_correlation},
                {"peak_shift_sd_s", d.peak_shift_sd_s}};
  j["incidents"] = {{"rate_per_lane_km_h", d.incident_rate_per_lane_km_h},
                    {"duration_mean_s", d.incident_duration_mean_s},
                    {"duration_sd_s", d.incident_duration_sd_s},
                    {"min_lanes", d.incident_min_lanes}};
  j["weather"] = {{"probability", d.weather_probability},
                  {"speed_factor", d.weather_speed_factor},
                  {"headway_factor", d.weather_headway_factor}};
  OrderedJson evs = OrderedJson::array();
  for (const auto& e : d.events)
    evs.push_back({{"name", e.name},
                   {"flows", e.flows},
                   {"begin_s", e.begin_s},
                   {"end_s", e.end_s},
                   {"factor", e.factor},
                   {"probability", e.probability}});
  if (!evs.empty()) j["events"] = evs;
  return j;
}

DaysSpec load_days_file(const std::string& path) {
  Json root = parse_json_file(path);
  Diagnostics diag(path);
  Field r(&root, "", diag);
  if (!r["days"].present()) throw InputError(path, "/days", "the file has no 'days' block");
  DaysSpec d = read_days(r["days"]);
  diag.throw_if_any();
  return d;
}

ScenarioSpec day_scenario(const ScenarioSpec& base, const DaysSpec& days, std::uint64_t day,
                          DayDraw* draw_out) {
  if (day == 0) throw InputError("", "day", "days are numbered from 1");
  ScenarioSpec sc = base;
  sc.days.reset();
  sc.name = fmt::format("{}_day{}", base.name, day);
  sc.seed = day;
  DayDraw draw;
  draw.day = day;
  const double begin_s = base.time.begin_s, end_s = base.time.end_s;

  Rng factor_rng(stream_seed(days.seed, kDayFactor, day));
  draw.demand_factor = lognormal_factor(days.demand_sd, factor_rng.normal());
  draw.peak_shift_s = days.peak_shift_sd_s * factor_rng.normal();

  Rng weather_rng(stream_seed(days.seed, kDayWeather, day));
  draw.bad_weather = weather_rng.uniform() < days.weather_probability;

  // Planned events taking place today, and which flows they touch.
  Rng event_rng(stream_seed(days.seed, kDayEvent, day));
  std::vector<const PlannedEventSpec*> active;
  Diagnostics diag(base.source_file);
  for (const auto& e : days.events) {
    bool on = event_rng.uniform() < e.probability;
    for (std::size_t i = 0; i < e.flows.size(); ++i)
      if (std::none_of(base.flows.begin(), base.flows.end(),
                       [&](const FlowSpec& f) { return f.id == e.flows[i]; }))
        diag.error(fmt::format("{}/flows/{}", e.where, i),
                   fmt::format("no flow '{}' in the scenario", e.flows[i]));
    if (on) {
      active.push_back(&e);
      draw.planned_events.push_back(e.name);
    }
  }
  diag.throw_if_any();

  // Demand: base rate x day factor x the flow's slow factor of the step x planned surges.
  int steps = std::max(1, static_cast<int>(std::ceil((end_s - begin_s) / days.od_step_s)));
  double rho = days.od_correlation, innov = std::sqrt(std::max(0.0, 1.0 - rho * rho));
  for (std::size_t fi = 0; fi < sc.flows.size(); ++fi) {
    FlowSpec& f = sc.flows[fi];
    Rng od_rng(stream_seed(days.seed, kDayOd, day * 1000003ULL + fi));
    std::vector<double> od(steps);
    double z = od_rng.normal();
    for (int k = 0; k < steps; ++k) {
      od[k] = lognormal_factor(days.od_sd, z);
      z = rho * z + innov * od_rng.normal();
    }
    std::vector<RatePiece> pieces = shifted(f.profile, draw.peak_shift_s, begin_s, end_s);
    std::vector<RateInterval> out;
    for (const RatePiece& p : pieces) {
      std::set<double> cuts{p.begin_s, p.end_s};
      for (int k = 1; k < steps; ++k) {
        double t = begin_s + k * days.od_step_s;
        if (t > p.begin_s && t < p.end_s) cuts.insert(t);
      }
      for (const PlannedEventSpec* e : active)
        if (std::find(e->flows.begin(), e->flows.end(), f.id) != e->flows.end())
          for (double t : {e->begin_s, e->end_s})
            if (t > p.begin_s && t < p.end_s) cuts.insert(t);
      for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
        double b = *it, e = *std::next(it), mid = 0.5 * (b + e);
        int k = std::clamp(static_cast<int>((mid - begin_s) / days.od_step_s), 0, steps - 1);
        double rate = p.rate_vph * draw.demand_factor * od[k];
        for (const PlannedEventSpec* ev : active)
          if (mid >= ev->begin_s && mid < ev->end_s &&
              std::find(ev->flows.begin(), ev->flows.end(), f.id) != ev->flows.end())
            rate *= ev->factor;
        out.push_back({b, e, rate});
      }
    }
    f.profile = std::move(out);
  }

  // Explicit vehicles (imported trips): kept, dropped or repeated so that their number follows the day
  // factor; departures move with the peak.
  Rng veh_rng(stream_seed(days.seed, kDayVehicles, day));
  std::vector<VehicleSpec> vehicles;
  for (const VehicleSpec& v : base.vehicles) {
    double f = draw.demand_factor;
    int copies = static_cast<int>(std::floor(f)) + (veh_rng.uniform() < f - std::floor(f) ? 1 : 0);
    for (int c = 0; c < copies; ++c) {
      VehicleSpec w = v;
      w.depart_s = std::clamp(v.depart_s + draw.peak_shift_s + (c > 0 ? 60.0 * veh_rng.uniform() : 0.0),
                              begin_s, end_s);
      if (c > 0) w.id = fmt::format("{}#{}", v.id, c);
      vehicles.push_back(std::move(w));
    }
  }
  std::stable_sort(vehicles.begin(), vehicles.end(),
                   [](const VehicleSpec& a, const VehicleSpec& b) { return a.depart_s < b.depart_s; });
  sc.vehicles = std::move(vehicles);

  // Incidents: Poisson in time per road (rate x lanes x km), one closed lane per road at a time, never the
  // last open one.
  if (days.incident_rate_per_lane_km_h > 0) {
    for (std::size_t ri = 0; ri < base.network.roads.size(); ++ri) {
      const RoadSpec& road = base.network.roads[ri];
      int lanes = road.lanes.empty() ? road.lane_count : static_cast<int>(road.lanes.size());
      if (lanes < days.incident_min_lanes) continue;
      double km = spec_road_length_m(base.network, road) / 1000.0;
      double rate_per_s = days.incident_rate_per_lane_km_h * lanes * km / 3600.0;
      if (rate_per_s <= 0) continue;
      Rng rng(stream_seed(days.seed, kDayIncident, day * 1000003ULL + ri));
      double free_from_s = begin_s;
      for (double t = begin_s + rng.exponential(1.0 / rate_per_s); t < end_s;
           t += rng.exponential(1.0 / rate_per_s)) {
        int lane = std::min(lanes - 1, static_cast<int>(rng.uniform() * lanes));
        double dur = lognormal(days.incident_duration_mean_s, days.incident_duration_sd_s, rng.normal());
        dur = std::max(60.0, std::round(dur));
        double at = std::round(t);
        if (at < free_from_s) continue;
        free_from_s = at + dur;
        draw.incidents.push_back({road.id, lane, at, dur});
        EventSpec ev;
        ev.at_s = at;
        ev.kind = EventKind::close_lane;
        ev.road = road.id;
        ev.lane = lane;
        ev.duration_s = dur;
        ev.where = fmt::format("{}/incidents (day {})", days.where, day);
        sc.events.push_back(std::move(ev));
      }
    }
    std::stable_sort(sc.events.begin(), sc.events.end(),
                     [](const EventSpec& a, const EventSpec& b) { return a.at_s < b.at_s; });
  }

  // Weather: every driver's desired speed and time headway.
  if (draw.bad_weather) {
    if (sc.vehicle_types.empty()) sc.vehicle_types.push_back(VehicleTypeSpec{});
    for (VehicleTypeSpec& t : sc.vehicle_types) {
      t.speed_factor *= days.weather_speed_factor;
      t.headway_s *= days.weather_headway_factor;
    }
  }
  if (draw_out) *draw_out = draw;
  return sc;
}

}  // namespace ampel::io
