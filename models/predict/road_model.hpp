#pragma once
// The learned per-road forecast (issue 12): a graph spatio-temporal ridge regression per road, horizon and
// target (flow, speed, queue) on the day so far, its neighbours and what is known in advance, relative to the
// historical average of the training days at the target bin. Fitted by `ampel fit --days`, scored by
// `ampel forecast --days` (docs/prediction.md, "Forecasts per road").
#include <cstdint>
#include <string>
#include <vector>

#include "models/predict/road_series.hpp"

namespace ampel::predict {

// Features of one road at one origin bin and horizon (standardised by the model before use).
inline constexpr int kRoadFeatures = 32;
const std::vector<std::string>& road_feature_names();

// A day seen against a historical average: the averages themselves (for a training day: the other training
// days' mean, so no day is its own history) and the day's level so far.
struct DayView {
  const RoadSeries* s = nullptr;
  std::vector<float> hist[kRoadTargets];  // [bin * roads + road]
  std::vector<float> net_level;           // per bin: network flow so far today / historical - 1
  std::vector<float> road_level;          // per bin and road: flow of the last 6 bins / historical - 1
  std::vector<float> net_queue_dev;       // per bin: mean over roads of queue - historical queue
  DayView(const RoadSeries& series, const std::vector<float> (&hist)[kRoadTargets]);
};

// What each target is forecast relative to (the ridge regression learns the difference): flow relative to
// the historical average at the target bin; speed and queue relative to their last value, which already
// carries an incident or a spreading jam that the average never saw.
inline constexpr bool kRelativeToLast[kRoadTargets] = {false, true, true};
float road_baseline(const DayView& v, int target, int origin_bin, int target_bin, int road);

void road_features(const DayView& v, const RoadGraph& g, int road, int origin_bin, int horizon_bins,
                   float* out);

struct RoadModelOptions {
  double bin_s = 300.0;
  std::vector<int> horizons_min = {5, 15, 30, 60};
  std::vector<double> lambdas = {0.3, 3, 30, 300, 3000};  // chosen per road, horizon and target
  int folds = 5;                                          // cross-validation over days
  int first_origin_bin = 2;                               // the first origin with two lagged bins
};

struct RoadModel {
  std::string network_name, fingerprint;
  double bin_s = 300.0;
  std::vector<int> horizons_min;
  int bins = 0, roads = 0;
  int first_origin_bin = 2;
  std::vector<std::uint64_t> days;        // training days
  std::vector<float> hist[kRoadTargets];  // mean over the training days, [bin * roads + road]
  std::vector<float> hist_sum[kRoadTargets];
  bool has_ridge = false;
  // Per horizon and road: feature mean and scale; per target, horizon and road: the intercept, then one
  // coefficient per feature (on the standardised features), and the penalty chosen.
  std::vector<float> feature_mean, feature_scale;  // [(h * roads + road) * kRoadFeatures + d]
  std::vector<float> coef;                         // [((t * H + h) * roads + road) * (kRoadFeatures + 1) + d]
  std::vector<float> lambda;                       // [(t * H + h) * roads + road]
  std::vector<float> residual_sd;                  // [t * roads + road]: sd of y - hist over training

  int horizon_bins(std::size_t h) const;
  // Historical average of a target at a bin (the last bin's beyond the recorded day).
  float hist_at(int target, int bin, int road) const;
  // The ridge forecast of y - hist at the target bin, from raw features.
  double ridge_residual(int target, std::size_t h, int road, const float* features) const;
  // Historical averages without one training day (for its features); the full ones for another day.
  void hist_without(const RoadSeries& s, bool is_training_day, std::vector<float> (&out)[kRoadTargets]) const;
};

// Fits the historical average and, with `ridge`, the regression, from training days of one network.
RoadModel fit_road_model(const Network& net, const std::string& network_name,
                         const std::vector<RoadSeries>& days, const RoadModelOptions& options, bool ridge);

std::string road_model_to_json(const RoadModel& m);
RoadModel road_model_from_json(const std::string& text, const std::string& path);
RoadModel read_road_model_file(const std::string& path);
// Throws InputError naming the file if the model was fitted on another network.
void check_road_model(const RoadModel& m, const Network& net, const std::string& path);

}  // namespace ampel::predict
