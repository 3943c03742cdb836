#include "models/control/predictive/projection.hpp"

#include <algorithm>
#include <cmath>

namespace ampel::predictive {

namespace {
constexpr float kEps = 1e-4f;
constexpr float kLongAgo = 1e9f;
}  // namespace

std::vector<float> bin_edges(float fine_s, float fine_span_s, float coarse_s, float horizon_s) {
  std::vector<float> edges{0.0f};
  float t = 0;
  while (t < horizon_s - kEps) {
    float w = t < fine_span_s - kEps ? fine_s : coarse_s;
    t = std::min(horizon_s, t + w);
    edges.push_back(t);
  }
  return edges;
}

void Projector::prepare(const StageModel& model, const ProjectionSettings& settings,
                        const ProjectionInput& input) {
  model_ = &model;
  settings_ = &settings;
  input_ = input;
  const int G = model.groups, E = model.exits, B = settings.bins(), S = model.stages;
  const std::vector<float>& edges = settings.edges_s;
  cum_arrivals_.resize(static_cast<std::size_t>(G) * (B + 1));
  for (int g = 0; g < G; ++g) {
    float* cum = &cum_arrivals_[static_cast<std::size_t>(g) * (B + 1)];
    const float* arr = &input.arrivals[static_cast<std::size_t>(g) * B];
    cum[0] = 0;
    for (int b = 0; b < B; ++b) cum[b + 1] = cum[b] + arr[b];
  }
  // Where the policy's look-ahead from the start of each bin ends.
  gap_end_.resize(B);
  gap_frac_.resize(B);
  for (int b = 0, k = 0; b < B; ++b) {
    float until = edges[b] + settings.gap_s;
    k = std::max(k, b);
    while (k < B && edges[k + 1] <= until) ++k;
    gap_end_[b] = k;
    gap_frac_[b] = k < B ? (until - edges[k]) / (edges[k + 1] - edges[k]) : 0.0f;
  }
  stage_rate_.assign(S, 0.0f);
  for (int st = 0; st < S; ++st)
    for (int g = 0; g < G; ++g)
      stage_rate_[st] += model.service[static_cast<std::size_t>(st) * G + g] * input.rate[g];
  // An exit can only run out of room if the vehicles that could reach it outnumber the room it has now.
  exit_begin_.assign(static_cast<std::size_t>(G) + 1, 0);
  exit_list_.clear();
  exit_inv_share_.clear();
  for (int g = 0; g < G; ++g) {
    for (int e = 0; e < E; ++e) {
      float sh = input.share[static_cast<std::size_t>(g) * E + e];
      if (sh <= kEps) continue;
      float could_come = 0;
      for (int h = 0; h < G; ++h)
        could_come += input.share[static_cast<std::size_t>(h) * E + e] *
                      (input.queue0[h] + cum_arrivals_[static_cast<std::size_t>(h) * (B + 1) + B]);
      if (could_come <= input.room0[e]) continue;
      exit_list_.push_back(static_cast<std::uint8_t>(e));
      exit_inv_share_.push_back(1.0f / sh);
    }
    exit_begin_[g + 1] = static_cast<int>(exit_list_.size());
  }
  queue_.resize(G);
  room_.resize(E);
  served_s_.resize(G);
}

// The next stage in program order whose waiting vehicles (not already served now) reach the demand
// threshold; with `force`, the next stage in order when none has demand.
int Projector::pick_next(int stage, bool force) const {
  const StageModel& m = *model_;
  const int G = m.groups, S = m.stages;
  const float* cur = &m.service[static_cast<std::size_t>(stage) * G];
  for (int k = 1; k < S; ++k) {
    int p = (stage + k) % S;
    const float* svc = &m.service[static_cast<std::size_t>(p) * G];
    float demand = 0;
    for (int g = 0; g < G; ++g)
      if (svc[g] > 0 && cur[g] <= 0) demand += queue_[g];
    if (demand >= settings_->demand_veh) return p;
  }
  return force ? (stage + 1) % S : -1;
}

// The stage's queue is served and no dense platoon arrives within the look-ahead.
bool Projector::stage_idle(int stage, int bin) const {
  const StageModel& m = *model_;
  const ProjectionSettings& s = *settings_;
  const int G = m.groups, B = s.bins();
  const float* svc = &m.service[static_cast<std::size_t>(stage) * G];
  const int end = gap_end_[bin];
  const float frac = gap_frac_[bin];
  float queued = 0, coming = 0;
  for (int g = 0; g < G; ++g) {
    if (svc[g] <= 0) continue;
    const float* cum = &cum_arrivals_[static_cast<std::size_t>(g) * (B + 1)];
    queued += queue_[g];
    coming += cum[end] - cum[bin];
    if (end < B) coming += frac * (cum[end + 1] - cum[end]);
  }
  if (queued >= s.demand_veh) return false;
  return coming < std::max(s.demand_veh, s.platoon_share * stage_rate_[stage] * s.gap_s);
}

ProjectionResult Projector::run(SignalPoint start, Candidate cand, ProjectionRecord* record,
                                double give_up_above) {
  const StageModel& m = *model_;
  const ProjectionSettings& s = *settings_;
  const ProjectionInput& in = input_;
  const int G = m.groups, E = m.exits, S = m.stages, B = s.bins();
  const float* edges = s.edges_s.data();
  std::copy(in.queue0.begin(), in.queue0.begin() + G, queue_.begin());
  std::copy(in.room0.begin(), in.room0.begin() + E, room_.begin());
  if (record) {
    record->departures.assign(static_cast<std::size_t>(G) * B, 0.0f);
    record->queue.assign(record->keep_queue ? static_cast<std::size_t>(G) * B : 0, 0.0f);
    record->stage.assign(B, -1);
  }

  int stage = start.stage, target = start.target;
  bool green = start.green;
  float in_green = start.in_green_s, in_clear = start.in_clear_s;
  float clear_total = green ? 0.0f : m.clearance_s[static_cast<std::size_t>(stage) * S + target];
  // How long each group has been served without a break (the start-up lost time applies to new service).
  for (int g = 0; g < G; ++g) {
    float a = m.service[static_cast<std::size_t>(stage) * G + g];
    float b = m.service[static_cast<std::size_t>(target) * G + g];
    if (green)
      served_s_[g] = a > 0 ? in_green : 0.0f;
    else
      served_s_[g] = (a > 0 && (b > 0 || in_clear < s.yellow_used_s)) ? kLongAgo : 0.0f;
  }

  // Queued vehicles the current stage serves, and those it does not (the policy's quick test for a switch).
  float served_q = 0, other_q = 0;
  for (int g = 0; g < G; ++g)
    (m.service[static_cast<std::size_t>(stage) * G + g] > 0 ? served_q : other_q) += queue_[g];
  const bool keep_queue = record && record->keep_queue;

  ProjectionResult res;
  bool first_done = cand.switch_s < 0;
  for (int b = 0; b < B; ++b) {
    const float t = edges[b], dt = edges[b + 1] - edges[b];
    // 1. Decide (greens only): the candidate's first switch, then the policy; maximum green always ends it.
    if (green && S > 1) {
      const bool may_switch = in_green >= m.min_green_s[stage] - kEps;
      const bool at_max = in_green >= m.max_green_s[stage] - kEps;
      int want = -1;
      if (!first_done) {
        if (may_switch && t >= cand.switch_s - kEps) {
          want = cand.target >= 0 ? cand.target : pick_next(stage, true);
          first_done = true;
        } else if (at_max) {
          want = pick_next(stage, true);
          first_done = true;
        }
      } else if (at_max) {
        want = pick_next(stage, true);
      } else if (may_switch && served_q < s.demand_veh && other_q >= s.demand_veh && stage_idle(stage, b)) {
        want = pick_next(stage, false);
      }
      if (want >= 0 && want != stage) {
        if (res.first_switch_s < 0) res.first_switch_s = t, res.first_target = want;
        clear_total = m.clearance_s[static_cast<std::size_t>(stage) * S + want];
        if (clear_total > kEps) {
          green = false;
          target = want;
          in_clear = 0;
        } else {
          stage = target = want;
          in_green = 0;
        }
      }
    }
    if (record) record->stage[b] = static_cast<std::int16_t>(green ? stage : -1);

    // 2. Serve the queues for one bin.
    const float* svc_now = &m.service[static_cast<std::size_t>(stage) * G];
    const float* svc_next = &m.service[static_cast<std::size_t>(target) * G];
    const float amber_s = green ? 0.0f : std::clamp(s.yellow_used_s - in_clear, 0.0f, dt);
    served_q = 0, other_q = 0;
    for (int g = 0; g < G; ++g) {
      float f = 0, secs = 0;
      if (green) {
        f = svc_now[g], secs = dt;
      } else if (svc_next[g] > 0 && svc_now[g] > 0) {
        f = std::min(svc_now[g], svc_next[g]),
        secs = dt;  // green in both stages: green through the clearance
      } else if (svc_now[g] > 0) {
        f = svc_now[g], secs = amber_s;  // drivers too close to stop use the start of the yellow
      }
      const float arrived = in.arrivals[static_cast<std::size_t>(g) * B + b];
      float q = queue_[g] + arrived;
      float out = 0;
      if (f > 0 && secs > 0) {
        float before = served_s_[g], after = before + secs;
        float effective = std::clamp(after - std::max(before, s.lost_time_s), 0.0f, secs);
        served_s_[g] = after;
        out = std::min(q, in.rate[g] * f * effective);
        // The exits must have room: a vehicle bound for a full road waits and holds up those behind it.
        const int k0 = exit_begin_[g], k1 = exit_begin_[g + 1];
        if (k0 < k1) {
          for (int k = k0; k < k1; ++k)
            out = std::min(out, std::max(0.0f, room_[exit_list_[k]]) * exit_inv_share_[k]);
          for (int k = k0; k < k1; ++k) room_[exit_list_[k]] -= out / exit_inv_share_[k];
        }
      } else {
        served_s_[g] = 0;
      }
      q -= out;
      queue_[g] = q;
      res.stops_veh += std::min(arrived, q);  // the last to come are the ones still queued
      (svc_now[g] > 0 ? served_q : other_q) += q;
      res.delay_veh_s += q * dt;
      float over = q - in.storage[g];
      if (over > 0) res.spill_veh_s += over * dt;
      if (record) record->departures[static_cast<std::size_t>(g) * B + b] = out;
      if (keep_queue) record->queue[static_cast<std::size_t>(g) * B + b] = q;
    }
    for (int e = 0; e < E; ++e) room_[e] += in.room_gain[static_cast<std::size_t>(e) * B + b];
    // Costs only grow: a candidate already dearer than the best known cannot win.
    if (res.delay_veh_s + s.stop_penalty_s * res.stops_veh + s.spillback_weight * res.spill_veh_s >
        give_up_above) {
      res.cost = std::numeric_limits<double>::infinity();
      return res;
    }

    // 3. Advance the signal's clock.
    if (green) {
      in_green += dt;
    } else {
      in_clear += dt;
      if (in_clear >= clear_total - kEps) {
        stage = target;
        green = true;
        in_green = 0;
      }
    }
  }
  // What is still queued at the horizon needs q^2 / (2 x service rate) more vehicle-seconds to clear.
  const float horizon_s = edges[B];
  for (int g = 0; g < G; ++g) {
    float q = queue_[g];
    if (q <= 0) continue;
    res.residual_veh_s += in.rate[g] > kEps ? q * q / (2.0 * in.rate[g]) : static_cast<double>(q) * horizon_s;
  }
  res.cost = res.delay_veh_s + s.stop_penalty_s * res.stops_veh + s.spillback_weight * res.spill_veh_s +
             s.terminal_weight * res.residual_veh_s;
  return res;
}

}  // namespace ampel::predictive
