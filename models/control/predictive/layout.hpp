#pragma once
// What the predictive controller precomputes once per signal: its approach groups (the lanes of one road
// served in the same stages), its exit roads, each stage's service of each group, the clearance
// between any two stages, and where the neighbours' plans meet it (the junction lanes feeding each
// approach, the signals upstream and downstream).
#include <cstdint>
#include <vector>

#include "models/control/predictive/projection.hpp"
#include "sim/network.hpp"

namespace ampel::predictive {

struct ApproachGroup {
  RoadId road = kNone;
  std::vector<LaneId> lanes;  // road lanes, ascending
  float free_speed_mps = 0;   // speed assumed for arrivals at the stop line
  float travel_s = 0;         // from the upstream stop line to this stop line at that speed
  SignalId upstream = kNone;  // signal at the road's upstream junction (kNone: none)
  bool from_fringe = false;   // the road starts at the network's edge
};

struct ExitRoad {
  RoadId road = kNone;
  bool open_end = false;        // ends at the network's edge: never fills
  SignalId downstream = kNone;  // signal at the road's downstream junction (kNone: none)
};

// A junction lane leading into one of this signal's approach groups (vehicles that crossed upstream).
struct Feeder {
  LaneId via_lane = kNone;
  std::uint16_t group = 0;
  float rest_m = 0;  // from the junction lane's end to the stop line
};

struct SignalLayout {
  StageModel model;
  std::vector<ApproachGroup> groups;
  std::vector<ExitRoad> exits;
  std::vector<RoadId> approach_roads;  // distinct roads of the groups
  std::vector<Feeder> feeders;
  std::vector<LaneId> own_vias;             // junction lanes of this signal's links
  std::vector<std::uint16_t> own_via_exit;  // their exit index
  std::vector<float> default_share;         // [g * exits + e]: equal shares over the exits each group reaches
};

struct LayoutSettings {
  float permissive_factor = 0.5f;  // share of saturation flow a permissive ('g') link gets
  float speed_factor = 0.95f;      // assumed speed over the speed limit
};

struct NetworkLayout {
  std::vector<SignalLayout> signals;  // indexed like Network::signals()
  // Per road lane: its signal's group (kNone if no signal controls it).
  std::vector<std::uint32_t> lane_signal;
  std::vector<std::uint16_t> lane_group;
  // Per link: the exit index at its signal (kNone if uncontrolled).
  std::vector<std::uint32_t> link_exit;
};

NetworkLayout build_layout(const Network& net, const LayoutSettings& settings);

}  // namespace ampel::predictive
