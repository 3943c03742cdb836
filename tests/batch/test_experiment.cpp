// Experiment files: checks and messages, demand scaling, the plan written for merge, and the per-junction
// delay observer.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "analysis/batch_run.hpp"
#include "analysis/experiment.hpp"
#include "analysis/junction_delay.hpp"
#include "analysis/runner.hpp"
#include "models/registry/registry.hpp"
#include "sim/io/generators.hpp"
#include "sim/io/json_reader.hpp"
#include "tests/support/scratch_dir.hpp"

namespace ampel::batch {
namespace {

namespace fs = std::filesystem;

fs::path write_temp(const std::string& name, const std::string& text) {
  static const fs::path dir = ampel::testing::scratch_dir("batch_unit");
  std::ofstream(dir / name) << text;
  return dir / name;
}

std::vector<Problem> problems_of(const std::string& text) {
  fs::path file = write_temp("exp.json", text);
  try {
    load_experiment(file.string());
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
}

const char* kGood = R"({
  // comments are allowed
  "name": "t",
  "scenarios": [{"generate": "single", "name": "one", "params": {"duration_s": 300}}],
  "strategies": ["fixed_time", {"name": "ft2", "type": "fixed_time"}],
  "replications": 3, "seed_base": 40, "warmup_s": 60,
  "sweeps": {"demand": [0.5, 1.5]}
})";

TEST(Experiment, LoadsAndExpandsTheMatrix) {
  Experiment ex = load_experiment(write_temp("good.json", kGood).string());
  const Plan& p = ex.plan;
  ASSERT_EQ(p.cases.size(), 2u);
  EXPECT_EQ(p.cases[0].label, "one_d0.5");
  EXPECT_EQ(p.cases[1].label, "one_d1.5");
  EXPECT_NE(p.cases[0].fingerprint, p.cases[1].fingerprint);
  ASSERT_EQ(ex.compiled.size(), 2u);
  EXPECT_EQ(ex.compiled[0]->warmup_ms, 60000);
  auto runs = p.runs();
  ASSERT_EQ(runs.size(), 2u * 3u * 2u);
  EXPECT_EQ(runs[0].id, "one_d0.5--fixed_time--r001");
  EXPECT_EQ(runs[1].id, "one_d0.5--ft2--r001");
  // Common random numbers: replication r has the same seed for every strategy.
  EXPECT_EQ(runs[0].seed, 40u);
  EXPECT_EQ(runs[1].seed, 40u);
  EXPECT_EQ(runs[2].seed, 41u);
  EXPECT_EQ(p.kpis.front(), "all.delay_s");  // the default KPIs start with the delay of every vehicle
}

TEST(Experiment, PlanRoundTripsThroughJson) {
  Experiment ex = load_experiment(write_temp("good.json", kGood).string());
  auto text = ex.plan.to_json().dump();
  Plan back = Plan::from_json(nlohmann::json::parse(text), "experiment.json");
  EXPECT_EQ(back.to_json().dump(), text);
}

TEST(Experiment, EveryProblemNamedWithItsPlace) {
  auto problems = problems_of(R"({
    "scenarios": [{"generate": "hexagon"}, {"file": "no/such/file.json"}],
    "strategies": [{"type": "no_such_strategy"}],
    "replications": 0,
    "kpis": ["finished.delay_s", "happiness"],
    "colour": "red"
  })");
  auto has = [&](const std::string& place, const std::string& words) {
    for (const Problem& p : problems)
      if (p.place == place && p.reason.find(words) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("/scenarios/0/generate", "unknown generator 'hexagon'"));
  EXPECT_TRUE(has("/scenarios/1", "cannot be loaded"));
  EXPECT_TRUE(has("/replications", "whole number from 1 to 100000"));
  EXPECT_TRUE(has("/colour", "unknown field 'colour'"));
  for (const Problem& p : problems) EXPECT_FALSE(p.reason.empty());
}

TEST(Experiment, UnknownStrategyAndKpiAreInputErrors) {
  auto problems = problems_of(R"({"scenarios": [{"generate": "single", "params": {"duration_s": 120}}],
    "strategies": [{"name": "x", "type": "no_such_strategy"}], "kpis": ["happiness"]})");
  bool strategy = false, kpi = false;
  for (const Problem& p : problems) {
    strategy |= p.place == "/strategies/0/type" && p.reason.find("unknown strategy") != std::string::npos;
    kpi |= p.place == "/kpis/0" && p.reason.find("unknown KPI 'happiness'") != std::string::npos;
  }
  EXPECT_TRUE(strategy);
  EXPECT_TRUE(kpi);
}

TEST(Experiment, SyntaxErrorGivesLineAndColumn) {
  auto problems = problems_of("{\n  \"scenarios\": [\n    {\"generate\": \"single\",}\n  ]\n}");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].place.rfind("line 3", 0), 0u) << problems[0].place;
}

TEST(Experiment, WarmupMustLeaveTimeToMeasure) {
  auto problems = problems_of(R"({"scenarios": [{"generate": "single", "params": {"duration_s": 300}}],
    "strategies": ["fixed_time"], "warmup_s": 300})");
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].place, "/warmup_s");
}

TEST(ScaleDemand, ScalesRatesAndThinsOrRepeatsVehicles) {
  ScenarioSpec spec;
  FlowSpec f;
  f.profile = {{0, 100, 600}, {100, 200, 300}};
  spec.flows = {f};
  for (int i = 0; i < 10; ++i) {
    VehicleSpec v;
    v.id = fmt::format("v{}", i);
    spec.vehicles.push_back(v);
  }
  ScenarioSpec down = spec, up = spec;
  scale_demand(down, 0.8);
  scale_demand(up, 1.5);
  EXPECT_DOUBLE_EQ(down.flows[0].profile[0].rate_vph, 480);
  EXPECT_DOUBLE_EQ(up.flows[0].profile[1].rate_vph, 450);
  EXPECT_EQ(down.vehicles.size(), 8u);
  EXPECT_EQ(up.vehicles.size(), 15u);
  // Vehicle i is kept floor(1.5 (i+1)) - floor(1.5 i) times: v0 once, v1 twice, v2 once, ...
  EXPECT_EQ(up.vehicles[0].id, "v0");
  EXPECT_EQ(up.vehicles[1].id, "v1");
  EXPECT_EQ(up.vehicles[2].id, "v1#2");
  EXPECT_EQ(up.vehicles[3].id, "v2");
}

TEST(Labels, SafeForFileNames) {
  EXPECT_TRUE(valid_label("grid4x4_d0.8"));
  EXPECT_TRUE(valid_label("max_pressure"));
  EXPECT_FALSE(valid_label("a--b"));
  EXPECT_FALSE(valid_label("a/b"));
  EXPECT_FALSE(valid_label(".hidden"));
  EXPECT_FALSE(valid_label(""));
}

TEST(JunctionDelay, ChargesEverySecondOfTimeLossToSomeNode) {
  io::SingleIntersectionParams params;
  params.duration_s = 600;
  params.main_rate_vph = 900;
  auto scenario = std::make_shared<const Scenario>(compile_scenario(io::make_single_intersection(params)));
  JunctionDelay junctions;
  cli::RunRequest req{scenario, scenario->controller, 7, std::nullopt, "test"};
  req.observers.push_back(&junctions);
  MetricsLog log;
  req.log = &log;
  cli::RunResult r = cli::run_one(req);
  double total = 0.0;
  for (const TripRecord& t : log.trips)
    if (t.depart_ms >= 0) total += t.time_loss_s;
  ASSERT_GT(total, 1000.0);
  EXPECT_NEAR(junctions.total_delay_veh_s(), total, 1e-6 * total);
  // The one signalised junction carries nearly all of it, and served vehicles.
  auto rows = junctions.rows(*scenario->network);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, "signalised");
  EXPECT_GT(rows[0].delay_veh_s, 0.8 * total);
  EXPECT_GT(rows[0].vehicles, r.summary.arrived * 9 / 10);
  EXPECT_GT(rows[0].delay_mean_s(), 1.0);
}

}  // namespace
}  // namespace ampel::batch

namespace ampel::batch {
namespace {

// A strategy that builds (so the up-front check passes) and then fails in the middle of its runs, as a Python
// controller raising an exception does.
class FailsAfterAMinute : public Controller {
 public:
  std::string name() const override { return "fails_after_a_minute"; }
  void decide(const ControlContext& ctx, std::span<SignalDecision>) override {
    if (ctx.now_ms >= 60'000) throw std::runtime_error("the controller gave up at 60 s");
  }
};

TEST(BatchRun, ARunThatFailsWhileRunningIsRecordedWithItsReasonAndNothingHalfWritten) {
  register_controller({"fails_after_a_minute", "test"},
                      [](const Scenario&, const ParamMap&) { return std::make_unique<FailsAfterAMinute>(); });
  io::SingleIntersectionParams p;
  p.duration_s = 300;
  Plan plan;
  plan.name = "failing";
  plan.replications = 1;
  plan.kpis = {"finished.delay_s"};
  plan.keep = Keep::runs;
  for (const char* s : {"fixed_time", "fails_after_a_minute"}) {
    StrategyEntry e;
    e.label = s;
    e.controller.type = s;
    plan.strategies.push_back(e);
  }
  Experiment ex = make_experiment(plan, {{"single", "", io::make_single_intersection(p)}}, {1.0}, "test");
  BatchOptions opt;
  opt.out = ampel::testing::scratch_dir("batch_failing") / "out";
  BatchCounts counts = run_batch(ex, opt);
  EXPECT_EQ(counts.ran, 2u);
  EXPECT_EQ(counts.failed, 1u);
  fs::path failed = opt.out / "runs" / "single--fails_after_a_minute--r001";
  std::ifstream in(failed / "batch_run.json");
  std::string record((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(record.find("the controller gave up at 60 s"), std::string::npos) << record;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(failed)) files.push_back(e.path().filename().string());
  EXPECT_EQ(files, std::vector<std::string>{"batch_run.json"});  // no half-written trips or signals
  EXPECT_TRUE(fs::exists(opt.out / "runs" / "single--fixed_time--r001" / "trips.csv.gz"));
  EXPECT_FALSE(fs::exists(opt.out / ".partial-1"));
  unregister_controller("fails_after_a_minute");
}

}  // namespace
}  // namespace ampel::batch
