// SUMO import on a small hand-written network: car lanes kept and renumbered, links with their internal-lane
// chains, conflicts from the request table, signals, routes, trips and flows, and one clear error per bad
// input.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/io/import_losses.hpp"
#include "sim/io/load.hpp"
#include "sim/io/sumo/sumo.hpp"
#include "sim/scenario.hpp"
#include "tests/fuzz/small_net.hpp"
#include "tests/io/io_test_util.hpp"

namespace ampel::io {
namespace {

namespace fs = std::filesystem;
using test::expect_input_error;

// W -> C -> E straight, W -> C -> S right turn over two internal lanes; WC has a sidewalk (lane 0);
// "walk" is a footpath. Link 0 and link 1 conflict (request rows, index 0 is the last character).
const std::string& kNet = fuzz::kSmallNet;  // also the route fuzz target's network

const std::string kRoutes = R"XML(<routes>
    <vType id="car" accel="2.0" speedFactor="normc(1.1,0.2,0.5,1.5)" lcStrategic="1"/>
    <vType id="lorry" vClass="truck"/>
    <vType id="bus" vClass="bus"/>
    <route id="r1" edges="WC CE"/>
    <vehicle id="v1" type="car" route="r1" depart="5" departSpeed="max"/>
    <vehicle id="v2" depart="7"><route edges="WC CS"/><stop lane="CS_0" duration="5"/></vehicle>
    <trip id="t1" type="lorry" depart="9.5" from="WC" to="CS"/>
    <vehicle id="b1" type="bus" route="r1" depart="3"/>
    <vehicle id="w1" depart="3"><route edges="walk"/></vehicle>
    <flow id="f" route="r1" begin="0" end="60" period="10"/>
    <flow id="g" route="r1" begin="100" end="200" number="4"/>
    <flow id="h" from="WC" to="CE" begin="0" end="3600" vehsPerHour="360"/>
    <flow id="p" route="r1" begin="0" end="100" probability="0.1"/>
    <busStop id="bs" lane="CE_0" startPos="1" endPos="20"/>
</routes>
)XML";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

const RoadSpec& road(const ScenarioSpec& s, const std::string& id) {
  auto it = std::find_if(s.network.roads.begin(), s.network.roads.end(), [&](auto& r) { return r.id == id; });
  EXPECT_NE(it, s.network.roads.end()) << id;
  return *it;
}

const NodeSpec& node(const ScenarioSpec& s, const std::string& id) {
  auto it = std::find_if(s.network.nodes.begin(), s.network.nodes.end(), [&](auto& n) { return n.id == id; });
  EXPECT_NE(it, s.network.nodes.end()) << id;
  return *it;
}

bool has_note(const ScenarioSpec& s, const std::string& part) {
  return std::any_of(s.notes.begin(), s.notes.end(),
                     [&](auto& n) { return n.find(part) != std::string::npos; });
}

class SumoImport : public ::testing::Test {
 protected:
  fs::path dir = test::temp_dir("sumo");
  ScenarioSpec load(const std::string& net = kNet, const std::string& routes = kRoutes) {
    test::write_file(dir / "t.net.xml", net);
    test::write_file(dir / "t.rou.xml", routes);
    LoadOptions o;
    o.route_files = {(dir / "t.rou.xml").string()};
    return load_scenario_file((dir / "t.net.xml").string(), o);
  }
  // d.net.xml and d.rou.xml: ten cars and one vehicle whose route is a footpath, so 1 of 11 (9.1 %) cannot
  // be simulated.
  void write_ten_cars_and_a_walker() {
    std::string routes = "<routes>\n  <route id=\"r1\" edges=\"WC CE\"/>\n";
    for (int i = 0; i < 10; ++i)
      routes += fmt::format("  <vehicle id=\"c{}\" route=\"r1\" depart=\"{}\"/>\n", i, i);
    routes += "  <vehicle id=\"w1\" depart=\"3\"><route edges=\"walk\"/></vehicle>\n</routes>\n";
    test::write_file(dir / "d.net.xml", kNet);
    test::write_file(dir / "d.rou.xml", routes);
  }
};

TEST_F(SumoImport, KeepsCarLanesRenumberedFromTheRight) {
  ScenarioSpec s = load();
  ASSERT_EQ(s.network.roads.size(), 3u);  // the footpath is gone
  const RoadSpec& wc = road(s, "WC");
  ASSERT_EQ(wc.lanes.size(), 2u);  // the sidewalk is gone; SUMO lane 1 is now lane 0
  EXPECT_DOUBLE_EQ(wc.lanes[0].speed_mps, 13.89);
  EXPECT_DOUBLE_EQ(wc.lanes[1].speed_mps, 12.0);
  EXPECT_DOUBLE_EQ(wc.lanes[0].shape.front().y, -3.0);
  EXPECT_DOUBLE_EQ(wc.length_m, 95.0);
  EXPECT_EQ(node(s, "W").kind, NodeKind::fringe);
  EXPECT_EQ(node(s, "C").kind, NodeKind::signalised);
  EXPECT_EQ(node(s, "C").shape.size(), 4u);
  // the sidewalk and the footpath
  EXPECT_TRUE(has_note(s, "ignored 2 lanes closed to every simulated vehicle class"));
  EXPECT_TRUE(has_note(s, "ignored 1 edges without a lane for any simulated vehicle class (e.g. walk)"));
}

TEST_F(SumoImport, LinksFollowTheirInternalLanesAndConflictByRequestRows) {
  ScenarioSpec s = load();
  ASSERT_EQ(s.network.connections.size(), 2u);
  const ConnectionSpec& straight = s.network.connections[0];
  const ConnectionSpec& right = s.network.connections[1];
  EXPECT_EQ(straight.from_lane, 0);
  EXPECT_EQ(straight.to_road, "CE");
  EXPECT_EQ(straight.turn, Turn::straight);
  EXPECT_EQ(straight.priority, LinkPriority::major);
  EXPECT_DOUBLE_EQ(straight.via_length_m, 10.0);
  EXPECT_EQ(straight.signal, "C");
  EXPECT_EQ(straight.signal_link, 0);
  EXPECT_EQ(right.from_lane, 1);
  EXPECT_EQ(right.turn, Turn::right);
  EXPECT_EQ(right.priority, LinkPriority::minor);
  EXPECT_EQ(right.signal_link, 1);
  EXPECT_DOUBLE_EQ(right.via_length_m, 9.0);   // :C_1_0 (5 m) then :C_2_0 (4 m)
  EXPECT_DOUBLE_EQ(right.via_speed_mps, 6.5);  // the slower of the two
  ASSERT_EQ(right.via_shape.size(), 3u);       // the shared point appears once
  EXPECT_DOUBLE_EQ(right.via_shape.back().y, -5.0);
  ASSERT_TRUE(straight.foes && right.foes);
  EXPECT_EQ(*straight.foes, std::vector<int>{1});
  EXPECT_EQ(*right.foes, std::vector<int>{0});
}

TEST_F(SumoImport, SignalProgramKeepsItsPhasesAndOffset) {
  ScenarioSpec s = load();
  ASSERT_EQ(s.network.signals.size(), 1u);
  const SignalSpec& sig = s.network.signals[0];
  EXPECT_EQ(sig.id, "C");
  EXPECT_EQ(sig.nodes, std::vector<std::string>{"C"});
  EXPECT_EQ(sig.link_count, 2);
  ASSERT_EQ(sig.phases.size(), 4u);
  EXPECT_EQ(sig.phases[2].state, "rG");
  EXPECT_DOUBLE_EQ(sig.phases[0].duration_s, 31);
  EXPECT_DOUBLE_EQ(sig.offset_s, 7);
  EXPECT_DOUBLE_EQ(sig.yellow_s, 4);
  Scenario sc = compile_scenario(s);  // the builder accepts it
  EXPECT_EQ(sc.network->signals().size(), 1u);
  EXPECT_EQ(sc.network->links().size(), 2u);
}

TEST_F(SumoImport, RoutesTripsAndFlowsBecomeVehicles) {
  ScenarioSpec s = load();
  auto find = [&](const std::string& id) -> const VehicleSpec* {
    for (const auto& v : s.vehicles)
      if (v.id == id) return &v;
    return nullptr;
  };
  ASSERT_NE(find("v1"), nullptr);
  EXPECT_EQ(find("v1")->route, (std::vector<std::string>{"WC", "CE"}));
  EXPECT_EQ(find("v1")->departure.speed, DepartSpeed::max);  // departSpeed="max"
  EXPECT_EQ(find("v2")->type, "DEFAULT_VEHTYPE");
  EXPECT_EQ(find("t1")->from_road, "WC");
  EXPECT_EQ(find("t1")->to_road, "CS");
  ASSERT_NE(find("b1"), nullptr);  // buses run (on lanes open to them)
  EXPECT_EQ(find("w1"), nullptr);  // its route is a footpath
  ASSERT_EQ(find("v2")->stops.size(), 1u);
  EXPECT_EQ(find("v2")->stops[0].road, "CS");
  EXPECT_DOUBLE_EQ(find("v2")->stops[0].duration_s, 5.0);
  for (int i = 0; i < 6; ++i) EXPECT_DOUBLE_EQ(find("f." + std::to_string(i))->depart_s, 10.0 * i);
  EXPECT_EQ(find("f.6"), nullptr);
  EXPECT_DOUBLE_EQ(find("g.3")->depart_s, 175.0);
  EXPECT_EQ(find("g.4"), nullptr);
  EXPECT_NE(find("h.359"), nullptr);
  EXPECT_EQ(find("h.360"), nullptr);
  EXPECT_EQ(s.vehicles.size(), 4u + 6 + 4 + 360);
  ASSERT_EQ(s.flows.size(), 1u);
  EXPECT_DOUBLE_EQ(s.flows[0].profile[0].rate_vph, 360.0);
  EXPECT_TRUE(has_note(
      s, "ignored 1 vehicles of vClass passenger whose route uses an edge without a lane open to them"));
  EXPECT_EQ(s.dropped_vehicles, 1u);  // w1
  EXPECT_TRUE(has_note(s, "vType attributes lcStrategic"));
  auto car =
      std::find_if(s.vehicle_types.begin(), s.vehicle_types.end(), [](auto& t) { return t.id == "car"; });
  EXPECT_DOUBLE_EQ(car->accel_mps2, 2.0);
  EXPECT_DOUBLE_EQ(car->speed_factor, 1.1);
  EXPECT_DOUBLE_EQ(car->speed_dev, 0.2);
  auto lorry =
      std::find_if(s.vehicle_types.begin(), s.vehicle_types.end(), [](auto& t) { return t.id == "lorry"; });
  EXPECT_DOUBLE_EQ(lorry->length_m, 7.1);  // SUMO's truck default
  Scenario sc = compile_scenario(s);
  EXPECT_EQ(sc.vehicles.size(), s.vehicles.size());
}

TEST_F(SumoImport, GzippedNetworkLoadsTheSame) {
  test::write_gz(dir / "z.net.xml.gz", kNet);
  ScenarioSpec s = load_scenario_file((dir / "z.net.xml.gz").string());
  EXPECT_EQ(s.network.roads.size(), 3u);
  EXPECT_EQ(s.network.connections.size(), 2u);
  EXPECT_TRUE(has_note(s, "no route files"));
}

TEST_F(SumoImport, ConfigNamesFilesRelativeToItselfAndTimes) {
  fs::create_directories(dir / "sub");
  test::write_file(dir / "sub" / "n.net.xml", kNet);
  test::write_file(dir / "sub" / "r.rou.xml", kRoutes);
  test::write_file(dir / "a.sumocfg", R"XML(<configuration>
  <input><net-file value="sub/n.net.xml"/><route-files value="sub/r.rou.xml"/></input>
  <time><begin value="0"/><end value="1:00:00"/><step-length value="0.5"/></time>
  <processing><time-to-teleport value="-1"/></processing>
  <seed value="42"/>
</configuration>)XML");
  ScenarioSpec s = load_scenario_file((dir / "a.sumocfg").string());
  EXPECT_EQ(s.name, "a");
  EXPECT_DOUBLE_EQ(s.time.end_s, 3600);
  EXPECT_DOUBLE_EQ(s.time.step_s, 0.5);
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.vehicles.size(), 374u);
  // SUMO's probability is per second whatever the step length (MSInsertionControl scales it by the step).
  EXPECT_DOUBLE_EQ(s.flows[0].profile[0].rate_vph, 360.0);
  EXPECT_EQ(s.flows[0].headways, Headways::bernoulli);
  EXPECT_TRUE(has_note(s, "configuration options (e.g. time-to-teleport)"));
}

TEST_F(SumoImport, LinkIndexMinusOneIsAnUnsignalisedLinkAsInSumo) {
  ScenarioSpec s = load(replace(kNet, "tl=\"C\" linkIndex=\"1\"", "tl=\"C\" linkIndex=\"-1\""));
  auto right = std::find_if(s.network.connections.begin(), s.network.connections.end(),
                            [](auto& c) { return c.from_road == "WC" && c.to_road == "CS"; });
  ASSERT_NE(right, s.network.connections.end());
  EXPECT_TRUE(right->signal.empty());
  auto straight = std::find_if(s.network.connections.begin(), s.network.connections.end(),
                               [](auto& c) { return c.from_road == "WC" && c.to_road == "CE"; });
  ASSERT_NE(straight, s.network.connections.end());
  EXPECT_EQ(straight->signal, "C");
  EXPECT_NO_THROW(compile_scenario(s));
}

TEST_F(SumoImport, BeginFromTheConfigOrTheCommandLineDropsEarlierDepartures) {
  test::write_file(dir / "n.net.xml", kNet);
  test::write_file(dir / "r.rou.xml", kRoutes);
  test::write_file(dir / "b.sumocfg", R"XML(<configuration>
  <input><net-file value="n.net.xml"/><route-files value="r.rou.xml"/></input>
  <time><begin value="100"/><end value="200"/></time>
</configuration>)XML");
  LoadOptions o;
  o.allow_drop = true;  // w1 is 1 of 15 vehicles
  ScenarioSpec s = load_scenario_file((dir / "b.sumocfg").string(), o);
  EXPECT_DOUBLE_EQ(s.time.begin_s, 100);
  EXPECT_DOUBLE_EQ(s.time.end_s, 200);
  for (const auto& v : s.vehicles) EXPECT_GE(v.depart_s, 100) << v.id;
  // g.0..g.3 (100..175 s) and h (360 veh/h: 10 s headways from 100 s to 200 s) depart inside the window
  EXPECT_EQ(s.vehicles.size(), 4u + 10);
  EXPECT_TRUE(has_note(s, "depart outside the simulated time (from 100 s to 200 s)"));
  EXPECT_EQ(s.dropped_vehicles, 1u);  // w1 only: departures outside the window are not drops, as in SUMO
  o.begin_s = 150;
  ScenarioSpec later = load_scenario_file((dir / "b.sumocfg").string(), o);
  EXPECT_DOUBLE_EQ(later.time.begin_s, 150);
  for (const auto& v : later.vehicles) EXPECT_GE(v.depart_s, 150) << v.id;
  EXPECT_LT(later.vehicles.size(), s.vehicles.size());
}

// ---- bad input: one clear message with file, line and reason ----

TEST_F(SumoImport, TlLogicShorterThanItsLinksIsAnError) {
  std::string net = kNet;
  for (auto [a, b] :
       {std::pair{"\"Gg\"", "\"G\""}, {"\"yy\"", "\"y\""}, {"\"rG\"", "\"r\""}, {"\"ry\"", "\"r\""}})
    net = replace(net, a, b);
  Problem p = expect_input_error([&] { load(net); });
  EXPECT_EQ(p.file, (dir / "t.net.xml").string());
  EXPECT_EQ(p.place, "line 26");
  EXPECT_NE(p.reason.find("tlLogic 'C' has states of 1 characters, but a connection uses linkIndex 1"),
            std::string::npos)
      << p.reason;
}

TEST_F(SumoImport, UnknownEdgeInARouteNamesTheRouteFileLine) {
  Problem p = expect_input_error([&] { load(kNet, replace(kRoutes, "edges=\"WC CE\"", "edges=\"WC XX\"")); });
  EXPECT_EQ(p.file, (dir / "t.rou.xml").string());
  EXPECT_EQ(p.place, "line 5");
  EXPECT_NE(p.reason.find("'XX', which is not in the network"), std::string::npos) << p.reason;
}

TEST_F(SumoImport, LaneLinkToAMissingLaneIsAnError) {
  Problem p = expect_input_error([&] {
    load(replace(kNet, "from=\"WC\" to=\"CE\" fromLane=\"1\"", "from=\"WC\" to=\"CE\" fromLane=\"7\""));
  });
  EXPECT_EQ(p.place, "line 40");
  EXPECT_NE(p.reason.find("connection from lane 7 of edge 'WC', which has 3 lanes"), std::string::npos)
      << p.reason;
}

TEST_F(SumoImport, TruncatedNetworkIsAnError) {
  Problem p = expect_input_error([&] { load(kNet.substr(0, kNet.size() / 2)); });
  EXPECT_EQ(p.file, (dir / "t.net.xml").string());
  EXPECT_EQ(p.place.rfind("line ", 0), 0u);
  EXPECT_NE(p.reason.find("XML syntax error"), std::string::npos);
}

TEST_F(SumoImport, MissingReferencedFileIsNamedByTheConfig) {
  test::write_file(dir / "n.net.xml", kNet);
  test::write_file(dir / "b.sumocfg",
                   "<configuration>\n <input>\n  <net-file value=\"n.net.xml\"/>\n"
                   "  <route-files value=\"gone.rou.xml\"/>\n </input>\n</configuration>\n");
  Problem p = expect_input_error([&] { load_scenario_file((dir / "b.sumocfg").string()); });
  EXPECT_EQ(p.file, (dir / "b.sumocfg").string());
  EXPECT_EQ(p.place, "line 4");
  EXPECT_NE(p.reason.find("gone.rou.xml' does not exist"), std::string::npos) << p.reason;
}

TEST_F(SumoImport, UnknownVehicleTypeIsAnError) {
  Problem p = expect_input_error(
      [&] { load(kNet, replace(kRoutes, "type=\"lorry\" depart", "type=\"van\" depart")); });
  EXPECT_EQ(p.place, "line 8");
  EXPECT_NE(p.reason.find("type 'van', which no vType defines"), std::string::npos) << p.reason;
}

TEST_F(SumoImport, ARouteFileAloneNeedsItsNetwork) {
  test::write_file(dir / "only.rou.xml", kRoutes);
  Problem p = expect_input_error([&] { load_scenario_file((dir / "only.rou.xml").string()); });
  EXPECT_NE(p.reason.find("needs its network"), std::string::npos);
}

TEST_F(SumoImport, LaneLengthZeroOrNegativeIsAnErrorWithItsPlace) {
  for (const char* bad : {"0", "-5"}) {
    Problem p = expect_input_error([&] {
      load(replace(kNet, "id=\"CE_0\" index=\"0\" speed=\"13.89\" length=\"95.00\"",
                   std::string("id=\"CE_0\" index=\"0\" speed=\"13.89\" length=\"") + bad + "\""));
    });
    EXPECT_EQ(p.file, (dir / "t.net.xml").string());
    EXPECT_EQ(p.place, "line 18");  // CE_0 in the written file
    EXPECT_NE(p.reason.find(std::string("lane 'CE_0' has length ") + bad), std::string::npos) << p.reason;
  }
}

TEST_F(SumoImport, LeavingOutMoreThanOnePercentOfTheVehiclesIsAnErrorUnlessAllowed) {
  write_ten_cars_and_a_walker();
  LoadOptions o;
  o.route_files = {(dir / "d.rou.xml").string()};
  try {
    load_scenario_file((dir / "d.net.xml").string(), o);
    ADD_FAILURE() << "loaded although 9 % of the vehicles are left out";
  } catch (const InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].file, (dir / "d.net.xml").string());
    EXPECT_NE(e.problems()[0].reason.find("1 of its 11 vehicles (9.1 %)"), std::string::npos)
        << e.problems()[0].reason;
    EXPECT_NE(e.problems()[0].reason.find("--allow-drop"), std::string::npos);
  }
  o.allow_drop = true;
  ScenarioSpec s = load_scenario_file((dir / "d.net.xml").string(), o);
  EXPECT_EQ(s.vehicles.size(), 10u);
  EXPECT_EQ(s.dropped_vehicles, 1u);
  EXPECT_EQ(import_losses(s).vehicles_in_files, 11.0);
  EXPECT_NE(import_summary(s).find("11 vehicles in the files' simulated time, 1 left out (9.1 %)"),
            std::string::npos)
      << import_summary(s);
}

TEST_F(SumoImport, RunRefusesTheLossWithExitTwoAndAllowDropRunsAndSaysIt) {
  write_ten_cars_and_a_walker();
  std::string args = "run " + (dir / "d.net.xml").string() + " --routes " + (dir / "d.rou.xml").string() +
                     " --end 60 --quiet --out ";
  auto r = test::run_ampel(args + (dir / "refused").string());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("1 of its 11 vehicles (9.1 %)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "refused"));
  r = test::run_ampel(args + (dir / "allowed").string() + " --allow-drop");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("import: 11 vehicles in the files' simulated time, 1 left out (9.1 %)"),
            std::string::npos)
      << r.err;
  std::string manifest = test::slurp((dir / "allowed" / "manifest.json").string());
  EXPECT_NE(manifest.find("\"dropped_vehicles\": 1"), std::string::npos);
}

TEST_F(SumoImport, NamedDistributionsOfRoutesAndTypesServeFlowsAndVehicles) {
  ScenarioSpec s = load(kNet, R"XML(<routes>
    <vType id="slow" maxSpeed="10"/>
    <vType id="fast" maxSpeed="20"/>
    <vTypeDistribution id="mix" vTypes="slow fast" probabilities="1 3"/>
    <routeDistribution id="both">
        <route id="east" edges="WC CE" probability="3"/>
        <route id="south" edges="WC CS" probability="1"/>
    </routeDistribution>
    <flow id="f" type="mix" route="both" begin="0" end="100" period="10"/>
    <vehicle id="v" route="both" depart="5"/>
</routes>)XML");
  ASSERT_EQ(s.route_distributions.size(), 1u);  // once, however many vehicles use it
  EXPECT_EQ(s.route_distributions[0].id, "both");
  EXPECT_EQ(s.route_distributions[0].weights, (std::vector<double>{3, 1}));
  ASSERT_EQ(s.type_distributions.size(), 1u);
  for (const VehicleSpec& v : s.vehicles) {
    EXPECT_EQ(v.route_distribution, "both") << v.id;
    EXPECT_EQ(v.type, v.id == "v" ? "DEFAULT_VEHTYPE" : "mix") << v.id;
  }
  EXPECT_EQ(s.vehicles.size(), 11u);
  EXPECT_NO_THROW(compile_scenario(s));
}

TEST(ImportLosses, FlowsCountTheirExpectedVehiclesInsideTheSimulatedTime) {
  ScenarioSpec s;
  s.time.begin_s = 0;
  s.time.end_s = 1800;
  FlowSpec f;
  f.profile = {{0, 3600, 720}};  // 360 inside the half hour
  s.flows.push_back(f);
  f.profile = {{0, 3600, 720}};
  f.max_vehicles = 100;  // capped
  s.flows.push_back(f);
  s.dropped_vehicles = 4;  // 4 of 464: 0.86 %, below the limit
  EXPECT_DOUBLE_EQ(import_losses(s).vehicles_in_files, 464.0);
  EXPECT_NO_THROW(refuse_losses(s, "f.json", false));
  s.dropped_vehicles = 6;  // 6 of 466: 1.3 %
  EXPECT_THROW(refuse_losses(s, "f.json", false), InputError);
  EXPECT_NO_THROW(refuse_losses(s, "f.json", true));
  s.dropped_vehicles = 0;
  s.dropped_signals = 1;  // any signal program not run as defined
  EXPECT_THROW(refuse_losses(s, "f.json", false), InputError);
}

}  // namespace
}  // namespace ampel::io
