#pragma once
// report.html: one self-contained page (inline SVG and CSS, no scripts, no network) per batch. Per case: a
// KPI-by-strategy chart with 95 % interval whiskers for every KPI, a table with the paired differences
// against the baseline, the network queue over time per strategy (mean over replications of network.csv)
// and the delay per vehicle at each junction per strategy (pooled junctions.csv).
#include <filesystem>
#include <string>

namespace ampel::batch {

struct Results;
std::string report_html(const Results& results, const std::filesystem::path& out);

}  // namespace ampel::batch
