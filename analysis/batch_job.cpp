#include "analysis/batch_job.hpp"

#include <fmt/format.h>
#include <thread>

#include "sim/error.hpp"
#include "sim/io/output_folder.hpp"

namespace ampel::batch {

namespace fs = std::filesystem;

unsigned default_jobs() {
  return std::max(1u, std::thread::hardware_concurrency());
}

BatchJob run_batch_job(const Experiment& ex, const std::filesystem::path& out, unsigned jobs,
                       const Shard& shard, const std::string& command, bool terminal) {
  BatchOptions opt;
  opt.out = out;
  opt.jobs = jobs ? jobs : default_jobs();
  opt.shard = shard;
  opt.command = command;
  opt.terminal = terminal;
  BatchJob job;
  job.counts = run_batch(ex, opt);
  job.jobs = opt.jobs;
  job.shard = shard;
  if (!shard.active()) {
    job.results = finalize_batch(out);
    return job;
  }
  // A shard writes only its run folders; summaries come from `ampel merge` once every shard has finished.
  auto keys = ex.plan.runs();
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (shard.owns(i))
      if (auto rec = read_run_record(out / "runs" / keys[i].id); rec && (!rec->ok || rec->gridlocked))
        ++job.shard_failed;
  return job;
}

std::size_t merge_batch_folders(const std::vector<fs::path>& dirs, const fs::path& out) {
  Plan plan = read_plan(dirs.front());
  std::string text = plan.to_json().dump();
  for (std::size_t i = 1; i < dirs.size(); ++i)
    if (read_plan(dirs[i]).to_json().dump() != text)
      throw InputError((dirs[i] / "experiment.json").string(), "",
                       fmt::format("a different experiment than {}; only shards of one batch can be merged",
                                   (dirs.front() / "experiment.json").string()));
  io::check_batch_folder(out, "--out");
  write_or_check_plan(plan, out);
  for (const fs::path& d : dirs) copy_case_scenarios(plan, d, out);
  fs::create_directories(out / "runs");
  fs::path staging = out / ".partial-merge";
  fs::remove_all(staging);
  std::size_t copied = 0;
  for (const RunKey& key : plan.runs()) {
    fs::path target = out / "runs" / key.id;
    if (fs::exists(target / "batch_run.json")) continue;
    for (const fs::path& d : dirs) {
      fs::path source = d / "runs" / key.id;
      if (fs::equivalent(d, out) || !fs::exists(source / "batch_run.json")) continue;
      fs::create_directories(staging);
      fs::copy(source, staging / key.id, fs::copy_options::recursive);
      publish_run_folder(staging / key.id, target);
      ++copied;
      break;
    }
  }
  fs::remove_all(staging);
  return copied;
}

std::string counts_text(const BatchJob& job) {
  std::string where =
      job.shard.active() ? fmt::format("shard {}/{}: ", job.shard.index, job.shard.count) : "";
  return fmt::format(
      "{}{} runs: {} already done, {} run now on {} worker(s), {} of them gridlocked or failed\n", where,
      job.counts.planned, job.counts.skipped, job.counts.ran, job.jobs, job.counts.failed);
}

std::string finished_text(const Results& res, const std::filesystem::path& out) {
  std::string text = terminal_table(res);
  text += fmt::format("\nreport: {}\ntables: {}, {}, {}\n", (out / "report.html").string(),
                      (out / "summary.csv").string(), (out / "summary.json").string(),
                      (out / "runs.csv").string());
  if (res.failed + res.missing + res.gridlocked > 0)
    text += fmt::format(
        "{} of {} runs gridlocked (counted in the means, flagged), {} failed{}; reasons in runs.csv and the "
        "report\n",
        res.gridlocked, res.keys.size(), res.failed + res.missing,
        res.missing ? fmt::format(" ({} missing: not run)", res.missing) : "");
  return text;
}

std::string shard_done_text(const std::filesystem::path& out) {
  return fmt::format("when every shard has finished: ampel merge {}\n", out.string());
}

}  // namespace ampel::batch
