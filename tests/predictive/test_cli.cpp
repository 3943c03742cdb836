// Bad parameters for the predictive controller, as a user meets them on the command line: one clear message
// naming the problem, exit code 2, no output folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/run_ampel.hpp"
#include "tests/support/scratch_dir.hpp"

namespace fs = std::filesystem;

namespace {

using ampel::testing::CommandResult;
using ampel::testing::run_ampel;

fs::path temp_dir(const std::string& name) {
  return ampel::testing::scratch_dir("pred_" + name);
}

const std::string kSingle = std::string(AMPEL_SOURCE_DIR) + "/scenarios/single/scenario.json";
const std::string kArterial = std::string(AMPEL_SOURCE_DIR) + "/scenarios/arterial/scenario.json";

TEST(PredictiveCli, NegativeHorizonIsRefused) {
  fs::path dir = temp_dir("horizon");
  CommandResult r = run_ampel("run " + kSingle + " -c predictive -p horizon_s=-30 --end 60 -q -o " +
                              (dir / "run").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'horizon_s' is -30"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("between 60 and 180"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "run"));
  fs::remove_all(dir);
}

TEST(PredictiveCli, MisspeltParameterAndUnknownPredictorAreRefused) {
  CommandResult r =
      run_ampel("run " + kSingle + " -c predictive -p horizn_s=90 -p predictor=crystal_ball --end 60 -q -o " +
                (fs::temp_directory_path() / "never_written").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no parameter 'horizn_s'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'crystal_ball'"), std::string::npos) << r.err;
}

TEST(PredictiveCli, PredictorModelOfAnotherNetworkIsRefused) {
  fs::path dir = temp_dir("model");
  fs::path model = dir / "single_model.json";
  // A small model fitted on the single intersection...
  CommandResult fit = run_ampel("fit " + kSingle + " --seeds 1 --end 600 -o " + model.string());
  ASSERT_EQ(fit.code, 0) << fit.err;
  ASSERT_TRUE(fs::exists(model));
  // ...is fine for it, and refused for the arterial.
  CommandResult ok =
      run_ampel("run " + kSingle + " -c predictive -p predictor=ridge -p predictor_model=" + model.string() +
                " --end 120 -q -o " + (dir / "ok").string());
  EXPECT_EQ(ok.code, 0) << ok.err;
  CommandResult r = run_ampel("run " + kArterial + " -c predictive -p predictor=ridge -p predictor_model=" +
                              model.string() + " --end 60 -q -o " + (dir / "bad").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(model.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fitted on network"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "bad"));
  fs::remove_all(dir);
}

TEST(PredictiveCli, ModelWithoutAPredictorThatUsesItIsRefused) {
  CommandResult r = run_ampel("run " + kSingle +
                              " -c predictive -p predictor=none -p predictor_model=x.json --end 60 -q -o " +
                              (fs::temp_directory_path() / "never_written").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("predictor_model"), std::string::npos) << r.err;
}

}  // namespace
