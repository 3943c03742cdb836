// ampel view: the live SFML window, a split screen of two strategies, a headless screenshot or a recording.
#include <fmt/format.h>

#include <filesystem>

#include "apps/ampel/cli.hpp"
#include "apps/ampel/view_options.hpp"
#include "sim/error.hpp"
#include "sim/io/load.hpp"
#include "viz/lsan_graphics.hpp"
#include "viz/viewer.hpp"

namespace ampel::cli {

namespace {

std::string video_note(const viz::VideoResult& video) {
  switch (video.status) {
    case viz::VideoResult::Status::made:
      return " and " + video.path;
    case viz::VideoResult::Status::no_ffmpeg:
      return " (no MP4: ffmpeg is not on the PATH)";
    case viz::VideoResult::Status::failed:
      return " (no MP4: " + video.detail + ")";
  }
  return {};
}

int run_view(const ViewOptions& o) {
  ScenarioSpec spec = io::load_scenario_file(o.scenario, o.overrides.load_options());
  print_import_summary(spec);
  o.overrides.apply(spec);
  auto scenario = std::make_shared<const Scenario>(compile_scenario(spec));
  viz::ViewerOptions vo = viewer_options(o, *scenario);

  if (!o.record.empty()) {
    viz::RecordOptions ro = record_options(o, *scenario, vo);
    require_display("--record");
    viz::Viewer viewer(scenario, vo);
    auto rec = viewer.record(ro);
    fmt::print("wrote {} frames to {} ({}x{}, {} to {} s, {} frames/s, x{}){}\n", rec.frames, o.record,
               vo.width, vo.height, *o.from_s, *o.to_s, ro.fps, ro.speed, video_note(rec.video));
    return kExitOk;
  }
  if (o.from_s || o.to_s) throw InputError("", o.from_s ? "--from" : "--to", "only goes with --record");

  if (!o.screenshot.empty()) {
    if (!o.at_s) throw InputError("", "--screenshot", "needs --at T (seconds of simulated time)");
    if (std::filesystem::path(o.screenshot).extension() != ".png")
      throw InputError("", "--screenshot", fmt::format("'{}' must end in .png", o.screenshot));
    check_view_time(*scenario, "--at", *o.at_s);
    require_display("--screenshot");
    viz::Viewer viewer(scenario, vo);
    viewer.screenshot(seconds_to_ms(*o.at_s), o.screenshot);
    fmt::print("wrote {} ({}x{}, t = {} s)\n", o.screenshot, vo.width, vo.height, *o.at_s);
    return kExitOk;
  }
  if (o.at_s) throw InputError("", "--at", "only goes with --screenshot");
  require_display("the live view");
  viz::Viewer viewer(scenario, vo);
  viewer.run_window();
  return kExitOk;
}

}  // namespace

void add_view_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto o = std::make_shared<ViewOptions>();
  CLI::App* cmd =
      app.add_subcommand("view", "watch a scenario live in a window (SFML), or take a screenshot");
  add_view_options(*cmd, *o);
  cmd->callback([o, set_action] { set_action([o] { return run_view(*o); }); });
}

}  // namespace ampel::cli
