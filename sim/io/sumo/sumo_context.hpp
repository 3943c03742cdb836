#pragma once
// State shared by the SUMO readers (network, tlLogic programs, routes) while one scenario is imported.
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/io/xml/import_notes.hpp"
#include "sim/io/xml/xml_file.hpp"
#include "sim/spec.hpp"

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
};

struct RouteDef {
  std::vector<std::string> edges;
  std::string file, place;
};

struct VTypeInfo {
  std::string vclass;
  bool drives_on_car_lanes = true;
};

struct Context {
  ScenarioSpec spec;
  ImportNotes notes;
  // Every normal edge of the network: true if it kept at least one car lane.
  std::unordered_map<std::string, bool> edge_kept;
  std::unordered_map<std::string, TlUse> tl_use;
  std::vector<std::string> tl_order;        // tl ids in order of first use by a kept connection
  std::map<std::string, Program> programs;  // the program SUMO runs: the last one loaded per tl id
  std::unordered_map<std::string, VTypeInfo> vtypes;
  std::unordered_map<std::string, RouteDef> routes;
  std::set<std::string> distributions;
  long flow_vehicles = 0;  // vehicles made from flows so far (bounded)  // ids of route and vType
                           // distributions (not supported)

  // "line N" for the scenario's own file, "<name> line N" for the others it pulls in.
  std::string where(const XmlFile& f, pugi::xml_node n) const;
};

void read_net(const XmlFile& net, Context& ctx);
// tlLogic, vType, route, vehicle, trip, flow; everything else is counted as ignored.
void read_elements(const XmlFile& file, Context& ctx);
// Turns the collected programs into SignalSpecs once every file is read.
void finish_signals(Context& ctx);
// SUMO's defaults for a vehicle class (passenger when unknown).
VehicleTypeSpec vclass_defaults(const std::string& vclass);

}  // namespace ampel::io::sumo
