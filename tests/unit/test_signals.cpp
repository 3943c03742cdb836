#include <gtest/gtest.h>

#include "sim/io/generators.hpp"
#include "sim/signals.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {

namespace {

// A test policy: always asks for the given decision.
class AlwaysController : public Controller {
 public:
  explicit AlwaysController(SignalDecision d) : d_(d) {}
  std::string name() const override { return "always"; }
  void decide(const ControlContext&, std::span<SignalDecision> out) override {
    for (auto& d : out) d = d_;
  }

 private:
  SignalDecision d_;
};

struct Interval {
  TimeMs start_ms;
  SignalInterval kind;
  std::uint16_t stage;
};

std::vector<Interval> record(SignalDecision d, TimeMs until_ms, double min_green = 5, double max_green = 90) {
  ScenarioSpec spec = io::make_single_intersection({});
  spec.flows.clear();
  spec.network.signals[0].min_green_s = min_green;
  spec.network.signals[0].max_green_s = max_green;
  spec.network.signals[0].phases[0].duration_s = std::max(min_green, 5.0);
  spec.network.signals[0].phases[1].duration_s = std::max(min_green, 5.0);
  Simulation sim(testing::compile(spec), std::make_unique<AlwaysController>(d));
  std::vector<Interval> out;
  while (sim.now_ms() < until_ms) {
    TimeMs t = sim.now_ms();
    sim.step();
    for (const auto& c : sim.state().events.signal_changes) out.push_back({t, c.interval, c.stage});
  }
  return out;
}

}  // namespace

TEST(SignalMachine, SwitchAsSoonAsAllowedKeepsMinGreenYellowAndAllRed) {
  auto iv = record(SignalDecision::next(), 60'000, 10.0);
  // green 0 for 10 s (min green), yellow 3 s, all-red 2 s, green 1 for 10 s, ...
  ASSERT_GE(iv.size(), 6u);
  EXPECT_EQ(iv[0].start_ms, 10'000);
  EXPECT_EQ(iv[0].kind, SignalInterval::yellow);
  EXPECT_EQ(iv[1].start_ms, 13'000);
  EXPECT_EQ(iv[1].kind, SignalInterval::all_red);
  EXPECT_EQ(iv[2].start_ms, 15'000);
  EXPECT_EQ(iv[2].kind, SignalInterval::green);
  EXPECT_EQ(iv[2].stage, 1);
  EXPECT_EQ(iv[3].start_ms, 25'000);
  EXPECT_EQ(iv[3].kind, SignalInterval::yellow);
}

TEST(SignalMachine, HoldIsForcedToSwitchAtMaxGreen) {
  auto iv = record(SignalDecision::hold(), 100'000, 5.0, 40.0);
  ASSERT_GE(iv.size(), 3u);
  EXPECT_EQ(iv[0].start_ms, 40'000);
  EXPECT_EQ(iv[0].kind, SignalInterval::yellow);
  EXPECT_EQ(iv[2].start_ms, 45'000);
  EXPECT_EQ(iv[2].stage, 1);
}

TEST(SignalMachine, GoToTheCurrentStageIsAHold) {
  auto iv = record(SignalDecision::go_to(0), 30'000, 5.0, 60.0);
  EXPECT_TRUE(iv.empty());
}

TEST(SignalMachine, LinkStatesThroughAClearance) {
  Signal sig;
  sig.link_count = 3;
  sig.stages = {SignalStage{"GGr", 30, 5, 90, 3, 2, ""}, SignalStage{"rGG", 30, 5, 90, 3, 2, ""}};
  SignalState s;
  s.stage = 0, s.target = 1, s.interval = SignalInterval::yellow;
  EXPECT_EQ(link_state(sig, s, 0), 'y');  // loses its green
  EXPECT_EQ(link_state(sig, s, 1), 'G');  // green in both stages: stays green
  EXPECT_EQ(link_state(sig, s, 2), 'r');
  s.interval = SignalInterval::all_red;
  EXPECT_EQ(link_state(sig, s, 0), 'r');
  EXPECT_EQ(link_state(sig, s, 1), 'G');
  Clearance c = clearance_between(sig, 0, 1);
  EXPECT_EQ(c.yellow_ms, 3000);
  EXPECT_EQ(c.all_red_ms, 2000);
}

}  // namespace ampel
