#pragma once
// Network coordinates to longitude and latitude (WGS84) where the network carries a projection (SUMO's
// <location projParameter netOffset>), through PROJ; without one, points stay in local metres.
#include <memory>

#include "sim/spec.hpp"

namespace ampel::analysis {

class GeoProjector {
 public:
  // Throws InputError when the projection string is not one PROJ understands.
  explicit GeoProjector(const GeoReference& location);
  ~GeoProjector();
  GeoProjector(const GeoProjector&) = delete;
  GeoProjector& operator=(const GeoProjector&) = delete;

  bool geographic() const { return impl_ != nullptr; }
  // {longitude, latitude} in degrees when geographic(), else the point itself (metres).
  Point to_map(Point network_point) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Point offset_;
};

}  // namespace ampel::analysis
