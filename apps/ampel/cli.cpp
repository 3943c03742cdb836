#include "apps/ampel/cli.hpp"

#include <sstream>

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <iostream>

#include "sim/error.hpp"
#include "sim/io/import_losses.hpp"
#include "sim/io/json_reader.hpp"
#include "sim/io/output_folder.hpp"
#include "sim/limits.hpp"

namespace ampel::cli {

void add_input_files_to(CLI::App& cmd, std::vector<std::string>& route_files,
                        std::optional<std::string>& flow_file) {
  cmd.add_option("--routes", route_files,
                 "SUMO route files (comma-separated) for a .net.xml, or extra ones for a .sumocfg")
      ->delimiter(',');
  cmd.add_option("--flow", flow_file, "CityFlow flow.json for a roadnet.json (or instead of a config's)");
}

void add_allow_drop_to(CLI::App& cmd, bool& allow_drop) {
  cmd.add_flag("--allow-drop", allow_drop,
               "run although the import leaves out more than 1 % of the vehicles or a signal program "
               "(default: refuse, exit 2)");
}

void ScenarioOverrides::add_to(CLI::App& cmd) {
  cmd.add_option("--controller,-c", controller, "signal strategy (default: the scenario's own)");
  cmd.add_option("--param,-p", params, "controller parameter as key=value (repeatable)");
  cmd.add_option("--seed,-s", seed, "random seed, 0 to 2^63-1 (default: the scenario's)")
      ->check(seed_check());
  cmd.add_option("--begin", begin_s,
                 "begin time in seconds (default: the scenario's; SUMO: vehicles departing before it are "
                 "not loaded, as in SUMO)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--end", end_s, "end time in seconds, a whole number of steps (default: the scenario's)");
  add_input_files_to(cmd, route_files, flow_file);
  add_allow_drop_to(cmd, allow_drop);
}

void ScenarioOverrides::apply(ScenarioSpec& spec) const {
  if (controller) {
    spec.controller.type = *controller;
    spec.controller.params.clear();
    spec.controller.where = "--controller";
  }
  for (const std::string& kv : params) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("", "--param", fmt::format("'{}' is not key=value", kv));
    std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
    double d = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
    if (ec == std::errc() && ptr == value.data() + value.size())
      spec.controller.params[key] = d;
    else
      spec.controller.params[key] = value;
    spec.controller.where = "--param";
  }
  if (seed) spec.seed = *seed;
  if (begin_s) spec.time.begin_s = *begin_s;  // a SUMO loader has applied it already (same value)
  if (end_s) {
    set_end_time(spec.time, *end_s, "--end");
  }
}

void print_import_summary(const ScenarioSpec& spec) {
  std::string line = io::import_summary(spec);
  if (!line.empty()) fmt::print(stderr, "{}\n", line);
}

CLI::Validator seed_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || p != text.data() + text.size() || v > io::kMaxSeed)
          return fmt::format("'{}' is not a seed: a whole number from 0 to {}", text, io::kMaxSeed);
        return {};
      },
      "SEED");
}

int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const InputError& e) {
    for (const Problem& p : e.problems()) std::cerr << "error: " << p.to_string() << "\n";
    return kExitBadInput;
  } catch (const io::Interrupted& e) {
    std::cerr << "stopped: " << e.what() << "; no partial output was left\n";
    return 128 + e.signal();
  } catch (const std::bad_alloc&) {
    std::cerr
        << "error: out of memory: the scenario is too large for this machine's memory (see the limits in "
           "scenarios/README.md)\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string command_line(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i) out += ' ';
    out += argv[i];
  }
  return out;
}

}  // namespace ampel::cli
