// The Slurm job-array script on a real one-node Slurm (Debian's slurm-wlm and munge, started as root without
// systemd by slurm_cluster.sh): a 4-task array runs the shards, `ampel merge` combines them, and the result
// is byte-identical to the same batch run unsharded.
#include <gtest/gtest.h>

#include "batch_support.hpp"

namespace ampel::testing {
namespace {

TEST(Slurm, JobArrayShardsMergeToTheUnshardedBatch) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "skipped: starting slurmctld, slurmd and munged needs root (this test runs as uid "
                 << ::geteuid() << ")";
  ASSERT_EQ(
      run_command("command -v slurmctld && command -v slurmd && command -v munged && command -v sbatch").code,
      0)
      << "slurm-wlm and munge are not installed (scripts/packages.sh lists them)";
  fs::path dir = fresh_dir("slurm");
  fs::path exp = dir / "exp.json";
  write_file(exp, test_experiment(3));  // 2 cases x 2 strategies x 3 replications = 12 runs, 3 per task
  auto ref = ampel(fmt::format("batch {} --jobs 2 --out {}", exp.string(), (dir / "unsharded").string()));
  ASSERT_EQ(ref.code, 0) << ref.output;

  std::string cluster = std::string(AMPEL_SOURCE_DIR) + "/tests/batch/slurm_cluster.sh";
  fs::path slurm = dir / "cluster";
  auto up = run_command(fmt::format("bash {} start {}", cluster, slurm.string()));
  // Whatever happens next, every daemon is stopped by its pid.
  struct Stop {
    std::string command;
    ~Stop() { run_command(command); }
  } stop{fmt::format("bash {} stop {}", cluster, slurm.string())};
  ASSERT_EQ(up.code, 0) << up.output;

  fs::path out = dir / "array";
  auto submit = run_command(fmt::format(
      "SLURM_CONF={}/slurm.conf AMPEL={} sbatch --wait --array=1-4 --cpus-per-task=1 "
      "--output={}/logs/task-%a.out "
      "{}/docs/slurm/ampel_batch.sbatch {} {}",
      slurm.string(), AMPEL_BINARY, slurm.string(), AMPEL_SOURCE_DIR, exp.string(), out.string()));
  ASSERT_EQ(submit.code, 0) << submit.output;
  // Four tasks ran, each its own shard.
  for (int i = 1; i <= 4; ++i) {
    std::string log = read_file(slurm / "logs" / fmt::format("task-{}.out", i));
    EXPECT_NE(log.find(fmt::format("shard {}/4: 3 runs: 0 already done, 3 run now", i)), std::string::npos)
        << log;
  }
  EXPECT_FALSE(fs::exists(out / "summary.csv"));
  auto merged = ampel(fmt::format("merge {}", out.string()));
  ASSERT_EQ(merged.code, 0) << merged.output;
  expect_same_tree(dir / "unsharded", out);
  fs::remove_all(out);
}

}  // namespace
}  // namespace ampel::testing
