#include "viz/camera.hpp"

#include <algorithm>

namespace ampel::viz {

void Camera::fit(Point lo, Point hi, sf::Vector2f size) {
  center_ = {(lo.x + hi.x) / 2, (lo.y + hi.y) / 2};
  double w = std::max(hi.x - lo.x, 10.0), h = std::max(hi.y - lo.y, 10.0);
  scale_ = 0.94 * std::min(size.x / w, size.y / h);
  if (!(scale_ > 0)) scale_ = 1.0;
}

void Camera::zoom_at(sf::Vector2f pixel, float factor, sf::Vector2f size) {
  Point before = to_world(pixel, size);
  scale_ = std::clamp(scale_ * factor, 1e-3, 200.0);
  Point after = to_world(pixel, size);
  center_ = {center_.x + before.x - after.x, center_.y + before.y - after.y};
}

void Camera::set(Point center, double pixels_per_m) {
  center_ = center;
  scale_ = std::clamp(pixels_per_m, 1e-3, 200.0);
}

void Camera::pan(sf::Vector2f delta) {
  center_ = {center_.x - delta.x / scale_, center_.y + delta.y / scale_};
}

// World coordinates go to the view with y negated, so north is up on screen.
sf::View Camera::view(sf::Vector2f size, sf::FloatRect viewport, Point origin) const {
  sf::View v(
      sf::Vector2f(static_cast<float>(center_.x - origin.x), static_cast<float>(-(center_.y - origin.y))),
      sf::Vector2f(static_cast<float>(size.x / scale_), static_cast<float>(size.y / scale_)));
  v.setViewport(viewport);
  return v;
}

Point Camera::to_world(sf::Vector2f pixel, sf::Vector2f size) const {
  return {center_.x + (pixel.x - size.x / 2) / scale_, center_.y - (pixel.y - size.y / 2) / scale_};
}

sf::Vector2f Camera::to_pixel(Point world, sf::Vector2f size) const {
  return {static_cast<float>((world.x - center_.x) * scale_ + size.x / 2),
          static_cast<float>(-(world.y - center_.y) * scale_ + size.y / 2)};
}

}  // namespace ampel::viz
