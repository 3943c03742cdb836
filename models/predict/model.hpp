#pragma once
// A fitted prediction model, as `ampel fit` writes it and `historical_average` / `ridge` read it: the network
// it belongs to (fingerprint), the time-of-day profile of every road lane, and the ridge coefficients per
// lane and horizon over a fixed feature layout (models/predict/features.hpp). File format:
// docs/prediction.md.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/network.hpp"

namespace ampel::predict {

struct PredictionModel {
  // Network.
  std::string network_name;
  std::string fingerprint;            // network_fingerprint() of the network it was fitted on
  std::vector<std::string> lane_ids;  // road lanes in index order
  // Layout.
  double bin_s = 60.0;
  int horizon_bins = 16;
  int lags = 4;
  double max_abs_z = 6.0;             // clipping of standardised features, in training and forecasting
  std::vector<std::string> features;  // names, in order (features.hpp)
  // Each target is forecast relative to a baseline feature: forecast = baseline + coefficients . z. Where the
  // features leave the range seen in training (clipped), the forecast falls back towards the baseline: the
  // time-of-day profile for the noisy arrivals, the last bin's queue for the persistent queues.
  std::string baseline_arrivals = "profile_arrivals_target";
  std::string baseline_queue = "queue_lag0";
  // Training provenance.
  std::string scenario;
  std::string controller;
  std::vector<std::uint64_t> seeds;
  double lambda_arrivals = 1.0, lambda_queue = 1.0;  // ridge penalty on standardised features
  std::uint64_t samples_per_lane = 0;
  // Time-of-day profile: mean over the training runs, per time-of-day bin (floor(bin start / bin_s)) and
  // lane.
  std::int64_t profile_first_bin = 0;
  std::int64_t profile_bins = 0;
  std::vector<float> profile_arrivals_veh;  // [bin * lanes + lane], vehicles per bin
  std::vector<float> profile_queue_veh;
  std::vector<float> lane_mean_arrivals_veh;  // over the whole profile, for times it does not cover
  std::vector<float> lane_mean_queue_veh;
  // Ridge: features are standardised per lane, z = (x - mean) / scale (the bias stays 1).
  std::vector<double> feature_mean;   // [lane * d + j]
  std::vector<double> feature_scale;  // [lane * d + j]
  std::vector<double>
      coef_arrivals;  // [(lane * horizon_bins + k - 1) * d + j], vehicles per bin, on top of the baseline
  std::vector<double> coef_queue;  // same layout, vehicles
  std::vector<double> gram;  // [lane * d * d + i * d + j]: mean of z z' over the training samples (RLS prior)

  std::size_t lane_count() const { return lane_ids.size(); }
  std::size_t feature_count() const { return features.size(); }
  bool has_ridge() const { return !coef_arrivals.empty(); }
  // Profile value for a time-of-day bin (the lane's overall mean outside the profile). The profile's lane
  // count is that of lane_mean_*, so a model holding only a profile (fit's leave-one-run-out profiles) works
  // too.
  double profile_arrivals(std::int64_t tod_bin, LaneId lane) const;
  double profile_queue(std::int64_t tod_bin, LaneId lane) const;
};

// A hash of everything about a network a model depends on: nodes, roads, lanes and links with their ids,
// lengths and speeds. Two networks with the same fingerprint have the same lanes in the same order.
std::string network_fingerprint(const Network& net);

// Throws InputError (with the path) if `model` was fitted on another network or does not match its layout.
void check_model_matches(const PredictionModel& model, const Network& net, const std::string& network_name,
                         const std::string& path);

// JSON text of a model (numbers rounded to 7 significant digits, so identical models give identical bytes;
// the caller writes it atomically), and back. Reading throws InputError naming the file and the JSON path of
// any problem.
std::string model_to_json(const PredictionModel& model);
PredictionModel model_from_json(const std::string& text, const std::string& path);
PredictionModel read_model_file(const std::string& path);

}  // namespace ampel::predict
