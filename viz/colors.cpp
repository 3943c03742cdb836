#include "viz/colors.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "sim/types.hpp"

namespace ampel::viz {

namespace {

sf::Color mix(sf::Color a, sf::Color b, double t) {
  auto m = [t](sf::Uint8 x, sf::Uint8 y) { return static_cast<sf::Uint8>(std::lround(x + (y - x) * t)); };
  return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b)};
}

}  // namespace

sf::Color cividis(double t) {
  // Cividis (Nuñez, Anderton and Renslow, 2018) at six evenly spaced points, linear between them.
  static const sf::Color kStops[] = {{0, 34, 78},     {53, 69, 108},   {102, 105, 112},
                                     {148, 142, 119}, {200, 184, 102}, {254, 232, 56}};
  constexpr int kLast = static_cast<int>(std::size(kStops)) - 1;
  double x = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * kLast;
  int i = std::min(static_cast<int>(x), kLast - 1);
  return mix(kStops[i], kStops[i + 1], x - i);
}

sf::Color speed_color(double speed_mps, double full_speed_mps) {
  // Halting (as the metrics count waiting: at most 0.1 m/s) is the scale's dark end.
  if (speed_mps <= kHaltingSpeedMps) return cividis(0.0);
  return cividis(full_speed_mps > 0 ? speed_mps / full_speed_mps : 1.0);
}

sf::Color signal_color(char state) {
  switch (state) {
    case 'G':
      return {20, 165, 60};
    case 'g':
      return {140, 215, 140};
    case 'y':
    case 'Y':
      return {255, 170, 0};
    case 'r':
    case 'R':
      return {220, 25, 30};
    default:
      return kSignalDark;
  }
}

std::vector<Legend> map_legends(const LegendOptions& o) {
  std::vector<Legend> out;
  Legend speed{"vehicle speed (km/h)", {}, {}, cividis};
  for (int i = 0; i <= 3; ++i)
    speed.labels.push_back(fmt::format("{:.0f}", o.full_speed_mps * 3.6 * i / 3.0));
  speed.labels.front() = "0 (halting)";
  out.push_back(std::move(speed));
  out.push_back({"signal head",
                 {signal_color('G'), signal_color('g'), signal_color('y'), signal_color('r')},
                 {"green", "yield (permissive)", "yellow", "red"},
                 {}});
  out.push_back({"lanes",
                 {kQueueBar, kClosedLane, kSelection},
                 {"queue at the stop line now", "closed lane", "selected (panel, time\u2013space route)"},
                 {}});
  if (o.overlay) {
    std::string whose = o.forecast_of.empty() ? "" : " (" + o.forecast_of + ")";
    out.push_back({fmt::format("forecast{}", whose),
                   {kForecastQueue},
                   {fmt::format("queue forecast in {:.0f} min", o.horizon_min)},
                   {}});
  }
  out.push_back({"map",
                 {kRoadLane, kJunctionArea, kJunctionLane, kStopLine},
                 {"road lane", "junction", "path across a junction", "stop line"},
                 {}});
  return out;
}

}  // namespace ampel::viz
