#include "analysis/road_map.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "analysis/geo.hpp"
#include "models/predict/registry.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"

namespace ampel::analysis {

namespace {

using Json = nlohmann::ordered_json;

double rounded(double v, double scale) {
  return std::round(v * scale) / scale;
}

Json position(const GeoProjector& geo, Point p) {
  Point m = geo.to_map(p);
  double scale = geo.geographic() ? 1e7 : 100.0;  // about 1 cm either way
  return Json::array({rounded(m.x, scale), rounded(m.y, scale)});
}

}  // namespace

std::string road_map_geojson(const Scenario& sc, const std::string& controller, std::uint64_t seed,
                             const RoadResults& rr) {
  const Network& net = *sc.network;
  GeoProjector geo(sc.spec.network.location);
  std::vector<RoadResult> results = rr.results(net);
  Json features = Json::array();
  for (RoadId r = 0; r < net.roads().size(); ++r) {
    const Road& road = net.road(r);
    const RoadResult& x = results[r];
    Json line = Json::array();
    if (road.shape.points().size() >= 2)
      for (Point p : road.shape.points()) line.push_back(position(geo, p));
    else
      line = Json::array(
          {position(geo, net.node(road.from).position), position(geo, net.node(road.to).position)});
    Json props;
    props["kind"] = "road";
    props["id"] = road.id;
    props["from"] = net.node(road.from).id;
    props["to"] = net.node(road.to).id;
    props["lanes"] = road.lane_count;
    props["length_m"] = rounded(road.length_m, 100);
    props["speed_limit_mps"] = rounded(road.speed_mps, 100);
    props["vehicles"] = x.vehicles;
    props["delay_s"] = rounded(x.delay_s, 100);
    props["queue_mean_veh"] = rounded(x.queue_mean_veh, 1000);
    props["queue_max_m"] = rounded(x.queue_max_m, 100);
    props["speed_mean_mps"] = x.speed_mean_mps >= 0 ? Json(rounded(x.speed_mean_mps, 100)) : Json();
    props["los"] = x.los.empty() ? Json() : Json(x.los);
    props["predicted_queue_veh"] = rounded(x.predicted_queue_veh, 1000);
    props["predicted_occupancy"] = rounded(x.predicted_occupancy, 10000);
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "LineString"}, {"coordinates", line}}},
                        {"properties", props}});
  }
  for (const Node& node : net.nodes()) {
    Json props;
    props["kind"] = "junction";
    props["id"] = node.id;
    props["control"] = node.kind == NodeKind::signalised ? "signal"
                       : node.kind == NodeKind::fringe   ? "fringe"
                                                         : "priority";
    props["signal"] = node.signal == kNone ? Json() : Json(net.signals()[node.signal].id);
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", position(geo, node.position)}}},
                        {"properties", props}});
  }
  Json j;
  j["type"] = "FeatureCollection";
  j["name"] = sc.name;
  j["ampel_crs"] =
      geo.geographic() ? "EPSG:4326 (longitude, latitude)" : "local metres (no projection in the network)";
  j["ampel_run"] = {
      {"controller", controller},
      {"seed", seed},
      {"warmup_s", ms_to_seconds(sc.warmup_ms)},
      {"predictor", rr.predictor_name()},
      {"horizon_s", rr.horizon_s()},
      {"predicted_at_s", rr.predicted_at_ms() >= 0 ? Json(ms_to_seconds(rr.predicted_at_ms())) : Json()}};
  j["features"] = std::move(features);
  return j.dump(1) + "\n";
}

std::string run_road_map(const RoadMapRequest& req) {
  const Scenario& sc = *req.scenario;
  std::unique_ptr<predict::Predictor> predictor;
  if (!req.predictor.empty() && req.predictor != "none") {
    ParamMap params;
    params["horizon_s"] = std::max(req.horizon_s, 60.0);
    predictor = predict::make_predictor(req.predictor, params, sc, nullptr, "predictor");
  }
  GeoProjector check(sc.spec.network.location);  // a bad projection is reported before the run
  Simulation sim(req.scenario, make_controller(req.controller, sc), req.seed);
  TimeMs at = req.at_s ? seconds_to_ms(*req.at_s) : -1;
  RoadResults rr(sim, std::move(predictor), req.horizon_s, at);
  sim.add_observer(&rr);
  sim.run();
  return road_map_geojson(sc, sim.controller().name(), sim.seed(), rr);
}

}  // namespace ampel::analysis
