#include "apps/ampel/view_options.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "models/predict/registry.hpp"
#include "sim/error.hpp"

namespace ampel::cli {

namespace {

// One of the offered multipliers, or "max" for as fast as it goes.
int speed_index(const std::string& s) {
  if (s == "max") return viz::kMaxSpeedIndex;
  std::string offered;
  for (int i = 0; i < viz::kMaxSpeedIndex; ++i) offered += fmt::format("{:g}, ", viz::kSpeeds[i]);
  offered += "max";
  double v = 0;
  std::size_t used = 0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != s.size())
    throw InputError("", "--speed", fmt::format("'{}' is not a speed: use one of {}", s, offered));
  for (int i = 0; i < viz::kMaxSpeedIndex; ++i)
    if (std::fabs(viz::kSpeeds[i] - v) < 1e-9) return i;
  throw InputError("", "--speed", fmt::format("{} is not an offered speed: use one of {}", s, offered));
}

Point parse_center(const std::string& s) {
  double x = 0, y = 0;
  char comma = 0, extra = 0;
  if (std::sscanf(s.c_str(), "%lf%c%lf%c", &x, &comma, &y, &extra) != 3 || comma != ',' ||
      !std::isfinite(x) || !std::isfinite(y))
    throw InputError("", "--center", fmt::format("'{}' is not X,Y (metres, the network's coordinates)", s));
  return {x, y};
}

// "07:30" or "07:30:15" -> milliseconds after midnight.
TimeMs parse_clock(const std::string& s) {
  int h = 0, m = 0, sec = 0;
  char extra = 0;
  int n = std::sscanf(s.c_str(), "%d:%d:%d%c", &h, &m, &sec, &extra);
  if ((n != 2 && n != 3) || h < 0 || h > 47 || m < 0 || m > 59 || sec < 0 || sec > 59)
    throw InputError("", "--clock", fmt::format("'{}' is not a time of day HH:MM or HH:MM:SS", s));
  return ((h * 60 + m) * 60 + sec) * kMsPerSecond;
}

// A learned predictor needs its model file and only such a predictor takes one (an unknown name is left
// to the predictor registry, which lists the known ones).
void check_predictor_model(const std::string& predictor, const std::string& model) {
  const predict::PredictorInfo* info = nullptr;
  for (const auto& c : predict::predictor_catalog())
    if (c.name == predictor) info = &c;
  if (info && info->needs_model && model.empty())
    throw InputError(
        "", "--predictor",
        fmt::format("'{}' needs a fitted model: add --model FILE (written by ampel fit)", predictor));
  if (!model.empty() && !std::filesystem::is_regular_file(model))
    throw InputError("", "--model", fmt::format("'{}' is not a file", model));
  if (!model.empty() && !(info && info->needs_model)) {
    std::string takes;
    for (const auto& c : predict::predictor_catalog())
      if (c.needs_model) takes += (takes.empty() ? "" : " or ") + c.name;
    throw InputError("", "--model", fmt::format("only goes with --predictor {}", takes));
  }
}

std::pair<unsigned, unsigned> parse_size(const std::string& s) {
  unsigned w = 0, h = 0;
  char x = 0;
  if (std::sscanf(s.c_str(), "%u%c%u", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 200 || h < 150 ||
      w > 8192 || h > 8192)
    throw InputError("", "--size", fmt::format("'{}' is not WIDTHxHEIGHT between 200x150 and 8192x8192", s));
  return {w, h};
}

}  // namespace

void require_display(const char* option) {
  const char* d = std::getenv("DISPLAY");
  if (d && *d) return;
  throw InputError("", option,
                   "there is no X display (DISPLAY is not set): run it under a virtual one, e.g. "
                   "xvfb-run -a ampel view ...");
}

void check_view_time(const Scenario& scenario, const char* option, double t_s) {
  if (t_s < ms_to_seconds(scenario.begin_ms) || t_s > ms_to_seconds(scenario.end_ms))
    throw InputError("", option,
                     fmt::format("{} s is outside the scenario's time, {} to {} s", t_s,
                                 ms_to_seconds(scenario.begin_ms), ms_to_seconds(scenario.end_ms)));
}

void add_view_options(CLI::App& cmd, ViewOptions& o) {
  cmd.add_option("scenario", o.scenario, "scenario file (ampel JSON, SUMO or CityFlow)")->required();
  o.overrides.add_to(cmd);
  cmd.add_option("--compare", o.compare, "split screen: two strategies A,B on the same demand and seed");
  cmd.add_option("--speed", o.speed,
                 "simulated seconds per wall second: 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64 or max (default 1)");
  cmd.add_option("--screenshot", o.screenshot, "run to --at without a window and write this PNG");
  cmd.add_option("--at", o.at_s, "simulated time of the screenshot, seconds (no default: required)");
  cmd.add_option(
      "--record", o.record,
      "write numbered PNG frames from --from to --to into this folder (and ampel.mp4 with ffmpeg)");
  cmd.add_option("--from", o.from_s, "start of the recording, simulated seconds (no default: required)");
  cmd.add_option("--to", o.to_s, "end of the recording, simulated seconds (no default: required)");
  cmd.add_option("--fps", o.fps, "recording frames per second of video, 1..60 (default 25)");
  cmd.add_option("--size", o.size, "picture or window size WIDTHxHEIGHT (default 1280x800)");
  cmd.add_option("--center", o.center,
                 "map point X,Y in the middle of the map (metres; default: the network's middle)");
  cmd.add_option("--zoom", o.zoom, "magnification against showing the whole network (default 1)");
  cmd.add_option("--junction", o.junction,
                 "frame this junction and open its panel (junction or traffic light id; default: none)");
  cmd.add_option("--route", o.route,
                 "time-space diagram along these roads, ids A,B,... in driving order (default: none)");
  cmd.add_option(
      "--clock", o.clock,
      "time of day at the scenario's begin, HH:MM (default: the begin, as seconds after midnight)");
  cmd.add_option("--predictor", o.predictor,
                 "predictor for the forecast overlay and panel, or none (default persistence; a predictive "
                 "pane shows its controller's own)");
  cmd.add_option("--model", o.model,
                 "fitted model file (written by ampel fit) for --predictor ridge or historical_average "
                 "(default: none)");
  cmd.add_option("--horizon-min", o.horizon_min, "forecast overlay horizon in minutes, 1..15 (default 5)");
  cmd.add_flag("--overlay", o.overlay, "start with the forecast overlay on (key P; default off)");
  cmd.add_flag("--no-street-names", o.no_street_names, "do not label streets (default: label them)");
}

viz::ViewerOptions viewer_options(const ViewOptions& o, const Scenario& scenario) {
  viz::ViewerOptions vo;
  if (!o.compare.empty()) {
    auto comma = o.compare.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == o.compare.size() ||
        o.compare.find(',', comma + 1) != std::string::npos)
      throw InputError("", "--compare", fmt::format("'{}' is not two strategies as A,B", o.compare));
    for (std::string name : {o.compare.substr(0, comma), o.compare.substr(comma + 1)}) {
      ParamMap params = name == scenario.controller.type ? scenario.controller.params : ParamMap{};
      vo.panes.push_back({name, params});
    }
  } else {
    vo.panes.push_back({scenario.controller.type, scenario.controller.params});
  }
  vo.driver.seed = o.overrides.seed;
  vo.driver.speed_index = speed_index(o.speed);
  vo.driver.predictor = o.predictor == "none" ? "" : o.predictor;
  vo.driver.predictor_model = o.model;
  check_predictor_model(vo.driver.predictor, o.model);
  if (!(o.horizon_min >= 1 && o.horizon_min <= 15))
    throw InputError("", "--horizon-min", fmt::format("{} is not between 1 and 15 minutes", o.horizon_min));
  vo.driver.horizon_s = o.horizon_min * 60.0;
  std::tie(vo.width, vo.height) = parse_size(o.size);
  vo.junction = o.junction;
  vo.overlay = o.overlay;
  if (!o.center.empty()) vo.center = parse_center(o.center);
  if (!(o.zoom >= 0.01 && o.zoom <= 10000))
    throw InputError("", "--zoom", fmt::format("{} is not between 0.01 and 10000", o.zoom));
  vo.zoom = o.zoom;
  if (!o.clock.empty()) vo.clock_start_ms = parse_clock(o.clock);
  vo.driver.route = split_list(o.route);
  if (!o.route.empty() && vo.driver.route.empty()) throw InputError("", "--route", "needs road ids A,B,...");
  vo.street_names = !o.no_street_names;
  return vo;
}

viz::RecordOptions record_options(const ViewOptions& o, const Scenario& scenario,
                                  const viz::ViewerOptions& vo) {
  if (!o.screenshot.empty()) throw InputError("", "--record", "does not go with --screenshot");
  if (!o.from_s || !o.to_s) throw InputError("", "--record", "needs --from T1 and --to T2 (seconds)");
  check_view_time(scenario, "--from", *o.from_s);
  check_view_time(scenario, "--to", *o.to_s);
  if (!(*o.to_s > *o.from_s)) throw InputError("", "--to", "must be after --from");
  if (!(o.fps >= 1 && o.fps <= 60))
    throw InputError("", "--fps", fmt::format("{} is not between 1 and 60", o.fps));
  viz::RecordOptions ro;
  ro.dir = o.record;
  ro.from_ms = seconds_to_ms(*o.from_s);
  ro.to_ms = seconds_to_ms(*o.to_s);
  ro.fps = o.fps;
  ro.speed = viz::kSpeeds[vo.driver.speed_index] > 0 ? viz::kSpeeds[vo.driver.speed_index] : 64.0;
  double frames = (*o.to_s - *o.from_s) * ro.fps / ro.speed;
  if (frames > 100000)
    throw InputError("", "--record",
                     fmt::format("{:.0f} frames is too many (at most 100,000): raise --speed", frames));
  // Frames of an earlier recording would end up in this one's video: never mix, never overwrite.
  std::error_code ec;
  if (std::filesystem::exists(o.record, ec) && !std::filesystem::is_directory(o.record, ec))
    throw InputError("", "--record", fmt::format("'{}' is a file, not a folder", o.record));
  for (const auto& e : std::filesystem::directory_iterator(o.record, ec)) {
    std::string name = e.path().filename().string();
    if (name == "ampel.mp4" || (name.starts_with("frame_") && e.path().extension() == ".png"))
      throw InputError("", "--record",
                       fmt::format("'{}' already holds a recording ({}): choose a new folder or empty it",
                                   o.record, name));
  }
  return ro;
}

}  // namespace ampel::cli
