// Programs written without intergreens (CityFlow) get the amber and all-red a signal engineer would give
// them, and their clearance-only phases are no longer stages; programs with their own clearances keep them.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "sim/io/load.hpp"
#include "sim/signal_program.hpp"
#include "tests/control/right_turn_phase.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {
namespace {

// ITE's all-red for the streams of a stage, computed here from the links: (junction path + 6 m) / approach
// speed, the longest over the links that are not green in every stage, rounded up to whole seconds.
double expected_all_red_s(const Network& net, const Signal& sig, std::uint16_t stage) {
  double r = 0.0;
  for (std::uint32_t i = 0; i < sig.link_count; ++i) {
    bool everywhere = true;
    for (const SignalStage& st : sig.stages) everywhere = everywhere && is_green(st.state[i]);
    if (!is_green(sig.stages[stage].state[i]) || everywhere) continue;
    for (LinkId l : sig.links_of_index[i])
      r = std::max(
          r, (net.lane(net.link(l).via_lane).length_m + 6.0) / net.lane(net.link(l).from_lane).speed_mps);
  }
  return std::clamp(std::ceil(r - 1e-9), 1.0, 6.0);
}

TEST(Intergreen, AProgramWithoutYellowGetsAmberAndAllRedFromTheJunctionSize) {
  auto sc = testing::compile(testing::right_turn_phase_junction(300, 100, 0.0, 0.0));
  const Signal& sig = sc->network->signals()[0];
  EXPECT_TRUE(sig.intergreens_inserted);
  // The right-turn-only phase is CityFlow's clearance: only the two through stages remain.
  ASSERT_EQ(sig.stages.size(), 2u);
  EXPECT_EQ(sig.stages[0].name, "east-west");
  EXPECT_EQ(sig.stages[1].name, "north-south");
  for (std::uint16_t s = 0; s < 2; ++s) {
    EXPECT_DOUBLE_EQ(sig.stages[s].yellow_s, 3.0);
    double red = expected_all_red_s(*sc->network, sig, s);
    EXPECT_DOUBLE_EQ(sig.stages[s].all_red_s, red);
    // 300 m arms of two lanes at 13.89 m/s: a junction some 20 m across needs 2 s or more.
    EXPECT_GE(red, 2.0);
    EXPECT_EQ(sig.stages[s].green_s, 30.0);
  }
  bool noted = false;
  for (const std::string& n : sc->spec.notes) noted = noted || n.find("no intergreen") != std::string::npos;
  EXPECT_TRUE(noted) << "the run's notes say that intergreens were inserted";
}

TEST(Intergreen, AProgramWithItsOwnClearancesKeepsThem) {
  auto sc = testing::compile(testing::right_turn_phase_junction(300, 100, 4.0, 1.0));
  const Signal& sig = sc->network->signals()[0];
  EXPECT_FALSE(sig.intergreens_inserted);
  ASSERT_EQ(sig.stages.size(), 3u);  // the right-turn phase stays a stage of the plan
  EXPECT_DOUBLE_EQ(sig.stages[1].yellow_s, 4.0);
  EXPECT_DOUBLE_EQ(sig.stages[1].all_red_s, 1.0);
  for (const std::string& n : sc->spec.notes) EXPECT_EQ(n.find("no intergreen"), std::string::npos) << n;
}

TEST(Intergreen, CityFlowHangzhou1x1GetsIntergreensAndLosesItsEmptyPhase) {
  std::string dir = std::string(AMPEL_SHARED_DATA) + "/cityflow/hangzhou_1x1_real/";
  if (!std::filesystem::exists(dir + "roadnet.json")) GTEST_SKIP() << "missing " << dir << "roadnet.json";
  io::LoadOptions o;
  o.flow_file = dir + "flow_kn-hz_18041607.json";
  auto sc = testing::compile(io::load_scenario_file(dir + "roadnet.json", o));
  const Signal& sig = sc->network->signals().at(0);
  // Nine lightphases: an empty 5 s one and eight of 30 s, switching at once.
  ASSERT_EQ(sig.stages.size(), 8u);
  for (std::uint16_t s = 0; s < 8; ++s) {
    EXPECT_DOUBLE_EQ(sig.stages[s].green_s, 30.0);
    EXPECT_DOUBLE_EQ(sig.stages[s].yellow_s, 3.0);
    EXPECT_DOUBLE_EQ(sig.stages[s].all_red_s, expected_all_red_s(*sc->network, sig, s));
  }
}

}  // namespace
}  // namespace ampel
