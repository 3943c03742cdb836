#include "viz/approach_stats.hpp"

#include <algorithm>

namespace ampel::viz {

char level_of_service(double delay_s, bool signalised) {
  if (delay_s < 0) return '-';
  static const double kSignalised[] = {10, 20, 35, 55, 80};
  static const double kStop[] = {10, 15, 25, 35, 50};
  const double* limits = signalised ? kSignalised : kStop;
  for (int i = 0; i < 5; ++i)
    if (delay_s <= limits[i]) return static_cast<char>('A' + i);
  return 'F';
}

ApproachStats::ApproachStats(const Network& net)
    : net_(&net),
      delay_sum_(net.roads().size() * kWindowMin, 0.0),
      count_(net.roads().size() * kWindowMin, 0) {}

void ApproachStats::reset(TimeMs now_ms) {
  std::fill(delay_sum_.begin(), delay_sum_.end(), 0.0);
  std::fill(count_.begin(), count_.end(), 0u);
  since_ms_ = now_ms;
  now_ms_ = now_ms;
  minute_ = -1;
}

void ApproachStats::on_step(const Simulation& sim) {
  const SimState& s = sim.state();
  if (since_ms_ < 0) since_ms_ = s.now_ms - sim.scenario().step_ms;
  now_ms_ = s.now_ms;
  std::int64_t minute = (s.now_ms - 1) / 60000;
  if (minute_ < 0) minute_ = minute;
  // Clear the minutes the ring moves over.
  for (std::int64_t m = std::max(minute_ + 1, minute - kWindowMin + 1); m <= minute; ++m) {
    std::size_t slot = static_cast<std::size_t>(m % kWindowMin);
    for (std::size_t r = 0; r < net_->roads().size(); ++r) {
      delay_sum_[r * kWindowMin + slot] = 0.0;
      count_[r * kWindowMin + slot] = 0;
    }
  }
  minute_ = std::max(minute_, minute);
  if (who_.size() < s.vehicles.size()) {
    who_.resize(s.vehicles.size(), ~std::uint64_t{0});
    loss_at_entry_.resize(s.vehicles.size(), 0.0);
  }
  std::size_t slot = static_cast<std::size_t>(minute % kWindowMin);
  for (const Crossing& c : s.events.crossings) {
    const VehicleRecord& v = s.vehicles[c.vehicle];
    std::uint64_t key = (std::uint64_t{v.source} << 32) | v.seq;
    // A vehicle not seen at a stop line before started on this road, with no loss yet.
    double entry = who_[c.vehicle] == key ? loss_at_entry_[c.vehicle] : 0.0;
    RoadId road = net_->link(c.link).from_road;
    delay_sum_[road * kWindowMin + slot] += std::max(0.0, v.time_loss_s - entry);
    ++count_[road * kWindowMin + slot];
    who_[c.vehicle] = key;
    loss_at_entry_[c.vehicle] = v.time_loss_s;
  }
}

ApproachFigures ApproachStats::figures(const std::vector<RoadId>& roads) const {
  ApproachFigures f;
  double sum = 0;
  for (RoadId r : roads)
    for (int m = 0; m < kWindowMin; ++m) {
      sum += delay_sum_[r * kWindowMin + m];
      f.vehicles += count_[r * kWindowMin + m];
    }
  // The ring holds the minutes minute_ - 14 .. minute_ (the newest one under way).
  TimeMs oldest_ms = std::max<TimeMs>(0, (minute_ - kWindowMin + 1) * 60000);
  f.window_s = ms_to_seconds(now_ms_ - std::max(since_ms_, oldest_ms));
  if (f.vehicles > 0) f.delay_s = sum / f.vehicles;
  if (f.window_s > 0) f.flow_vph = f.vehicles * 3600.0 / f.window_s;
  return f;
}

ApproachFigures ApproachStats::approach(RoadId road) const {
  return figures({road});
}

ApproachFigures ApproachStats::junction(NodeId node) const {
  return figures(net_->node(node).in_roads);
}

}  // namespace ampel::viz
