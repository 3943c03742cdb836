// ampel run: one headless simulation, written to an output folder.
#include <fmt/format.h>
#include <filesystem>
#include <iostream>

#include "analysis/runner.hpp"
#include "apps/ampel/cli.hpp"
#include "sim/io/load.hpp"
#include "sim/io/output_folder.hpp"
#include "sim/metrics.hpp"

namespace ampel::cli {

namespace {

struct RunOptions {
  std::string scenario;
  ScenarioOverrides overrides;
  std::string out;
  bool quiet = false;
  bool force = false;
};

void print_summary(const Scenario& sc, const RunResult& r) {
  const Summary& s = r.summary;
  fmt::print("{} | {} | seed {} | {:.0f} s simulated in {:.2f} s ({:.2f} M vehicle-steps/s)\n", sc.name,
             r.controller_name, r.seed, ms_to_seconds(sc.end_ms - sc.begin_ms), r.wall_s,
             r.wall_s > 0 ? static_cast<double>(s.vehicle_steps) / r.wall_s / 1e6 : 0.0);
  fmt::print("  {:<34} {:>10}\n", "vehicles loaded / inserted", fmt::format("{} / {}", s.loaded, s.inserted));
  fmt::print("  {:<34} {:>10}\n", "arrived / running / waiting",
             fmt::format("{} / {} / {}", s.arrived, s.running, s.waiting_to_insert));
  fmt::print("  {:<34} {:>10.1f}\n", "mean travel time, finished (s)", s.finished.travel_time_s);
  fmt::print("  {:<34} {:>10.1f}\n", "mean delay, finished (s)", s.finished.delay_s);
  fmt::print("  {:<34} {:>10.1f}\n", "mean waiting time, finished (s)", s.finished.waiting_time_s);
  fmt::print("  {:<34} {:>10.2f}\n", "mean stops, finished", s.finished.stops);
  fmt::print("  {:<34} {:>10.1f}\n", "mean delay, all vehicles (s)", s.all.delay_s);
  fmt::print("  {:<34} {:>10.0f}\n", "throughput (veh/h)", s.throughput_vph);
  fmt::print("  {:<34} {:>10.1f}\n", "mean network queue (veh)", s.halting_mean);
  if (s.gridlock.vehicles > 0)
    fmt::print("  gridlock: {} vehicles halting longer than {:.0f} s at the end\n", s.gridlock.vehicles,
               ms_to_seconds(sc.gridlock_after_ms));
}

}  // namespace

void add_run_command(CLI::App& app, std::function<void(std::function<int()>)> set_action,
                     const std::string& command_line) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "simulate one scenario headless and write its output folder");
  cmd->add_option("scenario", opts->scenario,
                  "scenario file: ampel JSON, SUMO (.sumocfg, or .net.xml with --routes) or CityFlow "
                  "(config .json, or roadnet.json with --flow)")
      ->required();
  opts->overrides.add_to(*cmd);
  cmd->add_option("--out,-o", opts->out, "output folder (default: runs/<scenario>_<controller>_s<seed>)");
  cmd->add_flag("--quiet,-q", opts->quiet, "print nothing on success");
  cmd->add_flag("--force", opts->force,
                "replace --out even if ampel did not write it (everything in it is deleted)");
  cmd->callback([opts, set_action, command_line] {
    set_action([opts, command_line]() -> int {
      ScenarioSpec spec = io::load_scenario_file(opts->scenario, opts->overrides.load_options());
      opts->overrides.apply(spec);
      print_import_summary(spec);  // also with --quiet: what was left out is never silent
      auto scenario = std::make_shared<const Scenario>(compile_scenario(spec));
      // A name from the file becomes a folder name: made safe, inside runs/.
      std::string out =
          opts->out.empty()
              ? "runs/" + io::safe_name(fmt::format("{}_{}_s{}", io::safe_name(scenario->name, "scenario"),
                                                    scenario->controller.type, scenario->seed),
                                        "run")
              : opts->out;
      io::check_output_folder(out, opts->force, "--out");  // before the run, not after it
      RunRequest req{scenario, scenario->controller, std::nullopt, out, command_line};
      req.force = opts->force;
      RunResult r = run_one(req);
      if (!opts->quiet) {
        print_summary(*scenario, r);
        fmt::print("  output: {}\n", out);
      }
      return kExitOk;
    });
  });
}

}  // namespace ampel::cli
