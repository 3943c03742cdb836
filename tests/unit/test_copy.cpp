// Simulation::copy(): the whole run (state and the controller's own memory) copied for look-ahead. A copy
// continued alongside the original stays identical step for step, under every strategy, and stepping it
// leaves the original untouched.
#include <gtest/gtest.h>

#include "models/registry/registry.hpp"
#include "sim/io/load.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {
namespace {

class Copy : public ::testing::TestWithParam<std::string> {};

TEST_P(Copy, ContinuesExactlyLikeTheOriginal) {
  ScenarioSpec spec = io::load_scenario_file(testing::source_path("scenarios/grid4x4/scenario.json"));
  spec.time.end_s = 1500;
  spec.controller = ControllerSpec{GetParam(), {}, "test"};
  auto sc = testing::compile(spec);
  Simulation sim(sc, make_controller(sc->controller, *sc));
  sim.run_until(seconds_to_ms(900));
  std::unique_ptr<Simulation> look = sim.copy();
  std::uint64_t at_copy = state_hash(sim.state());
  EXPECT_EQ(state_hash(look->state()), at_copy);
  look->run_until(seconds_to_ms(1200));
  EXPECT_EQ(state_hash(sim.state()), at_copy) << "stepping the copy changed the original";
  sim.run_until(seconds_to_ms(1200));
  EXPECT_EQ(state_hash(look->state()), state_hash(sim.state()));
  EXPECT_GT(sim.state().arrived, 0u);
}

INSTANTIATE_TEST_SUITE_P(EveryStrategy, Copy,
                         ::testing::Values("fixed_time", "webster", "actuated", "sotl", "max_pressure",
                                           "predictive"));

// A controller without clone() cannot be copied: copy() says so instead of sharing its state.
class NoClone : public Controller {
 public:
  std::string name() const override { return "no_clone"; }
  void decide(const ControlContext&, std::span<SignalDecision>) override {}
};

TEST(Copy, ControllerWithoutCloneIsRefused) {
  auto sc = testing::compile(io::load_scenario_file(testing::source_path("scenarios/single/scenario.json")));
  Simulation sim(sc, std::make_unique<NoClone>());
  try {
    sim.copy();
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("no_clone"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ampel
