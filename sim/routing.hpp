#pragma once
// Fastest routes at free-flow speed, by Dijkstra (Boost.Graph) on the movement graph: its vertices are
// roads and its edges the movements between them, so turn restrictions are respected.
#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <vector>

#include "sim/network.hpp"
#include "sim/vclass.hpp"

namespace ampel {

class Router {
 public:
  // Only movements with a link from a lane open to `drives_as` into such a lane are used (lane permissions:
  // a turn that only a bus lane makes is no way for a car).
  explicit Router(const Network& net, VClassMask drives_as = kAllVClasses);
  // Roads from `from` to `to` inclusive; empty if `to` cannot be reached. Trees are cached per origin.
  std::vector<RoadId> fastest_route(RoadId from, RoadId to);
  // Free-flow travel time of a road plus the fastest way through the junction at its end, in seconds.
  double road_time_s(RoadId r) const { return road_time_s_[r]; }
  // Marks a road as unusable (all lanes closed) or usable again; drops cached trees.
  void set_road_blocked(RoadId r, bool blocked);

 private:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                      boost::property<boost::edge_weight_t, double>>;
  const Network& net_;
  Graph graph_;
  std::vector<double> road_time_s_;
  std::vector<bool> blocked_;
  std::map<RoadId, std::vector<std::size_t>> predecessors_;
};

}  // namespace ampel
