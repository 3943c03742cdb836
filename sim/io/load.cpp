#include "sim/io/load.hpp"

#include <fmt/format.h>

#include "sim/error.hpp"
#include "sim/io/cityflow/cityflow.hpp"
#include "sim/io/import_losses.hpp"
#include "sim/io/json_reader.hpp"
#include "sim/io/scenario_json.hpp"
#include "sim/io/sumo/sumo.hpp"
#include "sim/io/xml/xml_file.hpp"

namespace ampel::io {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.ends_with(suffix);
}

void no_routes(const std::string& path, const LoadOptions& o, const char* kind) {
  if (!o.route_files.empty())
    throw InputError(path, "",
                     fmt::format("route files (--routes) go with a SUMO network, not with {}", kind));
}

void no_flow(const std::string& path, const LoadOptions& o, const char* kind) {
  if (o.flow_file)
    throw InputError(path, "",
                     fmt::format("a flow file (--flow) goes with a CityFlow roadnet, not with {}", kind));
}

ScenarioSpec load_sumo_net(const std::string& path, const LoadOptions& o) {
  no_flow(path, o, "a SUMO network");
  SumoInputs in;
  in.net_file = path;
  in.route_files = o.route_files;
  in.begin_s = o.begin_s;
  in.end_s = o.end_s;
  return load_sumo(in);
}

ScenarioSpec load_any(const std::string& path, const LoadOptions& o) {
  if (ends_with(path, ".sumocfg")) {
    no_flow(path, o, "a SUMO configuration");
    return load_sumocfg(path, o.route_files, o.begin_s, o.end_s);
  }
  if (ends_with(path, ".net.xml") || ends_with(path, ".net.xml.gz")) return load_sumo_net(path, o);
  if (ends_with(path, ".rou.xml") || ends_with(path, ".rou.xml.gz"))
    throw InputError(path, "",
                     "a route file needs its network: give the .net.xml (or .sumocfg) and --routes");
  if (ends_with(path, ".xml") || ends_with(path, ".xml.gz")) {
    // Other XML names: decide by the root element.
    std::string root;
    {
      XmlFile f(path);
      root = f.root().name();
    }
    if (root == "net") return load_sumo_net(path, o);
    if (root == "configuration" || root == "sumoConfiguration") {
      no_flow(path, o, "a SUMO configuration");
      return load_sumocfg(path, o.route_files, o.begin_s, o.end_s);
    }
    throw InputError(
        path, "", fmt::format("an XML file with <{}> is neither a SUMO network nor a configuration", root));
  }
  Json root = parse_json_file(path);
  if (is_cityflow_config(root)) {
    no_routes(path, o, "a CityFlow config");
    return load_cityflow_config(path, o.flow_file);
  }
  if (is_cityflow_roadnet(root)) {
    no_routes(path, o, "a CityFlow roadnet");
    return load_cityflow_roadnet(path, o.flow_file);
  }
  no_routes(path, o, "an ampel scenario");
  no_flow(path, o, "an ampel scenario");
  return scenario_from_json(root, path);
}

}  // namespace

ScenarioSpec load_scenario_file(const std::string& path) {
  return load_scenario_file(path, LoadOptions{});
}

ScenarioSpec load_scenario_file(const std::string& path, const LoadOptions& o) {
  ScenarioSpec spec = load_any(path, o);
  refuse_losses(spec, path, o.allow_drop);
  return spec;
}

}  // namespace ampel::io
