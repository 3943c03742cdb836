#pragma once
// The learned model's feature layout for one road lane L (on road R) at the end of bin t, with p lags:
//   bias
//   arrivals_lag0..p-1     vehicles that entered L in bins t, t-1, ...
//   queue_lag0..p-1        mean halting vehicles on L in bins t, t-1, ...
//   halting_now            halting vehicles on L at the end of bin t
//   on_lane_now            vehicles on L at the end of bin t
//   approaching_now        vehicles upstream (road or junction lanes) whose next link enters L
//   up_arrivals_<turn>_lag0, _lag1   vehicles entering the upstream roads (roads ending at R's upstream node
//                                    with a movement into R), summed by the turn they make into R:
//                                    straight, left, right, other
//   up_queue_<turn>        mean halting vehicles on those roads in bin t
//   down_queue             mean halting vehicles in bin t on the lanes L's links lead to
//   profile_arrivals_now, profile_queue_now        time of day: the historical profile of L at bin t
//   profile_arrivals_target, profile_queue_target  ... and at the target bin t + k (depends on the horizon)
// Every feature but the last two is the "base" vector, computed once per bin for every horizon.
#include <span>
#include <string>
#include <vector>

#include "models/predict/model.hpp"
#include "models/predict/observations.hpp"
#include "sim/network.hpp"

namespace ampel::predict {

class FeatureLayout {
 public:
  FeatureLayout(const Network& net, int lags);

  int lags() const { return lags_; }
  std::size_t size() const { return names_.size(); }  // d
  std::size_t base_size() const { return names_.size() - 2; }
  const std::vector<std::string>& names() const { return names_; }
  // Index of a feature by name; throws std::out_of_range for an unknown one.
  std::size_t index_of(const std::string& name) const;

  // Base features of every road lane at the end of history[0]: out[lane * base_size() + j]. history[i] is the
  // bin i bins back (nullptr when it does not exist: counts then are zero). `profile` supplies the
  // time-of-day profile (PredictionModel::profile_*); nullptr: zeros.
  void base_features(std::span<const BinRecord* const> history, const PredictionModel* profile,
                     std::vector<double>& out) const;
  // The two target features for lane `lane` and the bin `target_tod_bin`.
  static void target_features(const PredictionModel* profile, std::int64_t target_tod_bin, LaneId lane,
                              double* out);

 private:
  const Network* net_;
  int lags_;
  std::vector<std::string> names_;
  struct Upstream {
    RoadId road;
    int slot;  // 0 straight, 1 left, 2 right, 3 other
  };
  std::vector<std::vector<Upstream>> upstream_;  // per road
  std::vector<std::vector<LaneId>> downstream_;  // per road lane: lanes its links lead to
};

}  // namespace ampel::predict
