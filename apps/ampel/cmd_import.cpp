// ampel import: convert a SUMO or CityFlow scenario to ampel's own scenario file, checked both ways: the
// import must compile, and the written file must read back into the same network and demand.
#include <fmt/format.h>
#include <chrono>
#include <ctime>
#include <iostream>

#include "apps/ampel/cli.hpp"
#include "sim/error.hpp"
#include "sim/io/json_reader.hpp"
#include "sim/io/load.hpp"
#include "sim/io/run_output.hpp"
#include "sim/io/scenario_json.hpp"

namespace ampel::cli {

namespace {

struct ImportOptions {
  std::string file;
  io::LoadOptions inputs;
  std::string out;
  std::optional<double> end_s;
};

struct Counts {
  std::size_t nodes, roads, lanes, links, signals, flows, vehicles;
  bool operator==(const Counts&) const = default;
  std::string to_string() const {
    return fmt::format("{} nodes, {} roads, {} lanes, {} links, {} signals, {} flows, {} vehicles", nodes,
                       roads, lanes, links, signals, flows, vehicles);
  }
};

Counts counts_of(const Scenario& sc) {
  const Network& n = *sc.network;
  return {n.nodes().size(),   n.roads().size(), n.road_lane_count(), n.links().size(),
          n.signals().size(), sc.flows.size(),  sc.vehicles.size()};
}

int import_scenario(const ImportOptions& o) {
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  io::LoadOptions options = o.inputs;
  options.allow_drop = true;  // the converted file keeps the counts: a run of it refuses or allows them
  ScenarioSpec spec = io::load_scenario_file(o.file, options);
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double load_cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  if (o.end_s) {
    set_end_time(spec.time, *o.end_s, "--end");
  }
  Counts imported = counts_of(compile_scenario(spec));
  std::string text = io::scenario_to_json(spec).dump(1) + "\n";
  // Read the text back as the written file will be read: it must give the same scenario.
  std::string out_name = o.out.empty() || o.out == "-" ? std::string("(output)") : o.out;
  ScenarioSpec back = io::scenario_from_json(io::parse_json_text(text, out_name), out_name);
  Counts reread = counts_of(compile_scenario(back));
  if (!(reread == imported))
    throw InputError(
        o.file, "",
        fmt::format("the converted scenario does not read back the same: imported {}, read back {}",
                    imported.to_string(), reread.to_string()));
  if (o.out.empty() || o.out == "-") {
    std::cout << text;
    return kExitOk;
  }
  io::write_file_atomically(o.out, text);
  fmt::print(stderr, "{}: {} (loaded in {:.3f} s, {:.3f} s CPU)\n", o.file, imported.to_string(), load_s,
             load_cpu_s);
  for (const std::string& note : spec.notes) fmt::print(stderr, "note: {}\n", note);
  fmt::print(stderr, "wrote {}\n", o.out);
  return kExitOk;
}

}  // namespace

void add_import_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto opts = std::make_shared<ImportOptions>();
  CLI::App* cmd =
      app.add_subcommand("import", "convert a SUMO or CityFlow scenario to an ampel scenario file");
  cmd->add_option("file", opts->file, ".sumocfg, .net.xml[.gz], CityFlow config.json or roadnet.json")
      ->required();
  add_input_files_to(*cmd, opts->inputs.route_files, opts->inputs.flow_file);
  cmd->add_option("--end", opts->end_s, "end time in seconds (default: the file's)");
  cmd->add_option("--out,-o", opts->out, "scenario file to write (default: standard output)");
  cmd->callback([opts, set_action] { set_action([opts] { return import_scenario(*opts); }); });
}

}  // namespace ampel::cli
