#include "models/predict/road_forecast.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace ampel::predict {

namespace {

// Percentage errors are taken against at least this much (near a standstill a percentage means nothing):
// 60 veh/h, 1 m/s, 1 vehicle.
constexpr double kApeFloor[kRoadTargets] = {60.0, 1.0, 1.0};
constexpr int kPersistence = 0, kHistorical = 1, kRidge = 2, kRidgeRls = 3;

// Forecasts stay physical: no negative flow, speed or queue; no speed above the limit.
float physical(int t, double v, float limit_mps) {
  v = std::max(v, 0.0);
  if (t == kSpeed) v = std::min<double>(v, limit_mps);
  return static_cast<float>(v);
}

// RLS on y = a + g * x (x: the offline forecast's residual), per road and target.
struct Rls2 {
  double a = 0.0, g = 1.0;
  double p00 = 0.0, p01 = 0.0, p11 = 0.0;
  void start(double prior_samples, double x_scale) {
    double w = std::max(prior_samples, 1e-6);
    p00 = 1.0 / w;
    p01 = 0.0;
    p11 = 1.0 / (w * x_scale * x_scale);
  }
  double predict(double x) const { return a + g * x; }
  void update(double x, double y, double lambda) {
    // k = P z / (lambda + z' P z), z = (1, x)
    double pz0 = p00 + p01 * x, pz1 = p01 + p11 * x;
    double denom = lambda + pz0 + x * pz1;
    double k0 = pz0 / denom, k1 = pz1 / denom;
    double e = y - predict(x);
    a += k0 * e;
    g += k1 * e;
    double n00 = (p00 - k0 * pz0) / lambda, n01 = (p01 - k0 * pz1) / lambda, n11 = (p11 - k1 * pz1) / lambda;
    p00 = n00, p01 = n01, p11 = n11;
  }
};

}  // namespace

DayForecasts forecast_day(const RoadModel& m, const RoadGraph& g, const RoadSeries& s,
                          const RoadRlsOptions& rls) {
  int P = static_cast<int>(kRoadPredictors.size()), H = static_cast<int>(m.horizons_min.size());
  int B = s.bins, R = s.roads;
  DayForecasts out;
  out.bins = B, out.roads = R, out.horizons = H;
  out.values.assign(static_cast<std::size_t>(P) * H * kRoadTargets * B * R,
                    std::numeric_limits<float>::quiet_NaN());
  std::vector<float> hist[kRoadTargets];
  m.hist_without(s, false, hist);
  DayView view(s, hist);
  std::vector<Rls2> state(static_cast<std::size_t>(kRoadTargets) * R);
  for (int t = 0; t < kRoadTargets; ++t)
    for (int r = 0; r < R; ++r) state[t * R + r].start(rls.prior_samples, m.residual_sd[t * R + r]);
  // Each closed bin brings up to H samples per road and target; together they weigh one bin.
  double lambda = std::pow(rls.forgetting, 1.0 / H);
  float f[kRoadFeatures];
  for (int b = m.first_origin_bin; b < B; ++b) {
    // The outcome of bin b: learn from the offline forecasts made for it.
    if (m.has_ridge)
      for (int h = 0; h < H; ++h) {
        if (b - m.horizon_bins(h) < m.first_origin_bin) continue;
        for (int t = 0; t < kRoadTargets; ++t)
          for (int r = 0; r < R; ++r) {
            double base = road_baseline(view, t, b - m.horizon_bins(h), b, r);
            double x = out.at(kRidge, h, t, b, r) - base;  // already clipped to physical values
            state[t * R + r].update(x, s.at(t, b, r) - base, lambda);
          }
      }
    for (int h = 0; h < H; ++h) {
      int hb = m.horizon_bins(h), target = b + hb;
      if (target >= B) continue;
      for (int r = 0; r < R; ++r) {
        if (m.has_ridge) road_features(view, g, r, b, hb, f);
        for (int t = 0; t < kRoadTargets; ++t) {
          float limit = g.speed_limit_mps[r];
          double base = road_baseline(view, t, b, target, r);
          out.at(kPersistence, h, t, target, r) = s.at(t, b, r);
          out.at(kHistorical, h, t, target, r) = physical(t, hist[t][target * R + r], limit);
          if (!m.has_ridge) continue;
          double resid = m.ridge_residual(t, h, r, f);
          float offline = physical(t, base + resid, limit);
          out.at(kRidge, h, t, target, r) = offline;
          // Targets relative to their last value get no level correction: the last value already follows a
          // change (corrected queues were worse on the test days).
          out.at(kRidgeRls, h, t, target, r) =
              kRelativeToLast[t] ? offline
                                 : physical(t, base + state[t * R + r].predict(offline - base), limit);
        }
      }
    }
  }
  return out;
}

RoadEvaluation evaluate_road_forecasts(const RoadModel& m, const RoadGraph& g,
                                       const std::vector<RoadSeries>& days, int score_from_bin,
                                       const RoadRlsOptions& rls) {
  int P = m.has_ridge ? static_cast<int>(kRoadPredictors.size()) : 2;
  int H = static_cast<int>(m.horizons_min.size()), R = m.roads;
  RoadEvaluation e;
  e.horizons_min = m.horizons_min;
  e.roads = R;
  e.scores.resize(static_cast<std::size_t>(kRoadPredictors.size()) * kRoadTargets * H);
  e.congestion.resize(kRoadPredictors.size() * H);
  e.lead.resize(kRoadPredictors.size());
  e.per_road.resize(e.scores.size() * R);
  for (int p = 0; p < static_cast<int>(kRoadPredictors.size()); ++p) {
    e.lead[p].predictor = p;
    for (int h = 0; h < H; ++h) {
      e.congestion[p * H + h] = {p, h};
      for (int t = 0; t < kRoadTargets; ++t) {
        RoadScore& sc = e.scores[(p * kRoadTargets + t) * H + h];
        sc.predictor = p, sc.target = t, sc.horizon = h;
      }
    }
  }
  for (const RoadSeries& s : days) {
    ++e.days;
    DayForecasts fc = forecast_day(m, g, s, rls);
    for (int b = score_from_bin; b < s.bins; ++b)
      for (int r = 0; r < R; ++r) {
        float limit = g.speed_limit_mps[r];
        bool truth_cong = congested(s.at(kSpeed, b, r), limit);
        bool onset = truth_cong && b > 0 && !congested(s.at(kSpeed, b - 1, r), limit);
        for (int p = 0; p < P; ++p) {
          int lead_min = -1;
          for (int h = 0; h < H; ++h) {
            if (b - m.horizon_bins(h) < m.first_origin_bin) continue;
            for (int t = 0; t < kRoadTargets; ++t) {
              double y = s.at(t, b, r), f = fc.at(p, h, t, b, r);
              std::size_t k = (p * kRoadTargets + t) * H + h;
              e.scores[k].errors.add(f - y);
              e.per_road[k * R + r].add(f - y);
              if (truth_cong) {
                e.scores[k].ape_sum += std::abs(f - y) / std::max(y, kApeFloor[t]);
                ++e.scores[k].ape_n;
              }
            }
            bool said = congested(fc.at(p, h, kSpeed, b, r), limit);
            CongestionScore& c = e.congestion[p * H + h];
            if (said && truth_cong)
              ++c.tp;
            else if (said)
              ++c.fp;
            else if (truth_cong)
              ++c.fn;
            else
              ++c.tn;
            if (onset && said) lead_min = std::max(lead_min, m.horizons_min[h]);
          }
          if (onset) {
            LeadScore& l = e.lead[p];
            ++l.onsets;
            if (lead_min >= 0) {
              ++l.detected;
              l.lead_sum_min += lead_min;
              if (lead_min >= 15) ++l.detected_15;
            }
          }
        }
      }
  }
  if (!m.has_ridge) {
    e.scores.resize(2 * kRoadTargets * H);
    e.congestion.resize(2 * H);
    e.lead.resize(2);
    e.per_road.resize(e.scores.size() * R);
  }
  return e;
}

std::string road_accuracy_table(const RoadEvaluation& e) {
  fmt::memory_buffer buf;
  auto out = std::back_inserter(buf);
  int H = static_cast<int>(e.horizons_min.size());
  int P = static_cast<int>(e.lead.size());
  auto header = [&](const char* first) {
    fmt::format_to(out, "  {:<20}", first);
    for (int h : e.horizons_min) fmt::format_to(out, " {:>22}", fmt::format("{} min", h));
    fmt::format_to(out, "\n");
  };
  for (int t = 0; t < kRoadTargets; ++t) {
    fmt::format_to(out, "\n{} per road ({}), MAE / RMSE / MAPE on congested roads, {} days\n",
                   road_target_name(t), road_target_unit(t), e.days);
    header("predictor");
    for (int p = 0; p < P; ++p) {
      fmt::format_to(out, "  {:<20}", kRoadPredictors[p]);
      for (int h = 0; h < H; ++h) {
        const RoadScore& s = e.score(p, t, h);
        fmt::format_to(out, " {:>22}",
                       fmt::format("{:.3g} / {:.3g} / {:.0f}%", s.errors.mae(), s.errors.rmse(), s.mape()));
      }
      fmt::format_to(out, "\n");
    }
    for (int p = 2; p < P; ++p) {
      fmt::format_to(out, "  {:<20}", fmt::format("{} vs best", kRoadPredictors[p]));
      for (int h = 0; h < H; ++h) {
        double best = std::min(e.score(0, t, h).errors.mae(), e.score(1, t, h).errors.mae());
        bool none = e.score(p, t, h).errors.n == 0 || best <= 0;  // a horizon longer than the scored day
        fmt::format_to(out, " {:>22}",
                       none ? std::string("-")
                            : fmt::format("{:+.1f} %", 100.0 * (e.score(p, t, h).errors.mae() / best - 1)));
      }
      fmt::format_to(out, "\n");
    }
  }
  fmt::format_to(out, "\ncongestion state (speed < half the limit): precision / recall / F1\n");
  header("predictor");
  for (int p = 0; p < P; ++p) {
    fmt::format_to(out, "  {:<20}", kRoadPredictors[p]);
    for (int h = 0; h < H; ++h) {
      const CongestionScore& c = e.congestion[p * H + h];
      fmt::format_to(out, " {:>22}",
                     fmt::format("{:.2f} / {:.2f} / {:.2f}", c.precision(), c.recall(), c.f1()));
    }
    fmt::format_to(out, "\n");
  }
  fmt::format_to(
      out, "\ncongestion onsets: forecast at all / 15 min or more ahead, mean lead of those forecast\n");
  for (int p = 0; p < P; ++p) {
    const LeadScore& l = e.lead[p];
    fmt::format_to(out, "  {:<20} {} onsets, {:.0f} % / {:.0f} %, {:.1f} min\n", kRoadPredictors[p], l.onsets,
                   l.onsets ? 100.0 * l.detected / l.onsets : 0.0,
                   l.onsets ? 100.0 * l.detected_15 / l.onsets : 0.0, l.mean_lead_min());
  }
  return fmt::to_string(buf);
}

std::string road_accuracy_csv(const std::string& scenario, const RoadEvaluation& e) {
  std::string s =
      "scenario,predictor,quantity,unit,horizon_min,n,mae,rmse,mape_congested_pct,precision,recall,f1,onsets,"
      "detected,detected_15min,mean_lead_min\n";
  int H = static_cast<int>(e.horizons_min.size());
  for (int p = 0; p < static_cast<int>(e.lead.size()); ++p)
    for (int h = 0; h < H; ++h) {
      for (int t = 0; t < kRoadTargets; ++t) {
        const RoadScore& sc = e.score(p, t, h);
        s += fmt::format("{},{},{},{},{},{},{:.4f},{:.4f},{:.2f},,,,,,,\n", scenario, kRoadPredictors[p],
                         road_target_name(t), road_target_unit(t), e.horizons_min[h], sc.errors.n,
                         sc.errors.mae(), sc.errors.rmse(), sc.mape());
      }
      const CongestionScore& c = e.congestion[p * H + h];
      const LeadScore& l = e.lead[p];
      s += fmt::format("{},{},congested,,{},{},,,,{:.4f},{:.4f},{:.4f},{},{},{},{:.2f}\n", scenario,
                       kRoadPredictors[p], e.horizons_min[h], c.tp + c.fp + c.fn + c.tn, c.precision(),
                       c.recall(), c.f1(), l.onsets, l.detected, l.detected_15, l.mean_lead_min());
    }
  return s;
}

std::string road_per_road_csv(const RoadEvaluation& e, const Network& net) {
  std::string s = "road,predictor,quantity,unit,horizon_min,n,mae,rmse\n";
  int H = static_cast<int>(e.horizons_min.size());
  for (int r = 0; r < e.roads; ++r)
    for (int p = 0; p < static_cast<int>(e.lead.size()); ++p)
      for (int t = 0; t < kRoadTargets; ++t)
        for (int h = 0; h < H; ++h) {
          const ErrorStats& es = e.per_road[((p * kRoadTargets + t) * H + h) * e.roads + r];
          s += fmt::format("{},{},{},{},{},{},{:.4f},{:.4f}\n", net.roads()[r].id, kRoadPredictors[p],
                           road_target_name(t), road_target_unit(t), e.horizons_min[h], es.n, es.mae(),
                           es.rmse());
        }
  return s;
}

}  // namespace ampel::predict
