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

inline std::shared_ptr<const Scenario> compile(const ScenarioSpec& spec) {
  return std::make_shared<const Scenario>(compile_scenario(spec));
}

inline std::string source_path(const std::string& rel) {
  return std::string(AMPEL_SOURCE_DIR) + "/" + rel;
}

}  // namespace ampel::testing
