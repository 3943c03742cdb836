// SUMO scenario entry points: a .sumocfg names the files and times; the net, additional and route files are
// read in SUMO's order (network, additional files, routes).
#include <fmt/format.h>
#include <algorithm>
#include <filesystem>

#include "sim/error.hpp"
#include "sim/io/sumo/sumo.hpp"
#include "sim/io/sumo/sumo_context.hpp"

namespace ampel::io {

namespace {

// A run without an end time follows its demand (as SUMO runs until the last vehicle has arrived), for at
// most this long after the last departure.
constexpr double kDrainAfterLastDepartureS = 3600.0;

std::string stem_of(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (const char* ext : {".sumocfg", ".net.xml.gz", ".net.xml", ".xml.gz", ".xml"})
    if (name.size() > std::string_view(ext).size() && name.ends_with(ext))
      return name.substr(0, name.size() - std::string_view(ext).size());
  return name;
}

// The simulated time: the window given, else from the begin to the last vehicle's arrival.
void finish_time(sumo::Context& ctx) {
  TimeSpec& t = ctx.spec.time;
  t.begin_s = ctx.begin_s;
  if (ctx.outside_window > 0)
    ctx.notes.note(fmt::format(
        "{} vehicles depart outside the simulated time (from {} s{}) and are not "
        "simulated, as in SUMO",
        ctx.outside_window, ctx.begin_s, ctx.end_s ? fmt::format(" to {} s", *ctx.end_s) : std::string()));
  if (ctx.end_s) {
    t.end_s = *ctx.end_s;
    return;
  }
  double last = std::max(ctx.begin_s, ctx.last_departure_s);
  t.end_s = last + kDrainAfterLastDepartureS;
  t.end_when_empty = true;
  ctx.notes.note(
      fmt::format("no end time: the run ends when the last vehicle has arrived, as in SUMO (at the "
                  "latest {} s after the last departure at {} s)",
                  kDrainAfterLastDepartureS, last));
}

}  // namespace

namespace sumo {

// SUMO time values: seconds, or h:m:s.
bool parse_time(std::string_view s, double& out) {
  if (parse_number(s, out)) return true;
  std::vector<double> parts;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t j = s.find(':', i);
    if (j == std::string_view::npos) j = s.size();
    double v = 0;
    if (!parse_number(s.substr(i, j - i), v)) return false;
    parts.push_back(v);
    i = j + 1;
  }
  if (parts.size() < 2 || parts.size() > 4) return false;
  out = 0;
  for (std::size_t k = 0; k < parts.size(); ++k)
    out = out * (k == 1 && parts.size() == 4 ? 24 : 60) + parts[k];
  return true;
}

void Context::drop_vehicles(const std::string& kind, const std::string& example, long count,
                            const std::string& why) {
  if (count <= 0) return;
  spec.dropped_vehicles += static_cast<std::uint64_t>(count);
  notes.ignored(kind, example, why, count);
}

}  // namespace sumo

ScenarioSpec load_sumo(const SumoInputs& in) {
  sumo::Context ctx;
  ScenarioSpec& spec = ctx.spec;
  spec.source_file = in.source_file.empty() ? in.net_file : in.source_file;
  spec.name = stem_of(spec.source_file);
  spec.description = fmt::format("imported from SUMO: {}", spec.source_file);
  ctx.begin_s = in.begin_s.value_or(0.0);
  ctx.end_s = in.end_s;
  if (ctx.end_s && !(*ctx.end_s > ctx.begin_s))
    throw InputError(spec.source_file, "end",
                     fmt::format("end {} s is not after the begin {} s", *ctx.end_s, ctx.begin_s));
  if (in.step_s) spec.time.step_s = *in.step_s;
  if (in.seed) spec.seed = *in.seed;
  {
    XmlFile net(in.net_file);
    sumo::read_net(net, ctx);
  }
  for (const std::string& path : in.additional_files) {
    XmlFile f(path);
    sumo::read_elements(f, ctx);
  }
  for (const std::string& path : in.route_files) {
    XmlFile f(path);
    sumo::read_elements(f, ctx);
  }
  sumo::finish_signals(ctx);
  if (in.route_files.empty() && spec.vehicles.empty() && spec.flows.empty())
    ctx.notes.note("no route files: the network has no traffic (give --routes)");
  finish_time(ctx);
  ctx.notes.write_to(spec.notes);
  return std::move(ctx.spec);
}

ScenarioSpec load_sumo_texts(const std::string& net_text, const std::vector<std::string>& route_texts) {
  sumo::Context ctx;
  ctx.spec.source_file = "memory.net.xml";
  {
    XmlFile net(ctx.spec.source_file, net_text);
    sumo::read_net(net, ctx);
  }
  for (std::size_t i = 0; i < route_texts.size(); ++i) {
    XmlFile f(fmt::format("memory{}.rou.xml", i), route_texts[i]);
    sumo::read_elements(f, ctx);
  }
  sumo::finish_signals(ctx);
  finish_time(ctx);
  ctx.notes.write_to(ctx.spec.notes);
  return std::move(ctx.spec);
}

SumoInputs read_sumocfg(const std::string& path) {
  XmlFile cfg(path);
  pugi::xml_node root = cfg.root();
  std::string_view root_name = root.name();
  if (root_name != "configuration" && root_name != "sumoConfiguration")
    throw InputError(path, cfg.place(root),
                     fmt::format("expected a SUMO configuration (<configuration>), found <{}>", root_name));
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  auto resolve = [&](const std::string& p) {
    std::filesystem::path fp(p);
    return (fp.is_absolute() ? fp : dir / fp).lexically_normal().string();
  };
  SumoInputs in;
  in.source_file = path;
  auto check_exists = [&](pugi::xml_node n, const std::string& file, const char* what) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
      throw InputError(path, cfg.place(n), fmt::format("{} '{}' does not exist", what, file));
  };
  auto time_value = [&](pugi::xml_node n) {
    double v = 0;
    if (!sumo::parse_time(n.attribute("value").value(), v) || !std::isfinite(v) || v < 0)
      throw InputError(path, cfg.place(n),
                       fmt::format("<{}> value \"{}\" is not a time of 0 s or more", n.name(),
                                   n.attribute("value").value()));
    return v;
  };
  // Options sit in groups (<input>, <time>, ...) or directly under the root.
  std::vector<pugi::xml_node> options;
  for (pugi::xml_node g : root.children()) {
    if (g.type() != pugi::node_element) continue;
    if (g.attribute("value"))
      options.push_back(g);
    else
      for (pugi::xml_node o : g.children())
        if (o.type() == pugi::node_element) options.push_back(o);
  }
  for (pugi::xml_node o : options) {
    std::string_view name = o.name();
    std::string value = o.attribute("value").value();
    if (name == "net-file" || name == "n") {
      in.net_file = resolve(value);
      check_exists(o, in.net_file, "net-file");
    } else if (name == "route-files" || name == "r") {
      for (const std::string& f : split_list(value)) {
        in.route_files.push_back(resolve(f));
        check_exists(o, in.route_files.back(), "route file");
      }
    } else if (name == "additional-files" || name == "a") {
      for (const std::string& f : split_list(value)) {
        in.additional_files.push_back(resolve(f));
        check_exists(o, in.additional_files.back(), "additional file");
      }
    } else if (name == "begin" || name == "b") {
      in.begin_s = time_value(o);
    } else if (name == "end" || name == "e") {
      if (value != "-1") in.end_s = time_value(o);  // -1: SUMO's "no end"
    } else if (name == "step-length") {
      in.step_s = time_value(o);
    } else if (name == "seed") {
      double s = 0;
      if (!parse_number(value, s) || s < 0)
        throw InputError(path, cfg.place(o), fmt::format("seed \"{}\" is not a whole number", value));
      in.seed = static_cast<std::uint64_t>(s);
    }
  }
  if (in.net_file.empty()) throw InputError(path, cfg.place(root), "the configuration names no net-file");
  return in;
}

ScenarioSpec load_sumocfg(const std::string& path, const std::vector<std::string>& extra_route_files,
                          std::optional<double> begin_s, std::optional<double> end_s) {
  SumoInputs in = read_sumocfg(path);
  in.route_files.insert(in.route_files.end(), extra_route_files.begin(), extra_route_files.end());
  if (begin_s) in.begin_s = begin_s;
  if (end_s) in.end_s = end_s;
  ScenarioSpec spec = load_sumo(in);
  // Options that change the simulation but have no counterpart here are worth a note.
  XmlFile cfg(path);
  static constexpr std::string_view kHandled[] = {
      "net-file", "n", "route-files", "r", "additional-files", "a",
      "begin",    "b", "end",         "e", "step-length",      "seed"};
  static constexpr std::string_view kGroupsQuiet[] = {"output", "report", "gui_only", "random_number"};
  ImportNotes notes;
  for (pugi::xml_node g : cfg.root().children()) {
    if (g.type() != pugi::node_element) continue;
    bool quiet = std::find(std::begin(kGroupsQuiet), std::end(kGroupsQuiet), std::string_view(g.name())) !=
                 std::end(kGroupsQuiet);
    std::vector<pugi::xml_node> opts;
    if (g.attribute("value"))
      opts.push_back(g);
    else
      for (pugi::xml_node o : g.children())
        if (o.type() == pugi::node_element) opts.push_back(o);
    for (pugi::xml_node o : opts) {
      std::string_view name = o.name();
      if (quiet || std::find(std::begin(kHandled), std::end(kHandled), name) != std::end(kHandled)) continue;
      notes.ignored("configuration options", std::string(name));
    }
  }
  notes.write_to(spec.notes);
  return spec;
}

}  // namespace ampel::io
