#include "sim/routing.hpp"

#include <algorithm>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <limits>

namespace ampel {

Router::Router(const Network& net, VClassMask drives_as) : net_(net), graph_(net.roads().size()) {
  road_time_s_.resize(net.roads().size());
  blocked_.assign(net.roads().size(), false);
  for (RoadId r = 0; r < net.roads().size(); ++r) {
    const Road& road = net.road(r);
    road_time_s_[r] = road.length_m / road.speed_mps;
  }
  for (const Movement& m : net.movements()) {
    double via_s = std::numeric_limits<double>::infinity();
    for (LinkId l : m.links) {
      const Link& link = net.link(l);
      if (!lane_allows(net.lane(link.from_lane).allowed, drives_as) ||
          !lane_allows(net.lane(link.to_lane).allowed, drives_as))
        continue;
      const Lane& via = net.lane(link.via_lane);
      via_s = std::min(via_s, via.length_m / via.speed_mps);
    }
    if (!(via_s < std::numeric_limits<double>::infinity())) continue;  // no link open to the class
    // Edge weight: crossing the junction and then driving the whole next road.
    boost::add_edge(m.from_road, m.to_road, via_s + road_time_s_[m.to_road], graph_);
  }
}

void Router::set_road_blocked(RoadId r, bool blocked) {
  if (blocked_[r] == blocked) return;
  blocked_[r] = blocked;
  predecessors_.clear();
}

std::vector<RoadId> Router::fastest_route(RoadId from, RoadId to) {
  if (from == to) return {from};
  auto it = predecessors_.find(from);
  if (it == predecessors_.end()) {
    std::size_t n = boost::num_vertices(graph_);
    std::vector<std::size_t> pred(n);
    std::vector<double> dist(n);
    auto weights = boost::get(boost::edge_weight, graph_);
    // Blocked roads get an infinite weight on every edge into them.
    auto weight_fn =
        boost::make_function_property_map<Graph::edge_descriptor, double>([&](Graph::edge_descriptor e) {
          return blocked_[boost::target(e, graph_)] ? std::numeric_limits<double>::infinity() : weights[e];
        });
    boost::dijkstra_shortest_paths(
        graph_, from,
        boost::predecessor_map(
            boost::make_iterator_property_map(pred.begin(), boost::get(boost::vertex_index, graph_)))
            .distance_map(
                boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, graph_)))
            .weight_map(weight_fn));
    for (std::size_t v = 0; v < n; ++v)
      if (!(dist[v] < std::numeric_limits<double>::infinity())) pred[v] = v;
    it = predecessors_.emplace(from, std::move(pred)).first;
  }
  const auto& pred = it->second;
  if (pred[to] == to) return {};
  std::vector<RoadId> route{to};
  for (std::size_t v = to; v != from;) {
    v = pred[v];
    route.push_back(static_cast<RoadId>(v));
  }
  std::reverse(route.begin(), route.end());
  return route;
}

}  // namespace ampel
