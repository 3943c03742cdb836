// The queue at a stop line (sim/queue_rule.hpp, docs/metrics.md): the platoon from the stop line only.
#include <gtest/gtest.h>

#include "sim/queue_rule.hpp"

namespace ampel {
namespace {

// Vehicles front first: {front position, speed}, 5 m long.
LaneQueue lane_of(std::initializer_list<std::pair<double, double>> vehicles) {
  LaneQueue q;
  VehicleId id = 0;
  for (auto [pos, speed] : vehicles) q.push_back({pos, speed, speed, id++, 5.0f});
  return q;
}

TEST(QueueRule, PlatoonAtTheStopLine) {
  // Three cars standing 2.5 m apart from the stop line of a 300 m lane.
  QueueExtent e = measure_queue(lane_of({{299.5, 0}, {292, 0}, {284.5, 0}}), 300);
  EXPECT_EQ(e.vehicles, 3u);
  EXPECT_DOUBLE_EQ(e.length_m, 300 - 279.5);
}

TEST(QueueRule, CarHaltedFarBackIsNotPartOfIt) {
  // The same queue and a car standing at the upstream end (just inserted at speed 0): 250 m of empty lane
  // between them.
  QueueExtent e = measure_queue(lane_of({{299.5, 0}, {292, 0}, {284.5, 0}, {5, 0}}), 300);
  EXPECT_EQ(e.vehicles, 3u);
  EXPECT_DOUBLE_EQ(e.length_m, 20.5);
  // Alone, far from the stop line, it is no queue at all.
  EXPECT_EQ(measure_queue(lane_of({{5, 0}}), 300).vehicles, 0u);
  EXPECT_EQ(measure_queue(lane_of({{5, 0}}), 300).length_m, 0.0);
}

TEST(QueueRule, CrawlersJoinAndGapsEndIt) {
  // A car crawling up at 1 m/s within 10 m of the back joins; one 12 m behind does not.
  EXPECT_EQ(measure_queue(lane_of({{299.5, 0}, {285, 1.0}}), 300).vehicles, 2u);
  EXPECT_EQ(measure_queue(lane_of({{299.5, 0}, {282.4, 0}}), 300).vehicles, 1u);
  // Moving at 20 km/h behind the queue: not queued, and nothing behind it either.
  EXPECT_EQ(measure_queue(lane_of({{299.5, 0}, {292, 5.5}, {284.5, 0}}), 300).vehicles, 1u);
}

TEST(QueueRule, DischargingHeadKeepsTheQueueAnchored) {
  // Green: the first car pulls away at 4 m/s, the two behind still stand: a queue of two, measured from the
  // stop line to the back of the last standing car.
  QueueExtent e = measure_queue(lane_of({{298, 4.0}, {290, 0}, {282.5, 0}}), 300);
  EXPECT_EQ(e.vehicles, 2u);
  EXPECT_DOUBLE_EQ(e.length_m, 300 - 277.5);
  // The first car 15 m from the stop line and moving: nothing is anchored there.
  EXPECT_EQ(measure_queue(lane_of({{285, 6.0}, {277, 0}}), 300).vehicles, 0u);
}

}  // namespace
}  // namespace ampel
