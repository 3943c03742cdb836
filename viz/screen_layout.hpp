#pragma once
// Where everything goes on the screen. Nothing is laid over the map: the sidebar (clock, legend, scale bar,
// north arrow, closures), each pane's header (strategy and headline figures, the gridlock banner), the
// panel docked at a pane's right (junction, lane or vehicle), the time-space diagram docked at its bottom
// and, on a split screen, the difference strip take their room beside the map, and the camera frames the
// network in what is left. On a narrow pane the docks shrink and their contents collapse to a compact form.
#include <SFML/Graphics/Rect.hpp>
#include <SFML/System/Vector2.hpp>
#include <cstddef>
#include <vector>

namespace ampel::viz {

struct ScreenNeeds {
  std::size_t panes = 1;
  bool panel = false;       // a junction, lane or vehicle panel is open
  bool time_space = false;  // a route's time-space diagram is shown
  bool banner = false;      // some pane shows the gridlock banner
};

struct PaneRects {
  sf::FloatRect pane;    // the whole column of this pane
  sf::FloatRect header;  // strategy, figures, banner
  sf::FloatRect map;     // the map itself
  sf::FloatRect panel;   // right of the map (width 0: none)
  sf::FloatRect bottom;  // below the map: the time-space diagram (height 0: none)
  bool compact = false;  // the panel is narrow: show its compact form
};

struct ScreenRects {
  sf::FloatRect sidebar;
  std::vector<PaneRects> panes;
  sf::FloatRect diff;  // the difference strip of a split screen (height 0: none)
};

ScreenRects screen_layout(sf::Vector2f size, const ScreenNeeds& needs);

// Header heights: the figures in one row (a wide pane) or two, and the gridlock banner below them (pixels).
inline constexpr float kHeaderWideH = 72.0f;
inline constexpr float kHeaderNarrowH = 104.0f;
inline constexpr float kWideHeaderMinW = 860.0f;
inline constexpr float kBannerH = 28.0f;

}  // namespace ampel::viz
