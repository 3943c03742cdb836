#include "models/predict/historical.hpp"

namespace ampel::predict {

HistoricalAveragePredictor::HistoricalAveragePredictor(const Network& net, const PredictorSettings& settings,
                                                       std::shared_ptr<const PredictionModel> model)
    : Predictor(net, settings), model_(std::move(model)) {}

void HistoricalAveragePredictor::on_bin_closed(const ControlContext&) {
  std::int64_t tod = log_.bin(0)->tod_bin;
  double to_vph = 3600.0 / settings_.bin_s;
  std::size_t lanes = net_.road_lane_count();
  for (int k = 1; k <= settings_.horizon_bins; ++k)
    for (LaneId l = 0; l < lanes; ++l)
      forecasts_[static_cast<std::size_t>(k - 1) * lanes + l] = {
          model_->profile_arrivals(tod + k, l) * to_vph, model_->profile_queue(tod + k, l)};
}

}  // namespace ampel::predict
