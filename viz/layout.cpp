#include "viz/layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ampel::viz {

namespace {

constexpr double kDefaultLaneWidthM = 3.2;
constexpr double kGeneratedRoadLengthM = 200.0;

Point unit(Point d) {
  double n = std::hypot(d.x, d.y);
  return n > 1e-12 ? d * (1.0 / n) : Point{1.0, 0.0};
}
Point right_of(Point dir) {
  return {dir.y, -dir.x};
}

double segment_distance(Point a, Point b, Point p) {
  Point ab = b - a;
  double len2 = dot(ab, ab);
  double t = len2 > 0 ? std::clamp(dot(p - a, ab) / len2, 0.0, 1.0) : 0.0;
  return distance(a + ab * t, p);
}

// Andrew's monotone chain; returns the hull counter-clockwise.
std::vector<Point> convex_hull(std::vector<Point> pts) {
  std::sort(pts.begin(), pts.end(), [](Point a, Point b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  if (pts.size() < 3) return pts;
  std::vector<Point> h(2 * pts.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    while (k >= 2 && cross(h[k - 1] - h[k - 2], pts[i] - h[k - 2]) <= 0) --k;
    h[k++] = pts[i];
  }
  for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross(h[k - 1] - h[k - 2], pts[i] - h[k - 2]) <= 0) --k;
    h[k++] = pts[i];
  }
  h.resize(k - 1);
  return h;
}

}  // namespace

double distance_to(const Polyline& line, Point p) {
  const auto& pts = line.points();
  if (pts.empty()) return std::numeric_limits<double>::infinity();
  if (pts.size() == 1) return distance(pts[0], p);
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 1 < pts.size(); ++i)
    best = std::min(best, segment_distance(pts[i], pts[i + 1], p));
  return best;
}

ViewLayout::ViewLayout(const Network& net) : net_(&net) {
  lines_.resize(net.lanes().size());
  scale_.assign(net.lanes().size(), 1.0);
  widths_.assign(net.lanes().size(), kDefaultLaneWidthM);
  generated_ = !geometry_usable();
  if (generated_)
    generate_geometry();
  else
    take_network_geometry();
  for (LaneId l = 0; l < lines_.size(); ++l) {
    double len = net.lane(l).length_m;
    scale_[l] = len > 0 ? lines_[l].length_m() / len : 1.0;
  }
  place_nodes_and_heads();
}

// Drawable when most road lanes have a real extent: imported networks whose nodes all sit at the origin
// (explicit lengths, no coordinates) are not.
bool ViewLayout::geometry_usable() const {
  const Network& net = *net_;
  std::size_t flat = 0;
  for (LaneId l = 0; l < net.road_lane_count(); ++l)
    if (net.lane(l).shape.length_m() < 1.0) ++flat;
  Point lo = net.min_corner(), hi = net.max_corner();
  bool has_extent = hi.x - lo.x >= 1.0 || hi.y - lo.y >= 1.0;
  return has_extent && flat * 2 <= net.road_lane_count();
}

void ViewLayout::take_network_geometry() {
  const Network& net = *net_;
  for (LaneId l = 0; l < net.lanes().size(); ++l) lines_[l] = net.lane(l).shape;
  // Lane width: the spacing of neighbouring lane centre lines on the same road.
  for (const Road& r : net.roads()) {
    if (r.lane_count < 2) continue;
    const Polyline& a = lines_[r.first_lane];
    const Polyline& b = lines_[r.first_lane + 1];
    double w = distance(a.at(a.length_m() / 2), b.at(b.length_m() / 2));
    if (w > 1.5 && w < 6.0)
      for (std::uint32_t i = 0; i < r.lane_count; ++i) widths_[r.first_lane + i] = w;
  }
  for (LaneId l = static_cast<LaneId>(net.road_lane_count()); l < net.lanes().size(); ++l)
    widths_[l] = widths_[net.link(net.lane(l).via_of).from_lane];
}

// A force-directed layout of the graph (Fruchterman-Reingold, deterministic start on a circle), then roads
// as straight lines between the junctions, laid out as the network builder lays out real ones.
void ViewLayout::generate_geometry() {
  const Network& net = *net_;
  const std::size_t n = net.nodes().size();
  std::vector<Point> pos(n);
  const double k = kGeneratedRoadLengthM;
  const double pi = std::acos(-1.0);
  for (std::size_t i = 0; i < n; ++i) {
    double a = 2 * pi * static_cast<double>(i) / static_cast<double>(std::max<std::size_t>(n, 1));
    pos[i] = Point{std::cos(a), std::sin(a)} * (k * std::sqrt(static_cast<double>(n)));
  }
  const int iterations =
      static_cast<int>(std::clamp(5e7 / std::max(1.0, static_cast<double>(n * n)), 30.0, 300.0));
  double temperature = k * std::sqrt(static_cast<double>(n));
  std::vector<Point> move(n);
  for (int it = 0; it < iterations; ++it) {
    std::fill(move.begin(), move.end(), Point{});
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) {
        Point d = pos[i] - pos[j];
        double dist = std::max(1.0, std::hypot(d.x, d.y));
        Point f = d * (k * k / (dist * dist));
        move[i] = move[i] + f;
        move[j] = move[j] - f;
      }
    for (const Road& r : net.roads()) {
      Point d = pos[r.from] - pos[r.to];
      double dist = std::max(1.0, std::hypot(d.x, d.y));
      Point f = d * (dist / k);
      move[r.from] = move[r.from] - f;
      move[r.to] = move[r.to] + f;
    }
    for (std::size_t i = 0; i < n; ++i) {
      double m = std::hypot(move[i].x, move[i].y);
      if (m > 0) pos[i] = pos[i] + move[i] * (std::min(m, temperature) / m);
    }
    temperature = std::max(1.0, temperature * 0.95);
  }

  auto radius = [&](NodeId node) {
    const Node& nd = net.node(node);
    if (nd.kind == NodeKind::fringe) return 0.0;
    double widest = 0.0;
    for (RoadId r : nd.in_roads) widest = std::max(widest, net.road(r).lane_count * kDefaultLaneWidthM);
    for (RoadId r : nd.out_roads) widest = std::max(widest, net.road(r).lane_count * kDefaultLaneWidthM);
    return widest + 1.5;
  };
  for (RoadId r = 0; r < net.roads().size(); ++r) {
    const Road& road = net.road(r);
    Point a = pos[road.from], b = pos[road.to];
    Point d = unit(b - a);
    double len = distance(a, b);
    double ta = radius(road.from), tb = radius(road.to);
    if (ta + tb > 0.8 * len) ta = tb = 0.2 * len;
    Polyline centre({a + d * ta, b - d * tb});
    bool two_way = false;
    for (RoadId o : net.node(road.to).out_roads) two_way |= net.road(o).to == road.from;
    double total = road.lane_count * kDefaultLaneWidthM;
    double right_edge = two_way ? total : total / 2;
    for (std::uint32_t i = 0; i < road.lane_count; ++i) {
      lines_[road.first_lane + i] = centre.offset(right_edge - kDefaultLaneWidthM / 2);
      right_edge -= kDefaultLaneWidthM;
    }
  }
  for (LaneId l = static_cast<LaneId>(net.road_lane_count()); l < net.lanes().size(); ++l) {
    const Link& link = net.link(net.lane(l).via_of);
    const Polyline& from = lines_[link.from_lane];
    const Polyline& to = lines_[link.to_lane];
    lines_[l] = junction_path(from.at(from.length_m()), from.direction_at(from.length_m()), to.at(0.0),
                              to.direction_at(0.0));
  }
}

void ViewLayout::place_nodes_and_heads() {
  const Network& net = *net_;
  lo_ = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  hi_ = {-lo_.x, -lo_.y};
  auto grow = [&](Point p) {
    lo_ = {std::min(lo_.x, p.x), std::min(lo_.y, p.y)};
    hi_ = {std::max(hi_.x, p.x), std::max(hi_.y, p.y)};
  };
  for (const Polyline& line : lines_)
    for (Point p : line.points()) grow(p);
  if (!(lo_.x <= hi_.x)) lo_ = hi_ = Point{};

  nodes_.resize(net.nodes().size());
  for (NodeId n = 0; n < net.nodes().size(); ++n) {
    const Node& node = net.node(n);
    NodePlace& place = nodes_[n];
    place.signalised = node.signal != kNone;
    std::vector<Point> corners;
    auto add_end = [&](LaneId l, bool at_end) {
      const Polyline& line = lines_[l];
      double s = at_end ? line.length_m() : 0.0;
      Point p = line.at(s), side = right_of(line.direction_at(s)) * (widths_[l] / 2);
      corners.push_back(p + side);
      corners.push_back(p - side);
    };
    for (RoadId r : node.in_roads)
      for (std::uint32_t i = 0; i < net.road(r).lane_count; ++i) add_end(net.road(r).first_lane + i, true);
    for (RoadId r : node.out_roads)
      for (std::uint32_t i = 0; i < net.road(r).lane_count; ++i) add_end(net.road(r).first_lane + i, false);
    if (!generated_ && node.shape.size() >= 3)
      place.outline = node.shape;
    else if (node.kind != NodeKind::fringe)
      place.outline = convex_hull(corners);
    Point c{};
    if (!place.outline.empty()) {
      for (Point p : place.outline) c = c + p;
      c = c * (1.0 / static_cast<double>(place.outline.size()));
    } else if (!corners.empty()) {
      for (Point p : corners) c = c + p;
      c = c * (1.0 / static_cast<double>(corners.size()));
    } else {
      c = node.position;
    }
    place.center = c;
    for (Point p : place.outline) place.radius_m = std::max(place.radius_m, distance(p, c));
    place.radius_m = std::max(place.radius_m, 5.0);
  }

  // One head per signalised link, side by side across its approach lane just past the stop line.
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    const Lane& lane = net.lane(l);
    std::vector<LinkId> signalised;
    for (LinkId k = lane.links_begin; k < lane.links_end; ++k)
      if (net.link(k).state_slot != kNone) signalised.push_back(k);
    if (signalised.empty()) continue;
    std::stable_sort(signalised.begin(), signalised.end(),
                     [&](LinkId a, LinkId b) { return net.link(a).turn < net.link(b).turn; });
    Pose end = lane_end(l);
    double w = widths_[l];
    double size = std::min(1.4, w / static_cast<double>(signalised.size()));
    for (std::size_t i = 0; i < signalised.size(); ++i) {
      // Right turns on the right, left turns on the left, as a driver reads them.
      double lateral = w / 2 - (static_cast<double>(i) + 0.5) * w / static_cast<double>(signalised.size());
      SignalHeadPlace h;
      h.link = signalised[i];
      h.slot = net.link(signalised[i]).state_slot;
      h.at = end.at + end.dir * (size * 0.5 + 0.3) + right_of(end.dir) * lateral;
      h.size_m = size;
      heads_.push_back(h);
    }
  }
}

Pose ViewLayout::pose_on_lane(LaneId lane, double pos_m) const {
  const Polyline& line = lines_[lane];
  double s = pos_m * scale_[lane];
  return {line.at(s), line.direction_at(s)};
}

Pose ViewLayout::lane_end(LaneId lane) const {
  const Polyline& line = lines_[lane];
  return {line.at(line.length_m()), line.direction_at(line.length_m())};
}

LaneId ViewLayout::pick_road_lane(Point p, double tolerance_m) const {
  LaneId best = kNone;
  double best_d = std::numeric_limits<double>::infinity();
  for (LaneId l = 0; l < net_->road_lane_count(); ++l) {
    double d = distance_to(lines_[l], p);
    if (d <= widths_[l] / 2 + tolerance_m && d < best_d) best = l, best_d = d;
  }
  return best;
}

NodeId ViewLayout::pick_node(Point p, double tolerance_m) const {
  NodeId best = kNone;
  double best_d = std::numeric_limits<double>::infinity();
  for (NodeId n = 0; n < nodes_.size(); ++n) {
    if (nodes_[n].outline.empty()) continue;
    double d = distance(nodes_[n].center, p);
    if (d <= nodes_[n].radius_m + tolerance_m && d < best_d) best = n, best_d = d;
  }
  return best;
}

}  // namespace ampel::viz
