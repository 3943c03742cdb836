// `ampel fit` and `ampel forecast` as a user meets them: a model file that is byte-identical for the same
// inputs, a forecast table and CSV for every predictor, and a clear error (exit 2) for a model of another
// network.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/run_ampel.hpp"

namespace fs = std::filesystem;

namespace {

using Result = ampel::testing::CommandResult;
using ampel::testing::run_ampel;
using ampel::testing::slurp;

const std::string kSingle = std::string(AMPEL_SOURCE_DIR) + "/scenarios/single/scenario.json";
const std::string kGrid = std::string(AMPEL_SOURCE_DIR) + "/scenarios/grid4x4/scenario.json";

class FitForecast : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ampel_test_predict_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

}  // namespace

TEST_F(FitForecast, FitWritesTheSameModelTwiceAndForecastScoresEveryPredictor) {
  fs::path model = dir_ / "model.json", again = dir_ / "again.json";
  std::string fit = "fit " + kSingle + " --seeds 11-12 --end 900 --quiet --out ";
  Result r1 = run_ampel(fit + model.string()), r2 = run_ampel(fit + again.string());
  ASSERT_EQ(r1.code, 0) << r1.err;
  ASSERT_EQ(r2.code, 0) << r2.err;
  EXPECT_EQ(slurp(model), slurp(again));
  EXPECT_NE(slurp(model).find("\"fingerprint\""), std::string::npos);

  Result f = run_ampel("forecast " + kSingle + " --model " + model.string() + " --seed 5 --end 900 --out " +
                       (dir_ / "fc").string());
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_NE(f.out.find("persistence"), std::string::npos);
  EXPECT_NE(f.out.find("ridge_rls"), std::string::npos);
  std::string csv = slurp(dir_ / "fc" / "forecast.csv");
  EXPECT_EQ(csv.rfind("scenario,seed,predictor,quantity,unit,scope,horizon_min,n,mae,rmse\n", 0), 0u);
  // 5 predictors x 2 quantities x 4 horizons, no event window in this scenario.
  std::size_t rows = 0;
  for (char c : csv) rows += c == '\n';
  EXPECT_EQ(rows, 1u + 5 * 2 * 4);
  for (const char* p : {"persistence", "historical_average", "platoon", "ridge,", "ridge_rls"})
    EXPECT_NE(csv.find(std::string(",") + p), std::string::npos) << p;
}

TEST_F(FitForecast, AModelForAnotherNetworkExitsWithTwo) {
  fs::path model = dir_ / "single.json";
  ASSERT_EQ(
      run_ampel("fit " + kSingle + " --seeds 1 --end 300 --profile-only --quiet --out " + model.string())
          .code,
      0);
  Result r = run_ampel("forecast " + kGrid + " --model " + model.string() + " --end 900");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error: " + model.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("another network"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(FitForecast, BadOptionsExitWithTwo) {
  EXPECT_EQ(run_ampel("fit " + kSingle + " --seeds 5-2 --out " + (dir_ / "m.json").string()).code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "m.json"));
  EXPECT_EQ(run_ampel("forecast " + kSingle + " --predictors persistence,oracle --end 120").code, 2);
  Result r = run_ampel("forecast " + kSingle +
                       " --predictors persistence --predictor-param persistence.horizon_s=-5");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("horizon_s"), std::string::npos) << r.err;
}
