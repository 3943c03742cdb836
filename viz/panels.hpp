#pragma once
// The panels docked beside the map: a junction (its streets, what each signal stage releases with its last
// five minutes, per-approach queue, flow, control delay and level of service, forecast against actual
// arrivals), a lane, a vehicle; and the time-space diagram docked below it. Each has a compact form for a
// narrow pane.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/VertexArray.hpp>
#include <memory>

#include "viz/frame.hpp"

namespace ampel::viz {

void draw_junction_panel(sf::RenderTarget& target, const sf::Font& font, sf::FloatRect r,
                         const JunctionPanel& panel, bool compact);
void draw_lane_panel(sf::RenderTarget& target, const sf::Font& font, sf::FloatRect r, const LanePanel& panel);
void draw_vehicle_panel(sf::RenderTarget& target, const sf::Font& font, sf::FloatRect r,
                        const VehiclePanel& panel);
// The time-space diagram. Its trajectories (hundreds of thousands of segments on a long jammed arterial) are
// drawn into a picture of their own once per recording sample (a simulated second), which each frame then
// shows as one quad.
class TimeSpaceDrawing {
 public:
  // `clock_offset_ms` turns simulated time into time of day on the time axis.
  void draw(sf::RenderTarget& target, const sf::Font& font, sf::FloatRect r,
            const std::shared_ptr<const TimeSpaceData>& data, double full_speed_mps, TimeMs clock_offset_ms,
            const Network& net);

 private:
  std::shared_ptr<const TimeSpaceData> data_;
  sf::FloatRect rect_;
  sf::VertexArray lines_{sf::Lines}, bars_{sf::Quads};
  sf::RenderTexture plot_;
  bool plot_ok_ = false;
};

}  // namespace ampel::viz
