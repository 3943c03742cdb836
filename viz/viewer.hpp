#pragma once
// The live view: one window with one pane (or two, split, for a comparison), the simulation driver, the
// camera, and the user's controls. Also renders headless into a texture for screenshots and tests.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Window/Event.hpp>
#include <memory>
#include <string>
#include <vector>

#include "viz/camera.hpp"
#include "viz/hud.hpp"
#include "viz/layout.hpp"
#include "viz/renderer.hpp"
#include "viz/sim_driver.hpp"

namespace ampel::viz {

struct ViewerOptions {
  std::vector<PaneSetup> panes;  // one, or two for --compare
  DriverOptions driver;
  unsigned width = 1280, height = 800;
  std::string font_path;  // empty: DejaVu Sans from fonts-dejavu-core
  std::string junction;   // open the panel of this junction from the start (node id; empty: none)
  bool overlay = false;   // start with the predicted congestion overlay on
};

class Viewer {
 public:
  // Throws InputError for an unknown strategy or predictor, std::runtime_error without a font.
  Viewer(std::shared_ptr<const Scenario> scenario, ViewerOptions options);

  // Opens a window and runs until the user closes it; the simulation runs on its own thread meanwhile.
  void run_window();
  // Runs to `t_ms` without a window and writes the picture to `png_path` (written whole or not at all).
  void screenshot(TimeMs t_ms, const std::string& png_path);

  // One picture of the latest snapshots into `target`.
  void render(sf::RenderTarget& target);
  // One user event (the window is needed to close it on request).
  void handle(const sf::Event& event, sf::RenderWindow& window);
  // Shows the whole network in a target of this size.
  void fit(sf::Vector2u target_size);

  SimDriver& driver() { return *driver_; }
  const ViewLayout& layout() const { return *layout_; }
  Camera& camera() { return camera_; }
  bool help_visible() const { return help_; }
  // The part of a target (pixels) pane i occupies; and where a map point appears in the target.
  sf::FloatRect pane_rect(std::size_t pane, sf::Vector2u target_size) const;
  sf::Vector2f to_target(std::size_t pane, Point world, sf::Vector2u target_size) const;

 private:
  std::size_t pane_at(sf::Vector2i pixel, sf::Vector2u target_size) const;
  HudState hud_state() const;

  std::shared_ptr<const Scenario> scenario_;
  ViewerOptions options_;
  std::unique_ptr<ViewLayout> layout_;
  std::unique_ptr<SimDriver> driver_;
  std::unique_ptr<MapRenderer> renderer_;
  sf::Font font_;
  std::unique_ptr<Hud> hud_;
  Camera camera_;
  bool help_ = false;
  bool dragging_ = false, dragged_ = false;
  sf::Vector2i drag_last_;
  double fps_ = 0;
  std::chrono::steady_clock::time_point last_frame_{};
};

}  // namespace ampel::viz
