// Frames per second of the live view with a big, jammed grid (run under Xvfb: xvfb-run -a bench_viz).
//   bench_viz [--vehicles N] [--frames F] [--size WxH]
// Fills a generated grid until N vehicles are in it, then measures side by side, in one run:
//   snapshot  building a frame snapshot from the state (the simulation thread's share of a frame)
//   window    drawing a frame into a real window (RenderWindow) with every vehicle in view
//   texture   the same into an offscreen RenderTexture
//   live      the window while the simulation steps on its own thread at x1 (what a planner sees)
//   layers    the window with every layer on: the forecast overlay (persistence, 15 min), a junction's panel
//             and a time-space diagram along a 16-junction arterial (two minutes recorded)
//   live+layers  the same while the simulation steps at x1
// and prints wall frames/s and CPU milliseconds per frame (the whole process, all threads), so a loaded
// machine shows up as a gap between the two.
#include <fmt/format.h>
#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "models/registry/registry.hpp"
#include "sim/io/generators.hpp"
#include "viz/viewer.hpp"

using namespace ampel;

namespace {

double cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}
double wall_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Figure {
  std::string what;
  int frames = 0;
  double wall = 0, cpu = 0;
};

void print(const Figure& f) {
  fmt::print("{:<12} {:>6} frames  {:>8.1f} frames/s  {:>8.2f} ms wall/frame  {:>8.2f} ms CPU/frame\n",
             f.what, f.frames, f.frames / f.wall, 1000 * f.wall / f.frames, 1000 * f.cpu / f.frames);
}

template <class Body>
Figure measure(const std::string& what, int frames, Body body) {
  double w0 = wall_s(), c0 = cpu_s();
  for (int i = 0; i < frames; ++i) body(i);
  return {what, frames, wall_s() - w0, cpu_s() - c0};
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t target = 20000;
  int frames = 200;
  unsigned width = 1280, height = 800;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--vehicles") target = std::stoul(argv[i + 1]);
    if (a == "--frames") frames = std::stoi(argv[i + 1]);
    if (a == "--size") std::sscanf(argv[i + 1], "%ux%u", &width, &height);
  }

  // A 16 x 16 grid with heavy constant demand jams within half an hour of simulated time.
  io::GridParams gp;
  gp.rows = gp.cols = 16;
  gp.entry_rate_vph = 1400;
  gp.morning_peak = false;
  gp.duration_s = 6 * 3600;
  auto scenario = std::make_shared<const Scenario>(compile_scenario(io::make_grid(gp)));

  viz::ViewerOptions vo;
  vo.panes.push_back({"fixed_time", {}});
  vo.driver.predictor = "persistence";  // for the layers run; the plain runs keep the overlay off
  vo.driver.horizon_s = 900;
  vo.width = width;
  vo.height = height;
  viz::Viewer viewer(scenario, vo);
  double t0 = wall_s();
  while (viewer.driver().frame(0)->vehicles.size() < target && !viewer.driver().frame(0)->finished)
    viewer.driver().step_now(60);
  auto frame = viewer.driver().frame(0);
  fmt::print(
      "grid {}x{}: {} lanes, {} vehicles on the map at t = {:.0f} s (filled in {:.1f} s); {}x{} pixels\n",
      gp.rows, gp.cols, scenario->network->lanes().size(), frame->vehicles.size(),
      ms_to_seconds(frame->now_ms), wall_s() - t0, width, height);

  // Snapshot building alone, on a copy of the driver's state path.
  viz::ViewLayout layout(*scenario->network);
  viz::FrameBuilder builder(layout);
  viz::KpiTracker kpis;
  Simulation sim(scenario, make_controller(scenario->controller, *scenario));
  sim.run_until(frame->now_ms);
  viz::Frame out;
  Figure snap = measure("snapshot", frames, [&](int) { builder.build(sim, kpis, out); });

  sf::RenderWindow window(sf::VideoMode(width, height), "bench_viz");
  window.setVerticalSyncEnabled(false);
  viewer.fit(window.getSize());
  Figure win = measure("window", frames, [&](int) {
    sf::Event e;
    while (window.pollEvent(e)) {
    }
    viewer.render(window);
    window.display();
  });

  sf::RenderTexture texture;
  texture.create(width, height);
  Figure tex = measure("texture", frames, [&](int) {
    viewer.render(texture);
    texture.display();
  });

  auto draw = [&](int) {
    sf::Event e;
    while (window.pollEvent(e)) {
    }
    viewer.render(window);
    window.display();
  };
  viewer.driver().start();
  Figure live = measure("live", frames, draw);
  viewer.driver().stop();

  // Every layer on: the overlay, a junction panel, a time-space diagram (recorded for 2 simulated minutes,
  // so the map holds about as many vehicles as in the plain runs; drawing it costs the same at any length).
  const Network& net = *scenario->network;
  viewer.driver().set_overlay(true);
  viewer.driver().select_node(net.find_node(net.node(static_cast<NodeId>(net.nodes().size() / 2)).id));
  viewer.driver().set_route(std::make_shared<const viz::RoutePath>(
      viz::arterial_through(net, static_cast<RoadId>(net.roads().size() / 2))));
  viewer.driver().step_now(120);
  viewer.fit(window.getSize());
  Figure layers = measure("layers", frames, draw);
  viewer.driver().start();
  Figure live_layers = measure("live+layers", frames, draw);
  viewer.driver().stop();
  fmt::print("vehicles drawn per frame: {}\n", viewer.driver().frame(0)->vehicles.size());
  for (const Figure& f : {snap, win, tex, live, layers, live_layers}) print(f);
  return 0;
}
