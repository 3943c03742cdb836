#pragma once
// Metrics as docs/metrics.md defines them (SUMO's definitions where SUMO has one). The collector is a
// step observer that keeps only aggregates: every row (trips, lane and network intervals, signal changes)
// goes to a MetricsSink as it is produced, so memory stays flat however long the run (the writers in sim/io
// stream the rows to disk; MetricsLog keeps them in memory for tests and short analyses).
#include <cstdint>
#include <vector>

#include "sim/simulation.hpp"

namespace ampel {

// One road lane over one output interval.
struct LaneInterval {
  TimeMs begin_ms = 0;
  TimeMs end_ms = 0;
  LaneId lane = 0;
  double queue_mean_veh =
      0.0;  // mean number of vehicles in the queue at the stop line (SimState::lane_queue_veh)
  std::uint32_t queue_max_veh = 0;
  double queue_max_m = 0.0;      // longest queue, stop line to its back (SimState::lane_queue_m)
  std::uint32_t entered = 0;     // vehicles that entered the lane
  std::uint32_t exited = 0;      // vehicles that left it over its stop line (or arrived at its end)
  double occupancy_pct = 0.0;    // mean share of the lane's length covered by vehicles
  double speed_mean_mps = -1.0;  // mean over vehicle-steps; -1 if no vehicle was on the lane
};

// The whole network over one output interval.
struct NetworkInterval {
  TimeMs begin_ms = 0;
  TimeMs end_ms = 0;
  double running_mean = 0.0;  // vehicles in the network
  double halting_mean = 0.0;  // vehicles halting (the network's queue)
  std::uint32_t inserted = 0;
  std::uint32_t arrived = 0;
  double spillback_lane_s = 0.0;  // lane-seconds with a queue reaching back to the upstream junction
};

struct SignalEvent {
  TimeMs time_ms = 0;
  SignalChange change;
};

struct TripStats {
  std::uint64_t count = 0;
  double travel_time_s = 0.0;  // means over `count` trips
  double delay_s = 0.0;        // SUMO timeLoss
  double waiting_time_s = 0.0;
  double stops = 0.0;
  double insertion_delay_s = 0.0;
  double route_speed_mps = 0.0;  // distance driven / travel time
};

struct Summary {
  std::uint64_t loaded = 0, inserted = 0, arrived = 0, running = 0, waiting_to_insert = 0;
  TripStats finished;  // trips planned to depart after the warm-up that arrived
  // Every vehicle released after the warm-up: finished, still running and still waiting to enter, each from
  // its planned departure to its arrival or the end (CityFlow's average travel time; delay includes the wait
  // to enter)
  TripStats all;
  double throughput_vph = 0.0;                    // arrivals after the warm-up per hour
  std::uint64_t vehicle_steps = 0;                // sum over steps of the vehicles in the network
  double running_mean = 0.0, halting_mean = 0.0;  // after the warm-up
  std::uint64_t halting_max = 0;
  double spillback_lane_s = 0.0;
  std::uint32_t gridlock_peak_vehicles = 0;
  GridlockReport gridlock;  // at the end
};

// Receives the collector's rows in order. Trips: each arrival as it happens, then at the end the vehicles
// still running (arrival_ms -1) and those never inserted (depart_ms -1). Signal events start with every
// signal's initial state.
class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  virtual void trip(const Simulation& sim, const TripRecord& t) = 0;
  virtual void lane_interval(const Simulation& sim, const LaneInterval& row) = 0;
  virtual void network_interval(const Simulation& sim, const NetworkInterval& row) = 0;
  virtual void signal_event(const Simulation& sim, const SignalEvent& e) = 0;
};

// Every row in memory.
class MetricsLog : public MetricsSink {
 public:
  std::vector<TripRecord> trips;  // arrived, then running, then not inserted
  std::vector<LaneInterval> lane_intervals;
  std::vector<NetworkInterval> network_intervals;
  std::vector<SignalEvent> signal_events;
  void trip(const Simulation&, const TripRecord& t) override { trips.push_back(t); }
  void lane_interval(const Simulation&, const LaneInterval& r) override { lane_intervals.push_back(r); }
  void network_interval(const Simulation&, const NetworkInterval& r) override {
    network_intervals.push_back(r);
  }
  void signal_event(const Simulation&, const SignalEvent& e) override { signal_events.push_back(e); }
};

class MetricsCollector : public StepObserver {
 public:
  // `sink` (optional, not owned) receives every row; the collector itself keeps only the summary.
  explicit MetricsCollector(const Simulation& sim, MetricsSink* sink = nullptr);
  void on_step(const Simulation& sim) override;
  // Closes the last interval and lists vehicles still running or waiting; call once after the run.
  void finish(const Simulation& sim);

  const Summary& summary() const { return summary_; }

 private:
  void close_interval(const Simulation& sim, TimeMs end_ms);
  void count_trip(const TripRecord& t, TimeMs end_ms, bool arrived);

  MetricsSink* sink_;
  TimeMs interval_ms_, interval_begin_ms_, warmup_end_ms_;
  double dt_s_;
  Summary summary_;
  std::uint64_t arrivals_after_warmup_ = 0;
  // Running sums of the open interval.
  struct LaneSums {
    double queued = 0, occupied = 0, speed = 0, vehicle_steps = 0, queue_max_m = 0;
    std::uint32_t queued_max = 0;
    std::uint64_t entered0 = 0, exited0 = 0;
  };
  std::vector<LaneSums> lane_sums_;
  NetworkInterval net_sums_;
  std::uint64_t steps_in_interval_ = 0, steps_after_warmup_ = 0;
  double running_sum_ = 0, halting_sum_ = 0;
  bool finished_ = false;
};

}  // namespace ampel
