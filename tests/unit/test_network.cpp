#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "sim/io/generators.hpp"
#include "sim/network.hpp"
#include "sim/signal_program.hpp"

namespace ampel {

namespace {

Network single() {
  return build_network(io::make_single_intersection({}).network);
}

}  // namespace

TEST(Network, SingleIntersectionStructure) {
  Network net = single();
  EXPECT_EQ(net.nodes().size(), 5u);
  EXPECT_EQ(net.roads().size(), 8u);
  EXPECT_EQ(net.road_lane_count(), 16u);
  EXPECT_EQ(boost::num_vertices(net.graph()), 5u);
  EXPECT_EQ(boost::num_edges(net.graph()), 8u);
  // 4 approaches x (right, straight, left): right and left from one lane each, straight from both lanes.
  EXPECT_EQ(net.movements().size(), 12u);
  EXPECT_EQ(net.links().size(), 16u);
  RoadId in = net.find_road("WC");
  ASSERT_NE(in, kNone);
  MovementId right = net.movement_between(in, net.find_road("CS"));
  MovementId left = net.movement_between(in, net.find_road("CN"));
  MovementId straight = net.movement_between(in, net.find_road("CE"));
  ASSERT_NE(right, kNone);
  ASSERT_NE(left, kNone);
  ASSERT_NE(straight, kNone);
  EXPECT_EQ(net.movements()[right].turn, Turn::right);
  EXPECT_EQ(net.movements()[left].turn, Turn::left);
  EXPECT_EQ(net.movements()[straight].turn, Turn::straight);
  EXPECT_EQ(net.movements()[straight].links.size(), 2u);
  // Right turns leave from the rightmost lane (index 0), left turns from the leftmost.
  EXPECT_EQ(net.lane(net.link(net.movements()[right].links[0]).from_lane).index, 0u);
  EXPECT_EQ(net.lane(net.link(net.movements()[left].links[0]).from_lane).index, 1u);
  // No U-turns are generated.
  EXPECT_EQ(net.movement_between(in, net.find_road("CW")), kNone);
}

TEST(Network, LeftTurnConflictsWithOpposingStraight) {
  Network net = single();
  LinkId left = net.movements()[net.movement_between(net.find_road("WC"), net.find_road("CN"))].links[0];
  MovementId opposing = net.movement_between(net.find_road("EC"), net.find_road("CW"));
  const Link& l = net.link(left);
  bool conflicts = false;
  for (std::uint32_t k = l.foes_begin; k < l.foes_end; ++k)
    for (LinkId o : net.movements()[opposing].links) conflicts = conflicts || net.foes()[k] == o;
  EXPECT_TRUE(conflicts);
  // The same approach's straight and left never conflict with each other.
  for (std::uint32_t k = l.foes_begin; k < l.foes_end; ++k)
    EXPECT_NE(net.link(net.foes()[k]).from_road, l.from_road);
}

TEST(Network, SignalStagesFromMovementPhases) {
  Network net = single();
  ASSERT_EQ(net.signals().size(), 1u);
  const Signal& s = net.signals()[0];
  ASSERT_EQ(s.stages.size(), 2u);
  EXPECT_EQ(s.link_count, 12u);  // one signal link per movement
  // Each stage releases 6 movements; lefts are permissive.
  for (const auto& st : s.stages) {
    EXPECT_EQ(std::count(st.state.begin(), st.state.end(), 'G'), 4);
    EXPECT_EQ(std::count(st.state.begin(), st.state.end(), 'g'), 2);
    EXPECT_DOUBLE_EQ(st.yellow_s, 3.0);
    EXPECT_DOUBLE_EQ(st.all_red_s, 2.0);
  }
  EXPECT_DOUBLE_EQ(s.cycle_s, 30 + 5 + 22 + 5);
  for (LinkId l = 0; l < net.links().size(); ++l) EXPECT_NE(net.link(l).state_slot, kNone);
}

TEST(SignalProgram, ExplicitYellowAndAllRedPhasesBecomeClearances) {
  SignalSpec sig;
  sig.yellow_s = 4;
  sig.all_red_s = 1;
  std::vector<SignalPhaseSpec> phases(6);
  phases[0].state = "GGrr", phases[0].duration_s = 40;
  phases[1].state = "yyrr", phases[1].duration_s = 3;
  phases[2].state = "rrrr", phases[2].duration_s = 2;
  phases[3].state = "rrGg", phases[3].duration_s = 20;
  phases[4].state = "rryy", phases[4].duration_s = 3;
  phases[5].state = "rrrr", phases[5].duration_s = 1;
  std::string reason;
  auto stages = derive_stages(phases, sig, &reason);
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[0].state, "GGrr");
  EXPECT_DOUBLE_EQ(stages[0].green_s, 40);
  EXPECT_DOUBLE_EQ(stages[0].yellow_s, 3);
  EXPECT_DOUBLE_EQ(stages[0].all_red_s, 2);
  EXPECT_EQ(stages[1].state, "rrGg");
  EXPECT_DOUBLE_EQ(stages[1].all_red_s, 1);
  // Greens only: the signal's defaults fill in where a stream loses its green.
  std::vector<SignalPhaseSpec> greens = {phases[0], phases[3]};
  stages = derive_stages(greens, sig, &reason);
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_DOUBLE_EQ(stages[0].yellow_s, 4);
  EXPECT_DOUBLE_EQ(stages[0].all_red_s, 1);
  // No green at all is an error.
  EXPECT_TRUE(derive_stages({phases[1], phases[2]}, sig, &reason).empty());
  EXPECT_NE(reason.find("no green"), std::string::npos);
}

TEST(NetworkBuilder, ReportsEveryProblemWithItsPlace) {
  NetworkSpec spec = io::make_single_intersection({}).network;
  spec.roads[0].where = "/network/roads/0";
  spec.roads[0].length_m = -5;
  spec.roads[1].where = "/network/roads/1";
  spec.roads[1].to_node = "nowhere";
  spec.signals[0].phases[0].green[0].where = "/network/signals/0/phases/0/green/0";
  try {
    build_network(spec, "net.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_GE(e.problems().size(), 2u);
    EXPECT_EQ(e.problems()[0].file, "net.json");
    EXPECT_EQ(e.problems()[0].place, "/network/roads/0");
    EXPECT_NE(e.problems()[0].reason.find("length"), std::string::npos);
    EXPECT_EQ(e.problems()[1].place, "/network/roads/1");
    EXPECT_NE(e.problems()[1].reason.find("unknown node 'nowhere'"), std::string::npos);
  }
}

TEST(NetworkBuilder, PhaseNamingMissingMovement) {
  NetworkSpec spec = io::make_single_intersection({}).network;
  spec.signals[0].phases[0].green.push_back({"WC", "CW", false, "/network/signals/0/phases/0/green/9"});
  try {
    build_network(spec, "x.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].place, "/network/signals/0/phases/0/green/9");
    EXPECT_NE(e.problems()[0].reason.find("WC > CW"), std::string::npos);
  }
}

}  // namespace ampel
