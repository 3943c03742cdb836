#include "models/predict/predictor.hpp"

#include <algorithm>
#include <cmath>

namespace ampel::predict {

Predictor::Predictor(const Network& net, const PredictorSettings& settings)
    : net_(net),
      settings_(settings),
      log_(net, seconds_to_ms(settings.bin_s),
           static_cast<std::size_t>(std::max(settings.horizon_bins, 1)) + 16),
      forecasts_(static_cast<std::size_t>(std::max(settings.horizon_bins, 1)) * net.road_lane_count()) {
  settings_.horizon_bins = std::max(settings_.horizon_bins, 1);
}

void Predictor::observe(const ControlContext& ctx) {
  int closed = log_.observe(ctx);
  if (closed > 0) on_bin_closed(ctx);
}

int Predictor::bins_ahead(double horizon_s) const {
  // The bin containing now + h, counted from the last closed bin (the open bin is k = 1).
  TimeMs target = log_.now_ms() + seconds_to_ms(std::max(horizon_s, 0.0));
  TimeMs open_begin = log_.open_bin_end_ms() - log_.bin_ms();
  std::int64_t k = 1 + std::max<std::int64_t>(0, (target - open_begin) / log_.bin_ms());
  return static_cast<int>(std::min<std::int64_t>(k, settings_.horizon_bins));
}

LaneForecast Predictor::forecast_bin(LaneId lane, int k) const {
  k = std::clamp(k, 1, settings_.horizon_bins);
  return forecasts_[static_cast<std::size_t>(k - 1) * net_.road_lane_count() + lane];
}

LaneForecast Predictor::forecast(LaneId lane, double horizon_s) const {
  return forecast_bin(lane, bins_ahead(horizon_s));
}

void Predictor::forecast_all(double horizon_s, std::span<LaneForecast> out) const {
  int k = bins_ahead(horizon_s);
  std::size_t lanes = std::min(out.size(), net_.road_lane_count());
  for (std::size_t l = 0; l < lanes; ++l) out[l] = forecast_bin(static_cast<LaneId>(l), k);
}

double Predictor::movement_arrivals_vph(MovementId movement, double horizon_s) const {
  int k = bins_ahead(horizon_s);
  double sum = 0.0;
  for (LinkId link : net_.movements()[movement].links) {
    const Link& l = net_.link(link);
    // Every link of a lane shares the lane's forecast by the observed split.
    sum += forecast_bin(l.from_lane, k).arrivals_vph * log_.link_share(link);
  }
  return sum;
}

}  // namespace ampel::predict
