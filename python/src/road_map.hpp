#pragma once
// ampel.road_map(): one run's per-road results as GeoJSON (analysis/road_map.hpp).
#include <pybind11/pybind11.h>

namespace ampel::python {

void bind_road_map(pybind11::module_& m);

}  // namespace ampel::python
