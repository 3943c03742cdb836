#pragma once
// The immutable road network: a Boost.Graph of junctions (vertices) and directed roads (edges), with lanes,
// lane-to-lane links through junctions, movements and signal programs in flat arrays indexed by dense ids.
// Built once by `build_network` (which validates it); everything that changes lives in SimState.
#include <boost/graph/adjacency_list.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/geometry.hpp"
#include "sim/spec.hpp"
#include "sim/types.hpp"
#include "sim/vclass.hpp"

namespace ampel {

struct NodeProps {
  NodeId index = kNone;
};
struct RoadProps {
  RoadId index = kNone;  // dense road index, also the edge's position in Network::roads()
};
using RoadGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, NodeProps, RoadProps>;

struct Node {
  std::string id;
  Point position;
  NodeKind kind = NodeKind::priority;
  SignalId signal = kNone;
  std::vector<RoadId> in_roads;
  std::vector<RoadId> out_roads;
  std::vector<LinkId> links;  // every link crossing this junction
  std::vector<Point> shape;
};

struct Road {
  std::string id;
  std::string name;  // street name for display; empty if the input has none
  NodeId from = kNone;
  NodeId to = kNone;
  LaneId first_lane = kNone;  // lanes first_lane .. first_lane + lane_count - 1, index 0 rightmost
  std::uint32_t lane_count = 0;
  double length_m = 0.0;
  double speed_mps = 0.0;
  Polyline shape;
};

struct Lane {
  std::string id;           // "<road>_<index>" or ":<node>_<link>" for junction lanes
  RoadId road = kNone;      // kNone for a junction (internal) lane
  std::uint32_t index = 0;  // index within its road
  double length_m = 0.0;
  double speed_mps = 0.0;
  double detector_m = 0.0;  // position of the loop detector (metres from the lane start)
  Polyline shape;
  // Links leaving the end of a road lane (empty at the network's exits and for internal lanes).
  std::uint32_t links_begin = 0;
  std::uint32_t links_end = 0;
  LinkId via_of = kNone;              // for an internal lane: the link it belongs to
  VClassMask allowed = kAllVClasses;  // vehicle classes that may use it (sim/vclass.hpp)
  bool is_internal() const { return via_of != kNone; }
};

// A lane-to-lane connection through a junction. The vehicle drives over the internal `via` lane.
struct Link {
  NodeId node = kNone;
  LaneId from_lane = kNone;
  LaneId via_lane = kNone;
  LaneId to_lane = kNone;
  RoadId from_road = kNone;
  RoadId to_road = kNone;
  MovementId movement = kNone;
  Turn turn = Turn::straight;
  LinkPriority priority = LinkPriority::major;
  SignalId signal = kNone;
  std::uint32_t signal_link = 0;     // index in the signal's state string
  std::uint32_t state_slot = kNone;  // index into SimState::link_signal (kNone: unsignalised)
  std::uint32_t foes_begin = 0;      // into Network::foes()
  std::uint32_t foes_end = 0;
  float wait_m = 0.0f;  // a yielding driver may wait inside the junction with its front here; 0: no
};

// All links from one road to another road at a junction: what planners call a movement (left, straight,
// right).
struct Movement {
  NodeId node = kNone;
  RoadId from_road = kNone;
  RoadId to_road = kNone;
  Turn turn = Turn::straight;
  std::vector<LinkId> links;
};

// A signal stage: one green state of the program. Yellow and all-red between stages are generated.
struct SignalStage {
  std::string state;      // per signal link: 'G', 'g' or 'r'
  double green_s = 30.0;  // planned green (fixed-time)
  double min_green_s = 5.0;
  double max_green_s = 90.0;
  double yellow_s = 3.0;  // clearance when leaving this stage
  double all_red_s = 0.0;
  std::string name;
};

struct Signal {
  std::string id;
  std::vector<NodeId> nodes;
  std::uint32_t link_count = 0;
  std::uint32_t first_slot = 0;  // SimState::link_signal[first_slot + i] is link index i's state
  std::vector<std::vector<LinkId>> links_of_index;  // network links per signal link index
  std::vector<SignalStage> stages;
  double offset_s = 0.0;
  double cycle_s = 0.0;           // sum of greens and clearances of the plan
  double default_yellow_s = 3.0;  // clearance for switches the plan itself never makes
  double default_all_red_s = 2.0;
  std::string program_type = "static";
  bool intergreens_inserted = false;  // the file had none: sim/intergreen.hpp gave every stage its own
};

struct VehicleType {
  std::string id;
  double length_m, min_gap_m, max_speed_mps, accel_mps2, decel_mps2, emergency_decel_mps2, headway_s, sigma;
  double speed_factor, speed_dev;
  VClassMask drives_as = kAllVClasses;  // its class's bit (every bit for SUMO's "ignoring")
};

// Checks a lane's class names; reports unknown ones. False if any is unknown.
class Diagnostics;
bool check_lane_classes(const LaneSpec& lane, const std::string& road_id, Diagnostics& diag);

class Network {
 public:
  const RoadGraph& graph() const { return graph_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Road>& roads() const { return roads_; }
  const std::vector<Lane>& lanes() const { return lanes_; }
  const std::vector<Link>& links() const { return links_; }
  const std::vector<Movement>& movements() const { return movements_; }
  const std::vector<Signal>& signals() const { return signals_; }
  const std::vector<LinkId>& foes() const { return foes_; }
  std::uint32_t signal_slot_count() const { return signal_slot_count_; }

  const Node& node(NodeId i) const { return nodes_[i]; }
  const Road& road(RoadId i) const { return roads_[i]; }
  const Lane& lane(LaneId i) const { return lanes_[i]; }
  const Link& link(LinkId i) const { return links_[i]; }

  NodeId find_node(std::string_view id) const;  // kNone if unknown
  RoadId find_road(std::string_view id) const;
  SignalId find_signal(std::string_view id) const;
  LaneId find_lane(std::string_view id) const;

  // The movement from road a to road b, kNone if b cannot be reached from a directly.
  MovementId movement_between(RoadId a, RoadId b) const;
  // Road lanes (not internal) in index order, for the flat per-lane arrays of outputs.
  std::size_t road_lane_count() const { return road_lane_count_; }

  // Bounding box of all geometry.
  Point min_corner() const { return min_corner_; }
  Point max_corner() const { return max_corner_; }

 private:
  friend class NetworkBuilder;
  RoadGraph graph_;
  std::vector<Node> nodes_;
  std::vector<Road> roads_;
  std::vector<Lane> lanes_;  // road lanes first (by road), then internal lanes
  std::vector<Link> links_;
  std::vector<Movement> movements_;
  std::vector<Signal> signals_;
  std::vector<LinkId> foes_;
  std::uint32_t signal_slot_count_ = 0;
  std::size_t road_lane_count_ = 0;
  std::unordered_map<std::string, NodeId> node_index_;
  std::unordered_map<std::string, RoadId> road_index_;
  std::unordered_map<std::string, SignalId> signal_index_;
  std::unordered_map<std::string, LaneId> lane_index_;
  std::unordered_map<std::uint64_t, MovementId> movement_index_;
  Point min_corner_, max_corner_;
};

struct VehicleTypeTable {
  std::vector<VehicleType> types;
  TypeId find(std::string_view id) const;  // kNoType if unknown
  static constexpr TypeId kNoType = 0xffff;
};

const char* turn_to_string(Turn t);

// Validates the spec and builds the network; throws InputError listing every problem found.
Network build_network(const NetworkSpec& spec, const std::string& source_file = {});

}  // namespace ampel
