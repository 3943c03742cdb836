#include "viz/renderer.hpp"

#include <algorithm>
#include <cmath>

#include "viz/colors.hpp"

namespace ampel::viz {

namespace {

sf::Vector2f local(Point p, Point origin) {
  // Screen y grows downwards: negate so north is up (the camera's view does the same).
  return {static_cast<float>(p.x - origin.x), static_cast<float>(-(p.y - origin.y))};
}

void append_quad(sf::VertexArray& quads, sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Vector2f d,
                 sf::Color color) {
  quads.append({a, color});
  quads.append({b, color});
  quads.append({c, color});
  quads.append({d, color});
}

// A rectangle centred at `c` (already local, y down) with heading (dx, dy) in map axes.
void append_box(sf::VertexArray& quads, sf::Vector2f c, float dx, float dy, float length, float width,
                sf::Color color) {
  sf::Vector2f along(dx * length / 2, -dy * length / 2);
  sf::Vector2f across(dy * width / 2, dx * width / 2);
  append_quad(quads, c + along + across, c + along - across, c - along - across, c - along + across, color);
}

}  // namespace

void append_strip(sf::VertexArray& quads, const Polyline& line, double s0, double s1, double width_m,
                  sf::Color color, Point origin) {
  if (line.points().size() < 2 || s1 <= s0) return;
  // Points at s0, every inner vertex between, and s1; each joint offset along the mean normal.
  std::vector<Point> pts{line.at(s0)};
  const auto& all = line.points();
  double acc = 0;
  for (std::size_t i = 1; i + 1 < all.size(); ++i) {
    acc += distance(all[i - 1], all[i]);
    if (acc > s0 && acc < s1) pts.push_back(all[i]);
  }
  pts.push_back(line.at(s1));
  if (pts.size() < 2) return;
  double h = width_m / 2;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    Point n0 = joint_normal(pts, i) * h, n1 = joint_normal(pts, i + 1) * h;
    append_quad(quads, local(pts[i] + n0, origin), local(pts[i + 1] + n1, origin),
                local(pts[i + 1] - n1, origin), local(pts[i] - n0, origin), color);
  }
}

MapRenderer::MapRenderer(const ViewLayout& layout)
    : layout_(&layout),
      origin_(layout.origin()),
      areas_array_(sf::Quads),
      lanes_array_(sf::Quads),
      areas_buffer_(sf::Quads, sf::VertexBuffer::Static),
      lanes_buffer_(sf::Quads, sf::VertexBuffer::Static),
      forecast_(sf::Quads),
      overlay_(sf::Quads),
      vehicles_(sf::Quads),
      heads_(sf::Quads) {
  build_static();
}

namespace {
constexpr double kBandM = 2.6;  // width of a forecast band when zoomed in (metres)
}  // namespace

void MapRenderer::build_static() {
  const ViewLayout& L = *layout_;
  const Network& net = L.network();
  // Junction areas as triangle fans from their centre, drawn as degenerate quads to share one batch.
  for (const NodePlace& n : L.nodes()) {
    for (std::size_t i = 0; i < n.outline.size(); ++i) {
      Point a = n.outline[i], b = n.outline[(i + 1) % n.outline.size()];
      append_quad(areas_array_, local(n.center, origin_), local(a, origin_), local(b, origin_),
                  local(n.center, origin_), kJunctionArea);
    }
  }
  for (LaneId l = static_cast<LaneId>(net.road_lane_count()); l < net.lanes().size(); ++l) {
    const Polyline& line = L.lane_line(l);
    append_strip(lanes_array_, line, 0, line.length_m(), L.lane_width_m(l) * 0.9, kJunctionLane, origin_);
  }
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    const Polyline& line = L.lane_line(l);
    append_strip(lanes_array_, line, 0, line.length_m(), L.lane_width_m(l) * 0.94, kRoadLane, origin_);
  }
  // Stop lines where a lane meets a junction that controls or yields.
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    const Lane& lane = net.lane(l);
    if (lane.links_begin == lane.links_end) continue;
    const Polyline& line = L.lane_line(l);
    double len = line.length_m();
    append_strip(lanes_array_, line, std::max(0.0, len - 0.5), len, L.lane_width_m(l), kStopLine, origin_);
  }
  use_buffer_ = sf::VertexBuffer::isAvailable() && areas_array_.getVertexCount() > 0 &&
                areas_buffer_.create(areas_array_.getVertexCount()) &&
                areas_buffer_.update(&areas_array_[0]) &&
                lanes_buffer_.create(lanes_array_.getVertexCount()) && lanes_buffer_.update(&lanes_array_[0]);
}

void MapRenderer::draw(sf::RenderTarget& target, const Camera& camera, sf::FloatRect map, const Frame& frame,
                       float alpha) {
  const ViewLayout& L = *layout_;
  const Network& net = L.network();
  sf::Vector2f size(map.width, map.height);
  sf::Vector2u ts = target.getSize();
  sf::FloatRect viewport(map.left / static_cast<float>(ts.x), map.top / static_cast<float>(ts.y),
                         map.width / static_cast<float>(ts.x), map.height / static_cast<float>(ts.y));
  sf::View view = camera.view(size, viewport, origin_);
  target.setView(view);
  // Glyphs never shrink below a few pixels, so a zoomed-out map still shows where the traffic is.
  const float px = static_cast<float>(1.0 / camera.pixels_per_m());

  if (use_buffer_)
    target.draw(areas_buffer_);
  else
    target.draw(areas_array_);

  // The forecast: a band beside each road's kerb, from the stop line back over the longest forecast queue of
  // its lanes (drawn under the lanes, so only the part outside the road shows).
  forecast_.clear();
  if (!frame.forecast_queue_m.empty()) {
    const double band_w = std::max<double>(kBandM, 5.0 * px);
    for (RoadId r = 0; r < net.roads().size(); ++r) {
      const Road& road = net.road(r);
      double q = 0, lane_m = 1;
      for (std::uint32_t k = 0; k < road.lane_count; ++k)
        if (frame.forecast_queue_m[road.first_lane + k] > q) {
          q = frame.forecast_queue_m[road.first_lane + k];
          lane_m = std::max(net.lane(road.first_lane + k).length_m, 1e-3);
        }
      if (q < 1.0) continue;  // under one vehicle's room: nothing to show
      if (kerbs_.size() != net.roads().size() || kerb_band_w_ != band_w) {
        // The line beside each road's kerb the bands follow; made again only when the zoom changes.
        kerbs_.assign(net.roads().size(), Polyline{});
        kerb_band_w_ = band_w;
      }
      Polyline& kerb = kerbs_[r];
      if (kerb.points().empty())
        kerb = L.lane_line(road.first_lane).offset(L.lane_width_m(road.first_lane) / 2 + band_w / 2 + 0.3);
      double len = kerb.length_m();
      double band = std::max<double>(q * len / lane_m, 3.0 * px);
      append_strip(forecast_, kerb, std::max(0.0, len - band), len, band_w, kForecastQueue, origin_);
    }
  }
  target.draw(forecast_);
  if (use_buffer_)
    target.draw(lanes_buffer_);
  else
    target.draw(lanes_array_);

  overlay_.clear();
  for (const QueueBar& q : frame.queues) {
    const Polyline& line = L.lane_line(q.lane);
    double len = line.length_m();
    double scale = net.lane(q.lane).length_m > 0 ? len / net.lane(q.lane).length_m : 1.0;
    double bar = std::max<double>(q.length_m * scale, 2.0 * px);
    append_strip(overlay_, line, std::max(0.0, len - bar), len,
                 std::max<double>(L.lane_width_m(q.lane) * 0.9, 2.0 * px), kQueueBar, origin_);
  }
  for (LaneId l : frame.closed_lanes) {
    const Polyline& line = L.lane_line(l);
    append_strip(overlay_, line, 0, line.length_m(), std::max<double>(L.lane_width_m(l) * 0.6, 2.0 * px),
                 kClosedLane, origin_);
  }
  // What the open panel describes, and the time-space diagram's route, outlined.
  auto outline_lane = [&](LaneId l) {
    const Polyline& line = L.lane_line(l);
    double w = L.lane_width_m(l) / 2, t = std::max(0.5, 1.5 * px);
    for (double side : {-1.0, 1.0}) {
      Polyline edge = line.offset(side * (w + t / 2));
      append_strip(overlay_, edge, 0, edge.length_m(), t, kSelection, origin_);
    }
  };
  if (frame.panel && frame.panel->node < L.nodes().size()) {
    const NodePlace& n = L.nodes()[frame.panel->node];
    for (std::size_t i = 0; i < n.outline.size(); ++i) {
      Polyline edge({n.outline[i], n.outline[(i + 1) % n.outline.size()]});
      append_strip(overlay_, edge, 0, edge.length_m(), std::max(0.8f, 2.5f * px), kSelection, origin_);
    }
  }
  if (frame.lane_panel) outline_lane(frame.lane_panel->lane);
  if (frame.time_space)
    for (RoadId r : frame.time_space->route->roads) {
      const Road& road = net.road(r);
      Polyline right = L.lane_line(road.first_lane).offset(L.lane_width_m(road.first_lane) / 2 + 0.4);
      append_strip(overlay_, right, 0, right.length_m(), std::max(0.8, 2.0 * px), kSelection, origin_);
    }
  const float a = std::clamp(alpha, 0.0f, 1.0f);
  if (frame.selected_vehicle >= 0 &&
      static_cast<std::size_t>(frame.selected_vehicle) < frame.vehicles.size()) {
    const VehicleGlyph& g = frame.vehicles[static_cast<std::size_t>(frame.selected_vehicle)];
    float x = g.prev_x + (g.x - g.prev_x) * a, y = g.prev_y + (g.y - g.prev_y) * a;
    append_box(overlay_, {x, -y}, g.dir_x, g.dir_y, std::max(g.length_m, 3.0f * px) + std::max(2.0f, 6 * px),
               std::max(g.width_m, 1.6f * px) + std::max(1.6f, 6 * px), kSelection);
  }
  target.draw(overlay_);

  // Vehicles: cull to the visible part of the map (with a margin for their length).
  sf::Vector2f vc = view.getCenter(), vs = view.getSize();
  float margin = 10.0f + 8.0f * px;
  float x0 = vc.x - vs.x / 2 - margin, x1 = vc.x + vs.x / 2 + margin;
  float y0 = -(vc.y + vs.y / 2) - margin, y1 = -(vc.y - vs.y / 2) + margin;  // map axes (y up)
  vehicles_.clear();
  const float min_len = 3.0f * px, min_w = 1.6f * px;
  for (const VehicleGlyph& g : frame.vehicles) {
    float x = g.prev_x + (g.x - g.prev_x) * a, y = g.prev_y + (g.y - g.prev_y) * a;
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    append_box(vehicles_, {x, -y}, g.dir_x, g.dir_y, std::max(g.length_m, min_len),
               std::max(g.width_m, min_w), g.color);
  }
  target.draw(vehicles_);

  heads_.clear();
  const auto& heads = L.signal_heads();
  for (std::size_t h = 0; h < heads.size() && h < frame.head_states.size(); ++h) {
    float s = std::max(static_cast<float>(heads[h].size_m), 3.0f * px);
    sf::Vector2f c = local(heads[h].at, origin_);
    float r = s / 2;
    append_quad(heads_, {c.x - r, c.y - r}, {c.x + r, c.y - r}, {c.x + r, c.y + r}, {c.x - r, c.y + r},
                signal_color(frame.head_states[h]));
  }
  target.draw(heads_);
}

}  // namespace ampel::viz
