#pragma once
// report.html: one self-contained page (inline SVG and CSS, no network; one small inline script that saves a
// chart as SVG or PNG) per batch. Per case: a KPI-by-strategy chart with 95 % interval whiskers for every
// KPI, titled in words with its unit, a table with the paired differences against the baseline, the
// network queue over time per strategy (mean over replications of network.csv) and the delay per vehicle at
// each junction per strategy (pooled junctions.csv). Figures with an interval are rounded to the interval's
// precision: its half-width to two significant digits, the mean to the same decimal place.
#include <filesystem>
#include <string>

namespace ampel::batch {

struct Results;
std::string report_html(const Results& results, const std::filesystem::path& out);

// Decimal places that show `half_width` to two significant digits (0 for half-widths of 10 and more).
int interval_decimals(double half_width);
// "89.79 ± 0.41": a value and its interval's half-width, both to that precision (plain text).
std::string rounded_interval(double mean, double half_width);

}  // namespace ampel::batch
