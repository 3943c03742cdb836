#pragma once
// Part of compile_scenario: flows and vehicles with their types, routes (fixed or drawn from
// distributions), departure options and planned stops.
#include <functional>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/scenario.hpp"

namespace ampel {

// Compiles a route for vehicles of the classes `drives_as`; kNone (after reporting) if it is unusable.
using CompileRoute = std::function<RouteId(const std::vector<std::string>& roads, const std::string& from,
                                           const std::string& to, VClassMask drives_as,
                                           const std::string& where, const std::string& what)>;

// Fills sc.flows, sc.vehicles (sorted by departure), sc.draws and sc.stops; `profiles` are the flows' checked
// rate profiles, in spec order.
void compile_demand(const ScenarioSpec& spec, Scenario& sc, std::vector<std::vector<RateInterval>>& profiles,
                    Diagnostics& diag, const CompileRoute& compile_route);

}  // namespace ampel
