#include "viz/panels.hpp"

#include <fmt/format.h>
#include <SFML/Graphics/Sprite.hpp>
#include <SFML/Graphics/VertexArray.hpp>
#include <algorithm>
#include <cmath>

#include "viz/colors.hpp"
#include "viz/junction_names.hpp"
#include "viz/painter.hpp"

namespace ampel::viz {

namespace {

const sf::Color kTrack{232, 233, 237};  // a chart's empty background
const sf::Color kActual{120, 124, 134};

void quad(sf::VertexArray& v, float x0, float y0, float x1, float y1, sf::Color c) {
  v.append({{x0, y0}, c});
  v.append({{x1, y0}, c});
  v.append({{x1, y1}, c});
  v.append({{x0, y1}, c});
}

void frame_panel(Painter& p, sf::FloatRect r) {
  p.box(r, kPanelBg);
  p.line({r.left + 0.5f, r.top}, {r.left + 0.5f, r.top + r.height}, kPanelEdge);
}

std::string delay_text(double d) {
  return d < 0 ? "\u2013" : fmt::format("{:.0f}", d);
}

// Rows of "label  value".
void facts(Painter& p, float x, float& y, float w,
           const std::vector<std::pair<std::string, std::string>>& rows) {
  for (const auto& [label, value] : rows) {
    p.fit_text(label, x, y, w * 0.5f, 12, kInkDim);
    float vw = std::min(p.width(value, 12), w * 0.5f);
    p.fit_text(value, x + w - vw, y, w * 0.5f, 12);
    y += 18;
  }
}

}  // namespace

void draw_junction_panel(sf::RenderTarget& target, const sf::Font& font, sf::FloatRect r,
                         const JunctionPanel& pn, bool compact) {
  Painter p(target, font);
  frame_panel(p, r);
  const float x = r.left + 10, w = r.width - 20, bottom = r.top + r.height - 6;
  float y = r.top + 8;
  y += p.wrap_text(pn.name, x, y, w, 15, kInk, 2, " / ") + 2;
  // The light's own id first when it differs from the junction's (a cluster's long id is cut, not the
  // light's).
  std::string ids = !pn.signalised ? fmt::format("junction {} \u00b7 not signalised", pn.id)
                    : pn.signal_id.empty() || pn.signal_id == pn.id
                        ? fmt::format("junction {} \u00b7 signalised", pn.id)
                        : fmt::format("traffic light {} \u00b7 junction {}", pn.signal_id, pn.id);
  p.fit_text(ids, x, y, w, 11, kInkDim);
  y += 20;

  // Signal stages: what each releases, and (full form) when it showed green over the last five minutes.
  if (!pn.stage_names.empty()) {
    p.text(compact ? "signal stages (now)" : "signal stages, last 5 min", x, y, 12, kInkDim);
    y += 16;
    const std::size_t n = pn.series.phases.size();
    const PhaseSample* now = n ? &pn.series.phases.back() : nullptr;
    sf::VertexArray cells(sf::Quads);
    for (std::size_t st = 0; st < pn.stage_names.size() && y + 30 < bottom; ++st) {
      sf::Color c = kTrack;
      if (now && now->stage == st)
        c = now->interval == SignalInterval::green    ? signal_color('G')
            : now->interval == SignalInterval::yellow ? signal_color('y')
                                                      : signal_color('r');
      p.box({x, y + 3, 10, 10}, c, kPanelEdge);
      y += p.wrap_text(fmt::format("{}  {}", st + 1, pn.stage_names[st]), x + 15, y, w - 15, 12, kInk, 2,
                       "  ");
      if (compact) continue;
      for (std::size_t i = 0; i < n; ++i) {
        const PhaseSample& s = pn.series.phases[i];
        sf::Color cc = kTrack;
        if (s.stage == st)
          cc = s.interval == SignalInterval::green    ? signal_color('G')
               : s.interval == SignalInterval::yellow ? signal_color('y')
                                                      : signal_color('r');
        float cx0 = x + w * static_cast<float>(JunctionHistory::kWindowS - n + i) / JunctionHistory::kWindowS;
        float cx1 = cx0 + w / JunctionHistory::kWindowS + 0.5f;
        quad(cells, cx0, y, cx1, y + 6, cc);
      }
      y += 10;
    }
    target.draw(cells);
    if (!compact) {
      p.text("\u22125 min", x, y - 2, 10, kInkDim);
      p.text("now", x + w - p.width("now", 10), y - 2, 10, kInkDim);
      y += 12;
    }
    y += 6;
  }

  // Per approach: queue now; flow, control delay and level of service over the window.
  if (y + 40 < bottom) {
    float cols[] = {0.0f, 0.5f, 0.63f, 0.77f, 0.91f};
    const char* heads[] = {"approach", "queue", "veh/h", "delay", "LOS"};
    if (compact) cols[1] = 0.52f, cols[2] = 2, cols[3] = 0.70f, cols[4] = 0.87f;
    for (int c = 0; c < 5; ++c)
      if (cols[c] <= 1) p.text(heads[c], x + w * cols[c], y, 11, kInkDim);
    y += 16;
    auto row = [&](const ApproachRow& a, bool bold) {
      p.fit_text(a.name, x, y, w * (cols[1] - 0.02f), 12, kInk, bold);
      p.text(fmt::format("{}", a.queue_veh), x + w * cols[1], y, 12, kInk, bold);
      if (cols[2] <= 1) p.text(fmt::format("{:.0f}", a.flow_vph), x + w * cols[2], y, 12, kInk, bold);
      p.text(delay_text(a.delay_s), x + w * cols[3], y, 12, kInk, bold);
      p.text(std::string(1, a.los), x + w * cols[4], y, 12, kInk, true);
      y += 17;
    };
    for (const ApproachRow& a : pn.approaches) {
      if (y + 34 > bottom) break;
      row(a, false);
    }
    p.line({x, y + 1}, {x + w, y + 1}, kPanelEdge);
    y += 4;
    row(pn.total, true);
    y += p.wrap_text(
             fmt::format(
                 "queue: vehicles at the stop lines now; flow and mean control delay (s per vehicle) over "
                 "the last {:.0f} min; level of service by HCM control delay ({})",
                 pn.window_s / 60.0,
                 pn.signalised ? "signalised: A \u2264 10 s \u2026 F > 80 s"
                               : "stop-controlled: A \u2264 10 s \u2026 F > 50 s"),
             x, y + 2, w, 10, kInkDim, compact ? 6 : 3) +
         10;
  }

  // Arrivals at the junction: actual per bin, the forecast made one bin before, the forecast from now.
  if (compact || !pn.arrivals || y + 130 > bottom) return;
  const ArrivalComparison& a = *pn.arrivals;
  y += p.wrap_text(fmt::format("arrivals, veh/h per {:.0f} s: actual and forecast ({})", a.bin_s, a.source),
                   x, y, w, 12, kInkDim, 2);
  const float ch = std::min(80.0f, bottom - y - 40);
  float amax = 100;
  for (float v : a.actual_vph) amax = std::max(amax, v);
  for (float v : a.predicted_vph)
    if (!std::isnan(v)) amax = std::max(amax, v);
  for (float v : a.ahead_vph) amax = std::max(amax, v);
  // The scale's top is a round number, labelled on a line of its own above the bars (never under them).
  amax = static_cast<float>(round_up_nice(amax));
  const float label_h = 13, bars_h = ch - label_h;
  p.box({x, y, w, ch}, kTrack);
  p.line({x, y + label_h}, {x + w, y + label_h}, kPanelEdge);
  std::size_t past = a.actual_vph.size(), total = past + a.ahead_vph.size();
  float bw = w / static_cast<float>(std::max<std::size_t>(total, 1));
  sf::VertexArray bars(sf::Quads);
  auto bar = [&](std::size_t i, float v, float inset, sf::Color c) {
    float bx0 = x + bw * static_cast<float>(i) + inset, bx1 = bx0 + bw - 2 * inset;
    quad(bars, bx0, y + ch - bars_h * std::min(v, amax) / amax, bx1, y + ch, c);
  };
  for (std::size_t i = 0; i < past; ++i) {
    bar(i, a.actual_vph[i], bw * 0.1f, kActual);
    if (!std::isnan(a.predicted_vph[i])) bar(i, a.predicted_vph[i], bw * 0.35f, kForecastQueue);
  }
  for (std::size_t i = 0; i < a.ahead_vph.size(); ++i)
    bar(past + i, a.ahead_vph[i], bw * 0.2f, kForecastQueue);
  target.draw(bars);
  float now_x = x + bw * static_cast<float>(past);
  p.line({now_x, y - 2}, {now_x, y + ch + 2}, kInk);
  p.text(fmt::format("{:.0f} veh/h", amax), x + 2, y, 10, kInkDim);
  y += ch + 4;
  p.box({x, y + 3, 10, 10}, kActual);
  p.text("actual", x + 14, y, 11, kInkDim);
  p.box({x + 70, y + 3, 10, 10}, kForecastQueue);
  p.fit_text("forecast (1 bin ahead, then from now)", x + 84, y, w - 84, 11, kInkDim);
}

void draw_lane_panel(sf::RenderTarget& target, const sf::Font& font, sf::FloatRect r, const LanePanel& l) {
  Painter p(target, font);
  frame_panel(p, r);
  const float x = r.left + 10, w = r.width - 20;
  float y = r.top + 8;
  y += p.wrap_text(l.name, x, y, w, 15, kInk, 2) + 2;
  p.fit_text("lane " + l.id, x, y, w, 11, kInkDim);
  y += 22;
  double hours = l.watched_s / 3600.0;
  facts(
      p, x, y, w,
      {{"state", l.closed ? "closed" : "open"},
       {"length", fmt::format("{:.0f} m", l.length_m)},
       {"speed limit", fmt::format("{:.0f} km/h", l.speed_limit_mps * 3.6)},
       {"vehicles on it", fmt::format("{}", l.vehicles)},
       {"halting", fmt::format("{}", l.halting)},
       {"queue at the stop line", fmt::format("{} veh, {:.0f} m", l.queue_veh, l.queue_m)},
       {"mean speed", l.mean_speed_mps < 0 ? "\u2013" : fmt::format("{:.0f} km/h", l.mean_speed_mps * 3.6)},
       {"entered / left", fmt::format("{} / {} in {}", l.entered, l.exited, clock_text(l.watched_s * 1000))},
       {"flow out", hours > 0 ? fmt::format("{:.0f} veh/h", l.exited / hours) : "\u2013"}});
  p.wrap_text("counts since the lane was selected; right-click it to close or reopen it", x, y + 4, w, 10,
              kInkDim, 3);
}

void draw_vehicle_panel(sf::RenderTarget& target, const sf::Font& font, sf::FloatRect r,
                        const VehiclePanel& v) {
  Painter p(target, font);
  frame_panel(p, r);
  const float x = r.left + 10, w = r.width - 20;
  float y = r.top + 8;
  p.fit_text("vehicle " + v.name, x, y, w, 15, kInk, true);
  y += 22;
  y += p.wrap_text(v.where, x, y, w, 12, kInkDim, 2) + 6;
  if (!v.in_network) return;
  facts(p, x, y, w,
        {{"speed", fmt::format("{:.0f} km/h", v.speed_mps * 3.6)},
         {"travelling for", clock_text(v.travel_s * 1000)},
         {"distance", fmt::format("{:.0f} m", v.distance_m)},
         {"time lost (delay)", fmt::format("{:.0f} s", v.time_loss_s)},
         {"time halted", fmt::format("{:.0f} s", v.waiting_s)},
         {"stops", fmt::format("{}", v.stops)}});
  p.text("route", x, y + 4, 12, kInkDim);
  p.wrap_text(v.route, x, y + 20, w, 12, kInk, 5, " \u2192 ");
}

void TimeSpaceDrawing::draw(sf::RenderTarget& target, const sf::Font& font, sf::FloatRect r,
                            const std::shared_ptr<const TimeSpaceData>& data, double full_speed_mps,
                            TimeMs clock_offset_ms, const Network& net) {
  const TimeSpaceData& d = *data;
  Painter p(target, font);
  p.box(r, kPanelBg);
  p.line({r.left, r.top + 0.5f}, {r.left + r.width, r.top + 0.5f}, kPanelEdge);
  const RoutePath& route = *d.route;
  // The route in bold, then how to read the lines: beside it when there is room, else on a line below.
  const std::string title =
      fmt::format("time\u2013space diagram: {} ({:.1f} km)", route.title, route.length_m / 1000.0);
  const std::string key = "vehicles coloured by speed; faint: joined from a side street";
  const float tw = p.fit_text(title, r.left + 10, r.top + 5, r.width - 20, 12, kInk, true);
  float top = r.top + 24;
  if (tw + 16 + p.width(key, 11) <= r.width - 20) {
    p.text(key, r.left + 10 + tw + 16, r.top + 6, 11, kInkDim);
  } else {
    p.fit_text(key, r.left + 10, r.top + 21, r.width - 20, 11, kInkDim);
    top += 15;
  }
  // Plot area: time across, distance along the route upwards; labels left and below.
  const float left = r.left + 64, right = r.left + r.width - 10, bottom = r.top + r.height - 20;
  if (right - left < 40 || bottom - top < 30) return;
  p.box({left, top, right - left, bottom - top}, sf::Color(250, 250, 252), kPanelEdge);
  const double t_left = d.t1_s - std::max(d.t1_s - d.t0_s, 600.0);  // a fixed 10-minute axis once filled
  auto tx = [&](double t) {
    return left + static_cast<float>((t - t_left) / (d.t1_s - t_left)) * (right - left);
  };
  auto sy = [&](double s) {
    return bottom - static_cast<float>(s / std::max(route.length_m, 1.0)) * (bottom - top);
  };
  bool rebuilt = data != data_ || r != rect_;
  if (rebuilt) {
    data_ = data;
    rect_ = r;
    // Stop lines: the route movement's signal state over time.
    bars_.clear();
    for (std::size_t k = 0; k < route.stops.size(); ++k) {
      float y = sy(route.stops[k].at_m);
      const auto& states = d.signal_states[k];
      for (std::size_t i = 0, j = 0; i < states.size(); i = j) {  // one bar per run of one state
        while (j < states.size() && states[j] == states[i]) ++j;
        double t0 = d.t0_s + static_cast<double>(i), t1 = d.t0_s + static_cast<double>(j);
        quad(bars_, tx(t0), y - 1.5f, tx(t1) + 0.5f, y + 1.5f, signal_color(states[i]));
      }
    }
    // One segment per pixel of climb or change of colour: a vehicle standing for minutes is one segment,
    // not one per second (a jammed arterial would otherwise send a million segments per frame).
    lines_.clear();
    for (std::size_t n = 0; n < d.traces.size(); ++n) {
      const auto& trace = d.traces[n];
      // A vehicle that joined the route from a side street is drawn faint: its line starts just past a stop
      // line, often while the route's own movement has red, and would read as a red-light crossing.
      const std::uint8_t alpha = n < d.joined.size() && d.joined[n] ? 70 : 255;
      std::size_t from = 0;
      for (std::size_t i = 1; i <= trace.size(); ++i) {
        const TrajectoryPoint& a = trace[from];
        bool gap = i < trace.size() &&
                   (trace[i].t_s - trace[i - 1].t_s > 1.5f || trace[i].s_m < trace[i - 1].s_m - 1);
        bool end = i == trace.size() || gap;
        if (!end) {
          const TrajectoryPoint& b = trace[i];
          bool same = speed_color(b.speed_mps, full_speed_mps) ==
                      speed_color(trace[from + 1].speed_mps, full_speed_mps);
          if (same && std::abs(sy(b.s_m) - sy(a.s_m)) < 1.0f && i + 1 < trace.size()) continue;
        }
        std::size_t to = end ? i - 1 : i;
        if (to > from && trace[from].t_s >= t_left) {
          sf::Color c = speed_color(trace[to].speed_mps, full_speed_mps);
          c.a = alpha;
          lines_.append({{tx(a.t_s), sy(a.s_m)}, c});
          lines_.append({{tx(trace[to].t_s), sy(trace[to].s_m)}, c});
        }
        from = gap ? i : to;
      }
    }
  }
  if (rebuilt) {
    // Into the picture, in the plot's own pixels (the vertices are in the target's).
    sf::Vector2u size(static_cast<unsigned>(std::ceil(right - left)),
                      static_cast<unsigned>(std::ceil(bottom - top)));
    if (plot_.getSize() != size) plot_ok_ = plot_.create(size.x, size.y);
    if (plot_ok_) {
      plot_.setView(
          sf::View(sf::FloatRect(left, top, static_cast<float>(size.x), static_cast<float>(size.y))));
      plot_.clear(sf::Color(250, 250, 252));
      plot_.draw(bars_);
      plot_.draw(lines_);
      plot_.display();
    }
  }
  if (plot_ok_) {
    sf::Sprite sprite(plot_.getTexture());
    sprite.setPosition(left, top);
    target.draw(sprite);
  } else {
    target.draw(bars_);
    target.draw(lines_);
  }
  p.box({left, top, right - left, bottom - top}, sf::Color::Transparent, kPanelEdge);
  for (const auto& stop : route.stops)
    p.fit_text(junction_title(net, stop.node), r.left + 4, sy(stop.at_m) - 7, left - 8, 10, kInkDim, false,
               8);
  // Time axis, as time of day.
  double step_s = 60;  // ticks at least 48 px apart: every 1, 2, 5 or 10 minutes
  for (double s : {60.0, 120.0, 300.0, 600.0}) {
    step_s = s;
    if (tx(t_left + s) - tx(t_left) >= 48) break;
  }
  for (double t = std::ceil(t_left / step_s) * step_s; t <= d.t1_s; t += step_s) {
    float x = tx(t);
    p.line({x, bottom}, {x, bottom + 3}, kInkDim);
    std::string label = clock_text(static_cast<std::int64_t>(t * 1000) + clock_offset_ms).substr(0, 5);
    float lw = p.width(label, 10);
    p.text(label, std::clamp(x - lw / 2, left, right - lw), bottom + 4, 10, kInkDim);
  }
  p.text("0 m", left - 26, bottom - 8, 10, kInkDim);
}

}  // namespace ampel::viz
