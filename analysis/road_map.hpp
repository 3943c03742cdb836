#pragma once
// Per-road results as GeoJSON (RFC 7946), for QGIS and web maps: one LineString per road along its shape
// with the results of analysis/road_results.hpp as properties, and one Point per junction. Coordinates are
// longitude/latitude (WGS84) where the network carries a projection, local metres otherwise (then the
// collection says so in "ampel_crs"; QGIS asks for a CRS).
#include <memory>
#include <string>

#include "analysis/road_results.hpp"
#include "sim/scenario.hpp"

namespace ampel::analysis {

struct RoadMapRequest {
  std::shared_ptr<const Scenario> scenario;
  ControllerSpec controller;
  std::optional<std::uint64_t> seed;
  std::string predictor = "persistence";  // "" or "none": no prediction
  double horizon_s = 300.0;
  std::optional<double> at_s;  // when the prediction is taken (default: the end)
};

// Runs the scenario once and returns the GeoJSON text (throws InputError for a bad strategy, predictor or
// projection).
std::string run_road_map(const RoadMapRequest& request);

std::string road_map_geojson(const Scenario& scenario, const std::string& controller, std::uint64_t seed,
                             const RoadResults& results);

}  // namespace ampel::analysis
