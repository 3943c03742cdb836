#include "viz/kpis.hpp"

#include <algorithm>

namespace ampel::viz {

void KpiTracker::on_step(const Simulation& sim) {
  // The step just taken covered [now - dt, now); its arrivals count in that second.
  std::int64_t second = (sim.now_ms() - 1) / kMsPerSecond;
  if (first_second_ < 0) first_second_ = second, last_second_ = second - 1;
  // Clear the seconds skipped since the last step (never more than the whole ring).
  for (std::int64_t s = std::max(last_second_ + 1, second - kWindowS + 1); s <= second; ++s)
    per_second_[static_cast<std::size_t>(s % kWindowS)] = 0;
  last_second_ = std::max(last_second_, second);
  for (const TripRecord& t : sim.state().events.arrivals) {
    ++arrived_;
    delay_sum_s_ += t.time_loss_s;
    ++per_second_[static_cast<std::size_t>(second % kWindowS)];
  }
}

Kpis KpiTracker::kpis(const Simulation& sim) const {
  const SimState& s = sim.state();
  Kpis k;
  k.running = s.running;
  k.waiting_to_insert = s.waiting_to_insert;
  for (std::size_t l = 0; l < sim.network().road_lane_count(); ++l) k.halting += s.lane_halting[l];
  k.arrived = arrived_;
  k.mean_delay_s = arrived_ ? delay_sum_s_ / static_cast<double>(arrived_) : 0.0;
  if (last_second_ >= 0) {
    std::int64_t span = std::min<std::int64_t>(kWindowS, last_second_ - first_second_ + 1);
    std::uint64_t sum = 0;
    for (std::int64_t i = 0; i < span; ++i)
      sum += per_second_[static_cast<std::size_t>((last_second_ - i) % kWindowS)];
    k.throughput_vph = span > 0 ? static_cast<double>(sum) * 3600.0 / static_cast<double>(span) : 0.0;
  }
  return k;
}

}  // namespace ampel::viz
