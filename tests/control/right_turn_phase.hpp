#pragma once
// The bundled single intersection with a CityFlow-style program: a short phase that releases only the right
// turns, which also run in every other phase, then east-west through, then north-south through. `yellow_s`
// and `all_red_s` are the signal's default clearance: 0 and 0 is a program written without intergreens
// (CityFlow).
#include <string>

#include "sim/io/generators.hpp"
#include "sim/spec.hpp"

namespace ampel::testing {

inline ScenarioSpec right_turn_phase_junction(double through_vph, double right_vph, double yellow_s,
                                              double all_red_s) {
  io::SingleIntersectionParams p;
  p.main_rate_vph = 0.0;
  p.side_rate_vph = 0.0;
  ScenarioSpec sc = io::make_single_intersection(p);
  SignalSpec& sig = sc.network.signals.at(0);
  sig.yellow_s = yellow_s;
  sig.all_red_s = all_red_s;
  sig.phases.clear();
  // Right turns: from W to S, E to N, N to W, S to E; through: W-E, E-W, N-S, S-N.
  const char* rights[][2] = {{"W", "S"}, {"E", "N"}, {"N", "W"}, {"S", "E"}};
  auto phase = [&](const char* name, double duration_s,
                   std::vector<std::pair<std::string, std::string>> extra) {
    SignalPhaseSpec ph;
    ph.name = name;
    ph.duration_s = duration_s;
    for (const auto& r : rights)
      ph.green.push_back({std::string(r[0]) + "C", std::string("C") + r[1], false, {}});
    for (const auto& [a, b] : extra) ph.green.push_back({a + "C", "C" + b, false, {}});
    sig.phases.push_back(ph);
  };
  phase("rights", 5.0, {});
  phase("east-west", 30.0, {{"W", "E"}, {"E", "W"}});
  phase("north-south", 30.0, {{"N", "S"}, {"S", "N"}});
  sc.flows.clear();
  auto flow = [&](const std::string& a, const std::string& b, double rate) {
    FlowSpec f;
    f.id = a + "_" + b;
    f.from_road = a + "C";
    f.to_road = "C" + b;
    f.profile = {{0.0, p.duration_s, rate}};
    sc.flows.push_back(f);
  };
  for (const char* a : {"W", "E", "N", "S"}) {
    std::string opposite = std::string(a) == "W"   ? "E"
                           : std::string(a) == "E" ? "W"
                           : std::string(a) == "N" ? "S"
                                                   : "N";
    flow(a, opposite, through_vph);
  }
  for (const auto& r : rights) flow(r[0], r[1], right_vph);
  return sc;
}

}  // namespace ampel::testing
