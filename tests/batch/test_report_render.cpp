// The report in a real browser: headless Chromium renders report.html to a PNG, and the charts' colours
// are there in quantity (bars, lines), so the page is readable offline without scripts or network.
#include <gtest/gtest.h>

#include "batch_support.hpp"
#include "png_reader.hpp"

namespace ampel::testing {
namespace {

TEST(Report, RendersInHeadlessChromiumWithItsCharts) {
  fs::path dir = fresh_dir("render");
  write_file(dir / "exp.json", test_experiment(3));
  auto r =
      ampel(fmt::format("batch {} --jobs 2 --out {}", (dir / "exp.json").string(), (dir / "out").string()));
  ASSERT_EQ(r.code, 0) << r.output;
  std::string html = read_file(dir / "out" / "report.html");
  // Self-contained: no external scripts or resources (one inline script saves charts as SVG or PNG).
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  // Per case: one chart per KPI, a queue chart and a junction chart.
  auto count = [&](const std::string& s) {
    std::size_t n = 0;
    for (auto p = html.find(s); p != std::string::npos; p = html.find(s, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("class=\"chart kpi-chart\""), 2u * 3u);
  EXPECT_EQ(count("class=\"chart queue-chart\""), 2u);
  EXPECT_EQ(count("class=\"chart junction-chart\""), 2u);
  EXPECT_GE(count("class=\"whisker\""), 2u * 3u * 2u);
  // Every chart can be saved, and KPI charts are titled in words with their unit, not by internal name.
  EXPECT_EQ(count("<figure class=\"chart-box\""), 2u * 3u + 2u + 2u);
  EXPECT_EQ(count("onclick=\"ampelSave(this,'png')\""), count("<figure class=\"chart-box\""));
  EXPECT_EQ(count("function ampelSave("), 1u);
  EXPECT_EQ(count("aria-label=\"finished.delay_s\""), 0u);
  EXPECT_GE(count("Mean delay (time loss) of finished trips (s)"), 2u);

  if (run_command("command -v chromium").code != 0)
    GTEST_FAIL() << "chromium is not installed (scripts/packages.sh)";
  fs::path png = dir / "report.png";
  std::string cmd = fmt::format(
      "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking "
      "--disable-component-update --disable-sync --hide-scrollbars --user-data-dir={} "
      "--window-size=1300,2400 "
      "--screenshot={} file://{}",
      (dir / "profile").string(), png.string(), (dir / "out" / "report.html").string());
  auto c = run_command("timeout 120 " + cmd);
  ASSERT_TRUE(fs::exists(png)) << c.output;
  Image img = read_png(png.string());
  EXPECT_EQ(img.width, 1300u);
  EXPECT_EQ(img.height, 2400u);
  // The strategies' colours (#1f77b4, #ff7f0e): bars, lines and legend swatches, thousands of pixels each.
  EXPECT_GT(img.count_colour(0x1f, 0x77, 0xb4), 5000u);
  EXPECT_GT(img.count_colour(0xff, 0x7f, 0x0e), 5000u);
  // The whiskers and axes (near black) and mostly white paper.
  EXPECT_GT(img.count_colour(0x22, 0x22, 0x22, 20), 500u);
  EXPECT_GT(img.count_colour(0xff, 0xff, 0xff, 0), std::size_t{img.width} * img.height / 3);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ampel::testing
