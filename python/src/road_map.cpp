#include "python/src/road_map.hpp"

#include <pybind11/stl.h>

#include "analysis/road_map.hpp"
#include "python/src/simulation_handle.hpp"

namespace ampel::python {

namespace py = pybind11;

void bind_road_map(py::module_& m) {
  m.def("_road_map",
        [](std::string scenario, std::optional<std::string> controller, py::dict params,
           std::optional<std::uint64_t> seed, std::optional<double> end, std::vector<std::string> routes,
           std::optional<std::string> flow, std::string predictor, double horizon_s,
           std::optional<double> at_s, std::optional<double> warmup_s) {
          LoadRequest load{std::move(scenario), std::move(controller), std::move(params), seed, end,
                           std::move(routes),   std::move(flow),       warmup_s};
          analysis::RoadMapRequest r;
          r.scenario = load_scenario(load);
          r.controller = r.scenario->controller;
          r.seed = seed;
          r.predictor = std::move(predictor);
          r.horizon_s = horizon_s;
          r.at_s = at_s;
          py::gil_scoped_release released;
          return analysis::run_road_map(r);
        });
}

}  // namespace ampel::python
