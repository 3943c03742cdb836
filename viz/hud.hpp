#pragma once
// Everything drawn in screen pixels beside the map (viz/screen_layout.hpp places it): the sidebar (clock,
// speed, legend of every map colour, scale bar and north arrow, closed lanes, messages), each pane's header
// (strategy and the headline figures, over all vehicles first; the gridlock banner), the difference strip
// of a split screen, and the help overlay.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "viz/colors.hpp"
#include "viz/frame.hpp"
#include "viz/painter.hpp"
#include "viz/screen_layout.hpp"

namespace ampel::viz {

// What the HUD says about the driver and the camera, beyond the frame.
struct HudState {
  std::string speed;  // "x1", "x0.25", "as fast as it goes"
  bool paused = false;
  bool overlay = false;
  double horizon_s = 300;
  double fps = 0;              // frames drawn per second, measured
  std::string note;            // e.g. the generated-layout note
  std::string message;         // last command error, or what a key did ("saved ...")
  TimeMs clock_offset_ms = 0;  // added to simulated time to give the time of day
  double pixels_per_m = 1;     // the camera's scale, for the scale bar
  bool schematic = false;      // the layout is generated: no scale, no north
};

class Hud {
 public:
  Hud(const sf::Font& font, const Scenario& scenario) : font_(&font), scenario_(&scenario) {}

  void draw_sidebar(sf::RenderTarget& target, sf::FloatRect r, const Frame& frame, const HudState& state);
  // `side`: "" for a single pane, "left" / "right" on a split screen.
  void draw_header(sf::RenderTarget& target, sf::FloatRect r, const Frame& frame, const std::string& side,
                   const HudState& state);
  // Right pane minus left pane.
  void draw_difference(sf::RenderTarget& target, sf::FloatRect r, const Frame& left, const Frame& right);
  void draw_help(sf::RenderTarget& target, const std::vector<std::string>& strategies);

 private:
  const sf::Font* font_;
  const Scenario* scenario_;
};

// A round length for a scale bar: the largest 1, 2 or 5 x 10^k metres that fits in `max_px` pixels.
double scale_bar_m(double pixels_per_m, double max_px);

}  // namespace ampel::viz
