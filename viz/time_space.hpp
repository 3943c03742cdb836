#pragma once
// A time-space diagram along a route (an arterial): every vehicle's trajectory over the last minutes,
// distance along the route against time, coloured by speed, with the signal state of the route's movement
// at each signalised stop line. The route comes from `--route` (road ids) or from a click on a road (the
// arterial through it: straight on at both ends as far as a straight movement leads).
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/simulation.hpp"

namespace ampel::viz {

struct RoutePath {
  std::vector<RoadId> roads;
  std::vector<double> start_m;  // distance along the route where each road starts
  double length_m = 0.0;
  struct Stop {
    double at_m = 0.0;           // the stop line's distance along the route
    std::uint32_t slot = kNone;  // SimState::link_signal slot of the route's movement there
    NodeId node = kNone;
  };
  std::vector<Stop> stops;
  std::string title;  // its streets, "Holstenwall → Gorch-Fock-Wall", or first and last road ids
};

// Throws InputError (place `--route`) for an unknown road or one that does not follow the one before.
RoutePath route_from_ids(const Network& net, const std::vector<std::string>& road_ids);
// The arterial through `road`.
RoutePath arterial_through(const Network& net, RoadId road);

struct TrajectoryPoint {
  float t_s = 0, s_m = 0, speed_mps = 0;
};

struct TimeSpaceData {
  std::shared_ptr<const RoutePath> route;
  double t0_s = 0, t1_s = 0;                         // the window shown (simulated seconds)
  std::vector<std::vector<TrajectoryPoint>> traces;  // one per vehicle, oldest point first
  std::vector<std::vector<char>> signal_states;      // per stop, one state per second from t0_s
  // Per trace: the vehicle joined the route after its first road (turned in from a side street, or departed
  // there), so its line starts just past a stop line whatever that line's signal shows.
  std::vector<std::uint8_t> joined;
};

class TimeSpaceRecorder : public StepObserver {
 public:
  TimeSpaceRecorder(const Network& net, std::shared_ptr<const RoutePath> route, double window_s = 600);
  void on_step(const Simulation& sim) override;  // samples once per simulated second
  // The recording as of the last sample (a new object each sample, so a reader may keep it).
  std::shared_ptr<const TimeSpaceData> data() const { return data_; }
  const std::shared_ptr<const RoutePath>& route() const { return route_; }

 private:
  std::shared_ptr<const RoutePath> route_;
  double window_s_;
  std::unordered_map<LaneId, double> lane_offset_m_;  // route lanes (road and junction): where they start
  std::unordered_map<LaneId, bool> past_first_road_;  // route lanes: a road lane after the first road
  std::vector<LaneId> lanes_;
  struct Trace {
    std::vector<TrajectoryPoint> points;
    bool joined = false;
  };
  std::unordered_map<std::uint64_t, Trace> traces_;
  std::vector<std::vector<char>> states_;  // per stop
  std::vector<double> state_t_s_;          // time of each state sample
  std::int64_t next_sample_s_ = -1;
  std::shared_ptr<const TimeSpaceData> data_;
};

}  // namespace ampel::viz
