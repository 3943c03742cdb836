#include "python/src/runs.hpp"

#include "analysis/batch_job.hpp"
#include "analysis/compare.hpp"
#include "sim/io/load.hpp"

namespace ampel::python {

namespace {

py::dict outcome(const batch::BatchJob& job, const std::string& out) {
  py::dict d;
  d["out"] = out;
  d["runs"] = job.results->keys.size();
  d["failed"] = job.results->failed;
  d["missing"] = job.results->missing;
  return d;
}

}  // namespace

py::dict run_compare(const CompareRequest& r) {
  batch::BatchJob job;
  {
    py::gil_scoped_release released;
    io::LoadOptions inputs;
    inputs.route_files = r.routes;
    inputs.flow_file = r.flow;
    inputs.allow_drop = r.allow_drop;
    batch::CompareSettings s;
    s.seeds = r.seeds;
    s.strategies = r.strategies;
    s.end_s = r.end_s;
    s.warmup_s = r.warmup_s;
    s.kpis = r.kpis;
    s.baseline = r.baseline;
    batch::Experiment ex =
        batch::make_compare_experiment(io::load_scenario_file(r.scenario, inputs), r.scenario, s);
    job = batch::run_batch_job(ex, r.out, r.jobs, batch::Shard{}, "ampel.compare " + r.scenario, false);
  }
  return outcome(job, r.out);
}

py::dict run_batch(const std::string& experiment, const std::string& out, unsigned jobs) {
  batch::BatchJob job;
  {
    py::gil_scoped_release released;
    batch::Experiment ex = batch::load_experiment(experiment);
    job = batch::run_batch_job(ex, out, jobs, batch::Shard{}, "ampel.batch " + experiment, false);
  }
  return outcome(job, out);
}

}  // namespace ampel::python
