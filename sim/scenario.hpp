#pragma once
// A scenario ready to simulate: the validated network, vehicle types, routes, demand and events, compiled
// from a ScenarioSpec. Immutable and shared by every Simulation of it (batch runs, split-screen views).
#include <memory>
#include <string>
#include <vector>

#include "sim/network.hpp"
#include "sim/spec.hpp"

namespace ampel {

struct Route {
  std::vector<RoadId> roads;
  double length_m = 0.0;  // sum of road lengths (junction paths excluded)
  // The vehicle classes this route was compiled for: its lanes and links are the ones they may use (a bus
  // route and a car route over the same roads are two routes when a bus lane lies on them).
  VClassMask drives_as = kAllVClasses;
  // Strategic lane choice: per position on the route and lane of that road, how far a driver can follow the
  // route from the lane's start without changing lanes (m, capped at kLaneReachCapM).
  std::vector<std::uint32_t> reach_first;  // per position: index of the road's lane 0 in reach_m
  std::vector<float> reach_m;
  float lane_reach_m(std::uint32_t pos, std::uint32_t lane_index) const {
    return reach_m[reach_first[pos] + lane_index];
  }
};

// How far ahead lane choice looks (SUMO's strategic lane changes look about this far too).
inline constexpr double kLaneReachCapM = 3000.0;

// A type and route drawn per vehicle (distributions): the options, their cumulative weights, and the
// compiled route for each route option and type option (routes depend on the type's vehicle class).
struct DemandDraw {
  std::vector<TypeId> types;
  std::vector<double> type_cumulative;  // ends at 1
  std::vector<double> route_cumulative;
  std::vector<std::vector<RouteId>> routes;  // [route option][type option]
};

// A planned stop, compiled: on the lane of the route's road at route_pos.
struct CompiledStop {
  std::uint32_t route_pos = 0;
  std::uint32_t lane_index = 0;
  double start_m = 0.0, end_m = 0.0;
  TimeMs duration_ms = 0;
  TimeMs until_ms = -1;  // -1: none
};

struct CompiledFlow {
  std::string id;
  TypeId type = 0;
  RouteId route = 0;
  std::uint32_t draw = kNone;  // index in Scenario::draws when type or route is drawn per vehicle
  std::vector<RateInterval> profile;  // sorted, non-overlapping
  Headways headways = Headways::poisson;
  double depart_speed_mps = 0.0;
  std::int64_t max_vehicles = -1;
  DepartureSpec departure;
  std::uint32_t stops_begin = 0, stops_end = 0;  // in Scenario::stops
  TimeMs first_depart_ms = 0;                     // flow begin: `until` of its stops shifts from here
};

struct CompiledVehicle {
  std::string id;
  TypeId type = 0;
  RouteId route = 0;
  TimeMs depart_ms = 0;
  double depart_speed_mps = 0.0;
  std::uint32_t draw = kNone;
  DepartureSpec departure;
  std::uint32_t stops_begin = 0, stops_end = 0;
};

struct CompiledEvent {
  TimeMs at_ms = 0;
  EventKind kind = EventKind::close_lane;
  LaneId lane = kNone;
  double factor = 1.0;
};

struct Scenario {
  std::string name;
  std::string source_file;
  std::uint64_t seed = 1;
  TimeMs begin_ms = 0;
  TimeMs end_ms = 3600 * kMsPerSecond;
  TimeMs step_ms = kMsPerSecond;
  TimeMs warmup_ms = 0;
  TimeMs output_interval_ms = 300 * kMsPerSecond;
  TimeMs gridlock_after_ms = 300 * kMsPerSecond;
  bool end_when_empty = false;  // the run ends early once every vehicle has arrived and none will come
  std::shared_ptr<const Network> network;
  VehicleTypeTable types;
  std::vector<Route> routes;
  std::vector<CompiledFlow> flows;
  std::vector<CompiledVehicle> vehicles;  // sorted by departure time, then by order in the file
  std::vector<DemandDraw> draws;
  std::vector<CompiledStop> stops;
  std::vector<CompiledEvent> events;      // sorted by time
  ControllerSpec controller;
  ScenarioSpec spec;  // the resolved definition, as recorded in manifest.json
};

// Validates everything (network, types, routes, rates, events, time settings) and throws InputError
// listing every problem found.
Scenario compile_scenario(ScenarioSpec spec);

// An end time given on the command line (`option`, e.g. "--end"): finite, after the begin, within the longest
// run, a whole number of steps; sets time.end_s or throws InputError naming the option.
void set_end_time(TimeSpec& time, double end_s, const std::string& option);

}  // namespace ampel
