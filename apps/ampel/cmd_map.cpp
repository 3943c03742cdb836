// ampel map: one run's per-road results (delay, queue, speed, level of service, predicted congestion) as
// GeoJSON for QGIS or a web map; longitude/latitude where the SUMO network carries a projection.
#include <fmt/format.h>
#include <iostream>

#include "analysis/road_map.hpp"
#include "apps/ampel/cli.hpp"
#include "sim/io/load.hpp"
#include "sim/io/run_output.hpp"

namespace ampel::cli {

namespace {

struct MapOptions {
  std::string scenario;
  ScenarioOverrides overrides;
  std::string out;
  std::string predictor = "persistence";
  double horizon_s = 300.0;
  std::optional<double> at_s;
};

int road_map(const MapOptions& o) {
  ScenarioSpec spec = io::load_scenario_file(o.scenario, o.overrides.load_options());
  print_import_summary(spec);
  o.overrides.apply(spec);
  analysis::RoadMapRequest r;
  r.scenario = std::make_shared<const Scenario>(compile_scenario(spec));
  r.controller = r.scenario->controller;
  r.predictor = o.predictor;
  r.horizon_s = o.horizon_s;
  r.at_s = o.at_s;
  std::string text = analysis::run_road_map(r);
  if (o.out.empty() || o.out == "-") {
    std::cout << text;
    return kExitOk;
  }
  io::write_file_atomically(o.out, text);
  fmt::print("wrote {}\n", o.out);
  return kExitOk;
}

}  // namespace

void add_map_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto o = std::make_shared<MapOptions>();
  CLI::App* cmd =
      app.add_subcommand("map", "run once and write per-road results as GeoJSON (QGIS, web maps)");
  cmd->add_option("scenario", o->scenario, "scenario file (ampel JSON, SUMO or CityFlow)")->required();
  o->overrides.add_to(*cmd);
  cmd->add_option("--out,-o", o->out, "GeoJSON file to write (default: standard output)");
  cmd->add_option("--predictor", o->predictor,
                  "predictor of the congestion forecast, or none (default persistence)");
  cmd->add_option("--horizon", o->horizon_s, "forecast horizon in seconds (default 300)")
      ->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--at", o->at_s, "simulated time of the forecast, s (default: the end)");
  cmd->callback([o, set_action] { set_action([o] { return road_map(*o); }); });
}

}  // namespace ampel::cli
