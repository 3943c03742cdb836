#include "viz/kpis.hpp"

#include <algorithm>

namespace ampel::viz {

namespace {
std::uint64_t key_of(const VehicleRecord& v) {
  return (std::uint64_t{v.source} << 32) | v.seq;
}
}  // namespace

void KpiTracker::on_step(const Simulation& sim) {
  if (since_ms_ < 0) since_ms_ = sim.scenario().begin_ms;
  // The step just taken covered [now - dt, now); its arrivals count in that second.
  std::int64_t second = (sim.now_ms() - 1) / kMsPerSecond;
  if (first_second_ < 0) first_second_ = second, last_second_ = second - 1;
  // Clear the seconds skipped since the last step (never more than the whole ring).
  for (std::int64_t s = std::max(last_second_ + 1, second - kWindowS + 1); s <= second; ++s)
    per_second_[static_cast<std::size_t>(s % kWindowS)] = 0;
  last_second_ = std::max(last_second_, second);
  for (const TripRecord& t : sim.state().events.arrivals) {
    ++arrived_;
    double base = 0;
    // A trip under way at a switch counts only the delay it accrued after it.
    if (auto it = base_by_key_.find((std::uint64_t{t.source} << 32) | t.seq); it != base_by_key_.end()) {
      base = it->second;
      base_by_key_.erase(it);
    }
    delay_sum_s_ += t.time_loss_s - base;
    ++per_second_[static_cast<std::size_t>(second % kWindowS)];
  }
}

void KpiTracker::reset(const Simulation& sim) {
  const SimState& s = sim.state();
  arrived_ = 0;
  delay_sum_s_ = 0;
  per_second_.fill(0);
  last_second_ = first_second_ = -1;
  since_ms_ = s.now_ms;
  base_who_.assign(s.vehicles.size(), ~std::uint64_t{0});
  base_loss_s_.assign(s.vehicles.size(), 0.0);
  base_by_key_.clear();
  for (std::size_t i = 0; i < s.vehicles.size(); ++i)
    if (s.vehicles[i].active) {
      base_who_[i] = key_of(s.vehicles[i]);
      base_loss_s_[i] = s.vehicles[i].time_loss_s;
      base_by_key_[base_who_[i]] = base_loss_s_[i];
    }
}

Kpis KpiTracker::kpis(const Simulation& sim) const {
  const SimState& s = sim.state();
  Kpis k;
  k.since_ms = since_ms_ < 0 ? sim.scenario().begin_ms : since_ms_;
  k.running = s.running;
  k.waiting_to_insert = s.waiting_to_insert;
  for (std::size_t l = 0; l < sim.network().road_lane_count(); ++l) {
    k.halting += s.lane_halting[l];
    k.queued += s.lane_queue_veh[l];
  }
  k.arrived = arrived_;
  k.mean_delay_s = arrived_ ? delay_sum_s_ / static_cast<double>(arrived_) : 0.0;
  double running_loss = 0;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < s.vehicles.size(); ++i) {
    const VehicleRecord& v = s.vehicles[i];
    if (!v.active) continue;
    double base = i < base_who_.size() && base_who_[i] == key_of(v) ? base_loss_s_[i] : 0.0;
    running_loss += v.time_loss_s - base;
    ++running;
  }
  std::uint64_t all = arrived_ + running;
  k.all_delay_s = all ? (delay_sum_s_ + running_loss) / static_cast<double>(all) : 0.0;
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
