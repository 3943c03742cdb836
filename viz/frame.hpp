#pragma once
// A frame snapshot: everything one pane draws, copied out of the simulation state by the simulation
// thread. The renderer only ever reads snapshots, so it never touches live state (DESIGN.md §2.6) and a
// test can check what would be drawn without opening a window.
#include <SFML/Graphics/Color.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/simulation.hpp"
#include "viz/history.hpp"
#include "viz/kpis.hpp"
#include "viz/layout.hpp"
#include "viz/time_space.hpp"

namespace ampel::viz {

// Positions are metres relative to ViewLayout::origin() (floats would lose metres at UTM-sized coordinates).
struct VehicleGlyph {
  float x = 0, y = 0;            // centre of the vehicle now (m)
  float prev_x = 0, prev_y = 0;  // centre in the previous snapshot (same as now for a new vehicle)
  float dir_x = 1, dir_y = 0;    // heading (unit)
  float length_m = 5, width_m = 1.8f;
  float speed_mps = 0;
  sf::Color color;
  std::uint32_t source = 0, seq = 0;  // which vehicle (for picking it with the mouse)
};

// A bar from the stop line of a road lane back over its queue (sim/queue_rule.hpp).
struct QueueBar {
  LaneId lane = kNone;
  float length_m = 0;          // simulated metres (SimState::lane_queue_m)
  std::uint32_t vehicles = 0;  // SimState::lane_queue_veh
};

// Forecast inflow against what happened, per minute, for one junction (when a predictor is there).
struct ArrivalComparison {
  std::string source;  // which predictor ("persistence", the controller's, ...)
  double bin_s = 60;
  std::vector<float> actual_vph;     // closed bins, oldest first, summed over the junction's approaches
  std::vector<float> predicted_vph;  // forecast made one bin ahead for the same bins (NaN: none yet)
  std::vector<float> ahead_vph;      // forecasts for the coming bins
};

// One approach of a junction in the panel: queue now, and over the last 15 minutes flow, mean control delay
// and level of service (viz/approach_stats.hpp).
struct ApproachRow {
  std::string name;  // "N Holstenwall"
  std::uint32_t queue_veh = 0;
  float queue_m = 0;
  double flow_vph = 0;
  double delay_s = -1;  // -1: no vehicle crossed in the window
  char los = '-';
};

struct JunctionPanel {
  NodeId node = kNone;
  std::string name;  // its streets, or its id
  std::string id;
  std::string signal_id;  // the traffic light's id (empty: not signalised)
  bool signalised = false;
  std::vector<std::string> stage_names;  // what each stage releases ("N ←↑→  S ↑→")
  std::vector<std::string> approach_names;
  std::vector<ApproachRow> approaches;
  ApproachRow total;
  double window_s = 0;  // what the flows and delays cover
  JunctionSeries series;
  std::optional<ArrivalComparison> arrivals;
};

struct LanePanel {
  LaneId lane = kNone;
  std::string name, id;
  double length_m = 0, speed_limit_mps = 0;
  std::uint32_t vehicles = 0, halting = 0, queue_veh = 0;
  float queue_m = 0;
  double mean_speed_mps = -1;  // -1: empty
  bool closed = false;
  std::uint64_t entered = 0, exited = 0;  // since the lane was selected
  double watched_s = 0;                   // how long that is
};

struct VehiclePanel {
  std::string name;   // the scenario's id for it (flow id and number)
  std::string where;  // its lane, or "has left the network" / "waiting to enter"
  std::string route;  // the streets of its route
  double speed_mps = 0, time_loss_s = 0, waiting_s = 0, distance_m = 0, travel_s = 0;
  std::uint32_t stops = 0;
  bool in_network = false;
};

struct ClosureNote {
  LaneId lane = kNone;
  std::string name;
  TimeMs since_ms = 0;
  bool by_user = false;  // right-clicked in the view; else a scenario event
};

struct Frame {
  TimeMs now_ms = 0;
  TimeMs begin_ms = 0, end_ms = 0;
  bool finished = false;
  std::string controller;
  std::string previous_controller;  // before a live switch (empty: none)
  TimeMs switched_ms = -1;          // when the strategy was switched; the figures count from then
  std::uint64_t seed = 0;
  Kpis kpis;
  GridlockReport gridlock;
  std::vector<VehicleGlyph> vehicles;
  std::vector<QueueBar> queues;
  std::vector<char> head_states;  // per ViewLayout::signal_heads(), SimState::link_signal of its slot
  std::vector<LaneId> closed_lanes;
  std::vector<ClosureNote> closures;
  // Forecast queue per road lane (m from the stop line) when the overlay is on, else empty.
  std::vector<float> forecast_queue_m;
  double forecast_horizon_s = 0;
  std::string forecast_source;
  // What the open panel describes (at most one is set).
  std::optional<JunctionPanel> panel;
  std::optional<LanePanel> lane_panel;
  std::optional<VehiclePanel> vehicle_panel;
  int selected_vehicle = -1;  // index into `vehicles`
  std::shared_ptr<const TimeSpaceData> time_space;
  double full_speed_mps = 13.89;  // top of the speed colour scale
  // When the snapshot was published and for how long (wall seconds) it stands until the next one, so the
  // renderer can glide vehicles from their previous place; 0: draw them where they are.
  std::chrono::steady_clock::time_point published{};
  double interval_s = 0;
};

// Builds snapshots of one simulation; remembers where each vehicle was drawn last time, so the renderer
// can move vehicles smoothly between two snapshots.
class FrameBuilder {
 public:
  explicit FrameBuilder(const ViewLayout& layout);
  // Fills `out` (reusing its buffers) with the state of `sim` as it is now.
  void build(const Simulation& sim, const KpiTracker& kpis, Frame& out);

  double full_speed_mps() const { return full_speed_mps_; }
  static constexpr float kVehicleWidthM = 1.8f;

 private:
  struct Seen {
    std::uint32_t source = kNone, seq = kNone;
    float x = 0, y = 0;
  };
  const ViewLayout* layout_;
  double full_speed_mps_ = 13.89;
  std::vector<Seen> seen_;  // per vehicle slot
};

}  // namespace ampel::viz
