#include "viz/hud.hpp"

#include <fmt/format.h>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/VertexArray.hpp>
#include <algorithm>
#include <cmath>

#include "viz/junction_names.hpp"

namespace ampel::viz {

double scale_bar_m(double pixels_per_m, double max_px) {
  if (!(pixels_per_m > 0)) return 0;
  double max_m = max_px / pixels_per_m;
  double p = std::pow(10.0, std::floor(std::log10(max_m)));
  for (double f : {5.0, 2.0, 1.0})
    if (f * p <= max_m) return f * p;
  return p;
}

namespace {

std::string duration_text(double s) {
  if (s < 60) return fmt::format("{:.0f} s", s);
  if (s < 3600) return fmt::format("{:.0f} min", s / 60);
  return fmt::format("{:.1f} h", s / 3600);
}

void draw_legend(Painter& p, const Legend& l, float x, float& y, float w) {
  y += p.wrap_text(l.title, x, y, w, 12, kInkDim, 3) + 1;
  if (l.gradient()) {
    sf::VertexArray grad(sf::TriangleStrip);
    const int steps = 48;
    for (int i = 0; i <= steps; ++i) {
      float gx = x + w * static_cast<float>(i) / steps;
      sf::Color c = l.scale(static_cast<double>(i) / steps);
      grad.append({{gx, y}, c});
      grad.append({{gx, y + 11}, c});
    }
    p.target().draw(grad);
    y += 13;
    for (std::size_t i = 0; i < l.labels.size(); ++i) {
      float gx = x + w * static_cast<float>(i) / static_cast<float>(l.labels.size() - 1);
      float tw = p.width(l.labels[i], 11);
      float lx = i == 0 ? gx : i + 1 == l.labels.size() ? gx - tw : gx - tw / 2;
      p.text(l.labels[i], lx, y, 11);
    }
    y += 18;
    return;
  }
  // Swatches: two columns when every label fits half the width.
  bool two = true;
  for (const auto& s : l.labels) two = two && p.width(s, 12) + 20 < w / 2 - 4;
  for (std::size_t i = 0; i < l.swatches.size(); ++i) {
    float cx = two && i % 2 == 1 ? x + w / 2 : x;
    p.box({cx, y + 2, 13, 13}, l.swatches[i], kPanelEdge);
    p.fit_text(l.labels[i], cx + 19, y, (two ? w / 2 : w) - 21, 12);
    if (!two || i % 2 == 1 || i + 1 == l.swatches.size()) y += 17;
  }
  y += 5;
}

}  // namespace

void Hud::draw_sidebar(sf::RenderTarget& target, sf::FloatRect r, const Frame& f, const HudState& st) {
  Painter p(target, *font_);
  p.box(r, kPanelBg);
  p.line({r.left + r.width - 0.5f, r.top}, {r.left + r.width - 0.5f, r.top + r.height}, kPanelEdge);
  const float x = r.left + 12, w = r.width - 24;
  float y = r.top + 8;
  p.fit_text(scenario_->name.empty() ? "ampel" : scenario_->name, x, y, w, 13, kInkDim);
  y += 20;
  // The clock as time of day; how far into the run below it.
  p.text(clock_text(f.now_ms + st.clock_offset_ms), x, y, 26, kInk, true);
  y += 34;
  std::string status = f.finished ? "end of scenario" : st.paused ? "paused" : "speed " + st.speed;
  p.fit_text(fmt::format("{} into the run \u00b7 {}", clock_text(f.now_ms - f.begin_ms), status), x, y, w, 12,
             f.finished || st.paused ? sf::Color(170, 90, 0) : kInk);
  y += 16;
  if (st.fps > 0) p.text(fmt::format("{:.0f} frames/s", st.fps), x, y, 11, kInkDim);
  y += 22;

  LegendOptions lo;
  lo.full_speed_mps = f.full_speed_mps;
  lo.overlay = st.overlay && !f.forecast_queue_m.empty();
  lo.horizon_min = f.forecast_horizon_s / 60.0;
  lo.forecast_of = f.forecast_source;
  for (const Legend& l : map_legends(lo)) draw_legend(p, l, x, y, w);

  // Scale bar and north arrow (the map is drawn with north up).
  if (!st.schematic) {
    double len_m = scale_bar_m(st.pixels_per_m, w - 36);
    float len_px = static_cast<float>(len_m * st.pixels_per_m);
    float by = y + 14;
    p.box({x, by, len_px, 4}, kInk);
    p.box({x, by - 4, 1.5f, 12}, kInk);
    p.box({x + len_px - 1.5f, by - 4, 1.5f, 12}, kInk);
    p.text(len_m >= 1000 ? fmt::format("{:g} km", len_m / 1000) : fmt::format("{:g} m", len_m), x, by + 7,
           12);
    float ax = x + w - 8, ay = y + 2;
    sf::ConvexShape arrow(3);
    arrow.setPoint(0, {ax, ay});
    arrow.setPoint(1, {ax + 8, ay + 22});
    arrow.setPoint(2, {ax - 8, ay + 22});
    arrow.setFillColor(kInk);
    target.draw(arrow);
    p.text("N", ax - 5, ay + 23, 13, kInk, true);
    y += 48;
  } else {
    y += p.wrap_text("schematic layout: not to scale, no north", x, y, w, 11, kInkDim, 2) + 8;
  }

  // Closed lanes: right-clicked ones and the scenario's incidents.
  const float bottom = r.top + r.height - 24;
  if (!f.closures.empty() && y + 40 < bottom) {
    p.text(fmt::format("closed lanes ({})", f.closures.size()), x, y, 12, kInkDim);
    y += 17;
    for (std::size_t i = 0; i < f.closures.size(); ++i) {
      if (y + 30 > bottom - 40) {
        p.text(fmt::format("+ {} more", f.closures.size() - i), x, y, 11, kInkDim);
        y += 16;
        break;
      }
      const ClosureNote& c = f.closures[i];
      p.fit_text(c.name, x, y, w, 12);
      p.fit_text(fmt::format("since {} \u00b7 {}", clock_text(c.since_ms + st.clock_offset_ms),
                             c.by_user ? "closed by you (right click)" : "scenario event"),
                 x + 8, y + 15, w - 8, 11, kInkDim);
      y += 33;
    }
    y += 4;
  }
  // Notes and messages above the key hints.
  float my = bottom - 4;
  for (const std::string* m : {&st.message, &st.note}) {
    if (m->empty()) continue;
    float h = std::min(3, 1 + static_cast<int>(p.width(*m, 11) / w)) * 11 * 1.3f;
    my -= h + 4;
    if (my < y) break;
    p.wrap_text(*m, x, my, w, 11, m == &st.message ? sf::Color(170, 40, 20) : sf::Color(140, 90, 0), 3);
  }
  p.fit_text("H help \u00b7 S screenshot \u00b7 P forecast", x, bottom, w, 12, kInkDim);
}

void Hud::draw_header(sf::RenderTarget& target, sf::FloatRect r, const Frame& f, const std::string& side,
                      const HudState& st) {
  Painter p(target, *font_);
  p.box(r, kPanelBg);
  p.line({r.left, r.top + r.height - 0.5f}, {r.left + r.width, r.top + r.height - 0.5f}, kPanelEdge);
  if (r.left > 0) p.line({r.left + 0.5f, r.top}, {r.left + 0.5f, r.top + r.height}, kPanelEdge);
  const Kpis& k = f.kpis;
  float x = r.left + 12, w = r.width - 24, y = r.top + 6;
  std::string title = (side.empty() ? "" : side + ": ") + f.controller;
  float tw = p.fit_text(title, x, y, w * 0.5f, 16, kInk, true);
  std::string since = f.switched_ms >= 0
                          ? fmt::format("since {} (was {}); figures from then",
                                        clock_text(f.switched_ms + st.clock_offset_ms), f.previous_controller)
                          : fmt::format("seed {}", f.seed);
  p.fit_text(since, x + tw + 12, y + 3, w - tw - 12, 12, kInkDim);
  y += 26;
  struct Cell {
    std::string value, label;
  };
  std::vector<Cell> cells = {
      {thousands(k.arrived), "trips finished"},
      {thousands(k.running), fmt::format("in the network, {} halting", thousands(k.halting))},
      {thousands(k.waiting_to_insert), "waiting to enter"},
      {fmt::format("{:.1f} s", k.all_delay_s), "mean delay, all vehicles"},
      {fmt::format("{:.1f} s", k.mean_delay_s), "mean delay, finished trips"},
      {fmt::format("{} veh/h", thousands(static_cast<std::uint64_t>(std::lround(k.throughput_vph)))),
       "throughput, last 5 min"},
  };
  int per_row = r.width >= kWideHeaderMinW ? 6 : 3;
  float cw = w / static_cast<float>(per_row);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    float cx = x + cw * static_cast<float>(i % per_row);
    float cy = y + (per_row == 6 ? 0.0f : 36.0f * static_cast<float>(i / per_row));
    unsigned vs = per_row == 6 ? 18 : 15;
    p.fit_text(cells[i].value, cx, cy, cw - 8, vs, kInk, true);
    p.fit_text(cells[i].label, cx, cy + static_cast<float>(vs) + 2, cw - 8, 11, kInkDim, false, 9);
  }
  if (f.gridlock.vehicles > 0) {
    sf::FloatRect b{r.left, r.top + r.height - kBannerH, r.width, kBannerH};
    p.box(b, kAlarmBg);
    // The whole message when it fits at a readable size, else without the lane, else without the street:
    // a narrow pane keeps the alarm as large as a wide one.
    std::string head =
        fmt::format("GRIDLOCK: {} vehicles halted over {} (since {})", thousands(f.gridlock.vehicles),
                    duration_text(ms_to_seconds(scenario_->gridlock_after_ms)),
                    clock_text(f.gridlock.since_ms + st.clock_offset_ms));
    std::vector<std::string> variants;
    if (!f.gridlock.lanes.empty()) {
      const Network& net = *scenario_->network;
      LaneId lane = f.gridlock.lanes.front().first;
      variants.push_back(head + ", most on " + lane_name(net, lane));
      const Lane& l = net.lane(lane);
      if (l.road != kNone)
        variants.push_back(head + ", most on " +
                           (net.road(l.road).name.empty() ? net.road(l.road).id : net.road(l.road).name));
    }
    variants.push_back(head);
    const std::string* shown = &variants.back();
    for (const std::string& v : variants)
      if (p.width(v, 12, true) <= b.width - 24) {
        shown = &v;
        break;
      }
    p.fit_text(*shown, b.left + 12, b.top + 5, b.width - 24, 14, sf::Color::White, true, 10);
  }
}

void Hud::draw_difference(sf::RenderTarget& target, sf::FloatRect r, const Frame& a, const Frame& b) {
  Painter p(target, *font_);
  p.box(r, sf::Color(246, 246, 248));
  p.line({r.left, r.top + 0.5f}, {r.left + r.width, r.top + 0.5f}, kPanelEdge);
  float x = r.left + 12, w = r.width - 24;
  p.fit_text(fmt::format("difference, right \u2212 left ({} \u2212 {})", b.controller, a.controller), x,
             r.top + 5, w, 12, kInkDim);
  struct Item {
    std::string label;
    double delta;
    std::string unit;
    bool lower_better;
    int decimals;
  };
  std::vector<Item> items = {
      {"\u0394 mean delay, all vehicles", b.kpis.all_delay_s - a.kpis.all_delay_s, "s", true, 1},
      {"\u0394 queued at stop lines", static_cast<double>(b.kpis.queued) - static_cast<double>(a.kpis.queued),
       "veh", true, 0},
      {"\u0394 throughput, last 5 min", b.kpis.throughput_vph - a.kpis.throughput_vph, "veh/h", false, 0},
      {"\u0394 trips finished", static_cast<double>(b.kpis.arrived) - static_cast<double>(a.kpis.arrived), "",
       false, 0},
  };
  float cw = w / static_cast<float>(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    float cx = x + cw * static_cast<float>(i);
    double shown = std::round(it.delta * std::pow(10.0, it.decimals)) / std::pow(10.0, it.decimals);
    std::string verdict = shown == 0 ? "same" : ((shown < 0) == it.lower_better ? "better" : "worse");
    std::string value =
        fmt::format("{:+.{}f}{}{} ({})", shown, it.decimals, it.unit.empty() ? "" : " ", it.unit, verdict);
    if (shown == 0) value = "0 (same)";
    p.fit_text(value, cx, r.top + 20, cw - 10, 14, kInk, true, 10);
    p.fit_text(it.label, cx, r.top + 36, cw - 10, 10, kInkDim, false, 8);
  }
}

void Hud::draw_help(sf::RenderTarget& target, const std::vector<std::string>& strategies) {
  Painter p(target, *font_);
  std::string list;
  for (const auto& s : strategies) list += (list.empty() ? "" : ", ") + s;
  std::vector<std::pair<std::string, std::string>> rows = {
      {"space", "pause / resume"},
      {".", "one step (pauses)"},
      {"+ / -", "speed x0.25 .. x64, then as fast as it goes"},
      {"mouse wheel, drag", "zoom at the pointer, pan"},
      {"F", "fit the network to the window"},
      {"click", "a vehicle, a junction or a lane: its panel (Esc closes)"},
      {"shift + click a road", "time-space diagram along the arterial through it (Esc closes)"},
      {"right-click a lane", "close or reopen it (in every pane; listed in the sidebar)"},
      {"C / shift+C", "next strategy, left / right pane (its figures restart)"},
      {"P", "forecast overlay: where queues will be"},
      {"[ / ]", "forecast horizon -1 / +1 min (1 to 15)"},
      {"S", "save a screenshot (PNG, in the current folder)"},
      {"H", "this help"},
  };
  float w = 680, h = 60.0f + 22.0f * static_cast<float>(rows.size()) + 50;
  float x = (static_cast<float>(target.getSize().x) - w) / 2,
        y = (static_cast<float>(target.getSize().y) - h) / 2;
  p.box({x, y, w, h}, kPanelBg, kPanelEdge);
  p.text("ampel live view: controls", x + 20, y + 14, 20, kInk, true);
  float ry = y + 52;
  for (const auto& [key, what] : rows) {
    p.text(key, x + 20, ry, 14, kInk, true);
    p.fit_text(what, x + 210, ry, w - 230, 14);
    ry += 22;
  }
  p.wrap_text("strategies: " + list, x + 20, ry + 10, w - 40, 12, kInkDim, 2, ", ");
}

}  // namespace ampel::viz
