#include "viz/viewer.hpp"

#include <fmt/format.h>
#include <SFML/Graphics/RectangleShape.hpp>
#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/Sprite.hpp>
#include <SFML/Graphics/Texture.hpp>
#include <SFML/Window/Keyboard.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "sim/error.hpp"
#include "viz/panels.hpp"

namespace ampel::viz {

namespace {
using Clock = std::chrono::steady_clock;

std::string speed_text(int index) {
  double s = kSpeeds[index];
  if (s == 0) return "as fast as it goes";
  return s < 1 ? fmt::format("x{}", s) : fmt::format("x{:.0f}", s);
}

}  // namespace

Viewer::Viewer(std::shared_ptr<const Scenario> scenario, ViewerOptions options)
    : scenario_(std::move(scenario)), options_(std::move(options)) {
  if (options_.panes.empty())
    options_.panes.push_back({scenario_->controller.type, scenario_->controller.params});
  layout_ = std::make_unique<ViewLayout>(*scenario_->network);
  driver_ = std::make_unique<SimDriver>(scenario_, *layout_, options_.panes, options_.driver);
  std::string font = options_.font_path.empty() ? default_font_path() : options_.font_path;
  if (!font_.loadFromFile(font)) throw std::runtime_error("cannot load font " + font);
  hud_ = std::make_unique<Hud>(font_, *scenario_);
  if (options_.street_names) labels_ = std::make_unique<StreetLabels>(*layout_);
  if (!options_.junction.empty()) {
    const Network& net = *scenario_->network;
    NodeId node = net.find_node(options_.junction);
    // A traffic light's id (SUMO's tlLogic, as sumo-gui shows it) names the junction it controls, the first
    // one for a light spanning several.
    if (node == kNone)
      for (const Signal& sig : net.signals())
        if (sig.id == options_.junction && !sig.nodes.empty()) node = sig.nodes.front();
    if (node == kNone || layout_->nodes()[node].outline.empty())
      throw InputError("", "--junction",
                       fmt::format("no junction or traffic light '{}' in the network", options_.junction));
    junction_ = node;
    driver_->select_node(node);
  }
  if (options_.overlay) driver_->set_overlay(true);
  frame_from_options({options_.width, options_.height});
}

ScreenRects Viewer::rects(sf::Vector2u size) const {
  ScreenNeeds n;
  n.panes = driver_->pane_count();
  n.panel = driver_->selection().kind != Selection::Kind::none;
  n.time_space = driver_->has_route();
  for (std::size_t i = 0; i < n.panes; ++i) n.banner = n.banner || driver_->frame(i)->gridlock.vehicles > 0;
  return screen_layout({static_cast<float>(size.x), static_cast<float>(size.y)}, n);
}

sf::FloatRect Viewer::map_rect(std::size_t pane, sf::Vector2u size) const {
  return rects(size).panes[pane].map;
}

sf::FloatRect Viewer::pane_rect(std::size_t pane, sf::Vector2u size) const {
  return rects(size).panes[pane].pane;
}

sf::Vector2f Viewer::to_target(std::size_t pane, Point world, sf::Vector2u size) const {
  sf::FloatRect r = map_rect(pane, size);
  sf::Vector2f p = camera_.to_pixel(world, {r.width, r.height});
  return {r.left + p.x, r.top + p.y};
}

std::size_t Viewer::pane_at(sf::Vector2i pixel, sf::Vector2u size) const {
  ScreenRects R = rects(size);
  for (std::size_t i = 0; i < R.panes.size(); ++i)
    if (R.panes[i].map.contains(static_cast<float>(pixel.x), static_cast<float>(pixel.y))) return i;
  return SIZE_MAX;
}

void Viewer::fit(sf::Vector2u size) {
  sf::FloatRect r = map_rect(0, size);
  camera_.fit(layout_->min_corner(), layout_->max_corner(), {r.width, r.height});
}

void Viewer::frame_junction(NodeId node, sf::Vector2u size) {
  const NodePlace& n = layout_->nodes()[node];
  double half = std::max(120.0, 4.0 * n.radius_m);
  ScreenNeeds needs;
  needs.panes = driver_->pane_count();
  needs.panel = true;
  needs.time_space = driver_->has_route();
  sf::FloatRect r =
      screen_layout({static_cast<float>(size.x), static_cast<float>(size.y)}, needs).panes[0].map;
  camera_.fit(n.center - Point{half, half}, n.center + Point{half, half}, {r.width, r.height});
}

void Viewer::frame_from_options(sf::Vector2u size) {
  if (junction_ != kNone) {
    frame_junction(junction_, size);
  } else {
    fit(size);
  }
  if (options_.center || options_.zoom != 1.0)
    camera_.set(options_.center.value_or(camera_.center()), camera_.pixels_per_m() * options_.zoom);
}

HudState Viewer::hud_state() const {
  HudState st;
  st.speed = speed_text(driver_->speed_index());
  st.paused = driver_->paused();
  st.overlay = driver_->overlay();
  st.horizon_s = driver_->horizon_s();
  st.fps = fps_;
  st.schematic = layout_->generated();
  if (st.schematic)
    st.note = "this scenario has no geometry: the layout is generated (schematic, not to scale)";
  st.message = driver_->message();
  if (st.message.empty()) st.message = note_;
  if (st.overlay && driver_->predictor_name().empty())
    st.message = "no predictor: the forecast overlay is off";
  st.clock_offset_ms = options_.clock_start_ms >= 0 ? options_.clock_start_ms - scenario_->begin_ms : 0;
  st.pixels_per_m = camera_.pixels_per_m();
  return st;
}

void Viewer::render(sf::RenderTarget& target) {
  auto now = Clock::now();
  if (last_frame_.time_since_epoch().count() != 0) {
    double dt = std::chrono::duration<double>(now - last_frame_).count();
    if (dt > 0) fps_ = fps_ == 0 ? 1.0 / dt : 0.9 * fps_ + 0.1 / dt;
  }
  last_frame_ = now;
  target.clear(kBackground);
  sf::Vector2u size = target.getSize();
  ScreenRects R = rects(size);
  HudState st = hud_state();
  std::vector<std::shared_ptr<const Frame>> frames;
  for (std::size_t i = 0; i < driver_->pane_count(); ++i) frames.push_back(driver_->frame(i));
  if (keep_visible_) {
    // A junction just clicked near the edge may now be under its own panel: bring it into view.
    sf::FloatRect m = R.panes[0].map;
    sf::Vector2f p = camera_.to_pixel(*keep_visible_, {m.width, m.height});
    if (p.x < 40 || p.y < 40 || p.x > m.width - 40 || p.y > m.height - 40)
      camera_.set(*keep_visible_, camera_.pixels_per_m());
    keep_visible_.reset();
  }
  if (!renderer_)
    renderer_ = std::make_unique<MapRenderer>(*layout_);  // needs a GL context: made on first use
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = *frames[i];
    float alpha = 1.0f;
    if (forced_alpha_)
      alpha = *forced_alpha_;
    else if (f.interval_s > 0)
      alpha = static_cast<float>(std::chrono::duration<double>(now - f.published).count() / f.interval_s);
    const sf::FloatRect& m = R.panes[i].map;
    renderer_->draw(target, camera_, m, f, alpha);
    if (labels_ && labels_->any()) {
      sf::View v(sf::FloatRect(0, 0, m.width, m.height));
      v.setViewport({m.left / size.x, m.top / size.y, m.width / size.x, m.height / size.y});
      target.setView(v);
      labels_->draw(target, {0, 0, m.width, m.height}, camera_, font_);
    }
  }
  target.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(size.x), static_cast<float>(size.y))));
  // Everything beside the map changes only when a snapshot is published (once per simulated second at x1),
  // the user does something, or the frame rate shown is due: it is drawn into a layer of its own then, and
  // otherwise shown as one quad (a software renderer pays for every one of its hundred draws).
  HudKey key{frames, st.speed, st.paused, st.overlay, st.horizon_s, st.message, st.pixels_per_m, help_, size};
  bool stale = !hud_ok_ || !(key == hud_key_) || now - hud_drawn_ > std::chrono::milliseconds(500);
  if (stale) {
    hud_key_ = key;
    hud_drawn_ = now;
    if (hud_layer_.getSize() != size) hud_ok_ = hud_layer_.create(size.x, size.y);
    sf::RenderTarget& layer = hud_ok_ ? static_cast<sf::RenderTarget&>(hud_layer_) : target;
    if (hud_ok_) {
      hud_layer_.setView(
          sf::View(sf::FloatRect(0, 0, static_cast<float>(size.x), static_cast<float>(size.y))));
      hud_layer_.clear(sf::Color::Transparent);
    }
    draw_hud(layer, R, frames, st);
    if (hud_ok_) hud_layer_.display();
  }
  if (!hud_ok_) return;
  if (help_) {
    target.draw(sf::Sprite(hud_layer_.getTexture()));
    return;
  }
  // Only the panels' own rectangles, which are opaque: no blending, no full-screen quad.
  std::vector<sf::FloatRect> parts{R.sidebar, R.diff};
  for (const PaneRects& p : R.panes) parts.insert(parts.end(), {p.header, p.panel, p.bottom});
  for (const sf::FloatRect& r : parts) {
    if (r.width < 1 || r.height < 1) continue;
    // The pixels whose centres the rectangle covers, as the panels' own drawing filled them.
    int x0 = static_cast<int>(std::lround(r.left)), y0 = static_cast<int>(std::lround(r.top));
    int x1 = static_cast<int>(std::lround(r.left + r.width)),
        y1 = static_cast<int>(std::lround(r.top + r.height));
    sf::IntRect px(x0, y0, x1 - x0, y1 - y0);
    sf::Sprite part(hud_layer_.getTexture(), px);
    part.setPosition(static_cast<float>(px.left), static_cast<float>(px.top));
    target.draw(part, sf::RenderStates(sf::BlendNone));
  }
}

void Viewer::draw_hud(sf::RenderTarget& target, const ScreenRects& R,
                      const std::vector<std::shared_ptr<const Frame>>& frames, const HudState& st) {
  const Network& net = *scenario_->network;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = *frames[i];
    const PaneRects& p = R.panes[i];
    if (p.panel.width > 0) {
      if (f.panel)
        draw_junction_panel(target, font_, p.panel, *f.panel, p.compact);
      else if (f.lane_panel)
        draw_lane_panel(target, font_, p.panel, *f.lane_panel);
      else if (f.vehicle_panel)
        draw_vehicle_panel(target, font_, p.panel, *f.vehicle_panel);
    }
    while (time_space_.size() < frames.size()) time_space_.push_back(std::make_unique<TimeSpaceDrawing>());
    if (p.bottom.height > 0 && f.time_space)
      time_space_[i]->draw(target, font_, p.bottom, f.time_space, f.full_speed_mps, st.clock_offset_ms, net);
    std::string side = frames.size() > 1 ? (i == 0 ? "left" : "right") : "";
    hud_->draw_header(target, p.header, f, side, st);
  }
  hud_->draw_sidebar(target, R.sidebar, *frames.front(), st);
  if (frames.size() > 1) hud_->draw_difference(target, R.diff, *frames[0], *frames[1]);
  if (help_) hud_->draw_help(target, driver_->strategies());
}

void Viewer::click(sf::Vector2i m, sf::Vector2u size, bool shift) {
  std::size_t pane = pane_at(m, size);
  if (pane == SIZE_MAX) return;
  sf::FloatRect r = map_rect(pane, size);
  sf::Vector2f local{static_cast<float>(m.x) - r.left, static_cast<float>(m.y) - r.top};
  Point world = camera_.to_world(local, {r.width, r.height});
  const double px = 1.0 / camera_.pixels_per_m();
  if (shift) {
    LaneId lane = layout_->pick_road_lane(world, 4 * px);
    if (lane == kNone) return;
    auto route = std::make_shared<const RoutePath>(
        arterial_through(*scenario_->network, scenario_->network->lane(lane).road));
    driver_->set_route(route);
    return;
  }
  // A vehicle first (the smallest thing under the pointer), then a junction, then a lane.
  auto f = driver_->frame(pane);
  Point o = layout_->origin();
  double best = std::max(6.0 * px, 2.0);
  const VehicleGlyph* hit = nullptr;
  for (const VehicleGlyph& g : f->vehicles) {
    double d = std::hypot(g.x + o.x - world.x, g.y + o.y - world.y) - g.length_m / 2;
    if (d < best) best = d, hit = &g;
  }
  Selection now = driver_->selection();
  if (hit) {
    Selection s = Selection::vehicle(hit->source, hit->seq);
    driver_->select(now == s ? Selection{} : s);
    return;
  }
  NodeId node = layout_->pick_node(world, 8 * px);
  if (node != kNone) {
    driver_->select(now == Selection::junction(node) ? Selection{} : Selection::junction(node));
    keep_visible_ = layout_->nodes()[node].center;
    return;
  }
  LaneId lane = layout_->pick_road_lane(world, 4 * px);
  if (lane != kNone) {
    driver_->select(now == Selection::road_lane(lane) ? Selection{} : Selection::road_lane(lane));
    return;
  }
  driver_->select({});
}

void Viewer::handle(const sf::Event& e, sf::RenderWindow& window) {
  sf::Vector2u size = window.getSize();
  switch (e.type) {
    case sf::Event::Closed:
      driver_->stop();
      window.close();
      break;
    case sf::Event::Resized:
      // Keep one pixel per unit on screen; the camera keeps its scale and centre.
      if (e.size.width > 0 && e.size.height > 0)
        window.setView(sf::View(
            sf::FloatRect(0, 0, static_cast<float>(e.size.width), static_cast<float>(e.size.height))));
      break;
    case sf::Event::KeyPressed:
      if (e.key.code == sf::Keyboard::Escape) {
        if (help_)
          help_ = false;
        else if (driver_->selection().kind != Selection::Kind::none)
          driver_->select({});
        else
          driver_->set_route(nullptr);
      }
      break;
    case sf::Event::TextEntered: {
      std::uint32_t c = e.text.unicode;
      if (c == ' ') driver_->toggle_pause();
      if (c == '.') driver_->single_step();
      if (c == '+' || c == '=') driver_->set_speed_index(driver_->speed_index() + 1);
      if (c == '-' || c == '_') driver_->set_speed_index(driver_->speed_index() - 1);
      if (c == 'f' || c == 'F') fit(size);
      if (c == 'h' || c == 'H' || c == '?') help_ = !help_;
      if (c == 'p' || c == 'P') driver_->set_overlay(!driver_->overlay());
      if (c == '[') driver_->set_horizon_s(driver_->horizon_s() - 60);
      if (c == ']') driver_->set_horizon_s(driver_->horizon_s() + 60);
      if (c == 's' || c == 'S') {
        sf::Texture t;
        if (t.create(size.x, size.y)) {
          t.update(window);
          std::string name =
              fmt::format("ampel_{}_{}.png", scenario_->name.empty() ? "view" : scenario_->name,
                          ms_to_seconds(driver_->frame(0)->now_ms));
          try {
            save_picture(t.copyToImage(), name);
            note_ = "saved " + std::filesystem::absolute(name).string();
          } catch (const std::exception& ex) {
            note_ = ex.what();
          }
        }
      }
      if (c == 'c' || c == 'C') {
        std::size_t pane = c == 'C' && driver_->pane_count() > 1 ? 1 : 0;
        auto names = driver_->strategies();
        std::string current = driver_->frame(pane)->controller;
        auto it = std::find(names.begin(), names.end(), current);
        std::size_t next =
            it == names.end() ? 0 : (static_cast<std::size_t>(it - names.begin()) + 1) % names.size();
        driver_->set_controller(pane, names[next]);
      }
      break;
    }
    case sf::Event::MouseWheelScrolled: {
      sf::Vector2i m(e.mouseWheelScroll.x, e.mouseWheelScroll.y);
      std::size_t pane = pane_at(m, size);
      if (pane == SIZE_MAX) break;
      sf::FloatRect r = map_rect(pane, size);
      camera_.zoom_at({static_cast<float>(m.x) - r.left, static_cast<float>(m.y) - r.top},
                      std::pow(1.2f, e.mouseWheelScroll.delta), {r.width, r.height});
      break;
    }
    case sf::Event::MouseButtonPressed: {
      sf::Vector2i m(e.mouseButton.x, e.mouseButton.y);
      if (e.mouseButton.button == sf::Mouse::Left) {
        dragging_ = true;
        dragged_ = false;
        shift_click_ = sf::Keyboard::isKeyPressed(sf::Keyboard::LShift) ||
                       sf::Keyboard::isKeyPressed(sf::Keyboard::RShift);
        drag_last_ = m;
      } else if (e.mouseButton.button == sf::Mouse::Right) {
        std::size_t pane = pane_at(m, size);
        if (pane == SIZE_MAX) break;
        sf::FloatRect r = map_rect(pane, size);
        Point world = camera_.to_world({static_cast<float>(m.x) - r.left, static_cast<float>(m.y) - r.top},
                                       {r.width, r.height});
        LaneId lane = layout_->pick_road_lane(world, 4.0 / camera_.pixels_per_m());
        if (lane != kNone) driver_->toggle_lane(lane);
      }
      break;
    }
    case sf::Event::MouseMoved:
      if (dragging_) {
        sf::Vector2i m(e.mouseMove.x, e.mouseMove.y);
        sf::Vector2i d = m - drag_last_;
        if (std::abs(d.x) + std::abs(d.y) > 3 || dragged_) {
          camera_.pan({static_cast<float>(d.x), static_cast<float>(d.y)});
          drag_last_ = m;
          dragged_ = true;
        }
      }
      break;
    case sf::Event::MouseButtonReleased:
      if (e.mouseButton.button == sf::Mouse::Left && dragging_) {
        dragging_ = false;
        if (!dragged_) click({e.mouseButton.x, e.mouseButton.y}, size, shift_click_);
      }
      break;
    default:
      break;
  }
}

void Viewer::run_window() {
  sf::ContextSettings settings;
  settings.antialiasingLevel = 0;
  std::string title = fmt::format("ampel view: {}", scenario_->name);
  sf::RenderWindow window(sf::VideoMode(options_.width, options_.height), title, sf::Style::Default,
                          settings);
  window.setFramerateLimit(60);
  frame_from_options(window.getSize());
  driver_->start();
  while (window.isOpen()) {
    sf::Event e;
    while (window.pollEvent(e)) {
      handle(e, window);
      if (!window.isOpen()) break;
    }
    if (!window.isOpen()) break;
    render(window);
    window.display();
  }
  driver_->stop();
}

void Viewer::save_picture(const sf::Image& image, const std::string& png_path) const {
  namespace fs = std::filesystem;
  fs::path out(png_path);
  // Write beside the target, then rename: a reader never sees half a picture.
  fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  fs::create_directories(dir);
  std::string partial = out.stem().string();
  partial.insert(0, 1, '.');  // (built in place: GCC 12 warns falsely on "." + string)
  partial.append(".partial.png");
  fs::path tmp = dir / partial;
  if (!image.saveToFile(tmp.string())) throw std::runtime_error("cannot write " + tmp.string());
  fs::rename(tmp, out);
}

void Viewer::screenshot(TimeMs t_ms, const std::string& png_path) {
  if (std::filesystem::path(png_path).extension() != ".png")
    throw InputError("", "--screenshot", fmt::format("'{}' is not a .png file", png_path));
  driver_->advance_to(t_ms);
  sf::RenderTexture texture;
  if (!texture.create(options_.width, options_.height))
    throw std::runtime_error("cannot create an offscreen picture (is there an X display? try xvfb-run)");
  frame_from_options(texture.getSize());
  render(texture);
  texture.display();
  save_picture(texture.getTexture().copyToImage(), png_path);
}

Viewer::RecordResult Viewer::record(const RecordOptions& o) {
  namespace fs = std::filesystem;
  sf::RenderTexture texture;
  if (!texture.create(options_.width, options_.height))
    throw std::runtime_error("cannot create an offscreen picture (is there an X display? try xvfb-run)");
  fs::create_directories(o.dir);
  const TimeMs step = scenario_->step_ms;
  const double frame_ms = 1000.0 * o.speed / o.fps;
  driver_->advance_to(o.from_ms - step);  // one step before, so the first frame glides too
  frame_from_options(texture.getSize());
  std::size_t written = 0;
  TimeMs shown = driver_->frame(0)->now_ms;
  for (std::size_t k = 0;; ++k) {
    double t = static_cast<double>(o.from_ms) + frame_ms * static_cast<double>(k);
    if (t > static_cast<double>(o.to_ms) + 1e-6) break;
    TimeMs need = static_cast<TimeMs>(std::ceil(t / static_cast<double>(step))) * step;
    if (need > shown) {
      // Publish the step before `need` as well, so vehicles glide from there.
      if (need - step > shown) driver_->advance_to(need - step);
      driver_->advance_to(need);
      shown = driver_->frame(0)->now_ms;
    }
    forced_alpha_ = static_cast<float>(1.0 - (static_cast<double>(shown) - t) / static_cast<double>(step));
    render(texture);
    texture.display();
    save_picture(texture.getTexture().copyToImage(),
                 (fs::path(o.dir) / fmt::format("frame_{:05}.png", k + 1)).string());
    ++written;
    if (driver_->frame(0)->finished && shown < need) break;
  }
  forced_alpha_.reset();
  RecordResult result{written, {}};
  if (written > 0) result.video = encode_mp4(o.dir, o.fps);
  return result;
}

}  // namespace ampel::viz
