#pragma once
// The colours of the live view. Every colour on the map has exactly one meaning, and every one is in the
// legend: map_legends() lists them, the sidebar draws that list, and a window test checks every pixel of
// the map against it. Traffic-light colours are kept for signal heads alone; vehicle speed uses cividis,
// a scale that reads the same to red-green colour-blind viewers.
#include <SFML/Graphics/Color.hpp>
#include <functional>
#include <string>
#include <vector>

namespace ampel::viz {

// Vehicles by speed, cividis: dark blue when halting (at most 0.1 m/s) to yellow at or above
// `full_speed_mps`.
sf::Color speed_color(double speed_mps, double full_speed_mps);
// Cividis itself, t in [0, 1].
sf::Color cividis(double t);

// A signal head: 'G' protected green, 'g' permissive green, 'y' yellow, 'r' red; anything else dark.
sf::Color signal_color(char state);

// The map (a light base, as printed maps and slides use).
inline const sf::Color kBackground{244, 243, 239};
inline const sf::Color kRoadLane{190, 192, 198};
inline const sf::Color kJunctionArea{222, 223, 228};
inline const sf::Color kJunctionLane{205, 207, 213};
inline const sf::Color kStopLine{255, 255, 255};
// What the view lays over the map, one colour each.
inline const sf::Color kQueueBar{200, 20, 140};       // the queue at the stop line now
inline const sf::Color kForecastQueue{40, 175, 220};  // the forecast queue N minutes ahead (overlay)
inline const sf::Color kClosedLane{35, 35, 38};       // a closed lane
inline const sf::Color kSelection{130, 70, 230};      // what the open panel describes (junction, lane, ...)
inline const sf::Color kSignalDark{90, 90, 90};       // a signal head in any other state

// A legend: a title, and either a gradient (`scale` over [0, 1], labelled at `labels` spread evenly) or
// swatches (one colour and one label each).
struct Legend {
  std::string title;
  std::vector<sf::Color> swatches;
  std::vector<std::string> labels;
  std::function<sf::Color(double)> scale;  // set for a gradient
  bool gradient() const { return static_cast<bool>(scale); }
};

struct LegendOptions {
  double full_speed_mps = 13.89;
  bool overlay = false;     // the forecast overlay is on
  double horizon_min = 5;   // its horizon
  std::string forecast_of;  // whose forecast ("persistence", "the predictive controller's ...")
};

// Every colour the map can show, grouped as the sidebar prints them.
std::vector<Legend> map_legends(const LegendOptions& options);

}  // namespace ampel::viz
