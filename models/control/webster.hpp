#pragma once
// Webster's fixed-time plans, computed from the scenario's demand: for each signal the critical flow
// ratio y_i of every stage (the busiest lane's flow over its saturation flow), the optimum cycle
// C0 = (1.5 L + 5) / (1 - Y) and greens in proportion to y_i. One plan per demand period (time of day),
// with offsets that give a green wave along the busiest through routes.
//
// Lost time per stage (HCM): startup_lost_s + (yellow + all-red) - yellow_used_s, so by default (2 s and
// 2 s) the whole intergreen counts as lost and the displayed green equals the effective green.
// Clamp, when Y approaches 1: Y is capped at max_flow_ratio (0.9) in the formula, so C0 stays finite,
// then C0 is held within [min_cycle_s, max_cycle_s] (30-120 s). Each green is then held within its
// stage's minimum and maximum green; the time a held stage gives up or takes is shared by the others in
// proportion to their own greens, so the cycle keeps its length unless every stage is held.
#include <vector>

#include "models/control/plan_tools.hpp"
#include "sim/controller.hpp"
#include "sim/scenario.hpp"

namespace ampel {

struct WebsterOptions {
  double saturation_flow_vphpl = 1800.0;  // per lane, veh/h of green
  double startup_lost_s = 2.0;            // start-up lost time per stage
  double yellow_used_s = 2.0;             // part of yellow + all-red still used by drivers (end gain)
  double max_flow_ratio = 0.9;            // cap on Y in the cycle formula
  double min_cycle_s = 30.0;
  double max_cycle_s = 120.0;
  double plan_period_s = 900.0;  // one plan per period of demand; 0: one plan for the whole run
  bool coordinate = true;        // green waves: a common cycle and offsets along through routes
  double progression_mps = 0.0;  // green-wave speed; 0: 85 % of each road's speed limit
};

// Webster's optimum for one signal before rounding: stage inputs in, cycle and displayed greens out.
struct WebsterTiming {
  double lost_s = 0.0;          // L, the sum of the stages' lost times
  double flow_ratio_sum = 0.0;  // Y, uncapped
  double cycle_s = 0.0;         // C0 (or the imposed cycle), after the clamp
  std::vector<double> green_s;  // displayed green per stage
};

// `ratio` and `clearance_s` per stage (clearance = yellow + all-red after it); min/max greens per stage.
// A positive `cycle_s` imposes the cycle (a coordinated group's) instead of the signal's own C0.
WebsterTiming webster_timing(const std::vector<double>& ratio, const std::vector<double>& clearance_s,
                             const std::vector<double>& min_green_s, const std::vector<double>& max_green_s,
                             const WebsterOptions& options, double cycle_s = 0.0);

// Critical flow ratio per stage of signal `id`: over the approach lanes the stage serves, the largest lane
// flow over the saturation flow; a movement's flow is shared equally by the lanes that carry it (a through
// movement cannot use a left-turn lane, so approach-wide averages understate the critical lane).
std::vector<double> critical_flow_ratios(const Network& net, SignalId id,
                                         const std::vector<double>& movement_vph,
                                         double saturation_flow_vphpl);

// The stages a signal's Webster plans run. Where a program's stages overlap (CityFlow's eight phases serve
// every movement twice: both through movements of an axis, both lefts, and each approach alone), running
// them all doubles the intergreens; a signal engineer picks the phases that serve every link once. Of the
// sets of stages that give every link its best green (protected where any stage protects it), the one
// needing the least of the cycle, Y + L / max_cycle_s, then the fewest stages. Programs whose stages do not
// overlap keep every stage.
std::vector<bool> webster_stages(const Signal& signal, const std::vector<double>& ratio,
                                 const WebsterOptions& options);

// Plans per period and signal, whole seconds.
struct WebsterSchedule {
  TimeMs begin_ms = 0;
  TimeMs period_ms = 0;                       // 0: one period
  std::vector<std::vector<TimedPlan>> plans;  // [period][signal]
  const std::vector<TimedPlan>& at(TimeMs now_ms) const;
};
WebsterSchedule webster_schedule(const Scenario& scenario, const WebsterOptions& options);

class WebsterController : public Controller {
 public:
  WebsterController(const Scenario& scenario, const WebsterOptions& options);
  std::string name() const override { return "webster"; }
  std::unique_ptr<Controller> clone() const override { return std::make_unique<WebsterController>(*this); }
  void initialize(const ControlContext& ctx, std::span<SignalStart> starts) override;
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;
  const WebsterSchedule& schedule() const { return schedule_; }

 private:
  WebsterSchedule schedule_;
};

}  // namespace ampel
