#pragma once
// Runs the simulations of a view (one, or two in lockstep for a split screen) on their own schedule and
// publishes a frame snapshot per pane; the window thread only reads snapshots. Commands from the user
// (pause, step, speed, strategy, lane closure, junction selection, forecast overlay) are queued and applied
// between steps, so a simulation is only ever touched by one thread at a time.
//
// Two ways to drive it: start() runs a thread that keeps simulated time at `speed` x wall time (or as fast
// as it goes); advance_to()/step_now() step on the caller's thread, for screenshots and tests.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "models/predict/predictor.hpp"
#include "sim/simulation.hpp"
#include "viz/approach_stats.hpp"
#include "viz/frame.hpp"
#include "viz/history.hpp"
#include "viz/kpis.hpp"
#include "viz/layout.hpp"

namespace ampel::viz {

// Speed multipliers offered by +/-; the last entry means "as fast as it goes".
inline constexpr double kSpeeds[] = {0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 0};
inline constexpr int kSpeedCount = static_cast<int>(std::size(kSpeeds));
inline constexpr int kMaxSpeedIndex = kSpeedCount - 1;

struct PaneSetup {
  std::string controller;  // strategy name for the registry (with the scenario's parameters if it is its own)
  ParamMap params;
};

struct DriverOptions {
  std::optional<std::uint64_t> seed;
  int speed_index = 2;                    // x1
  std::string predictor = "persistence";  // for the congestion overlay and the junction panel ("" for none)
  std::string predictor_model;            // the model file (`ampel fit`) of a predictor that needs one
  double horizon_s = 300;                 // the overlay shows the forecast this far ahead
  std::vector<std::string> route;         // road ids of a time-space diagram's route (empty: none)
};

// What the panel describes: a junction, a road lane or a vehicle (by its identity, so it is followed).
struct Selection {
  enum class Kind : std::uint8_t { none, junction, lane, vehicle };
  Kind kind = Kind::none;
  NodeId node = kNone;
  LaneId lane = kNone;
  std::uint32_t source = 0, seq = 0;
  static Selection junction(NodeId n) { return {Kind::junction, n, kNone, 0, 0}; }
  static Selection road_lane(LaneId l) { return {Kind::lane, kNone, l, 0, 0}; }
  static Selection vehicle(std::uint32_t source, std::uint32_t seq) {
    return {Kind::vehicle, kNone, kNone, source, seq};
  }
  bool operator==(const Selection&) const = default;
};

class SimDriver {
 public:
  // Throws InputError for an unknown strategy or predictor.
  SimDriver(std::shared_ptr<const Scenario> scenario, const ViewLayout& layout, std::vector<PaneSetup> panes,
            const DriverOptions& options);
  ~SimDriver();
  SimDriver(const SimDriver&) = delete;
  SimDriver& operator=(const SimDriver&) = delete;

  void start();
  void stop();

  // Synchronous stepping (no thread running): every pane in lockstep, then fresh snapshots.
  void step_now(int steps = 1);
  void advance_to(TimeMs t_ms);

  std::size_t pane_count() const { return panes_.size(); }
  // A pane's simulation, for tests and benchmarks: read it only while no thread runs (start() not called).
  const Simulation& simulation(std::size_t pane) const;
  // The latest snapshot of a pane (never null once constructed).
  std::shared_ptr<const Frame> frame(std::size_t pane) const;

  // User commands; safe from any thread.
  void toggle_pause();
  void single_step();  // pauses, then steps once
  void set_speed_index(int index);
  void select_node(NodeId node);  // kNone to close the panel
  void select(const Selection& selection);
  // Shows the time-space diagram of `route` (nullptr: hides it), recording from now on.
  void set_route(std::shared_ptr<const RoutePath> route);
  void set_controller(std::size_t pane, const std::string& name);
  void toggle_lane(LaneId lane);  // in every pane, so a comparison stays a comparison
  void set_overlay(bool on);
  void set_horizon_s(double horizon_s);

  bool paused() const;
  int speed_index() const;
  bool overlay() const;
  double horizon_s() const;
  NodeId selected_node() const;
  Selection selection() const;
  bool has_route() const;
  const std::string& predictor_name() const { return predictor_name_; }
  // Strategies the user can switch to.
  std::vector<std::string> strategies() const;
  // Last error of a command (an unknown strategy, ...), shown on screen; empty if none.
  std::string message() const;

 private:
  struct Pane;
  void loop();
  void run_commands();
  void step_all();
  void publish();
  void post(std::function<void()> command);
  void note_closures();
  void fill_panels(std::size_t pane, const Selection& sel, Frame& f);
  void fill_forecast(std::size_t pane, double horizon_s, Frame& f);

  std::shared_ptr<const Scenario> scenario_;
  const ViewLayout* layout_;
  std::vector<std::unique_ptr<Pane>> panes_;
  std::string predictor_name_;
  DriverOptions options_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::vector<std::function<void()>> commands_;
  std::vector<std::shared_ptr<const Frame>> fronts_;
  bool paused_ = false;
  int speed_index_ = 2;
  int steps_requested_ = 0;
  bool overlay_ = false;
  double horizon_s_ = 300;
  Selection selected_;
  std::shared_ptr<const RoutePath> route_;
  std::vector<TimeMs> closed_since_ms_;  // per road lane: when it was closed (-1: open)
  std::vector<std::uint8_t> closed_by_user_;
  std::string message_;
  bool stop_ = false;
  std::thread thread_;
  std::chrono::steady_clock::time_point last_publish_{};
};

}  // namespace ampel::viz
