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

namespace ampel::viz {

// Positions are metres relative to ViewLayout::origin() (floats would lose metres at UTM-sized coordinates).
struct VehicleGlyph {
  float x = 0, y = 0;            // centre of the vehicle now (m)
  float prev_x = 0, prev_y = 0;  // centre in the previous snapshot (same as now for a new vehicle)
  float dir_x = 1, dir_y = 0;    // heading (unit)
  float length_m = 5, width_m = 1.8f;
  float speed_mps = 0;
  sf::Color color;
};

// A bar from the stop line of a road lane back over the queue's length.
struct QueueBar {
  LaneId lane = kNone;
  float length_m = 0;  // simulated metres (SimState::lane_queue_m)
  float share = 0;     // of the lane's length
  sf::Color color;
};

// Forecast inflow against what happened, per minute, for one junction (when a predictor is there).
struct ArrivalComparison {
  std::string source;  // which predictor ("persistence", the controller's, ...)
  double bin_s = 60;
  std::vector<float> actual_vph;     // closed bins, oldest first, summed over the junction's approaches
  std::vector<float> predicted_vph;  // forecast made one bin ahead for the same bins (NaN: none yet)
  std::vector<float> ahead_vph;      // forecasts for the coming bins
};

struct JunctionPanel {
  NodeId node = kNone;
  std::string name;
  std::vector<std::string> stage_names;
  std::vector<std::string> approach_names;
  JunctionSeries series;
  std::optional<ArrivalComparison> arrivals;
};

struct Frame {
  TimeMs now_ms = 0;
  TimeMs begin_ms = 0, end_ms = 0;
  bool finished = false;
  std::string controller;
  std::uint64_t seed = 0;
  Kpis kpis;
  std::vector<VehicleGlyph> vehicles;
  std::vector<QueueBar> queues;
  std::vector<char> head_states;  // per ViewLayout::signal_heads(), SimState::link_signal of its slot
  std::vector<LaneId> closed_lanes;
  // Predicted congestion per road lane (occupancy share 0..1) when the overlay is on, else empty.
  std::vector<float> congestion;
  double congestion_horizon_s = 0;
  std::string congestion_source;
  std::optional<JunctionPanel> panel;
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
