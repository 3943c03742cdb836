// Report figures are rounded to their interval's precision.
#include <gtest/gtest.h>

#include "analysis/report.hpp"

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

}  // namespace
}  // namespace ampel::batch
