// ampel view: the live SFML window, a split screen of two strategies, or a headless screenshot.
#include <fmt/format.h>
#include <cmath>
#include <filesystem>

#include "apps/ampel/cli.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/io/load.hpp"
#include "viz/lsan_graphics.hpp"
#include "viz/viewer.hpp"

namespace ampel::cli {

namespace {

struct ViewOptions {
  std::string scenario;
  ScenarioOverrides overrides;
  std::string compare;
  std::string speed = "1";
  std::string screenshot;
  std::optional<double> at_s;
  std::string size = "1280x800";
  std::string predictor = "persistence";
  double horizon_min = 5;
  std::string junction;
  bool overlay = false;
};

// The offered multiplier nearest to the one asked for; "max" for as fast as it goes.
int speed_index(const std::string& s) {
  if (s == "max" || s == "fast") return viz::kMaxSpeedIndex;
  double v = 0;
  try {
    v = std::stod(s);
  } catch (const std::exception&) {
    throw InputError("", "--speed", fmt::format("'{}' is not a number or 'max'", s));
  }
  if (!(v > 0)) throw InputError("", "--speed", fmt::format("speed {} must be above 0", s));
  int best = 0;
  for (int i = 0; i < viz::kMaxSpeedIndex; ++i)
    if (std::fabs(std::log(viz::kSpeeds[i] / v)) < std::fabs(std::log(viz::kSpeeds[best] / v))) best = i;
  return best;
}

std::pair<unsigned, unsigned> parse_size(const std::string& s) {
  unsigned w = 0, h = 0;
  char x = 0;
  if (std::sscanf(s.c_str(), "%u%c%u", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 200 || h < 150 ||
      w > 8192 || h > 8192)
    throw InputError("", "--size", fmt::format("'{}' is not WIDTHxHEIGHT between 200x150 and 8192x8192", s));
  return {w, h};
}

// With the --routes/--flow inputs where the shared overrides offer them (they are being added as this is
// written; the check keeps this file building either way).
template <class Overrides>
ScenarioSpec load_with_inputs(const std::string& path, const Overrides& ov) {
  if constexpr (requires { ov.load_options(); })
    return io::load_scenario_file(path, ov.load_options());
  else
    return io::load_scenario_file(path);
}

int run_view(const ViewOptions& o) {
  ScenarioSpec spec = load_with_inputs(o.scenario, o.overrides);
  o.overrides.apply(spec);
  auto scenario = std::make_shared<const Scenario>(compile_scenario(spec));

  viz::ViewerOptions vo;
  if (!o.compare.empty()) {
    auto comma = o.compare.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == o.compare.size() ||
        o.compare.find(',', comma + 1) != std::string::npos)
      throw InputError("", "--compare", fmt::format("'{}' is not two strategies as A,B", o.compare));
    for (std::string name : {o.compare.substr(0, comma), o.compare.substr(comma + 1)}) {
      ParamMap params = name == scenario->controller.type ? scenario->controller.params : ParamMap{};
      vo.panes.push_back({name, params});
    }
  } else {
    vo.panes.push_back({scenario->controller.type, scenario->controller.params});
  }
  vo.driver.seed = o.overrides.seed;
  vo.driver.speed_index = speed_index(o.speed);
  vo.driver.predictor = o.predictor == "none" ? "" : o.predictor;
  if (!(o.horizon_min >= 1 && o.horizon_min <= 15))
    throw InputError("", "--horizon-min", fmt::format("{} is not between 1 and 15 minutes", o.horizon_min));
  vo.driver.horizon_s = o.horizon_min * 60.0;
  std::tie(vo.width, vo.height) = parse_size(o.size);
  vo.junction = o.junction;
  vo.overlay = o.overlay;

  if (!o.screenshot.empty()) {
    if (!o.at_s) throw InputError("", "--screenshot", "needs --at T (seconds of simulated time)");
    if (std::filesystem::path(o.screenshot).extension() != ".png")
      throw InputError("", "--screenshot", fmt::format("'{}' must end in .png", o.screenshot));
    if (*o.at_s < ms_to_seconds(scenario->begin_ms) || *o.at_s > ms_to_seconds(scenario->end_ms))
      throw InputError("", "--at",
                       fmt::format("{} s is outside the scenario's time, {} to {} s", *o.at_s,
                                   ms_to_seconds(scenario->begin_ms), ms_to_seconds(scenario->end_ms)));
    viz::Viewer viewer(scenario, vo);
    viewer.screenshot(seconds_to_ms(*o.at_s), o.screenshot);
    fmt::print("wrote {} ({}x{}, t = {} s)\n", o.screenshot, vo.width, vo.height, *o.at_s);
    return kExitOk;
  }
  if (o.at_s) throw InputError("", "--at", "only goes with --screenshot");
  viz::Viewer viewer(scenario, vo);
  viewer.run_window();
  return kExitOk;
}

}  // namespace

void add_view_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto o = std::make_shared<ViewOptions>();
  CLI::App* cmd =
      app.add_subcommand("view", "watch a scenario live in a window (SFML), or take a screenshot");
  cmd->add_option("scenario", o->scenario, "scenario file (ampel JSON, SUMO or CityFlow)")->required();
  o->overrides.add_to(*cmd);
  cmd->add_option("--compare", o->compare, "split screen: two strategies A,B on the same demand and seed");
  cmd->add_option("--speed", o->speed, "simulated seconds per wall second: 0.25 .. 64, or max (default 1)");
  cmd->add_option("--screenshot", o->screenshot, "run to --at without a window and write this PNG");
  cmd->add_option("--at", o->at_s, "simulated time of the screenshot, seconds");
  cmd->add_option("--size", o->size, "picture or window size WIDTHxHEIGHT (default 1280x800)");
  cmd->add_option("--predictor", o->predictor,
                  "predictor for the congestion overlay and panel, or none (default persistence)");
  cmd->add_option("--horizon-min", o->horizon_min, "overlay horizon in minutes, 1..15 (default 5)");
  cmd->add_option("--junction", o->junction, "open this junction's panel from the start (node id)");
  cmd->add_flag("--overlay", o->overlay, "start with the predicted congestion overlay on (key P)");
  cmd->callback([o, set_action] { set_action([o] { return run_view(*o); }); });
}

}  // namespace ampel::cli
