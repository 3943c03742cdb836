#include "sim/metrics.hpp"

#include <algorithm>

namespace ampel {

MetricsCollector::MetricsCollector(const Simulation& sim, MetricsSink* sink) : sink_(sink) {
  const Scenario& sc = sim.scenario();
  interval_ms_ = sc.output_interval_ms;
  interval_begin_ms_ = sim.now_ms();
  warmup_end_ms_ = sc.begin_ms + sc.warmup_ms;
  dt_s_ = sim.step_s();
  lane_sums_.resize(sim.network().road_lane_count());
  for (LaneId l = 0; l < lane_sums_.size(); ++l) {
    lane_sums_[l].entered0 = sim.state().lane_entered[l];
    lane_sums_[l].exited0 = sim.state().lane_exited[l];
  }
  // The signals' starting states were recorded by the constructor's initialisation.
  if (sink_)
    for (const SignalChange& c : sim.state().events.signal_changes)
      sink_->signal_event(sim, {sim.now_ms(), c});
}

void MetricsCollector::on_step(const Simulation& sim) {
  const SimState& s = sim.state();
  const Network& net = sim.network();
  TimeMs step_begin = s.now_ms - sim.scenario().step_ms;
  if (sink_)
    for (const SignalChange& c : s.events.signal_changes) sink_->signal_event(sim, {step_begin, c});
  for (const TripRecord& t : s.events.arrivals) {
    count_trip(t, s.now_ms, true);
    if (sink_) sink_->trip(sim, t);
  }

  std::uint64_t halting_total = 0;
  double spill = 0.0;
  for (LaneId l = 0; l < lane_sums_.size(); ++l) {
    LaneSums& ls = lane_sums_[l];
    std::uint32_t h = s.lane_halting[l];
    std::uint32_t n = s.lanes[l].size();
    std::uint32_t queued = s.lane_queue_veh[l];  // the queue at the stop line, as lane_queue_m measures it
    ls.queued += queued;
    ls.queued_max = std::max(ls.queued_max, queued);
    ls.queue_max_m = std::max<double>(ls.queue_max_m, s.lane_queue_m[l]);
    ls.occupied += s.lane_occupied_m[l] / net.lane(l).length_m;
    ls.speed += s.lane_speed_sum_mps[l];
    ls.vehicle_steps += n;
    halting_total += h;
    const Lane& lane = net.lane(l);
    // Spillback: the queue fills the lane up to its upstream junction.
    if (queued > 0 && net.node(net.road(lane.road).from).kind != NodeKind::fringe &&
        s.lane_queue_m[l] >= lane.length_m - 7.5)
      spill += dt_s_;
  }
  ++steps_in_interval_;
  net_sums_.running_mean += static_cast<double>(s.running);
  net_sums_.halting_mean += static_cast<double>(halting_total);
  net_sums_.inserted += s.events.inserted;
  net_sums_.arrived += static_cast<std::uint32_t>(s.events.arrivals.size());
  net_sums_.spillback_lane_s += spill;
  summary_.vehicle_steps += s.running;
  if (step_begin >= warmup_end_ms_) {
    ++steps_after_warmup_;
    running_sum_ += static_cast<double>(s.running);
    halting_sum_ += static_cast<double>(halting_total);
    summary_.halting_max = std::max(summary_.halting_max, halting_total);
    summary_.spillback_lane_s += spill;
  }
  summary_.gridlock_peak_vehicles = std::max(summary_.gridlock_peak_vehicles, s.gridlock.vehicles);
  if (s.now_ms - interval_begin_ms_ >= interval_ms_) close_interval(sim, s.now_ms);
}

void MetricsCollector::close_interval(const Simulation& sim, TimeMs end_ms) {
  if (steps_in_interval_ == 0) return;
  const SimState& s = sim.state();
  double n = static_cast<double>(steps_in_interval_);
  for (LaneId l = 0; l < lane_sums_.size(); ++l) {
    LaneSums& ls = lane_sums_[l];
    LaneInterval row;
    row.begin_ms = interval_begin_ms_;
    row.end_ms = end_ms;
    row.lane = l;
    row.queue_mean_veh = ls.queued / n;
    row.queue_max_veh = ls.queued_max;
    row.queue_max_m = ls.queue_max_m;
    row.entered = static_cast<std::uint32_t>(s.lane_entered[l] - ls.entered0);
    row.exited = static_cast<std::uint32_t>(s.lane_exited[l] - ls.exited0);
    row.occupancy_pct = 100.0 * ls.occupied / n;
    row.speed_mean_mps = ls.vehicle_steps > 0 ? ls.speed / ls.vehicle_steps : -1.0;
    if (sink_) sink_->lane_interval(sim, row);
    ls = LaneSums{};
    ls.entered0 = s.lane_entered[l];
    ls.exited0 = s.lane_exited[l];
  }
  NetworkInterval row = net_sums_;
  row.begin_ms = interval_begin_ms_;
  row.end_ms = end_ms;
  row.running_mean /= n;
  row.halting_mean /= n;
  if (sink_) sink_->network_interval(sim, row);
  net_sums_ = NetworkInterval{};
  steps_in_interval_ = 0;
  interval_begin_ms_ = end_ms;
}

namespace {

void add_trip(TripStats& st, const TripRecord& t, TimeMs end_ms) {
  TimeMs arrival = t.arrival_ms >= 0 ? t.arrival_ms : end_ms;
  double tt = ms_to_seconds(arrival - t.depart_ms);
  ++st.count;
  st.travel_time_s += tt;
  st.delay_s += t.time_loss_s;
  st.waiting_time_s += t.waiting_s;
  st.stops += t.stops;
  st.insertion_delay_s += ms_to_seconds(t.depart_ms - t.planned_depart_ms);
  st.route_speed_mps += tt > 0 ? t.distance_m / tt : 0.0;
}

// Every vehicle the demand released, counted from its planned departure (CityFlow's average travel time): the
// wait to enter is part of its travel time, delay and waiting time; a vehicle still running or never inserted
// is counted up to the end.
void add_vehicle(TripStats& st, const TripRecord& t, TimeMs end_ms) {
  TimeMs arrival = t.arrival_ms >= 0 ? t.arrival_ms : end_ms;
  TimeMs entered = t.depart_ms >= 0 ? t.depart_ms : end_ms;
  double tt = ms_to_seconds(arrival - t.planned_depart_ms);
  double wait_to_enter = ms_to_seconds(entered - t.planned_depart_ms);
  ++st.count;
  st.travel_time_s += tt;
  st.delay_s += t.time_loss_s + wait_to_enter;
  st.waiting_time_s += t.waiting_s + wait_to_enter;
  st.stops += t.stops;
  st.insertion_delay_s += wait_to_enter;
  st.route_speed_mps += tt > 0 ? t.distance_m / tt : 0.0;
}

void finish_mean(TripStats& st) {
  if (st.count == 0) return;
  double n = static_cast<double>(st.count);
  st.travel_time_s /= n;
  st.delay_s /= n;
  st.waiting_time_s /= n;
  st.stops /= n;
  st.insertion_delay_s /= n;
  st.route_speed_mps /= n;
}

}  // namespace

// Trips enter the summary in the order they are written (arrivals as they happen, then the running ones), so
// the means are summed in one fixed order.
void MetricsCollector::count_trip(const TripRecord& t, TimeMs end_ms, bool arrived) {
  if (arrived && t.arrival_ms >= warmup_end_ms_) ++arrivals_after_warmup_;
  if (t.planned_depart_ms < warmup_end_ms_) return;
  if (arrived) add_trip(summary_.finished, t, end_ms);
  add_vehicle(summary_.all, t, end_ms);
}

void MetricsCollector::finish(const Simulation& sim) {
  if (finished_) return;
  finished_ = true;
  const SimState& s = sim.state();
  close_interval(sim, s.now_ms);
  // Vehicles still running, in the order of their slots (deterministic).
  for (VehicleId id = 0; id < s.vehicles.size(); ++id) {
    if (!s.vehicles[id].active) continue;
    TripRecord t = sim.running_trip(id);
    count_trip(t, s.now_ms, false);
    if (sink_) sink_->trip(sim, t);
  }
  // Vehicles still waiting to enter: counted in `all` from their planned departure, and written as trips.
  for (const auto& waiting : s.pending)
    for (const PendingVehicle& p : waiting) {
      TripRecord t;
      t.source = p.source;
      t.seq = p.seq;
      t.type = p.type;
      t.route = p.route;
      t.planned_depart_ms = p.planned_ms;
      t.depart_ms = -1;
      count_trip(t, s.now_ms, false);
      if (sink_) sink_->trip(sim, t);
    }

  Summary& sm = summary_;
  sm.loaded = s.loaded;
  sm.inserted = s.inserted;
  sm.arrived = s.arrived;
  sm.running = s.running;
  sm.waiting_to_insert = s.waiting_to_insert;
  finish_mean(sm.finished);
  finish_mean(sm.all);
  double measured_h = ms_to_seconds(s.now_ms - warmup_end_ms_) / 3600.0;
  sm.throughput_vph = measured_h > 0 ? static_cast<double>(arrivals_after_warmup_) / measured_h : 0.0;
  if (steps_after_warmup_ > 0) {
    sm.running_mean = running_sum_ / static_cast<double>(steps_after_warmup_);
    sm.halting_mean = halting_sum_ / static_cast<double>(steps_after_warmup_);
  }
  sm.gridlock = s.gridlock;
}

}  // namespace ampel
