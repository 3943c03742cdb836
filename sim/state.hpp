#pragma once
// Everything that changes during a run, in one copyable value: reset, snapshots, state hashes and
// look-ahead are plain copies. Per-lane and per-vehicle data live in flat arrays indexed by dense ids.
#include <cstdint>
#include <deque>
#include <vector>

#include "sim/lane_queue.hpp"
#include "sim/rng.hpp"
#include "sim/types.hpp"

namespace ampel {

enum class SignalInterval : std::uint8_t { green, yellow, all_red };

struct SignalState {
  std::uint16_t stage = 0;   // current green stage, or the stage being left during a clearance
  std::uint16_t target = 0;  // stage that follows the clearance
  SignalInterval interval = SignalInterval::green;
  TimeMs interval_start_ms = 0;
  TimeMs green_start_ms = 0;  // start of the current (or last) green
};

struct VehicleRecord {
  bool active = false;
  bool wrong_lane = false;  // its lane has no link to the next road: it must change lanes
  TypeId type = 0;
  std::uint32_t source = 0;  // flow index, or flows.size() + index of an explicit vehicle
  std::uint32_t seq = 0;     // number within its flow
  RouteId route = 0;
  std::uint32_t route_pos = 0;  // index in the route of the current road (of the road left, on a junction)
  LaneId lane = kNone;
  LinkId next_link = kNone;  // link at the end of the current road lane; kNone at the end of the route
  std::uint32_t lane_change_step = 0;  // step of the last lane change (at most one per step)
  // Driver parameters: the type's, with this driver's speed factor applied.
  double length_m = 5.0, min_gap_m = 2.5, max_speed_mps = 50.0, accel_mps2 = 2.6, decel_mps2 = 4.5;
  double emergency_decel_mps2 = 9.0, headway_s = 1.0, sigma = 0.5, speed_factor = 1.0;
  Rng rng;  // this driver's own stream, so strategies see the same drivers
  TimeMs planned_depart_ms = 0;
  TimeMs depart_ms = 0;
  TimeMs halting_since_ms = -1;  // -1 while moving
  double time_loss_s = 0.0;
  double waiting_s = 0.0;
  double distance_m = 0.0;
  std::uint32_t stops = 0;
  // Planned stops (Scenario::stops[stop_next, stops_end)) and the one being served.
  std::uint32_t stop_next = 0, stops_end = 0;
  TimeMs dwell_until_ms = -1;  // >= 0 while halted at a planned stop: it leaves at this time
  TimeMs until_shift_ms = 0;   // a flow's later vehicles keep their stops' `until` this much later
  float arrival_m = -1.0f;     // arrives when its front passes this point of its last road; < 0: the end
  bool dwelling() const { return dwell_until_ms >= 0; }
};

struct PendingVehicle {
  std::uint32_t source = 0;
  std::uint32_t seq = 0;
  TypeId type = 0;
  RouteId route = 0;
  TimeMs planned_ms = 0;
  double depart_speed_mps = 0.0;  // < 0: the lane's speed limit
};

struct FlowState {
  TimeMs next_ms = 0;   // release step of the next vehicle (kNever when the profile is over)
  double next_s = 0.0;  // its exact departure time; the next one is drawn from here, not from the step
  std::uint32_t count = 0;
  Rng rng;
};

// A finished trip, as trips.csv reports it (times in ms, accumulated figures in s / m).
struct TripRecord {
  std::uint32_t source = 0;
  std::uint32_t seq = 0;
  TypeId type = 0;
  RouteId route = 0;
  TimeMs planned_depart_ms = 0;
  TimeMs depart_ms = 0;
  TimeMs arrival_ms = -1;  // -1: still running at the end
  double time_loss_s = 0.0;
  double waiting_s = 0.0;
  double distance_m = 0.0;
  std::uint32_t stops = 0;
};

struct SignalChange {
  std::uint32_t signal = 0;
  std::uint16_t stage = 0;
  std::uint16_t target = 0;
  SignalInterval interval = SignalInterval::green;
};

// A vehicle crossing a stop line into a junction, with the link's signal state at that moment.
struct Crossing {
  LinkId link = kNone;
  VehicleId vehicle = kNone;
  char state = 'G';
  TimeMs time_ms = 0;  // when its front passed the line (interpolated within the step)
};

// What happened during the last step, for observers (cleared at the start of every step).
struct StepEvents {
  std::vector<TripRecord> arrivals;
  std::vector<SignalChange> signal_changes;
  std::vector<Crossing> crossings;
  std::uint32_t inserted = 0;
};

struct GridlockReport {
  std::uint32_t vehicles = 0;                           // halting longer than the scenario's gridlock_after_s
  TimeMs since_ms = -1;                                 // earliest halt among them
  std::vector<std::pair<LaneId, std::uint32_t>> lanes;  // lanes holding them, most first (at most 10)
};

struct SimState {
  TimeMs now_ms = 0;
  std::uint64_t step_count = 0;

  // Vehicles: slots are reused after arrival (lowest free slot first, so runs are reproducible).
  std::vector<VehicleRecord> vehicles;
  std::vector<VehicleId> free_slots;
  std::vector<LaneQueue> lanes;  // per lane (road and junction lanes), front first

  // Per road lane: closures and cumulative detector-like counts.
  std::vector<std::uint8_t> lane_closed;
  std::vector<std::uint64_t> lane_entered;  // vehicles that entered the lane (including insertions)
  std::vector<std::uint64_t> lane_exited;   // vehicles that crossed its stop line or arrived at its end
  std::vector<TimeMs> detector_last_ms;     // last vehicle front passing the lane's loop detector
  std::vector<std::uint64_t> detector_count;
  // Observation of the state at the start of the step (stage 4).
  std::vector<std::uint32_t> lane_halting;  // vehicles at or below the halting speed
  // The queue at the stop line (sim/queue_rule.hpp): its length and its vehicles.
  std::vector<float> lane_queue_m;
  std::vector<std::uint32_t> lane_queue_veh;
  std::vector<float> lane_speed_sum_mps;  // sum of the speeds of the vehicles on the lane
  std::vector<float> lane_occupied_m;     // sum of the lengths of the vehicles on the lane

  // Signals.
  std::vector<SignalState> signals;
  std::vector<char> link_signal;            // per signal link slot: 'G' 'g' 'y' 'r'
  std::vector<TimeMs> link_green_since_ms;  // per signal link slot: when it last turned green

  // Demand.
  std::vector<FlowState> flows;
  std::size_t next_vehicle = 0;                     // next explicit vehicle to release
  std::vector<std::deque<PendingVehicle>> pending;  // per road: released, waiting for room to enter
  double demand_factor = 1.0;
  std::size_t next_event = 0;

  // Counters.
  std::uint64_t loaded = 0;  // released by the demand (inserted or waiting)
  std::uint64_t inserted = 0;
  std::uint64_t arrived = 0;
  std::uint64_t running = 0;  // in the network now
  std::uint64_t waiting_to_insert = 0;

  GridlockReport gridlock;
  StepEvents events;
};

// A 64-bit hash of everything in the state, for determinism tests.
std::uint64_t state_hash(const SimState& s);

}  // namespace ampel
