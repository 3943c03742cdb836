#include "analysis/experiment.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "analysis/kpi.hpp"
#include "models/registry/registry.hpp"
#include "sim/hash.hpp"
#include "sim/io/generators.hpp"
#include "sim/io/json_reader.hpp"
#include "sim/io/load.hpp"
#include "sim/io/output_folder.hpp"
#include "sim/io/scenario_json.hpp"
#include "sim/limits.hpp"

namespace ampel::batch {

namespace fs = std::filesystem;
using io::Field;
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

bool valid_label(const std::string& label) {
  if (label.empty() || label.size() > 80 || label.find("--") != std::string::npos) return false;
  if (label.front() == '.' || label.front() == '-') return false;
  for (char c : label)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '+' || c == '-'))
      return false;
  return true;
}

namespace {

std::string sanitise(const std::string& s) {
  return io::safe_name(s, "scenario");
}

// A stable fingerprint of a scenario's resolved definition. Its starting value differs from FNV-1a's usual
// one and is kept, so output folders written by earlier builds still resume.
std::string fingerprint(const std::string& text) {
  Fnv1a h(1469598103934665603ull);
  h.text(text);
  return fmt::format("{:016x}", h.value());
}

// A demand factor as it appears in labels: 0.8 -> "0.8", 1 -> "1".
std::string factor_text(double f) {
  return fmt::format("{}", f);
}

// Generator parameters: each key names a field of the generator's parameter struct.
template <class Params>
struct GenField {
  const char* key;
  double Params::*number = nullptr;
  int Params::*integer = nullptr;
  bool Params::*flag = nullptr;
};

template <class Params>
Params read_generator_params(const Field& f, const std::vector<GenField<Params>>& fields) {
  Params p;
  if (!f.present()) return p;
  if (!f.is_object()) {
    f.error("expected an object of generator parameters");
    return p;
  }
  std::set<std::string> known;
  for (const auto& g : fields) {
    known.insert(g.key);
    Field v = f[g.key];
    if (g.number) p.*(g.number) = v.non_negative(p.*(g.number));
    if (g.integer) {
      int x = v.integer(p.*(g.integer));
      if (v.present() && x < 1) v.error(fmt::format("is {}; it must be 1 or more", x));
      p.*(g.integer) = x;
    }
    if (g.flag) p.*(g.flag) = v.boolean(p.*(g.flag));
  }
  std::string list;
  for (const auto& g : fields) list += (list.empty() ? "" : ", ") + std::string(g.key);
  for (auto it = f.raw()->begin(); it != f.raw()->end(); ++it)
    if (!known.count(it.key()))
      f[it.key().c_str()].error(fmt::format("unknown generator parameter '{}' (known: {})", it.key(), list));
  return p;
}

std::optional<ScenarioSpec> generate(const std::string& kind, const Field& params, const Field& where) {
  using S = io::SingleIntersectionParams;
  using A = io::ArterialParams;
  using G = io::GridParams;
  if (kind == "single")
    return io::make_single_intersection(
        read_generator_params<S>(params, {{"arm_length_m", &S::arm_length_m},
                                          {"lanes", nullptr, &S::lanes},
                                          {"speed_mps", &S::speed_mps},
                                          {"main_rate_vph", &S::main_rate_vph},
                                          {"side_rate_vph", &S::side_rate_vph},
                                          {"left_share", &S::left_share},
                                          {"right_share", &S::right_share},
                                          {"green_main_s", &S::green_main_s},
                                          {"green_side_s", &S::green_side_s},
                                          {"duration_s", &S::duration_s}}));
  if (kind == "arterial")
    return io::make_arterial(read_generator_params<A>(params, {{"signals", nullptr, &A::signals},
                                                               {"spacing_m", &A::spacing_m},
                                                               {"side_length_m", &A::side_length_m},
                                                               {"main_lanes", nullptr, &A::main_lanes},
                                                               {"side_lanes", nullptr, &A::side_lanes},
                                                               {"speed_mps", &A::speed_mps},
                                                               {"main_rate_vph", &A::main_rate_vph},
                                                               {"side_rate_vph", &A::side_rate_vph},
                                                               {"turn_share", &A::turn_share},
                                                               {"cycle_s", &A::cycle_s},
                                                               {"main_green_share", &A::main_green_share},
                                                               {"progression_mps", &A::progression_mps},
                                                               {"duration_s", &A::duration_s}}));
  if (kind == "grid")
    return io::make_grid(
        read_generator_params<G>(params, {{"rows", nullptr, &G::rows},
                                          {"cols", nullptr, &G::cols},
                                          {"spacing_m", &G::spacing_m},
                                          {"lanes", nullptr, &G::lanes},
                                          {"speed_mps", &G::speed_mps},
                                          {"entry_rate_vph", &G::entry_rate_vph},
                                          {"morning_peak", nullptr, nullptr, &G::morning_peak},
                                          {"duration_s", &G::duration_s},
                                          {"green_s", &G::green_s}}));
  where.error(fmt::format("unknown generator '{}' (known: single, arterial, grid)", kind));
  return std::nullopt;
}

bool known_strategy(const std::string& type) {
  for (const ControllerInfo& c : controller_catalog())
    if (c.name == type) return true;
  return false;
}

std::string catalog_names() {
  std::string known;
  for (const ControllerInfo& c : controller_catalog()) known += (known.empty() ? "" : ", ") + c.name;
  return known;
}

}  // namespace

void scale_demand(ScenarioSpec& spec, double factor) {
  for (FlowSpec& f : spec.flows)
    for (RateInterval& r : f.profile) r.rate_vph *= factor;
  // Vehicle i is kept floor((i+1)f) - floor(if) times: evenly thinned for f < 1, repeated for f > 1.
  std::vector<VehicleSpec> out;
  for (std::size_t i = 0; i < spec.vehicles.size(); ++i) {
    auto copies = static_cast<long long>(std::floor(static_cast<double>(i + 1) * factor + 1e-9)) -
                  static_cast<long long>(std::floor(static_cast<double>(i) * factor + 1e-9));
    for (long long c = 0; c < copies; ++c) {
      VehicleSpec v = spec.vehicles[i];
      if (c > 0) v.id += fmt::format("#{}", c + 1);
      out.push_back(std::move(v));
    }
  }
  spec.vehicles = std::move(out);
}

const char* keep_name(Keep k) {
  switch (k) {
    case Keep::summary:
      return "summary";
    case Keep::runs:
      return "runs";
    case Keep::all:
      return "all";
  }
  return "all";
}

Keep parse_keep(const std::string& text, const std::string& option) {
  for (Keep k : {Keep::summary, Keep::runs, Keep::all})
    if (text == keep_name(k)) return k;
  throw InputError("", option, fmt::format("'{}' is not one of summary, runs, all", text));
}

fs::path scenario_file_of(const CaseInfo& c) {
  return fs::path("scenarios") / (c.label + ".json");
}

std::vector<RunKey> Plan::runs() const {
  std::vector<RunKey> out;
  for (std::size_t c = 0; c < cases.size(); ++c)
    for (std::size_t r = 0; r < replications; ++r)
      for (std::size_t s = 0; s < strategies.size(); ++s)
        out.push_back({fmt::format("{}--{}--r{:03}", cases[c].label, strategies[s].label, r + 1), c, s, r,
                       seed_base + r});
  return out;
}

OrderedJson Plan::to_json() const {
  OrderedJson j;
  j["format"] = "ampel-experiment-plan/1";
  j["name"] = name;
  j["description"] = description;
  j["replications"] = replications;
  j["seed_base"] = seed_base;
  j["warmup_s"] = warmup_s ? OrderedJson(*warmup_s) : OrderedJson();
  j["kpis"] = kpis;
  j["baseline"] = strategies.at(baseline).label;
  j["gridlock"] = {{"fail", gridlock.fail}, {"min_vehicles", gridlock.min_vehicles}};
  j["demand_swept"] = demand_swept;
  if (keep != Keep::all) j["keep"] = keep_name(keep);
  OrderedJson st = OrderedJson::array();
  for (const StrategyEntry& s : strategies)
    st.push_back({{"name", s.label},
                  {"type", s.controller.type},
                  {"params", io::params_to_json(s.controller.params)}});
  j["strategies"] = st;
  OrderedJson cs = OrderedJson::array();
  for (const CaseInfo& c : cases)
    cs.push_back({{"name", c.label},
                  {"scenario", c.scenario},
                  {"source", c.source},
                  {"demand", c.demand},
                  {"fingerprint", c.fingerprint}});
  j["cases"] = cs;
  return j;
}

Plan Plan::from_json(const Json& root, const std::string& file) {
  Diagnostics diag(file);
  Field f(&root, "", diag);
  Plan p;
  f.expect_object({"format", "name", "description", "replications", "seed_base", "warmup_s", "kpis",
                   "baseline", "gridlock", "demand_swept", "strategies", "cases", "keep"});
  if (f["format"].string() != "ampel-experiment-plan/1") f["format"].error("not an ampel experiment plan");
  p.name = f["name"].string();
  p.description = f["description"].string();
  p.replications = static_cast<std::size_t>(std::max(1, f["replications"].integer(1)));
  p.seed_base = static_cast<std::uint64_t>(f["seed_base"].number(1));
  if (f["warmup_s"].present()) p.warmup_s = f["warmup_s"].number(0);
  p.kpis = f["kpis"].strings();
  p.gridlock.fail = f["gridlock"]["fail"].boolean(true);
  p.gridlock.min_vehicles = static_cast<std::uint32_t>(std::max(1, f["gridlock"]["min_vehicles"].integer(1)));
  p.demand_swept = f["demand_swept"].boolean(false);
  if (f["keep"].present()) {
    std::string k = f["keep"].string();
    if (k == "summary" || k == "runs" || k == "all")
      p.keep = parse_keep(k, "keep");
    else
      f["keep"].error(fmt::format("'{}' is not one of summary, runs, all", k));
  }
  for (std::size_t i = 0; i < f["strategies"].size(); ++i) {
    Field s = f["strategies"].at(i);
    StrategyEntry e;
    e.label = s["name"].string_required();
    e.controller.type = s["type"].string_required();
    e.controller.params = io::read_params(s["params"]);
    p.strategies.push_back(std::move(e));
  }
  for (std::size_t i = 0; i < f["cases"].size(); ++i) {
    Field c = f["cases"].at(i);
    p.cases.push_back({c["name"].string_required(), c["scenario"].string(), c["source"].string(),
                       c["demand"].number(1.0), c["fingerprint"].string()});
  }
  std::string baseline = f["baseline"].string();
  bool found = false;
  for (std::size_t i = 0; i < p.strategies.size(); ++i)
    if (p.strategies[i].label == baseline) p.baseline = i, found = true;
  if (!found) f["baseline"].error("names no strategy of the plan");
  if (p.strategies.empty() || p.cases.empty()) f.error("the plan has no strategies or no cases");
  diag.throw_if_any();
  return p;
}

namespace {

// Whether any vehicle can depart during the run: a flow with a positive rate, or a vehicle before the end.
bool has_demand(const Scenario& sc) {
  for (const CompiledFlow& f : sc.flows)
    for (const RateInterval& r : f.profile)
      if (r.rate_vph > 0 && r.end_s > ms_to_seconds(sc.begin_ms) && r.begin_s < ms_to_seconds(sc.end_ms))
        return true;
  for (const CompiledVehicle& v : sc.vehicles)
    if (v.depart_ms < sc.end_ms) return true;
  return false;
}

}  // namespace

Experiment make_experiment(Plan plan, const std::vector<ScenarioEntry>& scenarios,
                           const std::vector<double>& demand, const std::string& file) {
  Diagnostics diag(file);
  Experiment ex;
  plan.cases.clear();
  plan.demand_swept = demand.size() > 1 || (demand.size() == 1 && demand[0] != 1.0);
  std::set<std::string> labels;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioEntry& entry = scenarios[i];
    std::string where = fmt::format("/scenarios/{}", i);
    if (!valid_label(entry.label))
      diag.error(where, fmt::format("scenario name '{}' must use only letters, digits, '_', '.', '+', '-' "
                                    "(no \"--\")",
                                    entry.label));
    for (double factor : demand) {
      ScenarioSpec spec = entry.spec;
      if (plan.warmup_s) spec.time.warmup_s = *plan.warmup_s;
      if (!(spec.time.warmup_s < spec.time.end_s - spec.time.begin_s))
        diag.error(plan.warmup_s ? "/warmup_s" : where,
                   fmt::format("warm-up {} s leaves nothing to measure in scenario '{}' ({} s to {} s)",
                               spec.time.warmup_s, entry.label, spec.time.begin_s, spec.time.end_s));
      if (factor != 1.0) scale_demand(spec, factor);
      CaseInfo info;
      info.label = plan.demand_swept ? fmt::format("{}_d{}", entry.label, factor_text(factor)) : entry.label;
      info.scenario = entry.label;
      info.source = entry.source;
      info.demand = factor;
      info.fingerprint = fingerprint(io::scenario_to_json(spec).dump());
      if (!labels.insert(info.label).second)
        diag.error(where, fmt::format("two scenarios are both named '{}'; give one a \"name\"", info.label));
      try {
        ex.compiled.push_back(std::make_shared<const Scenario>(compile_scenario(spec)));
        if (!has_demand(*ex.compiled.back()))
          diag.error_in(entry.source.empty() ? file : entry.source, "",
                        fmt::format("scenario '{}' has no vehicles (no flow with a positive rate, no vehicle "
                                    "departing before its end): there is nothing to compare; give its demand "
                                    "(SUMO: --routes, CityFlow: --flow)",
                                    entry.label));
      } catch (const InputError& e) {
        for (const Problem& p : e.problems())
          diag.error_in(p.file.empty() ? file : p.file, p.place, p.reason);
        ex.compiled.push_back(nullptr);
      }
      plan.cases.push_back(std::move(info));
    }
  }
  std::set<std::string> strategy_labels;
  for (std::size_t i = 0; i < plan.strategies.size(); ++i) {
    const StrategyEntry& s = plan.strategies[i];
    if (!valid_label(s.label))
      diag.error(
          fmt::format("/strategies/{}", i),
          fmt::format("strategy name '{}' must use only letters, digits, '_', '.', '+', '-'", s.label));
    if (!strategy_labels.insert(s.label).second)
      diag.error(fmt::format("/strategies/{}", i),
                 fmt::format("two strategies are both named '{}'", s.label));
    if (!known_strategy(s.controller.type)) {
      diag.error(fmt::format("/strategies/{}/type", i),
                 fmt::format("unknown strategy '{}'; known: {}", s.controller.type, catalog_names()));
      continue;
    }
    // Parameters are checked on every case before the first run, not found wrong in each of its runs.
    for (const auto& compiled : ex.compiled) {
      if (!compiled) continue;
      try {
        make_controller(s.controller, *compiled);
      } catch (const InputError& e) {
        for (const Problem& p : e.problems()) diag.error(fmt::format("/strategies/{}/params", i), p.reason);
        break;
      }
    }
  }
  if (plan.strategies.empty()) diag.error("/strategies", "name at least one strategy");
  if (scenarios.empty()) diag.error("/scenarios", "name at least one scenario");
  for (std::size_t i = 0; i < plan.kpis.size(); ++i)
    if (!find_kpi(plan.kpis[i])) {
      std::string known;
      for (const KpiInfo& info : kpi_catalog()) known += (known.empty() ? "" : ", ") + info.name;
      diag.error(fmt::format("/kpis/{}", i), fmt::format("unknown KPI '{}'; known: {}", plan.kpis[i], known));
    }
  diag.throw_if_any();
  ex.plan = std::move(plan);
  return ex;
}

Experiment load_experiment(const std::string& path) {
  Json root = io::parse_json_file(path);
  Diagnostics diag(path);
  Field f(&root, "", diag);
  if (!root.is_object()) {
    f.error("an experiment file is a JSON object");
    diag.throw_if_any();
  }
  f.expect_object({"name", "description", "scenarios", "strategies", "baseline", "replications", "seed_base",
                   "warmup_s", "kpis", "sweeps", "gridlock"});
  fs::path base = fs::path(path).parent_path();
  Plan plan;
  // The name becomes the default output folder: a name such as "../../x" must not leave runs/.
  plan.name = io::safe_name(f["name"].string(fs::path(path).stem().string()), "experiment");
  plan.description = f["description"].string();

  // Scenarios: a file name, or an object naming a file or a generator.
  std::vector<ScenarioEntry> scenarios;
  Field sc = f["scenarios"];
  if (!sc.present())
    sc.error("required: the scenarios to run (files or generated)");
  else if (sc.expect_array() && sc.size() == 0)
    sc.error("name at least one scenario");
  for (std::size_t i = 0; i < sc.size(); ++i) {
    Field e = sc.at(i);
    ScenarioEntry entry;
    std::string file;
    Field label = e["name"];
    if (e.is_string()) {
      file = e.string();
    } else if (e.expect_object(
                   {"file", "generate", "name", "params", "end_s", "gridlock_after_s", "allow_drop"})) {
      if (e["file"].present() == e["generate"].present()) {
        e.error("give either \"file\" or \"generate\"");
        continue;
      }
      file = e["file"].string();
      if (e["params"].present() && !e["generate"].present())
        e["params"].error("\"params\" belong to a generated scenario; a file's settings are in the file");
    } else {
      continue;
    }
    try {
      if (!file.empty()) {
        fs::path p = fs::path(file).is_absolute() ? fs::path(file) : base / file;
        io::LoadOptions options;
        options.allow_drop = e.is_object() && e["allow_drop"].boolean(false);
        entry.spec = io::load_scenario_file(p.lexically_normal().string(), options);
        entry.source = file;
        std::string fallback = entry.spec.name.empty() ? fs::path(file).stem().string() : entry.spec.name;
        entry.label = e.is_object() ? label.string(sanitise(fallback)) : sanitise(fallback);
      } else {
        std::string kind = e["generate"].string();
        auto spec = generate(kind, e["params"], e["generate"]);
        if (!spec) continue;
        entry.spec = std::move(*spec);
        entry.source = "generate:" + kind;
        entry.label = label.string(sanitise(entry.spec.name.empty() ? kind : entry.spec.name));
      }
    } catch (const InputError& err) {
      for (const Problem& p : err.problems()) diag.error_in(p.file, p.place, p.reason);
      diag.error(e.path(), "this scenario cannot be loaded (see above)");
      continue;
    }
    if (e.is_object()) {
      entry.spec.time.end_s =
          e["end_s"].number_in(0.0, limits::kMaxTimeS + limits::kMaxRunS, entry.spec.time.end_s, "s");
      entry.spec.time.gridlock_after_s =
          e["gridlock_after_s"].number_in(0.1, limits::kMaxRunS, entry.spec.time.gridlock_after_s, "s");
      if (!(entry.spec.time.end_s > entry.spec.time.begin_s))
        e["end_s"].error(fmt::format("end {} s is not after the scenario's begin {} s", entry.spec.time.end_s,
                                     entry.spec.time.begin_s));
    }
    scenarios.push_back(std::move(entry));
  }

  // Strategies: a registry name, or an object with a name, a type and parameters.
  Field st = f["strategies"];
  if (!st.present())
    st.error("required: the strategies to compare (names from `ampel compare --help`)");
  else if (st.expect_array() && st.size() == 0)
    st.error("name at least one strategy");
  for (std::size_t i = 0; i < st.size(); ++i) {
    Field e = st.at(i);
    StrategyEntry s;
    if (e.is_string()) {
      s.controller.type = e.string();
      s.label = s.controller.type;
    } else if (e.expect_object({"name", "type", "params"})) {
      s.controller.type = e["type"].string_required();
      s.label = e["name"].string(s.controller.type);
      s.controller.params = io::read_params(e["params"]);
    } else {
      continue;
    }
    s.controller.where = fmt::format("strategy '{}' ({} {})", s.label, path, e.path());
    plan.strategies.push_back(std::move(s));
  }

  plan.replications = static_cast<std::size_t>(f["replications"].integer_in(1, 100000, 10));
  plan.seed_base = f["seed_base"].seed(1);
  if (plan.seed_base > io::kMaxSeed - plan.replications + 1)
    f["seed_base"].error(fmt::format("seed_base {} + {} replications passes the largest seed {}",
                                     plan.seed_base, plan.replications, io::kMaxSeed));
  if (f["warmup_s"].present()) plan.warmup_s = f["warmup_s"].number_in(0.0, limits::kMaxRunS, 0.0, "s");
  plan.kpis = f["kpis"].present() ? f["kpis"].strings() : default_kpis();
  if (f["kpis"].present() && plan.kpis.empty()) f["kpis"].error("name at least one KPI");

  std::vector<double> demand{1.0};
  Field sw = f["sweeps"];
  if (sw.expect_object({"demand"}) && sw["demand"].expect_array()) {
    demand.clear();
    for (std::size_t i = 0; i < sw["demand"].size() && i < 1000; ++i)
      demand.push_back(sw["demand"].at(i).number_in(0.001, limits::kMaxDemandFactor, 1.0));
    if (demand.empty()) sw["demand"].error("list at least one demand factor");
    std::set<double> unique(demand.begin(), demand.end());
    if (unique.size() != demand.size()) sw["demand"].error("a demand factor is listed twice");
  }
  Field gl = f["gridlock"];
  if (gl.expect_object({"fail", "min_vehicles"})) {
    plan.gridlock.fail = gl["fail"].boolean(true);
    plan.gridlock.min_vehicles = static_cast<std::uint32_t>(gl["min_vehicles"].integer_in(1, 1000000000, 1));
  }

  std::string baseline = f["baseline"].string();
  if (!baseline.empty()) {
    bool found = false;
    for (std::size_t i = 0; i < plan.strategies.size(); ++i)
      if (plan.strategies[i].label == baseline) plan.baseline = i, found = true;
    if (!found) f["baseline"].error(fmt::format("'{}' is not the name of a listed strategy", baseline));
  }
  diag.throw_if_any();
  return make_experiment(std::move(plan), scenarios, demand, path);
}

}  // namespace ampel::batch
