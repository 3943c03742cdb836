#include "sim/io/import_losses.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/error.hpp"

namespace ampel::io {

namespace {

// A flow's expected number of vehicles inside the simulated time (its profile's rates times the overlap).
double expected_vehicles(const FlowSpec& f, const TimeSpec& t) {
  double n = 0;
  for (const RateInterval& r : f.profile) {
    double overlap_s = std::min(r.end_s, t.end_s) - std::max(r.begin_s, t.begin_s);
    if (overlap_s > 0) n += r.rate_vph / 3600.0 * overlap_s;
  }
  if (f.max_vehicles >= 0) n = std::min(n, static_cast<double>(f.max_vehicles));
  return n;
}

std::string count(double n) {
  return fmt::format("{:.0f}", n);
}

}  // namespace

ImportLosses import_losses(const ScenarioSpec& spec) {
  ImportLosses l;
  l.vehicles_in_files = static_cast<double>(spec.vehicles.size() + spec.dropped_vehicles);
  for (const FlowSpec& f : spec.flows) l.vehicles_in_files += expected_vehicles(f, spec.time);
  l.dropped_vehicles = spec.dropped_vehicles;
  l.dropped_signals = spec.dropped_signals;
  l.notes = spec.notes.size();
  return l;
}

std::string import_summary(const ScenarioSpec& spec) {
  ImportLosses l = import_losses(spec);
  if (l.notes == 0 && l.dropped_vehicles == 0 && l.dropped_signals == 0) return {};
  if (l.dropped_vehicles == 0 && l.dropped_signals == 0)
    return fmt::format(
        "import: nothing left out of {} vehicles; {} note(s) on what the files hold beyond the "
        "model (ampel validate lists them)",
        count(l.vehicles_in_files), l.notes);
  return fmt::format(
      "import: {} vehicles in the files' simulated time, {} left out ({:.1f} %), {} signal program(s) not "
      "run as defined, {} note(s) (the list: manifest.json, or ampel validate)",
      count(l.vehicles_in_files), l.dropped_vehicles, 100.0 * l.dropped_share(), l.dropped_signals, l.notes);
}

void refuse_losses(const ScenarioSpec& spec, const std::string& path, bool allow) {
  if (allow) return;
  ImportLosses l = import_losses(spec);
  std::vector<Problem> problems;
  if (l.dropped_share() > kMaxDroppedVehicleShare)
    problems.push_back(
        {path, "",
         fmt::format("{} of its {} vehicles ({:.1f} %) cannot be simulated (more than {:g} %; ampel validate "
                     "names them): add --allow-drop to run without them",
                     l.dropped_vehicles, count(l.vehicles_in_files), 100.0 * l.dropped_share(),
                     100.0 * kMaxDroppedVehicleShare)});
  if (l.dropped_signals > 0)
    problems.push_back({path, "",
                        fmt::format("{} signal program(s) would not run as the file defines them (ampel "
                                    "validate names them): add --allow-drop to run them as fixed time",
                                    l.dropped_signals)});
  if (!problems.empty()) throw InputError(std::move(problems));
}

}  // namespace ampel::io
