#pragma once
// Historical average: every future bin is forecast by the mean of earlier runs (replications, or earlier
// days) at the same time of day, from the profile stored in a model file (`ampel fit`). Blind to today's
// traffic.
#include "models/predict/model.hpp"
#include "models/predict/predictor.hpp"

namespace ampel::predict {

class HistoricalAveragePredictor : public Predictor {
 public:
  HistoricalAveragePredictor(const Network& net, const PredictorSettings& settings,
                             std::shared_ptr<const PredictionModel> model);
  std::string name() const override { return "historical_average"; }
  std::unique_ptr<Predictor> clone() const override {
    return std::make_unique<HistoricalAveragePredictor>(*this);
  }

 protected:
  void on_bin_closed(const ControlContext& ctx) override;

 private:
  std::shared_ptr<const PredictionModel> model_;
};

}  // namespace ampel::predict
