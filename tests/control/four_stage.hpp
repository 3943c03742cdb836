#pragma once
// The bundled single intersection with a four-stage program: each approach has a stage of its own
// (order: west, north, east, south), so a strategy has more than one stage to choose from.
#include <string>

#include "sim/io/generators.hpp"
#include "sim/spec.hpp"

namespace ampel::testing {

// Rates per approach (veh/h), straight traffic only.
inline ScenarioSpec four_stage_junction(double west_vph, double north_vph, double east_vph,
                                        double south_vph) {
  io::SingleIntersectionParams p;
  p.main_rate_vph = 0.0;
  p.side_rate_vph = 0.0;
  ScenarioSpec sc = io::make_single_intersection(p);
  SignalSpec& sig = sc.network.signals.at(0);
  sig.phases.clear();
  const char* arms[] = {"W", "N", "E", "S"};
  for (const char* in : arms) {
    SignalPhaseSpec ph;
    ph.name = in;
    ph.duration_s = 20.0;
    for (const char* out : arms)
      if (std::string(out) != in)
        ph.green.push_back({std::string(in) + "C", std::string("C") + out, false, {}});
    sig.phases.push_back(ph);
  }
  sc.flows.clear();
  const struct {
    const char *in, *out;
    double rate;
  } demand[] = {{"W", "E", west_vph}, {"N", "S", north_vph}, {"E", "W", east_vph}, {"S", "N", south_vph}};
  for (const auto& d : demand) {
    if (d.rate <= 0) continue;
    FlowSpec f;
    f.id = std::string(d.in) + "_" + d.out;
    f.from_road = std::string(d.in) + "C";
    f.to_road = std::string("C") + d.out;
    f.profile = {{0.0, p.duration_s, d.rate}};
    sc.flows.push_back(f);
  }
  return sc;
}

}  // namespace ampel::testing
