#pragma once
// Plain definition structs with defaults (Box2D's b2DefaultWorldDef style). Loaders (sim/io) fill them from
// files, generators build them in code, and `build_network` / `Simulation` turn them into runtime objects.
// Every item keeps `where`: its place in the source file, so the builder can name it in an error.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/types.hpp"

namespace ampel {

enum class NodeKind : std::uint8_t {
  fringe,      // a network boundary: vehicles enter and leave here, nothing is controlled
  priority,    // unsignalised: minor links yield to major ones
  signalised,  // a signal program controls its links
};

enum class Turn : std::uint8_t { right, straight, left, uturn };

// Right of way of a link when no signal controls it (SUMO's connection state M / m / = ).
enum class LinkPriority : std::uint8_t { major, minor };

struct NodeSpec {
  std::string id;
  Point position;
  NodeKind kind = NodeKind::priority;
  std::vector<Point> shape;  // outline of the junction area, for drawing only (may be empty)
  std::string where;
};

struct LaneSpec {
  double speed_mps = -1.0;  // < 0: the road's speed
  double length_m = -1.0;   // < 0: the road's length
  double width_m = 3.2;
  std::vector<Point> shape;  // centre line from upstream to downstream end; empty: offset from the road's
  std::string where;
  // Vehicle classes that may use the lane (sim/vclass.hpp names, e.g. {"bus"} for a bus lane); empty: all.
  std::vector<std::string> allowed_classes;
};

struct RoadSpec {
  std::string id;
  std::string name;  // street name for display (SUMO's edge `name`); empty if none
  std::string from_node;
  std::string to_node;
  double length_m = -1.0;       // < 0: length of the shape (or the straight line between the nodes)
  double speed_mps = 13.89;     // speed limit
  int lane_count = 1;           // used when `lanes` is empty
  std::vector<LaneSpec> lanes;  // index 0 is the rightmost lane (SUMO's convention)
  std::vector<Point> shape;     // centre line; empty: straight between the nodes
  std::string where;
};

// A lane-to-lane connection across a junction.
struct ConnectionSpec {
  std::string from_road;
  int from_lane = 0;
  std::string to_road;
  int to_lane = 0;
  std::optional<Turn> turn;      // unset: derived from the geometry
  std::vector<Point> via_shape;  // path through the junction; empty: generated
  double via_length_m = -1.0;    // < 0: length of via_shape
  double via_speed_mps = -1.0;   // < 0: derived from the turn radius and the speed limits
  // Where along the path a yielding driver may wait inside the junction (SUMO's internal junction); < 0:
  // just before the first crossing of a conflicting path; 0: nowhere.
  double wait_m = -1.0;
  std::string signal;                           // id of the signal that controls it, empty if none
  int signal_link = -1;                         // index in that signal's state strings
  LinkPriority priority = LinkPriority::major;  // when unsignalised, or when the signal shows 'g'
  // Conflicting connections (global indices into NetworkSpec::connections). Unset: computed from geometry.
  std::optional<std::vector<int>> foes;
  std::string where;
};

// A movement named by its roads, as a phase of a scenario file lists it.
struct MovementRef {
  std::string from_road;
  std::string to_road;
  bool permissive = false;  // 'g': yields to conflicting protected movements
  std::string where;
};

// One phase of a signal program, SUMO style: one state character per signal link.
//   'G' protected green, 'g' permissive green (yields to conflicting 'G'), 'y' yellow, 'r' red.
// Alternatively (when the signal's link_count is 0) a phase lists the movements it releases in `green`;
// the builder then numbers the junction's movements and writes the state strings itself.
struct SignalPhaseSpec {
  std::string state;
  std::vector<MovementRef> green;
  double duration_s = 30.0;
  double min_duration_s = -1.0;  // < 0: the signal's min_green_s
  double max_duration_s = -1.0;  // < 0: the signal's max_green_s
  std::string name;
  std::string where;
};

struct SignalSpec {
  std::string id;
  std::vector<std::string> nodes;       // junctions this signal controls (usually one)
  int link_count = 0;                   // length of every state string; 0: phases name movements instead
  std::vector<SignalPhaseSpec> phases;  // the program; empty: a two-phase plan by approach axis
  double offset_s = 0.0;   // fixed-time offset: the program's time 0 falls at simulation time offset_s
  double yellow_s = 3.0;   // default yellow when the program has no explicit yellow phase
  double all_red_s = 2.0;  // default all-red clearance when the program has none
  double min_green_s = 5.0;
  double max_green_s = 90.0;
  std::string program_type = "static";  // "static", or SUMO's "actuated" / "delay_based"
  std::string where;
  // The program's own parameters (SUMO's <param>: max-gap, detector-gap, passing-time, and lane id ->
  // loop detector id for detectors of NetworkSpec::detectors).
  std::map<std::string, std::string> params;
};

// A loop detector at a point of a lane (SUMO's inductionLoop / e1Detector), for controllers that use it.
struct LoopDetectorSpec {
  std::string id;
  std::string road;
  int lane = 0;
  double pos_m = 0.0;  // from the lane start
  std::string where;
};

// Where a network lies on the earth (SUMO's <location>): the point (x, y) of the network is
// (x - net_offset.x, y - net_offset.y) in `projection`, a PROJ string. Empty projection: local metres only.
struct GeoReference {
  Point net_offset{0.0, 0.0};
  std::string projection;
};

struct NetworkSpec {
  std::vector<NodeSpec> nodes;
  std::vector<RoadSpec> roads;
  // Empty: connections are generated from the geometry (right lane turns right, left lane turns left, ...).
  std::vector<ConnectionSpec> connections;
  std::vector<SignalSpec> signals;
  GeoReference location;
  std::vector<LoopDetectorSpec> detectors;
  std::string where;
};

struct VehicleTypeSpec {
  std::string id = "car";
  double length_m = 5.0;
  double min_gap_m = 2.5;  // standstill gap to the leader
  double max_speed_mps = 55.56;
  double accel_mps2 = 2.6;
  double decel_mps2 = 4.5;  // comfortable braking
  double emergency_decel_mps2 = 9.0;
  double headway_s = 1.0;     // desired time headway (Krauss tau)
  double sigma = 0.5;         // driver imperfection (Krauss dawdling), 0..1
  double speed_factor = 1.0;  // mean multiplier on the speed limit
  double speed_dev = 0.1;     // standard deviation of that multiplier (SUMO's default speedDev)
  std::string where;
  std::string vclass = "passenger";  // sim/vclass.hpp: decides which lanes it may use
};

// Piecewise-constant rate: `rate_vph` between begin_s and end_s.
struct RateInterval {
  double begin_s = 0.0;
  double end_s = 3600.0;
  double rate_vph = 0.0;
};

// poisson: exponential gaps at the rate; uniform: evenly spaced; bernoulli: at most one vehicle per step,
// each step with probability rate x step (SUMO's `probability` flows).
enum class Headways : std::uint8_t { poisson, uniform, bernoulli };

// A vehicle or flow whose type is drawn per vehicle from several (SUMO's vTypeDistribution), by weight.
struct TypeDistributionSpec {
  std::string id;
  std::vector<std::string> types;
  std::vector<double> weights;  // same length as types; need not sum to 1
  std::string where;
};

// A vehicle or flow whose route is drawn per vehicle from several (SUMO's routeDistribution), by weight.
struct RouteDistributionSpec {
  std::string id;
  std::vector<std::vector<std::string>> routes;  // road ids
  std::vector<double> weights;
  std::string where;
};

// A planned stop on the route (a bus at a bus stop): the driver halts with its front between start_m and
// end_m on the lane (as far forward as it can) and stays until duration_s has passed and the clock shows
// until_s. Stops are served in route order.
struct StopSpec {
  std::string road;
  int lane = 0;           // index among the road's lanes, 0 rightmost
  double start_m = -1.0;  // < 0: end_m less 2 m
  double end_m = -1.0;    // < 0: the lane's end
  double duration_s = 0.0;
  double until_s =
      -1.0;          // < 0: none; for a flow, the first vehicle's (later ones shift with their departure)
  std::string name;  // e.g. the bus stop's id
  std::string where;
};

// Where and how a vehicle enters and leaves (SUMO's departLane, departPos, departSpeed, arrivalPos).
enum class DepartLane : std::uint8_t { automatic, index, random, free, allowed, best, first };
enum class DepartPos : std::uint8_t { automatic, value, random, free, random_free, base, last };
enum class DepartSpeed : std::uint8_t { value, max, desired, limit, random, last, avg };
enum class ArrivalPos : std::uint8_t { end, value, random };
struct DepartureSpec {
  DepartLane lane = DepartLane::automatic;  // automatic: the simulator's own choice (best lane, most room)
  int lane_index = 0;
  DepartPos pos = DepartPos::automatic;    // automatic: the back at the lane start
  double pos_m = 0.0;                      // front position; < 0 counts from the lane end
  DepartSpeed speed = DepartSpeed::value;  // value: FlowSpec / VehicleSpec depart_speed_mps
  ArrivalPos arrival = ArrivalPos::end;
  double arrival_m = 0.0;  // < 0 counts from the end of the last road
  bool operator==(const DepartureSpec&) const = default;
};

// A stream of vehicles. Either an explicit route (road ids) or an origin and destination road.
struct FlowSpec {
  std::string id;
  std::string type = "car";
  std::vector<std::string> route;
  std::string from_road;
  std::string to_road;
  std::vector<RateInterval> profile;
  Headways headways = Headways::poisson;
  double depart_speed_mps = 0.0;
  std::string where;
  std::int64_t max_vehicles = -1;  // stop after this many (SUMO's `number` on a random flow); < 0: no limit
  std::string route_distribution;  // instead of route / from / to: draw the route per vehicle
  DepartureSpec departure;
  std::vector<StopSpec> stops;
};

// A single vehicle with a fixed departure time (imported trips and vehicles).
struct VehicleSpec {
  std::string id;
  std::string type = "car";
  double depart_s = 0.0;
  std::vector<std::string> route;
  std::string from_road;
  std::string to_road;
  double depart_speed_mps = 0.0;
  std::string where;
  std::string route_distribution;  // instead of route / from / to: draw the route
  DepartureSpec departure;
  std::vector<StopSpec> stops;
};

enum class EventKind : std::uint8_t { close_lane, open_lane, scale_demand };

// A timed intervention: a lane closed for a while (incident), or demand scaled.
struct EventSpec {
  double at_s = 0.0;
  EventKind kind = EventKind::close_lane;
  std::string road;  // close_lane / open_lane
  int lane = 0;
  double duration_s = -1.0;  // close_lane: > 0 reopens after this long
  double factor = 1.0;       // scale_demand
  std::string where;
};

struct TimeSpec {
  double begin_s = 0.0;
  double end_s = 3600.0;
  double step_s = 1.0;               // dt, 0.1 .. 1 s
  double warmup_s = 0.0;             // trips departing earlier are left out of the statistics
  double output_interval_s = 300.0;  // aggregation interval of lanes.csv
  double gridlock_after_s = 300.0;   // a vehicle halting this long is reported as gridlocked
  std::string where;
  // Stop before end_s once every vehicle has arrived and no more will come (SUMO without an end time).
  bool end_when_empty = false;
};

// Day-to-day variability (a scenario's `days` block, sim/io/days.hpp): day d of a scenario is the base day
// with its demand, incidents, planned events and weather drawn from (seed, d). The base scenario runs as is.
struct PlannedEventSpec {
  std::string name;
  std::vector<std::string> flows;  // ids of the flows that surge (their routes)
  double begin_s = 0.0;
  double end_s = 0.0;
  double factor = 2.0;       // rate multiplier on those flows between begin_s and end_s
  double probability = 1.0;  // share of days it takes place on (known in advance on those days)
  std::string where;
};

struct DaysSpec {
  std::uint64_t seed = 1;           // the days' own seed: day d draws from (seed, d)
  double demand_sd = 0.10;          // day factor on every rate: lognormal, mean 1, this standard deviation
  double od_sd = 0.05;              // per flow: a slow lognormal factor, AR(1) over steps of od_step_s
  double od_step_s = 900.0;
  double od_correlation = 0.8;      // between consecutive steps
  double peak_shift_sd_s = 300.0;   // every rate profile shifted in time by a normal draw with this sd
  double incident_rate_per_lane_km_h = 0.0;  // lane closures (Poisson) on roads with >= incident_min_lanes
  double incident_duration_mean_s = 1200.0;  // lognormal duration
  double incident_duration_sd_s = 600.0;
  int incident_min_lanes = 2;               // a closure never blocks a road's last lane
  double weather_probability = 0.0;         // share of days with bad weather
  double weather_speed_factor = 0.9;        // on every driver's desired speed
  double weather_headway_factor = 1.2;      // on every driver's desired time headway
  std::vector<PlannedEventSpec> events;
  std::string where;
};

using ParamValue = std::variant<double, std::string>;
using ParamMap = std::map<std::string, ParamValue>;

struct ControllerSpec {
  std::string type = "fixed_time";
  ParamMap params;
  std::string where;
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string source_file;  // where it was read from; empty if generated in code
  std::uint64_t seed = 1;
  TimeSpec time;
  NetworkSpec network;
  std::vector<VehicleTypeSpec> vehicle_types;            // empty: one default "car"
  std::vector<TypeDistributionSpec> type_distributions;  // a vehicle's or flow's type may name one
  std::vector<RouteDistributionSpec> route_distributions;
  std::vector<FlowSpec> flows;
  std::vector<VehicleSpec> vehicles;
  std::vector<EventSpec> events;
  ControllerSpec controller;
  std::optional<DaysSpec> days;  // day-to-day variability; unset: every run is the same day
  std::vector<std::string> notes;  // what a loader ignored, reported once per kind
  // What a loader left out of the file's demand and control (each also named in `notes`): vehicles that will
  // never be loaded and signal programs that will not run. Commands refuse to run past a limit unless told.
  std::uint64_t dropped_vehicles = 0;
  std::uint32_t dropped_signals = 0;
};

}  // namespace ampel
