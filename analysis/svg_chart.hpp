#pragma once
// Small inline-SVG charts for the batch report: bars with interval whiskers, lines over time and grouped
// bars. Plain strings, fixed number formatting, so a report is byte-identical whenever its data are.
#include <optional>
#include <string>
#include <vector>

namespace ampel::batch {

// Tableau-10 colours, one per strategy in experiment order.
const std::string& series_colour(std::size_t i);
std::string html_escape(const std::string& s);

struct Bar {
  std::string label;
  std::optional<double> value;      // none: no successful run
  std::optional<double> low, high;  // interval whisker
  std::string colour;
  std::string hover;  // the figure shown when pointing at the bar (empty: the value)
};
// Bars with whiskers. When no bar is negative the axis starts at 0 and a whisker below it is cut there.
std::string bar_chart_svg(const std::string& title, const std::string& unit, const std::vector<Bar>& bars);

struct LineSeries {
  std::string label;
  std::string colour;
  std::vector<std::pair<double, double>> points;  // (x, y)
};
std::string line_chart_svg(const std::string& title, const std::string& x_label, const std::string& y_label,
                           const std::vector<LineSeries>& series);

struct BarGroupSeries {
  std::string label;
  std::string colour;
  std::vector<std::optional<double>> values;  // one per category
};
std::string grouped_bar_svg(const std::string& title, const std::string& y_label,
                            const std::vector<std::string>& categories,
                            const std::vector<BarGroupSeries>& series);

// "Nice" axis ticks (steps of 1, 2 or 5 x 10^k) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target_count = 5);

}  // namespace ampel::batch
