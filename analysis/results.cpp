#include "analysis/results.hpp"

#include <fmt/format.h>
#include <cmath>
#include <nlohmann/json.hpp>

#include "analysis/kpi.hpp"
#include "analysis/report.hpp"
#include "sim/io/run_output.hpp"

namespace ampel::batch {

namespace fs = std::filesystem;
using OrderedJson = nlohmann::ordered_json;

std::string number_text(double v) {
  if (!std::isfinite(v)) return "";
  std::string s = fmt::format("{:.6g}", v);
  return s == "-0" ? "0" : s;
}

namespace {

OrderedJson number_json(double v) {
  std::string s = number_text(v);
  return s.empty() ? OrderedJson() : OrderedJson(std::stod(s));
}

template <class T>
OrderedJson optional_json(const std::optional<T>& v) {
  return v ? OrderedJson(*v) : OrderedJson();
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
  return out + "\"";
}

}  // namespace

std::vector<std::optional<double>> Results::values(std::size_t c, std::size_t s,
                                                   const std::string& kpi) const {
  std::vector<std::optional<double>> out(plan.replications);
  // keys are case-major, then replication, then strategy.
  std::size_t per_case = plan.replications * plan.strategies.size();
  for (std::size_t r = 0; r < plan.replications; ++r) {
    std::size_t i = c * per_case + r * plan.strategies.size() + s;
    const auto& rec = records[i];
    if (rec && rec->ok)
      if (auto it = rec->kpis.find(kpi); it != rec->kpis.end()) out[r] = it->second;
  }
  return out;
}

const CellStats& Results::cell(std::size_t c, std::size_t s, std::size_t k) const {
  return cells[(c * plan.strategies.size() + s) * plan.kpis.size() + k];
}

Results collect_results(const fs::path& out) {
  Results res;
  res.plan = read_plan(out);
  res.keys = res.plan.runs();
  for (const RunKey& key : res.keys) {
    res.records.push_back(read_run_record(out / "runs" / key.id));
    if (!res.records.back())
      ++res.missing;
    else if (!res.records.back()->ok)
      ++res.failed;
    else if (res.records.back()->gridlocked)
      ++res.gridlocked;
  }
  const Plan& p = res.plan;
  for (std::size_t c = 0; c < p.cases.size(); ++c)
    for (std::size_t s = 0; s < p.strategies.size(); ++s)
      for (const std::string& kpi : p.kpis) {
        CellStats cell;
        cell.case_index = c;
        cell.strategy = s;
        cell.kpi = kpi;
        cell.planned = p.replications;
        std::size_t per_case = p.replications * p.strategies.size();
        for (std::size_t r = 0; r < p.replications; ++r) {
          const auto& rec = res.records[c * per_case + r * p.strategies.size() + s];
          if (!rec)
            ++cell.missing;
          else if (!rec->ok)
            ++cell.failed;
          else if (rec->gridlocked)
            ++cell.gridlocked;
        }
        auto vals = res.values(c, s, kpi);
        std::vector<double> present;
        for (const auto& v : vals)
          if (v) present.push_back(*v);
        cell.estimate = estimate(present);
        if (cell.estimate.has_interval())
          cell.runs_for_5pct = runs_for_relative_interval(cell.estimate.mean, cell.estimate.sd, 0.05);
        if (s != p.baseline) {
          // Only replications that every strategy finished: each difference is over the same seeds.
          auto base = res.values(c, p.baseline, kpi);
          for (std::size_t other = 0; other < p.strategies.size(); ++other) {
            auto o = res.values(c, other, kpi);
            for (std::size_t r = 0; r < o.size(); ++r)
              if (!o[r]) base[r].reset();
          }
          cell.vs_baseline = paired_difference(base, vals);
        }
        res.cells.push_back(std::move(cell));
      }
  return res;
}

std::string runs_csv(const Results& r) {
  const Plan& p = r.plan;
  std::string out = "run,scenario,demand,strategy,replication,seed,status,kpi,value,reason\n";
  for (std::size_t i = 0; i < r.keys.size(); ++i) {
    const RunKey& k = r.keys[i];
    const auto& rec = r.records[i];
    std::string status = !rec ? "missing" : rec->status();
    std::string reason = !rec ? "no run folder (not run yet, or its shard was not merged)" : rec->reason;
    for (const std::string& kpi : p.kpis) {
      std::string value;
      if (rec)
        if (auto it = rec->kpis.find(kpi); it != rec->kpis.end()) value = fmt::format("{}", it->second);
      out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", k.id, p.cases[k.case_index].scenario,
                         number_text(p.cases[k.case_index].demand), p.strategies[k.strategy].label,
                         k.replication + 1, k.seed, status, kpi, value, csv_field(reason));
    }
  }
  return out;
}

std::string summary_csv(const Results& r) {
  const Plan& p = r.plan;
  std::string out =
      "case,scenario,demand,strategy,kpi,unit,planned,n,gridlocked,failed,missing,mean,sd,ci95_low,ci95_high,"
      "runs_for_5pct,"
      "baseline,diff_n,diff_mean,diff_ci95_low,diff_ci95_high,diff_pct\n";
  for (const CellStats& c : r.cells) {
    const CaseInfo& ci = p.cases[c.case_index];
    const KpiInfo* info = find_kpi(c.kpi);
    const Estimate& e = c.estimate;
    bool any = e.n > 0, interval = e.has_interval();
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},", ci.label, ci.scenario, number_text(ci.demand),
        p.strategies[c.strategy].label, c.kpi, info ? info->unit : "", c.planned, e.n, c.gridlocked, c.failed,
        c.missing, any ? number_text(e.mean) : "", interval ? number_text(e.sd) : "",
        interval ? number_text(e.low()) : "", interval ? number_text(e.high()) : "",
        c.runs_for_5pct ? std::to_string(*c.runs_for_5pct) : "", p.strategies[p.baseline].label);
    if (c.vs_baseline) {
      const Estimate& d = c.vs_baseline->diff;
      out += fmt::format("{},{},{},{},{}\n", d.n, d.n ? number_text(d.mean) : "",
                         d.has_interval() ? number_text(d.low()) : "",
                         d.has_interval() ? number_text(d.high()) : "",
                         c.vs_baseline->relative_pct ? number_text(*c.vs_baseline->relative_pct) : "");
    } else {
      out += ",,,,\n";
    }
  }
  return out;
}

std::string summary_json(const Results& r) {
  const Plan& p = r.plan;
  OrderedJson j;
  j["experiment"] = p.name;
  j["description"] = p.description;
  j["baseline"] = p.strategies[p.baseline].label;
  j["replications"] = p.replications;
  j["seed_base"] = p.seed_base;
  j["confidence"] = 0.95;
  j["runs"] = {{"planned", r.keys.size()},
               {"ok", r.keys.size() - r.failed - r.missing - r.gridlocked},
               {"gridlocked", r.gridlocked},
               {"failed", r.failed},
               {"missing", r.missing}};
  OrderedJson kpis = OrderedJson::array();
  for (const std::string& k : p.kpis) {
    const KpiInfo* info = find_kpi(k);
    kpis.push_back({{"name", k},
                    {"unit", info ? info->unit : ""},
                    {"description", info ? info->description : ""},
                    {"lower_is_better", info ? info->lower_is_better : true}});
  }
  j["kpis"] = kpis;
  OrderedJson cells = OrderedJson::array();
  for (const CellStats& c : r.cells) {
    const Estimate& e = c.estimate;
    OrderedJson cell;
    cell["case"] = p.cases[c.case_index].label;
    cell["scenario"] = p.cases[c.case_index].scenario;
    cell["demand"] = p.cases[c.case_index].demand;
    cell["strategy"] = p.strategies[c.strategy].label;
    cell["kpi"] = c.kpi;
    cell["planned"] = c.planned;
    cell["n"] = e.n;
    cell["gridlocked"] = c.gridlocked;
    cell["failed"] = c.failed;
    cell["missing"] = c.missing;
    cell["mean"] = e.n ? number_json(e.mean) : OrderedJson();
    cell["sd"] = e.has_interval() ? number_json(e.sd) : OrderedJson();
    cell["ci95"] =
        e.has_interval() ? OrderedJson::array({number_json(e.low()), number_json(e.high())}) : OrderedJson();
    cell["runs_for_5pct"] = optional_json(c.runs_for_5pct);
    if (c.vs_baseline) {
      const Estimate& d = c.vs_baseline->diff;
      cell["vs_baseline"] = {
          {"n", d.n},
          {"mean", d.n ? number_json(d.mean) : OrderedJson()},
          {"sd", d.has_interval() ? number_json(d.sd) : OrderedJson()},
          {"ci95", d.has_interval() ? OrderedJson::array({number_json(d.low()), number_json(d.high())})
                                    : OrderedJson()},
          {"pct", c.vs_baseline->relative_pct ? number_json(*c.vs_baseline->relative_pct) : OrderedJson()}};
    } else {
      cell["vs_baseline"] = OrderedJson();
    }
    cells.push_back(std::move(cell));
  }
  j["cells"] = cells;
  OrderedJson failures = OrderedJson::array();
  for (std::size_t i = 0; i < r.keys.size(); ++i)
    if (!r.records[i] || !r.records[i]->ok || r.records[i]->gridlocked)
      failures.push_back({{"run", r.keys[i].id},
                          {"status", r.records[i] ? r.records[i]->status() : "missing"},
                          {"reason", r.records[i] ? r.records[i]->reason : "no run folder"}});
  j["failures"] = failures;
  return j.dump(2) + "\n";
}

Results finalize_batch(const fs::path& out) {
  Results res = collect_results(out);
  io::write_file_atomically(out / "runs.csv", runs_csv(res));
  io::write_file_atomically(out / "summary.csv", summary_csv(res));
  io::write_file_atomically(out / "summary.json", summary_json(res));
  io::write_file_atomically(out / "report.html", report_html(res, out));
  return res;
}

}  // namespace ampel::batch

namespace ampel::batch {

std::string terminal_table(const Results& r) {
  const Plan& p = r.plan;
  std::string out;
  for (std::size_t c = 0; c < p.cases.size(); ++c) {
    out += fmt::format("\n{} ({} replications, paired seeds {}..{}; vs = paired difference to {})\n",
                       p.cases[c].label, p.replications, p.seed_base, p.seed_base + p.replications - 1,
                       p.strategies[p.baseline].label);
    std::vector<std::string> head{"strategy"};
    std::vector<std::vector<std::string>> rows;
    for (const std::string& k : p.kpis) {
      const KpiInfo* info = find_kpi(k);
      head.push_back(fmt::format("{} ({})", k, info ? info->unit : ""));
      head.push_back("vs");
    }
    head.push_back("n");
    head.push_back("gridlocked");
    for (std::size_t s = 0; s < p.strategies.size(); ++s) {
      std::vector<std::string> row{p.strategies[s].label};
      for (std::size_t k = 0; k < p.kpis.size(); ++k) {
        const CellStats& cell = r.cell(c, s, k);
        const Estimate& e = cell.estimate;
        row.push_back(e.n == 0           ? "n/a"
                      : e.has_interval() ? fmt::format("{:.1f} ± {:.1f}", e.mean, e.half_width)
                                         : fmt::format("{:.1f}", e.mean));
        std::string vs = "-";
        if (cell.vs_baseline && cell.vs_baseline->relative_pct) {
          const Estimate& d = cell.vs_baseline->diff;
          bool significant = d.has_interval() && (d.low() > 0 || d.high() < 0);
          vs = fmt::format("{:+.1f}%{}", *cell.vs_baseline->relative_pct, significant ? "*" : "");
        }
        row.push_back(vs);
      }
      const CellStats& first = r.cell(c, s, 0);
      row.push_back(fmt::format("{}/{}", first.estimate.n, p.replications));
      row.push_back(first.gridlocked ? fmt::format("{} !", first.gridlocked) : "0");
      rows.push_back(std::move(row));
    }
    // Column widths by code points (the ± sign is two bytes).
    auto width = [](const std::string& s) {
      std::size_t n = 0;
      for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
      return n;
    };
    std::vector<std::size_t> w(head.size());
    for (std::size_t i = 0; i < head.size(); ++i) {
      w[i] = width(head[i]);
      for (const auto& row : rows) w[i] = std::max(w[i], width(row[i]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
      std::string l;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string pad(w[i] - width(cells[i]), ' ');
        l += i == 0 ? cells[i] + pad : "  " + pad + cells[i];
      }
      return l + "\n";
    };
    out += line(head);
    for (const auto& row : rows) out += line(row);
  }
  out +=
      "n: runs in each mean (gridlocked runs included with their figures; failed runs have none); vs: paired "
      "over the seeds every strategy finished; * its 95 % interval excludes 0\n";
  if (r.gridlocked)
    out += fmt::format(
        "! {} gridlocked run(s): vehicles still halting past the gridlock limit at the end "
        "(runs.csv names them)\n",
        r.gridlocked);
  return out;
}

}  // namespace ampel::batch
