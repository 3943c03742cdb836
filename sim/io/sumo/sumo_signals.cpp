// SUMO tlLogic programs -> SignalSpec. The program SUMO runs is the last one loaded for a traffic light id
// (the network's, replaced by one in an additional file).
#include <fmt/format.h>
#include <algorithm>
#include <set>

#include "sim/error.hpp"
#include "sim/io/sumo/sumo_context.hpp"

namespace ampel::io::sumo {

void read_tl_logic(const XmlFile& file, pugi::xml_node tl, Context& ctx) {
  std::string id = attr_string_required(file, tl, "id");
  std::string type = tl.attribute("type").as_string("static");
  std::string program_id = tl.attribute("programID").value();
  Program p;
  p.file = file.path();
  p.place = file.place(tl);
  SignalSpec& s = p.signal;
  s.id = id;
  s.where = ctx.where(file, tl);
  s.offset_s = attr_number(file, tl, "offset", 0.0);
  auto replace = [&] {
    if (ctx.programs.count(id))
      ctx.notes.ignored("tlLogic programs replaced by a later one (SUMO runs the last one loaded)", id);
    ctx.programs[id] = std::move(p);
  };
  if (type == "off" || program_id == "off") {
    // SUMO runs the junction without its signal: the links keep their priorities.
    ctx.notes.ignored("traffic lights switched off by their program (run unsignalised, as in SUMO)", id);
    p.off = true;
    replace();
    return;
  }
  const bool actuated = type == "actuated" || type == "delay_based";
  if (actuated) {
    s.program_type = type;
  } else if (type != "static") {
    ctx.notes.ignored(
        fmt::format("tlLogic programs of type {} (run as their phases' fixed times, not as SUMO "
                    "runs them)",
                    type),
        id);
    p.approximated = true;
  }
  double yellow = 0.0;
  for (pugi::xml_node ph : tl.children()) {
    std::string_view tag = ph.name();
    if (tag == "param") {
      s.params[ph.attribute("key").value()] = ph.attribute("value").value();
      continue;
    }
    if (tag != "phase") {
      if (ph.type() == pugi::node_element) ctx.notes.ignored(fmt::format("<{}> in tlLogic", tag));
      continue;
    }
    SignalPhaseSpec ps;
    ps.where = ctx.where(file, ph);
    ps.duration_s = attr_number_required(file, ph, "duration");
    // An actuated program's phase without minDur / maxDur keeps its duration (SUMO's rule).
    ps.min_duration_s = attr_number(file, ph, "minDur", actuated ? ps.duration_s : -1.0);
    ps.max_duration_s = attr_number(file, ph, "maxDur", actuated ? ps.duration_s : -1.0);
    ps.state = attr_string_required(file, ph, "state");
    ps.name = ph.attribute("name").value();
    if (!(ps.duration_s > 0))
      throw InputError(file.path(), file.place(ph),
                       fmt::format("tlLogic '{}': phase duration {} s must be above 0", id, ps.duration_s));
    if (actuated && !(ps.min_duration_s <= ps.max_duration_s))
      throw InputError(file.path(), file.place(ph),
                       fmt::format("tlLogic '{}': phase minDur {} s is above its maxDur {} s", id,
                                   ps.min_duration_s, ps.max_duration_s));
    for (char c : ps.state)
      if (std::string_view("GgyrRuoOs").find(c) == std::string_view::npos)
        throw InputError(
            file.path(), file.place(ph),
            fmt::format("tlLogic '{}': phase state '{}' has '{}'; SUMO states are G g y r u o O s", id,
                        ps.state, c));
    if (!s.phases.empty() && ps.state.size() != s.phases.front().state.size())
      throw InputError(file.path(), file.place(ph),
                       fmt::format("tlLogic '{}': phase state '{}' has {} characters, the first phase has {}",
                                   id, ps.state, ps.state.size(), s.phases.front().state.size()));
    if (ph.attribute("next")) ctx.notes.ignored("phase 'next' attributes (phases run in order)", id);
    for (const char* a :
         {"earliestEnd", "latestEnd", "vehext", "yellow", "red", "earlyTarget", "finalTarget"})
      if (ph.attribute(a)) ctx.notes.ignored(fmt::format("phase '{}' attributes", a), id);
    if (ps.state.find('y') != std::string::npos) yellow = std::max(yellow, ps.duration_s);
    s.phases.push_back(std::move(ps));
  }
  if (s.phases.empty())
    throw InputError(file.path(), file.place(tl), fmt::format("tlLogic '{}' has no phase", id));
  s.link_count = static_cast<int>(s.phases.front().state.size());
  // Clearances only for switches the program itself never makes (other controllers): its own yellow, no
  // all-red.
  s.yellow_s = yellow > 0 ? yellow : 3.0;
  s.all_red_s = 0.0;
  replace();
}

void finish_signals(Context& ctx) {
  // Lights switched off run unsignalised: their links keep the priority the network gives them.
  std::set<std::string> off;
  for (const auto& [id, p] : ctx.programs)
    if (p.off) off.insert(id);
  if (!off.empty()) {
    for (ConnectionSpec& c : ctx.spec.network.connections)
      if (off.count(c.signal)) c.signal.clear(), c.signal_link = -1;
    std::set<std::string> still_signalised;
    for (const std::string& tl : ctx.tl_order)
      if (!off.count(tl))
        for (const std::string& n : ctx.tl_use[tl].nodes) still_signalised.insert(n);
    for (NodeSpec& n : ctx.spec.network.nodes)
      if (n.kind == NodeKind::signalised && !still_signalised.count(n.id)) n.kind = NodeKind::priority;
  }
  // Every traffic light a connection names needs a program long enough for its link indices.
  for (const auto& [tl, use] : ctx.tl_use) {
    auto it = ctx.programs.find(tl);
    if (it == ctx.programs.end())
      throw InputError(use.file, use.place,
                       fmt::format("connection names traffic light '{}', which has no tlLogic", tl));
    if (it->second.off) continue;
    const SignalSpec& s = it->second.signal;
    if (use.max_link >= s.link_count)
      throw InputError(
          it->second.file, it->second.place,
          fmt::format("tlLogic '{}' has states of {} characters, but a connection uses linkIndex {} "
                      "({}: {}); the states must cover every link",
                      tl, s.link_count, use.max_link, use.file, use.place));
  }
  for (const std::string& tl : ctx.tl_order) {
    if (off.count(tl)) continue;
    const Program& p = ctx.programs.at(tl);
    if (p.approximated) ++ctx.spec.dropped_signals;  // a signal that does not run as in SUMO
    SignalSpec s = p.signal;
    s.nodes = ctx.tl_use.at(tl).nodes;
    ctx.spec.network.signals.push_back(std::move(s));
  }
  for (const auto& [id, p] : ctx.programs) {
    auto use = ctx.tl_use.find(id);
    if (use == ctx.tl_use.end() || use->second.nodes.empty())
      ctx.notes.ignored("tlLogic programs that control no lane of a simulated vehicle class", id);
  }
}

}  // namespace ampel::io::sumo
