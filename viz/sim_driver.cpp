#include "viz/sim_driver.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/control/predictive.hpp"
#include "models/predict/registry.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "viz/junction_names.hpp"

namespace ampel::viz {

namespace {
// Road length one queued vehicle takes (a 5 m car and its 2.5 m gap): turns a forecast queue in vehicles
// into the length the overlay draws.
constexpr double kQueuedVehicleM = 7.5;
constexpr std::size_t kForecastRing = 32;  // closed bins whose one-bin-ahead forecast is remembered
constexpr std::size_t kPanelBins = 10;
using Clock = std::chrono::steady_clock;
std::string route_text(const Network& net, const Route& route) {
  std::vector<std::string> streets;
  for (RoadId r : route.roads) {
    std::string n = net.road(r).name.empty() ? net.road(r).id : net.road(r).name;
    if (streets.empty() || streets.back() != n) streets.push_back(n);
  }
  std::string out;
  for (std::size_t i = 0; i < streets.size(); ++i) {
    if (i == 4 && streets.size() > 6) {
      out += " \u2192 \u2026";
      i = streets.size() - 2;
      continue;
    }
    out += (out.empty() ? "" : " \u2192 ") + streets[i];
  }
  return out;
}

}  // namespace

struct SimDriver::Pane {
  Pane(std::shared_ptr<const Scenario> sc, std::unique_ptr<Controller> c, std::optional<std::uint64_t> seed,
       const ViewLayout& layout)
      : sim(std::make_unique<Simulation>(std::move(sc), std::move(c), seed)),
        history(sim->network()),
        approaches(sim->network()),
        builder(layout) {
    sim->add_observer(&kpis);
    sim->add_observer(&history);
    sim->add_observer(&approaches);
  }
  std::unique_ptr<Simulation> sim;
  PaneSetup setup;
  KpiTracker kpis;
  JunctionHistory history;
  ApproachStats approaches;
  FrameBuilder builder;
  std::unique_ptr<TimeSpaceRecorder> time_space;
  std::string previous_controller;
  TimeMs switched_ms = -1;
  // The forecast the overlay and the junction panel show: a predictive controller's own predictor (read
  // between steps, never fed by the view), or else the view's own (`--predictor`), fed here every step.
  const predict::Predictor* predictor = nullptr;
  std::unique_ptr<predict::Predictor> own_predictor;
  bool mirrors_controller = false;  // `predictor` is the controller's own
  // Forecast of each lane's arrivals (veh/h) for a bin, made when the bin before it closed: [bin %
  // ring][lane].
  std::vector<float> one_ahead;
  std::vector<std::int64_t> one_ahead_bin;  // which bin each ring row holds (-1: none)
  std::int64_t closed_seen = 0;
  // The selected lane's counters when it was selected, and when.
  std::uint64_t lane_entered0 = 0, lane_exited0 = 0;
  TimeMs lane_since_ms = 0;
  std::shared_ptr<Frame> spare;

  void make_predictor(const Scenario& sc, const DriverOptions& options, std::string* shown_name) {
    predictor = nullptr;
    own_predictor.reset();
    mirrors_controller = false;
    if (const auto* c = dynamic_cast<const PredictiveController*>(&sim->controller()); c && c->predictor()) {
      predictor = c->predictor();
      mirrors_controller = true;
    } else if (!options.predictor.empty()) {
      ParamMap params;
      if (!options.predictor_model.empty()) params["model"] = options.predictor_model;
      own_predictor = predict::make_predictor(options.predictor, params, sc, nullptr, "--predictor");
      own_predictor->observe(ControlContext{sc, *sc.network, sim->state(), sim->now_ms()});
      predictor = own_predictor.get();
    }
    if (!predictor) return;
    *shown_name = predictor->name();
    std::size_t lanes = sc.network->road_lane_count();
    one_ahead.assign(kForecastRing * lanes, 0.0f);
    one_ahead_bin.assign(kForecastRing, -1);
    closed_seen = predictor->log().closed_bins();
  }
};

SimDriver::SimDriver(std::shared_ptr<const Scenario> scenario, const ViewLayout& layout,
                     std::vector<PaneSetup> panes, const DriverOptions& options)
    : scenario_(std::move(scenario)), layout_(&layout), options_(options) {
  speed_index_ = std::clamp(options.speed_index, 0, kMaxSpeedIndex);
  horizon_s_ = options.horizon_s;
  for (const PaneSetup& setup : panes) {
    ControllerSpec spec{setup.controller, setup.params, "--controller"};
    auto pane = std::make_unique<Pane>(scenario_, make_controller(spec, *scenario_), options.seed, layout);
    pane->setup = setup;
    pane->make_predictor(*scenario_, options_, &predictor_name_);
    panes_.push_back(std::move(pane));
  }
  std::size_t road_lanes = scenario_->network->road_lane_count();
  closed_since_ms_.assign(road_lanes, -1);
  closed_by_user_.assign(road_lanes, 0);
  fronts_.resize(panes_.size());
  if (!options.route.empty())
    set_route(std::make_shared<const RoutePath>(route_from_ids(*scenario_->network, options.route)));
  publish();
}

SimDriver::~SimDriver() {
  stop();
}

void SimDriver::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lk(mutex_);
    stop_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void SimDriver::stop() {
  {
    std::lock_guard lk(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

const Simulation& SimDriver::simulation(std::size_t pane) const {
  return *panes_[pane]->sim;
}

std::shared_ptr<const Frame> SimDriver::frame(std::size_t pane) const {
  std::lock_guard lk(mutex_);
  return fronts_[pane];
}

void SimDriver::step_all() {
  for (auto& p : panes_) {
    if (p->sim->finished()) continue;
    p->sim->step();
    if (p == panes_.front()) note_closures();
    if (!p->predictor) continue;
    const Scenario& sc = *scenario_;
    if (p->own_predictor)
      p->own_predictor->observe(ControlContext{sc, *sc.network, p->sim->state(), p->sim->now_ms()});
    const predict::ObservationLog& log = p->predictor->log();
    if (log.closed_bins() != p->closed_seen) {
      p->closed_seen = log.closed_bins();
      // Remember what the predictor now says about the bin in progress, to set against what it brings.
      std::int64_t bin = log.open_bin_index();
      std::size_t row = static_cast<std::size_t>(bin % static_cast<std::int64_t>(kForecastRing));
      std::size_t lanes = sc.network->road_lane_count();
      for (LaneId l = 0; l < lanes; ++l)
        p->one_ahead[row * lanes + l] = static_cast<float>(p->predictor->forecast_bin(l, 1).arrivals_vph);
      p->one_ahead_bin[row] = bin;
    }
  }
}

// Closures are the same in every pane (a right click closes a lane everywhere, events are shared): noted
// once per step from the first, so the sidebar can say since when.
void SimDriver::note_closures() {
  const SimState& s = panes_.front()->sim->state();
  for (LaneId l = 0; l < closed_since_ms_.size(); ++l) {
    bool closed = s.lane_closed[l] != 0;
    // Closed during the step that just ended (events apply at its start).
    if (closed && closed_since_ms_[l] < 0) closed_since_ms_[l] = s.now_ms - scenario_->step_ms;
    if (!closed) closed_since_ms_[l] = -1, closed_by_user_[l] = 0;
  }
}

void SimDriver::run_commands() {
  std::vector<std::function<void()>> commands;
  {
    std::lock_guard lk(mutex_);
    commands.swap(commands_);
  }
  for (auto& c : commands) c();
}

void SimDriver::step_now(int steps) {
  run_commands();
  for (int i = 0; i < steps; ++i) step_all();
  publish();
}

void SimDriver::advance_to(TimeMs t_ms) {
  run_commands();
  while (!panes_.front()->sim->finished() && panes_.front()->sim->now_ms() < t_ms) step_all();
  publish();
}

void SimDriver::fill_forecast(std::size_t pane, double horizon_s, Frame& f) {
  Pane& p = *panes_[pane];
  const Network& net = *scenario_->network;
  f.forecast_queue_m.clear();
  f.forecast_source.clear();
  if (!p.predictor) return;
  // A forecast is only shown as far as its predictor looks (a predictive controller looks a minute or two
  // ahead); the legend says which horizon is shown.
  const predict::PredictorSettings& ps = p.predictor->settings();
  double reach_s = std::max(ps.bin_s, (ps.horizon_bins - 1) * ps.bin_s);
  double h = std::min(horizon_s, reach_s);
  f.forecast_queue_m.resize(net.road_lane_count());
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    double q = p.predictor->forecast(l, h).queue_veh;
    f.forecast_queue_m[l] = static_cast<float>(std::min(q * kQueuedVehicleM, net.lane(l).length_m));
  }
  f.forecast_horizon_s = h;
  f.forecast_source =
      p.mirrors_controller ? "the predictive controller's " + p.predictor->name() : p.predictor->name();
  if (h < horizon_s) f.forecast_source += fmt::format(", which looks {:.0f} min ahead", h / 60.0);
}

void SimDriver::fill_panels(std::size_t pane, const Selection& sel, Frame& f) {
  Pane& p = *panes_[pane];
  const Network& net = *scenario_->network;
  const SimState& s = p.sim->state();
  f.panel.reset();
  f.lane_panel.reset();
  f.vehicle_panel.reset();
  f.selected_vehicle = -1;
  if (sel.kind == Selection::Kind::junction && sel.node < net.nodes().size()) {
    JunctionPanel panel;
    const Node& node = net.node(sel.node);
    panel.node = sel.node;
    panel.id = node.id;
    panel.name = junction_title(net, sel.node);
    panel.signalised = node.signal != kNone;
    if (panel.signalised) panel.signal_id = net.signals()[node.signal].id;
    if (node.signal != kNone)
      for (std::size_t st = 0; st < net.signals()[node.signal].stages.size(); ++st)
        panel.stage_names.push_back(stage_label(net, node.signal, st));
    panel.series = p.history.series(sel.node);
    for (RoadId r : node.in_roads) {
      ApproachRow row;
      row.name = approach_name(net, r);
      for (std::uint32_t k = 0; k < net.road(r).lane_count; ++k) {
        LaneId l = net.road(r).first_lane + k;
        row.queue_veh += s.lane_queue_veh[l];
        row.queue_m = std::max(row.queue_m, s.lane_queue_m[l]);
      }
      ApproachFigures fig = p.approaches.approach(r);
      row.flow_vph = fig.flow_vph;
      row.delay_s = fig.delay_s;
      row.los = level_of_service(fig.delay_s, panel.signalised);
      panel.total.queue_veh += row.queue_veh;
      panel.total.queue_m = std::max(panel.total.queue_m, row.queue_m);
      panel.approaches.push_back(row);
    }
    for (RoadId r : panel.series.approaches) panel.approach_names.push_back(approach_name(net, r));
    ApproachFigures all = p.approaches.junction(sel.node);
    panel.total.name = "junction";
    panel.total.flow_vph = all.flow_vph;
    panel.total.delay_s = all.delay_s;
    panel.total.los = level_of_service(all.delay_s, panel.signalised);
    panel.window_s = all.window_s;
    if (p.predictor && p.predictor->log().started()) {
      ArrivalComparison a;
      const predict::ObservationLog& log = p.predictor->log();
      a.source =
          p.mirrors_controller ? "the predictive controller's " + p.predictor->name() : p.predictor->name();
      a.bin_s = ms_to_seconds(log.bin_ms());
      double per_hour = 3600.0 / a.bin_s;
      std::size_t lanes = net.road_lane_count();
      std::size_t kept = std::min(log.kept_bins(), kPanelBins);
      for (std::size_t ago = kept; ago-- > 0;) {
        const predict::BinRecord* bin = log.bin(ago);
        if (!bin) continue;
        double actual = 0, predicted = 0;
        std::size_t row = static_cast<std::size_t>(bin->index % static_cast<std::int64_t>(kForecastRing));
        bool have = p.one_ahead_bin[row] == bin->index;
        for (RoadId r : node.in_roads)
          for (std::uint32_t k = 0; k < net.road(r).lane_count; ++k) {
            LaneId l = net.road(r).first_lane + k;
            actual += bin->arrivals_veh[l] * per_hour;
            if (have) predicted += p.one_ahead[row * lanes + l];
          }
        a.actual_vph.push_back(static_cast<float>(actual));
        a.predicted_vph.push_back(have ? static_cast<float>(predicted)
                                       : std::numeric_limits<float>::quiet_NaN());
      }
      int ahead = std::min(p.predictor->settings().horizon_bins, static_cast<int>(kPanelBins));
      for (int k = 1; k <= ahead; ++k) {
        double sum = 0;
        for (RoadId r : node.in_roads)
          for (std::uint32_t j = 0; j < net.road(r).lane_count; ++j)
            sum += p.predictor->forecast_bin(net.road(r).first_lane + j, k).arrivals_vph;
        a.ahead_vph.push_back(static_cast<float>(sum));
      }
      panel.arrivals = std::move(a);
    }
    f.panel = std::move(panel);
  } else if (sel.kind == Selection::Kind::lane && sel.lane < net.road_lane_count()) {
    LanePanel lp;
    const Lane& lane = net.lane(sel.lane);
    lp.lane = sel.lane;
    lp.id = lane.id;
    lp.name = lane_name(net, sel.lane);
    lp.length_m = lane.length_m;
    lp.speed_limit_mps = lane.speed_mps;
    lp.vehicles = s.lanes[sel.lane].size();
    lp.halting = s.lane_halting[sel.lane];
    lp.queue_veh = s.lane_queue_veh[sel.lane];
    lp.queue_m = s.lane_queue_m[sel.lane];
    lp.mean_speed_mps = lp.vehicles ? s.lane_speed_sum_mps[sel.lane] / lp.vehicles : -1.0;
    lp.closed = s.lane_closed[sel.lane] != 0;
    lp.entered = s.lane_entered[sel.lane] - p.lane_entered0;
    lp.exited = s.lane_exited[sel.lane] - p.lane_exited0;
    lp.watched_s = ms_to_seconds(s.now_ms - p.lane_since_ms);
    f.lane_panel = std::move(lp);
  } else if (sel.kind == Selection::Kind::vehicle) {
    VehiclePanel vp;
    vp.name = p.sim->vehicle_name(sel.source, sel.seq);
    for (std::size_t i = 0; i < f.vehicles.size(); ++i)
      if (f.vehicles[i].source == sel.source && f.vehicles[i].seq == sel.seq)
        f.selected_vehicle = static_cast<int>(i);
    vp.where = "has left the network (or not yet entered)";
    for (std::size_t i = 0; i < s.vehicles.size(); ++i) {
      const VehicleRecord& v = s.vehicles[i];
      if (!v.active || v.source != sel.source || v.seq != sel.seq) continue;
      vp.in_network = true;
      vp.where = v.lane < net.road_lane_count()
                     ? lane_name(net, v.lane)
                     : "crossing junction " + junction_title(net, net.link(net.lane(v.lane).via_of).node);
      vp.route = route_text(net, scenario_->routes[v.route]);
      for (std::uint32_t k = 0; k < s.lanes[v.lane].size(); ++k)
        if (s.lanes[v.lane][k].vehicle == i) vp.speed_mps = s.lanes[v.lane][k].speed_mps;
      vp.time_loss_s = v.time_loss_s;
      vp.waiting_s = v.waiting_s;
      vp.distance_m = v.distance_m;
      vp.travel_s = ms_to_seconds(s.now_ms - v.depart_ms);
      vp.stops = v.stops;
    }
    f.vehicle_panel = std::move(vp);
  }
}

void SimDriver::publish() {
  bool overlay;
  double horizon_s, interval_s;
  Selection selected;
  {
    std::lock_guard lk(mutex_);
    overlay = overlay_;
    horizon_s = horizon_s_;
    selected = selected_;
    double speed = kSpeeds[speed_index_];
    bool threaded = thread_.joinable();
    interval_s = !threaded || paused_ ? 0.0
                 : speed > 0          ? ms_to_seconds(scenario_->step_ms) / speed
                                      : 1.0 / 60.0;
  }
  const Network& net = *scenario_->network;
  for (std::size_t i = 0; i < panes_.size(); ++i) {
    Pane& p = *panes_[i];
    std::shared_ptr<Frame> f =
        p.spare && p.spare.use_count() == 1 ? std::move(p.spare) : std::make_shared<Frame>();
    p.spare.reset();
    p.builder.build(*p.sim, p.kpis, *f);
    f->previous_controller = p.previous_controller;
    f->switched_ms = p.switched_ms;
    f->closures.clear();
    for (LaneId l : f->closed_lanes)
      f->closures.push_back(
          {l, lane_name(net, l), std::max<TimeMs>(closed_since_ms_[l], 0), closed_by_user_[l] != 0});
    if (overlay)
      fill_forecast(i, horizon_s, *f);
    else
      f->forecast_queue_m.clear(), f->forecast_source.clear();
    fill_panels(i, selected, *f);
    f->time_space = p.time_space ? p.time_space->data() : nullptr;
    f->published = Clock::now();
    f->interval_s = interval_s;
    std::shared_ptr<const Frame> old;
    {
      std::lock_guard lk(mutex_);
      old = std::move(fronts_[i]);
      fronts_[i] = f;
    }
    // Reuse the old snapshot's buffers next time if the window has let go of it by then.
    p.spare = std::const_pointer_cast<Frame>(old);
  }
}

void SimDriver::loop() {
  auto last = Clock::now();
  double debt_ms = 0;
  const double step_ms = static_cast<double>(scenario_->step_ms);
  while (true) {
    bool paused;
    int speed_index, requested;
    std::vector<std::function<void()>> commands;
    {
      std::lock_guard lk(mutex_);
      if (stop_) break;
      commands.swap(commands_);
      paused = paused_;
      speed_index = speed_index_;
      requested = steps_requested_;
      steps_requested_ = 0;
    }
    for (auto& c : commands) c();
    bool changed = !commands.empty();
    auto now = Clock::now();
    double wall_ms = std::chrono::duration<double, std::milli>(now - last).count();
    last = now;
    bool finished = panes_.front()->sim->finished();
    double speed = kSpeeds[speed_index];
    int steps = 0;
    if (requested > 0) {
      for (int i = 0; i < requested; ++i) step_all();
      steps = requested;
      debt_ms = 0;
    } else if (!paused && !finished) {
      auto budget_end = now + std::chrono::milliseconds(speed > 0 ? 30 : 16);
      if (speed == 0) {
        do {
          step_all();
          ++steps;
        } while (Clock::now() < budget_end && !panes_.front()->sim->finished());
      } else {
        debt_ms += wall_ms * speed;
        while (debt_ms >= step_ms && !panes_.front()->sim->finished()) {
          step_all();
          ++steps;
          debt_ms -= step_ms;
          // Cannot keep up: drop the backlog instead of freezing the picture.
          if (Clock::now() > budget_end) debt_ms = std::min(debt_ms, step_ms);
          if (Clock::now() > budget_end) break;
        }
      }
    } else {
      debt_ms = 0;
    }
    if (steps > 0 || changed) publish();
    double wait_ms = 50;
    if (!paused && !finished) wait_ms = speed == 0 ? 0 : std::clamp((step_ms - debt_ms) / speed, 1.0, 50.0);
    std::unique_lock lk(mutex_);
    wake_.wait_for(lk, std::chrono::duration<double, std::milli>(wait_ms),
                   [&] { return stop_ || !commands_.empty() || steps_requested_ > 0; });
  }
}

void SimDriver::post(std::function<void()> command) {
  if (!thread_.joinable()) {
    command();
    publish();
    return;
  }
  {
    std::lock_guard lk(mutex_);
    commands_.push_back(std::move(command));
  }
  wake_.notify_all();
}

void SimDriver::toggle_pause() {
  {
    std::lock_guard lk(mutex_);
    paused_ = !paused_;
  }
  wake_.notify_all();
}

void SimDriver::single_step() {
  if (!thread_.joinable()) {
    {
      std::lock_guard lk(mutex_);
      paused_ = true;
    }
    step_now(1);
    return;
  }
  {
    std::lock_guard lk(mutex_);
    paused_ = true;
    ++steps_requested_;
  }
  wake_.notify_all();
}

void SimDriver::set_speed_index(int index) {
  std::lock_guard lk(mutex_);
  speed_index_ = std::clamp(index, 0, kMaxSpeedIndex);
}

void SimDriver::select_node(NodeId node) {
  select(node == kNone ? Selection{} : Selection::junction(node));
}

void SimDriver::select(const Selection& selection) {
  post([this, selection] {
    if (selection.kind == Selection::Kind::lane)
      for (auto& p : panes_) {
        p->lane_entered0 = p->sim->state().lane_entered[selection.lane];
        p->lane_exited0 = p->sim->state().lane_exited[selection.lane];
        p->lane_since_ms = p->sim->now_ms();
      }
    std::lock_guard lk(mutex_);
    selected_ = selection;
  });
}

void SimDriver::set_route(std::shared_ptr<const RoutePath> route) {
  post([this, route] {
    for (auto& p : panes_) {
      if (p->time_space) p->sim->remove_observer(p->time_space.get());
      p->time_space.reset();
      if (!route) continue;
      p->time_space = std::make_unique<TimeSpaceRecorder>(*scenario_->network, route);
      p->sim->add_observer(p->time_space.get());
    }
    std::lock_guard lk(mutex_);
    route_ = route;
  });
}

void SimDriver::set_controller(std::size_t pane, const std::string& name) {
  post([this, pane, name] {
    if (pane >= panes_.size()) return;
    try {
      // The scenario's own strategy keeps its parameters; another starts from its defaults.
      ParamMap params = name == scenario_->controller.type ? scenario_->controller.params : ParamMap{};
      auto c = make_controller(ControllerSpec{name, params, "view"}, *scenario_);
      Pane& p = *panes_[pane];
      p.previous_controller = p.sim->controller().name();
      p.sim->set_controller(std::move(c));
      p.setup = {name, params};
      p.switched_ms = p.sim->now_ms();
      // The figures are this strategy's from now on; its forecast is the new controller's own.
      p.kpis.reset(*p.sim);
      p.approaches.reset(p.sim->now_ms());
      p.make_predictor(*scenario_, options_, &predictor_name_);
      std::lock_guard lk(mutex_);
      message_.clear();
    } catch (const std::exception& e) {
      std::lock_guard lk(mutex_);
      message_ = fmt::format("cannot switch to '{}': {}", name, e.what());
    }
  });
}

void SimDriver::toggle_lane(LaneId lane) {
  post([this, lane] {
    if (lane >= scenario_->network->road_lane_count()) return;
    bool closed = panes_.front()->sim->state().lane_closed[lane] != 0;
    for (auto& p : panes_) p->sim->set_lane_closed(lane, !closed);
    closed_by_user_[lane] = !closed;
    closed_since_ms_[lane] = closed ? -1 : panes_.front()->sim->now_ms();
  });
}

void SimDriver::set_overlay(bool on) {
  post([this, on] {
    std::lock_guard lk(mutex_);
    overlay_ = on;
  });
}

void SimDriver::set_horizon_s(double horizon_s) {
  post([this, horizon_s] {
    std::lock_guard lk(mutex_);
    horizon_s_ = std::clamp(horizon_s, 60.0, 900.0);
  });
}

bool SimDriver::paused() const {
  std::lock_guard lk(mutex_);
  return paused_;
}
int SimDriver::speed_index() const {
  std::lock_guard lk(mutex_);
  return speed_index_;
}
bool SimDriver::overlay() const {
  std::lock_guard lk(mutex_);
  return overlay_;
}
double SimDriver::horizon_s() const {
  std::lock_guard lk(mutex_);
  return horizon_s_;
}
NodeId SimDriver::selected_node() const {
  std::lock_guard lk(mutex_);
  return selected_.kind == Selection::Kind::junction ? selected_.node : kNone;
}
Selection SimDriver::selection() const {
  std::lock_guard lk(mutex_);
  return selected_;
}
bool SimDriver::has_route() const {
  std::lock_guard lk(mutex_);
  return route_ != nullptr;
}
std::string SimDriver::message() const {
  std::lock_guard lk(mutex_);
  return message_;
}

std::vector<std::string> SimDriver::strategies() const {
  std::vector<std::string> out;
  for (const ControllerInfo& c : controller_catalog()) out.push_back(c.name);
  return out;
}

}  // namespace ampel::viz
