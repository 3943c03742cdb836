#include "models/predict/model.hpp"
#include "models/predict/round7.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/error.hpp"
#include "sim/hash.hpp"
#include "sim/io/json_reader.hpp"

namespace ampel::predict {

namespace {

using Json = nlohmann::ordered_json;
constexpr const char* kFormat = "ampel-prediction-model";
constexpr int kVersion = 1;

// The network's identity: names with a terminator, counts as 64-bit integers, lengths and speeds at
// centimetre precision, so float noise from loaders does not change the fingerprint.
struct NetworkHash {
  Fnv1a h;
  void text(const std::string& s) {
    h.text(s);
    h.add('\0');
  }
  void integer(std::int64_t v) { h.add(v); }
  void metric(double v) { integer(static_cast<std::int64_t>(std::llround(v * 100.0))); }
};

template <class T>
Json array_of(const T* p, std::size_t n) {
  Json a = Json::array();
  for (std::size_t i = 0; i < n; ++i) a.push_back(round7(static_cast<double>(p[i])));
  return a;
}

// A fixed-length array of numbers: exactly `n` values are appended whatever the file holds (0 for a problem,
// which is reported), so the shapes stay consistent until every problem has been listed.
template <class T>
void read_numbers(const io::Field& f, std::size_t n, std::vector<T>& out) {
  if (!f.is_array() || f.size() != n) f.error(fmt::format("must be an array of {} numbers", n));
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(static_cast<T>(f.is_array() ? f.at(i).number_required() : 0.0));
}

}  // namespace

double PredictionModel::profile_arrivals(std::int64_t tod_bin, LaneId lane) const {
  std::int64_t i = tod_bin - profile_first_bin;
  if (i < 0 || i >= profile_bins) return lane_mean_arrivals_veh[lane];
  return profile_arrivals_veh[static_cast<std::size_t>(i) * lane_mean_arrivals_veh.size() + lane];
}

double PredictionModel::profile_queue(std::int64_t tod_bin, LaneId lane) const {
  std::int64_t i = tod_bin - profile_first_bin;
  if (i < 0 || i >= profile_bins) return lane_mean_queue_veh[lane];
  return profile_queue_veh[static_cast<std::size_t>(i) * lane_mean_queue_veh.size() + lane];
}

std::string network_fingerprint(const Network& net) {
  NetworkHash f;
  f.integer(static_cast<std::int64_t>(net.nodes().size()));
  for (const Node& n : net.nodes()) {
    f.text(n.id);
    f.integer(static_cast<std::int64_t>(n.kind));
  }
  f.integer(static_cast<std::int64_t>(net.roads().size()));
  for (const Road& r : net.roads()) {
    f.text(r.id);
    f.text(net.node(r.from).id);
    f.text(net.node(r.to).id);
    f.integer(r.lane_count);
    f.metric(r.length_m);
    f.metric(r.speed_mps);
  }
  f.integer(static_cast<std::int64_t>(net.road_lane_count()));
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    f.text(net.lane(l).id);
    f.metric(net.lane(l).length_m);
  }
  f.integer(static_cast<std::int64_t>(net.links().size()));
  for (const Link& l : net.links()) {
    f.integer(l.from_lane);
    f.integer(l.to_lane);
  }
  return fmt::format("{:016x}", f.h.value());
}

void check_model_matches(const PredictionModel& model, const Network& net, const std::string& network_name,
                         const std::string& path) {
  std::string fp = network_fingerprint(net);
  if (model.fingerprint != fp)
    throw InputError(
        path, "/network/fingerprint",
        fmt::format("the model was fitted on network '{}' (fingerprint {}), but scenario '{}' has another "
                    "network (fingerprint {}); fit a model for it with `ampel fit`",
                    model.network_name, model.fingerprint, network_name, fp));
  if (model.lane_count() != net.road_lane_count())
    throw InputError(
        path, "/lanes",
        fmt::format("the model has {} lanes, the network {}", model.lane_count(), net.road_lane_count()));
}

std::string model_to_json(const PredictionModel& m) {
  std::size_t lanes = m.lane_count(), d = m.feature_count(), h = static_cast<std::size_t>(m.horizon_bins);
  Json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["network"] = {{"name", m.network_name}, {"fingerprint", m.fingerprint}, {"road_lanes", lanes}};
  j["bin_s"] = m.bin_s;
  j["horizon_bins"] = m.horizon_bins;
  j["lags"] = m.lags;
  j["max_abs_z"] = m.max_abs_z;
  j["features"] = m.features;
  j["baselines"] = {{"arrivals", m.baseline_arrivals}, {"queue", m.baseline_queue}};
  j["training"] = {{"scenario", m.scenario},
                   {"controller", m.controller},
                   {"seeds", m.seeds},
                   {"lambda_arrivals", m.lambda_arrivals},
                   {"lambda_queue", m.lambda_queue},
                   {"samples_per_lane", m.samples_per_lane}};
  j["profile"] = {{"first_bin", m.profile_first_bin}, {"bins", m.profile_bins}};
  Json lane_array = Json::array();
  for (std::size_t l = 0; l < lanes; ++l) {
    Json o;
    o["id"] = m.lane_ids[l];
    o["mean_arrivals_veh"] = round7(m.lane_mean_arrivals_veh[l]);
    o["mean_queue_veh"] = round7(m.lane_mean_queue_veh[l]);
    std::vector<float> pa, pq;
    for (std::int64_t b = 0; b < m.profile_bins; ++b) {
      pa.push_back(m.profile_arrivals_veh[static_cast<std::size_t>(b) * lanes + l]);
      pq.push_back(m.profile_queue_veh[static_cast<std::size_t>(b) * lanes + l]);
    }
    o["profile_arrivals_veh"] = array_of(pa.data(), pa.size());
    o["profile_queue_veh"] = array_of(pq.data(), pq.size());
    if (m.has_ridge()) {
      o["feature_mean"] = array_of(&m.feature_mean[l * d], d);
      o["feature_scale"] = array_of(&m.feature_scale[l * d], d);
      Json ca = Json::array(), cq = Json::array();
      for (std::size_t k = 0; k < h; ++k) {
        ca.push_back(array_of(&m.coef_arrivals[(l * h + k) * d], d));
        cq.push_back(array_of(&m.coef_queue[(l * h + k) * d], d));
      }
      o["arrivals"] = std::move(ca);
      o["queue"] = std::move(cq);
      // The Gram matrix is symmetric: its upper triangle, row by row.
      std::vector<double> upper;
      for (std::size_t i = 0; i < d; ++i)
        for (std::size_t k = i; k < d; ++k) upper.push_back(m.gram[l * d * d + i * d + k]);
      o["gram_upper"] = array_of(upper.data(), upper.size());
    }
    lane_array.push_back(std::move(o));
  }
  j["lanes"] = std::move(lane_array);
  return j.dump(1) + "\n";
}

PredictionModel model_from_json(const std::string& text, const std::string& path) {
  io::Json j = io::parse_json_text(text, path);
  Diagnostics diag(path);
  io::Field root(&j, "", diag);
  if (!j.is_object() || root["format"].string() != kFormat) {
    root["format"].error(fmt::format("not an ampel prediction model (expected \"format\": \"{}\")", kFormat));
    diag.throw_if_any();
  }
  if (root["version"].number_required() != kVersion) {
    root["version"].error(fmt::format("model file version {} is not supported (this build reads {})",
                                      j["version"].dump(), kVersion));
    diag.throw_if_any();
  }
  PredictionModel m;
  m.network_name = root["network"]["name"].string_required();
  m.fingerprint = root["network"]["fingerprint"].string_required();
  m.bin_s = root["bin_s"].number_required();
  if (!(m.bin_s > 0)) root["bin_s"].error("must be positive");
  m.horizon_bins = root["horizon_bins"].integer_in(1, 1000, 1);
  m.lags = root["lags"].integer_in(0, 1000, 0);
  m.max_abs_z = root["max_abs_z"].number_required();
  if (!(m.max_abs_z > 0)) root["max_abs_z"].error("must be positive");
  if (!root["features"].is_array()) root["features"].error("must be an array of names");
  m.features = root["features"].strings();
  io::Field bl = root["baselines"];
  m.baseline_arrivals = bl["arrivals"].string_required();
  m.baseline_queue = bl["queue"].string_required();
  for (const std::string* b : {&m.baseline_arrivals, &m.baseline_queue})
    if (std::find(m.features.begin(), m.features.end(), *b) == m.features.end())
      bl.error(fmt::format("baseline '{}' is not one of the features", *b));
  io::Field tr = root["training"];
  // Empty when the model was fitted in memory (tests, the Python module).
  if (!tr["scenario"].is_string()) tr["scenario"].error("required string is missing");
  if (!tr["controller"].is_string()) tr["controller"].error("required string is missing");
  m.scenario = tr["scenario"].string();
  m.controller = tr["controller"].string();
  for (std::size_t i = 0; i < tr["seeds"].size(); ++i) m.seeds.push_back(tr["seeds"].at(i).seed(0));
  m.lambda_arrivals = tr["lambda_arrivals"].number_required();
  m.lambda_queue = tr["lambda_queue"].number_required();
  m.samples_per_lane = static_cast<std::uint64_t>(tr["samples_per_lane"].number_in(0, 1e15, 0));
  io::Field prof = root["profile"];
  m.profile_first_bin = static_cast<std::int64_t>(prof["first_bin"].number_in(-1e9, 1e9, 0));
  m.profile_bins = prof["bins"].integer_in(0, 1000000, 0);
  io::Field lanes = root["lanes"];
  if (!lanes.is_array()) lanes.error("must be an array");
  diag.throw_if_any();  // the sizes below come from these fields
  std::size_t n = lanes.size(), d = m.features.size(), h = static_cast<std::size_t>(m.horizon_bins);
  std::size_t pb = static_cast<std::size_t>(m.profile_bins);
  std::vector<std::vector<float>> pa(n), pq(n);
  bool ridge = n > 0 && lanes.at(0)["arrivals"].present();
  for (std::size_t l = 0; l < n; ++l) {
    io::Field o = lanes.at(l);
    m.lane_ids.push_back(o["id"].string_required());
    m.lane_mean_arrivals_veh.push_back(static_cast<float>(o["mean_arrivals_veh"].number_required()));
    m.lane_mean_queue_veh.push_back(static_cast<float>(o["mean_queue_veh"].number_required()));
    read_numbers(o["profile_arrivals_veh"], pb, pa[l]);
    read_numbers(o["profile_queue_veh"], pb, pq[l]);
    if (!ridge) continue;
    read_numbers(o["feature_mean"], d, m.feature_mean);
    read_numbers(o["feature_scale"], d, m.feature_scale);
    for (const char* key : {"arrivals", "queue"}) {
      io::Field c = o[key];
      if (!c.is_array() || c.size() != h) c.error(fmt::format("must hold {} horizons", h));
      for (std::size_t k = 0; k < h; ++k)
        read_numbers(c.at(k), d, std::string(key) == "arrivals" ? m.coef_arrivals : m.coef_queue);
    }
    std::vector<double> upper;
    read_numbers(o["gram_upper"], d * (d + 1) / 2, upper);
    std::size_t base = m.gram.size(), u = 0;
    m.gram.resize(base + d * d);
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t k = i; k < d; ++k, ++u) m.gram[base + i * d + k] = m.gram[base + k * d + i] = upper[u];
  }
  diag.throw_if_any();
  m.profile_arrivals_veh.resize(pb * n);
  m.profile_queue_veh.resize(pb * n);
  for (std::size_t b = 0; b < pb; ++b)
    for (std::size_t l = 0; l < n; ++l) {
      m.profile_arrivals_veh[b * n + l] = pa[l][b];
      m.profile_queue_veh[b * n + l] = pq[l][b];
    }
  return m;
}

PredictionModel read_model_file(const std::string& path) {
  return model_from_json(io::read_text_file(path), path);
}

}  // namespace ampel::predict
