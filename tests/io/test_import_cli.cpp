// `ampel import` as a planner meets it: a real SUMO scenario becomes an ampel file that reads back the same;
// bad input gives one message with file and line, exit code 2, and no file.
#include <gtest/gtest.h>

#include "sim/io/load.hpp"
#include "sim/scenario.hpp"
#include "tests/io/io_test_util.hpp"

namespace ampel::io {
namespace {

namespace fs = std::filesystem;
using test::shared_data;

TEST(ImportCli, SumoConfigBecomesAScenarioFileThatReadsBack) {
  AMPEL_SKIP_WITHOUT(shared_data("sumo/resco_ingolstadt1/ingolstadt1.sumocfg"));
  fs::path dir = test::temp_dir("cli_import");
  fs::path out = dir / "ingolstadt.json";
  auto r = test::run_ampel("import " + shared_data("sumo/resco_ingolstadt1/ingolstadt1.sumocfg") + " --out " +
                           out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("vClass bus"), std::string::npos) << r.err;  // its 17 buses run
  Scenario original =
      compile_scenario(load_scenario_file(shared_data("sumo/resco_ingolstadt1/ingolstadt1.sumocfg")));
  Scenario back = compile_scenario(load_scenario_file(out.string()));
  EXPECT_EQ(back.network->links().size(), original.network->links().size());
  EXPECT_EQ(back.network->road_lane_count(), original.network->road_lane_count());
  EXPECT_EQ(back.vehicles.size(), original.vehicles.size());
  EXPECT_EQ(back.begin_ms, original.begin_ms);
  ASSERT_EQ(back.network->signals().size(), 1u);
  EXPECT_EQ(back.network->signals()[0].stages.size(), original.network->signals()[0].stages.size());
  // The lane geometry and the junction paths survive the round trip.
  const Lane& a = original.network->lane(0);
  const Lane& b = back.network->lane(0);
  EXPECT_NEAR(a.length_m, b.length_m, 1e-9);
  EXPECT_EQ(a.shape.points().size(), b.shape.points().size());
}

TEST(ImportCli, NetworkWithRouteFilesAndRoadnetWithFlowRun) {
  AMPEL_SKIP_WITHOUT(shared_data("bench/grid4/grid.net.xml"),
                     shared_data("cityflow/hangzhou_1x1_real/roadnet.json"));
  fs::path dir = test::temp_dir("cli_run");
  auto r = test::run_ampel("run " + shared_data("bench/grid4/grid.net.xml") + " --routes " +
                           shared_data("bench/grid4/grid.rou.xml") + " --end 120 --quiet --out " +
                           (dir / "a").string());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "a" / "summary.json"));
  r = test::run_ampel("run " + shared_data("cityflow/hangzhou_1x1_real/roadnet.json") + " --flow " +
                      shared_data("cityflow/hangzhou_1x1_real/flow_kn-hz_18041607.json") +
                      " --end 120 --quiet --out " + (dir / "b").string());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "b" / "summary.json"));
}

TEST(ImportCli, BadInputGivesOneClearMessageAndWritesNothing) {
  AMPEL_SKIP_WITHOUT(shared_data("sumo/resco_ingolstadt1/ingolstadt1.net.xml"),
                     shared_data("bench/grid4/grid.net.xml"));
  fs::path dir = test::temp_dir("cli_bad");
  std::string net = test::slurp(shared_data("sumo/resco_ingolstadt1/ingolstadt1.net.xml"));
  fs::path cut = test::write_file(dir / "cut.net.xml", net.substr(0, net.size() * 2 / 3));
  fs::path out = dir / "out.json";
  auto r = test::run_ampel("import " + cut.string() + " --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("error: " + cut.string() + ": line ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("XML syntax error"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(out));

  r = test::run_ampel("import " + shared_data("bench/grid4/grid.net.xml") + " --routes " +
                      (dir / "none.rou.xml").string() + " --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("none.rou.xml: file not found"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace ampel::io
