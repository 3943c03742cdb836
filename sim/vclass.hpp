#pragma once
// Vehicle classes and lane permissions: which classes of vehicle may use a lane (bus lanes, truck bans).
// The class names are SUMO's (passenger, bus, truck, ...), which are also the scenario format's.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ampel {

using VClassMask = std::uint32_t;

inline constexpr VClassMask kAllVClasses = 0xffffffffu;

// The bit of a class name; 0 if the name is not a known class.
VClassMask vclass_bit(std::string_view name);

// The classes a vehicle of class `name` may drive as: its own bit, or every class for "ignoring" (SUMO's
// class that ignores all lane permissions). 0 if unknown.
VClassMask vclass_drives_as(std::string_view name);

// Union of the named classes; an empty list means every class. Unknown names are left in `unknown`.
VClassMask vclass_mask(const std::vector<std::string>& names, std::vector<std::string>* unknown = nullptr);

// Every known class name, in bit order (for messages).
const std::vector<std::string>& vclass_names();

inline bool lane_allows(VClassMask lane_allowed, VClassMask vehicle_drives_as) {
  return (lane_allowed & vehicle_drives_as) != 0;
}

}  // namespace ampel
