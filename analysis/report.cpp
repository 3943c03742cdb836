#include "analysis/report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

#include "analysis/kpi.hpp"
#include "analysis/results.hpp"
#include "analysis/svg_chart.hpp"
#include "sim/io/json_reader.hpp"

namespace ampel::batch {

namespace fs = std::filesystem;

namespace {

// A small CSV file without quoted fields (network.csv, junctions.csv): header name -> column.
struct Table {
  std::map<std::string, std::size_t> column;
  std::vector<std::vector<std::string>> rows;
  const std::string* get(const std::vector<std::string>& row, const std::string& name) const {
    auto it = column.find(name);
    return it == column.end() || it->second >= row.size() ? nullptr : &row[it->second];
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

std::optional<Table> read_table(const fs::path& file) {
  if (!fs::exists(file)) return std::nullopt;
  std::istringstream in(io::read_text_file(file.string()));
  Table t;
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  auto header = split(line);
  for (std::size_t i = 0; i < header.size(); ++i) t.column[header[i]] = i;
  while (std::getline(in, line))
    if (!line.empty()) t.rows.push_back(split(line));
  return t;
}

double to_double(const std::string* s) {
  return s && !s->empty() ? std::stod(*s) : 0.0;
}

// Four significant digits: enough to read a report; the CSV and JSON tables keep six.
std::string fmt_value(double v) {
  std::string s = fmt::format("{:.4g}", v);
  return s == "-0" ? "0" : s;
}

std::string fixed(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  return s.find_first_not_of("-0.") == std::string::npos ? s.substr(s[0] == '-' ? 1 : 0) : s;
}

std::string interval_text(const Estimate& e) {
  if (e.n == 0) return "n/a";
  if (!e.has_interval()) return fmt::format("{} (n=1)", fmt_value(e.mean));
  int d = interval_decimals(e.half_width);
  return fmt::format("{} &plusmn; {}", fixed(e.mean, d), fixed(e.half_width, d));
}

// A chart in a figure with buttons that save it (the script at the end of the page).
std::string downloadable(const std::string& svg, const std::string& name) {
  return fmt::format(
      "<figure class=\"chart-box\" data-name=\"{}\">\n{}<figcaption>save: <button type=\"button\" "
      "onclick=\"ampelSave(this,'svg')\">SVG</button> <button type=\"button\" "
      "onclick=\"ampelSave(this,'png')\">PNG</button></figcaption></figure>\n",
      html_escape(name), svg);
}

std::string slug(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

// The KPI's description as a chart title: "Mean delay (time loss) of finished trips (s)".
std::string kpi_title(const std::string& name) {
  const KpiInfo* info = find_kpi(name);
  if (!info) return name;
  std::string t = info->description;
  if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
  return fmt::format("{} ({})", t, info->unit);
}

const char* kSaveScript = R"(<script>
// Saves the chart beside the button as an SVG file, or as a PNG drawn at twice its size.
function ampelSave(button, kind) {
  const figure = button.closest('figure');
  const svg = new XMLSerializer().serializeToString(figure.querySelector('svg'));
  const name = figure.dataset.name + '.' + kind;
  const save = (url) => { const a = document.createElement('a'); a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove(); };
  const url = URL.createObjectURL(new Blob([svg], {type: 'image/svg+xml'}));
  if (kind === 'svg') { save(url); return; }
  const img = new Image();
  img.onload = () => {
    const c = document.createElement('canvas');
    c.width = 2 * img.width; c.height = 2 * img.height;
    const g = c.getContext('2d'); g.scale(2, 2); g.drawImage(img, 0, 0);
    save(c.toDataURL('image/png')); URL.revokeObjectURL(url);
  };
  img.src = url;
}
</script>
)";

const char* kStyle = R"(<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #222; max-width: 1280px; }
h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 2px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 12px; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
th { background: #f2f2f2; } td:first-child, th:first-child { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 10px; }
.better { color: #1a7f37; font-weight: bold; } .worse { color: #b42318; font-weight: bold; }
.note { color: #555; font-size: 12px; } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
figure.chart-box { margin: 0; } figure.chart-box figcaption { font-size: 11px; color: #555; text-align: right; }
figure.chart-box button { font-size: 11px; padding: 0 6px; }
</style>
)";

// Network queue over time: mean halting vehicles per output interval, over the case's successful runs.
std::string queue_chart(const Results& r, std::size_t c, const fs::path& out) {
  const Plan& p = r.plan;
  std::vector<LineSeries> series;
  std::size_t per_case = p.replications * p.strategies.size();
  for (std::size_t s = 0; s < p.strategies.size(); ++s) {
    std::vector<double> sum, xs;
    std::vector<std::size_t> count;
    for (std::size_t rep = 0; rep < p.replications; ++rep) {
      std::size_t i = c * per_case + rep * p.strategies.size() + s;
      if (!r.records[i] || !r.records[i]->ok) continue;
      auto table = read_table(out / "runs" / r.keys[i].id / "network.csv");
      if (!table) continue;
      for (std::size_t k = 0; k < table->rows.size(); ++k) {
        const auto& row = table->rows[k];
        if (sum.size() <= k) sum.push_back(0.0), count.push_back(0), xs.push_back(0.0);
        sum[k] += to_double(table->get(row, "halting_mean"));
        ++count[k];
        xs[k] = (to_double(table->get(row, "begin_s")) + to_double(table->get(row, "end_s"))) / 2.0 / 60.0;
      }
    }
    LineSeries line{p.strategies[s].label, series_colour(s), {}};
    for (std::size_t k = 0; k < sum.size(); ++k)
      if (count[k]) line.points.emplace_back(xs[k], sum[k] / static_cast<double>(count[k]));
    series.push_back(std::move(line));
  }
  return downloadable(line_chart_svg("Vehicles halting in the network over time (mean of replications)",
                                     "time (min, interval midpoint)", "halting vehicles (veh)", series),
                      slug(p.cases[c].label) + "_queue_over_time");
}

// Delay per vehicle at each junction: time loss over vehicles served, pooled over successful runs.
std::string junction_chart(const Results& r, std::size_t c, const fs::path& out) {
  const Plan& p = r.plan;
  std::vector<std::string> junctions;
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<double>> delay(p.strategies.size()), vehicles(p.strategies.size());
  std::size_t per_case = p.replications * p.strategies.size();
  for (std::size_t s = 0; s < p.strategies.size(); ++s)
    for (std::size_t rep = 0; rep < p.replications; ++rep) {
      std::size_t i = c * per_case + rep * p.strategies.size() + s;
      if (!r.records[i] || !r.records[i]->ok) continue;
      auto table = read_table(out / "runs" / r.keys[i].id / "junctions.csv");
      if (!table) continue;
      for (const auto& row : table->rows) {
        const std::string* id = table->get(row, "junction");
        if (!id) continue;
        auto [it, added] = index.emplace(*id, junctions.size());
        if (added) junctions.push_back(*id);
        for (auto& v : delay) v.resize(junctions.size(), 0.0);
        for (auto& v : vehicles) v.resize(junctions.size(), 0.0);
        delay[s][it->second] += to_double(table->get(row, "delay_veh_s"));
        vehicles[s][it->second] += to_double(table->get(row, "vehicles"));
      }
    }
  if (junctions.empty()) return "<p class=\"note\">No junction data (no successful run).</p>\n";
  // Many junctions: show the 40 with the highest baseline delay, in network order.
  std::vector<std::size_t> shown;
  for (std::size_t j = 0; j < junctions.size(); ++j) shown.push_back(j);
  if (shown.size() > 40) {
    std::vector<std::size_t> by_delay = shown;
    auto mean = [&](std::size_t j) {
      return vehicles[p.baseline][j] > 0 ? delay[p.baseline][j] / vehicles[p.baseline][j] : 0.0;
    };
    std::stable_sort(by_delay.begin(), by_delay.end(), [&](auto a, auto b) { return mean(a) > mean(b); });
    std::vector<bool> keep(junctions.size(), false);
    for (std::size_t i = 0; i < 40; ++i) keep[by_delay[i]] = true;
    shown.clear();
    for (std::size_t j = 0; j < junctions.size(); ++j)
      if (keep[j]) shown.push_back(j);
  }
  std::vector<std::string> cats;
  for (std::size_t j : shown) cats.push_back(junctions[j]);
  std::vector<BarGroupSeries> series;
  for (std::size_t s = 0; s < p.strategies.size(); ++s) {
    BarGroupSeries g{p.strategies[s].label, series_colour(s), {}};
    for (std::size_t j : shown)
      g.values.push_back(vehicles[s][j] > 0 ? std::optional<double>(delay[s][j] / vehicles[s][j])
                                            : std::nullopt);
    series.push_back(std::move(g));
  }
  std::string title = junctions.size() > shown.size()
                          ? fmt::format("Delay per vehicle by junction ({} of {}, highest baseline delay)",
                                        shown.size(), junctions.size())
                          : "Delay per vehicle by junction";
  return downloadable(grouped_bar_svg(title, "delay per vehicle (s)", cats, series),
                      slug(p.cases[c].label) + "_junction_delay");
}

std::string case_section(const Results& r, std::size_t c, const fs::path& out) {
  const Plan& p = r.plan;
  const CaseInfo& ci = p.cases[c];
  std::string html =
      fmt::format("<h2 id=\"case-{0}\">{0}</h2>\n<p class=\"note\">scenario {1} ({2}){3}</p>\n",
                  html_escape(ci.label), html_escape(ci.scenario), html_escape(ci.source),
                  p.demand_swept ? fmt::format(", demand &times; {}", fmt_value(ci.demand)) : "");
  html += "<div class=\"charts\">\n";
  for (std::size_t k = 0; k < p.kpis.size(); ++k) {
    const KpiInfo* info = find_kpi(p.kpis[k]);
    std::vector<Bar> bars;
    for (std::size_t s = 0; s < p.strategies.size(); ++s) {
      const Estimate& e = r.cell(c, s, k).estimate;
      Bar b{p.strategies[s].label, std::nullopt, std::nullopt, std::nullopt, series_colour(s), ""};
      if (e.n) b.value = e.mean;
      if (e.has_interval()) {
        b.low = e.low(), b.high = e.high();
        b.hover = rounded_interval(e.mean, e.half_width) + (info ? " " + info->unit : "") + " (95 %)";
      }
      bars.push_back(std::move(b));
    }
    html += downloadable(bar_chart_svg(kpi_title(p.kpis[k]), info ? info->unit : "", bars),
                         slug(ci.label) + "_" + slug(p.kpis[k]));
  }
  html += "</div>\n";

  // Table: mean +- half-width, and the paired difference to the baseline.
  html += "<table>\n<tr><th>strategy</th>";
  for (const std::string& k : p.kpis) {
    const KpiInfo* info = find_kpi(k);
    html += fmt::format("<th>{} ({})<br>mean &plusmn; 95 %</th><th>vs {}<br>paired diff [95 %]</th>",
                        html_escape(k), info ? info->unit : "", html_escape(p.strategies[p.baseline].label));
  }
  html += "<th>n / planned</th><th>gridlocked runs</th></tr>\n";
  for (std::size_t s = 0; s < p.strategies.size(); ++s) {
    html += fmt::format("<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td>",
                        series_colour(s), html_escape(p.strategies[s].label));
    std::size_t ok = 0, planned = 0, gridlocked = 0;
    for (std::size_t k = 0; k < p.kpis.size(); ++k) {
      const CellStats& cell = r.cell(c, s, k);
      ok = cell.estimate.n;
      planned = cell.planned;
      gridlocked = cell.gridlocked;
      html += fmt::format("<td>{}</td>", interval_text(cell.estimate));
      if (!cell.vs_baseline) {
        html += "<td>baseline</td>";
        continue;
      }
      const Estimate& d = cell.vs_baseline->diff;
      if (d.n == 0) {
        html += "<td>n/a</td>";
        continue;
      }
      const KpiInfo* info = find_kpi(p.kpis[k]);
      std::string cls;
      if (d.has_interval() && (d.low() > 0 || d.high() < 0)) {
        bool lower = d.high() < 0;
        cls = (lower == (info ? info->lower_is_better : true)) ? "better" : "worse";
      }
      std::string pct = cell.vs_baseline->relative_pct
                            ? fmt::format(" ({:+.1f} %)", *cell.vs_baseline->relative_pct)
                            : std::string();
      int dec = d.has_interval() ? interval_decimals(d.half_width) : 0;
      html += fmt::format(
          "<td class=\"{}\">{}{}{}</td>", cls, d.has_interval() ? fixed(d.mean, dec) : fmt_value(d.mean), pct,
          d.has_interval() ? fmt::format(" [{}, {}]", fixed(d.low(), dec), fixed(d.high(), dec)) : "");
    }
    html += fmt::format("<td>{} / {}</td><td{}>{}</td></tr>\n", ok, planned,
                        gridlocked ? " class=\"worse\"" : "", gridlocked);
  }
  html += "</table>\n";
  html += "<div class=\"charts\">\n" + queue_chart(r, c, out) + junction_chart(r, c, out) + "</div>\n";
  return html;
}

}  // namespace

std::string report_html(const Results& r, const fs::path& out) {
  const Plan& p = r.plan;
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += fmt::format("<title>ampel batch report: {}</title>\n", html_escape(p.name));
  html += kStyle;
  html += "</head>\n<body>\n";
  html += fmt::format("<h1>ampel batch report: {}</h1>\n", html_escape(p.name));
  if (!p.description.empty()) html += fmt::format("<p>{}</p>\n", html_escape(p.description));
  std::size_t ok = r.keys.size() - r.failed - r.missing - r.gridlocked;
  html += fmt::format(
      "<p class=\"note\">{} cases &times; {} strategies &times; {} replications = {} runs: {} ok, {} "
      "gridlocked, {} failed, {} missing. A gridlocked run (vehicles still halting past the gridlock limit "
      "at "
      "the end) stays in every mean with its figures; n counts the runs in a mean. Replication r uses seed "
      "{} "
      "+ r for every strategy (common random numbers), and differences are paired over the replications "
      "every "
      "strategy finished. Baseline: <b>{}</b>. Warm-up: {}. Intervals are 95 % Student-t intervals; a "
      "coloured difference is one whose interval excludes 0 (green: better, red: worse).</p>\n",
      p.cases.size(), p.strategies.size(), p.replications, r.keys.size(), ok, r.gridlocked, r.failed,
      r.missing, p.seed_base, html_escape(p.strategies[p.baseline].label),
      p.warmup_s ? fmt::format("{} s (all scenarios)", fmt_value(*p.warmup_s)) : "each scenario's own");
  html += "<p class=\"note\">Cases: ";
  for (std::size_t c = 0; c < p.cases.size(); ++c)
    html += fmt::format("{}<a href=\"#case-{}\">{}</a>", c ? ", " : "", html_escape(p.cases[c].label),
                        html_escape(p.cases[c].label));
  html += "</p>\n";
  for (std::size_t c = 0; c < p.cases.size(); ++c) html += case_section(r, c, out);

  if (r.failed + r.missing + r.gridlocked > 0) {
    html +=
        "<h2>Runs that gridlocked or "
        "failed</h2>\n<table>\n<tr><th>run</th><th>status</th><th>reason</th></tr>\n";
    for (std::size_t i = 0; i < r.keys.size(); ++i) {
      if (r.records[i] && r.records[i]->ok && !r.records[i]->gridlocked) continue;
      html += fmt::format("<tr><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>\n",
                          html_escape(r.keys[i].id), r.records[i] ? r.records[i]->status() : "missing",
                          html_escape(r.records[i] ? r.records[i]->reason : "no run folder"));
    }
    html += "</table>\n";
  }
  html += "<h2>KPIs</h2>\n<table>\n<tr><th>KPI</th><th>unit</th><th>definition</th></tr>\n";
  for (const std::string& k : p.kpis) {
    const KpiInfo* info = find_kpi(k);
    html += fmt::format("<tr><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>\n",
                        html_escape(k), info ? info->unit : "", info ? html_escape(info->description) : "");
  }
  html +=
      "</table>\n<p class=\"note\">Junction delay: each vehicle's time loss, charged to the junction it "
      "drives "
      "towards, over the vehicles that crossed that junction's stop lines after the warm-up. Tables: "
      "summary.csv, summary.json, runs.csv; one folder per run in runs/.</p>\n";
  html += kSaveScript;
  html += "</body>\n</html>\n";
  return html;
}

int interval_decimals(double half_width) {
  if (!(half_width > 0) || !std::isfinite(half_width)) return 0;
  return std::max(0, 1 - static_cast<int>(std::floor(std::log10(half_width))));
}

std::string rounded_interval(double mean, double half_width) {
  int d = interval_decimals(half_width);
  return fmt::format("{} \u00b1 {}", fixed(mean, d), fixed(half_width, d));
}

}  // namespace ampel::batch
