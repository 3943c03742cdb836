#include "viz/colors.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "sim/types.hpp"

namespace ampel::viz {

namespace {

sf::Color mix(sf::Color a, sf::Color b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  auto m = [t](sf::Uint8 x, sf::Uint8 y) { return static_cast<sf::Uint8>(std::lround(x + (y - x) * t)); };
  return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), m(a.a, b.a)};
}

// Piecewise-linear scale through evenly spaced colours.
sf::Color ramp(const std::vector<sf::Color>& colors, double t) {
  t = std::clamp(t, 0.0, 1.0) * static_cast<double>(colors.size() - 1);
  std::size_t i = std::min(static_cast<std::size_t>(t), colors.size() - 2);
  return mix(colors[i], colors[i + 1], t - static_cast<double>(i));
}

const std::vector<sf::Color>& speed_ramp() {
  static const std::vector<sf::Color> r{{220, 40, 40}, {245, 160, 30}, {240, 230, 60}, {60, 200, 90}};
  return r;
}
const std::vector<sf::Color>& queue_ramp() {
  static const std::vector<sf::Color> r{{255, 200, 40, 170}, {255, 110, 20, 190}, {200, 0, 60, 210}};
  return r;
}
const std::vector<sf::Color>& congestion_ramp() {
  static const std::vector<sf::Color> r{
      {60, 200, 90, 60}, {240, 200, 40, 150}, {230, 70, 40, 200}, {160, 0, 140, 230}};
  return r;
}

}  // namespace

sf::Color speed_color(double speed_mps, double full_speed_mps) {
  // Halting (as the metrics count waiting: at most 0.1 m/s) is drawn as the ramp's stop colour.
  if (speed_mps <= kHaltingSpeedMps) return ramp(speed_ramp(), 0.0);
  return ramp(speed_ramp(), full_speed_mps > 0 ? speed_mps / full_speed_mps : 1.0);
}

sf::Color queue_color(double share) {
  return ramp(queue_ramp(), share);
}

sf::Color congestion_color(double share) {
  return ramp(congestion_ramp(), share);
}

sf::Color signal_color(char state) {
  switch (state) {
    case 'G':
      return {40, 230, 70};
    case 'g':
      return {30, 150, 50};
    case 'y':
    case 'Y':
      return {255, 200, 0};
    case 'r':
    case 'R':
      return {235, 30, 30};
    default:
      return {140, 140, 140};
  }
}

Legend speed_legend(double full_speed_mps) {
  Legend l{"vehicle speed (km/h)", {}, {}, false};
  for (int i = 0; i <= 3; ++i) {
    double v = full_speed_mps * i / 3.0;
    l.stops.push_back({v * 3.6, speed_color(v, full_speed_mps)});
    l.labels.push_back(fmt::format("{:.0f}", v * 3.6));
  }
  return l;
}

Legend queue_legend() {
  Legend l{"queue bar (share of lane)", {}, {}, false};
  for (int i = 0; i <= 2; ++i) {
    l.stops.push_back({i * 50.0, queue_color(i / 2.0)});
    l.labels.push_back(fmt::format("{}%", i * 50));
  }
  return l;
}

Legend congestion_legend(double horizon_min) {
  Legend l{fmt::format("predicted occupancy in {:.0f} min", horizon_min), {}, {}, false};
  for (int i = 0; i <= 3; ++i) {
    l.stops.push_back({i * 100.0 / 3.0, congestion_color(i / 3.0)});
    l.labels.push_back(fmt::format("{:.0f}%", i * 100.0 / 3.0));
  }
  return l;
}

Legend signal_legend() {
  return Legend{
      "signal head",
      {{0, signal_color('G')}, {1, signal_color('g')}, {2, signal_color('y')}, {3, signal_color('r')}},
      {"green", "permissive", "yellow", "red"},
      true};
}

}  // namespace ampel::viz
