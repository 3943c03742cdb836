#include "viz/viewer.hpp"

#include <fmt/format.h>
#include <SFML/Graphics/RectangleShape.hpp>
#include <SFML/Graphics/RenderTexture.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "sim/error.hpp"

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
  hud_ = std::make_unique<Hud>(font_);
  if (!options_.junction.empty()) {
    NodeId node = scenario_->network->find_node(options_.junction);
    if (node == kNone || layout_->nodes()[node].outline.empty())
      throw InputError("", "--junction", fmt::format("no junction '{}' in the network", options_.junction));
    driver_->select_node(node);
  }
  if (options_.overlay) driver_->set_overlay(true);
  fit({options_.width, options_.height});
}

sf::FloatRect Viewer::pane_rect(std::size_t pane, sf::Vector2u size) const {
  float w = static_cast<float>(size.x) / static_cast<float>(driver_->pane_count());
  return {w * static_cast<float>(pane), 0, w, static_cast<float>(size.y)};
}

sf::Vector2f Viewer::to_target(std::size_t pane, Point world, sf::Vector2u size) const {
  sf::FloatRect r = pane_rect(pane, size);
  sf::Vector2f p = camera_.to_pixel(world, {r.width, r.height});
  return {r.left + p.x, r.top + p.y};
}

std::size_t Viewer::pane_at(sf::Vector2i pixel, sf::Vector2u size) const {
  for (std::size_t i = 0; i < driver_->pane_count(); ++i)
    if (pane_rect(i, size).contains(static_cast<float>(pixel.x), static_cast<float>(pixel.y))) return i;
  return 0;
}

void Viewer::fit(sf::Vector2u size) {
  sf::FloatRect r = pane_rect(0, size);
  camera_.fit(layout_->min_corner(), layout_->max_corner(), {r.width, r.height});
}

HudState Viewer::hud_state() const {
  HudState st;
  st.speed = speed_text(driver_->speed_index());
  st.paused = driver_->paused();
  st.overlay = driver_->overlay();
  st.horizon_s = driver_->horizon_s();
  st.fps = fps_;
  if (layout_->generated())
    st.note = "this scenario has no geometry: the layout is generated (schematic, not to scale)";
  st.message = driver_->message();
  if (st.overlay && driver_->predictor_name().empty())
    st.message = "no predictor: the congestion overlay is off";
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
  HudState st = hud_state();
  std::vector<std::shared_ptr<const Frame>> frames;
  for (std::size_t i = 0; i < driver_->pane_count(); ++i) frames.push_back(driver_->frame(i));
  NodeId selected = driver_->selected_node();
  if (!renderer_)
    renderer_ = std::make_unique<MapRenderer>(*layout_);  // needs a GL context: made on first use
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = *frames[i];
    float alpha = 1.0f;
    if (f.interval_s > 0)
      alpha = static_cast<float>(std::chrono::duration<double>(now - f.published).count() / f.interval_s);
    renderer_->draw(target, camera_, pane_rect(i, size), f, alpha, selected);
  }
  target.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(size.x), static_cast<float>(size.y))));
  for (std::size_t i = 0; i < frames.size(); ++i) {
    sf::FloatRect r = pane_rect(i, size);
    if (frames[i]->panel) hud_->draw_panel(target, r, *frames[i]->panel);
    hud_->draw_pane_info(target, r, *frames[i], st);
    if (i > 0) {
      sf::RectangleShape divider({3, r.height});
      divider.setPosition(r.left - 1, 0);
      divider.setFillColor(sf::Color(200, 200, 210));
      target.draw(divider);
    }
  }
  hud_->draw_legends(target, *frames.front(), st);
  hud_->draw_notes(target, st);
  if (help_) hud_->draw_help(target, driver_->strategies());
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
        else
          driver_->select_node(kNone);
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
      sf::FloatRect r = pane_rect(pane_at(m, size), size);
      camera_.zoom_at({static_cast<float>(m.x) - r.left, static_cast<float>(m.y) - r.top},
                      std::pow(1.2f, e.mouseWheelScroll.delta), {r.width, r.height});
      break;
    }
    case sf::Event::MouseButtonPressed: {
      sf::Vector2i m(e.mouseButton.x, e.mouseButton.y);
      sf::FloatRect r = pane_rect(pane_at(m, size), size);
      Point world = camera_.to_world({static_cast<float>(m.x) - r.left, static_cast<float>(m.y) - r.top},
                                     {r.width, r.height});
      double px = 1.0 / camera_.pixels_per_m();
      if (e.mouseButton.button == sf::Mouse::Left) {
        dragging_ = true;
        dragged_ = false;
        drag_last_ = m;
      } else if (e.mouseButton.button == sf::Mouse::Right) {
        LaneId lane = layout_->pick_road_lane(world, 4 * px);
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
        if (!dragged_) {
          sf::Vector2i m(e.mouseButton.x, e.mouseButton.y);
          sf::FloatRect r = pane_rect(pane_at(m, size), size);
          Point world = camera_.to_world({static_cast<float>(m.x) - r.left, static_cast<float>(m.y) - r.top},
                                         {r.width, r.height});
          NodeId node = layout_->pick_node(world, 8.0 / camera_.pixels_per_m());
          driver_->select_node(node == driver_->selected_node() ? kNone : node);
        }
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
  fit(window.getSize());
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

void Viewer::screenshot(TimeMs t_ms, const std::string& png_path) {
  namespace fs = std::filesystem;
  fs::path out(png_path);
  if (out.extension() != ".png")
    throw InputError("", "--screenshot", fmt::format("'{}' is not a .png file", png_path));
  driver_->advance_to(t_ms);
  sf::RenderTexture texture;
  if (!texture.create(options_.width, options_.height))
    throw std::runtime_error("cannot create an offscreen picture (is there an X display? try xvfb-run)");
  fit(texture.getSize());
  render(texture);
  texture.display();
  sf::Image image = texture.getTexture().copyToImage();
  // Write beside the target, then rename: a reader never sees half a picture.
  fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  fs::create_directories(dir);
  std::string partial = out.stem().string();
  partial.insert(0, 1, '.');
  partial.append(".partial.png");
  fs::path tmp = dir / partial;
  if (!image.saveToFile(tmp.string())) throw std::runtime_error("cannot write " + tmp.string());
  fs::rename(tmp, out);
}

}  // namespace ampel::viz
