#pragma once
// Street names along their roads, as a map prints them: placed on the longest straight stretch of a named
// road that is long enough on screen, turned along it and kept upright, never overlapping another label,
// and each name at most once within a few hundred pixels. Placement is redone only when the camera moves.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <string>
#include <vector>

#include "viz/camera.hpp"
#include "viz/layout.hpp"

namespace ampel::viz {

struct StreetLabel {
  std::string text;
  sf::Vector2f at;      // centre, pixels in the map rectangle
  float angle_deg = 0;  // screen rotation
};

class StreetLabels {
 public:
  explicit StreetLabels(const ViewLayout& layout);
  bool any() const { return !roads_.empty(); }
  // The labels for a map rectangle of `size` pixels seen through `camera` (cached while neither changes).
  const std::vector<StreetLabel>& place(const Camera& camera, sf::Vector2f size, const sf::Font& font);
  // Draws them into `map` (pixels of `target`).
  void draw(sf::RenderTarget& target, sf::FloatRect map, const Camera& camera, const sf::Font& font);

 private:
  struct Candidate {
    std::size_t name;  // index into names_
    Point a, b;        // the road's longest straight stretch (map metres)
  };
  std::vector<std::string> names_;
  std::vector<Candidate> roads_;
  std::vector<StreetLabel> placed_;
  Point cached_center_{};
  double cached_scale_ = -1;
  sf::Vector2f cached_size_{};
};

}  // namespace ampel::viz
