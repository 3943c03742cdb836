#pragma once
// The microscopic simulator: one deterministic, single-threaded step() of numbered stages over an
// immutable Scenario and one copyable SimState.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/clone_ptr.hpp"
#include "sim/controller.hpp"
#include "sim/scenario.hpp"
#include "sim/state.hpp"

namespace ampel {

class Simulation;

// Called after every step (stage 10): metrics collectors, output writers, the live view.
class StepObserver {
 public:
  virtual ~StepObserver() = default;
  virtual void on_step(const Simulation& sim) = 0;
};

class Simulation {
 public:
  // `seed` overrides the scenario's seed.
  Simulation(std::shared_ptr<const Scenario> scenario, std::unique_ptr<Controller> controller,
             std::optional<std::uint64_t> seed = std::nullopt);

  // A copy of the whole run (state, seed and a clone of the controller), without observers: for look-ahead.
  // Throws std::logic_error if the controller cannot be cloned.
  std::unique_ptr<Simulation> copy() const;

  void step();
  // Steps until the clock reaches t (or the scenario's end, whichever is first).
  void run_until(TimeMs t_ms);
  void run() { run_until(scenario_->end_ms); }
  // At the end time, or earlier once the network is empty for good (Scenario::end_when_empty).
  bool finished() const {
    return state_.now_ms >= scenario_->end_ms || (scenario_->end_when_empty && emptied());
  }

  const Scenario& scenario() const { return *scenario_; }
  std::shared_ptr<const Scenario> scenario_ptr() const { return scenario_; }
  const Network& network() const { return *scenario_->network; }
  const SimState& state() const { return state_; }
  std::uint64_t seed() const { return seed_; }
  TimeMs now_ms() const { return state_.now_ms; }
  double step_s() const { return dt_s_; }

  Controller& controller() { return *controller_; }
  const Controller& controller() const { return *controller_; }
  // Replaces the controller mid-run (signals keep their current state).
  void set_controller(std::unique_ptr<Controller> controller);
  // Closes or reopens a road lane now (a live intervention; timed ones come from the scenario's events).
  void set_lane_closed(LaneId lane, bool closed);

  void add_observer(StepObserver* observer) { observers_.push_back(observer); }
  void remove_observer(StepObserver* observer);

  // "flow.seq" for flow vehicles, the file's id for explicit ones.
  std::string vehicle_name(std::uint32_t source, std::uint32_t seq) const;
  // Trip record of a vehicle still in the network (arrival_ms = -1).
  TripRecord running_trip(VehicleId id) const;

 private:
  Simulation(const Simulation&) = default;  // through copy(), which drops the observers
  Simulation& operator=(const Simulation&) = delete;

  // Stages of step(), in order.
  void apply_timed_events();
  void release_demand();
  void insert_vehicles();
  void observe_lanes();
  void control_signals();
  void change_lanes();
  void plan_moves();
  void apply_moves();
  void watch_for_gridlock();

  // Helpers.
  void schedule_next(std::size_t flow, double work);
  void schedule_bernoulli(std::size_t flow);
  bool try_insert(RoadId road, const PendingVehicle& p);
  LinkId choose_link(LaneId lane, RouteId route, std::uint32_t route_pos) const;
  bool lane_leads_to(LaneId lane, RoadId road) const;
  bool lane_usable(LaneId lane, const VehicleRecord& v) const;
  double best_open_reach_m(const Route& route, std::uint32_t route_pos, const Road& road) const;
  int better_lane(const VehicleRecord& v, LaneId lane, double pos_m) const;
  void refresh_lane_plan(VehicleRecord& v, LaneId lane);
  double courtesy_limit_mps(LaneId lane, const LaneVehicle& me, const VehicleRecord& v) const;
  void enter_road_lane(VehicleId id, LaneId lane);
  bool try_change_lane(LaneId lane, std::uint32_t index);
  bool try_swap(LaneId lane, std::uint32_t index, LaneId to, std::uint32_t at);
  double front_limit_mps(const VehicleRecord& v, LaneId lane, double pos_m, double speed_mps,
                         bool* crosses_first, LinkId* first_link) const;
  // How a vehicle may go over a link: not now, straight through, or into the junction to wait there for a
  // gap.
  enum class Entry : std::uint8_t { stop, go, wait_inside };
  Entry junction_entry(const VehicleRecord& v, LinkId link, double dist_m, double speed_mps,
                       bool first) const;
  bool may_wait_inside(const VehicleRecord& v, LinkId link) const;
  bool holds_at_wait_point(LinkId link, double pos_m) const;
  bool must_yield(LinkId link) const;
  char link_state_now(LinkId link) const;
  void arrive(VehicleId id, LaneId lane);
  bool emptied() const;

  // Demand drawn per vehicle and where it enters (sim/departure.cpp).
  void draw_type_and_route(std::uint32_t draw, std::uint32_t source, std::uint32_t seq, TypeId& type,
                           RouteId& route) const;
  const DepartureSpec& departure_of(std::uint32_t source) const;
  LaneId departure_lane(const Road& road, const Route& route, const DepartureSpec& d, Rng& rng) const;
  // Front position on `lane` for the departure rule; false if the lane has no room for it now.
  bool departure_position(LaneId lane, const VehicleType& type, const DepartureSpec& d, Rng& rng,
                          double* front_m) const;
  double departure_speed_mps(LaneId lane, const DepartureSpec& d, double value_mps, double vmax_mps,
                             Rng& rng) const;
  void set_trip_plan(VehicleRecord& v, const PendingVehicle& p, const Route& route, Rng& rng) const;
  bool arrives_here(const VehicleRecord& v, const LaneVehicle& me) const;

  // Planned stops (sim/stops.cpp): the speed that halts the vehicle at its next stop, and serving it.
  double stop_limit_mps(VehicleRecord& v, const LaneVehicle& me, LaneId lane, const LaneVehicle* leader);
  int stop_lane_wanted(const VehicleRecord& v, LaneId lane) const;

  std::shared_ptr<const Scenario> scenario_;
  ClonePtr<Controller> controller_;
  std::uint64_t seed_;
  double dt_s_;
  SimState state_;
  std::vector<StepObserver*> observers_;
  std::vector<SignalDecision> decisions_;
  std::vector<RoadId> entry_roads_;
  // Per-step scratch, not part of the state.
  std::vector<double> entry_room_m_;  // free length at the start of each road lane, after reservations
  struct Transfer {
    LaneVehicle vehicle;
    LaneId from;
  };
  std::vector<Transfer> transfers_;
  // Drivers who must change lanes and found no gap this step, by target lane (see courtesy_limit_mps).
  struct Courtesy {
    LaneId lane;
    double pos_m, length_m;
    VehicleId vehicle;
  };
  std::vector<Courtesy> courtesy_;
  std::vector<std::uint8_t> courtesy_on_lane_;
};

}  // namespace ampel
