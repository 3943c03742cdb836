#pragma once
// Pieces shared by the signal strategies: what each stage serves (links and approach lanes), what a
// controller can count on a lane, the demand per movement from the scenario's flows, and timed plans
// (greens per stage plus an offset) that a strategy runs like a fixed-time plan.
#include <cstdint>
#include <vector>

#include "sim/controller.hpp"
#include "sim/network.hpp"
#include "sim/scenario.hpp"

namespace ampel {

// What one stage of a signal serves.
struct StageService {
  std::vector<LinkId> links;  // network links showing 'G' or 'g' in this stage
  std::vector<LaneId> lanes;  // their distinct approach (road) lanes, ascending
};

// Every stage's service, per signal (indexed like Network::signals()).
using SignalService = std::vector<StageService>;
std::vector<SignalService> stage_services(const Network& net);

// True if signal link index `i` is green ('G' or 'g') in `stage`.
bool stage_green(const Signal& signal, std::uint16_t stage, std::uint32_t i);

// Per stage: whether it is a stage to compete for. A stage whose green links are all green in another stage
// as well (a right-turn-only phase whose turns run in every phase, a subset of a wider phase) serves nothing
// that the other does not, so an adaptive strategy never chooses it. Equal stages keep the first.
std::vector<bool> competing_stages(const Signal& signal);

// A lane movement: one approach lane's links into one exit road (Varaiya's and PressLight's movement).
struct LaneMovement {
  LaneId in_lane = kNone;
  std::vector<LinkId> links;              // ascending
  std::vector<LaneId> out_lanes;          // the exit lanes they reach, ascending, distinct
  std::uint32_t lanes_sharing_entry = 0;  // entry roads: lane movements from this road to the same exit road
};
// Every lane movement of a signal, and per stage the ones it gives green.
struct SignalMovements {
  std::vector<LaneMovement> movements;
  std::vector<std::vector<std::uint32_t>> of_stage;  // [stage] -> indices into movements
};
std::vector<SignalMovements> signal_movements(const Network& net);

// Vehicles on road lane `lane` whose front is within `range_m` of its stop line.
std::uint32_t vehicles_within(const ControlContext& ctx, LaneId lane, double range_m);
// Vehicles on `lane` that will take `link` at its end.
std::uint32_t vehicles_bound_for(const ControlContext& ctx, LaneId lane, LinkId link);

// Mean demand per movement (veh/h, indexed like Network::movements()) over [begin_ms, end_ms): every flow
// (its rate profile times the scenario's scale_demand events) and every explicit vehicle, counted on each
// movement of its route, at its departure time (travel time to the junction is ignored).
std::vector<double> movement_demand_vph(const Scenario& sc, TimeMs begin_ms, TimeMs end_ms);

// Where a signal's plan is at a time: the stage whose green or clearance it is in.
struct PlanPosition {
  std::uint16_t stage = 0;
  SignalInterval interval = SignalInterval::green;
  TimeMs elapsed_ms = 0;  // time already spent in that interval
};

// A timed plan for one signal: the green of every stage (s) in the program's order, each followed by the
// stage's own clearance (SignalStage::yellow_s + all_red_s), cyclic, shifted by the offset.
struct TimedPlan {
  std::vector<double> green_s;  // < 0: the stage is left out of the plan (neither green nor its clearance)
  double offset_s = 0.0;  // the plan's time 0 (start of stage 0's green) falls at simulation time offset_s
};
TimedPlan plan_of_program(const Signal& signal);  // the scenario's own greens and offset
// Clearance (s) that follows stage `stage` in the program's order.
double plan_clearance_s(const Signal& signal, std::uint16_t stage);
double plan_cycle_s(const Signal& signal, const TimedPlan& plan);
// Start of stage `stage`'s green within the cycle (s from the plan's time 0).
double stage_start_s(const Signal& signal, const TimedPlan& plan, std::uint16_t stage);
PlanPosition plan_position(const Signal& signal, const TimedPlan& plan, TimeMs now_ms);
// The stage the plan runs after `stage` (the next one in the program's order that the plan keeps).
std::uint16_t plan_next_stage(const TimedPlan& plan, std::uint16_t stage);

// Where a signal starts so that it runs `plan` from `now_ms` on.
SignalStart plan_start(const Signal& signal, const TimedPlan& plan, TimeMs now_ms);
// The proposal that keeps a signal on its plan: the stage the plan is green in, or heading to during a
// clearance; hold when the signal already shows it.
SignalDecision follow_plan(const Signal& signal, const TimedPlan& plan, const SignalState& state,
                           TimeMs now_ms);

}  // namespace ampel
