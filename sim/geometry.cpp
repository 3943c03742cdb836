#include "sim/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace ampel {

double distance(Point a, Point b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}
double cross(Point a, Point b) {
  return a.x * b.y - a.y * b.x;
}
double dot(Point a, Point b) {
  return a.x * b.x + a.y * b.y;
}

Polyline::Polyline(std::vector<Point> points) : points_(std::move(points)) {
  cumulative_.reserve(points_.size());
  double s = 0.0;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    if (i > 0) s += distance(points_[i - 1], points_[i]);
    cumulative_.push_back(s);
  }
}

static std::size_t segment_at(const std::vector<double>& cumulative, double s) {
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), s);
  std::size_t i = static_cast<std::size_t>(it - cumulative.begin());
  if (i == 0) return 0;
  return std::min(i - 1, cumulative.size() - 2);
}

Point Polyline::at(double s) const {
  if (points_.empty()) return {};
  if (points_.size() == 1) return points_[0];
  s = std::clamp(s, 0.0, length_m());
  std::size_t i = segment_at(cumulative_, s);
  double seg = cumulative_[i + 1] - cumulative_[i];
  double t = seg > 0 ? (s - cumulative_[i]) / seg : 0.0;
  return points_[i] + (points_[i + 1] - points_[i]) * t;
}

Point Polyline::direction_at(double s) const {
  if (points_.size() < 2) return {1.0, 0.0};
  s = std::clamp(s, 0.0, length_m());
  std::size_t i = segment_at(cumulative_, s);
  // Skip zero-length segments so the direction is always defined.
  for (std::size_t k = i; k + 1 < points_.size(); ++k) {
    Point d = points_[k + 1] - points_[k];
    double n = std::hypot(d.x, d.y);
    if (n > 1e-9) return d * (1.0 / n);
  }
  for (std::size_t k = i + 1; k-- > 0;) {
    Point d = points_[k + 1] - points_[k];
    double n = std::hypot(d.x, d.y);
    if (n > 1e-9) return d * (1.0 / n);
  }
  return {1.0, 0.0};
}

Point joint_normal(const std::vector<Point>& points, std::size_t i) {
  auto unit = [](Point d) {
    double n = std::hypot(d.x, d.y);
    return n > 1e-12 ? d * (1.0 / n) : Point{0.0, 0.0};
  };
  Point d_in = i > 0 ? points[i] - points[i - 1] : points[1] - points[0];
  Point d_out = i + 1 < points.size() ? points[i + 1] - points[i] : d_in;
  Point d = unit(unit(d_in) + unit(d_out));
  if (d.x == 0 && d.y == 0) d = unit(d_in);
  if (d.x == 0 && d.y == 0) d = unit(d_out);
  if (d.x == 0 && d.y == 0) d = {1.0, 0.0};
  return {d.y, -d.x};
}

Polyline Polyline::offset(double right_m) const {
  if (points_.size() < 2) return *this;
  std::vector<Point> out;
  out.reserve(points_.size());
  for (std::size_t i = 0; i < points_.size(); ++i)
    out.push_back(points_[i] + joint_normal(points_, i) * right_m);
  return Polyline(std::move(out));
}

// Parameter t along p1->p2 where it crosses q1->q2, or a negative value if the segments do not cross.
static double segment_crossing(Point p1, Point p2, Point q1, Point q2) {
  Point r = p2 - p1, s = q2 - q1;
  double denom = cross(r, s);
  if (std::fabs(denom) < 1e-12) return -1.0;  // parallel: no crossing point
  double t = cross(q1 - p1, s) / denom;
  double u = cross(q1 - p1, r) / denom;
  constexpr double eps = 1e-6;
  return (t > eps && t < 1 - eps && u > eps && u < 1 - eps) ? t : -1.0;
}

bool Polyline::crosses(const Polyline& other) const {
  return first_crossing_m(other) >= 0;
}

double Polyline::first_crossing_m(const Polyline& other) const {
  for (std::size_t i = 0; i + 1 < points_.size(); ++i)
    for (std::size_t j = 0; j + 1 < other.points_.size(); ++j) {
      double t = segment_crossing(points_[i], points_[i + 1], other.points_[j], other.points_[j + 1]);
      if (t >= 0) return cumulative_[i] + t * (cumulative_[i + 1] - cumulative_[i]);
    }
  return -1.0;
}

double turn_angle(Point a, Point b) {
  return std::atan2(cross(a, b), dot(a, b));
}

Polyline junction_path(Point from, Point from_dir, Point to, Point to_dir, int segments) {
  // Control point: where the two lane directions meet; fall back to the midpoint for parallel lanes.
  Point control = (from + to) * 0.5;
  double denom = cross(from_dir, to_dir);
  if (std::fabs(denom) > 1e-6) {
    double t = cross(to - from, to_dir) / denom;
    if (t > 0) control = from + from_dir * t;
  }
  std::vector<Point> pts;
  pts.reserve(static_cast<std::size_t>(segments) + 1);
  for (int i = 0; i <= segments; ++i) {
    double t = static_cast<double>(i) / segments;
    double a = (1 - t) * (1 - t), b = 2 * (1 - t) * t, c = t * t;
    pts.push_back(from * a + control * b + to * c);
  }
  return Polyline(std::move(pts));
}

}  // namespace ampel
