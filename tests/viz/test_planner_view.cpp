// What a planner relies on in the live view, checked on real pixels under Xvfb: queue bars are the platoon
// at the stop line, no panel covers the network, every map colour is in the legend with one meaning, the
// gridlock banner, and the framing options.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sys/wait.h>
#include <SFML/Graphics/RenderTexture.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "sim/error.hpp"
#include "sim/io/load.hpp"
#include "tests/support/run_ampel.hpp"
#include "tests/support/scenarios.hpp"
#include "tests/support/shared_data.hpp"
#include "tests/viz/viz_support.hpp"
#include "tests/viz/window_support.hpp"
#include "tests/viz/xvfb_display.hpp"
#include "viz/colors.hpp"
#include "viz/painter.hpp"
#include "viz/viewer.hpp"

namespace ampel::viz {
namespace {

using testing::near;

std::shared_ptr<const Scenario> load(const std::string& rel) {
  return std::make_shared<const Scenario>(
      compile_scenario(io::load_scenario_file(std::string(AMPEL_SOURCE_DIR) + "/" + rel)));
}

sf::Image picture(Viewer& v, sf::RenderTexture& t) {
  v.render(t);
  t.display();
  return t.getTexture().copyToImage();
}

class PlannerView : public ::testing::Test {
 protected:
  void SetUp() override { testing::ensure_display(); }
};

TEST_F(PlannerView, QueueBarIsThePlatoonAtTheStopLineNotACarHaltedFarBack) {
  auto sc = ampel::testing::compile(ampel::testing::queue_behind_red());
  ViewerOptions o;
  o.width = 1280;
  o.height = 800;
  Viewer v(sc, o);
  sf::RenderTexture t;
  ASSERT_TRUE(t.create(o.width, o.height));
  // Frame the 300 m approach "a" (W at x = 0 to J1 at x = 300).
  sf::FloatRect map = v.map_rect(0, t.getSize());
  v.camera().fit({-5, -20}, {305, 20}, {map.width, map.height});
  // At 46 s the fifth car stands at the start of "a" (just inserted, speed 0) behind 250 m of empty lane.
  v.driver().advance_to(seconds_to_ms(46));
  const Simulation& sim = v.driver().simulation(0);
  const Network& net = *sc->network;
  LaneId a = net.road(net.find_road("a")).first_lane;
  ASSERT_EQ(sim.state().lane_halting[a], 5u) << "the scene: four cars queued and one halted far back";
  ASSERT_EQ(sim.state().lane_queue_veh[a], 4u);
  const LaneQueue& q = sim.state().lanes[a];
  double platoon_m = net.lane(a).length_m - (q[3].pos_m - q[3].length_m);
  sf::Image img = picture(v, t);
  // Walk the lane 1.25 m right of its centre line (inside the bar, beside the vehicles), one sample per 0.25
  // m.
  const Polyline& line = v.layout().lane_line(a);
  int bar_samples = 0, bar_far_back = 0;
  for (double s = 0.125; s < line.length_m(); s += 0.25) {
    Point side{line.direction_at(s).y, -line.direction_at(s).x};
    sf::Vector2f p = v.to_target(0, line.at(s) + side * 1.25, t.getSize());
    ASSERT_TRUE(map.contains(p));
    bool bar = near(img.getPixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y)), kQueueBar, 2);
    bar_samples += bar;
    bar_far_back += bar && s < line.length_m() - platoon_m - 2.0;
  }
  EXPECT_EQ(bar_far_back, 0) << "no bar behind the platoon, where the late car stands";
  EXPECT_NEAR(bar_samples * 0.25, platoon_m, 1.0) << "the bar is as long as the platoon";
  EXPECT_NEAR(v.driver().frame(0)->queues.at(0).length_m, platoon_m, 1e-3);
}

TEST_F(PlannerView, NoPanelCoversTheNetworkAtCommonScreenSizes) {
  auto sc = load("scenarios/grid4x4/scenario.json");
  for (sf::Vector2u size : {sf::Vector2u{1280, 800}, sf::Vector2u{1920, 1080}})
    for (std::size_t panes : {1u, 2u})
      for (bool docks : {false, true}) {
        SCOPED_TRACE(::testing::Message()
                     << size.x << "x" << size.y << ", panes " << panes << ", docks " << docks);
        ViewerOptions o;
        o.width = size.x;
        o.height = size.y;
        o.panes = {{"fixed_time", {}}};
        if (panes == 2) o.panes.push_back({"max_pressure", {}});
        Viewer v(sc, o);
        if (docks) {
          v.driver().select_node(sc->network->find_node("B1"));
          v.driver().set_route(
              std::make_shared<const RoutePath>(route_from_ids(*sc->network, {"A1B1", "B1C1", "C1D1"})));
        }
        v.fit(size);
        ScreenRects R = v.rects(size);
        ASSERT_EQ(R.panes.size(), panes);
        for (std::size_t i = 0; i < panes; ++i) {
          const PaneRects& p = R.panes[i];
          // The network's drawn extent lies inside the map area...
          for (Point corner : {v.layout().min_corner(), v.layout().max_corner(),
                               Point{v.layout().min_corner().x, v.layout().max_corner().y},
                               Point{v.layout().max_corner().x, v.layout().min_corner().y}}) {
            sf::Vector2f px = v.to_target(i, corner, size);
            EXPECT_GE(px.x, p.map.left - 0.5f);
            EXPECT_LE(px.x, p.map.left + p.map.width + 0.5f);
            EXPECT_GE(px.y, p.map.top - 0.5f);
            EXPECT_LE(px.y, p.map.top + p.map.height + 0.5f);
          }
          // ... and nothing else is drawn there.
          for (const sf::FloatRect& other : {R.sidebar, p.header, p.panel, p.bottom, R.diff})
            if (other.width > 0 && other.height > 0) {
              sf::FloatRect overlap;
              EXPECT_FALSE(p.map.intersects(other, overlap) && overlap.width > 0.5f && overlap.height > 0.5f);
            }
          if (docks) {
            EXPECT_GT(p.panel.width, 200.0f);
            EXPECT_GT(p.bottom.height, 140.0f);
            // A narrow pane gets the panel's compact form.
            EXPECT_EQ(p.compact, p.panel.width < 330.0f);
          }
        }
      }
}

// The legend entry (index) a map colour belongs to; -1: none. Gradients match within 1 per channel.
std::vector<int> entries_of(sf::Color c, const std::vector<Legend>& legends) {
  std::vector<int> out;
  for (std::size_t i = 0; i < legends.size(); ++i) {
    const Legend& l = legends[i];
    bool hit = false;
    if (l.gradient()) {
      for (int k = 0; k <= 2048 && !hit; ++k) hit = near(c, l.scale(k / 2048.0), 1);
    } else {
      for (sf::Color s : l.swatches) hit = hit || near(c, s, 0);
    }
    if (hit) out.push_back(static_cast<int>(i));
  }
  return out;
}

TEST_F(PlannerView, EveryColourOnTheMapIsInTheLegendWithOneMeaning) {
  auto sc = load("scenarios/grid4x4/scenario.json");
  ViewerOptions o;
  o.width = 1280;
  o.height = 800;
  o.overlay = true;
  o.driver.horizon_s = 900;
  Viewer v(sc, o);
  const Network& net = *sc->network;
  v.driver().advance_to(seconds_to_ms(1500));
  // Everything the map can show at once: queues and forecasts at peak, a closed lane, a selected junction,
  // a time-space route.
  v.driver().toggle_lane(net.find_lane("C2B2_1"));
  v.driver().select_node(net.find_node("B1"));
  v.driver().set_route(std::make_shared<const RoutePath>(route_from_ids(net, {"A1B1", "B1C1"})));
  v.driver().step_now(30);
  sf::RenderTexture t;
  ASSERT_TRUE(t.create(o.width, o.height));
  v.fit(t.getSize());
  sf::Image img = picture(v, t);
  auto f = v.driver().frame(0);
  LegendOptions lo;
  lo.full_speed_mps = f->full_speed_mps;
  lo.overlay = true;
  std::vector<Legend> legends = map_legends(lo);

  // No two legend entries share a colour, nor come near one (12 levels in some channel at least).
  for (std::size_t i = 0; i < legends.size(); ++i)
    for (sf::Color c : legends[i].swatches) {
      EXPECT_FALSE(near(c, kBackground, 12)) << legends[i].title;
      for (std::size_t j = 0; j < legends.size(); ++j) {
        if (legends[j].gradient())
          for (int k = 0; k <= 256; ++k)
            EXPECT_FALSE(near(c, legends[j].scale(k / 256.0), 12)) << legends[i].title;
        else
          for (sf::Color d : legends[j].swatches)
            if (!(i == j && c == d)) {
              EXPECT_FALSE(near(c, d, 12)) << legends[i].title << " / " << legends[j].title;
            }
      }
    }

  // Every pixel of the map is the background or exactly one legend entry; each entry seen is drawn in the
  // sidebar's legend too.
  sf::FloatRect map = v.map_rect(0, t.getSize());
  std::set<std::tuple<int, int, int>> seen;
  std::set<int> entries_seen;
  for (unsigned y = static_cast<unsigned>(map.top); y < map.top + map.height; ++y)
    for (unsigned x = static_cast<unsigned>(map.left); x < map.left + map.width; ++x) {
      sf::Color c = img.getPixel(x, y);
      if (!seen.insert({c.r, c.g, c.b}).second) continue;
      if (near(c, kBackground, 0)) continue;
      std::vector<int> e = entries_of(c, legends);
      ASSERT_EQ(e.size(), 1u) << "colour " << int(c.r) << "," << int(c.g) << "," << int(c.b) << " at " << x
                              << "," << y << " has " << e.size() << " legend entries";
      entries_seen.insert(e[0]);
    }
  EXPECT_EQ(entries_seen.size(), legends.size()) << "every legend group shows on this map";
  sf::FloatRect side = v.rects(t.getSize()).sidebar;
  for (const Legend& l : legends)
    for (sf::Color s : l.swatches) {
      bool drawn = false;
      for (unsigned y = 0; y < side.height && !drawn; ++y)
        for (unsigned x = 0; x < side.width && !drawn; ++x) drawn = near(img.getPixel(x, y), s, 0);
      EXPECT_TRUE(drawn) << l.title << ": a swatch is missing from the sidebar";
    }
}

TEST_F(PlannerView, GridlockBannerAppearsWhenTheWatchdogFires) {
  // W -a-> J1 -m-> J2 -e-> E; "e" closes at 60 s, "m" fills and the queue on "a" stands for good.
  ScenarioSpec spec = ampel::testing::chain(600, 150, 300);
  spec.network.nodes[1].kind = NodeKind::priority;
  spec.network.nodes[2].kind = NodeKind::priority;
  FlowSpec f;
  f.id = "f";
  f.route = {"a", "m", "e"};
  f.profile = {{0, 900, 900}};
  spec.flows = {f};
  spec.events = {{60.0, EventKind::close_lane, "e", 0, -1.0, 1.0, ""}};
  spec.time.end_s = 600;
  spec.time.gridlock_after_s = 120;
  auto sc = ampel::testing::compile(spec);
  ViewerOptions o;
  o.width = 1280;
  o.height = 800;
  Viewer v(sc, o);
  sf::RenderTexture t;
  ASSERT_TRUE(t.create(o.width, o.height));
  v.driver().advance_to(seconds_to_ms(100));
  ASSERT_EQ(v.driver().frame(0)->gridlock.vehicles, 0u);
  sf::FloatRect header = v.rects(t.getSize()).panes[0].header;
  sf::Image before = picture(v, t);
  EXPECT_FALSE(near(before.getPixel(static_cast<unsigned>(header.left) + 4,
                                    static_cast<unsigned>(header.top + header.height) - 4),
                    kAlarmBg, 2));
  v.driver().advance_to(seconds_to_ms(500));
  ASSERT_GT(v.driver().frame(0)->gridlock.vehicles, 0u);
  sf::Image after = picture(v, t);
  sf::FloatRect h2 = v.rects(t.getSize()).panes[0].header;
  EXPECT_GT(h2.height, header.height)
      << "the banner takes its own row: the map moves down, nothing is covered";
  int alarm = 0;
  for (unsigned x = static_cast<unsigned>(h2.left); x < h2.left + h2.width; x += 4)
    alarm += near(after.getPixel(x, static_cast<unsigned>(h2.top + h2.height) - 3), kAlarmBg, 2);
  EXPECT_GT(alarm, static_cast<int>(h2.width / 4 * 0.9));
}

TEST_F(PlannerView, CenterZoomAndJunctionFrameThePicture) {
  auto sc = load("scenarios/grid4x4/scenario.json");
  sf::Vector2u size{1280, 800};
  ViewerOptions whole;
  Viewer fit(sc, whole);
  double fit_ppm = fit.camera().pixels_per_m();

  ViewerOptions o;
  o.center = Point{750, 1050};
  o.zoom = 3;
  Viewer v(sc, o);
  sf::FloatRect m = v.map_rect(0, size);
  sf::Vector2f c = v.to_target(0, *o.center, size);
  EXPECT_NEAR(c.x, m.left + m.width / 2, 0.5);
  EXPECT_NEAR(c.y, m.top + m.height / 2, 0.5);
  EXPECT_NEAR(v.camera().pixels_per_m(), 3 * fit_ppm, 1e-9);

  ViewerOptions j;
  j.junction = "B1";
  Viewer vj(sc, j);
  NodeId b1 = sc->network->find_node("B1");
  ASSERT_TRUE(vj.driver().frame(0)->panel);
  EXPECT_EQ(vj.driver().frame(0)->panel->node, b1);
  sf::FloatRect mj = vj.map_rect(0, size);  // with the junction's panel docked beside it
  sf::Vector2f jc = vj.to_target(0, vj.layout().nodes()[b1].center, size);
  EXPECT_NEAR(jc.x, mj.left + mj.width / 2, 0.5);
  EXPECT_NEAR(jc.y, mj.top + mj.height / 2, 0.5);
  // A close-up: its approaches 120 m each way in view, a few pixels per metre.
  EXPECT_GT(vj.camera().pixels_per_m(), 5 * fit_ppm);
  EXPECT_LE(vj.camera().pixels_per_m() * 240, std::min(mj.width, mj.height) + 1);
  sf::RenderTexture t;
  ASSERT_TRUE(t.create(size.x, size.y));
  sf::Image img = picture(vj, t);
  sf::Color at = img.getPixel(static_cast<unsigned>(jc.x), static_cast<unsigned>(jc.y));
  EXPECT_FALSE(near(at, kBackground, 2)) << "the junction itself is drawn at the centre, not covered";
  EXPECT_FALSE(near(at, kPanelBg, 2));
}

// SUMO joins junctions into clusters with long ids; sumo-gui shows the traffic light's: both frame it.
TEST_F(PlannerView, JunctionByItsTrafficLightsId) {
  const std::string net = std::string(AMPEL_SHARED_DATA) + "/sumo/resco_ingolstadt1/ingolstadt1.net.xml";
  AMPEL_SKIP_WITHOUT(net);
  auto sc = std::make_shared<const Scenario>(compile_scenario(io::load_scenario_file(net)));
  const Network& n = *sc->network;
  SignalId light = n.find_signal("gneJ207");
  ASSERT_NE(light, kNone);
  ASSERT_NE(n.node(n.signals()[light].nodes.front()).id, "gneJ207")
      << "the light's id differs from its junction's";
  ViewerOptions by_light, by_node;
  by_light.junction = "gneJ207";
  by_node.junction = n.node(n.signals()[light].nodes.front()).id;
  Viewer a(sc, by_light), b(sc, by_node);
  EXPECT_EQ(a.camera().center().x, b.camera().center().x);
  EXPECT_EQ(a.camera().center().y, b.camera().center().y);
  EXPECT_EQ(a.camera().pixels_per_m(), b.camera().pixels_per_m());
  ViewerOptions wrong;
  wrong.junction = "gneJ20";
  EXPECT_THROW(Viewer(sc, wrong), ampel::InputError);
}

TEST_F(PlannerView, RecordWritesNumberedFrames) {
  auto dir = std::filesystem::temp_directory_path() / ("ampel_record_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto r = ampel::testing::run_ampel("view " + std::string(AMPEL_SOURCE_DIR) +
                                     "/scenarios/single/scenario.json --record " + dir.string() +
                                     " --from 60 --to 62 --fps 4 --size 320x240");
  ASSERT_EQ(r.code, 0) << r.err;
  // 2 s at x1 and 4 frames/s: frames at 60, 60.25 ... 62 s.
  for (int k = 1; k <= 9; ++k) {
    sf::Image img;
    auto file = dir / fmt::format("frame_{:05}.png", k);
    ASSERT_TRUE(img.loadFromFile(file.string())) << file;
    EXPECT_EQ(img.getSize(), sf::Vector2u(320, 240));
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "frame_00010.png"));
  auto video = dir / "ampel.mp4";
  if (ampel::viz::on_path("ffmpeg")) {
    EXPECT_NE(r.out.find("and " + video.string()), std::string::npos) << r.out << r.err;
    ASSERT_TRUE(std::filesystem::exists(video));
    if (ampel::viz::on_path("ffprobe")) {
      // Every frame is in the video, at the requested rate.
      std::string cmd =
          "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
          "stream=nb_read_frames,r_frame_rate,width,height -of csv=p=0 " +
          video.string();
      FILE* p = ::popen(cmd.c_str(), "r");
      ASSERT_NE(p, nullptr);
      char buf[256] = {};
      std::size_t n = fread(buf, 1, sizeof buf - 1, p);
      ::pclose(p);
      EXPECT_EQ(std::string(buf, n), "320,240,4/1,9\n");
    }
  } else {
    EXPECT_NE(r.out.find("no MP4: ffmpeg is not on the PATH"), std::string::npos) << r.out;
    EXPECT_FALSE(std::filesystem::exists(video));
  }
  // A second recording into the same folder would mix its frames with these: refused, nothing touched.
  auto first_frame_time = std::filesystem::last_write_time(dir / "frame_00001.png");
  auto again = ampel::testing::run_ampel("view " + std::string(AMPEL_SOURCE_DIR) +
                                         "/scenarios/single/scenario.json --record " + dir.string() +
                                         " --from 60 --to 61 --fps 4 --size 320x240");
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("already holds a recording"), std::string::npos) << again.err;
  EXPECT_EQ(std::filesystem::last_write_time(dir / "frame_00001.png"), first_frame_time);
  std::filesystem::remove_all(dir);
}

TEST(ViewCommandLine, LearnedPredictorShowsItsForecastFromItsModelFile) {
  testing::ensure_display();  // for the ampel processes it starts
  const std::string single = std::string(AMPEL_SOURCE_DIR) + "/scenarios/single/scenario.json";
  auto dir = std::filesystem::temp_directory_path() / ("ampel_view_model_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto model = dir / "model.json";
  auto fit = ampel::testing::run_ampel("fit " + single + " --seeds 1 --end 600 --quiet -o " + model.string());
  ASSERT_EQ(fit.code, 0) << fit.err;
  auto png = dir / "ridge.png";
  // Framed on the junction at three times the whole network's scale, so the forecast bands are several
  // pixels wide.
  auto r = ampel::testing::run_ampel("view " + single + " --predictor ridge --model " + model.string() +
                                     " --overlay --horizon-min 15 --zoom 3 --screenshot " + png.string() +
                                     " --at 500");
  ASSERT_EQ(r.code, 0) << r.err;
  sf::Image img;
  ASSERT_TRUE(img.loadFromFile(png.string()));
  std::size_t forecast_px = 0;
  for (unsigned y = 0; y < img.getSize().y; ++y)
    for (unsigned x = 0; x < img.getSize().x; ++x) forecast_px += near(img.getPixel(x, y), kForecastQueue, 2);
  // The legend's swatch is 13 x 13 pixels: the map holds the rest.
  EXPECT_GT(forecast_px, 400u) << "the learned model's 15-minute forecast is drawn";

  // Without its model, with a model it does not take, or with a missing file: exit 2 saying what to give.
  auto no_model =
      ampel::testing::run_ampel("view " + single + " --predictor ridge --screenshot /tmp/never.png --at 10");
  EXPECT_EQ(no_model.code, 2);
  EXPECT_NE(no_model.err.find("add --model FILE"), std::string::npos) << no_model.err;
  auto not_taken = ampel::testing::run_ampel("view " + single + " --model " + model.string() +
                                             " --screenshot /tmp/never.png --at 10");
  EXPECT_EQ(not_taken.code, 2);
  EXPECT_NE(not_taken.err.find("--model: only goes with --predictor"), std::string::npos) << not_taken.err;
  auto missing = ampel::testing::run_ampel("view " + single +
                                           " --predictor ridge --model /nonexistent/m.json --screenshot "
                                           "/tmp/never.png --at 10");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("is not a file"), std::string::npos) << missing.err;
  std::filesystem::remove_all(dir);
}

TEST(ViewCommandLine, NoDisplayExitsTwoWithTheXvfbHint) {
  auto err = std::filesystem::temp_directory_path() / ("ampel_nodisplay_" + std::to_string(::getpid()));
  std::string cmd = "env -u DISPLAY " + std::string(AMPEL_BINARY) + " view " + AMPEL_SOURCE_DIR +
                    "/scenarios/single/scenario.json --screenshot /tmp/never.png --at 10 2> " + err.string();
  int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::string text = ampel::testing::slurp(err);
  EXPECT_NE(text.find("xvfb-run"), std::string::npos) << text;
  std::filesystem::remove(err);
}

TEST(ViewCommandLine, SpeedIsOneOfTheOfferedValues) {
  for (const char* bad : {"1000", "fast", "3", "0", "-1", "1x"}) {
    auto r = ampel::testing::run_ampel("view " + std::string(AMPEL_SOURCE_DIR) +
                                       "/scenarios/single/scenario.json --speed " + bad +
                                       " --screenshot /tmp/never.png --at 10");
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.err.find("--speed"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("0.25, 0.5, 1, 2"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace ampel::viz
