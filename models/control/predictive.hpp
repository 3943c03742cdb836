#pragma once
// Predictive control (DESIGN.md §5, docs/predictive.md): at every control tick, for each signal and each
// candidate first decision (hold the current stage, end it a little later, or switch to stage p now through
// the clearance the state machine will apply), project every approach's queue over a horizon of 60-180 s
// from (a) the vehicles already on the approach lanes and junction lanes, with their arrival times at the
// stop line, (b) the discharge plans of the upstream signals (shared between neighbours) and (c) the
// congestion predictor's inflow forecast beyond them; discharge at saturation flow after a start-up lost
// time, limited by the room the downstream signal's plan leaves on each exit road. Cost = queued
// vehicle-seconds + a heavy penalty on queue that would spill back into the upstream junction. The cheapest
// candidate wins; its projected plan is published for the neighbours. Minimum and maximum green are
// respected (the signal state machine enforces them anyway). A kept green is re-decided only when new
// vehicles come towards its red side, when the kept plan meant to end it, or after recheck_max_s.
#include <memory>
#include <string>
#include <vector>

#include "models/control/predictive/layout.hpp"
#include "models/control/predictive/projection.hpp"
#include "models/predict/predictor.hpp"
#include "models/registry/params.hpp"
#include "sim/clone_ptr.hpp"
#include "sim/controller.hpp"
#include "sim/scenario.hpp"

namespace ampel {

// Every parameter, with its unit and default (docs/predictive.md explains each).
struct PredictiveOptions {
  double horizon_s = 60.0;              // projection horizon, 60..180 s
  double resolution_s = 1.0;            // bin of the near horizon (and of the plans neighbours share), s
  double fine_span_s = 30.0;            // how far the fine bins reach, s
  double coarse_resolution_s = 5.0;     // bin beyond fine_span_s, s
  double tick_s = 1.0;                  // control interval, s
  double replan_s = 10.0;               // a signal that cannot switch re-publishes its plan this often, s
  double recheck_max_s = 3.0;           // longest wait before a kept green is re-examined, s (0: every tick)
  double saturation_flow_vphpl = 1800;  // discharge of one queued lane, veh/h
  double startup_lost_s = 0.5;          // start-up lost time at the beginning of a green, s
  double yellow_used_s = 2.0;           // part of the yellow still used by the stage being left, s
  double permissive_factor = 0.5;       // share of saturation flow for a permissive ('g') link
  double spillback_weight = 50.0;       // cost of one vehicle-second of queue beyond an approach's storage
  double terminal_weight = 1.0;         // weight of the time to clear the queues left at the horizon
  double stop_penalty_s = 0.0;          // delay of one stop (braking and starting again), s
  double gap_s = 3.0;                   // rollout: look-ahead for arrivals once a stage's queue is served, s
  double platoon_share = 0.3;           // rollout: keep the green while those reach this share of sat. flow
  double jam_spacing_m = -1.0;          // road length per queued vehicle, m (< 0: from the vehicle types)
  double speed_factor = 0.95;           // assumed approach speed over the speed limit
  double queue_speed_mps = 1.0;         // a vehicle this slow counts as queued
  double switch_margin_veh_s = 0.0;     // a switch must beat holding by this much, veh s
  double max_red_s = 180.0;  // a lane whose front vehicle waits this long is served next (0: off), s
  bool coordinate = true;    // share planned outflows between neighbouring signals
  std::string predictor = "persistence";  // inflow forecast beyond the neighbours' plans ("none": none)
  std::string predictor_model;            // model file for predictors that need one (written by `ampel fit`)
  double predictor_bin_s = 60.0;          // the predictor's aggregation bin, s
};

// Reads and checks the options (problems are collected in `params`).
PredictiveOptions read_predictive_options(ParamReader& params);

class PredictiveController : public Controller {
 public:
  // `predictor` may be null (no inflow forecast beyond what the neighbours plan).
  PredictiveController(const Scenario& scenario, const PredictiveOptions& options,
                       std::unique_ptr<predict::Predictor> predictor);
  std::string name() const override { return "predictive"; }
  std::unique_ptr<Controller> clone() const override { return std::make_unique<PredictiveController>(*this); }
  TimeMs control_interval_ms() const override { return interval_ms_; }
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override;

  // The projection of one signal as it was at the last decision (for tests and the viewer).
  const predictive::ProjectionRecord& last_plan(SignalId signal) const { return plans_[signal]; }
  const predictive::NetworkLayout& layout() const { return layout_; }
  const predictive::ProjectionSettings& projection_settings() const { return proj_; }
  // Its congestion predictor (null if none), for the viewer's check that it shows this forecast.
  const predict::Predictor* predictor() const { return predictor_.get(); }

 private:
  void observe(const ControlContext& ctx);
  void refresh_forecasts();
  int bin_at(float t_s) const;  // projection bin containing t_s seconds from now (bins_ if beyond)
  bool build_input(const ControlContext& ctx, SignalId signal);  // false: nothing to serve or expect
  void add_inflow(const ControlContext& ctx, const predictive::ApproachGroup& group, int g);
  void add_plan(const float* plan, TimeMs plan_ms, TimeMs now, float delay_s, float weight,
                float* bins) const;
  void publish(const ControlContext& ctx, SignalId signal, const predictive::ProjectionRecord* rec);
  // Vehicles that entered the watch lanes of the groups `stage` does not serve.
  std::uint64_t red_entries(const SimState& state, SignalId signal, int stage) const;
  // The stage that must come next because a lane's front vehicle waited max_red_s on a stage that does
  // not serve it as well as another would (-1: none is due).
  int overdue_stage(SignalId signal, int stage, TimeMs now) const;

  const Network& net_;
  PredictiveOptions options_;
  predictive::ProjectionSettings proj_;
  predictive::NetworkLayout layout_;
  ClonePtr<predict::Predictor> predictor_;  // copied with the controller
  TimeMs interval_ms_;
  int bins_;       // projection bins
  int fine_bins_;  // of which fine
  float jam_spacing_m_;

  // Shared plans, per road and projection bin from the plan's time: vehicles the upstream signal sends
  // in (entries) and the downstream signal lets out (departures); time kNever: no plan yet.
  std::vector<float> entry_plan_, depart_plan_;
  std::vector<TimeMs> entry_time_, depart_time_;
  // Per signal: when it last published, and in which state.
  std::vector<TimeMs> published_ms_;
  std::vector<SignalState> published_state_;
  // Per signal: a kept green is not re-examined before this unless new vehicles came (kNever: none pending).
  std::vector<TimeMs> recheck_ms_;
  float recheck_max_s_ = 3.0f;
  // Per approach group (numbered from group_base_[signal]): its lanes, whose entries are new information
  // (watch_lanes_[watch_begin_[i] .. watch_begin_[i + 1]]; the simulator counts entries on road lanes only).
  // Per signal: the entries on its red side at the last look.
  std::vector<std::uint32_t> group_base_, watch_begin_;
  std::vector<LaneId> watch_lanes_;
  std::vector<std::uint64_t> seen_entries_;
  // Observed mix: per lane, smoothed vehicles entering; per signal, [g * exits + e] crossings by exit.
  std::vector<std::uint64_t> last_entered_, last_exited_;
  std::vector<LinkId> front_link_;  // per road lane: the next link of its front vehicle at the last tick
  // Per road lane: since when its front vehicle waits (halted, nobody left the lane since; kNever: not).
  std::vector<TimeMs> wait_since_ms_;
  std::vector<float> lane_entries_;
  std::vector<std::vector<float>> exit_counts_;
  // Forecast cache: per road lane and predictor bin ahead, arrivals in veh/s.
  std::vector<float> forecast_vps_;
  int forecast_bins_ = 0;
  std::int64_t forecast_closed_ = -1;
  TimeMs forecast_open_begin_ms_ = 0;

  // Scratch for one signal's projection.
  std::vector<float> queue0_, arrivals_, rate_, storage_, share_, room0_, room_gain_;
  predictive::Projector projector_;
  predictive::ProjectionRecord hold_rec_, switch_rec_, cand_rec_;
  std::vector<predictive::ProjectionRecord> plans_;
};

// Builds the controller from checked parameters (the registry's entry).
std::unique_ptr<Controller> build_predictive(ParamReader& params, const Scenario& scenario);

}  // namespace ampel
