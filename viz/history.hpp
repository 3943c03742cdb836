#pragma once
// The recent past of every signalised junction, for the junction panel: which stage showed what, the
// queue on each approach and the vehicles crossing the stop lines, one sample per simulated second over
// the last five minutes. A step observer, so it sees every step whatever the frame rate.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/simulation.hpp"

namespace ampel::viz {

struct PhaseSample {
  std::uint16_t stage = 0;
  std::uint16_t target = 0;
  SignalInterval interval = SignalInterval::green;
};

// One junction's last `window_s` seconds, oldest sample first (fewer samples early in the run).
struct JunctionSeries {
  NodeId node = kNone;
  TimeMs end_ms = 0;                          // time of the newest sample
  std::vector<PhaseSample> phases;            // per second
  std::vector<RoadId> approaches;             // the junction's incoming roads
  std::vector<std::vector<float>> queue_veh;  // [approach][second]: halting vehicles on the approach
  std::vector<std::vector<float>> crossed;    // [approach][second]: vehicles that crossed its stop line
};

class JunctionHistory : public StepObserver {
 public:
  static constexpr int kWindowS = 300;
  explicit JunctionHistory(const Network& net);
  void on_step(const Simulation& sim) override;
  // The series of one junction; an empty series (no samples) for a node without a signal.
  JunctionSeries series(NodeId node) const;

 private:
  struct Track {
    std::vector<RoadId> approaches;
    std::vector<PhaseSample> phases;         // ring of kWindowS
    std::vector<float> queue;                // ring of kWindowS x approaches
    std::vector<float> crossed;              // same layout
    std::vector<float> crossed_this_second;  // per approach, accumulating
  };
  const Network* net_;
  std::vector<std::int32_t> track_of_node_;  // -1: not tracked
  std::vector<Track> tracks_;
  std::int64_t samples_ = 0;  // samples taken so far
  TimeMs last_sample_ms_ = 0;
  std::int64_t next_sample_s_ = -1;
};

}  // namespace ampel::viz
