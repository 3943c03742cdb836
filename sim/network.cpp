#include "sim/network.hpp"

namespace ampel {

template <class Map>
static std::uint32_t lookup(const Map& m, std::string_view id) {
  auto it = m.find(std::string(id));
  return it == m.end() ? kNone : it->second;
}

NodeId Network::find_node(std::string_view id) const {
  return lookup(node_index_, id);
}
RoadId Network::find_road(std::string_view id) const {
  return lookup(road_index_, id);
}
SignalId Network::find_signal(std::string_view id) const {
  return lookup(signal_index_, id);
}
LaneId Network::find_lane(std::string_view id) const {
  return lookup(lane_index_, id);
}

MovementId Network::movement_between(RoadId a, RoadId b) const {
  auto it = movement_index_.find((std::uint64_t{a} << 32) | b);
  return it == movement_index_.end() ? kNone : it->second;
}

TypeId VehicleTypeTable::find(std::string_view id) const {
  for (std::size_t i = 0; i < types.size(); ++i)
    if (types[i].id == id) return static_cast<TypeId>(i);
  return kNoType;
}

}  // namespace ampel
