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
  auto line_of = [&](RoadId r) -> const Polyline& {
    const Road& road = net.road(r);
    return road.shape.points().size() >= 2 ? road.shape : layout.lane_line(road.first_lane);
  };
  // The road that goes on from `r` under the same name (not back where it came from), kNone if none.
  auto next_same = [&](RoadId r) {
    const Road& road = net.road(r);
    for (RoadId o : net.node(road.to).out_roads)
      if (net.road(o).name == road.name && net.road(o).to != road.from) return o;
    return static_cast<RoadId>(kNone);
  };
  std::vector<bool> has_previous(net.roads().size(), false);
  for (RoadId r = 0; r < net.roads().size(); ++r)
    if (!net.road(r).name.empty())
      if (RoadId n = next_same(r); n != kNone) has_previous[n] = true;
  std::vector<bool> used(net.roads().size(), false);
  for (RoadId start = 0; start < net.roads().size(); ++start) {
    const Road& r = net.road(start);
    if (r.name.empty() || r.lane_count == 0 || used[start]) continue;
    if (has_previous[start]) {
      // Start chains at their first road; a ring of roads (no first) starts anywhere.
      bool ring_start = true;
      for (RoadId k = next_same(start), steps = 0; k != kNone && steps < 1000; k = next_same(k), ++steps)
        if (k == start)
          break;
        else if (!has_previous[k])
          ring_start = false;
      if (!ring_start) continue;
    }
    // A street split into many short edges (as SUMO networks are) is one line here: its roads joined.
    std::vector<Point> joined;
    for (RoadId k = start; k != kNone && !used[k]; k = next_same(k)) {
      used[k] = true;
      for (Point p : line_of(k).points())
        if (joined.empty() || distance(joined.back(), p) > 0.5) joined.push_back(p);
    }
    const Polyline line(joined);
    // Its nearly straight runs (SUMO shapes bend in many short segments): points in a row whose segments
    // all stay within 12 degrees of the run's first. Each run of 15 m or more is a place for the label.
    const auto& pts = line.points();
    auto [it, fresh] = index.try_emplace(r.name, names_.size());
    if (fresh) names_.push_back(r.name);
    for (std::size_t a = 0; a + 1 < pts.size();) {
      Point d0 = pts[a + 1] - pts[a];
      double n0 = std::hypot(d0.x, d0.y);
      std::size_t b = a + 1;
      while (n0 > 1e-6 && b + 1 < pts.size()) {
        Point d = pts[b + 1] - pts[b];
        double n = std::hypot(d.x, d.y);
        if (n > 1e-6 && (d0.x * d.x + d0.y * d.y) / (n0 * n) < std::cos(12.0 * 3.14159265 / 180.0)) break;
        ++b;
      }
      if (distance(pts[a], pts[b]) >= 15) roads_.push_back({it->second, pts[a], pts[b]});
      a = b;
    }
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
  std::vector<std::pair<sf::Vector2f, sf::Vector2f>> visible(roads_.size());
  for (std::size_t i = 0; i < roads_.size(); ++i) {
    sf::Vector2f a = camera.to_pixel(roads_[i].a, size), b = camera.to_pixel(roads_[i].b, size);
    // Only the part on screen (Liang-Barsky clipping to the map, 10 px in from its edges).
    float t0 = 0, t1 = 1;
    sf::Vector2f d = b - a;
    const float lo_x = 10, lo_y = 10, hi_x = size.x - 10, hi_y = size.y - 10;
    bool inside = true;
    for (auto [p, q] : {std::pair{-d.x, a.x - lo_x}, std::pair{d.x, hi_x - a.x}, std::pair{-d.y, a.y - lo_y},
                        std::pair{d.y, hi_y - a.y}}) {
      if (p == 0) {
        inside = inside && q >= 0;
        continue;
      }
      float r = q / p;
      if (p < 0)
        t0 = std::max(t0, r);
      else
        t1 = std::min(t1, r);
    }
    if (!inside || t0 >= t1) continue;
    visible[i] = {a + d * t0, a + d * t1};
    sf::Vector2f v = visible[i].second - visible[i].first;
    options.push_back({std::hypot(v.x, v.y), i});
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
    auto [a, b] = visible[o.road];
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
