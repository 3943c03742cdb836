// The Python module ampel._core: simulations, their state as NumPy arrays, signal control from Python,
// compare and batch runs, the environment's observer and the results map. ampel/__init__.py re-exports it.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "ampel/version.hpp"
#include "models/registry/registry.hpp"
#include "python/src/agents.hpp"
#include "python/src/controllers.hpp"
#include "python/src/road_map.hpp"
#include "python/src/runs.hpp"
#include "python/src/simulation_handle.hpp"
#include "python/src/state_view.hpp"
#include "sim/error.hpp"

namespace py = pybind11;
using namespace ampel;
using namespace ampel::python;

namespace {

std::vector<std::string> field_list(const py::args& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(py::str(f));
  return out;
}

// The array readers every state holder offers: a running simulation and what a controller is shown.
template <class Class, class Get>
void bind_state_readers(Class& cls, Get get) {
  cls.def(
         "lanes",
         [get](const typename Class::type& self, const py::args& fields) {
           auto [net, st] = get(self);
           return lane_arrays(net, st, field_list(fields));
         },
         "Road lanes: dict of arrays (vehicles, halting, queue_m, mean_speed_mps, occupancy, density_vpkm, "
         "waiting_s, closed, entered, exited); name fields to get only those")
      .def(
          "lane",
          [get](const typename Class::type& self, const std::string& field) {
            auto [net, st] = get(self);
            py::dict one = lane_arrays(net, st, {field});  // a named dict: the item must outlive the call
            return py::object(one[py::str(field)]);
          },
          py::arg("field"), "One lane quantity as an array, e.g. lane('halting')")
      .def(
          "roads",
          [get](const typename Class::type& self) {
            auto [net, st] = get(self);
            return road_arrays(net, st);
          },
          "Roads: dict of arrays (vehicles, halting, queue_m, mean_speed_mps, occupancy, waiting_s, pending, "
          "entered, exited)")
      .def(
          "junctions",
          [get](const typename Class::type& self) {
            auto [net, st] = get(self);
            return junction_arrays(net, st);
          },
          "Junctions: dict of arrays (in_vehicles, in_halting, out_vehicles, waiting_s)")
      .def(
          "signals",
          [get](const typename Class::type& self) {
            auto [net, st] = get(self);
            return signal_arrays(net, st);
          },
          "Signals: dict of arrays (stage, target, interval 0 green/1 yellow/2 all-red, interval_s, green_s, "
          "can_switch)")
      .def(
          "links",
          [get](const typename Class::type& self) {
            auto [net, st] = get(self);
            return link_arrays(net, st);
          },
          "Links: dict of arrays (bound: vehicles on the approach lane taking the link; state as ASCII "
          "codes)")
      .def(
          "vehicles",
          [get](const typename Class::type& self) {
            auto [net, st] = get(self);
            return vehicle_arrays(net, st);
          },
          "Vehicles in the network: dict of arrays (slot, lane, road, pos_m, speed_mps, x_m, y_m, waiting_s, "
          "time_loss_s, depart_s)");
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "ampel: a fast traffic-signal simulator (bindings; import ampel)";
  m.attr("__version__") = ampel::kVersion;

  static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      std::string text;
      for (const Problem& pr : e.problems()) text += (text.empty() ? "" : "\n") + pr.to_string();
      input_error(text.c_str());
    }
  });

  py::class_<NetworkInfo, std::shared_ptr<NetworkInfo>>(m, "Network", "The road network (immutable)")
      .def_readonly("name", &NetworkInfo::name)
      .def_readonly("begin_s", &NetworkInfo::begin_s)
      .def_readonly("end_s", &NetworkInfo::end_s)
      .def_readonly("step_s", &NetworkInfo::step_s)
      .def_property_readonly("lane_ids", &NetworkInfo::lane_ids)
      .def_property_readonly("road_ids", &NetworkInfo::road_ids)
      .def_property_readonly("junction_ids", &NetworkInfo::junction_ids)
      .def_property_readonly("signal_ids", &NetworkInfo::signal_ids)
      .def("lanes", &NetworkInfo::lanes, "Road lanes: road, index, length_m, speed_mps")
      .def("roads", &NetworkInfo::roads,
           "Roads: from_junction, to_junction, first_lane, lane_count, length_m, "
           "speed_mps")
      .def("junctions", &NetworkInfo::junctions, "Junctions: x_m, y_m, signal (-1: none)")
      .def("links", &NetworkInfo::links,
           "Links: from_lane, to_lane, from_road, to_road, junction, signal, signal_index")
      .def("signals", &NetworkInfo::signals, "Signals: stage_count, junction")
      .def("stage_states", &NetworkInfo::stage_states, py::arg("signal"))
      .def("stage_links", &NetworkInfo::stage_links, py::arg("signal"),
           "Per stage, the links it gives green (array of link indices)")
      .def("incoming_lanes", &NetworkInfo::incoming_lanes, py::arg("signal"))
      .def("outgoing_lanes", &NetworkInfo::outgoing_lanes, py::arg("signal"))
      .def("min_green_s", &NetworkInfo::min_green_s, py::arg("signal"))
      .def("signal_index", &NetworkInfo::signal_index, py::arg("signal"));

  auto control_state = py::class_<ControlState, std::shared_ptr<ControlState>>(
      m, "ControlState", "The state a Python controller is shown at a decision (valid during decide() only)");
  control_state
      .def_property_readonly("time", [](const ControlState& s) { return ms_to_seconds(s.state().now_ms); })
      .def_property_readonly("network", &ControlState::network);
  bind_state_readers(control_state, [](const ControlState& s) {
    return std::pair<const Network&, const SimState&>(s.net(), s.state());
  });

  auto sim =
      py::class_<SimulationHandle>(m, "Simulation", "One simulation, loaded like `ampel run` loads it");
  // Files as str or os.PathLike.
  sim.def(py::init([](const std::filesystem::path& path, std::optional<std::string> controller,
                      py::dict params, std::optional<std::uint64_t> seed, std::optional<double> end,
                      std::vector<std::filesystem::path> routes, std::optional<std::filesystem::path> flow,
                      std::optional<double> warmup, bool metrics, bool allow_drop) {
            LoadRequest r{path.string(), std::move(controller), std::move(params), seed, end, {}, {}, warmup,
                          allow_drop};
            for (const auto& route : routes) r.routes.push_back(route.string());
            if (flow) r.flow = flow->string();
            return std::make_unique<SimulationHandle>(r, metrics);
          }),
          py::arg("scenario"), py::kw_only(), py::arg("controller") = py::none(),
          py::arg("params") = py::dict(), py::arg("seed") = py::none(), py::arg("end") = py::none(),
          py::arg("routes") = std::vector<std::filesystem::path>{}, py::arg("flow") = py::none(),
          py::arg("warmup") = py::none(), py::arg("metrics") = true, py::arg("allow_drop") = false,
          "Loads an ampel JSON, SUMO (.sumocfg, .net.xml with routes=) or CityFlow (config, roadnet with "
          "flow=) "
          "scenario. controller: a strategy name (default the scenario's), or 'external' (signals hold until "
          "set_stage). end, warmup: seconds, the scenario's unless given (the warm-up must end before the "
          "run); allow_drop: load although the import leaves out more than 1 % of the vehicles or a signal "
          "program (as --allow-drop)")
      .def("step", &SimulationHandle::step, py::arg("steps") = 1, "Advances one step (or `steps`)")
      .def("run_until", &SimulationHandle::run_until, py::arg("time"),
           py::call_guard<py::gil_scoped_release>(),
           "Steps until the clock reaches `time` seconds (or the end)")
      .def(
          "run", [](SimulationHandle& s) { s.run_until(s.sim().scenario().end_ms / 1000.0); },
          py::call_guard<py::gil_scoped_release>(), "Runs to the scenario's end")
      .def(
          "copy", [](const SimulationHandle& s) { return std::make_unique<SimulationHandle>(s); },
          "A copy of the whole run (state, controller, metrics) for look-ahead")
      .def("__copy__", [](const SimulationHandle& s) { return std::make_unique<SimulationHandle>(s); })
      .def("set_stage", &SimulationHandle::set_stage, py::arg("signal"), py::arg("stage"),
           "Asks a signal (index or id) for a stage; held until shown (min green and clearances apply)")
      .def_property_readonly("time", &SimulationHandle::time_s, "Simulated time, s")
      .def_property_readonly("finished", &SimulationHandle::finished)
      .def_property_readonly("network", &SimulationHandle::network)
      .def_property_readonly("controller", &SimulationHandle::controller_name)
      .def_property_readonly("seed", [](const SimulationHandle& s) { return s.sim().seed(); })
      .def("state_hash", &SimulationHandle::state_hash, "64-bit hash of the whole state (determinism checks)")
      .def(
          "summary",
          [](const SimulationHandle& s) {
            return py::module_::import("json").attr("loads")(s.summary_json());
          },
          "The run so far, as summary.json reports it");
  bind_state_readers(sim, [](const SimulationHandle& s) {
    return std::pair<const Network&, const SimState&>(s.sim().network(), s.sim().state());
  });

  py::class_<AgentObserver>(m, "AgentObserver")
      .def(py::init([](const NetworkInfo& net, std::vector<std::size_t> signals) {
             return std::make_unique<AgentObserver>(net, std::move(signals));
           }),
           py::arg("network"), py::arg("signals"))
      .def("observe", &AgentObserver::observe, py::arg("simulation"), py::arg("min_green_s") = -1.0)
      .def("observation_sizes", &AgentObserver::observation_sizes)
      .def("reset", &AgentObserver::reset);

  m.def("_register_controller", &register_python_controller, py::arg("name"), py::arg("summary"),
        py::arg("factory"));
  m.def("_unregister_controller", [](const std::string& name) { return unregister_controller(name); });
  m.def("_unregister_python_controllers", &unregister_python_controllers);
  m.def(
      "controllers",
      [] {
        std::vector<std::pair<std::string, std::string>> out;
        for (const ControllerInfo& c : controller_catalog()) out.emplace_back(c.name, c.summary);
        return out;
      },
      "Every strategy by name: the built-in ones, then those registered from Python");

  m.def("_run_compare", [](std::string scenario, std::vector<std::string> routes,
                           std::optional<std::string> flow, std::vector<std::string> strategies,
                           std::size_t seeds, std::optional<double> end, std::optional<double> warmup,
                           std::vector<std::string> kpis, std::string baseline, std::string out,
                           unsigned jobs, bool allow_drop) {
    return run_compare({std::move(scenario), std::move(routes), std::move(flow), std::move(strategies), seeds,
                        end, warmup, std::move(kpis), std::move(baseline), std::move(out), jobs, allow_drop});
  });
  m.def("_run_batch", &run_batch);
  bind_road_map(m);

  // Python strategies hold Python objects: let them go while the interpreter can still take them.
  py::module_::import("atexit").attr("register")(py::cpp_function([] { unregister_python_controllers(); }));
}
