#include "viz/screen_layout.hpp"

#include <algorithm>

namespace ampel::viz {

ScreenRects screen_layout(sf::Vector2f size, const ScreenNeeds& n) {
  ScreenRects out;
  const float w = std::max(size.x, 200.0f), h = std::max(size.y, 150.0f);
  const float side = std::clamp(w * 0.19f, 210.0f, 290.0f);
  out.sidebar = {0, 0, side, h};
  const std::size_t panes = std::max<std::size_t>(n.panes, 1);
  const float diff_h = panes > 1 ? 54.0f : 0.0f;
  out.diff = {side, h - diff_h, w - side, diff_h};
  const float pane_w = (w - side) / static_cast<float>(panes);
  const float pane_h = h - diff_h;
  const float header_h =
      (pane_w >= kWideHeaderMinW ? kHeaderWideH : kHeaderNarrowH) + (n.banner ? kBannerH : 0.0f);
  for (std::size_t i = 0; i < panes; ++i) {
    PaneRects p;
    float x = side + pane_w * static_cast<float>(i);
    p.pane = {x, 0, pane_w, pane_h};
    p.header = {x, 0, pane_w, header_h};
    float body_h = pane_h - header_h;
    float panel_w = 0;
    if (n.panel) {
      panel_w = std::min(400.0f, pane_w * (panes > 1 ? 0.46f : 0.34f));
      p.compact = panel_w < 330.0f;
    }
    float bottom_h = n.time_space ? std::clamp(body_h * 0.34f, 150.0f, 320.0f) : 0.0f;
    float map_w = pane_w - panel_w;
    p.map = {x, header_h, map_w, body_h - bottom_h};
    p.panel = {x + map_w, header_h, panel_w, body_h};
    p.bottom = {x, header_h + body_h - bottom_h, map_w, bottom_h};
    out.panes.push_back(p);
  }
  return out;
}

}  // namespace ampel::viz
