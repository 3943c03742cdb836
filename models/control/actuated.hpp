#pragma once
// Vehicle-actuated control (gap-out / max-out), as SUMO's `actuated` programs: a stage keeps its green
// after its minimum while vehicles keep crossing its loop detectors (Lane::detector_m) less than
// max_gap_s apart; it ends on a gap (gap-out) or at its maximum green (max-out), and the signal then goes to
// the next stage, in the program's order, that has a call. Stages without a call are skipped; with no call
// anywhere the green rests where it is.
// The gap is the time since a vehicle's front last crossed a loop of the stage, zero while one is on it.
// A call for a stage, per lane group (the links it gives green that are red now, or protected where they only
// yield now): on a lane red now, a vehicle crossed its loop since the lane last had green or one halts on it;
// on any lane, a vehicle taking such a link halts between the loop and the stop line (so a left turner
// waiting on a permissive green calls the protected-left stage). Minimum and maximum greens: SUMO `actuated`
// programs keep their per-phase minDur / maxDur; other programs use min_green_s / max_green_s when given,
// else each stage's own. The signal state machine's limits (each stage's minimum and maximum) always hold as
// well.
#include <vector>

#include "models/control/plan_tools.hpp"
#include "sim/controller.hpp"
#include "sim/scenario.hpp"

namespace ampel {

// The loop is this long, ending at Lane::detector_m: longer than the gap between standing vehicles, so a
// queue standing over it keeps it occupied, and an occupied loop counts as a gap of zero (as SUMO's).
inline constexpr double kLoopLengthM = 3.0;
bool loop_occupied(const ControlContext& ctx, LaneId lane);

struct ActuatedOptions {
  double max_gap_s = 3.0;     // SUMO's default max-gap
  double min_green_s = -1.0;  // < 0: each stage's own
  double max_green_s = -1.0;  // < 0: each stage's own
};

class ActuatedController : public Controller {
 public:
  ActuatedController(const Scenario& scenario, const ActuatedOptions& options);
  std::string name() const override { return "actuated"; }
  std::unique_ptr<Controller> clone() const override { return std::make_unique<ActuatedController>(*this); }
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;

  // Limits this controller applies to a stage (s).
  double min_green_s(SignalId signal, std::uint16_t stage) const;
  double max_green_s(SignalId signal, std::uint16_t stage) const;

 private:
  bool has_call(const ControlContext& ctx, SignalId signal, std::uint16_t stage, std::uint16_t current) const;

  const Network& net_;
  ActuatedOptions options_;
  std::vector<SignalService> services_;
  std::vector<std::uint64_t> served_count_;  // per road lane: detector count when it last had green
};

}  // namespace ampel
