#include "models/predict/road_model.hpp"
#include "models/predict/round7.hpp"

#include <fmt/format.h>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "models/predict/model.hpp"
#include "sim/error.hpp"

namespace ampel::predict {

namespace {

// Damps the level ratios while the historical flow so far is small (veh/h summed over bins).
constexpr double kLevelDamping = 200.0;
constexpr int kLevelWindowBins = 6;
constexpr int kIrlsIterations = 6;

int idx(int bin, int roads, int road) {
  return bin * roads + road;
}

}  // namespace

const std::vector<std::string>& road_feature_names() {
  static const std::vector<std::string> names = {"flow_dev_0",
                                                 "flow_dev_1",
                                                 "flow_dev_2",
                                                 "speed_dev_0",
                                                 "speed_dev_1",
                                                 "speed_dev_2",
                                                 "queue_dev_0",
                                                 "queue_dev_1",
                                                 "queue_dev_2",
                                                 "hist_flow_target",
                                                 "hist_speed_target",
                                                 "hist_queue_target",
                                                 "up_flow_dev",
                                                 "up_speed_dev",
                                                 "up_queue_dev",
                                                 "down_speed_dev",
                                                 "down_queue_dev",
                                                 "net_level",
                                                 "road_level",
                                                 "closed_lanes",
                                                 "closed_up",
                                                 "closed_down",
                                                 "event_target",
                                                 "event_now",
                                                 "bad_weather",
                                                 "time_of_day",
                                                 "net_level_x_hist_flow",
                                                 "road_level_x_hist_flow",
                                                 "hist_flow_now",
                                                 "hist_speed_now",
                                                 "hist_queue_now",
                                                 "net_queue_dev"};
  return names;
}

DayView::DayView(const RoadSeries& series, const std::vector<float> (&h)[kRoadTargets]) : s(&series) {
  for (int t = 0; t < kRoadTargets; ++t) hist[t] = h[t];
  int B = series.bins, R = series.roads;
  net_level.assign(B, 0.0f);
  net_queue_dev.assign(B, 0.0f);
  road_level.assign(static_cast<std::size_t>(B) * R, 0.0f);
  double y_sum = 0.0, h_sum = 0.0;
  for (int b = 0; b < B; ++b) {
    for (int r = 0; r < R; ++r) {
      y_sum += series.at(kFlow, b, r);
      h_sum += hist[kFlow][idx(b, R, r)];
    }
    net_level[b] = static_cast<float>((y_sum - h_sum) / (h_sum + kLevelDamping * R));
    double q = 0.0;
    for (int r = 0; r < R; ++r) q += series.at(kQueue, b, r) - hist[kQueue][idx(b, R, r)];
    net_queue_dev[b] = static_cast<float>(q / std::max(R, 1));
    for (int r = 0; r < R; ++r) {
      double y = 0.0, hh = 0.0;
      for (int k = std::max(0, b - kLevelWindowBins + 1); k <= b; ++k) {
        y += series.at(kFlow, k, r);
        hh += hist[kFlow][idx(k, R, r)];
      }
      road_level[idx(b, R, r)] = static_cast<float>((y - hh) / (hh + kLevelDamping));
    }
  }
}

float road_baseline(const DayView& v, int t, int origin, int target, int road) {
  int R = v.s->roads;
  return kRelativeToLast[t] ? v.s->at(t, origin, road) : v.hist[t][idx(target, R, road)];
}

void road_features(const DayView& v, const RoadGraph& g, int road, int b, int h, float* out) {
  const RoadSeries& s = *v.s;
  int R = s.roads, B = s.bins;
  int target = std::min(b + h, B - 1);
  auto dev = [&](int t, int bin, int r) {
    bin = std::max(bin, 0);
    return s.at(t, bin, r) - v.hist[t][idx(bin, R, r)];
  };
  int k = 0;
  for (int t = 0; t < kRoadTargets; ++t)
    for (int lag = 0; lag < 3; ++lag) out[k++] = dev(t, b - lag, road);
  for (int t = 0; t < kRoadTargets; ++t) out[k++] = v.hist[t][idx(target, R, road)];
  float up_flow = 0, up_speed = 0, up_queue = 0, up_closed = 0;
  for (int u : g.upstream[road]) {
    up_flow += dev(kFlow, b, u);
    up_speed += dev(kSpeed, b, u);
    up_queue += dev(kQueue, b, u);
    up_closed += s.closed(b, u);
  }
  if (!g.upstream[road].empty()) up_speed /= static_cast<float>(g.upstream[road].size());
  float down_speed = 0, down_queue = 0, down_closed = 0;
  for (int d : g.downstream[road]) {
    down_speed += dev(kSpeed, b, d);
    down_queue += dev(kQueue, b, d);
    down_closed += s.closed(b, d);
  }
  if (!g.downstream[road].empty()) down_speed /= static_cast<float>(g.downstream[road].size());
  out[k++] = up_flow;
  out[k++] = up_speed;
  out[k++] = up_queue;
  out[k++] = down_speed;
  out[k++] = down_queue;
  out[k++] = v.net_level[b];
  out[k++] = v.road_level[idx(b, R, road)];
  out[k++] = s.closed(b, road);
  out[k++] = up_closed;
  out[k++] = down_closed;
  out[k++] = s.event[target];
  out[k++] = s.event[b];
  out[k++] = s.bad_weather ? 1.0f : 0.0f;
  out[k++] = static_cast<float>(target) / static_cast<float>(std::max(B, 1));
  out[k++] = v.net_level[b] * v.hist[kFlow][idx(target, R, road)];
  out[k++] = v.road_level[idx(b, R, road)] * v.hist[kFlow][idx(target, R, road)];
  for (int t = 0; t < kRoadTargets; ++t) out[k++] = v.hist[t][idx(b, R, road)];
  out[k++] = v.net_queue_dev[b];
}

int RoadModel::horizon_bins(std::size_t h) const {
  return std::max(1, static_cast<int>(std::lround(horizons_min[h] * 60.0 / bin_s)));
}

float RoadModel::hist_at(int target, int bin, int road) const {
  return hist[target][idx(std::clamp(bin, 0, bins - 1), roads, road)];
}

double RoadModel::ridge_residual(int target, std::size_t h, int road, const float* x) const {
  std::size_t H = horizons_min.size();
  const float* c = &coef[(((target * H + h) * roads) + road) * (kRoadFeatures + 1)];
  const float* mean = &feature_mean[(h * roads + road) * kRoadFeatures];
  const float* scale = &feature_scale[(h * roads + road) * kRoadFeatures];
  double y = c[0];
  for (int d = 0; d < kRoadFeatures; ++d) y += c[d + 1] * (x[d] - mean[d]) / scale[d];
  return y;
}

void RoadModel::hist_without(const RoadSeries& s, bool training,
                             std::vector<float> (&out)[kRoadTargets]) const {
  double n = static_cast<double>(days.size());
  for (int t = 0; t < kRoadTargets; ++t) {
    out[t].assign(static_cast<std::size_t>(s.bins) * s.roads, 0.0f);
    for (int b = 0; b < s.bins; ++b)
      for (int r = 0; r < s.roads; ++r) {
        std::size_t i = idx(b, s.roads, r);
        if (training && n > 1 && b < bins)
          out[t][i] = static_cast<float>((hist_sum[t][i] - s.at(t, b, r)) / (n - 1.0));
        else
          out[t][i] = hist_at(t, b, r);
      }
  }
}

RoadModel fit_road_model(const Network& net, const std::string& network_name,
                         const std::vector<RoadSeries>& train, const RoadModelOptions& o, bool ridge) {
  if (train.empty()) throw InputError("", "--days", "no training day");
  RoadModel m;
  m.network_name = network_name;
  m.fingerprint = network_fingerprint(net);
  m.bin_s = o.bin_s;
  m.horizons_min = o.horizons_min;
  m.first_origin_bin = o.first_origin_bin;
  m.roads = train[0].roads;
  m.bins = train[0].bins;
  for (const auto& d : train) {
    m.days.push_back(d.day);
    if (d.bins != m.bins || d.roads != m.roads)
      throw InputError("", "--days", fmt::format("day {} has another length or network", d.day));
  }
  std::size_t cells = static_cast<std::size_t>(m.bins) * m.roads;
  for (int t = 0; t < kRoadTargets; ++t) {
    m.hist_sum[t].assign(cells, 0.0f);
    std::vector<double> sum(cells, 0.0);
    for (const auto& d : train)
      for (std::size_t i = 0; i < cells; ++i) sum[i] += d.values[t][i];
    m.hist[t].resize(cells);
    for (std::size_t i = 0; i < cells; ++i) {
      m.hist_sum[t][i] = static_cast<float>(sum[i]);
      m.hist[t][i] = static_cast<float>(sum[i] / static_cast<double>(train.size()));
    }
  }
  // Residual spread per road and target (the scale of the online correction's prior).
  m.residual_sd.assign(kRoadTargets * m.roads, 0.0f);
  for (int t = 0; t < kRoadTargets; ++t)
    for (int r = 0; r < m.roads; ++r) {
      double ss = 0.0;
      for (const auto& d : train)
        for (int b = 0; b < m.bins; ++b) {
          double e = d.at(t, b, r) - m.hist[t][idx(b, m.roads, r)];
          ss += e * e;
        }
      m.residual_sd[t * m.roads + r] = static_cast<float>(std::sqrt(ss / (train.size() * m.bins)) + 1e-3);
    }
  if (!ridge) return m;

  m.has_ridge = true;
  RoadGraph g(net);
  std::vector<DayView> views;
  views.reserve(train.size());
  for (const auto& d : train) {
    std::vector<float> h[kRoadTargets];
    m.hist_without(d, true, h);
    views.emplace_back(d, h);
  }
  const int D = kRoadFeatures;
  std::size_t H = m.horizons_min.size();
  m.feature_mean.assign(H * m.roads * D, 0.0f);
  m.feature_scale.assign(H * m.roads * D, 1.0f);
  m.coef.assign(kRoadTargets * H * m.roads * (D + 1), 0.0f);
  m.lambda.assign(kRoadTargets * H * m.roads, 0.0f);
  int folds = std::max(2, std::min<int>(o.folds, static_cast<int>(train.size())));
  for (std::size_t h = 0; h < H; ++h) {
    int hb = m.horizon_bins(h);
    for (int r = 0; r < m.roads; ++r) {
      // Samples of this road and horizon over every training day.
      std::vector<float> x;
      std::vector<float> y[kRoadTargets];
      std::vector<int> fold;
      float f[kRoadFeatures];
      for (std::size_t di = 0; di < views.size(); ++di)
        for (int b = o.first_origin_bin; b + hb < m.bins; ++b) {
          road_features(views[di], g, r, b, hb, f);
          x.insert(x.end(), f, f + D);
          for (int t = 0; t < kRoadTargets; ++t)
            y[t].push_back(views[di].s->at(t, b + hb, r) - road_baseline(views[di], t, b, b + hb, r));
          fold.push_back(static_cast<int>(di % folds));
        }
      std::size_t n = fold.size();
      if (n < 2) continue;
      Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> X(x.data(), n, D);
      Eigen::MatrixXd Z = X.cast<double>();
      Eigen::RowVectorXd mean = Z.colwise().mean();
      Z.rowwise() -= mean;
      Eigen::RowVectorXd scale = (Z.colwise().squaredNorm() / static_cast<double>(n)).cwiseSqrt();
      for (int d = 0; d < D; ++d) {
        if (scale[d] < 1e-6) scale[d] = 1.0;  // constant on this road: its coefficient stays zero
        Z.col(d) /= scale[d];
        m.feature_mean[(h * m.roads + r) * D + d] = static_cast<float>(mean[d]);
        m.feature_scale[(h * m.roads + r) * D + d] = static_cast<float>(scale[d]);
      }
      for (int t = 0; t < kRoadTargets; ++t) {
        Eigen::VectorXd Y = Eigen::Map<Eigen::VectorXf>(y[t].data(), n).cast<double>();
        // Penalty by cross-validation over days.
        double best_lambda = o.lambdas.front(), best_err = INFINITY;
        for (double lambda : o.lambdas) {
          double err = 0.0;
          for (int k = 0; k < folds; ++k) {
            Eigen::MatrixXd G = Eigen::MatrixXd::Zero(D, D);
            Eigen::VectorXd zy = Eigen::VectorXd::Zero(D), zs = Eigen::VectorXd::Zero(D);
            double ys = 0.0, cnt = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
              if (fold[i] == k) continue;
              G.selfadjointView<Eigen::Upper>().rankUpdate(Z.row(i).transpose());
              zy += Z.row(i).transpose() * Y[i];
              zs += Z.row(i).transpose();
              ys += Y[i];
              cnt += 1.0;
            }
            if (cnt < 2) continue;
            Eigen::MatrixXd Gs = G.selfadjointView<Eigen::Upper>();
            Eigen::VectorXd zm = zs / cnt;
            double ym = ys / cnt;
            Eigen::MatrixXd C = Gs - cnt * zm * zm.transpose();
            C.diagonal().array() += lambda;
            Eigen::VectorXd beta = C.ldlt().solve(zy - cnt * zm * ym);
            double b0 = ym - zm.dot(beta);
            for (std::size_t i = 0; i < n; ++i)
              if (fold[i] == k) err += std::abs(Y[i] - b0 - Z.row(i).dot(beta));
          }
          if (err < best_err) best_err = err, best_lambda = lambda;
        }
        // Final fit on every day, for the absolute error the forecasts are judged by (queues and jams have
        // long tails, where a least-squares fit chases the few largest values): iteratively reweighted least
        // squares towards least absolute deviations, with an unpenalised intercept.
        Eigen::MatrixXd A(n, D + 1);
        A.col(0).setOnes();
        A.rightCols(D) = Z;
        Eigen::VectorXd w = Eigen::VectorXd::Ones(n), beta;
        double floor = 0.05 * std::sqrt((Y.array() - Y.mean()).square().mean()) + 1e-6;
        for (int it = 0; it < kIrlsIterations; ++it) {
          Eigen::MatrixXd C = A.transpose() * w.asDiagonal() * A;
          C.diagonal().tail(D).array() += best_lambda * w.mean();
          beta = C.ldlt().solve(A.transpose() * (w.array() * Y.array()).matrix());
          w = (1.0 / (Y - A * beta).array().abs().max(floor)).matrix();
        }
        float* c = &m.coef[(((t * H + h) * m.roads) + r) * (D + 1)];
        for (int d = 0; d <= D; ++d) c[d] = static_cast<float>(beta[d]);
        m.lambda[(t * H + h) * m.roads + r] = static_cast<float>(best_lambda);
      }
    }
  }
  return m;
}

// ---- model file ------------------------------------------------------------------------------------------

namespace {

const char* kRoadModelFormat = "ampel-road-forecast-model";

nlohmann::ordered_json floats(const std::vector<float>& v) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (float f : v) a.push_back(round7(f));
  return a;
}

}  // namespace

std::string road_model_to_json(const RoadModel& m) {
  nlohmann::ordered_json j;
  j["format"] = kRoadModelFormat;
  j["version"] = 1;
  j["network"] = {{"name", m.network_name}, {"fingerprint", m.fingerprint}, {"roads", m.roads}};
  j["bin_s"] = m.bin_s;
  j["bins"] = m.bins;
  j["horizons_min"] = m.horizons_min;
  j["first_origin_bin"] = m.first_origin_bin;
  j["features"] = road_feature_names();
  j["training_days"] = m.days;
  for (int t = 0; t < kRoadTargets; ++t) j["hist_sum"][road_target_name(t)] = floats(m.hist_sum[t]);
  j["residual_sd"] = floats(m.residual_sd);
  if (m.has_ridge) {
    j["feature_mean"] = floats(m.feature_mean);
    j["feature_scale"] = floats(m.feature_scale);
    j["coef"] = floats(m.coef);
    j["lambda"] = floats(m.lambda);
  }
  return j.dump() + "\n";
}

RoadModel road_model_from_json(const std::string& text, const std::string& path) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    throw InputError(path, "/", fmt::format("not a JSON road forecast model: {}", e.what()));
  }
  auto need = [&](const char* key) -> const nlohmann::json& {
    if (!j.contains(key)) throw InputError(path, std::string("/") + key, "missing");
    return j[key];
  };
  if (!j.is_object() || j.value("format", "") != kRoadModelFormat)
    throw InputError(path, "/format",
                     fmt::format("expected \"{}\" (a model of `ampel fit --days`)", kRoadModelFormat));
  RoadModel m;
  try {
    m.network_name = need("network").at("name").get<std::string>();
    m.fingerprint = j["network"].at("fingerprint").get<std::string>();
    m.roads = j["network"].at("roads").get<int>();
    m.bin_s = need("bin_s").get<double>();
    m.bins = need("bins").get<int>();
    m.horizons_min = need("horizons_min").get<std::vector<int>>();
    m.first_origin_bin = need("first_origin_bin").get<int>();
    m.days = need("training_days").get<std::vector<std::uint64_t>>();
    std::size_t cells = static_cast<std::size_t>(m.bins) * m.roads;
    for (int t = 0; t < kRoadTargets; ++t) {
      m.hist_sum[t] = need("hist_sum").at(road_target_name(t)).get<std::vector<float>>();
      if (m.hist_sum[t].size() != cells)
        throw InputError(
            path, fmt::format("/hist_sum/{}", road_target_name(t)),
            fmt::format("expected {} values (bins x roads), found {}", cells, m.hist_sum[t].size()));
      m.hist[t].resize(cells);
      for (std::size_t i = 0; i < cells; ++i)
        m.hist[t][i] = m.hist_sum[t][i] / static_cast<float>(std::max<std::size_t>(m.days.size(), 1));
    }
    m.residual_sd = need("residual_sd").get<std::vector<float>>();
    m.has_ridge = j.contains("coef");
    if (m.has_ridge) {
      std::size_t H = m.horizons_min.size();
      m.feature_mean = j.at("feature_mean").get<std::vector<float>>();
      m.feature_scale = j.at("feature_scale").get<std::vector<float>>();
      m.coef = j.at("coef").get<std::vector<float>>();
      m.lambda = j.at("lambda").get<std::vector<float>>();
      if (m.coef.size() != kRoadTargets * H * m.roads * (kRoadFeatures + 1) ||
          m.feature_mean.size() != H * m.roads * kRoadFeatures ||
          m.feature_scale.size() != m.feature_mean.size())
        throw InputError(path, "/coef", "the coefficients do not match the roads, horizons and features");
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, "/", fmt::format("malformed road forecast model: {}", e.what()));
  }
  return m;
}

RoadModel read_road_model_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(path, "", "cannot open the model file");
  std::string text;
  char buf[65536];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
  std::fclose(f);
  return road_model_from_json(text, path);
}

void check_road_model(const RoadModel& m, const Network& net, const std::string& path) {
  std::string fp = network_fingerprint(net);
  if (fp != m.fingerprint || static_cast<int>(net.roads().size()) != m.roads)
    throw InputError(
        path, "/network/fingerprint",
        fmt::format("the model was fitted on network '{}' (fingerprint {}), not this one ({}); fit "
                    "one with `ampel fit --days`",
                    m.network_name, m.fingerprint, fp));
}

}  // namespace ampel::predict
