#pragma once
// Plane geometry for lanes and junction paths (metres).
#include <vector>

#include "sim/types.hpp"

namespace ampel {

inline Point operator+(Point a, Point b) {
  return {a.x + b.x, a.y + b.y};
}
inline Point operator-(Point a, Point b) {
  return {a.x - b.x, a.y - b.y};
}
inline Point operator*(Point a, double k) {
  return {a.x * k, a.y * k};
}
double distance(Point a, Point b);
double cross(Point a, Point b);
double dot(Point a, Point b);

// A polyline with cumulative lengths, so positions along it are cheap to evaluate.
class Polyline {
 public:
  Polyline() = default;
  explicit Polyline(std::vector<Point> points);
  const std::vector<Point>& points() const { return points_; }
  double length_m() const { return cumulative_.empty() ? 0.0 : cumulative_.back(); }
  bool empty() const { return points_.size() < 2; }
  // Point at distance s from the start (clamped to the ends).
  Point at(double s_m) const;
  // Unit direction at distance s.
  Point direction_at(double s_m) const;
  // The same line shifted sideways (positive: to the right of the direction of travel).
  Polyline offset(double right_m) const;
  // True if the two polylines cross (touching end points do not count).
  bool crosses(const Polyline& other) const;
  // Distance along this line to its first crossing with `other`; negative if they do not cross.
  double first_crossing_m(const Polyline& other) const;

 private:
  std::vector<Point> points_;
  std::vector<double> cumulative_;
};

// Unit normal to the right of the direction of travel at point i of a line (at least two points): the mean
// of the adjacent segments' directions, so offset lines keep their width at the joints; at a reversal, the
// incoming segment's.
Point joint_normal(const std::vector<Point>& points, std::size_t i);

// Heading change in radians from direction a to direction b, in (-pi, pi]; positive is a left turn.
double turn_angle(Point dir_a, Point dir_b);

// A smooth path from the end of one lane to the start of the next (quadratic Bezier through the corner).
Polyline junction_path(Point from, Point from_dir, Point to, Point to_dir, int segments = 8);

}  // namespace ampel
