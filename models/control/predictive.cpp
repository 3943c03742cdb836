#include "models/control/predictive.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/predict/registry.hpp"
#include "sim/signals.hpp"

namespace ampel {

namespace {

constexpr TimeMs kNever = std::numeric_limits<TimeMs>::min();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Room of an exit that leaves the network: it never fills.
constexpr float kOpenRoom = 1e6f;
// First-decision candidates besides "switch now" and "let the policy decide": end the green this much later
// (tried only while switching now beats the policy; two options cost 25 % fewer projections than four, for
// the same delays on the bundled grid and arterial).
constexpr float kHoldOptionsS[] = {5.0f, 15.0f};
// Crossings remembered per group for its exit shares (older ones fade by halving).
constexpr float kShareMemoryVeh = 40.0f;
// Prior weight (vehicles) of the equal split over a group's exits.
constexpr float kSharePriorVeh = 2.0f;
// Smoothing of each lane's share of its road's entering vehicles, per control tick.
constexpr float kLaneEntryDecay = 0.98f;

double mean_jam_spacing(const Scenario& sc) {
  double sum = 0;
  for (const VehicleType& t : sc.types.types) sum += t.length_m + t.min_gap_m;
  return sc.types.types.empty() ? 7.5 : sum / static_cast<double>(sc.types.types.size());
}

}  // namespace

PredictiveOptions read_predictive_options(ParamReader& p) {
  PredictiveOptions o;
  o.horizon_s = p.number("horizon_s", o.horizon_s, 60.0, 180.0);
  o.resolution_s = p.number("resolution_s", o.resolution_s, 0.5, 5.0);
  o.fine_span_s = p.number("fine_span_s", o.fine_span_s, 0.0, 180.0);
  o.coarse_resolution_s = p.number("coarse_resolution_s", o.coarse_resolution_s, 0.5, 30.0);
  o.tick_s = p.number("tick_s", o.tick_s, 0.1, 10.0);
  o.replan_s = p.number("replan_s", o.replan_s, 0.0, 60.0);
  o.recheck_max_s = p.number("recheck_max_s", o.recheck_max_s, 0.0, 30.0);
  o.saturation_flow_vphpl = p.number("saturation_flow_vphpl", o.saturation_flow_vphpl, 300.0, 3000.0);
  o.startup_lost_s = p.number("startup_lost_s", o.startup_lost_s, 0.0, 10.0);
  o.yellow_used_s = p.number("yellow_used_s", o.yellow_used_s, 0.0, 10.0);
  o.permissive_factor = p.number("permissive_factor", o.permissive_factor, 0.0, 1.0);
  o.spillback_weight = p.number("spillback_weight", o.spillback_weight, 0.0, 1e6);
  o.terminal_weight = p.number("terminal_weight", o.terminal_weight, 0.0, 100.0);
  o.stop_penalty_s = p.number("stop_penalty_s", o.stop_penalty_s, 0.0, 60.0);
  o.gap_s = p.number("gap_s", o.gap_s, 0.5, 30.0);
  o.platoon_share = p.number("platoon_share", o.platoon_share, 0.0, 2.0);
  o.jam_spacing_m = p.number("jam_spacing_m", o.jam_spacing_m, 3.0, 30.0);
  o.speed_factor = p.number("speed_factor", o.speed_factor, 0.3, 1.5);
  o.queue_speed_mps = p.number("queue_speed_mps", o.queue_speed_mps, 0.0, 10.0);
  o.switch_margin_veh_s = p.number("switch_margin_veh_s", o.switch_margin_veh_s, 0.0, 1e6);
  o.max_red_s = p.number("max_red_s", o.max_red_s, 0.0, 600.0);
  if (o.max_red_s > 0 && o.max_red_s < 30) p.problem("max_red_s must be 0 (off) or at least 30");
  o.coordinate = p.choice("coordination", "neighbours", {"neighbours", "none"}) == "neighbours";
  std::vector<std::string> predictors = {"none"};
  for (const auto& info : predict::predictor_catalog()) predictors.push_back(info.name);
  o.predictor = p.choice("predictor", o.predictor, predictors);
  o.predictor_model = p.text("predictor_model", o.predictor_model);
  o.predictor_bin_s = p.number("predictor_bin_s", o.predictor_bin_s, 5.0, 3600.0);
  if (o.resolution_s > o.horizon_s / 10.0) p.problem("resolution_s must be at most a tenth of horizon_s");
  if (o.coarse_resolution_s < o.resolution_s) p.problem("coarse_resolution_s must be at least resolution_s");
  if (o.predictor == "none" && !o.predictor_model.empty())
    p.problem("predictor_model is given but predictor is 'none'");
  return o;
}

std::unique_ptr<Controller> build_predictive(ParamReader& params, const Scenario& scenario) {
  PredictiveOptions o = read_predictive_options(params);
  params.finish();  // report our own parameter problems before the predictor's
  std::unique_ptr<predict::Predictor> predictor;
  if (o.predictor != "none") {
    ParamMap pm;
    if (!o.predictor_model.empty()) pm["model"] = o.predictor_model;
    pm["bin_s"] = o.predictor_bin_s;
    pm["horizon_s"] = o.horizon_s + o.predictor_bin_s;
    std::string where = scenario.controller.where.empty() ? "controller" : scenario.controller.where;
    predictor = predict::make_predictor(o.predictor, pm, scenario, nullptr, where + " (predictor)");
  }
  return std::make_unique<PredictiveController>(scenario, o, std::move(predictor));
}

PredictiveController::PredictiveController(const Scenario& sc, const PredictiveOptions& o,
                                           std::unique_ptr<predict::Predictor> predictor)
    : net_(*sc.network), options_(o), predictor_(std::move(predictor)) {
  interval_ms_ = std::max<TimeMs>(1, seconds_to_ms(o.tick_s));
  const float res = static_cast<float>(o.resolution_s);
  proj_.edges_s =
      predictive::bin_edges(res, static_cast<float>(o.fine_span_s), static_cast<float>(o.coarse_resolution_s),
                            static_cast<float>(o.horizon_s));
  bins_ = proj_.bins();
  fine_bins_ = 0;
  while (fine_bins_ < bins_ && proj_.edges_s[fine_bins_ + 1] - proj_.edges_s[fine_bins_] <= res + 1e-4f &&
         proj_.edges_s[fine_bins_] < static_cast<float>(o.fine_span_s) - 1e-4f)
    ++fine_bins_;
  proj_.lost_time_s = static_cast<float>(o.startup_lost_s);
  proj_.yellow_used_s = static_cast<float>(o.yellow_used_s);
  proj_.spillback_weight = static_cast<float>(o.spillback_weight);
  proj_.terminal_weight = static_cast<float>(o.terminal_weight);
  proj_.stop_penalty_s = static_cast<float>(o.stop_penalty_s);
  proj_.gap_s = static_cast<float>(o.gap_s);
  proj_.platoon_share = static_cast<float>(o.platoon_share);
  jam_spacing_m_ = static_cast<float>(o.jam_spacing_m > 0 ? o.jam_spacing_m : mean_jam_spacing(sc));

  predictive::LayoutSettings ls;
  ls.permissive_factor = static_cast<float>(o.permissive_factor);
  ls.speed_factor = static_cast<float>(o.speed_factor);
  layout_ = predictive::build_layout(net_, ls);

  const std::size_t roads = net_.roads().size(), lanes = net_.road_lane_count();
  entry_plan_.assign(roads * bins_, 0.0f);
  depart_plan_.assign(roads * bins_, 0.0f);
  entry_time_.assign(roads, kNever);
  depart_time_.assign(roads, kNever);
  published_ms_.assign(layout_.signals.size(), kNever);
  published_state_.assign(layout_.signals.size(), SignalState{});
  recheck_ms_.assign(layout_.signals.size(), kNever);
  recheck_max_s_ = static_cast<float>(o.recheck_max_s);
  watch_begin_.push_back(0);
  for (const predictive::SignalLayout& L : layout_.signals) {
    group_base_.push_back(static_cast<std::uint32_t>(watch_begin_.size() - 1));
    for (int g = 0; g < L.model.groups; ++g) {
      watch_lanes_.insert(watch_lanes_.end(), L.groups[g].lanes.begin(), L.groups[g].lanes.end());
      watch_begin_.push_back(static_cast<std::uint32_t>(watch_lanes_.size()));
    }
  }
  seen_entries_.assign(layout_.signals.size(), 0);
  last_entered_.assign(lanes, 0);
  last_exited_.assign(lanes, 0);
  front_link_.assign(lanes, kNone);
  wait_since_ms_.assign(lanes, kNever);
  lane_entries_.assign(lanes, 0.0f);
  exit_counts_.resize(layout_.signals.size());
  for (std::size_t s = 0; s < layout_.signals.size(); ++s) {
    const auto& L = layout_.signals[s];
    exit_counts_[s].assign(static_cast<std::size_t>(L.model.groups) * L.model.exits, 0.0f);
  }
  plans_.resize(layout_.signals.size());
  for (auto* r : {&hold_rec_, &switch_rec_, &cand_rec_}) r->keep_queue = false;
  for (auto& r : plans_) r.keep_queue = false;
}

std::uint64_t PredictiveController::red_entries(const SimState& s, SignalId sid, int stage) const {
  const predictive::StageModel& m = layout_.signals[sid].model;
  std::uint64_t n = 0;
  for (int g = 0; g < m.groups; ++g) {
    if (m.service[static_cast<std::size_t>(stage) * m.groups + g] > 0) continue;
    const std::uint32_t i = group_base_[sid] + static_cast<std::uint32_t>(g);
    for (std::uint32_t k = watch_begin_[i]; k < watch_begin_[i + 1]; ++k)
      n += s.lane_entered[watch_lanes_[k]];
  }
  return n;
}

int PredictiveController::overdue_stage(SignalId sid, int stage, TimeMs now) const {
  if (options_.max_red_s <= 0) return -1;
  const predictive::SignalLayout& L = layout_.signals[sid];
  const predictive::StageModel& m = L.model;
  const int G = m.groups, P = m.stages;
  auto service = [&](int p, int g) { return m.service[static_cast<std::size_t>(p) * G + g]; };
  TimeMs oldest = kNever;
  int due_group = -1;
  for (int g = 0; g < G; ++g) {
    float best = 0;
    for (int p = 0; p < P; ++p) best = std::max(best, service(p, g));
    if (best <= 0 || service(stage, g) >= best) continue;  // served as well as it can be, or never
    for (LaneId l : L.groups[g].lanes) {
      const TimeMs since = wait_since_ms_[l];
      if (since == kNever || (due_group >= 0 && since >= oldest)) continue;
      oldest = since, due_group = g;
    }
  }
  if (due_group < 0) return -1;
  // Due once the wait plus the clearance into a stage that serves it reaches max_red_s; of the stages
  // that serve it best, the one serving most other waiting lanes.
  float best = 0;
  for (int p = 0; p < P; ++p) best = std::max(best, service(p, due_group));
  int pick = -1;
  float pick_score = -1;
  for (int p = 0; p < P; ++p) {
    if (service(p, due_group) < best) continue;
    float score = 0;
    for (int g = 0; g < G; ++g)
      for (LaneId l : L.groups[g].lanes)
        if (wait_since_ms_[l] != kNever) score += service(p, g);
    if (score > pick_score) pick_score = score, pick = p;
  }
  const double clear_s = m.clearance_s[static_cast<std::size_t>(stage) * P + pick];
  if (ms_to_seconds(now - oldest) + clear_s < options_.max_red_s) return -1;
  return pick;
}

int PredictiveController::bin_at(float t) const {
  if (t <= 0) return 0;
  const auto& edges = proj_.edges_s;
  if (t >= edges[bins_]) return bins_;
  const float fine_end = edges[fine_bins_];
  if (t < fine_end)
    return std::min(fine_bins_ - 1, static_cast<int>(t / static_cast<float>(options_.resolution_s)));
  int b = fine_bins_ + static_cast<int>((t - fine_end) / static_cast<float>(options_.coarse_resolution_s));
  return std::min(b, bins_ - 1);
}

// Per tick: the predictor's view, each lane's share of its road's entries, and which exit the vehicles that
// left each approach lane took (the front vehicle of the last tick, if the lane's exit count rose).
void PredictiveController::observe(const ControlContext& ctx) {
  const SimState& s = ctx.state;
  if (predictor_) {
    predictor_->observe(ctx);
    if (predictor_->log().closed_bins() != forecast_closed_) refresh_forecasts();
  }
  const std::size_t lanes = net_.road_lane_count();
  for (LaneId l = 0; l < lanes; ++l) {
    std::uint64_t entered = s.lane_entered[l];
    lane_entries_[l] = lane_entries_[l] * kLaneEntryDecay + static_cast<float>(entered - last_entered_[l]);
    last_entered_[l] = entered;
    SignalId sid = layout_.lane_signal[l];
    if (sid == kNone) continue;
    std::uint64_t exited = s.lane_exited[l];
    if (exited != last_exited_[l] && front_link_[l] != kNone) {
      const auto& L = layout_.signals[sid];
      std::uint32_t e = layout_.link_exit[front_link_[l]];
      if (e != kNone) {
        int g = layout_.lane_group[l];
        float* row = &exit_counts_[sid][static_cast<std::size_t>(g) * L.model.exits];
        row[e] += static_cast<float>(exited - last_exited_[l]);
        float sum = 0;
        for (int k = 0; k < L.model.exits; ++k) sum += row[k];
        if (sum > kShareMemoryVeh)
          for (int k = 0; k < L.model.exits; ++k) row[k] *= 0.5f;
      }
    }
    const LaneQueue& q = s.lanes[l];
    // The front vehicle's wait: from when it halts until someone leaves the lane.
    if (q.empty() || exited != last_exited_[l] || q.front().speed_mps >= options_.queue_speed_mps)
      wait_since_ms_[l] = kNever;
    else if (wait_since_ms_[l] == kNever)
      wait_since_ms_[l] = ctx.now_ms;
    last_exited_[l] = exited;
    front_link_[l] = q.empty() ? kNone : s.vehicles[q.front().vehicle].next_link;
  }
}

void PredictiveController::refresh_forecasts() {
  const predict::Predictor& p = *predictor_;
  forecast_closed_ = p.log().closed_bins();
  forecast_bins_ = p.settings().horizon_bins;
  forecast_open_begin_ms_ = p.log().open_bin_end_ms() - p.log().bin_ms();
  const std::size_t lanes = net_.road_lane_count();
  forecast_vps_.resize(lanes * forecast_bins_);
  for (LaneId l = 0; l < lanes; ++l)
    for (int k = 1; k <= forecast_bins_; ++k)
      forecast_vps_[l * forecast_bins_ + (k - 1)] =
          static_cast<float>(p.forecast_bin(l, k).arrivals_vph / 3600.0);
}

// Adds a neighbour's plan (in the projection's bins, from plan_ms) to per-bin counts, `delay_s` later and
// scaled by `weight`. Each plan bin lands where its middle falls; the part already past is left out (those
// vehicles are on the road now).
void PredictiveController::add_plan(const float* plan, TimeMs plan_ms, TimeMs now, float delay_s,
                                    float weight, float* bins) const {
  const float age_s = static_cast<float>(ms_to_seconds(now - plan_ms));
  const float* edges = proj_.edges_s.data();
  const float horizon_s = edges[bins_];
  int k = 0;  // target bin: the landing times grow with j, so one pass finds them all
  for (int j = 0; j < bins_; ++j) {
    if (plan[j] <= 0) continue;
    const float from = edges[j] - age_s, to = edges[j + 1] - age_s;
    if (to <= 0) continue;
    const float t = 0.5f * (std::max(from, 0.0f) + to) + delay_s;
    if (t >= horizon_s) break;
    while (edges[k + 1] <= t) ++k;
    const float left = from < 0 ? to / (to - from) : 1.0f;
    bins[k] += plan[j] * weight * left;
  }
}

// Vehicles that will reach group g's stop line beyond those already on its lanes: the upstream signal's
// planned entries (after the travel time), then the predictor's forecast of entries into its lanes.
void PredictiveController::add_inflow(const ControlContext& ctx, const predictive::ApproachGroup& grp,
                                      int g) {
  const TimeMs now = ctx.now_ms;
  const int B = bins_;
  const auto& edges = proj_.edges_s;
  float* arr = &arrivals_[static_cast<std::size_t>(g) * B];
  TimeMs covered = now;  // entries before this time are accounted for
  if (options_.coordinate && grp.upstream != kNone && entry_time_[grp.road] != kNever) {
    const Road& road = net_.road(grp.road);
    float road_sum = 0, grp_sum = 0;
    for (std::uint32_t i = 0; i < road.lane_count; ++i) road_sum += lane_entries_[road.first_lane + i];
    for (LaneId l : grp.lanes) grp_sum += lane_entries_[l];
    float share = road_sum > 0 ? grp_sum / road_sum
                               : static_cast<float>(grp.lanes.size()) / static_cast<float>(road.lane_count);
    TimeMs pt = entry_time_[grp.road];
    add_plan(&entry_plan_[static_cast<std::size_t>(grp.road) * bins_], pt, now, grp.travel_s, share, arr);
    covered = pt + seconds_to_ms(proj_.edges_s[bins_]);
  }
  if (!predictor_ || forecast_bins_ == 0) return;
  const TimeMs pbin = predictor_->log().bin_ms();
  const TimeMs travel_ms = seconds_to_ms(grp.travel_s);
  int k_cached = -1;
  float rate = 0;
  for (int b = 0; b < B; ++b) {
    // When a vehicle reaching the stop line in the middle of bin b entered the approach.
    TimeMs te = now + seconds_to_ms(0.5 * (edges[b] + edges[b + 1])) - travel_ms;
    if (te < covered) continue;
    int k = 1 + static_cast<int>(std::max<TimeMs>(0, (te - forecast_open_begin_ms_) / pbin));
    k = std::min(k, forecast_bins_);
    if (k != k_cached) {
      rate = 0;
      for (LaneId l : grp.lanes)
        rate += forecast_vps_[static_cast<std::size_t>(l) * forecast_bins_ + (k - 1)];
      k_cached = k;
    }
    arr[b] += rate * (edges[b + 1] - edges[b]);
  }
}

bool PredictiveController::build_input(const ControlContext& ctx, SignalId sid) {
  const SimState& s = ctx.state;
  const predictive::SignalLayout& L = layout_.signals[sid];
  const int G = L.model.groups, E = L.model.exits, B = bins_;
  const auto& edges = proj_.edges_s;
  const float sat_vps = static_cast<float>(options_.saturation_flow_vphpl / 3600.0);
  const float queue_speed = static_cast<float>(options_.queue_speed_mps);
  queue0_.assign(G, 0.0f);
  arrivals_.assign(static_cast<std::size_t>(G) * B, 0.0f);
  rate_.assign(G, 0.0f);
  storage_.assign(G, 0.0f);
  share_.assign(static_cast<std::size_t>(G) * E, 0.0f);
  room0_.assign(E, 0.0f);
  room_gain_.assign(static_cast<std::size_t>(E) * B, 0.0f);

  for (int g = 0; g < G; ++g) {
    const predictive::ApproachGroup& grp = L.groups[g];
    float* arr = &arrivals_[static_cast<std::size_t>(g) * B];
    const float inv_speed = 1.0f / grp.free_speed_mps;
    int open = 0;
    float queued = 0, open_storage = 0, fill = 0;  // fill: the largest share of a lane's storage queued
    for (LaneId l : grp.lanes) {
      const LaneQueue& q = s.lanes[l];
      const float len = static_cast<float>(net_.lane(l).length_m);
      float lane_queued = 0;
      for (std::uint32_t i = 0; i < q.size(); ++i) {
        const LaneVehicle& v = q[i];
        if (v.speed_mps < queue_speed) {
          lane_queued += 1;
          continue;
        }
        int b = bin_at((len - static_cast<float>(v.pos_m)) * inv_speed);
        if (b < B) arr[b] += 1;
      }
      queued += lane_queued;
      if (s.lane_closed[l]) continue;
      ++open;
      const float lane_storage = std::max(1.0f, len / jam_spacing_m_ - 1.0f);
      open_storage += lane_storage;
      fill = std::max(fill, lane_queued / lane_storage);
    }
    queue0_[g] = queued;
    rate_[g] = sat_vps * static_cast<float>(open);
    // The approach spills back when its fullest open lane does: with the lanes' current split, at
    // queued / fill vehicles (a closed lane takes no more).
    storage_[g] = fill > 0 ? std::min(open_storage, queued / fill) : open_storage;
    if (grp.from_fringe) storage_[g] = kOpenRoom;  // no junction upstream to block
    add_inflow(ctx, grp, g);
    // Exit shares: the crossings seen, over a prior of equal shares.
    const float* counts = &exit_counts_[sid][static_cast<std::size_t>(g) * E];
    const float* prior = &L.default_share[static_cast<std::size_t>(g) * E];
    float n = 0;
    for (int e = 0; e < E; ++e) n += counts[e];
    for (int e = 0; e < E; ++e)
      share_[static_cast<std::size_t>(g) * E + e] =
          (counts[e] + kSharePriorVeh * prior[e]) / (n + kSharePriorVeh);
  }
  for (const predictive::Feeder& f : L.feeders) {
    const LaneQueue& q = s.lanes[f.via_lane];
    if (q.empty()) continue;
    const float len = static_cast<float>(net_.lane(f.via_lane).length_m) + f.rest_m;
    const float inv_speed = 1.0f / L.groups[f.group].free_speed_mps;
    float* arr = &arrivals_[static_cast<std::size_t>(f.group) * B];
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      int b = bin_at((len - static_cast<float>(q[i].pos_m)) * inv_speed);
      if (b < B) arr[b] += 1;
    }
  }
  bool active = false;
  for (int g = 0; g < G && !active; ++g) active = queue0_[g] > 0;
  for (std::size_t i = 0; i < arrivals_.size() && !active; ++i) active = arrivals_[i] > 0;
  if (!active) return false;

  // Exit room: what the exit's open lanes hold (each its length over the jam spacing, less one vehicle: a
  // queue that reaches our junction blocks it), less the vehicles on it and on our junction lanes towards it;
  // entries split over the lanes as now, so the fullest lane limits. The downstream signal's plan (or
  // saturation flow without one) frees room over time.
  for (int e = 0; e < E; ++e) {
    const predictive::ExitRoad& x = L.exits[e];
    float* gain = &room_gain_[static_cast<std::size_t>(e) * B];
    if (x.open_end) {
      room0_[e] = kOpenRoom;
      continue;
    }
    const Road& road = net_.road(x.road);
    float cap = 0, on = 0, closed_on = 0, lane_room = kOpenRoom;
    int open = 0;
    for (std::uint32_t i = 0; i < road.lane_count; ++i) {
      LaneId l = road.first_lane + i;
      const float n = static_cast<float>(s.lanes[l].size());
      on += n;
      if (s.lane_closed[l]) {
        closed_on += n;
        continue;
      }
      ++open;
      const float c = std::max(0.0f, static_cast<float>(net_.lane(l).length_m) / jam_spacing_m_ - 1.0f);
      cap += c;
      lane_room = std::min(lane_room, c - n);
    }
    room0_[e] = cap - on;
    if (open > 0) room0_[e] = std::min(room0_[e], static_cast<float>(open) * lane_room - closed_on);
    const float default_vps = sat_vps * static_cast<float>(open);
    float plan_end_s = 0;  // the downstream plan covers the horizon up to here
    if (options_.coordinate && x.downstream != kNone && depart_time_[x.road] != kNever) {
      TimeMs pt = depart_time_[x.road];
      add_plan(&depart_plan_[static_cast<std::size_t>(x.road) * bins_], pt, ctx.now_ms, 0.0f, 1.0f, gain);
      plan_end_s = static_cast<float>(ms_to_seconds(pt - ctx.now_ms)) + edges[bins_];
    }
    for (int b = 0; b < B; ++b)
      if (edges[b] >= plan_end_s) gain[b] += default_vps * (edges[b + 1] - edges[b]);
  }
  for (std::size_t k = 0; k < L.own_vias.size(); ++k)
    room0_[L.own_via_exit[k]] -= static_cast<float>(s.lanes[L.own_vias[k]].size());
  for (int e = 0; e < E; ++e) room0_[e] = std::max(0.0f, room0_[e]);
  return true;
}

// Publishes a signal's projected plan (null: nothing planned) for its neighbours, in the projection's bins:
// departures per approach road, and entries per exit road (departures times the exit shares).
void PredictiveController::publish(const ControlContext& ctx, SignalId sid,
                                   const predictive::ProjectionRecord* rec) {
  const predictive::SignalLayout& L = layout_.signals[sid];
  const int B = bins_, G = L.model.groups, E = L.model.exits;
  published_ms_[sid] = ctx.now_ms;
  published_state_[sid] = ctx.state.signals[sid];
  for (RoadId r : L.approach_roads) {
    std::fill_n(&depart_plan_[static_cast<std::size_t>(r) * B], B, 0.0f);
    depart_time_[r] = ctx.now_ms;
  }
  for (const predictive::ExitRoad& x : L.exits) {
    std::fill_n(&entry_plan_[static_cast<std::size_t>(x.road) * B], B, 0.0f);
    entry_time_[x.road] = ctx.now_ms;
  }
  if (!rec) return;
  for (int g = 0; g < G; ++g) {
    const float* dep = &rec->departures[static_cast<std::size_t>(g) * B];
    float* out = &depart_plan_[static_cast<std::size_t>(L.groups[g].road) * B];
    for (int b = 0; b < B; ++b) out[b] += dep[b];
    for (int e = 0; e < E; ++e) {
      const float sh = share_[static_cast<std::size_t>(g) * E + e];
      if (sh <= 0) continue;
      float* in = &entry_plan_[static_cast<std::size_t>(L.exits[e].road) * B];
      for (int b = 0; b < B; ++b) in[b] += dep[b] * sh;
    }
  }
}

void PredictiveController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  observe(ctx);
  const auto& signals = net_.signals();
  const TimeMs replan_ms = seconds_to_ms(options_.replan_s);
  for (SignalId sid = 0; sid < signals.size() && sid < decisions.size(); ++sid) {
    const Signal& sig = signals[sid];
    const predictive::SignalLayout& L = layout_.signals[sid];
    decisions[sid] = SignalDecision::hold();
    if (L.model.groups == 0 || sig.stages.size() < 2) continue;
    const SignalState& st = ctx.state.signals[sid];

    predictive::SignalPoint pt;
    pt.stage = st.stage;
    pt.target = st.target;
    pt.green = st.interval == SignalInterval::green;
    if (pt.green) {
      pt.in_green_s = static_cast<float>(ms_to_seconds(ctx.now_ms - st.green_start_ms));
    } else {
      Clearance c = clearance_between(sig, st.stage, st.target);
      TimeMs in = ctx.now_ms - st.interval_start_ms;
      if (st.interval == SignalInterval::all_red) in += c.yellow_ms;
      pt.in_clear_s = static_cast<float>(ms_to_seconds(in));
    }
    const bool decision_point = pt.green && pt.in_green_s >= L.model.min_green_s[pt.stage] - 1e-3f;
    // A signal that cannot switch now only re-publishes its plan when it aged: the plan published when the
    // switch was decided already runs through the clearance and the next green.
    const bool fresh = published_ms_[sid] != kNever && ctx.now_ms - published_ms_[sid] < replan_ms;
    if (!decision_point && fresh) continue;
    // A lane kept waiting max_red_s is served next, whatever the projection prefers: a cost over a
    // 60 s horizon can starve a light stream behind a heavy one.
    if (decision_point) {
      const int due = overdue_stage(sid, pt.stage, ctx.now_ms);
      if (due >= 0) {
        decisions[sid] = SignalDecision::go_to(static_cast<std::uint16_t>(due));
        if (build_input(ctx, sid)) {
          projector_.prepare(L.model, proj_,
                             {queue0_, arrivals_, rate_, storage_, share_, room0_, room_gain_});
          projector_.run(pt, {0.0f, due}, &plans_[sid]);
          publish(ctx, sid, &plans_[sid]);
        } else {
          publish(ctx, sid, nullptr);
        }
        continue;
      }
    }
    const SignalState& was = published_state_[sid];
    const bool changed = was.stage != st.stage || was.target != st.target || was.interval != st.interval;
    // A green the last decision kept is re-examined when new vehicles come towards its red side, when that
    // decision meant to end it, or after recheck_max_s: without them the projection only ages (vehicles
    // coming on the green side matter when the green was to end, and it is re-examined then).
    if (decision_point) {
      const std::uint64_t seen = red_entries(ctx.state, sid, pt.stage);
      const bool news = seen != seen_entries_[sid];
      seen_entries_[sid] = seen;
      if (!changed && !news && ctx.now_ms < recheck_ms_[sid]) continue;
    }
    if (!build_input(ctx, sid)) {
      publish(ctx, sid, nullptr);  // nothing queued or coming: nothing to decide
      continue;
    }
    projector_.prepare(L.model, proj_, {queue0_, arrivals_, rate_, storage_, share_, room0_, room_gain_});
    predictive::ProjectionRecord& plan = plans_[sid];
    if (!decision_point) {
      projector_.run(pt, {}, &plan);
      publish(ctx, sid, &plan);
      continue;
    }
    // The policy's rollout first. Switching now must beat the best way of keeping the green by the margin;
    // other ways of keeping it (ending it a little later) only matter while a switch is winning. Candidates
    // already dearer than what they would have to beat are given up early.
    const double margin = options_.switch_margin_veh_s;
    double hold_cost = kInf, switch_cost = kInf;
    int switch_target = -1;
    float hold_switch_s = -1;  // when the best way of keeping the green ends it
    auto keep = [&](const predictive::ProjectionResult& r) {
      if (std::isinf(r.cost)) return;
      if (r.first_switch_s == 0.0f) {
        if (r.cost < switch_cost)
          switch_cost = r.cost, switch_target = r.first_target, std::swap(switch_rec_, cand_rec_);
      } else if (r.cost < hold_cost) {
        hold_cost = r.cost, hold_switch_s = r.first_switch_s, std::swap(hold_rec_, cand_rec_);
      }
    };
    keep(projector_.run(pt, {}, &cand_rec_));
    for (int p = 0; p < L.model.stages; ++p)
      if (p != pt.stage && p != switch_target)
        keep(projector_.run(pt, {0.0f, p}, &cand_rec_, std::min(switch_cost, hold_cost - margin)));
    const float left_s = L.model.max_green_s[pt.stage] - pt.in_green_s;
    for (float h : kHoldOptionsS)
      if (switch_cost + margin < hold_cost && h < left_s)
        keep(projector_.run(pt, {h, -1}, &cand_rec_, std::min(hold_cost, switch_cost + margin)));
    if (switch_target >= 0 && switch_cost + margin < hold_cost) {
      decisions[sid] = SignalDecision::go_to(static_cast<std::uint16_t>(switch_target));
      std::swap(plan, switch_rec_);
    } else {
      std::swap(plan, hold_rec_);
      const float wait_s = hold_switch_s < 0 ? recheck_max_s_ : std::min(recheck_max_s_, hold_switch_s);
      recheck_ms_[sid] = ctx.now_ms + seconds_to_ms(wait_s);
    }
    publish(ctx, sid, &plan);
  }
}

}  // namespace ampel
