#pragma once
// `ampel view`'s options: declared on the command, checked and turned into the viewer's settings.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "apps/ampel/cli.hpp"
#include "sim/scenario.hpp"
#include "viz/viewer.hpp"

namespace ampel::cli {

struct ViewOptions {
  std::string scenario;
  ScenarioOverrides overrides;
  std::string compare;
  std::string speed = "1";
  std::string screenshot;
  std::optional<double> at_s;
  std::string size = "1280x800";
  std::string predictor = "persistence";
  std::string model;  // --model: the predictor's fitted model file
  double horizon_min = 5;
  std::string junction;
  bool overlay = false;
  std::string center;  // "X,Y"
  double zoom = 1;
  std::string clock;   // "HH:MM[:SS]"
  std::string route;   // road ids, comma-separated
  std::string record;  // folder
  std::optional<double> from_s, to_s;
  double fps = 25;
  bool no_street_names = false;
};

void add_view_options(CLI::App& cmd, ViewOptions& o);

// The viewer's settings; throws InputError naming the option that is wrong.
viz::ViewerOptions viewer_options(const ViewOptions& o, const Scenario& scenario);

// The recording's settings (--record with --from, --to, --fps), its folder checked to hold no earlier one.
viz::RecordOptions record_options(const ViewOptions& o, const Scenario& scenario,
                                  const viz::ViewerOptions& vo);

// --at or --from/--to: a time inside the scenario's, else InputError naming `option`.
void check_view_time(const Scenario& scenario, const char* option, double t_s);

// Window and offscreen pictures need an X display; says how to get one instead of letting SFML abort.
void require_display(const char* option);

}  // namespace ampel::cli
