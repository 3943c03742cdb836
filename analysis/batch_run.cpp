#include "analysis/batch_run.hpp"

#include <fmt/format.h>
#include <atomic>
#include <charconv>
#include <exception>
#include <thread>

#include "analysis/junction_delay.hpp"
#include "analysis/kpi.hpp"
#include "analysis/progress.hpp"
#include "analysis/runner.hpp"
#include "sim/io/json_reader.hpp"
#include "sim/io/output_folder.hpp"
#include "sim/io/run_output.hpp"
#include "sim/io/scenario_json.hpp"

namespace ampel::batch {

namespace fs = std::filesystem;
using OrderedJson = nlohmann::ordered_json;

std::string Shard::tag() const {
  return active() ? fmt::format("shard{}of{}", index, count) : "all";
}

Shard parse_shard(const std::string& text) {
  auto slash = text.find('/');
  Shard s;
  auto parse = [](std::string_view v, std::size_t& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
  };
  if (slash == std::string::npos || !parse(std::string_view(text).substr(0, slash), s.index) ||
      !parse(std::string_view(text).substr(slash + 1), s.count) || s.count < 1 || s.index < 1 ||
      s.index > s.count)
    throw InputError("", "--shard", fmt::format("'{}' is not i/N with 1 <= i <= N (e.g. 3/16)", text));
  return s;
}

std::optional<RunRecord> read_run_record(const fs::path& run_dir) {
  fs::path file = run_dir / "batch_run.json";
  if (!fs::exists(run_dir)) return std::nullopt;
  nlohmann::json j = io::parse_json_file(file.string());
  RunRecord r;
  try {
    r.id = j.at("run").get<std::string>();
    std::string status = j.at("status").get<std::string>();
    r.ok = status == "ok" || status == "gridlocked";
    r.gridlocked = status == "gridlocked";
    r.reason = j.value("reason", "");
    for (auto& [k, v] : j.at("kpis").items()) r.kpis[k] = v.get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file.string(), "", fmt::format("not a batch run record: {}", e.what()));
  }
  return r;
}

namespace {

std::string record_json(const Plan& plan, const RunKey& key, const RunRecord& r) {
  OrderedJson j;
  j["run"] = key.id;
  j["case"] = plan.cases[key.case_index].label;
  j["scenario"] = plan.cases[key.case_index].scenario;
  j["demand"] = plan.cases[key.case_index].demand;
  j["strategy"] = plan.strategies[key.strategy].label;
  j["replication"] = key.replication + 1;
  j["seed"] = key.seed;
  j["status"] = r.status();
  j["reason"] = r.reason;
  // Full precision (shortest round trip), so statistics read back from disk equal those computed in memory.
  OrderedJson kpis = OrderedJson::object();
  for (const std::string& k : plan.kpis)
    if (auto it = r.kpis.find(k); it != r.kpis.end()) kpis[k] = it->second;
  j["kpis"] = kpis;
  return j.dump(2) + "\n";
}

std::string problems_text(const InputError& e) {
  std::string out;
  for (const Problem& p : e.problems()) out += (out.empty() ? "" : "; ") + p.to_string();
  return out;
}

void write_text(const fs::path& path, const std::string& text) {
  io::write_file_atomically(path, text);
}

// What a run folder holds at each --keep level (the report needs network.csv and junctions.csv at every one).
io::RunFiles run_files(const Plan& plan, const RunKey& key) {
  io::RunFiles f;
  if (plan.keep == Keep::all) return f;  // everything, as `ampel run` writes it
  f.lanes = false;
  f.trips = f.signals = plan.keep == Keep::runs;
  f.gzip = true;
  const CaseInfo& c = plan.cases[key.case_index];
  f.scenario_file = "../../" + scenario_file_of(c).generic_string();
  f.scenario_fingerprint = c.fingerprint;
  return f;
}

// One run into `staging/<id>`, then published as runs/<id>. Never throws for a failing run: the failure is
// its record.
RunRecord execute_run(const Experiment& ex, const RunKey& key, const fs::path& staging_root,
                      const fs::path& runs, const std::string& command) {
  const Plan& plan = ex.plan;
  RunRecord rec;
  rec.id = key.id;
  fs::path stage = staging_root / key.id;
  fs::remove_all(stage);
  const auto& scenario = ex.compiled[key.case_index];
  bool threw = true;
  try {
    JunctionDelay junctions;
    cli::RunRequest req{scenario, plan.strategies[key.strategy].controller, key.seed, stage,
                        fmt::format("{} run {}", command, key.id)};
    req.observers.push_back(&junctions);
    req.files = run_files(plan, key);
    req.staged = true;
    cli::RunResult result = cli::run_one(req);
    for (const std::string& k : plan.kpis) rec.kpis[k] = find_kpi(k)->value(result.summary);
    const GridlockReport& g = result.summary.gridlock;
    rec.ok = true;
    if (plan.gridlock.fail && g.vehicles >= plan.gridlock.min_vehicles) {
      rec.gridlocked = true;  // it stays in every mean with its figures, flagged
      rec.reason = fmt::format("gridlock: {} vehicles halting longer than {:.0f} s at the end", g.vehicles,
                               ms_to_seconds(scenario->gridlock_after_ms));
      if (!g.lanes.empty())
        rec.reason += fmt::format(" (most on lane {})", scenario->network->lane(g.lanes.front().first).id);
    }
    write_text(stage / "junctions.csv", junctions.csv(*scenario->network));
    threw = false;
  } catch (const io::Interrupted&) {
    // Not a result: the run is left unfinished, to be run again when the batch resumes.
    std::error_code ec;
    fs::remove_all(stage, ec);
    throw;
  } catch (const InputError& e) {
    rec.ok = false;
    rec.reason = problems_text(e);
    rec.kpis.clear();
  } catch (const std::exception& e) {
    rec.ok = false;
    rec.reason = e.what();
    rec.kpis.clear();
  }
  if (threw) {
    std::error_code ec;
    fs::remove_all(stage, ec);  // a run that did not finish keeps only its record, never half-written files
  }
  fs::create_directories(stage);
  write_text(stage / "batch_run.json", record_json(plan, key, rec));
  publish_run_folder(stage, runs / key.id);
  return rec;
}

}  // namespace

void publish_run_folder(const fs::path& staged, const fs::path& final_dir) {
  std::error_code ec;
  fs::rename(staged, final_dir, ec);
  if (ec) {
    // Another process (a second start of the same shard) published it first: keep that one.
    if (fs::exists(final_dir / "batch_run.json")) {
      fs::remove_all(staged);
      return;
    }
    throw fs::filesystem_error("cannot publish the run folder", staged, final_dir, ec);
  }
}

void write_case_scenarios(const Experiment& ex, const fs::path& out) {
  if (ex.plan.keep == Keep::all) return;  // every run's manifest holds its scenario
  for (std::size_t c = 0; c < ex.plan.cases.size(); ++c) {
    fs::path file = out / scenario_file_of(ex.plan.cases[c]);
    if (fs::exists(file)) continue;  // same case, same fingerprint (experiment.json was checked): same bytes
    fs::create_directories(file.parent_path());
    write_text(file, io::scenario_to_json(ex.compiled[c]->spec).dump(1) + "\n");
  }
}

void copy_case_scenarios(const Plan& plan, const fs::path& from, const fs::path& out) {
  for (const CaseInfo& c : plan.cases) {
    fs::path source = from / scenario_file_of(c), target = out / scenario_file_of(c);
    if (fs::exists(target) || !fs::exists(source)) continue;
    fs::create_directories(target.parent_path());
    write_text(target, io::read_text_file(source.string()));
  }
}

void write_or_check_plan(const Plan& plan, const fs::path& out) {
  fs::create_directories(out);
  fs::path file = out / "experiment.json";
  std::string text = plan.to_json().dump(2) + "\n";
  if (fs::exists(file)) {
    std::string existing = io::read_text_file(file.string());
    if (existing != text) {
      Plan before = Plan::from_json(io::parse_json_text(existing, file.string()), file.string());
      Plan same = plan;
      same.keep = before.keep;
      if (same.to_json().dump(2) + "\n" == existing)
        throw InputError(
            file.string(), "/keep",
            fmt::format("this batch was started with --keep {}; continue it with the same --keep",
                        keep_name(before.keep)));
      throw InputError(
          file.string(), "",
          "this output folder holds a different experiment (scenarios, strategies, seeds or KPIs "
          "changed); choose another --out or delete the folder");
    }
    return;
  }
  write_text(file, text);
}

Plan read_plan(const fs::path& out) {
  fs::path file = out / "experiment.json";
  if (!fs::exists(file))
    throw InputError(file.string(), "", "missing: this is not the output folder of `ampel batch`");
  return Plan::from_json(io::parse_json_file(file.string()), file.string());
}

BatchCounts run_batch(const Experiment& ex, const BatchOptions& opt) {
  io::InterruptScope interruptible;  // a signal stops the runs in progress and removes their staging folders
  io::check_batch_folder(opt.out, "--out");
  write_or_check_plan(ex.plan, opt.out);
  write_case_scenarios(ex, opt.out);
  fs::path runs = opt.out / "runs";
  fs::create_directories(runs);
  // Leftovers of a killed start of this shard (an unsharded batch owns every shard's leftovers).
  for (const auto& entry : fs::directory_iterator(opt.out)) {
    std::string name = entry.path().filename().string();
    if (name == ".partial-" + opt.shard.tag() || (!opt.shard.active() && name.rfind(".partial-", 0) == 0))
      fs::remove_all(entry.path());
  }
  fs::path staging = opt.out / (".partial-" + opt.shard.tag());
  fs::create_directories(staging);

  std::vector<RunKey> keys = ex.plan.runs();
  std::vector<const RunKey*> pending;
  BatchCounts counts;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!opt.shard.owns(i)) continue;
    ++counts.planned;
    if (fs::exists(runs / keys[i].id / "batch_run.json"))
      ++counts.skipped;
    else
      pending.push_back(&keys[i]);
  }

  Progress progress(pending.size(), opt.terminal);
  std::atomic<std::size_t> next{0}, failed{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (;;) {
      std::size_t i = next.fetch_add(1);
      if (i >= pending.size()) return;
      try {
        RunRecord rec = execute_run(ex, *pending[i], staging, runs, opt.command);
        if (!rec.ok || rec.gridlocked) ++failed;
        progress.run_finished(rec.id, rec.status(), rec.reason);
      } catch (...) {
        // Only the batch's own files failing (disk full, permissions) ends up here: stop handing out runs.
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        next = pending.size();
      }
    }
  };
  unsigned jobs = std::max(
      1u, std::min<unsigned>(opt.jobs, static_cast<unsigned>(std::max<std::size_t>(1, pending.size()))));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  progress.done();
  std::error_code ec;
  if (error) {
    fs::remove_all(staging, ec);
    std::rethrow_exception(error);
  }
  fs::remove(staging, ec);
  counts.ran = pending.size();
  counts.failed = failed;
  return counts;
}

}  // namespace ampel::batch
