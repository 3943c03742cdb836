#pragma once
// Names a planner reads instead of raw ids: an approach by the side it comes from and its street
// ("N Holstenwall"), a junction by its streets ("Holstenwall / Karolinenstraße"), a signal stage by the
// movements it releases ("N ←↑→  S ↑→"). Streets without a name fall back to the upstream junction's id.
#include <string>

#include "sim/network.hpp"

namespace ampel::viz {

// "N", "NE", ... "NW": where a road arriving with heading `dir` (map axes, y north) comes from.
std::string compass_from(Point dir);
// The side an approach road comes from, e.g. "N".
std::string approach_side(const Network& net, RoadId road);
// "N Holstenwall"; a road without a name is named by the junction it comes from: "N from Holstenwall /
// Millerntordamm", or "N from A1" when that junction's streets have no names either.
std::string approach_name(const Network& net, RoadId road);
// A lane: "Holstenwall (lane 2 of 3)", or its id.
std::string lane_name(const Network& net, LaneId lane);
// The junction's street names joined by " / " (at most three); without names, its traffic light's id, or its
// own.
std::string junction_title(const Network& net, NodeId node);
// The movements a stage releases, grouped by approach side: "N ←↑→  S ↑→" (lower-case arrows are not
// possible; a permissive-only approach is marked with "(yield)").
std::string stage_label(const Network& net, SignalId signal, std::size_t stage);

}  // namespace ampel::viz
