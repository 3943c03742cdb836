#pragma once
// Draws one pane of the map: the static network (built once into a vertex buffer) and a frame snapshot
// (vehicles, queue bars, signal heads, closures, forecast overlay) as a few vertex batches per frame, never
// one shape per vehicle.
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Graphics/VertexArray.hpp>
#include <SFML/Graphics/VertexBuffer.hpp>

#include "viz/camera.hpp"
#include "viz/frame.hpp"
#include "viz/layout.hpp"

namespace ampel::viz {

class MapRenderer {
 public:
  explicit MapRenderer(const ViewLayout& layout);

  // Draws into the part `map` (pixels) of `target`, seen through `camera`. `alpha` in [0, 1] places each
  // vehicle between its previous and its current position. What the frame's panels describe is outlined.
  void draw(sf::RenderTarget& target, const Camera& camera, sf::FloatRect map, const Frame& frame,
            float alpha);

  // Vertices sent for vehicles in the last draw (culled to the view), for benchmarks.
  std::size_t last_vehicle_vertices() const { return vehicles_.getVertexCount(); }

 private:
  void build_static();

  const ViewLayout* layout_;
  Point origin_;
  // The static map in two layers, so forecast bands can lie between them: junction areas below, lanes
  // and stop lines above.
  sf::VertexArray areas_array_, lanes_array_;
  sf::VertexBuffer areas_buffer_, lanes_buffer_;
  bool use_buffer_ = false;
  sf::VertexArray forecast_;
  std::vector<Polyline> kerbs_;  // per road, for the forecast bands at width kerb_band_w_ (empty: not made)
  double kerb_band_w_ = -1;
  sf::VertexArray overlay_;  // queues, closures, selection
  sf::VertexArray vehicles_;
  sf::VertexArray heads_;
};

// Appends quads covering `line` from s0 to s1 (metres along the line), `width_m` wide, shifted by -origin.
void append_strip(sf::VertexArray& quads, const Polyline& line, double s0, double s1, double width_m,
                  sf::Color color, Point origin);

}  // namespace ampel::viz
