// Report figures are rounded to their interval's precision.
#include <gtest/gtest.h>

#include "analysis/report.hpp"
#include "analysis/svg_chart.hpp"

namespace ampel::batch {
namespace {

TEST(ReportFormat, FiguresRoundedToTheirIntervalsPrecision) {
  EXPECT_EQ(rounded_interval(89.79, 0.4141), "89.79 \u00b1 0.41");
  EXPECT_EQ(rounded_interval(4575.0, 265.3), "4575 \u00b1 265");
  EXPECT_EQ(rounded_interval(30.3871, 0.0381), "30.387 \u00b1 0.038");
  EXPECT_EQ(rounded_interval(78.44, 2.96), "78.4 \u00b1 3.0");
  EXPECT_EQ(rounded_interval(-0.004, 0.02), "-0.004 \u00b1 0.020");
  EXPECT_EQ(rounded_interval(-0.0004, 0.02), "0.000 \u00b1 0.020");  // no "-0.000"
  EXPECT_EQ(interval_decimals(0.0), 0);
  EXPECT_EQ(interval_decimals(12.0), 0);
  EXPECT_EQ(interval_decimals(1.5), 1);
}

TEST(ReportCharts, AxisOfANonNegativeQuantityStartsAtZero) {
  // One strategy's spillback: mean 1216, interval -1535 to 3968 (one gridlocked seed of ten).
  std::vector<Bar> bars = {
      {"fixed_time", 0.0, 0.0, 0.0, "#1f77b4", ""},
      {"max_pressure", 1216.0, -1535.0, 3968.0, "#9467bd", "1216 \u00b1 2752 lane-s (95 %)"}};
  std::string svg =
      bar_chart_svg("Lane-seconds of queues reaching the upstream junction (lane-s)", "lane-s", bars);
  EXPECT_EQ(svg.find(">-"), std::string::npos) << "no negative tick";
  EXPECT_NE(svg.find(">0</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>max_pressure: 1216 \u00b1 2752 lane-s (95 %)</title>"), std::string::npos);
  // The whisker reaches the axis (y of 0, the plot's bottom) and has no lower cap there: two lines, not
  // three.
  auto g = svg.find("class=\"whisker\"", svg.find("max_pressure"));
  ASSERT_NE(g, std::string::npos);
  std::string whisker = svg.substr(g, svg.find("</g>", g) - g);
  std::size_t lines = 0;
  for (auto p = whisker.find("<line"); p != std::string::npos; p = whisker.find("<line", p + 1)) ++lines;
  EXPECT_EQ(lines, 2u);

  // A quantity with a negative mean keeps its whole interval.
  bars[0].value = -5.0, bars[0].low = -9.0, bars[0].high = -1.0;
  svg = bar_chart_svg("Difference (s)", "s", bars);
  EXPECT_NE(svg.find(">-2000<"), std::string::npos) << svg;
}

}  // namespace
}  // namespace ampel::batch
