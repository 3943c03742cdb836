// Real windows under Xvfb: run frames, take a screenshot, and check pixels where the map puts things.
#include <gtest/gtest.h>

#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Graphics/Texture.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "models/registry/registry.hpp"
#include "tests/viz/viz_support.hpp"
#include "tests/viz/window_support.hpp"
#include "tests/viz/xvfb_display.hpp"
#include "viz/colors.hpp"
#include "viz/lsan_graphics.hpp"
#include "viz/viewer.hpp"

namespace ampel::viz {
namespace {

constexpr unsigned kW = 800, kH = 600;

using testing::grab;
using testing::near;

class WindowTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::ensure_display(); }

  // A viewer of the single intersection, zoomed to 8 px/m on the junction.
  std::unique_ptr<Viewer> make_viewer(std::vector<PaneSetup> panes, unsigned w = kW) {
    ViewerOptions o;
    o.panes = std::move(panes);
    o.width = w;
    o.height = kH;
    auto v = std::make_unique<Viewer>(sc_, o);
    Point c = sc_->network->node(sc_->network->find_node("C")).position;
    sf::FloatRect map = v->map_rect(0, {w, kH});
    v->camera().fit(c - Point{map.width / 16, map.height / 16}, c + Point{map.width / 16, map.height / 16},
                    {map.width, map.height});
    return v;
  }

  std::shared_ptr<const Scenario> sc_ = testing::single_scenario();
};

TEST_F(WindowTest, SignalHeadChangesColourWithItsPhase) {
  sf::RenderWindow window(sf::VideoMode(kW, kH), "ampel test");
  auto v = make_viewer({{"fixed_time", {}}});
  const Network& net = *sc_->network;
  // The head of the straight link from the west approach's right lane.
  std::size_t head = SIZE_MAX;
  for (std::size_t h = 0; h < v->layout().signal_heads().size(); ++h) {
    const Link& l = net.link(v->layout().signal_heads()[h].link);
    if (net.road(l.from_road).id == "WC" && net.road(l.to_road).id == "CE") head = h;
  }
  ASSERT_NE(head, SIZE_MAX);
  sf::Vector2f px = v->to_target(0, v->layout().signal_heads()[head].at, window.getSize());
  sf::Vector2u at(static_cast<unsigned>(std::lround(px.x)), static_cast<unsigned>(std::lround(px.y)));
  ASSERT_LT(at.x, kW);
  ASSERT_LT(at.y, kH);

  std::vector<sf::Color> seen;
  for (int frame = 1; frame <= 60; ++frame) {
    sf::Event e;
    while (window.pollEvent(e)) v->handle(e, window);
    v->driver().step_now(1);
    v->render(window);
    window.display();
    if (frame == 10 || frame == 32 || frame == 50) seen.push_back(grab(window).getPixel(at.x, at.y));
  }
  // Green in the east-west stage, yellow at its end, red while north-south has green.
  EXPECT_TRUE(near(seen[0], signal_color('G')))
      << int(seen[0].r) << "," << int(seen[0].g) << "," << int(seen[0].b);
  EXPECT_TRUE(near(seen[1], signal_color('y')))
      << int(seen[1].r) << "," << int(seen[1].g) << "," << int(seen[1].b);
  EXPECT_TRUE(near(seen[2], signal_color('r')))
      << int(seen[2].r) << "," << int(seen[2].g) << "," << int(seen[2].b);
}

TEST_F(WindowTest, QueueBarGrowsDuringRed) {
  sf::RenderWindow window(sf::VideoMode(kW, kH), "ampel test");
  auto v = make_viewer({{"fixed_time", {}}});
  const Network& net = *sc_->network;
  const ViewLayout& L = v->layout();
  // Count the pixels along the south approach's lanes, next to the
  // vehicles (1.3 m off the lane's centre line, where only the bar is drawn), that are not bare road.
  auto bar_pixels = [&](const sf::Image& img) {
    int n = 0;
    for (std::uint32_t i = 0; i < 2; ++i) {
      LaneId lane = net.road(net.find_road("SC")).first_lane + i;
      const Polyline& line = L.lane_line(lane);
      for (double back = 0.5; back < 40; back += 0.125) {
        double s = line.length_m() - back;
        Point side{line.direction_at(s).y, -line.direction_at(s).x};
        sf::Vector2f p = v->to_target(0, line.at(s) + side * 1.3, window.getSize());
        if (p.x < 0 || p.y < 0 || p.x >= kW || p.y >= kH) continue;
        sf::Color c = img.getPixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y));
        n += near(c, kQueueBar, 2);
      }
    }
    return n;
  };
  std::vector<int> bars;
  double expected = 0;  // samples (one per 1/8 m) the reported queues should cover
  // North-south shows green 35-57 s, then red until 97 s: watch the second red from its start.
  v->driver().advance_to(seconds_to_ms(50));
  for (int frame = 1; frame <= 60; ++frame) {
    v->driver().step_now(1);
    v->render(window);
    window.display();
    if (frame == 8 || frame == 40) bars.push_back(bar_pixels(grab(window)));
    if (frame == 40 && std::getenv("AMPEL_VIZ_TEST_DUMP"))
      grab(window).saveToFile(std::getenv("AMPEL_VIZ_TEST_DUMP"));
    if (frame == 40)
      for (const QueueBar& q : v->driver().frame(0)->queues)
        if (net.lane(q.lane).road == net.find_road("SC"))
          expected += (std::min(q.length_m, 40.0f) - 0.5) / 0.125;
  }
  EXPECT_GT(bars[1], bars[0] + 20) << "queue bar pixels at 58 s: " << bars[0] << ", at 90 s: " << bars[1];
  // The bars are as long as the queues the state reports.
  EXPECT_NEAR(bars[1], expected, 0.1 * expected + 8);
}

TEST_F(WindowTest, SplitScreenShowsTwoPanes) {
  const unsigned w = 1200;
  sf::RenderWindow window(sf::VideoMode(w, kH), "ampel test");
  const std::string other = controller_catalog().back().name;
  auto v = make_viewer({{"fixed_time", {}}, {other, {}}}, w);
  for (int frame = 1; frame <= 60; ++frame) {
    v->driver().step_now(1);
    v->render(window);
    window.display();
  }
  sf::Image img = grab(window);
  // Each half shows the junction at the same place of its own map, under its own header.
  Point c = sc_->network->node(sc_->network->find_node("C")).position;
  ScreenRects R = v->rects(window.getSize());
  ASSERT_EQ(R.panes.size(), 2u);
  EXPECT_FLOAT_EQ(R.panes[0].pane.width, R.panes[1].pane.width);
  EXPECT_FALSE(R.panes[0].map.intersects(R.panes[1].map));
  for (std::size_t pane = 0; pane < 2; ++pane) {
    sf::FloatRect r = R.panes[pane].map;
    sf::Vector2f p = v->to_target(pane, c, window.getSize());
    EXPECT_NEAR(p.x, r.left + r.width / 2, 1.0);
    int road = 0;
    for (unsigned y = static_cast<unsigned>(r.top); y < r.top + r.height; y += 2)
      for (unsigned x = static_cast<unsigned>(r.left); x < r.left + r.width; x += 2)
        road += near(img.getPixel(x, y), kRoadLane, 2);
    EXPECT_GT(road, 1000) << "pane " << pane << " shows roads";
    sf::FloatRect h = R.panes[pane].header;
    EXPECT_TRUE(near(img.getPixel(static_cast<unsigned>(h.left + h.width - 5), 3), kPanelBg, 2))
        << "pane " << pane << " has its header";
  }
  // The difference strip runs under both panes.
  EXPECT_GT(R.diff.height, 0);
  EXPECT_NEAR(R.diff.width, R.panes[0].pane.width * 2, 1.0);
  EXPECT_EQ(v->driver().frame(0)->now_ms, v->driver().frame(1)->now_ms);
  EXPECT_EQ(v->driver().frame(1)->controller, other);
}

TEST_F(WindowTest, ResizingAndClosingNeverCrash) {
  sf::RenderWindow window(sf::VideoMode(kW, kH), "ampel test");
  auto v = make_viewer({{"fixed_time", {}}});
  v->driver().start();  // the simulation on its own thread, as in the real view
  for (int frame = 0; frame < 30; ++frame) {
    if (frame % 10 == 5)
      window.setSize(
          {kW / 2 + 40u * static_cast<unsigned>(frame), kH / 2 + 10u * static_cast<unsigned>(frame)});
    sf::Event e;
    while (window.pollEvent(e)) v->handle(e, window);
    v->render(window);
    window.display();
  }
  sf::Event close;
  close.type = sf::Event::Closed;
  v->handle(close, window);
  EXPECT_FALSE(window.isOpen());
  v->handle(close, window);  // a second close (the window manager and the user at once) is harmless
  EXPECT_FALSE(window.isOpen());
}

TEST_F(WindowTest, CommandLineScreenshotWritesAPng) {
  auto dir = std::filesystem::temp_directory_path() / ("ampel_view_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto png = dir / "single.png";
  std::string cmd = std::string(AMPEL_BINARY) + " view " + AMPEL_SOURCE_DIR +
                    "/scenarios/single/scenario.json --screenshot " + png.string() +
                    " --at 120 --size 640x480 > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  sf::Image img;
  ASSERT_TRUE(img.loadFromFile(png.string()));
  EXPECT_EQ(img.getSize(), sf::Vector2u(640, 480));
  std::string bad = std::string(AMPEL_BINARY) + " view " + AMPEL_SOURCE_DIR +
                    "/scenarios/single/scenario.json --screenshot " + (dir / "x.jpg").string() +
                    " --at 10 2> /dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "x.jpg"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ampel::viz
