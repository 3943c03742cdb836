#pragma once
// What the live view draws the network with: one centre line per lane (road and junction lanes), lane
// widths, junction outlines and a place for every signal head. Taken from the network's own geometry, or,
// when the scenario has none (every node at one place), generated from the graph so it can still be
// watched; `generated()` says which, and the view puts a note on screen.
#include <cstdint>
#include <vector>

#include "sim/geometry.hpp"
#include "sim/network.hpp"

namespace ampel::viz {

// A position and heading on the map (metres; `dir` is a unit vector).
struct Pose {
  Point at;
  Point dir;
};

struct SignalHeadPlace {
  LinkId link = kNone;
  std::uint32_t slot = kNone;  // index into SimState::link_signal
  Point at;                    // centre of the head, just past the stop line
  double size_m = 1.2;
};

struct NodePlace {
  Point center;
  std::vector<Point> outline;  // convex junction area (may be empty for fringe nodes)
  double radius_m = 0.0;       // for picking
  bool signalised = false;
};

class ViewLayout {
 public:
  explicit ViewLayout(const Network& net);

  bool generated() const { return generated_; }
  const Network& network() const { return *net_; }

  const Polyline& lane_line(LaneId lane) const { return lines_[lane]; }
  double lane_width_m(LaneId lane) const { return widths_[lane]; }
  // Where a vehicle whose front is `pos_m` along the lane (the simulator's metres) is drawn.
  Pose pose_on_lane(LaneId lane, double pos_m) const;
  // The stop line of a road lane: its end point and direction of travel.
  Pose lane_end(LaneId lane) const;

  const std::vector<SignalHeadPlace>& signal_heads() const { return heads_; }
  const std::vector<NodePlace>& nodes() const { return nodes_; }

  // Every drawn position is relative to this point (the lower-left corner of the map).
  Point origin() const { return lo_; }
  Point min_corner() const { return lo_; }
  Point max_corner() const { return hi_; }

  // The road lane under a point (kNone if none within the lane's half width + tolerance).
  LaneId pick_road_lane(Point p, double tolerance_m) const;
  // The junction (not a fringe node) nearest to a point within its radius + tolerance, kNone if none.
  NodeId pick_node(Point p, double tolerance_m) const;

 private:
  bool geometry_usable() const;
  void take_network_geometry();
  void generate_geometry();
  void place_nodes_and_heads();

  const Network* net_;
  bool generated_ = false;
  std::vector<Polyline> lines_;
  std::vector<double> scale_;  // line length per simulated metre, per lane
  std::vector<double> widths_;
  std::vector<SignalHeadPlace> heads_;
  std::vector<NodePlace> nodes_;
  Point lo_, hi_;
};

// Shortest distance from a point to a polyline.
double distance_to(const Polyline& line, Point p);

}  // namespace ampel::viz
