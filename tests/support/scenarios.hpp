#pragma once
// Small scenarios built in code for tests: each is a ScenarioSpec a test can adjust before compiling.
#include <memory>
#include <string>

#include "sim/scenario.hpp"
#include "sim/spec.hpp"

namespace ampel::testing {

// A deterministic driver: no dawdling, no speed variation.
inline VehicleTypeSpec ideal_car() {
  VehicleTypeSpec t;
  t.sigma = 0.0;
  t.speed_dev = 0.0;
  return t;
}

// One straight road from fringe node A to fringe node B.
inline ScenarioSpec straight_road(double length_m, double speed_mps, int lanes = 1) {
  ScenarioSpec sc;
  sc.name = "straight";
  sc.network.nodes = {{"A", {0, 0}, NodeKind::fringe, {}, {}},
                      {"B", {length_m, 0}, NodeKind::fringe, {}, {}}};
  RoadSpec r;
  r.id = "AB";
  r.from_node = "A";
  r.to_node = "B";
  r.lane_count = lanes;
  r.speed_mps = speed_mps;
  sc.network.roads = {r};
  sc.vehicle_types = {ideal_car()};
  return sc;
}

// A chain of roads W -> J1 -> J2 -> E through two signalised junctions, one lane each; J1 and J2 stay green
// for the chain (a single-stage program), so only the road lengths and the demand matter.
inline ScenarioSpec chain(double approach_m, double middle_m, double exit_m) {
  ScenarioSpec sc;
  sc.name = "chain";
  double x = 0;
  sc.network.nodes.push_back({"W", {x, 0}, NodeKind::fringe, {}, {}});
  sc.network.nodes.push_back({"J1", {x += approach_m, 0}, NodeKind::signalised, {}, {}});
  sc.network.nodes.push_back({"J2", {x += middle_m, 0}, NodeKind::signalised, {}, {}});
  sc.network.nodes.push_back({"E", {x += exit_m, 0}, NodeKind::fringe, {}, {}});
  auto road = [](const char* id, const char* a, const char* b) {
    RoadSpec r;
    r.id = id;
    r.from_node = a;
    r.to_node = b;
    return r;
  };
  sc.network.roads = {road("a", "W", "J1"), road("m", "J1", "J2"), road("e", "J2", "E")};
  return sc;
}

// A queue at a red light and a car halted far behind it: J1 of a chain with a 300 m approach "a" gives its
// first 60 s of green to an empty side road "n" (so "a" has red until 65 s); four cars leave W at 0-3 s and
// queue at J1, a fifth enters at W at 45 s at speed 0 (as vehicles depart by default), so at 45-46 s it
// stands 300 m back from the stop line, well behind the queue.
inline ScenarioSpec queue_behind_red() {
  ScenarioSpec sc = chain(300, 150, 150);
  sc.network.nodes.push_back({"N", {300, 150}, NodeKind::fringe, {}, {}});
  RoadSpec side;
  side.id = "n";
  side.from_node = "N";
  side.to_node = "J1";
  sc.network.roads.push_back(side);
  SignalSpec sig;
  sig.id = "J1";
  sig.nodes = {"J1"};
  SignalPhaseSpec side_green, main_green;
  side_green.duration_s = 60;
  side_green.green = {{"n", "m", false, ""}};
  main_green.duration_s = 30;
  main_green.green = {{"a", "m", false, ""}};
  sig.phases = {side_green, main_green};
  sc.network.signals = {sig};
  sc.vehicle_types = {ideal_car()};
  for (int i = 0; i < 5; ++i) {
    VehicleSpec v;
    v.id = "v" + std::to_string(i);
    v.depart_s = i < 4 ? i : 45;
    v.route = {"a", "m", "e"};
    sc.vehicles.push_back(v);
  }
  sc.controller.type = "fixed_time";
  sc.time.end_s = 120;
  return sc;
}

inline std::shared_ptr<const Scenario> compile(const ScenarioSpec& spec) {
  return std::make_shared<const Scenario>(compile_scenario(spec));
}

inline std::string source_path(const std::string& rel) {
  return std::string(AMPEL_SOURCE_DIR) + "/" + rel;
}

}  // namespace ampel::testing
