// ampel merge: combine the output folders of a sharded batch into the summary and report of one batch.
#include <fmt/format.h>

#include "analysis/batch_run.hpp"
#include "analysis/results.hpp"
#include "apps/ampel/cli.hpp"
#include "apps/ampel/cmd_batch.hpp"
#include "sim/error.hpp"
#include "sim/io/output_folder.hpp"

namespace ampel::cli {

namespace {

namespace fs = std::filesystem;

struct MergeOptions {
  std::vector<std::string> dirs;
  std::string out;
};

int merge(const MergeOptions& o) {
  std::vector<fs::path> dirs(o.dirs.begin(), o.dirs.end());
  batch::Plan plan = batch::read_plan(dirs.front());
  std::string text = plan.to_json().dump();
  for (std::size_t i = 1; i < dirs.size(); ++i)
    if (batch::read_plan(dirs[i]).to_json().dump() != text)
      throw InputError((dirs[i] / "experiment.json").string(), "",
                       fmt::format("a different experiment than {}; only shards of one batch can be merged",
                                   (dirs.front() / "experiment.json").string()));
  fs::path out = o.out.empty() ? dirs.front() : fs::path(o.out);
  io::check_batch_folder(out, "--out");
  batch::write_or_check_plan(plan, out);
  for (const fs::path& d : dirs) batch::copy_case_scenarios(plan, d, out);
  fs::create_directories(out / "runs");
  // Copy the runs the output folder lacks from the other folders, each appearing atomically.
  fs::path staging = out / ".partial-merge";
  fs::remove_all(staging);
  std::size_t copied = 0;
  for (const batch::RunKey& key : plan.runs()) {
    fs::path target = out / "runs" / key.id;
    if (fs::exists(target / "batch_run.json")) continue;
    for (const fs::path& d : dirs) {
      fs::path source = d / "runs" / key.id;
      if (fs::equivalent(d, out) || !fs::exists(source / "batch_run.json")) continue;
      fs::create_directories(staging);
      fs::copy(source, staging / key.id, fs::copy_options::recursive);
      batch::publish_run_folder(staging / key.id, target);
      ++copied;
      break;
    }
  }
  fs::remove_all(staging);
  if (copied) fmt::print("copied {} run folders into {}\n", copied, (out / "runs").string());
  return finish_batch_output(out);
}

}  // namespace

void add_merge_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto opts = std::make_shared<MergeOptions>();
  CLI::App* cmd =
      app.add_subcommand("merge", "combine shard outputs of one batch into its summary and report");
  cmd->add_option("dirs", opts->dirs, "output folders of the shards (or one folder they all wrote into)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out,-o", opts->out, "write the merged batch here (default: the first folder)");
  cmd->callback([opts, set_action] { set_action([opts] { return merge(*opts); }); });
}

}  // namespace ampel::cli
