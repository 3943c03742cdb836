#pragma once
// The queue projection at the heart of the predictive controller. One signal's approach groups are point
// queues over a horizon of time bins (fine near, coarse far): fed by the vehicles predicted to reach the
// stop line in each bin, discharged at saturation flow while the signal serves them (after a start-up lost
// time), limited by the room left on the exit roads. A candidate fixes the first decision (end the current
// green now or later, towards a given stage); a simple policy runs the signal after it, as a rolling-horizon
// schedule would: each stage until its queue is served (between minimum and maximum green) unless a dense
// platoon is arriving, then the next stage in program order that has vehicles waiting.
// Cost = queued vehicle-seconds + a penalty per stop (off by default) + a heavy weight on queue beyond an
// approach's storage (spillback into the upstream junction) + the time to serve what is still queued at the
// horizon.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace ampel::predictive {

// One signal's static structure as the projection sees it. Groups are approach lanes that every stage
// serves alike; exits are the roads the signal's links lead to.
struct StageModel {
  int stages = 0;
  int groups = 0;
  int exits = 0;
  std::vector<float> service;      // [stage * groups + g]: share of the group's saturation flow served, 0..1
  std::vector<float> clearance_s;  // [from * stages + to]: yellow + all-red the state machine applies
  std::vector<float> min_green_s;  // per stage
  std::vector<float> max_green_s;  // per stage
};

struct ProjectionSettings {
  // Bin b covers [edges_s[b], edges_s[b + 1]) seconds from now: fine bins near, coarse bins far
  // (bin_edges()).
  std::vector<float> edges_s;
  float lost_time_s = 2.0f;        // start-up lost time of a group whose service begins (s)
  float yellow_used_s = 1.0f;      // part of a clearance still used by the streams losing their green (s)
  float spillback_weight = 50.0f;  // cost of one vehicle-second of queue beyond an approach's storage
  float gap_s = 3.0f;              // the policy's look-ahead for arrivals when a stage's queue is served (s)
  float platoon_share = 0.5f;      // ... it keeps the green while they reach this share of saturation flow
  float demand_veh = 0.5f;         // a stage has demand when at least this many vehicles wait for it
  float terminal_weight = 1.0f;    // weight of the time to serve the queues left at the horizon
  float stop_penalty_s = 0.0f;  // delay of braking to a stop and starting again, per vehicle that stops (s)
  int bins() const { return static_cast<int>(edges_s.size()) - 1; }
};

// Bins of fine_s up to fine_span_s, then of coarse_s up to horizon_s (the last one may be shorter).
std::vector<float> bin_edges(float fine_s, float fine_span_s, float coarse_s, float horizon_s);

// Inputs at one control tick: flat arrays owned by the caller, valid during run().
struct ProjectionInput {
  std::span<const float> queue0;     // [g] vehicles queued at the stop line now
  std::span<const float> arrivals;   // [g * bins + b] vehicles reaching the stop line during bin b
  std::span<const float> rate;       // [g] saturation flow at full service, veh/s (0: every lane closed)
  std::span<const float> storage;    // [g] queue (veh) the approach holds before it reaches upstream
  std::span<const float> share;      // [g * exits + e] share of the group's vehicles bound for exit e
  std::span<const float> room0;      // [e] vehicles exit e can take now
  std::span<const float> room_gain;  // [e * bins + b] room freed on exit e during bin b
};

// Where the signal is now.
struct SignalPoint {
  int stage = 0;   // green stage, or the stage being left during a clearance
  int target = 0;  // stage after the clearance
  bool green = true;
  float in_green_s = 0;  // time since the green began (green only)
  float in_clear_s = 0;  // time since the clearance began (clearance only)
};

// The first decision a candidate fixes. switch_s < 0: the policy decides from the start.
struct Candidate {
  float switch_s = -1.0f;  // end the current green this far ahead (0: now); never before minimum green
  int target = -1;         // stage to go to; -1: the policy's choice at that time
};

struct ProjectionResult {
  double delay_veh_s = 0;     // queued vehicle-seconds over the horizon
  double spill_veh_s = 0;     // vehicle-seconds of queue beyond the approaches' storage
  double residual_veh_s = 0;  // delay still needed to serve the queues left at the horizon
  double stops_veh = 0;       // vehicles that join a queue
  double cost = 0;  // delay + stop_penalty_s * stops + spillback_weight * spill + terminal_weight * residual
  float first_switch_s = -1;  // when the projected signal first leaves its current green (-1: never)
  int first_target = -1;      // the stage it goes to then
};

// The projected plan, for the neighbours and for tests. What enters exit e in bin b is
// sum over g of departures[g * bins + b] * share[g * exits + e].
struct ProjectionRecord {
  std::vector<float> departures;    // [g * bins + b] vehicles crossing the stop line
  std::vector<float> queue;         // [g * bins + b] vehicles queued at the end of bin b
  std::vector<std::int16_t> stage;  // [b] stage served during bin b, -1 in a clearance
  bool keep_queue = true;           // the controller's own records skip the queue (not needed to decide)
};

// Runs projections for one signal at a time; keeps its scratch buffers between calls (no allocation in
// steady state).
class Projector {
 public:
  // Prepares for runs on `input` (kept by reference until the next prepare).
  void prepare(const StageModel& model, const ProjectionSettings& settings, const ProjectionInput& input);
  // Projects one candidate. A run whose cost passes `give_up_above` stops early and reports an infinite cost
  // (its record is then incomplete).
  ProjectionResult run(SignalPoint start, Candidate candidate, ProjectionRecord* record = nullptr,
                       double give_up_above = std::numeric_limits<double>::infinity());

 private:
  int pick_next(int stage, bool force) const;
  bool stage_idle(int stage, int bin) const;

  const StageModel* model_ = nullptr;
  const ProjectionSettings* settings_ = nullptr;
  ProjectionInput input_;
  std::vector<float> cum_arrivals_;  // [g * (bins + 1) + b]: arrivals before bin b
  std::vector<int> gap_end_;         // per bin: the bin where the policy's look-ahead ends...
  std::vector<float> gap_frac_;      // ... and the share of that bin it covers
  std::vector<float> stage_rate_;    // per stage: saturation flow (veh/s) of what it serves
  std::vector<float> queue_, room_, served_s_;
  // Per group, the exits that might run out of room within the horizon (the others are never checked).
  std::vector<std::uint8_t> exit_list_;
  std::vector<float> exit_inv_share_;
  std::vector<int> exit_begin_;
};

}  // namespace ampel::predictive
