#pragma once
// Drawing in screen pixels for the panels around the map: text that fits its room (smaller, then cut with an
// ellipsis, never clipped mid-glyph), boxes and lines. One font, the panels' few text colours.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <cstdint>
#include <string>

namespace ampel::viz {

inline const sf::Color kPanelBg{255, 255, 255};
inline const sf::Color kPanelEdge{190, 192, 198};
inline const sf::Color kInk{32, 35, 42};
inline const sf::Color kInkDim{100, 106, 118};
inline const sf::Color kAlarmBg{150, 20, 20};  // the gridlock banner (a panel, never on the map)

// "01:02:03" for a time in milliseconds (hours may exceed 24 for long runs).
std::string clock_text(std::int64_t t_ms);
// "12,345": a count with thousands separators.
std::string thousands(std::uint64_t n);

// The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 x 10^k) at or above `v`: the top of a chart's
// scale, close enough above the data to use its height. 0 for v <= 0.
double round_up_nice(double v);

// Finds the DejaVu Sans font Debian installs (fonts-dejavu-core); throws std::runtime_error if absent.
std::string default_font_path();

class Painter {
 public:
  Painter(sf::RenderTarget& target, const sf::Font& font) : t_(target), font_(font) {}

  sf::RenderTarget& target() { return t_; }
  // Draws `s` with its top-left at (x, y); returns the width drawn.
  float text(const std::string& s, float x, float y, unsigned size = 13, sf::Color color = kInk,
             bool bold = false);
  // Draws `s` in at most `max_w` pixels: a smaller size down to `min_size`, then cut with an ellipsis.
  float fit_text(const std::string& s, float x, float y, float max_w, unsigned size = 13,
                 sf::Color color = kInk, bool bold = false, unsigned min_size = 10);
  float width(const std::string& s, unsigned size, bool bold = false) const;
  // Draws `s` word-wrapped into lines of at most `max_w` pixels (breaking at `separator`); returns the
  // height used. `max_lines` caps it (the last line then ends with an ellipsis).
  float wrap_text(const std::string& s, float x, float y, float max_w, unsigned size = 12,
                  sf::Color color = kInk, int max_lines = 4, const std::string& separator = " ");
  void box(sf::FloatRect r, sf::Color fill, sf::Color edge = sf::Color::Transparent);
  void line(sf::Vector2f a, sf::Vector2f b, sf::Color c, float thickness = 1);

 private:
  sf::RenderTarget& t_;
  const sf::Font& font_;
};

}  // namespace ampel::viz
