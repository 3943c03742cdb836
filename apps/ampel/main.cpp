// ampel: traffic-signal strategies on real and generated networks, headless or live.
#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>

#include "ampel/version.hpp"
#include "apps/ampel/cli.hpp"
#include "apps/ampel/cli_help.hpp"
#include "sim/io/output_folder.hpp"

int main(int argc, char** argv) {
  using namespace ampel::cli;
  CLI::App app{"ampel: compare traffic-signal strategies, from fixed plans to predictive control"};
  app.set_version_flag("--version", std::string("ampel ") + ampel::kVersion);
  app.require_subcommand(1);
  std::function<int()> action;
  auto set_action = [&](std::function<int()> a) { action = std::move(a); };
  add_run_command(app, set_action, command_line(argc, argv));
  add_validate_command(app, set_action);
  add_generate_command(app, set_action);
  add_import_command(app, set_action);
  add_batch_command(app, set_action);
  add_merge_command(app, set_action);
  add_compare_command(app, set_action);
  add_fit_command(app, set_action);
  add_forecast_command(app, set_action);
  add_map_command(app, set_action);
#ifdef AMPEL_HAVE_VIEWER
  add_view_command(app, set_action);
#endif
  state_defaults(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A mistyped command or option gets a suggestion instead of the parser's generic complaint.
    std::vector<std::string> hints =
        e.get_exit_code() != 0 ? suggestions(app, argc, argv) : std::vector<std::string>{};
    for (const std::string& hint : hints) std::cerr << "error: " << hint << "\n";
    if (!hints.empty()) return kExitBadInput;
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // The parser's own complaint, in the form of every other message: "error: WHERE: REASON".
    std::cerr << "error: " << e.what() << " (see --help)\n";
    return kExitBadInput;
  }
  ampel::io::install_interrupt_handlers();
  int code = guarded(action);
  ampel::io::finish_interrupted();  // a caught signal ends the process as the signal would
  return code;
}
