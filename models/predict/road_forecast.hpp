#pragma once
// Forecasts per road and bin for whole days, and their scores (issue 12): persistence, the historical
// average of the training days, the learned graph regression (`ridge`) and the same with an online
// recursive-least-squares correction (`ridge_rls`). Every forecast is made at the end of an origin bin from
// what is known then; every predictor is scored on the same (road, target bin) pairs.
#include <cstdint>
#include <string>
#include <vector>

#include "models/predict/evaluate.hpp"
#include "models/predict/road_model.hpp"

namespace ampel::predict {

inline const std::vector<std::string> kRoadPredictors = {"persistence", "historical_average", "ridge",
                                                         "ridge_rls"};

struct RoadRlsOptions {
  double forgetting = 0.9;     // per bin (the samples of every horizon maturing in one bin share it)
  double prior_samples = 5.0;  // weight of the offline forecast (level 0, gain 1), in samples
};

// Every predictor's forecast of one day: value(p, h, t, bin, road) is the forecast for `bin` made
// horizon h earlier (NaN where none was made).
struct DayForecasts {
  int bins = 0, roads = 0, horizons = 0;
  std::vector<float> values;
  float& at(int p, int h, int t, int bin, int road) {
    return values[((((static_cast<std::size_t>(p) * horizons + h) * kRoadTargets + t) * bins + bin) * roads) +
                  road];
  }
  float at(int p, int h, int t, int bin, int road) const {
    return const_cast<DayForecasts*>(this)->at(p, h, t, bin, road);
  }
};

DayForecasts forecast_day(const RoadModel& m, const RoadGraph& g, const RoadSeries& day,
                          const RoadRlsOptions& rls);

// Congested: a speed below half the road's speed limit.
inline bool congested(float speed_mps, float limit_mps) {
  return speed_mps < 0.5f * limit_mps;
}

struct RoadScore {
  int predictor = 0, target = 0, horizon = 0;
  ErrorStats errors;
  double ape_sum =
      0.0;  // absolute percentage errors on congested roads (target bins whose truth is congested)
  std::uint64_t ape_n = 0;
  double mape() const { return ape_n ? 100.0 * ape_sum / static_cast<double>(ape_n) : 0.0; }
};

struct CongestionScore {
  int predictor = 0, horizon = 0;
  std::uint64_t tp = 0, fp = 0, fn = 0, tn = 0;
  double precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 0.0; }
  double recall() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 0.0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

// Onsets of congestion (a road congested in a bin and not in the one before) and how early they were
// forecast: the longest horizon whose forecast for the onset bin said congested.
struct LeadScore {
  int predictor = 0;
  std::uint64_t onsets = 0, detected = 0, detected_15 = 0;
  double lead_sum_min = 0.0;  // over detected onsets
  double mean_lead_min() const { return detected ? lead_sum_min / detected : 0.0; }
};

struct RoadEvaluation {
  std::vector<int> horizons_min;
  int roads = 0;
  std::uint64_t days = 0;
  std::vector<RoadScore> scores;            // [(p * T + t) * H + h]
  std::vector<CongestionScore> congestion;  // [p * H + h]
  std::vector<LeadScore> lead;              // [p]
  std::vector<ErrorStats> per_road;         // [((p * T + t) * H + h) * roads + road]
  const RoadScore& score(int p, int t, int h) const {
    return scores[(p * kRoadTargets + t) * horizons_min.size() + h];
  }
};

// Scores every predictor on the days (target bins from score_from_bin on).
RoadEvaluation evaluate_road_forecasts(const RoadModel& m, const RoadGraph& g,
                                       const std::vector<RoadSeries>& days, int score_from_bin,
                                       const RoadRlsOptions& rls);

std::string road_accuracy_table(const RoadEvaluation& e);
std::string road_accuracy_csv(const std::string& scenario, const RoadEvaluation& e);
std::string road_per_road_csv(const RoadEvaluation& e, const Network& net);

}  // namespace ampel::predict
