#include "sim/io/run_output.hpp"

#include <fmt/format.h>
#include <zlib.h>
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

void write_text_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

CsvStream::CsvStream(const fs::path& path, bool gzip) : path_(path) {
  if (gzip) {
    // Level 6, no file name and no time stamp in the header: the same rows give the same bytes.
    gz_ = gzopen(path.c_str(), "wb6");
    if (!gz_) throw std::runtime_error("cannot write " + path.string());
  } else {
    plain_ = std::fopen(path.c_str(), "wb");
    if (!plain_) throw std::runtime_error("cannot write " + path.string());
  }
}

CsvStream::~CsvStream() {
  if (plain_) std::fclose(plain_);
  if (gz_) gzclose(static_cast<gzFile>(gz_));
}

void CsvStream::flush() {
  if (buf_.size() == 0) return;
  if (plain_) {
    failed_ |= std::fwrite(buf_.data(), 1, buf_.size(), plain_) != buf_.size();
  } else if (gz_) {
    failed_ |= gzwrite(static_cast<gzFile>(gz_), buf_.data(), static_cast<unsigned>(buf_.size())) !=
               static_cast<int>(buf_.size());
  }
  buf_.clear();
}

void CsvStream::close() {
  flush();
  if (plain_) failed_ |= std::fclose(plain_) != 0, plain_ = nullptr;
  if (gz_) failed_ |= gzclose(static_cast<gzFile>(gz_)) != Z_OK, gz_ = nullptr;
  if (failed_) throw std::runtime_error("cannot write " + path_.string() + " (is the disk full?)");
}

RunWriter::RunWriter(const fs::path& dir, const Simulation&, RunFiles files, bool staged, bool force)
    : dir_(dir), files_(std::move(files)) {
  if (staged) {
    fs::create_directories(dir_);
  } else {
    tmp_.emplace(dir, force);
    dir_ = tmp_->path();
  }
  auto open = [&](bool wanted, const char* name, bool gz, const char* header) -> std::unique_ptr<CsvStream> {
    if (!wanted) return nullptr;
    std::string file = std::string(name) + (gz ? ".gz" : "");
    auto s = std::make_unique<CsvStream>(dir_ / file, gz);
    fmt::format_to(std::back_inserter(s->buffer()), "{}", header);
    return s;
  };
  names_.push_back("summary.json");
  trips_ =
      open(files_.trips, "trips.csv", files_.gzip,
           "vehicle,type,origin,destination,status,planned_depart_s,depart_s,arrival_s,travel_time_s,delay_s,"
           "waiting_time_s,stops,insertion_delay_s,distance_m\n");
  lanes_ = open(files_.lanes, "lanes.csv", false,
                "begin_s,end_s,lane,road,queue_mean_veh,queue_max_veh,queue_max_m,entered,exited,flow_vph,"
                "occupancy_pct,speed_mean_mps\n");
  network_ = open(files_.network, "network.csv", false,
                  "begin_s,end_s,running_mean,halting_mean,inserted,arrived,spillback_lane_s\n");
  signals_ = open(files_.signals, "signals.csv", files_.gzip, "time_s,signal,stage,target,interval,state\n");
  auto gz = [&](const char* n) { return std::string(n) + (files_.gzip ? ".gz" : ""); };
  if (files_.trips) names_.push_back(gz("trips.csv"));
  if (files_.lanes) names_.push_back("lanes.csv");
  if (files_.network) names_.push_back("network.csv");
  if (files_.signals) names_.push_back(gz("signals.csv"));
}

RunWriter::~RunWriter() = default;

void RunWriter::trip(const Simulation& sim, const TripRecord& t) {
  if (!trips_) return;
  const Scenario& sc = sim.scenario();
  const Network& net = sim.network();
  const Route& route = sc.routes[t.route];
  auto& b = trips_->buffer();
  const char* status = t.depart_ms < 0 ? "waiting" : t.arrival_ms < 0 ? "running" : "arrived";
  fmt::format_to(std::back_inserter(b), "{},{},{},{},{},{},", sim.vehicle_name(t.source, t.seq),
                 sc.types.types[t.type].id, net.road(route.roads.front()).id, net.road(route.roads.back()).id,
                 status, seconds(t.planned_depart_ms));
  // Running and waiting vehicles are written at the end of the run: "now" is its end.
  TimeMs end = sim.now_ms();
  if (t.depart_ms < 0) {
    fmt::format_to(std::back_inserter(b), ",,,,,,,{},\n", seconds(end - t.planned_depart_ms));
  } else {
    TimeMs until = t.arrival_ms >= 0 ? t.arrival_ms : end;
    fmt::format_to(std::back_inserter(b), "{},{},{},{:.3f},{:.3f},{},{},{:.2f}\n", seconds(t.depart_ms),
                   t.arrival_ms >= 0 ? seconds(t.arrival_ms) : std::string(), seconds(until - t.depart_ms),
                   t.time_loss_s, t.waiting_s, t.stops, seconds(t.depart_ms - t.planned_depart_ms),
                   t.distance_m);
  }
  trips_->flush_if_full();
}

void RunWriter::lane_interval(const Simulation& sim, const LaneInterval& r) {
  if (!lanes_) return;
  const Network& net = sim.network();
  const Lane& lane = net.lane(r.lane);
  double hours = ms_to_seconds(r.end_ms - r.begin_ms) / 3600.0;
  auto& b = lanes_->buffer();
  fmt::format_to(std::back_inserter(b), "{},{},{},{},{:.3f},{},{:.1f},{},{},{:.1f},{:.2f},",
                 seconds(r.begin_ms), seconds(r.end_ms), lane.id, net.road(lane.road).id, r.queue_mean_veh,
                 r.queue_max_veh, r.queue_max_m, r.entered, r.exited, hours > 0 ? r.exited / hours : 0.0,
                 r.occupancy_pct);
  if (r.speed_mean_mps >= 0)
    fmt::format_to(std::back_inserter(b), "{:.3f}\n", r.speed_mean_mps);
  else
    fmt::format_to(std::back_inserter(b), "\n");
  lanes_->flush_if_full();
}

void RunWriter::network_interval(const Simulation&, const NetworkInterval& r) {
  if (!network_) return;
  fmt::format_to(std::back_inserter(network_->buffer()), "{},{},{:.3f},{:.3f},{},{},{:.1f}\n",
                 seconds(r.begin_ms), seconds(r.end_ms), r.running_mean, r.halting_mean, r.inserted,
                 r.arrived, r.spillback_lane_s);
  network_->flush_if_full();
}

void RunWriter::signal_event(const Simulation& sim, const SignalEvent& e) {
  if (!signals_) return;
  const Signal& sig = sim.network().signals()[e.change.signal];
  SignalState s;
  s.stage = e.change.stage;
  s.target = e.change.target;
  s.interval = e.change.interval;
  std::string state(sig.link_count, 'r');
  for (std::uint32_t i = 0; i < sig.link_count; ++i) state[i] = link_state(sig, s, i);
  fmt::format_to(std::back_inserter(signals_->buffer()), "{},{},{},{},{},{}\n", seconds(e.time_ms), sig.id,
                 e.change.stage, e.change.target, interval_name(e.change.interval), state);
  signals_->flush_if_full();
}

void RunWriter::finish(const Simulation& sim, const Summary& summary, const RunInfo& info) {
  for (auto* s : {&trips_, &lanes_, &network_, &signals_})
    if (*s) (*s)->close();
  write_text_file(dir_ / "summary.json", summary_to_json(sim, summary).dump(2) + "\n");
  OrderedJson manifest;
  manifest["ampel_version"] = kVersion;
  manifest["command_line"] = info.command_line;
  manifest["source_file"] = sim.scenario().source_file;
  manifest["seed"] = sim.seed();
  manifest["controller"] = info.controller;
  manifest["files"] = names_;
  manifest["notes"] = sim.scenario().spec.notes;  // what the loader and the compiler did to the file
  if (files_.scenario_file.empty()) {
    manifest["scenario"] = scenario_to_json(sim.scenario().spec);
  } else {
    manifest["scenario_file"] = files_.scenario_file;
    manifest["scenario_fingerprint"] = files_.scenario_fingerprint;
  }
  write_text_file(dir_ / "manifest.json", manifest.dump(1) + "\n");
  if (tmp_) tmp_->commit();
}

}  // namespace ampel::io
