#pragma once
// Live key figures for the heads-up display, gathered as a step observer (so nothing is missed between
// frames). Figures over all vehicles come first: trips finished, vehicles running and waiting to enter,
// and the mean delay over finished and running vehicles together; then the finished trips' own mean and
// the throughput over the last five minutes. After a live strategy switch (reset) the figures count from
// the switch: trips finished since, and the delay running vehicles have accrued since.
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/simulation.hpp"

namespace ampel::viz {

struct Kpis {
  std::uint64_t running = 0;            // vehicles in the network
  std::uint64_t halting = 0;            // vehicles in the network at or below the halting speed
  std::uint64_t queued = 0;             // vehicles in the queues at stop lines (sim/queue_rule.hpp)
  std::uint64_t waiting_to_insert = 0;  // released but not yet in (no room at their entry)
  std::uint64_t arrived = 0;            // trips finished since the start (or the switch)
  double mean_delay_s = 0.0;            // mean time loss of the finished trips (SUMO timeLoss)
  double all_delay_s = 0.0;             // mean time loss over finished trips and running vehicles
  double throughput_vph = 0.0;          // arrivals over the last 5 minutes (or since the start), per hour
  TimeMs since_ms = 0;                  // when these figures started counting
};

class KpiTracker : public StepObserver {
 public:
  void on_step(const Simulation& sim) override;
  // Figures as of the last step; the counts of the current state are taken here.
  Kpis kpis(const Simulation& sim) const;
  // Starts counting afresh from the state now (a live strategy switch).
  void reset(const Simulation& sim);

 private:
  static constexpr int kWindowS = 300;
  std::uint64_t arrived_ = 0;
  double delay_sum_s_ = 0.0;
  std::array<std::uint32_t, kWindowS> per_second_{};  // arrivals per simulated second, a ring
  std::int64_t last_second_ = -1;
  std::int64_t first_second_ = -1;
  TimeMs since_ms_ = -1;
  // Per vehicle slot, after a reset: who was there (source << 32 | seq) and the time loss it had then.
  std::vector<std::uint64_t> base_who_;
  std::vector<double> base_loss_s_;
  std::unordered_map<std::uint64_t, double> base_by_key_;  // the same, for trips that finish
};

}  // namespace ampel::viz
