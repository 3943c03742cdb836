#pragma once
// Colour scales of the live view, one function per scale, with the legend that explains it. Every
// colour a planner sees on the map comes from here, so the legends cannot drift from the drawing.
#include <SFML/Graphics/Color.hpp>
#include <string>
#include <vector>

namespace ampel::viz {

// Vehicles by speed: red when halting, through amber, to green at or above `full_speed_mps`.
sf::Color speed_color(double speed_mps, double full_speed_mps);

// Queue bars by the share of the lane the queue covers: amber when short, deep red when it reaches back
// to the upstream junction.
sf::Color queue_color(double share_of_lane);

// Predicted congestion (occupancy share 0..1) for the overlay: transparent green to opaque purple-red.
sf::Color congestion_color(double share);

// A signal head: 'G'/'g' green (permissive darker), 'y' amber, 'r' red, anything else grey.
sf::Color signal_color(char state);

// Static map colours.
inline const sf::Color kBackground{24, 26, 30};
inline const sf::Color kRoadLane{70, 74, 82};
inline const sf::Color kJunctionLane{58, 62, 70};
inline const sf::Color kJunctionArea{52, 55, 62};
inline const sf::Color kStopLine{235, 235, 235};
inline const sf::Color kClosedLane{200, 40, 40};
inline const sf::Color kSelection{80, 170, 255};

struct LegendStop {
  double value;  // in the legend's unit
  sf::Color color;
};

// A legend: a title with its unit and a few labelled stops (a gradient, or swatches when `discrete`).
struct Legend {
  std::string title;
  std::vector<LegendStop> stops;
  std::vector<std::string> labels;  // one per stop
  bool discrete = false;
};

Legend speed_legend(double full_speed_mps);
Legend queue_legend();
Legend congestion_legend(double horizon_min);
Legend signal_legend();

}  // namespace ampel::viz
