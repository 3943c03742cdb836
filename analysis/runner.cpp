#include "analysis/runner.hpp"

#include <chrono>

#include "models/registry/registry.hpp"
#include "sim/io/output_folder.hpp"

namespace ampel::cli {

namespace {

// Stops a run at the next step after a caught signal (its output folder is then removed).
struct InterruptCheck : StepObserver {
  void on_step(const Simulation&) override { io::check_interrupted(); }
};

// The writer and an in-memory log both see every row.
struct Tee : MetricsSink {
  MetricsSink* a;
  MetricsSink* b;
  Tee(MetricsSink* a_, MetricsSink* b_) : a(a_), b(b_) {}
  void trip(const Simulation& s, const TripRecord& t) override { a->trip(s, t), b->trip(s, t); }
  void lane_interval(const Simulation& s, const LaneInterval& r) override {
    a->lane_interval(s, r), b->lane_interval(s, r);
  }
  void network_interval(const Simulation& s, const NetworkInterval& r) override {
    a->network_interval(s, r), b->network_interval(s, r);
  }
  void signal_event(const Simulation& s, const SignalEvent& e) override {
    a->signal_event(s, e), b->signal_event(s, e);
  }
};

}  // namespace

RunResult run_one(const RunRequest& req) {
  auto controller = make_controller(req.controller, *req.scenario);
  RunResult result;
  result.controller_name = controller->name();
  Simulation sim(req.scenario, std::move(controller), req.seed);
  result.seed = sim.seed();
  std::unique_ptr<io::RunWriter> writer;
  if (req.out) writer = std::make_unique<io::RunWriter>(*req.out, sim, req.files, req.staged, req.force);
  std::optional<Tee> tee;
  MetricsSink* sink = writer ? static_cast<MetricsSink*>(writer.get()) : req.log;
  if (writer && req.log) sink = &tee.emplace(writer.get(), req.log);
  MetricsCollector metrics(sim, sink);
  InterruptCheck interrupt_check;
  sim.add_observer(&metrics);
  sim.add_observer(&interrupt_check);
  for (StepObserver* o : req.observers) sim.add_observer(o);
  auto t0 = std::chrono::steady_clock::now();
  sim.run();
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  metrics.finish(sim);
  result.summary = metrics.summary();
  if (writer) writer->finish(sim, result.summary, {req.command_line, io::controller_to_json(req.controller)});
  return result;
}

}  // namespace ampel::cli
