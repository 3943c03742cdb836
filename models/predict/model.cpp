#include "models/predict/model.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/error.hpp"
#include "sim/hash.hpp"

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

double round7(double x) {
  if (!std::isfinite(x) || x == 0.0) return 0.0;
  return std::stod(fmt::format("{:.7g}", x));
}

template <class T>
Json array_of(const T* p, std::size_t n) {
  Json a = Json::array();
  for (std::size_t i = 0; i < n; ++i) a.push_back(round7(static_cast<double>(p[i])));
  return a;
}

// Reading with the JSON path of every problem.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}
  [[noreturn]] void fail(const std::string& where, const std::string& why) const {
    throw InputError(path_, where, why);
  }
  const Json& at(const Json& j, const std::string& key, const std::string& where) const {
    if (!j.is_object() || !j.contains(key)) fail(where + "/" + key, "required field is missing");
    return j.at(key);
  }
  double number(const Json& j, const std::string& key, const std::string& where) const {
    const Json& v = at(j, key, where);
    if (!v.is_number()) fail(where + "/" + key, "must be a number");
    return v.get<double>();
  }
  std::string text(const Json& j, const std::string& key, const std::string& where) const {
    const Json& v = at(j, key, where);
    if (!v.is_string()) fail(where + "/" + key, "must be text");
    return v.get<std::string>();
  }
  template <class T>
  void numbers(const Json& j, const std::string& key, const std::string& where, std::size_t n,
               std::vector<T>& out) const {
    const Json& v = at(j, key, where);
    if (!v.is_array() || v.size() != n)
      fail(where + "/" + key, fmt::format("must be an array of {} numbers", n));
    for (std::size_t i = 0; i < n; ++i) {
      if (!v[i].is_number()) fail(fmt::format("{}/{}/{}", where, key, i), "must be a number");
      out.push_back(static_cast<T>(v[i].get<double>()));
    }
  }

 private:
  std::string path_;
};

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
  Reader r(path);
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    r.fail(fmt::format("byte {}", e.byte), "not valid JSON");
  }
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
    r.fail("/format", fmt::format("not an ampel prediction model (expected \"format\": \"{}\")", kFormat));
  if (r.number(j, "version", "") != kVersion)
    r.fail("/version", fmt::format("model file version {} is not supported (this build reads {})",
                                   j["version"].dump(), kVersion));
  PredictionModel m;
  const Json& net = r.at(j, "network", "");
  m.network_name = r.text(net, "name", "/network");
  m.fingerprint = r.text(net, "fingerprint", "/network");
  m.bin_s = r.number(j, "bin_s", "");
  if (!(m.bin_s > 0)) r.fail("/bin_s", "must be positive");
  m.horizon_bins = static_cast<int>(r.number(j, "horizon_bins", ""));
  if (m.horizon_bins < 1 || m.horizon_bins > 1000) r.fail("/horizon_bins", "must be between 1 and 1000");
  m.lags = static_cast<int>(r.number(j, "lags", ""));
  m.max_abs_z = r.number(j, "max_abs_z", "");
  if (!(m.max_abs_z > 0)) r.fail("/max_abs_z", "must be positive");
  const Json& feats = r.at(j, "features", "");
  if (!feats.is_array()) r.fail("/features", "must be an array of names");
  for (const auto& f : feats) m.features.push_back(f.is_string() ? f.get<std::string>() : "");
  const Json& bl = r.at(j, "baselines", "");
  m.baseline_arrivals = r.text(bl, "arrivals", "/baselines");
  m.baseline_queue = r.text(bl, "queue", "/baselines");
  for (const std::string* b : {&m.baseline_arrivals, &m.baseline_queue})
    if (std::find(m.features.begin(), m.features.end(), *b) == m.features.end())
      r.fail("/baselines", fmt::format("baseline '{}' is not one of the features", *b));
  const Json& tr = r.at(j, "training", "");
  m.scenario = r.text(tr, "scenario", "/training");
  m.controller = r.text(tr, "controller", "/training");
  for (const auto& s : r.at(tr, "seeds", "/training"))
    m.seeds.push_back(s.is_number_unsigned() ? s.get<std::uint64_t>() : 0);
  m.lambda_arrivals = r.number(tr, "lambda_arrivals", "/training");
  m.lambda_queue = r.number(tr, "lambda_queue", "/training");
  m.samples_per_lane = static_cast<std::uint64_t>(r.number(tr, "samples_per_lane", "/training"));
  const Json& prof = r.at(j, "profile", "");
  m.profile_first_bin = static_cast<std::int64_t>(r.number(prof, "first_bin", "/profile"));
  m.profile_bins = static_cast<std::int64_t>(r.number(prof, "bins", "/profile"));
  if (m.profile_bins < 0 || m.profile_bins > 1000000) r.fail("/profile/bins", "out of range");
  const Json& lanes = r.at(j, "lanes", "");
  if (!lanes.is_array()) r.fail("/lanes", "must be an array");
  std::size_t n = lanes.size(), d = m.features.size(), h = static_cast<std::size_t>(m.horizon_bins);
  std::size_t pb = static_cast<std::size_t>(m.profile_bins);
  std::vector<std::vector<float>> pa(n), pq(n);
  bool ridge = n > 0 && lanes[0].contains("arrivals");
  for (std::size_t l = 0; l < n; ++l) {
    std::string w = fmt::format("/lanes/{}", l);
    const Json& o = lanes[l];
    m.lane_ids.push_back(r.text(o, "id", w));
    m.lane_mean_arrivals_veh.push_back(static_cast<float>(r.number(o, "mean_arrivals_veh", w)));
    m.lane_mean_queue_veh.push_back(static_cast<float>(r.number(o, "mean_queue_veh", w)));
    r.numbers(o, "profile_arrivals_veh", w, pb, pa[l]);
    r.numbers(o, "profile_queue_veh", w, pb, pq[l]);
    if (!ridge) continue;
    r.numbers(o, "feature_mean", w, d, m.feature_mean);
    r.numbers(o, "feature_scale", w, d, m.feature_scale);
    for (const char* key : {"arrivals", "queue"}) {
      const Json& c = r.at(o, key, w);
      if (!c.is_array() || c.size() != h) r.fail(w + "/" + key, fmt::format("must hold {} horizons", h));
      for (std::size_t k = 0; k < h; ++k) {
        Json wrap = {{"c", c[k]}};
        r.numbers(wrap, "c", fmt::format("{}/{}/{}", w, key, k), d,
                  std::string(key) == "arrivals" ? m.coef_arrivals : m.coef_queue);
      }
    }
    std::vector<double> upper;
    r.numbers(o, "gram_upper", w, d * (d + 1) / 2, upper);
    std::size_t base = m.gram.size(), u = 0;
    m.gram.resize(base + d * d);
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t k = i; k < d; ++k, ++u) m.gram[base + i * d + k] = m.gram[base + k * d + i] = upper[u];
  }
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
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open the model file");
  std::stringstream ss;
  ss << in.rdbuf();
  return model_from_json(ss.str(), path);
}

}  // namespace ampel::predict
