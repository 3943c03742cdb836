// The view's layout: lane lines from the network's geometry, picking, and the generated fallback.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/io/load.hpp"
#include "tests/viz/viz_support.hpp"
#include "viz/camera.hpp"
#include "viz/layout.hpp"
#include "viz/painter.hpp"

namespace ampel::viz {
namespace {

TEST(ViewLayout, UsesTheNetworkGeometry) {
  auto sc = testing::single_scenario();
  const Network& net = *sc->network;
  ViewLayout layout(net);
  EXPECT_FALSE(layout.generated());
  for (LaneId l = 0; l < net.lanes().size(); ++l) {
    ASSERT_EQ(layout.lane_line(l).points().size(), net.lane(l).shape.points().size());
    Pose end = layout.pose_on_lane(l, net.lane(l).length_m);
    Point shape_end = net.lane(l).shape.at(net.lane(l).shape.length_m());
    EXPECT_NEAR(distance(end.at, shape_end), 0.0, 1e-9);
  }
  // Lanes of a two-lane road sit 3.2 m apart (the default width).
  EXPECT_NEAR(layout.lane_width_m(net.find_lane("WC_0")), 3.2, 1e-6);
}

TEST(ViewLayout, PicksLanesAndJunctions) {
  auto sc = testing::single_scenario();
  const Network& net = *sc->network;
  ViewLayout layout(net);
  LaneId lane = net.find_lane("SC_1");
  Pose mid = layout.pose_on_lane(lane, 150);
  EXPECT_EQ(layout.pick_road_lane(mid.at, 0.5), lane);
  EXPECT_EQ(layout.pick_road_lane(mid.at + Point{200, 0}, 0.5), kNone);
  NodeId c = net.find_node("C");
  EXPECT_EQ(layout.pick_node(net.node(c).position, 1.0), c);
  EXPECT_EQ(layout.pick_node(net.node(net.find_node("N")).position, 1.0), kNone)
      << "fringe nodes are not junctions";
}

TEST(ViewLayout, ScenarioWithoutGeometryGetsAGeneratedLayout) {
  ScenarioSpec spec =
      io::load_scenario_file(std::string(AMPEL_SOURCE_DIR) + "/scenarios/single/scenario.json");
  // An imported network with lengths but no coordinates: every node at the origin.
  for (NodeSpec& n : spec.network.nodes) n.position = {0, 0};
  for (RoadSpec& r : spec.network.roads) r.length_m = 300;
  Scenario sc = compile_scenario(spec);
  const Network& net = *sc.network;
  ViewLayout layout(net);
  ASSERT_TRUE(layout.generated());
  for (LaneId l = 0; l < net.road_lane_count(); ++l) EXPECT_GT(layout.lane_line(l).length_m(), 20.0);
  // Junctions are spread out and every road leads from its start node's place to its end node's place.
  for (NodeId a = 0; a < net.nodes().size(); ++a)
    for (NodeId b = a + 1; b < net.nodes().size(); ++b)
      EXPECT_GT(distance(layout.nodes()[a].center, layout.nodes()[b].center), 50.0);
  for (const Road& r : net.roads()) {
    Point start = layout.lane_line(r.first_lane).at(0);
    Point end = layout.lane_line(r.first_lane).at(layout.lane_line(r.first_lane).length_m());
    EXPECT_LT(distance(end, layout.nodes()[r.to].center), distance(start, layout.nodes()[r.to].center));
  }
  std::size_t signalised = 0;
  for (const Link& l : net.links()) signalised += l.state_slot != kNone;
  EXPECT_EQ(layout.signal_heads().size(), signalised);
  EXPECT_GT(signalised, 8u);
  EXPECT_GT(layout.max_corner().x - layout.min_corner().x, 100.0);
}

TEST(ChartScale, RoundsUpToARoundNumber) {
  EXPECT_DOUBLE_EQ(round_up_nice(2280), 2500);
  EXPECT_DOUBLE_EQ(round_up_nice(3600), 4000);
  EXPECT_DOUBLE_EQ(round_up_nice(600), 600);
  EXPECT_DOUBLE_EQ(round_up_nice(601), 800);
  EXPECT_DOUBLE_EQ(round_up_nice(101), 150);
  EXPECT_DOUBLE_EQ(round_up_nice(9000), 10000);
  EXPECT_NEAR(round_up_nice(0.35), 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(round_up_nice(0), 0);
}

TEST(Camera, FitsZoomsAndPansAroundThePointer) {
  Camera cam;
  sf::Vector2f size(800, 600);
  cam.fit({0, 0}, {400, 300}, size);
  EXPECT_NEAR(cam.pixels_per_m(), 0.94 * 2.0, 1e-9);
  sf::Vector2f c = cam.to_pixel({200, 150}, size);
  EXPECT_NEAR(c.x, 400, 1e-3);
  EXPECT_NEAR(c.y, 300, 1e-3);
  // North is up: a larger y is higher on screen.
  EXPECT_LT(cam.to_pixel({200, 250}, size).y, 300);
  Point under = cam.to_world({100, 80}, size);
  cam.zoom_at({100, 80}, 2.0f, size);
  Point after = cam.to_world({100, 80}, size);
  EXPECT_NEAR(under.x, after.x, 1e-6);
  EXPECT_NEAR(under.y, after.y, 1e-6);
  Point before_pan = cam.to_world({400, 300}, size);
  cam.pan({10, 0});
  EXPECT_NEAR(cam.to_world({410, 300}, size).x, before_pan.x, 1e-6);
}

}  // namespace
}  // namespace ampel::viz
