// ampel generate: write a generated scenario (single intersection, arterial, grid) as a scenario file.
#include <fmt/format.h>
#include <iostream>

#include "apps/ampel/cli.hpp"
#include "apps/ampel/days_options.hpp"
#include "sim/io/days.hpp"
#include "sim/io/generators.hpp"
#include "sim/io/load.hpp"
#include "sim/io/run_output.hpp"
#include "sim/io/scenario_json.hpp"

namespace ampel::cli {

namespace {

void finish_and_write(ScenarioSpec spec, const std::string& out) {
  // Check it compiles before writing, so a bad parameter never leaves a file behind.
  compile_scenario(spec);
  std::string text = io::scenario_to_json(spec).dump(1) + "\n";
  if (out.empty() || out == "-") {
    std::cout << text;
    return;
  }
  io::write_file_atomically(out, text);
  fmt::print("wrote {}\n", out);
}

}  // namespace

void add_generate_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  CLI::App* gen = app.add_subcommand("generate", "write a generated scenario file");
  gen->require_subcommand(1);

  auto single = std::make_shared<io::SingleIntersectionParams>();
  auto single_out = std::make_shared<std::string>();
  CLI::App* s = gen->add_subcommand("single", "one signalised four-arm intersection");
  s->add_option("--arm-length", single->arm_length_m, "arm length (m)")->check(CLI::PositiveNumber);
  s->add_option("--lanes", single->lanes, "lanes per direction")->check(CLI::Range(1, 6));
  s->add_option("--main-rate", single->main_rate_vph, "east-west rate per approach (veh/h)")
      ->check(CLI::NonNegativeNumber);
  s->add_option("--side-rate", single->side_rate_vph, "north-south rate per approach (veh/h)")
      ->check(CLI::NonNegativeNumber);
  s->add_option("--duration", single->duration_s, "duration (s)")->check(CLI::PositiveNumber);
  s->add_option("--seed", single->seed, "seed");
  s->add_option("--out,-o", *single_out, "output file (default: standard output)");
  s->callback([=] {
    set_action([=] {
      finish_and_write(io::make_single_intersection(*single), *single_out);
      return 0;
    });
  });

  auto art = std::make_shared<io::ArterialParams>();
  auto art_out = std::make_shared<std::string>();
  CLI::App* a = gen->add_subcommand("arterial", "a corridor of signals with a green wave");
  a->add_option("--signals", art->signals, "number of signals")->check(CLI::Range(1, 50));
  a->add_option("--spacing", art->spacing_m, "distance between signals (m)")->check(CLI::PositiveNumber);
  a->add_option("--main-rate", art->main_rate_vph, "arterial rate per direction (veh/h)")
      ->check(CLI::NonNegativeNumber);
  a->add_option("--side-rate", art->side_rate_vph, "side-street rate per approach (veh/h)")
      ->check(CLI::NonNegativeNumber);
  a->add_option("--cycle", art->cycle_s, "cycle (s)")->check(CLI::Range(20.0, 300.0));
  a->add_option("--duration", art->duration_s, "duration (s)")->check(CLI::PositiveNumber);
  a->add_option("--seed", art->seed, "seed");
  a->add_option("--out,-o", *art_out, "output file (default: standard output)");
  a->callback([=] {
    set_action([=] {
      finish_and_write(io::make_arterial(*art), *art_out);
      return 0;
    });
  });

  auto grid = std::make_shared<io::GridParams>();
  auto grid_out = std::make_shared<std::string>();
  auto constant = std::make_shared<bool>(false);
  auto incident = std::make_shared<std::string>();
  CLI::App* g = gen->add_subcommand("grid", "an N x M grid of signalised junctions");
  g->add_option("--rows", grid->rows, "rows")->check(CLI::Range(1, 100));
  g->add_option("--cols", grid->cols, "columns")->check(CLI::Range(1, 100));
  g->add_option("--spacing", grid->spacing_m, "link length (m)")->check(CLI::PositiveNumber);
  g->add_option("--lanes", grid->lanes, "lanes per direction")->check(CLI::Range(1, 6));
  g->add_option("--rate", grid->entry_rate_vph, "rate per entry at peak (veh/h)")
      ->check(CLI::NonNegativeNumber);
  g->add_option("--duration", grid->duration_s, "duration (s)")->check(CLI::PositiveNumber);
  g->add_option("--green", grid->green_s, "green per stage (s)")->check(CLI::PositiveNumber);
  g->add_flag("--constant", *constant, "constant demand instead of the two-hour morning peak");
  g->add_option("--incident", *incident, "close a lane for a while: road:lane:at_s:duration_s");
  g->add_option("--seed", grid->seed, "seed");
  g->add_option("--out,-o", *grid_out, "output file (default: standard output)");
  g->callback([=] {
    set_action([=] {
      grid->morning_peak = !*constant;
      ScenarioSpec spec = io::make_grid(*grid);
      if (!incident->empty()) io::add_lane_closure(spec, io::parse_lane_closure(*incident, "--incident"));
      finish_and_write(std::move(spec), *grid_out);
      return 0;
    });
  });

  struct DayOptions {
    std::string scenario, days_spec, out;
    std::uint64_t day = 1;
  };
  auto day = std::make_shared<DayOptions>();
  CLI::App* d =
      gen->add_subcommand("day", "one day of a scenario with day-to-day variability (its days block)");
  d->add_option("scenario", day->scenario, "scenario file")->required();
  d->add_option("--day", day->day, "day number (1, 2, ...); the day's seed")
      ->required()
      ->check(CLI::PositiveNumber);
  d->add_option("--days-spec", day->days_spec, "file with a days block (default: the scenario's own)");
  d->add_option("--out,-o", day->out, "output file (default: standard output)");
  d->callback([=] {
    set_action([=] {
      ScenarioSpec base = io::load_scenario_file(day->scenario);
      DaysSpec days = resolve_days(base, day->days_spec);
      if (!day->out.empty() && day->out != "-") fmt::print("{}\n", describe_day(base, days, day->day));
      finish_and_write(io::day_scenario(base, days, day->day), day->out);
      return 0;
    });
  });
}

}  // namespace ampel::cli
