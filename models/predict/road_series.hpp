#pragma once
// Per road (edge) and time bin (5 minutes by default): what a traffic centre's detectors give and what
// issue 12's forecasts are about. Definitions (docs/prediction.md):
//   flow      vehicles that entered the road during the bin (any lane), as veh/h;
//   speed     space-mean speed: over the bin's steps, the sum of the speeds of the vehicles on the road over
//             the number of vehicles on it (m/s); the speed limit when the road was empty all bin;
//   queue     mean over the bin's steps of the road's halting vehicles;
//   congested speed below half the speed limit;
//   closed    lanes of the road closed at the bin's end (an incident, known from its start).
#include <cstdint>
#include <vector>

#include "sim/simulation.hpp"

namespace ampel::predict {

inline constexpr int kRoadTargets = 3;  // flow, speed, queue
enum RoadTarget : int { kFlow = 0, kSpeed = 1, kQueue = 2 };
const char* road_target_name(int target);
const char* road_target_unit(int target);

// One day (one run) of per-road bins; every vector is bin-major: [bin * roads + road].
struct RoadSeries {
  std::uint64_t day = 0;
  double bin_s = 300.0;
  int bins = 0;
  int roads = 0;
  std::vector<float> values[kRoadTargets];
  std::vector<float> closed_lanes;
  std::vector<float> event;  // per bin: a planned event active during it (0 / 1), known in advance
  bool bad_weather = false;  // known in advance
  float at(int target, int bin, int road) const { return values[target][bin * roads + road]; }
  float closed(int bin, int road) const { return closed_lanes[bin * roads + road]; }
};

// The road graph a forecast uses: per road its upstream roads (into its start node) and downstream roads
// (out of its end node), without the road running back the other way.
struct RoadGraph {
  std::vector<std::vector<int>> upstream, downstream;
  std::vector<float> speed_limit_mps;
  explicit RoadGraph(const Network& net);
};

// Records a RoadSeries over a run (attach with Simulation::add_observer, then take() after run()).
class RoadRecorder : public StepObserver {
 public:
  RoadRecorder(const Scenario& scenario, double bin_s);
  void on_step(const Simulation& sim) override;
  // The closed bins; the last, partial bin of the run is closed too.
  RoadSeries take(const Simulation& sim);

 private:
  void close_bin(const Simulation& sim);
  const Network& net_;
  TimeMs begin_ms_, bin_ms_;
  RoadSeries s_;
  int open_bin_ = 0;
  std::vector<std::uint64_t> entered_at_open_;  // per road
  std::vector<double> speed_sum_, vehicles_, halting_sum_;
  int ticks_ = 0;
};

}  // namespace ampel::predict
