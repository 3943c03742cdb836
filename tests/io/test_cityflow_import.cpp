// CityFlow import on a small hand-written roadnet: lane order reversed, lane geometry as CityFlow draws it,
// permissive greens by CityFlow's ranking, departures replayed exactly, and errors with their JSON path.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sim/io/cityflow/cityflow.hpp"
#include "sim/io/load.hpp"
#include "sim/scenario.hpp"
#include "tests/io/io_test_util.hpp"

namespace ampel::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::expect_input_error;

// One real intersection I (width 10) with virtual ends W, E, S. Links: 0 straight WI>IE, 1 left EI>IS,
// 2 straight EI>IW, 3 right WI>IS (merges with 1 into IS).
json roadnet() {
  auto pt = [](double x, double y) { return json{{"x", x}, {"y", y}}; };
  auto lanes = [](int n) {
    json a = json::array();
    for (int i = 0; i < n; ++i) a.push_back({{"width", 3}, {"maxSpeed", 11.11}});
    return a;
  };
  auto road = [&](const char* id, const char* a, const char* b, json p0, json p1, int n) {
    return json{{"id", id},
                {"startIntersection", a},
                {"endIntersection", b},
                {"points", {p0, p1}},
                {"lanes", lanes(n)}};
  };
  auto ll = [&](int s, int e, json pts) {
    return json{{"startLaneIndex", s}, {"endLaneIndex", e}, {"points", pts}};
  };
  json links = json::array();
  links.push_back(
      {{"type", "go_straight"},
       {"startRoad", "WI"},
       {"endRoad", "IE"},
       {"direction", 0},
       {"laneLinks", {ll(0, 0, {pt(-10, -1.5), pt(10, -1.5)}), ll(1, 1, {pt(-10, -4.5), pt(10, -4.5)})}}});
  links.push_back({{"type", "turn_left"},
                   {"startRoad", "EI"},
                   {"endRoad", "IS"},
                   {"direction", 2},
                   {"laneLinks", {ll(0, 0, {pt(10, 1.5), pt(0, 0), pt(-1.5, -10)})}}});
  links.push_back(
      {{"type", "go_straight"},
       {"startRoad", "EI"},
       {"endRoad", "IW"},
       {"direction", 2},
       {"laneLinks", {ll(0, 0, {pt(10, 1.5), pt(-10, 1.5)}), ll(1, 1, {pt(10, 4.5), pt(-10, 4.5)})}}});
  links.push_back({{"type", "turn_right"},
                   {"startRoad", "WI"},
                   {"endRoad", "IS"},
                   {"direction", 0},
                   {"laneLinks", {ll(1, 0, {pt(-10, -4.5), pt(-1.5, -10)})}}});
  json phases = json::array();
  phases.push_back({{"time", 30}, {"availableRoadLinks", {0, 1, 2, 3}}});
  phases.push_back({{"time", 5}, {"availableRoadLinks", json::array()}});
  phases.push_back({{"time", 20}, {"availableRoadLinks", {1}}});
  json inters = json::array();
  inters.push_back({{"id", "I"},
                    {"point", pt(0, 0)},
                    {"width", 10},
                    {"roads", json::array()},
                    {"virtual", false},
                    {"roadLinks", links},
                    {"trafficLight", {{"roadLinkIndices", {0, 1, 2, 3}}, {"lightphases", phases}}}});
  for (auto [id, x, y] : {std::tuple{"W", -200, 0}, {"E", 200, 0}, {"S", 0, -200}})
    inters.push_back(
        {{"id", id}, {"point", pt(x, y)}, {"width", 0}, {"virtual", true}, {"roadLinks", json::array()}});
  json roads = json::array();
  roads.push_back(road("WI", "W", "I", pt(-200, 0), pt(0, 0), 2));
  roads.push_back(road("IE", "I", "E", pt(0, 0), pt(200, 0), 2));
  roads.push_back(road("EI", "E", "I", pt(200, 0), pt(0, 0), 2));
  roads.push_back(road("IW", "I", "W", pt(0, 0), pt(-200, 0), 2));
  roads.push_back(road("IS", "I", "S", pt(0, 0), pt(0, -200), 1));
  return {{"intersections", inters}, {"roads", roads}};
}

json vehicle(double headway) {
  return {{"length", 5.0},    {"width", 2.0},       {"maxPosAcc", 2.0},
          {"maxNegAcc", 4.5}, {"usualPosAcc", 2.0}, {"usualNegAcc", 4.5},
          {"minGap", 2.5},    {"maxSpeed", 11.11},  {"headwayTime", headway}};
}

json flows() {
  json f = json::array();
  f.push_back({{"vehicle", vehicle(2.0)},
               {"route", {"WI", "IE"}},
               {"interval", 5},
               {"startTime", 1},
               {"endTime", 12}});
  f.push_back({{"vehicle", vehicle(1.5)},
               {"route", {"WI", "IS"}},
               {"interval", 2.5},
               {"startTime", 0},
               {"endTime", 10}});
  return f;
}

class CityFlowImport : public ::testing::Test {
 protected:
  fs::path dir = test::temp_dir("cityflow");
  ScenarioSpec load(const json& net = roadnet(), const json& flow = flows()) {
    test::write_file(dir / "roadnet.json", net.dump(1));
    test::write_file(dir / "flow.json", flow.dump(1));
    test::write_file(dir / "config.json", json{{"interval", 1.0},
                                               {"seed", 3},
                                               {"dir", "./"},
                                               {"roadnetFile", "roadnet.json"},
                                               {"flowFile", "flow.json"}}
                                              .dump());
    return load_scenario_file((dir / "config.json").string());
  }
};

TEST_F(CityFlowImport, LanesAreReversedAndDrawnAsCityFlowDrawsThem) {
  ScenarioSpec s = load();
  EXPECT_EQ(s.seed, 3u);
  const RoadSpec& wi = s.network.roads[0];
  ASSERT_EQ(wi.lanes.size(), 2u);
  // ampel lane 0 (rightmost) is CityFlow lane 1: 4.5 m right of the centre line, cut back by I's width.
  EXPECT_DOUBLE_EQ(wi.lanes[0].shape.front().y, -4.5);
  EXPECT_DOUBLE_EQ(wi.lanes[0].shape.back().x, -10.0);
  EXPECT_DOUBLE_EQ(wi.lanes[1].shape.back().y, -1.5);
  EXPECT_DOUBLE_EQ(wi.lanes[0].length_m, 190.0);
  const ConnectionSpec& c = s.network.connections[0];  // CityFlow lane 0 -> 0 is ampel lane 1 -> 1
  EXPECT_EQ(c.from_lane, 1);
  EXPECT_EQ(c.to_lane, 1);
  EXPECT_EQ(s.network.connections[5].from_lane, 0);  // the right turn leaves from the rightmost lane
  EXPECT_EQ(s.network.connections[5].to_lane, 0);
  auto fringe = std::count_if(s.network.nodes.begin(), s.network.nodes.end(),
                              [](auto& n) { return n.kind == NodeKind::fringe; });
  EXPECT_EQ(fringe, 3);
}

TEST_F(CityFlowImport, ConflictingLowerRankedLinksArePermissive) {
  ScenarioSpec s = load();
  ASSERT_EQ(s.network.signals.size(), 1u);
  const SignalSpec& sig = s.network.signals[0];
  EXPECT_EQ(sig.link_count, 4);
  ASSERT_EQ(sig.phases.size(), 3u);
  EXPECT_EQ(sig.phases[0].state,
            "GgGg");  // left yields to the straight it crosses, right to the left it merges with
  EXPECT_EQ(sig.phases[1].state, "rrrr");
  EXPECT_EQ(sig.phases[2].state, "rGrr");
  EXPECT_DOUBLE_EQ(sig.yellow_s, 0.0);  // CityFlow switches at once
  Scenario sc = compile_scenario(s);
  EXPECT_EQ(sc.network->links().size(), 6u);
}

TEST_F(CityFlowImport, DeparturesReplayCityFlowsFlowClock) {
  ScenarioSpec s = load();
  std::vector<double> a, b;
  for (const auto& v : s.vehicles) (v.id.rfind("flow_0_", 0) == 0 ? a : b).push_back(v.depart_s);
  EXPECT_EQ(a, (std::vector<double>{1, 6, 11}));
  EXPECT_EQ(b, (std::vector<double>{0, 3, 5, 8, 10}));  // interval 2.5 on a 1 s clock
  EXPECT_EQ(s.vehicle_types.size(), 2u);
  EXPECT_DOUBLE_EQ(s.vehicle_types[1].headway_s, 1.5);
  EXPECT_DOUBLE_EQ(s.vehicle_types[0].sigma, 0.0);
  EXPECT_DOUBLE_EQ(s.time.end_s, 3600.0);
  Scenario sc = compile_scenario(s);
  EXPECT_EQ(sc.vehicles.size(), 8u);
}

TEST_F(CityFlowImport, RoadnetWithFlowOptionLoadsLikeTheConfig) {
  load();
  LoadOptions o;
  o.flow_file = (dir / "flow.json").string();
  ScenarioSpec s = load_scenario_file((dir / "roadnet.json").string(), o);
  EXPECT_EQ(s.vehicles.size(), 8u);
  EXPECT_EQ(s.network.connections.size(), 6u);
}

TEST_F(CityFlowImport, LaneLinkToAMissingLaneNamesItsJsonPath) {
  json net = roadnet();
  net["intersections"][0]["roadLinks"][0]["laneLinks"][1]["startLaneIndex"] = 2;
  Problem p = expect_input_error([&] { load(net); });
  EXPECT_EQ(p.file, (dir / "roadnet.json").string());
  EXPECT_EQ(p.place, "/intersections/0/roadLinks/0/laneLinks/1/startLaneIndex");
  EXPECT_EQ(p.reason, "road 'WI' has no lane 2 (it has 2)");
}

TEST_F(CityFlowImport, UnknownRoadInARouteNamesItsJsonPath) {
  json f = flows();
  f[1]["route"][1] = "XX";
  Problem p = expect_input_error([&] { load(roadnet(), f); });
  EXPECT_EQ(p.file, (dir / "flow.json").string());
  EXPECT_EQ(p.place, "/1/route/1");
  EXPECT_EQ(p.reason, "road 'XX' is not in the roadnet");
}

TEST_F(CityFlowImport, PhaseNamingAMissingRoadLinkIsAnError) {
  json net = roadnet();
  net["intersections"][0]["trafficLight"]["lightphases"][2]["availableRoadLinks"][0] = 9;
  Problem p = expect_input_error([&] { load(net); });
  EXPECT_EQ(p.place, "/intersections/0/trafficLight/lightphases/2/availableRoadLinks/0");
}

TEST_F(CityFlowImport, TruncatedJsonNamesLineAndColumn) {
  load();
  std::string text = test::slurp(dir / "roadnet.json");
  test::write_file(dir / "roadnet.json", text.substr(0, text.size() / 3));
  Problem p = expect_input_error([&] { load_cityflow_config((dir / "config.json").string()); });
  EXPECT_EQ(p.file, (dir / "roadnet.json").string());
  EXPECT_EQ(p.place.rfind("line ", 0), 0u) << p.place;
  EXPECT_NE(p.reason.find("JSON syntax error"), std::string::npos);
}

TEST_F(CityFlowImport, MissingRoadnetFileIsNamedByTheConfig) {
  test::write_file(dir / "c.json",
                   R"({"interval": 1, "dir": "./", "roadnetFile": "nope.json", "flowFile": "f.json"})");
  Problem p = expect_input_error([&] { load_scenario_file((dir / "c.json").string()); });
  EXPECT_EQ(p.file, (dir / "c.json").string());
  EXPECT_EQ(p.place, "/roadnetFile");
  EXPECT_NE(p.reason.find("nope.json' does not exist"), std::string::npos);
}

}  // namespace
}  // namespace ampel::io
