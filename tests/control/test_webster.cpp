// Webster: the textbook formula on a hand-computed case, the clamp near saturation, plans built from a
// scenario's demand (splits, time-of-day plans, green-wave offsets) and a run that follows the plan.
#include <gtest/gtest.h>

#include <cmath>

#include "models/control/webster.hpp"
#include "models/registry/registry.hpp"
#include "sim/io/generators.hpp"
#include "sim/io/load.hpp"
#include "sim/metrics.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenarios.hpp"
#include "tests/support/shared_data.hpp"

namespace ampel {
namespace {

// One junction, two stages, 2 lanes per approach, straight traffic only: east-west 1260 veh/h and
// north-south 720 veh/h per approach, so y = 1260 / 3600 = 0.35 and 720 / 3600 = 0.20.
std::shared_ptr<const Scenario> textbook_junction() {
  io::SingleIntersectionParams p;
  p.lanes = 2;
  p.main_rate_vph = 1260.0;
  p.side_rate_vph = 720.0;
  p.left_share = 0.0;
  p.right_share = 0.0;
  return testing::compile(io::make_single_intersection(p));
}

TEST(Webster, TextbookCycleAndSplits) {
  // L = 2 stages x (2 s start-up + 5 s intergreen - 2 s used) = 10 s; Y = 0.55;
  // C0 = (1.5 x 10 + 5) / (1 - 0.55) = 44.444 s; effective green 34.444 s split 0.35 : 0.20.
  WebsterOptions o;
  WebsterTiming t = webster_timing({0.35, 0.20}, {5.0, 5.0}, {5.0, 5.0}, {60.0, 60.0}, o);
  EXPECT_NEAR(t.lost_s, 10.0, 1e-12);
  EXPECT_NEAR(t.flow_ratio_sum, 0.55, 1e-12);
  EXPECT_NEAR(t.cycle_s, 20.0 / 0.45, 1e-9);
  ASSERT_EQ(t.green_s.size(), 2u);
  EXPECT_NEAR(t.green_s[0], (20.0 / 0.45 - 10.0) * 0.35 / 0.55, 1e-9);  // 21.919 s
  EXPECT_NEAR(t.green_s[1], (20.0 / 0.45 - 10.0) * 0.20 / 0.55, 1e-9);  // 12.525 s
}

TEST(Webster, LostTimeFollowsStartUpAndEndGain) {
  // Start-up 3 s, end gain 1 s: lost 3 + 5 - 1 = 7 s per stage; displayed green = effective + 2 s.
  WebsterOptions o;
  o.startup_lost_s = 3.0;
  o.yellow_used_s = 1.0;
  WebsterTiming t = webster_timing({0.3, 0.3}, {5.0, 5.0}, {5.0, 5.0}, {90.0, 90.0}, o);
  EXPECT_NEAR(t.lost_s, 14.0, 1e-12);
  double c0 = (1.5 * 14.0 + 5.0) / 0.4;
  EXPECT_NEAR(t.cycle_s, c0, 1e-9);
  EXPECT_NEAR(t.green_s[0], (c0 - 14.0) / 2 + 2.0, 1e-9);
  EXPECT_NEAR(t.green_s[0] + t.green_s[1] + 10.0, c0, 1e-9);  // greens + intergreens fill the cycle
}

TEST(Webster, SaturatedDemandIsClampedToTheMaximumCycle) {
  // Y = 1.0 would give an infinite cycle: Y is capped at 0.9 (C0 = 200 s), then the cycle at 120 s.
  WebsterOptions o;
  WebsterTiming t = webster_timing({0.6, 0.4}, {5.0, 5.0}, {5.0, 5.0}, {60.0, 90.0}, o);
  EXPECT_NEAR(t.cycle_s, 120.0, 1e-12);
  // 110 s of green split 66 : 44, but stage 0 is held at its 60 s maximum and stage 1 takes the rest.
  EXPECT_NEAR(t.green_s[0], 60.0, 1e-12);
  EXPECT_NEAR(t.green_s[1], 50.0, 1e-12);
  // Light demand: the cycle is held at its minimum, and no green below its stage's minimum.
  WebsterTiming light = webster_timing({0.01, 0.001}, {5.0, 5.0}, {7.0, 7.0}, {60.0, 60.0}, o);
  EXPECT_NEAR(light.cycle_s, 30.0, 1e-12);
  EXPECT_NEAR(light.green_s[1], 7.0, 1e-12);
  EXPECT_NEAR(light.green_s[0], 13.0, 1e-12);
}

TEST(Webster, CriticalFlowRatiosComeFromTheRoutedDemand) {
  auto sc = textbook_junction();
  auto vph = movement_demand_vph(*sc, sc->begin_ms, sc->end_ms);
  auto y = critical_flow_ratios(*sc->network, 0, vph, 1800.0);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_NEAR(y[0], 0.35, 1e-9);
  EXPECT_NEAR(y[1], 0.20, 1e-9);
}

TEST(Webster, PlanAndRunMatchTheHandComputation) {
  auto sc = textbook_junction();
  WebsterOptions o;
  o.plan_period_s = 0.0;
  auto controller = std::make_unique<WebsterController>(*sc, o);
  const auto& plan = controller->schedule().plans.at(0).at(0);
  // C0 = 44.44 s rounds to 44 s; 34 s of green split 0.35 : 0.20 -> 21.6 and 12.4 -> 22 and 12 s.
  ASSERT_EQ(plan.green_s.size(), 2u);
  EXPECT_EQ(plan.green_s[0], 22.0);
  EXPECT_EQ(plan.green_s[1], 12.0);
  EXPECT_EQ(plan_cycle_s(sc->network->signals()[0], plan), 44.0);

  // The signal shows exactly those greens in a run.
  Simulation sim(sc, std::move(controller));
  TimeMs green_since = 0;
  std::uint16_t stage = 0;
  int checked = 0;
  while (sim.now_ms() < 600 * kMsPerSecond) {
    TimeMs t = sim.now_ms();
    sim.step();
    for (const SignalChange& c : sim.state().events.signal_changes) {
      if (c.interval == SignalInterval::green) {
        green_since = t;
        stage = c.stage;
      } else if (c.interval == SignalInterval::yellow) {
        EXPECT_EQ(t - green_since, seconds_to_ms(stage == 0 ? 22.0 : 12.0)) << "at " << t;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 20);
}

TEST(Webster, TimeOfDayPlansFollowThePeak) {
  auto sc = testing::compile(io::make_grid({}));  // the bundled grid: a two-hour morning peak
  WebsterOptions o;
  WebsterSchedule s = webster_schedule(*sc, o);
  ASSERT_EQ(s.plans.size(), 8u);  // 7200 s in quarter hours
  const Signal& sig = sc->network->signals()[5];
  double first = plan_cycle_s(sig, s.plans[0][5]), peak = plan_cycle_s(sig, s.plans[4][5]);
  EXPECT_GT(peak, first);
  // The schedule hands out the plan of the period a time falls in.
  EXPECT_EQ(&s.at(4 * 900 * kMsPerSecond + 1), &s.plans[4]);
  EXPECT_EQ(&s.at(7200 * kMsPerSecond + 5), &s.plans[7]);
}

TEST(Webster, ArterialOffsetsGiveAGreenWave) {
  auto sc = testing::compile(io::make_arterial({}));  // 5 signals 250 m apart
  WebsterOptions o;
  o.plan_period_s = 0.0;
  o.progression_mps = 12.5;  // 250 m in 20 s
  WebsterSchedule s = webster_schedule(*sc, o);
  const auto& plans = s.plans.at(0);
  const auto& signals = sc->network->signals();
  double cycle = plan_cycle_s(signals[0], plans[0]);
  for (std::size_t i = 1; i < signals.size(); ++i) {
    EXPECT_EQ(plan_cycle_s(signals[i], plans[i]), cycle) << "coordinated signals share one cycle";
    // The main-street stage is stage 0 everywhere: neighbours' greens start 20 s apart, either way.
    double d = std::fmod(plans[i].offset_s - plans[i - 1].offset_s + 2 * cycle, cycle);
    EXPECT_TRUE(std::fabs(d - 20.0) < 0.51 || std::fabs(d - (cycle - 20.0)) < 0.51)
        << i << ": " << d << " cycle " << cycle << " offsets " << plans[i - 1].offset_s << " "
        << plans[i].offset_s << " greens " << plans[i].green_s[0] << " " << plans[i].green_s[1];
  }
  // Without coordination every signal keeps its own cycle and offset 0.
  o.coordinate = false;
  WebsterSchedule own = webster_schedule(*sc, o);
  for (const TimedPlan& p : own.plans.at(0)) EXPECT_EQ(p.offset_s, 0.0);
}

TEST(Webster, AnOverlappingProgramRunsEveryLinkOnce) {
  // CityFlow's Hangzhou 1 x 1: eight phases, each movement in two (both through movements of an axis, both
  // lefts, and each approach alone). Webster's plan runs the four phases that serve every link once (half the
  // intergreens), skipping the others, and beats the file's own eight-phase plan.
  std::string dir = std::string(AMPEL_SHARED_DATA) + "/cityflow/hangzhou_1x1_real/";
  AMPEL_SKIP_WITHOUT(dir + "roadnet.json", dir + "flow_qc-yn_18041607.json");
  io::LoadOptions lo;
  lo.flow_file = dir + "flow_qc-yn_18041607.json";
  auto sc = testing::compile(io::load_scenario_file(dir + "roadnet.json", lo));
  const Signal& sig = sc->network->signals().at(0);
  ASSERT_EQ(sig.stages.size(), 8u);
  WebsterOptions o;
  WebsterSchedule plan = webster_schedule(*sc, o);
  const TimedPlan& p = plan.plans.front().front();
  int kept = 0;
  for (std::uint32_t i = 0; i < sig.link_count; ++i) {
    int served = 0;
    for (std::uint16_t s = 0; s < sig.stages.size(); ++s)
      served += p.green_s[s] >= 0 && stage_green(sig, s, i);
    EXPECT_EQ(served, 1) << "link " << i;
  }
  for (double g : p.green_s) kept += g >= 0;
  EXPECT_EQ(kept, 4);
  // The cycle walks the kept stages only.
  double cycle = 0;
  for (std::uint16_t s = 0; s < sig.stages.size(); ++s)
    if (p.green_s[s] >= 0) cycle += p.green_s[s] + plan_clearance_s(sig, s);
  EXPECT_DOUBLE_EQ(plan_cycle_s(sig, p), cycle);
  auto delay = [&](const std::string& type) {
    ControllerSpec c;
    c.type = type;
    Simulation sim(sc, make_controller(c, *sc));
    MetricsCollector m(sim);
    sim.add_observer(&m);
    sim.run();
    m.finish(sim);
    return m.summary().all.delay_s;
  };
  EXPECT_LT(delay("webster"), 0.5 * delay("fixed_time"));
}

}  // namespace
}  // namespace ampel
