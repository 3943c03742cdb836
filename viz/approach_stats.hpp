#pragma once
// Per-approach figures for the junction panel, over the last 15 minutes (the HCM's analysis period): the
// vehicles that crossed each approach's stop line, their flow, and their mean control delay, with the
// level of service it gives. A vehicle's control delay on an approach is the time it lost there against
// driving at its desired speed (the part of its trip's timeLoss, docs/metrics.md, accrued since it entered
// the approach road), counted when it crosses the stop line.
#include <cstdint>
#include <vector>

#include "sim/simulation.hpp"

namespace ampel::viz {

// Level of service from the mean control delay per vehicle (s), HCM 6th edition: signalised intersections
// (Exhibit 19-8) A <= 10 < B <= 20 < C <= 35 < D <= 55 < E <= 80 < F; two-way and all-way stop control
// (Exhibits 20-2, 21-8) A <= 10 < B <= 15 < C <= 25 < D <= 35 < E <= 50 < F. Only the delay is used (the
// HCM also gives F to a movement over capacity). '-' when no vehicle was measured.
char level_of_service(double delay_s, bool signalised);

struct ApproachFigures {
  std::uint32_t vehicles = 0;  // crossed the stop line in the window
  double delay_s = -1.0;       // mean control delay per vehicle; -1: none crossed
  double flow_vph = 0.0;
  double window_s = 0.0;  // the time the figures cover (15 min, or less early on or after a reset)
};

class ApproachStats : public StepObserver {
 public:
  static constexpr int kWindowMin = 15;
  explicit ApproachStats(const Network& net);
  void on_step(const Simulation& sim) override;
  // Forgets everything measured so far (after a strategy switch), from `now_ms` on.
  void reset(TimeMs now_ms);

  ApproachFigures approach(RoadId road) const;
  // Every approach of a junction together (flow-weighted delay).
  ApproachFigures junction(NodeId node) const;

 private:
  ApproachFigures figures(const std::vector<RoadId>& roads) const;
  const Network* net_;
  // Per vehicle slot: whose loss it holds (source << 32 | seq) and its timeLoss when it entered its road.
  std::vector<std::uint64_t> who_;
  std::vector<double> loss_at_entry_;
  // Per road: per minute of the window, a ring: control delay summed and vehicles counted.
  std::vector<double> delay_sum_;
  std::vector<std::uint32_t> count_;
  std::int64_t minute_ = -1;  // newest minute in the ring
  TimeMs since_ms_ = -1, now_ms_ = 0;
};

}  // namespace ampel::viz
