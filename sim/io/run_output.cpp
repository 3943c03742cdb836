#include "sim/io/run_output.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <cmath>
#include <fstream>

#include "ampel/version.hpp"
#include "sim/signals.hpp"

namespace ampel::io {

namespace fs = std::filesystem;

namespace {

// Rounded so files stay readable; rounding is deterministic, so files stay byte-identical.
double r4(double x) {
  return std::round(x * 1e4) / 1e4;
}

OrderedJson trip_stats_json(const TripStats& t) {
  return {{"count", t.count},
          {"travel_time_s", r4(t.travel_time_s)},
          {"delay_s", r4(t.delay_s)},
          {"waiting_time_s", r4(t.waiting_time_s)},
          {"stops", r4(t.stops)},
          {"insertion_delay_s", r4(t.insertion_delay_s)},
          {"route_speed_mps", r4(t.route_speed_mps)}};
}

std::string seconds(TimeMs t) {
  return fmt::format("{:.3f}", ms_to_seconds(t));
}

void write_text(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string trips_csv(const Simulation& sim, const MetricsCollector& m) {
  const Scenario& sc = sim.scenario();
  const Network& net = sim.network();
  fmt::memory_buffer b;
  fmt::format_to(
      std::back_inserter(b),
      "vehicle,type,origin,destination,status,planned_depart_s,depart_s,arrival_s,travel_time_s,delay_s,"
      "waiting_time_s,stops,insertion_delay_s,distance_m\n");
  TimeMs end = sim.now_ms();
  for (const TripRecord& t : m.trips()) {
    const Route& route = sc.routes[t.route];
    const char* status = t.depart_ms < 0 ? "waiting" : t.arrival_ms < 0 ? "running" : "arrived";
    fmt::format_to(std::back_inserter(b), "{},{},{},{},{},{},", sim.vehicle_name(t.source, t.seq),
                   sc.types.types[t.type].id, net.road(route.roads.front()).id,
                   net.road(route.roads.back()).id, status, seconds(t.planned_depart_ms));
    if (t.depart_ms < 0) {
      fmt::format_to(std::back_inserter(b), ",,,,,,,{},\n", seconds(end - t.planned_depart_ms));
      continue;
    }
    TimeMs until = t.arrival_ms >= 0 ? t.arrival_ms : end;
    fmt::format_to(std::back_inserter(b), "{},{},{},{:.3f},{:.3f},{},{},{:.2f}\n", seconds(t.depart_ms),
                   t.arrival_ms >= 0 ? seconds(t.arrival_ms) : std::string(), seconds(until - t.depart_ms),
                   t.time_loss_s, t.waiting_s, t.stops, seconds(t.depart_ms - t.planned_depart_ms),
                   t.distance_m);
  }
  return fmt::to_string(b);
}

std::string lanes_csv(const Simulation& sim, const MetricsCollector& m) {
  const Network& net = sim.network();
  fmt::memory_buffer b;
  fmt::format_to(std::back_inserter(b),
                 "begin_s,end_s,lane,road,queue_mean_veh,queue_max_veh,queue_max_m,entered,exited,flow_vph,"
                 "occupancy_pct,speed_mean_mps\n");
  for (const LaneInterval& r : m.lane_intervals()) {
    const Lane& lane = net.lane(r.lane);
    double hours = ms_to_seconds(r.end_ms - r.begin_ms) / 3600.0;
    fmt::format_to(std::back_inserter(b), "{},{},{},{},{:.3f},{},{:.1f},{},{},{:.1f},{:.2f},",
                   seconds(r.begin_ms), seconds(r.end_ms), lane.id, net.road(lane.road).id, r.queue_mean_veh,
                   r.queue_max_veh, r.queue_max_m, r.entered, r.exited, hours > 0 ? r.exited / hours : 0.0,
                   r.occupancy_pct);
    if (r.speed_mean_mps >= 0)
      fmt::format_to(std::back_inserter(b), "{:.3f}\n", r.speed_mean_mps);
    else
      fmt::format_to(std::back_inserter(b), "\n");
  }
  return fmt::to_string(b);
}

std::string network_csv(const MetricsCollector& m) {
  fmt::memory_buffer b;
  fmt::format_to(std::back_inserter(b),
                 "begin_s,end_s,running_mean,halting_mean,inserted,arrived,spillback_lane_s\n");
  for (const NetworkInterval& r : m.network_intervals())
    fmt::format_to(std::back_inserter(b), "{},{},{:.3f},{:.3f},{},{},{:.1f}\n", seconds(r.begin_ms),
                   seconds(r.end_ms), r.running_mean, r.halting_mean, r.inserted, r.arrived,
                   r.spillback_lane_s);
  return fmt::to_string(b);
}

std::string signals_csv(const Simulation& sim, const MetricsCollector& m) {
  const Network& net = sim.network();
  fmt::memory_buffer b;
  fmt::format_to(std::back_inserter(b), "time_s,signal,stage,target,interval,state\n");
  for (const SignalEvent& e : m.signal_events()) {
    const Signal& sig = net.signals()[e.change.signal];
    SignalState s;
    s.stage = e.change.stage;
    s.target = e.change.target;
    s.interval = e.change.interval;
    std::string state(sig.link_count, 'r');
    for (std::uint32_t i = 0; i < sig.link_count; ++i) state[i] = link_state(sig, s, i);
    fmt::format_to(std::back_inserter(b), "{},{},{},{},{},{}\n", seconds(e.time_ms), sig.id, e.change.stage,
                   e.change.target, interval_name(e.change.interval), state);
  }
  return fmt::to_string(b);
}

}  // namespace

OrderedJson summary_to_json(const Simulation& sim, const Summary& s) {
  const Scenario& sc = sim.scenario();
  OrderedJson j;
  j["scenario"] = sc.name;
  j["controller"] = sim.controller().name();
  j["seed"] = sim.seed();
  j["time"] = {{"begin_s", ms_to_seconds(sc.begin_ms)},
               {"end_s", ms_to_seconds(sim.now_ms())},
               {"step_s", ms_to_seconds(sc.step_ms)},
               {"warmup_s", ms_to_seconds(sc.warmup_ms)}};
  j["vehicles"] = {{"loaded", s.loaded},
                   {"inserted", s.inserted},
                   {"arrived", s.arrived},
                   {"running", s.running},
                   {"waiting_to_insert", s.waiting_to_insert}};
  j["finished_trips"] = trip_stats_json(s.finished);
  j["all_vehicles"] = trip_stats_json(s.all);
  j["throughput_vph"] = r4(s.throughput_vph);
  j["vehicle_steps"] = s.vehicle_steps;
  j["network"] = {{"running_mean", r4(s.running_mean)},
                  {"halting_mean", r4(s.halting_mean)},
                  {"halting_max", s.halting_max},
                  {"spillback_lane_s", r4(s.spillback_lane_s)}};
  OrderedJson lanes = OrderedJson::array();
  for (auto [lane, n] : s.gridlock.lanes)
    lanes.push_back({{"lane", sim.network().lane(lane).id}, {"vehicles", n}});
  j["gridlock"] = {
      {"vehicles", s.gridlock.vehicles},
      {"since_s", s.gridlock.since_ms >= 0 ? OrderedJson(ms_to_seconds(s.gridlock.since_ms)) : OrderedJson()},
      {"peak_vehicles", s.gridlock_peak_vehicles},
      {"lanes", lanes}};
  return j;
}

fs::path temporary_sibling(const fs::path& dir) {
  fs::path clean = dir.lexically_normal();
  if (clean.filename().empty()) clean = clean.parent_path();
  return clean.parent_path() / fmt::format(".{}.tmp-{}", clean.filename().string(), ::getpid());
}

void replace_folder(const fs::path& tmp, const fs::path& dir) {
  fs::path clean = dir.lexically_normal();
  if (clean.filename().empty()) clean = clean.parent_path();
  if (fs::exists(clean)) {
    fs::path old = clean.parent_path() / fmt::format(".{}.old-{}", clean.filename().string(), ::getpid());
    fs::remove_all(old);
    fs::rename(clean, old);
    fs::rename(tmp, clean);
    fs::remove_all(old);
  } else {
    fs::rename(tmp, clean);
  }
}

void write_file_atomically(const fs::path& path, const std::string& content) {
  fs::path tmp = path;
  tmp += fmt::format(".tmp-{}", ::getpid());
  write_text(tmp, content);
  fs::rename(tmp, path);
}

void write_run_outputs(const fs::path& dir, const Simulation& sim, const MetricsCollector& m,
                       const RunInfo& info) {
  if (!dir.parent_path().empty()) fs::create_directories(dir.lexically_normal().parent_path());
  create_folder_atomically(dir, [&](const fs::path& tmp) {
    write_text(tmp / "summary.json", summary_to_json(sim, m.summary()).dump(2) + "\n");
    write_text(tmp / "trips.csv", trips_csv(sim, m));
    write_text(tmp / "lanes.csv", lanes_csv(sim, m));
    write_text(tmp / "network.csv", network_csv(m));
    write_text(tmp / "signals.csv", signals_csv(sim, m));
    OrderedJson manifest;
    manifest["ampel_version"] = kVersion;
    manifest["command_line"] = info.command_line;
    manifest["source_file"] = sim.scenario().source_file;
    manifest["seed"] = sim.seed();
    manifest["controller"] = info.controller;
    manifest["files"] = {"summary.json", "trips.csv", "lanes.csv", "network.csv", "signals.csv"};
    manifest["notes"] = sim.scenario().spec.notes;  // what the loader and the compiler did to the file
    manifest["scenario"] = scenario_to_json(sim.scenario().spec);
    write_text(tmp / "manifest.json", manifest.dump(1) + "\n");
  });
}

}  // namespace ampel::io
