// The registry builds every strategy by name and checks its parameters; the ampel binary turns a bad
// strategy or parameter into one clear message and exit code 2, writing nothing.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/io/generators.hpp"
#include "sim/simulation.hpp"
#include "tests/support/run_ampel.hpp"
#include "tests/support/scenarios.hpp"

namespace fs = std::filesystem;

namespace ampel {
namespace {

using Result = ampel::testing::CommandResult;
using ampel::testing::run_ampel;
using ampel::testing::slurp;

std::string message_of(const ControllerSpec& spec, const Scenario& sc) {
  try {
    make_controller(spec, sc);
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(Registry, BuildsEveryStrategyInTheCatalog) {
  auto sc = testing::compile(io::make_single_intersection({}));
  for (const ControllerInfo& info : controller_catalog()) {
    ControllerSpec spec;
    spec.type = info.name;
    auto c = make_controller(spec, *sc);
    ASSERT_TRUE(c) << info.name;
    EXPECT_EQ(c->name(), info.name);
    EXPECT_FALSE(info.summary.empty());
  }
  for (const char* name : {"fixed_time", "webster", "actuated", "sotl", "max_pressure"}) {
    bool listed = false;
    for (const ControllerInfo& info : controller_catalog()) listed = listed || info.name == name;
    EXPECT_TRUE(listed) << name;
  }
}

TEST(Registry, EveryStrategyIsDeterministic) {
  // Same scenario, seed and strategy: the same state, step for step (strategies keep no hidden randomness).
  auto sc = testing::compile(io::make_grid({2, 2}));
  for (const ControllerInfo& info : controller_catalog()) {
    ControllerSpec spec;
    spec.type = info.name;
    Simulation a(sc, make_controller(spec, *sc), 5), b(sc, make_controller(spec, *sc), 5);
    a.run_until(900 * kMsPerSecond);
    b.run_until(900 * kMsPerSecond);
    EXPECT_GT(a.state().arrived, 100u) << info.name;
    EXPECT_EQ(state_hash(a.state()), state_hash(b.state())) << info.name;
  }
}

TEST(Registry, ChecksEveryParameter) {
  auto sc = testing::compile(io::make_single_intersection({}));
  ControllerSpec spec;
  spec.type = "webster";
  spec.params = {{"min_cycle_s", 100.0}, {"max_cycle_s", 60.0}};
  EXPECT_NE(message_of(spec, *sc).find("min_cycle_s (100) is above max_cycle_s (60)"), std::string::npos);
  spec.params = {{"coordination", std::string("diagonal")}};
  EXPECT_NE(message_of(spec, *sc).find("known: corridor, none"), std::string::npos);
  spec.type = "actuated";
  spec.params = {{"max_gap_s", 0.1}};
  EXPECT_NE(message_of(spec, *sc).find("'max_gap_s' is 0.1; it must be between 0.5 and 30"),
            std::string::npos);
  spec.type = "max_pressure";
  spec.params = {{"decision_interval", 5.0}};
  std::string m = message_of(spec, *sc);
  EXPECT_NE(m.find("has no parameter 'decision_interval'"), std::string::npos) << m;
  EXPECT_NE(m.find("decision_interval_s"), std::string::npos) << "the known names are listed: " << m;
  spec.type = "sotl";
  spec.params = {{"threshold_veh_s", 60.0}, {"min_green_s", 8.0}};
  EXPECT_EQ(message_of(spec, *sc), "");
}

const std::string kSingle = std::string(AMPEL_SOURCE_DIR) + "/scenarios/single/scenario.json";

TEST(Registry, BadStrategyOrParameterExitsWithTwoThroughTheBinary) {
  fs::path out = fs::temp_directory_path() / ("ampel_control_bad_" + std::to_string(::getpid()));
  fs::remove_all(out);
  Result r = run_ampel("run " + kSingle + " -c max_presure --quiet --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown controller 'max_presure'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("max_pressure"), std::string::npos) << "the known strategies are listed: " << r.err;
  EXPECT_FALSE(fs::exists(out));

  r = run_ampel("run " + kSingle + " -c sotl -p threshold_veh_s=-5 --quiet --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("'threshold_veh_s' is -5; it must be between"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));

  r = run_ampel("run " + kSingle + " -c actuated -p max_gap=3 --quiet --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("has no parameter 'max_gap'"), std::string::npos) << r.err;

  r = run_ampel("run " + kSingle + " -c webster -p max_flow_ratio=1.5 --quiet --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("'max_flow_ratio' is 1.5"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));

  // A good parameter runs.
  r = run_ampel("run " + kSingle + " -c actuated -p max_gap_s=2.5 --end 300 --quiet --out " + out.string());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  fs::remove_all(out);
}

}  // namespace
}  // namespace ampel
