#include "analysis/kpi.hpp"

namespace ampel::batch {

namespace {

double d(std::uint64_t v) {
  return static_cast<double>(v);
}

}  // namespace

const std::vector<KpiInfo>& kpi_catalog() {
  // Function pointers rather than a switch: the list is the only place that knows the KPIs.
  static const std::vector<KpiInfo> catalog = {
      {"finished.delay_s", "s", "mean delay (time loss) of finished trips", true,
       [](const Summary& s) { return s.finished.delay_s; }},
      {"finished.travel_time_s", "s", "mean travel time of finished trips", true,
       [](const Summary& s) { return s.finished.travel_time_s; }},
      {"finished.waiting_time_s", "s", "mean waiting time of finished trips", true,
       [](const Summary& s) { return s.finished.waiting_time_s; }},
      {"finished.stops", "stops", "mean stops of finished trips", true,
       [](const Summary& s) { return s.finished.stops; }},
      {"finished.insertion_delay_s", "s", "mean insertion delay of finished trips", true,
       [](const Summary& s) { return s.finished.insertion_delay_s; }},
      {"finished.route_speed_mps", "m/s", "mean route speed of finished trips", false,
       [](const Summary& s) { return s.finished.route_speed_mps; }},
      {"finished.count", "trips", "finished trips counted (departed after the warm-up)", false,
       [](const Summary& s) { return d(s.finished.count); }},
      {"all.delay_s", "s",
       "mean delay of every vehicle released after the warm-up (finished, still running, still waiting to "
       "enter), the wait to enter included",
       true, [](const Summary& s) { return s.all.delay_s; }},
      {"all.travel_time_s", "s",
       "mean travel time of every vehicle released, from its planned departure to its arrival or the end "
       "(CityFlow's average travel time)",
       true, [](const Summary& s) { return s.all.travel_time_s; }},
      {"all.waiting_time_s", "s", "mean waiting time of every vehicle released, the wait to enter included",
       true, [](const Summary& s) { return s.all.waiting_time_s; }},
      {"all.stops", "stops", "mean stops of every vehicle released", true,
       [](const Summary& s) { return s.all.stops; }},
      {"all.count", "veh", "vehicles released after the warm-up (every vehicle the all.* means count)", false,
       [](const Summary& s) { return d(s.all.count); }},
      {"throughput_vph", "veh/h", "arrivals after the warm-up per hour", false,
       [](const Summary& s) { return s.throughput_vph; }},
      {"network.halting_mean", "veh", "mean vehicles halting in the network (queue) after the warm-up", true,
       [](const Summary& s) { return s.halting_mean; }},
      {"network.running_mean", "veh", "mean vehicles in the network after the warm-up", true,
       [](const Summary& s) { return s.running_mean; }},
      {"network.halting_max", "veh", "most vehicles halting at once after the warm-up", true,
       [](const Summary& s) { return d(s.halting_max); }},
      {"network.spillback_lane_s", "lane-s", "lane-seconds of queues reaching the upstream junction", true,
       [](const Summary& s) { return s.spillback_lane_s; }},
      {"vehicles.arrived", "veh", "vehicles arrived", false, [](const Summary& s) { return d(s.arrived); }},
      {"vehicles.running", "veh", "vehicles still running at the end", true,
       [](const Summary& s) { return d(s.running); }},
      {"vehicles.waiting_to_insert", "veh", "vehicles still waiting to enter at the end", true,
       [](const Summary& s) { return d(s.waiting_to_insert); }},
      {"gridlock.vehicles", "veh", "vehicles halting longer than the gridlock limit at the end", true,
       [](const Summary& s) { return d(s.gridlock.vehicles); }},
      {"gridlock.peak_vehicles", "veh", "most vehicles past the gridlock limit at once", true,
       [](const Summary& s) { return d(s.gridlock_peak_vehicles); }},
  };
  return catalog;
}

const KpiInfo* find_kpi(const std::string& name) {
  for (const KpiInfo& k : kpi_catalog())
    if (k.name == name) return &k;
  return nullptr;
}

std::vector<std::string> default_kpis() {
  return {"all.delay_s", "finished.travel_time_s", "throughput_vph", "network.spillback_lane_s"};
}

}  // namespace ampel::batch
