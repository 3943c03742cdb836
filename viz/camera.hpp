#pragma once
// Where a pane looks: a centre on the map and a scale in pixels per metre. The map's y axis points north
// (up), the screen's down; the camera owns that flip so nothing else has to.
#include <SFML/Graphics/Rect.hpp>
#include <SFML/Graphics/View.hpp>

#include "sim/types.hpp"

namespace ampel::viz {

class Camera {
 public:
  // Shows the box [lo, hi] whole in a viewport of `size` pixels, with a small margin.
  void fit(Point lo, Point hi, sf::Vector2f size);
  // Zooms by `factor` (> 1: closer) keeping the map point under `pixel` in place.
  void zoom_at(sf::Vector2f pixel, float factor, sf::Vector2f size);
  // Moves the map by a drag of `delta` pixels.
  void pan(sf::Vector2f delta);

  // An SFML view for a viewport of `size` pixels placed at `viewport` (fractions of the target), for vertices
  // given relative to `origin` (floats lose metres at UTM-sized coordinates).
  sf::View view(sf::Vector2f size, sf::FloatRect viewport = {0, 0, 1, 1}, Point origin = {}) const;
  Point to_world(sf::Vector2f pixel, sf::Vector2f size) const;
  sf::Vector2f to_pixel(Point world, sf::Vector2f size) const;

  // Looks at `center` with `pixels_per_m` (clamped to the zoom limits).
  void set(Point center, double pixels_per_m);

  Point center() const { return center_; }
  double pixels_per_m() const { return scale_; }

 private:
  Point center_{0, 0};
  double scale_ = 1.0;
};

}  // namespace ampel::viz
