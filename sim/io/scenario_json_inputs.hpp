#pragma once
// The scenario format's fields for what real (SUMO) scenarios bring: lane permissions by vehicle class, a
// type's class, type and route distributions, departure rules, planned stops, per-step random flows, loop
// detectors, signal program parameters, an end that follows the demand, and what the import left out.
// Read and written next to the rest of the scenario in scenario_json.cpp.
#include "sim/io/json_reader.hpp"
#include "sim/io/scenario_json.hpp"
#include "sim/spec.hpp"

namespace ampel::io::inputs {

// Keys each object may hold besides scenario_json's own (for expect_object).
#define AMPEL_LANE_INPUT_KEYS "allowed_classes"
#define AMPEL_TYPE_INPUT_KEYS "vclass"
#define AMPEL_DEMAND_INPUT_KEYS "route_distribution", "departure", "stops"
#define AMPEL_FLOW_INPUT_KEYS "max_vehicles"
#define AMPEL_SIGNAL_INPUT_KEYS "params"
#define AMPEL_NETWORK_INPUT_KEYS "detectors"
#define AMPEL_TIME_INPUT_KEYS "end_when_empty"
#define AMPEL_SCENARIO_INPUT_KEYS "type_distributions", "route_distributions", "import"

void read_lane(const Field& f, LaneSpec& lane);
void write_lane(OrderedJson& j, const LaneSpec& lane);
bool lane_has_detail(const LaneSpec& lane);
void read_type(const Field& f, VehicleTypeSpec& type);
void write_type(OrderedJson& j, const VehicleTypeSpec& type);
// route_distribution, departure (with depart_speed_mps modes) and stops of a flow or vehicle.
void read_demand(const Field& f, std::string& route_distribution, DepartureSpec& departure,
                 std::vector<StopSpec>& stops);
void write_demand(OrderedJson& j, const std::string& route_distribution, const DepartureSpec& departure,
                  const std::vector<StopSpec>& stops);
void read_flow(const Field& f, FlowSpec& flow);
void write_flow(OrderedJson& j, const FlowSpec& flow);
void read_signal(const Field& f, SignalSpec& signal);
void write_signal(OrderedJson& j, const SignalSpec& signal);
void read_network(const Field& f, NetworkSpec& net);
void write_network(OrderedJson& j, const NetworkSpec& net);
void read_time(const Field& f, TimeSpec& time);
void write_time(OrderedJson& j, const TimeSpec& time);
void read_scenario(const Field& f, ScenarioSpec& spec);
void write_scenario(OrderedJson& j, const ScenarioSpec& spec);

}  // namespace ampel::io::inputs
