#pragma once
// A hand-made SimState around a compiled scenario, so predictors can be fed exactly the observations a test
// wants (counts, queues, vehicles at chosen places) without running the simulator.
#include <memory>

#include "sim/controller.hpp"
#include "sim/scenario.hpp"
#include "sim/state.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel::testing {

// W -> J1 -> J2 -> E, one lane per road, unsignalised, with one flow along a, m, e (so routes[0] is a-m-e).
inline ScenarioSpec chain_with_route(double approach_m = 1200, double middle_m = 150, double exit_m = 300) {
  ScenarioSpec spec = chain(approach_m, middle_m, exit_m);
  spec.network.nodes[1].kind = NodeKind::priority;
  spec.network.nodes[2].kind = NodeKind::priority;
  FlowSpec f;
  f.id = "f";
  f.route = {"a", "m", "e"};
  f.profile = {{0, 3600, 300}};
  spec.flows = {f};
  return spec;
}

struct Harness {
  std::shared_ptr<const Scenario> scenario;
  SimState state;

  explicit Harness(const ScenarioSpec& spec) : scenario(compile(spec)) {
    const Network& net = *scenario->network;
    std::size_t road_lanes = net.road_lane_count();
    state.lanes.resize(net.lanes().size());
    state.lane_closed.assign(road_lanes, 0);
    state.lane_entered.assign(road_lanes, 0);
    state.lane_exited.assign(road_lanes, 0);
    state.lane_halting.assign(road_lanes, 0);
    state.lane_queue_m.assign(road_lanes, 0.0f);
    state.pending.resize(net.roads().size());
  }
  const Network& net() const { return *scenario->network; }
  ControlContext ctx() const { return {*scenario, *scenario->network, state, state.now_ms}; }
  LaneId lane_of(const char* road) const { return net().road(net().find_road(road)).first_lane; }
  // The first link leaving `lane`.
  LinkId link_from(LaneId lane) const { return net().lane(lane).links_begin; }

  // Puts a vehicle of flow 0 on a road lane (at the back), on route 0 at route position `route_pos`.
  VehicleId add_vehicle(LaneId lane, double pos_m, double speed_mps, std::uint32_t route_pos,
                        LinkId next_link) {
    VehicleRecord v;
    v.active = true;
    v.source = 0;
    v.seq = static_cast<std::uint32_t>(state.vehicles.size());
    v.route = 0;
    v.route_pos = route_pos;
    v.lane = lane;
    v.next_link = next_link;
    v.speed_factor = 1.0;
    state.vehicles.push_back(v);
    VehicleId id = static_cast<VehicleId>(state.vehicles.size() - 1);
    state.lanes[lane].push_back({pos_m, speed_mps, speed_mps, id, 5.0f});
    return id;
  }
};

}  // namespace ampel::testing
