#pragma once
// State shared by the SUMO readers (network, tlLogic programs, routes) while one scenario is imported.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/io/xml/import_notes.hpp"
#include "sim/io/xml/xml_file.hpp"
#include "sim/spec.hpp"
#include "sim/vclass.hpp"

namespace ampel::io::sumo {

struct TlUse {
  int max_link = -1;  // largest linkIndex any connection of the net gives this tl
  std::string file;   // where that connection is, for the error message
  std::string place;
  std::vector<std::string> nodes;  // kept junctions whose kept connections it controls
};

struct Program {
  SignalSpec signal;
  std::string file;
  std::string place;
  bool off = false;           // a program that switches the light off: its links run unsignalised
  bool approximated = false;  // a program type ampel cannot run as SUMO does (run as its fixed phases)
};

struct RouteDef {
  std::vector<std::string> edges;
  std::vector<StopSpec> stops;  // stops given inside the route
  std::string file, place;
};

struct VTypeInfo {
  std::string vclass;
  bool simulated = true;  // its class is one ampel simulates (not bicycles, pedestrians, rail, ships)
  VClassMask drives_as = kAllVClasses;
};

struct Distribution {
  std::vector<std::string> members;  // vType ids or route ids (routes are stored in Context::routes)
  std::vector<double> weights;
  std::string where;
};

// A busStop, trainStop, containerStop or chargingStation: where a <stop> naming it halts.
struct StoppingPlace {
  std::string edge;
  int lane = -1;  // index among the kept lanes; -1: its lane was left out
  double start_m = 0.0, end_m = 0.0;
};

struct KeptLane {
  std::string edge;
  int index = -1;  // among the edge's kept lanes; -1: left out
  double length_m = 0.0;
};

struct Context {
  ScenarioSpec spec;
  ImportNotes notes;
  // The simulated time window: vehicles departing outside it are not loaded (as in SUMO).
  double begin_s = 0.0;
  std::optional<double> end_s;  // unset: the run follows the demand to its last vehicle
  // Every normal edge of the network: the vehicle classes its kept lanes allow (0: none kept).
  std::unordered_map<std::string, VClassMask> edge_classes;
  std::unordered_map<std::string, KeptLane> lanes;  // SUMO lane id -> its kept lane
  std::unordered_map<std::string, TlUse> tl_use;
  std::vector<std::string> tl_order;        // tl ids in order of first use by a kept connection
  std::map<std::string, Program> programs;  // the program SUMO runs: the last one loaded per tl id
  std::unordered_map<std::string, VTypeInfo> vtypes;
  std::unordered_map<std::string, Distribution> type_distributions;
  std::unordered_map<std::string, RouteDef> routes;
  std::unordered_map<std::string, Distribution> route_distributions;
  std::unordered_map<std::string, StoppingPlace> stopping_places;
  long flow_vehicles = 0;          // vehicles made from flows so far (bounded)
  double last_departure_s = -1.0;  // latest departure of any loaded vehicle or flow
  long outside_window = 0;         // vehicles departing before the begin or after the end

  // "line N" for the scenario's own file, "<name> line N" for the others it pulls in.
  std::string where(const XmlFile& f, pugi::xml_node n) const;
  // Counts `count` vehicles of the files that will never run (ScenarioSpec::dropped_vehicles), with a note.
  void drop_vehicles(const std::string& kind, const std::string& example, long count = 1,
                     const std::string& why = {});
};

void read_net(const XmlFile& net, Context& ctx);
// tlLogic, vType, route, vehicle, trip, flow, stopping places, loop detectors; the rest is counted as
// ignored.
void read_elements(const XmlFile& file, Context& ctx);
// Turns the collected programs into SignalSpecs once every file is read.
void finish_signals(Context& ctx);
// SUMO's defaults for a vehicle class (SUMO 1.15's, measured; passenger when unknown).
VehicleTypeSpec vclass_defaults(const std::string& vclass);
// SUMO time values: seconds, or h:m:s.
bool parse_time(std::string_view s, double& out);
// Classes ampel simulates (SUMO's road motor vehicles); the others are left out with a note.
bool simulated_class(std::string_view vclass);

}  // namespace ampel::io::sumo
