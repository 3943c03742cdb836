// ampel merge: combine the output folders of a sharded batch into the summary and report of one batch.
#include <fmt/format.h>

#include "analysis/batch_job.hpp"
#include "apps/ampel/cli.hpp"
#include "apps/ampel/cmd_batch.hpp"

namespace ampel::cli {

namespace {

namespace fs = std::filesystem;

struct MergeOptions {
  std::vector<std::string> dirs;
  std::string out;
};

int merge(const MergeOptions& o) {
  std::vector<fs::path> dirs(o.dirs.begin(), o.dirs.end());
  fs::path out = o.out.empty() ? dirs.front() : fs::path(o.out);
  std::size_t copied = batch::merge_batch_folders(dirs, out);
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
