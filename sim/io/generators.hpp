#pragma once
// Scenario generators: a single intersection, an arterial corridor and an N x M grid, each with its
// signal plans and demand. `ampel generate` writes them as scenario files; tests and benchmarks use them
// directly.
#include <string>
#include <vector>

#include "sim/spec.hpp"

namespace ampel::io {

// A demand profile as factors on a base rate over time.
struct ProfileStep {
  double begin_s, end_s, factor;
};
// Two-hour morning peak in quarter hours, rising to 1.0 and falling back.
std::vector<ProfileStep> morning_peak_profile();

struct SingleIntersectionParams {
  double arm_length_m = 300.0;
  int lanes = 2;
  double speed_mps = 13.89;
  double main_rate_vph = 600.0;  // per approach, east-west
  double side_rate_vph = 400.0;  // per approach, north-south
  double left_share = 0.15, right_share = 0.15;
  double green_main_s = 30.0, green_side_s = 22.0;
  double duration_s = 3600.0;
  std::uint64_t seed = 1;
};
ScenarioSpec make_single_intersection(const SingleIntersectionParams& p);

struct ArterialParams {
  int signals = 5;
  double spacing_m = 250.0;
  double side_length_m = 200.0;
  int main_lanes = 2, side_lanes = 1;
  double speed_mps = 13.89;
  double main_rate_vph = 800.0;  // per direction, entering at either end
  double side_rate_vph = 180.0;  // per side-street approach
  double turn_share = 0.3;       // of main-street traffic that turns off, spread over the junctions and sides
  double cycle_s = 70.0;
  double main_green_share = 0.6;
  double progression_mps = 12.0;  // green-wave speed for the offsets
  double duration_s = 3600.0;
  std::uint64_t seed = 1;
};
ScenarioSpec make_arterial(const ArterialParams& p);

struct GridParams {
  int rows = 4, cols = 4;
  double spacing_m = 300.0;
  int lanes = 2;
  double speed_mps = 13.89;
  double entry_rate_vph = 450.0;  // per entry at the profile's factor 1
  bool morning_peak = true;       // false: constant rate over the whole duration
  double duration_s = 7200.0;
  double green_s = 27.0;
  std::uint64_t seed = 1;
};
ScenarioSpec make_grid(const GridParams& p);

// An incident: lane `lane` of road `road` closed at at_s for duration_s, then reopened.
struct LaneClosure {
  std::string road;
  int lane = 0;
  double at_s = 0.0;
  double duration_s = 0.0;
};
// Reads "road:lane:at_s:duration_s"; throws InputError (place `where`) if malformed.
LaneClosure parse_lane_closure(const std::string& text, const std::string& where);
// Adds the closure as a close_lane event and marks the scenario's name and description with it.
void add_lane_closure(ScenarioSpec& sc, const LaneClosure& closure);

}  // namespace ampel::io
