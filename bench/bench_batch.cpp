// Batch throughput: the same experiment with 1 and with 2 worker threads, measured side by side in one
// process (interleaved rounds, so both see the same machine load). Prints runs per second for each and the
// ratio; the target on a 2-core machine is >= 1.8x.
//   build/bench/bench_batch [rounds=3] [replications=6]
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "analysis/batch_run.hpp"
#include "analysis/experiment.hpp"
#include "sim/io/generators.hpp"

namespace fs = std::filesystem;
using namespace ampel;

// CPU seconds used by this process so far: with the wall time it tells how many cores a phase really got
// (on a shared, busy machine the 2-worker phase may not get two).
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 3;
  int replications = argc > 2 ? std::atoi(argv[2]) : 6;
  // A 3x3 grid for 20 simulated minutes: long enough that a run, not thread start-up, is what is measured.
  io::GridParams grid;
  grid.rows = grid.cols = 3;
  grid.duration_s = 1200;
  grid.morning_peak = false;
  grid.entry_rate_vph = 500;
  batch::Plan plan;
  plan.name = "bench";
  for (const char* s : {"fixed_time", "max_pressure"}) {
    batch::StrategyEntry e;
    e.label = s;
    e.controller.type = s;
    plan.strategies.push_back(e);
  }
  plan.replications = static_cast<std::size_t>(replications);
  plan.kpis = {"finished.delay_s"};
  batch::Experiment ex =
      batch::make_experiment(plan, {{"grid3", "generate:grid", io::make_grid(grid)}}, {1.0}, "bench");
  std::size_t runs = ex.plan.runs().size();

  fs::path root = fs::temp_directory_path() / fmt::format("ampel_bench_batch_{}", ::getpid());
  std::vector<double> ratios;
  double best1 = 1e9, best2 = 1e9;
  fmt::print("{} runs per batch (3x3 grid, 1200 s, 2 strategies x {} replications), {} hardware threads\n",
             runs, replications, std::thread::hardware_concurrency());
  for (int r = 0; r < rounds; ++r) {
    double seconds[3] = {0, 0, 0}, cores[3] = {0, 0, 0};
    for (unsigned jobs : {1u, 2u}) {
      fs::remove_all(root);
      batch::BatchOptions opt;
      opt.out = root / "out";
      opt.jobs = jobs;
      opt.command = "bench";
      opt.terminal = false;
      auto t0 = std::chrono::steady_clock::now();
      double c0 = cpu_seconds();
      batch::run_batch(ex, opt);
      seconds[jobs] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      cores[jobs] = (cpu_seconds() - c0) / seconds[jobs];
    }
    ratios.push_back(seconds[1] / seconds[2]);
    best1 = std::min(best1, seconds[1]);
    best2 = std::min(best2, seconds[2]);
    fmt::print(
        "round {}: 1 worker {:.2f} s ({:.2f} runs/s, {:.2f} cores busy), 2 workers {:.2f} s ({:.2f} runs/s, "
        "{:.2f} "
        "cores busy), ratio {:.2f}x\n",
        r + 1, seconds[1], runs / seconds[1], cores[1], seconds[2], runs / seconds[2], cores[2],
        ratios.back());
  }
  fs::remove_all(root);
  std::sort(ratios.begin(), ratios.end());
  fmt::print("median 2-vs-1 worker throughput ratio: {:.2f}x (best times: {:.2f}x)\n",
             ratios[ratios.size() / 2], best1 / best2);
  return 0;
}
