#pragma once
// Shared pieces of the ampel command line: loading scenarios with overrides, reporting errors.
#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/io/load.hpp"
#include "sim/scenario.hpp"
#include "sim/spec.hpp"

namespace ampel::cli {

// Exit codes: 0 success, 1 some runs failed, 2 bad input.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRunsFailed = 1;
inline constexpr int kExitBadInput = 2;

// Options a user can lay over a scenario file.
struct ScenarioOverrides {
  std::optional<std::string> controller;
  std::vector<std::string> params;  // "key=value"
  std::optional<std::uint64_t> seed;
  std::optional<double> begin_s, end_s;
  std::vector<std::string> route_files;  // --routes: SUMO route files for a .net.xml (or added to a .sumocfg)
  std::optional<std::string> flow_file;  // --flow: CityFlow flow.json for a roadnet.json
  bool allow_drop = false;               // --allow-drop: run although the import left vehicles or signals out
  io::LoadOptions load_options() const { return {route_files, flow_file, begin_s, end_s, allow_drop}; }
  void add_to(CLI::App& cmd);
  void apply(ScenarioSpec& spec) const;  // throws InputError for a malformed parameter
};

// --routes and --flow: the files that go with a SUMO network or a CityFlow roadnet.
void add_input_files_to(CLI::App& cmd, std::vector<std::string>& route_files,
                        std::optional<std::string>& flow_file);
// --allow-drop: run although the import leaves out more than 1 % of the vehicles or a signal program.
void add_allow_drop_to(CLI::App& cmd, bool& allow_drop);

// --seed: a whole number from 0 to 2^63 - 1 (no sign, no fraction).
CLI::Validator seed_check();
// One line on stderr saying what the import left out, against what the files hold (the full list goes into
// manifest.json); nothing when it left nothing out.
void print_import_summary(const ScenarioSpec& spec);

// Runs `body`, turning InputError into one clear message per problem and exit code 2.
int guarded(const std::function<int()>& body);

std::string command_line(int argc, char** argv);

// "a,b,,c" -> {"a", "b", "c"}: the items of a comma-separated option, empty ones dropped.
std::vector<std::string> split_list(const std::string& text);

// Subcommands.
// `command_line` is recorded in the run's manifest.json.
void add_run_command(CLI::App& app, std::function<void(std::function<int()>)> set_action,
                     const std::string& command_line);
void add_validate_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);
void add_generate_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);
void add_import_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);
void add_batch_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);
void add_merge_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);
void add_compare_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);
void add_fit_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);
void add_forecast_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);
void add_map_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);

// Only in builds with the SFML viewer (AMPEL_HAVE_VIEWER).
void add_view_command(CLI::App& app, std::function<void(std::function<int()>)> set_action);

}  // namespace ampel::cli
