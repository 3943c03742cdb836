#pragma once
// Everything drawn in screen pixels on top of the map: the heads-up display (clock, speed, strategy,
// live figures), the legends, the help overlay, notes, and the junction panel with its charts.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <string>
#include <vector>

#include "viz/colors.hpp"
#include "viz/frame.hpp"

namespace ampel::viz {

// What the HUD says about the driver, beyond the frame.
struct HudState {
  std::string speed;  // "x1", "x0.25", "max"
  bool paused = false;
  bool overlay = false;
  double horizon_s = 300;
  double fps = 0;       // frames drawn per second, measured
  std::string note;     // e.g. the generated-layout note
  std::string message;  // last command error
};

// Finds the DejaVu Sans font Debian installs (fonts-dejavu-core); throws std::runtime_error if absent.
std::string default_font_path();
// "01:02:03" for a time in milliseconds.
std::string clock_text(TimeMs t_ms);

class Hud {
 public:
  explicit Hud(const sf::Font& font) : font_(&font) {}

  // The figures box of one pane, at its top-left corner.
  void draw_pane_info(sf::RenderTarget& target, sf::FloatRect pane, const Frame& frame,
                      const HudState& state);
  // Legends for every colour scale on the map, bottom-left of the window.
  void draw_legends(sf::RenderTarget& target, const Frame& frame, const HudState& state);
  // Notes and messages at the top centre, the help hint bottom-right.
  void draw_notes(sf::RenderTarget& target, const HudState& state);
  void draw_help(sf::RenderTarget& target, const std::vector<std::string>& strategies);
  // The junction panel on the right side of a pane.
  void draw_panel(sf::RenderTarget& target, sf::FloatRect pane, const JunctionPanel& panel);

 private:
  void text(sf::RenderTarget& t, const std::string& s, float x, float y, unsigned size = 14,
            sf::Color color = sf::Color(235, 235, 235));
  float text_width(const std::string& s, unsigned size) const;
  void box(sf::RenderTarget& t, sf::FloatRect r, sf::Color fill = sf::Color(10, 12, 16, 200));
  void legend(sf::RenderTarget& t, const Legend& l, float x, float y);

  const sf::Font* font_;
};

}  // namespace ampel::viz
