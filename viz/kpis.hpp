#pragma once
// Live key figures for the heads-up display, gathered as a step observer (so nothing is missed between
// frames): trips finished and their mean delay, and throughput over the last five minutes.
#include <array>
#include <cstdint>

#include "sim/simulation.hpp"

namespace ampel::viz {

struct Kpis {
  std::uint64_t running = 0;            // vehicles in the network
  std::uint64_t halting = 0;            // vehicles in the network at or below the halting speed
  std::uint64_t waiting_to_insert = 0;  // released but not yet in (no room at their entry)
  std::uint64_t arrived = 0;            // trips finished since the start
  double mean_delay_s = 0.0;            // mean time loss of the finished trips (SUMO timeLoss)
  double throughput_vph = 0.0;          // arrivals over the last 5 minutes (or since the start), per hour
};

class KpiTracker : public StepObserver {
 public:
  void on_step(const Simulation& sim) override;
  // Figures as of the last step; `halting` is counted here from the state.
  Kpis kpis(const Simulation& sim) const;

 private:
  static constexpr int kWindowS = 300;
  std::uint64_t arrived_ = 0;
  double delay_sum_s_ = 0.0;
  std::array<std::uint32_t, kWindowS> per_second_{};  // arrivals per simulated second, a ring
  std::int64_t last_second_ = -1;
  std::int64_t first_second_ = -1;
};

}  // namespace ampel::viz
