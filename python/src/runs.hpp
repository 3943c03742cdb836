#pragma once
// `compare` and `batch` from Python: the same experiments, paired seeds, output folders and report as the
// command line; Python-registered strategies run beside the built-in ones. The GIL is released while the
// runs go (a Python strategy takes it for each decision).
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

namespace ampel::python {

namespace py = pybind11;

struct CompareRequest {
  std::string scenario;
  std::vector<std::string> routes;
  std::optional<std::string> flow;
  std::vector<std::string> strategies;
  std::size_t seeds = 10;
  std::optional<double> end_s, warmup_s;
  std::vector<std::string> kpis;
  std::string baseline;
  std::string out;
  unsigned jobs = 0;
  bool allow_drop = false;  // as --allow-drop
};

// Both return {"out", "runs", "failed", "missing"} once the tables and the report are written.
py::dict run_compare(const CompareRequest& request);
py::dict run_batch(const std::string& experiment, const std::string& out, unsigned jobs);

}  // namespace ampel::python
