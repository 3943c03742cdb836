#pragma once
// Congestion prediction: forecasts, per road lane (and per movement), of arrivals and queue at horizons from
// one control tick up to 15 minutes (DESIGN.md §5).
//
// Time is cut into bins of `bin_s` seconds aligned to the scenario's begin. A predictor is fed the state on
// every observation tick (`observe`, at least once per bin, in time order); it aggregates the cumulative
// counts of SimState into per-bin values and, whenever a bin closes, issues forecasts for the next
// `horizon_bins` bins. Definitions (docs/prediction.md):
//   arrivals of a lane in a bin = vehicles that entered it during the bin (SimState::lane_entered
//   increments),
//                                 reported as a rate in veh/h;
//   queue of a lane in a bin    = mean over the bin's observation ticks of its halting vehicles
//                                 (SimState::lane_halting), in vehicles.
// A forecast at horizon h (seconds after the last observation) refers to the bin that contains now + h. All
// query methods are const and a predictor is copyable through clone(), so a viewer can read a snapshot.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/predict/observations.hpp"
#include "sim/controller.hpp"
#include "sim/network.hpp"

namespace ampel::predict {

// What a predictor says about one road lane over one future bin.
struct LaneForecast {
  double arrivals_vph = 0.0;  // rate of vehicles entering the lane, veh/h (>= 0)
  double queue_veh = 0.0;     // mean halting vehicles on the lane (>= 0)
};

struct PredictorSettings {
  double bin_s = 60.0;    // aggregation bin and forecast resolution, seconds
  int horizon_bins = 16;  // forecasts for bins 1..horizon_bins after the last closed one (16 x 60 s covers
                          // 15 minutes from any moment inside the current bin)
};

class Predictor {
 public:
  Predictor(const Network& net, const PredictorSettings& settings);
  virtual ~Predictor() = default;

  virtual std::string name() const = 0;
  virtual std::unique_ptr<Predictor> clone() const = 0;

  // Feeds the state at ctx.now_ms (every observation tick, in time order). Closes every bin that ended at or
  // before now and then asks the implementation for fresh forecasts.
  void observe(const ControlContext& ctx);

  // Forecast for one road lane, or for every road lane (out.size() == network.road_lane_count()), for the bin
  // containing now + horizon_s. Horizons beyond the last forecast bin are clamped to it; before the first
  // closed bin every forecast is zero.
  LaneForecast forecast(LaneId lane, double horizon_s) const;
  void forecast_all(double horizon_s, std::span<LaneForecast> out) const;
  // Forecast for the k-th bin after the last closed one (1 <= k <= horizon_bins): what the evaluation scores.
  LaneForecast forecast_bin(LaneId lane, int k) const;
  // Arrivals of a movement (veh/h) at horizon_s: its road's lane forecasts times each lane's observed share
  // of entering vehicles headed for the movement.
  double movement_arrivals_vph(MovementId movement, double horizon_s) const;

  const ObservationLog& log() const { return log_; }
  const PredictorSettings& settings() const { return settings_; }
  TimeMs now_ms() const { return log_.now_ms(); }

 protected:
  // Called once per closed bin, right after the log recorded it (ctx is the state at the observation that
  // closed it). Implementations refresh forecasts_: forecasts_[(k - 1) * lanes + lane] for k
  // = 1..horizon_bins.
  virtual void on_bin_closed(const ControlContext& ctx) = 0;

  const Network& net_;
  PredictorSettings settings_;
  ObservationLog log_;
  std::vector<LaneForecast> forecasts_;  // horizon-major: [(k - 1) * road_lanes + lane]

 private:
  int bins_ahead(double horizon_s) const;
};

}  // namespace ampel::predict
