#include "viz/hud.hpp"

#include <fmt/format.h>
#include <SFML/Graphics/RectangleShape.hpp>
#include <SFML/Graphics/Text.hpp>
#include <SFML/Graphics/VertexArray.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace ampel::viz {

namespace {

const sf::Color kDim(150, 155, 165);
const sf::Color kPanelBg(14, 16, 22, 225);
const sf::Color kApproachColors[] = {{90, 170, 255}, {255, 150, 60},  {120, 220, 120}, {230, 110, 200},
                                     {240, 220, 80}, {120, 220, 230}, {200, 160, 255}, {255, 110, 110}};

sf::Color phase_color(const PhaseSample& p, std::size_t row) {
  if (p.stage != row) return {45, 48, 56};
  switch (p.interval) {
    case SignalInterval::green:
      return signal_color('G');
    case SignalInterval::yellow:
      return signal_color('y');
    case SignalInterval::all_red:
      return signal_color('r');
  }
  return {45, 48, 56};
}

}  // namespace

std::string default_font_path() {
  for (const char* p : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                        "/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"})
    if (std::filesystem::exists(p)) return p;
  throw std::runtime_error("font DejaVuSans.ttf not found: install the Debian package fonts-dejavu-core");
}

std::string clock_text(TimeMs t_ms) {
  std::int64_t s = std::max<std::int64_t>(0, t_ms / kMsPerSecond);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

void Hud::text(sf::RenderTarget& t, const std::string& s, float x, float y, unsigned size, sf::Color color) {
  sf::Text tx(sf::String::fromUtf8(s.begin(), s.end()), *font_, size);
  tx.setFillColor(color);
  tx.setPosition(std::round(x), std::round(y));
  t.draw(tx);
}

float Hud::text_width(const std::string& s, unsigned size) const {
  sf::Text tx(sf::String::fromUtf8(s.begin(), s.end()), *font_, size);
  return tx.getLocalBounds().width;
}

void Hud::box(sf::RenderTarget& t, sf::FloatRect r, sf::Color fill) {
  sf::RectangleShape shape({r.width, r.height});
  shape.setPosition(r.left, r.top);
  shape.setFillColor(fill);
  t.draw(shape);
}

void Hud::draw_pane_info(sf::RenderTarget& target, sf::FloatRect pane, const Frame& f, const HudState& st) {
  const Kpis& k = f.kpis;
  std::string status = f.finished ? "end of scenario" : st.paused ? "paused" : st.speed;
  std::vector<std::pair<std::string, std::string>> rows = {
      {"strategy", f.controller},
      {"vehicles in network", fmt::format("{}", k.running)},
      {"vehicles waiting", fmt::format("{}", k.halting)},
      {"queued at entries", fmt::format("{}", k.waiting_to_insert)},
      {"mean delay, finished trips", fmt::format("{:.1f} s", k.mean_delay_s)},
      {"throughput, last 5 min", fmt::format("{:.0f} veh/h", k.throughput_vph)},
      {"trips finished", fmt::format("{}", k.arrived)},
  };
  float x = pane.left + 10, y = pane.top + 10;
  box(target, {x, y, 300, 44.0f + 19.0f * static_cast<float>(rows.size())});
  text(target, clock_text(f.now_ms), x + 10, y + 6, 24);
  text(target, status, x + 140, y + 12, 16,
       st.paused || f.finished ? sf::Color(255, 200, 60) : sf::Color(140, 220, 255));
  if (st.fps > 0) text(target, fmt::format("{:.0f} fps", st.fps), x + 235, y + 14, 12, kDim);
  float ry = y + 40;
  for (const auto& [label, value] : rows) {
    text(target, label, x + 10, ry, 14, kDim);
    text(target, value, x + 290 - text_width(value, 14), ry, 14);
    ry += 19;
  }
}

void Hud::legend(sf::RenderTarget& t, const Legend& l, float x, float y) {
  text(t, l.title, x, y, 13, kDim);
  float w = 180, top = y + 18, h = 10;
  if (l.discrete) {
    float cx = x;
    for (std::size_t i = 0; i < l.stops.size(); ++i) {
      box(t, {cx, top, 12, 12}, l.stops[i].color);
      text(t, l.labels[i], cx + 16, top - 2, 12);
      cx += 22 + text_width(l.labels[i], 12) + 8;
    }
    return;
  }
  sf::VertexArray grad(sf::TriangleStrip);
  for (std::size_t i = 0; i < l.stops.size(); ++i) {
    float gx = x + w * static_cast<float>(i) / static_cast<float>(l.stops.size() - 1);
    sf::Color c = l.stops[i].color;
    c.a = 255;
    grad.append({{gx, top}, c});
    grad.append({{gx, top + h}, c});
  }
  t.draw(grad);
  for (std::size_t i = 0; i < l.labels.size(); ++i) {
    float gx = x + w * static_cast<float>(i) / static_cast<float>(l.stops.size() - 1);
    text(t, l.labels[i], gx - text_width(l.labels[i], 11) / 2, top + h + 1, 11);
  }
}

void Hud::draw_legends(sf::RenderTarget& target, const Frame& f, const HudState& st) {
  std::vector<Legend> ls{speed_legend(f.full_speed_mps), queue_legend(), signal_legend()};
  if (st.overlay && !f.congestion.empty()) {
    Legend c = congestion_legend(f.congestion_horizon_s / 60.0);
    c.title += " (" + f.congestion_source + ")";
    ls.push_back(c);
  }
  float h = 46.0f * static_cast<float>(ls.size()) + 8;
  float y = static_cast<float>(target.getSize().y) - h - 10;
  box(target, {10, y, 250, h});
  for (const Legend& l : ls) {
    legend(target, l, 20, y + 6);
    y += 46;
  }
}

void Hud::draw_notes(sf::RenderTarget& target, const HudState& st) {
  float w = static_cast<float>(target.getSize().x), h = static_cast<float>(target.getSize().y);
  float y = 10;
  for (const auto& [s, c] :
       {std::pair{st.note, sf::Color(255, 210, 90)}, std::pair{st.message, sf::Color(255, 110, 110)}}) {
    if (s.empty()) continue;
    float tw = text_width(s, 15);
    box(target, {w / 2 - tw / 2 - 10, y, tw + 20, 26});
    text(target, s, w / 2 - tw / 2, y + 4, 15, c);
    y += 32;
  }
  std::string hint = "H: help";
  text(target, hint, w - text_width(hint, 13) - 12, h - 22, 13, kDim);
}

void Hud::draw_help(sf::RenderTarget& target, const std::vector<std::string>& strategies) {
  std::string list;
  for (const auto& s : strategies) list += (list.empty() ? "" : ", ") + s;
  std::vector<std::pair<std::string, std::string>> rows = {
      {"space", "pause / resume"},
      {".", "one step (pauses)"},
      {"+ / -", "speed x0.25 .. x64, then as fast as it goes"},
      {"mouse wheel", "zoom at the pointer"},
      {"drag", "pan"},
      {"F", "fit the network to the window"},
      {"click a junction", "panel: phases, queues, predicted vs actual arrivals"},
      {"Esc", "close the panel / this help"},
      {"C / shift+C", "next strategy, left / right pane"},
      {"right-click a lane", "close or reopen it (in every pane)"},
      {"P", "predicted congestion overlay"},
      {"[ / ]", "overlay horizon -1 / +1 min"},
      {"H", "this help"},
  };
  float w = 620, h = 60.0f + 22.0f * static_cast<float>(rows.size()) + 40;
  float x = (static_cast<float>(target.getSize().x) - w) / 2,
        y = (static_cast<float>(target.getSize().y) - h) / 2;
  box(target, {x, y, w, h}, sf::Color(10, 12, 16, 235));
  text(target, "ampel live view: controls", x + 20, y + 14, 20);
  float ry = y + 52;
  for (const auto& [key, what] : rows) {
    text(target, key, x + 20, ry, 15, sf::Color(140, 220, 255));
    text(target, what, x + 200, ry, 15);
    ry += 22;
  }
  text(target, "strategies: " + list, x + 20, ry + 10, 13, kDim);
}

void Hud::draw_panel(sf::RenderTarget& target, sf::FloatRect pane, const JunctionPanel& p) {
  const float w = std::min(380.0f, pane.width * 0.48f);
  const float x = pane.left + pane.width - w - 10, top = pane.top + 10;
  const float cw = w - 90;  // chart width, right of a 80 px label column
  const JunctionSeries& s = p.series;
  const std::size_t n = s.phases.size();
  const float rows_h = 14.0f * static_cast<float>(std::max<std::size_t>(p.stage_names.size(), 1));
  // Title, phase rows with their axis, two charts with their titles, the arrivals legend.
  const float h = std::min(pane.height - 20, 32 + 16 + rows_h + 24 + 16 + 94 + 16 + 84 + 34);
  box(target, {x, top, w, h}, kPanelBg);
  text(target, "junction " + p.name, x + 10, top + 6, 17);
  float y = top + 32;

  // Phase timeline: one row per stage, one column per second of the last five minutes.
  text(target, "phases, last 5 min", x + 10, y, 12, kDim);
  y += 16;
  auto col_x = [&](std::size_t i) {
    return x + 80 +
           cw * static_cast<float>(JunctionHistory::kWindowS - static_cast<int>(n) + static_cast<int>(i)) /
               static_cast<float>(JunctionHistory::kWindowS);
  };
  sf::VertexArray cells(sf::Quads);
  for (std::size_t r = 0; r < p.stage_names.size(); ++r) {
    float ry = y + 14.0f * static_cast<float>(r);
    std::string name = p.stage_names[r].substr(0, 12);
    text(target, name, x + 8, ry - 1, 11, kDim);
    for (std::size_t i = 0; i < n; ++i) {
      float cx0 = col_x(i), cx1 = col_x(i + 1);
      sf::Color c = phase_color(s.phases[i], r);
      cells.append({{cx0, ry}, c});
      cells.append({{cx1, ry}, c});
      cells.append({{cx1, ry + 11}, c});
      cells.append({{cx0, ry + 11}, c});
    }
  }
  target.draw(cells);
  y += rows_h + 4;
  text(target, "-5 min", x + 80, y, 10, kDim);
  text(target, "now", x + 80 + cw - 18, y, 10, kDim);
  y += 20;

  // Queue per approach (halting vehicles).
  float qmax = 5;
  for (const auto& q : s.queue_veh)
    for (float v : q) qmax = std::max(qmax, v);
  text(target, fmt::format("queue per approach (vehicles, max {:.0f})", qmax), x + 10, y, 12, kDim);
  y += 16;
  const float ch = 80;
  box(target, {x + 80, y, cw, ch}, sf::Color(30, 33, 40));
  for (std::size_t a = 0; a < s.queue_veh.size(); ++a) {
    sf::Color c = kApproachColors[a % std::size(kApproachColors)];
    sf::VertexArray line(sf::LineStrip);
    for (std::size_t i = 0; i < s.queue_veh[a].size(); ++i)
      line.append({{col_x(i), y + ch - ch * s.queue_veh[a][i] / qmax}, c});
    target.draw(line);
    if (a < p.approach_names.size())
      text(target, p.approach_names[a].substr(0, 8), x + 6, y + 12.0f * static_cast<float>(a) - 2, 10, c);
  }
  y += ch + 14;

  // Predicted against actual arrivals at the junction (vehicles entering its approaches), per bin.
  if (!p.arrivals) {
    text(target, "no predictor: arrivals not forecast", x + 10, y, 12, kDim);
    return;
  }
  const ArrivalComparison& a = *p.arrivals;
  text(target, fmt::format("arrivals, veh/h per {:.0f} s ({})", a.bin_s, a.source), x + 10, y, 12, kDim);
  y += 16;
  float amax = 100;
  for (float v : a.actual_vph) amax = std::max(amax, v);
  for (float v : a.predicted_vph)
    if (!std::isnan(v)) amax = std::max(amax, v);
  for (float v : a.ahead_vph) amax = std::max(amax, v);
  box(target, {x + 80, y, cw, ch}, sf::Color(30, 33, 40));
  std::size_t past = a.actual_vph.size(), total = past + a.ahead_vph.size();
  float bw = cw / static_cast<float>(std::max<std::size_t>(total, 1));
  float now_x = x + 80 + bw * static_cast<float>(past);
  sf::VertexArray bars(sf::Quads);
  auto bar = [&](std::size_t i, float v, float inset, sf::Color c) {
    float bx0 = x + 80 + bw * static_cast<float>(i) + inset, bx1 = bx0 + bw - 2 * inset;
    float by = y + ch - ch * std::min(v, amax) / amax;
    bars.append({{bx0, by}, c});
    bars.append({{bx1, by}, c});
    bars.append({{bx1, y + ch}, c});
    bars.append({{bx0, y + ch}, c});
  };
  const sf::Color actual_c(200, 200, 210), predicted_c(255, 150, 40, 200), ahead_c(255, 150, 40, 120);
  for (std::size_t i = 0; i < past; ++i) {
    bar(i, a.actual_vph[i], bw * 0.1f, actual_c);
    if (!std::isnan(a.predicted_vph[i])) bar(i, a.predicted_vph[i], bw * 0.3f, predicted_c);
  }
  for (std::size_t i = 0; i < a.ahead_vph.size(); ++i) bar(past + i, a.ahead_vph[i], bw * 0.2f, ahead_c);
  target.draw(bars);
  sf::VertexArray now_line(sf::Lines);
  now_line.append({{now_x, y - 2}, sf::Color::White});
  now_line.append({{now_x, y + ch + 2}, sf::Color::White});
  target.draw(now_line);
  text(target, fmt::format("{:.0f}", amax), x + 8, y - 2, 10, kDim);
  y += ch + 4;
  box(target, {x + 80, y + 3, 10, 10}, actual_c);
  text(target, "actual", x + 94, y, 11, kDim);
  box(target, {x + 150, y + 3, 10, 10}, predicted_c);
  text(target, "predicted 1 bin ahead", x + 164, y, 11, kDim);
  box(target, {x + 80, y + 17, 10, 10}, ahead_c);
  text(target, "forecast from now", x + 94, y + 14, 11, kDim);
}

}  // namespace ampel::viz
