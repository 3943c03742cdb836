#include "sim/vclass.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>

#include "sim/error.hpp"
#include "sim/network.hpp"

namespace ampel {

const std::vector<std::string>& vclass_names() {
  // SUMO's road vehicle classes, then the ones ampel never simulates (kept so permissions read correctly).
  static const std::vector<std::string> names = {
      "passenger",  "private", "taxi",          "hov",       "evehicle", "emergency",  "authority",
      "army",       "vip",     "bus",           "coach",     "delivery", "truck",      "trailer",
      "motorcycle", "moped",   "custom1",       "custom2",   "bicycle",  "pedestrian", "tram",
      "rail_urban", "rail",    "rail_electric", "rail_fast", "ship",     "e_vehicle",  "ignoring"};
  return names;
}

VClassMask vclass_bit(std::string_view name) {
  const auto& names = vclass_names();
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return 0;
  return VClassMask{1} << static_cast<unsigned>(it - names.begin());
}

VClassMask vclass_drives_as(std::string_view name) {
  if (name == "ignoring") return kAllVClasses;
  return vclass_bit(name);
}

VClassMask vclass_mask(const std::vector<std::string>& names, std::vector<std::string>* unknown) {
  if (names.empty()) return kAllVClasses;
  VClassMask m = 0;
  for (const std::string& n : names) {
    if (n == "all") return kAllVClasses;
    VClassMask b = vclass_bit(n);
    if (b == 0 && unknown) unknown->push_back(n);
    m |= b;
  }
  return m;
}

bool check_lane_classes(const LaneSpec& lane, const std::string& road_id, Diagnostics& diag) {
  std::vector<std::string> unknown;
  VClassMask m = vclass_mask(lane.allowed_classes, &unknown);
  for (const std::string& u : unknown)
    diag.error(lane.where, fmt::format("lane of road '{}' allows unknown vehicle class '{}' (known: {})",
                                       road_id, u, fmt::join(vclass_names(), ", ")));
  if (unknown.empty() && m == 0)
    diag.error(lane.where, fmt::format("lane of road '{}' allows no vehicle class", road_id));
  return unknown.empty() && m != 0;
}

}  // namespace ampel
