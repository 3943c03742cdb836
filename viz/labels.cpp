#include "viz/labels.hpp"

#include <SFML/Graphics/Text.hpp>
#include <SFML/Graphics/View.hpp>
#include <algorithm>
#include <cmath>
#include <map>

namespace ampel::viz {

namespace {
constexpr unsigned kSize = 12;
constexpr float kSameNameGapPx = 320;
}  // namespace

StreetLabels::StreetLabels(const ViewLayout& layout) {
  if (layout.generated()) return;  // a schematic layout has no streets to name
  const Network& net = layout.network();
  std::map<std::string, std::size_t> index;
  for (const Road& r : net.roads()) {
    if (r.name.empty() || r.lane_count == 0) continue;
    // The road's own centre line, or its right-most lane's.
    const Polyline& line = r.shape.points().size() >= 2 ? r.shape : layout.lane_line(r.first_lane);
    const auto& pts = line.points();
    std::size_t best = 0;
    double best_len = 0;
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      double len = distance(pts[i], pts[i + 1]);
      if (len > best_len) best = i, best_len = len;
    }
    if (best_len < 15) continue;
    auto [it, fresh] = index.try_emplace(r.name, names_.size());
    if (fresh) names_.push_back(r.name);
    roads_.push_back({it->second, pts[best], pts[best + 1]});
  }
}

const std::vector<StreetLabel>& StreetLabels::place(const Camera& camera, sf::Vector2f size,
                                                    const sf::Font& font) {
  if (camera.center().x == cached_center_.x && camera.center().y == cached_center_.y &&
      camera.pixels_per_m() == cached_scale_ && size == cached_size_)
    return placed_;
  cached_center_ = camera.center();
  cached_scale_ = camera.pixels_per_m();
  cached_size_ = size;
  placed_.clear();
  struct Option {
    float len_px;
    std::size_t road;
  };
  std::vector<Option> options;
  for (std::size_t i = 0; i < roads_.size(); ++i) {
    sf::Vector2f a = camera.to_pixel(roads_[i].a, size), b = camera.to_pixel(roads_[i].b, size);
    float len = std::hypot(b.x - a.x, b.y - a.y);
    sf::Vector2f mid = (a + b) / 2.0f;
    if (mid.x < 0 || mid.y < 0 || mid.x > size.x || mid.y > size.y) continue;
    options.push_back({len, i});
  }
  std::stable_sort(options.begin(), options.end(), [](auto& x, auto& y) { return x.len_px > y.len_px; });
  std::vector<sf::FloatRect> taken;
  std::vector<std::pair<std::size_t, sf::Vector2f>> by_name;
  for (const Option& o : options) {
    if (placed_.size() >= 60) break;
    const Candidate& c = roads_[o.road];
    const std::string& text = names_[c.name];
    sf::Text t(sf::String::fromUtf8(text.begin(), text.end()), font, kSize);
    float tw = t.getLocalBounds().width;
    if (o.len_px < tw + 24) continue;
    sf::Vector2f a = camera.to_pixel(c.a, size), b = camera.to_pixel(c.b, size);
    sf::Vector2f mid = (a + b) / 2.0f;
    bool near_same = false;
    for (const auto& [name, at] : by_name)
      near_same |= name == c.name && std::hypot(at.x - mid.x, at.y - mid.y) < kSameNameGapPx;
    if (near_same) continue;
    float angle = std::atan2(b.y - a.y, b.x - a.x) * 180.0f / 3.14159265f;
    if (angle > 90) angle -= 180;
    if (angle < -90) angle += 180;
    // The rotated label's bounding box, to keep labels apart.
    float rad = angle * 3.14159265f / 180.0f, hw = tw / 2 + 4, hh = kSize * 0.8f;
    float ex = std::abs(std::cos(rad)) * hw + std::abs(std::sin(rad)) * hh;
    float ey = std::abs(std::sin(rad)) * hw + std::abs(std::cos(rad)) * hh;
    sf::FloatRect box(mid.x - ex, mid.y - ey, 2 * ex, 2 * ey);
    bool overlaps =
        std::any_of(taken.begin(), taken.end(), [&](const sf::FloatRect& o2) { return o2.intersects(box); });
    if (overlaps) continue;
    taken.push_back(box);
    by_name.push_back({c.name, mid});
    placed_.push_back({text, mid, angle});
  }
  return placed_;
}

void StreetLabels::draw(sf::RenderTarget& target, sf::FloatRect map, const Camera& camera,
                        const sf::Font& font) {
  if (roads_.empty()) return;
  const auto& labels = place(camera, {map.width, map.height}, font);
  for (const StreetLabel& l : labels) {
    sf::Text t(sf::String::fromUtf8(l.text.begin(), l.text.end()), font, kSize);
    sf::FloatRect b = t.getLocalBounds();
    t.setOrigin(b.left + b.width / 2, b.top + b.height / 2);
    t.setPosition(std::round(map.left + l.at.x), std::round(map.top + l.at.y));
    t.setRotation(l.angle_deg);
    t.setFillColor(sf::Color(45, 45, 55));
    t.setOutlineColor(sf::Color(255, 255, 255));
    t.setOutlineThickness(2);
    target.draw(t);
  }
}

}  // namespace ampel::viz
