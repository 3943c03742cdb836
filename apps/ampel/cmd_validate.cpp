// ampel validate: check a scenario file and explain every problem.
#include <fmt/format.h>

#include "apps/ampel/cli.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/io/load.hpp"

namespace ampel::cli {

void add_validate_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto file = std::make_shared<std::string>();
  auto inputs = std::make_shared<io::LoadOptions>();
  CLI::App* cmd =
      app.add_subcommand("validate", "check a scenario file and list every problem with its place");
  cmd->add_option("file", *file, "scenario file")->required();
  add_input_files_to(*cmd, inputs->route_files, inputs->flow_file);
  cmd->callback([file, inputs, set_action] {
    set_action([file, inputs]() -> int {
      io::LoadOptions options = *inputs;
      options.allow_drop = true;  // validate reports what is left out; it never refuses for it
      ScenarioSpec spec = io::load_scenario_file(*file, options);
      Scenario sc = compile_scenario(spec);
      make_controller(sc.controller, sc);
      const Network& net = *sc.network;
      std::size_t vehicles = sc.vehicles.size();
      fmt::print(
          "{}: valid. {} nodes, {} roads, {} lanes, {} links, {} signals; {} flows, {} vehicles, {} routes; "
          "{:.0f} s to {:.0f} s in steps of {:.3g} s; controller {}\n",
          *file, net.nodes().size(), net.roads().size(), net.road_lane_count(), net.links().size(),
          net.signals().size(), sc.flows.size(), vehicles, sc.routes.size(), ms_to_seconds(sc.begin_ms),
          ms_to_seconds(sc.end_ms), ms_to_seconds(sc.step_ms), sc.controller.type);
      for (const std::string& note : spec.notes) fmt::print("note: {}\n", note);
      return kExitOk;
    });
  });
}

}  // namespace ampel::cli
