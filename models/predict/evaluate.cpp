#include "models/predict/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ampel::predict {

ForecastEvaluator::ForecastEvaluator(const Network& net, std::vector<std::unique_ptr<Predictor>> predictors,
                                     EvaluationOptions options)
    : net_(net),
      predictors_(std::move(predictors)),
      options_(std::move(options)),
      truth_(net, seconds_to_ms(predictors_.empty() ? 60.0 : predictors_[0]->settings().bin_s), 2) {
  for (const auto& p : predictors_)
    if (p->settings().bin_s != predictors_[0]->settings().bin_s)
      throw std::invalid_argument("predictors compared side by side must share their bin length");
  double bin_s = predictors_.empty() ? 60.0 : predictors_[0]->settings().bin_s;
  for (double h : options_.horizons_min)
    horizon_bins_.push_back(std::max(1, static_cast<int>(std::lround(h * 60.0 / bin_s))));
  pending_.assign(predictors_.size(), std::vector<std::vector<Pending>>(horizon_bins_.size()));
  errors_.assign(predictors_.size(),
                 std::vector<std::array<std::array<ErrorStats, 2>, 2>>(horizon_bins_.size()));
}

void ForecastEvaluator::on_step(const Simulation& sim) {
  ControlContext ctx{sim.scenario(), sim.network(), sim.state(), sim.now_ms()};
  for (auto& p : predictors_) p->observe(ctx);
  if (truth_.observe(ctx) == 0) return;
  const BinRecord& bin = *truth_.bin(0);
  std::size_t lanes = net_.road_lane_count();
  double to_vph = 3600.0 / ms_to_seconds(truth_.bin_ms());
  TimeMs begin = bin.end_ms - truth_.bin_ms();
  bool scored = bin.end_ms > options_.score_from_ms;
  bool in_event =
      options_.event_from_ms >= 0 && bin.end_ms > options_.event_from_ms && begin < options_.event_to_ms;
  for (std::size_t p = 0; p < predictors_.size(); ++p) {
    for (std::size_t h = 0; h < horizon_bins_.size(); ++h) {
      auto& queue = pending_[p][h];
      // Score the forecast made for this bin, if any.
      auto it = std::find_if(queue.begin(), queue.end(),
                             [&](const Pending& q) { return q.target_index == bin.index; });
      if (it != queue.end() && scored) {
        auto& e = errors_[p][h];
        for (std::size_t l = 0; l < lanes; ++l) {
          double ea = it->lanes[l].arrivals_vph - bin.arrivals_veh[l] * to_vph;
          double eq = it->lanes[l].queue_veh - bin.queue_veh[l];
          e[0][0].add(ea), e[1][0].add(eq);
          if (in_event) e[0][1].add(ea), e[1][1].add(eq);
          if (options_.keep_series)
            series_.push_back({static_cast<std::uint16_t>(p), static_cast<std::uint16_t>(h),
                               static_cast<LaneId>(l), bin.end_ms,
                               static_cast<float>(it->lanes[l].arrivals_vph),
                               static_cast<float>(bin.arrivals_veh[l] * to_vph),
                               static_cast<float>(it->lanes[l].queue_veh), bin.queue_veh[l]});
        }
      }
      queue.erase(std::remove_if(queue.begin(), queue.end(),
                                 [&](const Pending& q) { return q.target_index <= bin.index; }),
                  queue.end());
      // Issue the forecast for k bins ahead.
      Pending next{bin.index + horizon_bins_[h], std::vector<LaneForecast>(lanes)};
      for (std::size_t l = 0; l < lanes; ++l)
        next.lanes[l] = predictors_[p]->forecast_bin(static_cast<LaneId>(l), horizon_bins_[h]);
      queue.push_back(std::move(next));
    }
  }
}

std::vector<ForecastScore> ForecastEvaluator::scores() const {
  std::vector<ForecastScore> out;
  const char* quantities[] = {"arrivals", "queue"};
  const char* scopes[] = {"all", "event"};
  bool has_event = options_.event_from_ms >= 0;
  for (std::size_t p = 0; p < predictors_.size(); ++p)
    for (int q = 0; q < 2; ++q)
      for (int s = 0; s < (has_event ? 2 : 1); ++s)
        for (std::size_t h = 0; h < horizon_bins_.size(); ++h)
          out.push_back({predictors_[p]->name(), quantities[q], scopes[s], options_.horizons_min[h],
                         errors_[p][h][static_cast<std::size_t>(q)][static_cast<std::size_t>(s)]});
  return out;
}

}  // namespace ampel::predict
