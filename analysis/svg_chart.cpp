#include "analysis/svg_chart.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace ampel::batch {

const std::string& series_colour(std::size_t i) {
  static const std::vector<std::string> palette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return palette[i % palette.size()];
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo)) hi = lo + 1.0;
  double raw = (hi - lo) / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> out;
  double start = std::floor(lo / step) * step;
  // Up to the first tick at or above hi, so bars and whiskers stay inside the axis.
  for (int i = 0; i <= 50; ++i) {
    double t = start + step * i;
    out.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    if (t >= hi - step * 1e-9) break;
  }
  return out;
}

namespace {

std::string tick_text(double v) {
  return fmt::format("{:.6g}", v);
}

struct Frame {
  double width, height, left, right, top, bottom;
  double plot_w() const { return width - left - right; }
  double plot_h() const { return height - top - bottom; }
};

// The title, in one line or (too long for the chart) two, broken at the space nearest the middle.
// Widths are estimated at 8 px per character of the 13 px bold title (DejaVu Sans Bold).
std::string title_text(const Frame& f, const std::string& title) {
  const double max_chars = (f.width - 12) / 8.0;
  std::size_t cut = std::string::npos;
  if (static_cast<double>(title.size()) > max_chars)
    for (std::size_t i = 0; i < title.size(); ++i)
      if (title[i] == ' ' &&
          (cut == std::string::npos || std::abs(static_cast<double>(i) - title.size() / 2.0) <
                                           std::abs(static_cast<double>(cut) - title.size() / 2.0)))
        cut = i;
  std::string head = "<text x=\"" + fmt::format("{:.1f}", f.width / 2) +
                     "\" y=\"15\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\">";
  if (cut == std::string::npos) return head + html_escape(title) + "</text>\n";
  return head +
         fmt::format("<tspan x=\"{0:.1f}\">{1}</tspan><tspan x=\"{0:.1f}\" dy=\"15\">{2}</tspan></text>\n",
                     f.width / 2, html_escape(title.substr(0, cut)), html_escape(title.substr(cut + 1)));
}

std::string open_svg(const Frame& f, const std::string& cls, const std::string& title) {
  return fmt::format(
             "<svg class=\"chart {}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" "
             "height=\"{:.0f}\" "
             "viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" aria-label=\"{}\">\n"
             "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
             cls, f.width, f.height, f.width, f.height, html_escape(title)) +
         title_text(f, title);
}

// Horizontal grid lines and y labels; returns the y range covered by the ticks.
std::string y_axis(const Frame& f, const std::vector<double>& ticks, const std::string& label) {
  std::string out;
  double lo = ticks.front(), hi = ticks.back();
  for (double t : ticks) {
    double y = f.top + f.plot_h() * (1.0 - (t - lo) / (hi - lo));
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#dddddd\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\">{}</text>\n",
        f.left, y, f.width - f.right, y, f.left - 4, y + 3.5, tick_text(t));
  }
  out += fmt::format(
      "<text x=\"12\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 "
      "{:.1f})\">{}</text>\n",
      f.top + f.plot_h() / 2, f.top + f.plot_h() / 2, html_escape(label));
  out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333333\"/>\n",
                     f.left, f.top, f.left, f.top + f.plot_h());
  return out;
}

double y_of(const Frame& f, double v, double lo, double hi) {
  return f.top + f.plot_h() * (1.0 - (v - lo) / (hi - lo));
}

}  // namespace

std::string bar_chart_svg(const std::string& title, const std::string& unit, const std::vector<Bar>& bars) {
  // Wide enough for the title in two lines.
  double title_w = 8.0 * std::ceil(static_cast<double>(title.size()) / 2.0 + 3) + 12;
  Frame f{std::max({260.0, 70.0 + 46.0 * static_cast<double>(bars.size()), title_w}), 268, 56, 10, 46, 64};
  // When no mean is negative the quantity is taken to be one that cannot be (a delay, a count): the axis
  // starts at 0 and a whisker reaching below it is cut there, without its cap.
  bool non_negative = true;
  for (const Bar& b : bars) non_negative = non_negative && (!b.value || *b.value >= 0);
  double lo = 0, hi = 0;
  for (const Bar& b : bars) {
    if (!b.value) continue;
    if (!non_negative) lo = std::min({lo, *b.value, b.low.value_or(*b.value)});
    hi = std::max({hi, *b.value, b.high.value_or(*b.value)});
  }
  std::vector<double> ticks = nice_ticks(lo, hi);
  double tlo = ticks.front(), thi = ticks.back();
  std::string out = open_svg(f, "kpi-chart", title) + y_axis(f, ticks, unit);
  double slot = f.plot_w() / std::max<std::size_t>(1, bars.size());
  double zero = y_of(f, 0.0, tlo, thi);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    double cx = f.left + slot * (static_cast<double>(i) + 0.5);
    double w = std::min(34.0, slot * 0.7);
    if (b.value) {
      double y = y_of(f, *b.value, tlo, thi);
      out += fmt::format(
          "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{}: {}</title></rect>\n",
          cx - w / 2, std::min(y, zero), w, std::fabs(zero - y), b.colour, html_escape(b.label),
          html_escape(b.hover.empty() ? tick_text(*b.value) : b.hover));
      if (b.low && b.high) {
        bool cut = *b.low < tlo;
        double y1 = y_of(f, std::max(*b.low, tlo), tlo, thi), y2 = y_of(f, *b.high, tlo, thi);
        std::string low_cap =
            cut ? ""
                : fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>", cx - 6, y1,
                              cx + 6, y1);
        out += fmt::format(
            "<g class=\"whisker\" stroke=\"#222222\" stroke-width=\"1.5\">"
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>{}"
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/></g>\n",
            cx, y1, cx, y2, low_cap, cx - 6, y2, cx + 6, y2);
      }
    } else {
      out +=
          fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\">n/a</text>\n",
                      cx, zero - 4);
    }
    out += fmt::format(
        "<text x=\"{0:.1f}\" y=\"{1:.1f}\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-35 "
        "{0:.1f} "
        "{1:.1f})\">{2}</text>\n",
        cx + 4, f.top + f.plot_h() + 12, html_escape(b.label));
  }
  out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333333\"/>\n",
                     f.left, zero, f.width - f.right, zero);
  return out + "</svg>\n";
}

std::string line_chart_svg(const std::string& title, const std::string& x_label, const std::string& y_label,
                           const std::vector<LineSeries>& series) {
  Frame f{560, 300, 56, 130, 46, 40};
  double xlo = 0, xhi = 1, yhi = 1;
  bool first = true;
  for (const LineSeries& s : series)
    for (auto [x, y] : s.points) {
      if (first) xlo = xhi = x, first = false;
      xlo = std::min(xlo, x);
      xhi = std::max(xhi, x);
      yhi = std::max(yhi, y);
    }
  if (!(xhi > xlo)) xhi = xlo + 1;
  std::vector<double> yt = nice_ticks(0, yhi), xt = nice_ticks(xlo, xhi, 6);
  double ylo = yt.front(), ytop = yt.back();
  std::string out = open_svg(f, "queue-chart", title) + y_axis(f, yt, y_label);
  double y_base = f.top + f.plot_h();
  for (double t : xt) {
    if (t < xlo - 1e-9 || t > xhi + 1e-9) continue;
    double x = f.left + f.plot_w() * (t - xlo) / (xhi - xlo);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\">{}</text>\n",
                       x, y_base + 14, tick_text(t));
  }
  out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333333\"/>\n",
                     f.left, y_base, f.width - f.right, y_base);
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                     f.left + f.plot_w() / 2, f.height - 6, html_escape(x_label));
  for (std::size_t i = 0; i < series.size(); ++i) {
    const LineSeries& s = series[i];
    std::string pts;
    for (auto [x, y] : s.points)
      pts +=
          fmt::format("{:.1f},{:.1f} ", f.left + f.plot_w() * (x - xlo) / (xhi - xlo), y_of(f, y, ylo, ytop));
    if (!pts.empty()) pts.pop_back();
    out += fmt::format(
        "<polyline class=\"series\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n",
        s.colour, pts);
    double ly = f.top + 10 + 16 * static_cast<double>(i);
    double lx = f.width - f.right + 10;
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"4\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\">{}</text>\n",
        lx, ly - 4, s.colour, lx + 18, ly, html_escape(s.label));
  }
  return out + "</svg>\n";
}

std::string grouped_bar_svg(const std::string& title, const std::string& y_label,
                            const std::vector<std::string>& categories,
                            const std::vector<BarGroupSeries>& series) {
  double group_w = std::max(12.0, 9.0 * static_cast<double>(series.size()) + 8.0);
  Frame f{std::max(560.0, 190.0 + group_w * static_cast<double>(categories.size())), 310, 56, 130, 46, 70};
  double hi = 1;
  for (const auto& s : series)
    for (const auto& v : s.values)
      if (v) hi = std::max(hi, *v);
  std::vector<double> yt = nice_ticks(0, hi);
  double ylo = yt.front(), ytop = yt.back();
  std::string out = open_svg(f, "junction-chart", title) + y_axis(f, yt, y_label);
  double slot = f.plot_w() / std::max<std::size_t>(1, categories.size());
  double bar_w = std::max(2.0, (slot - 4.0) / std::max<std::size_t>(1, series.size()));
  double base = y_of(f, 0.0, ylo, ytop);
  for (std::size_t c = 0; c < categories.size(); ++c) {
    double x0 = f.left + slot * static_cast<double>(c) + 2.0;
    for (std::size_t s = 0; s < series.size(); ++s) {
      if (c >= series[s].values.size() || !series[s].values[c]) continue;
      double y = y_of(f, *series[s].values[c], ylo, ytop);
      out += fmt::format(
          "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{} {}: {}</title></rect>\n",
          x0 + bar_w * static_cast<double>(s), y, bar_w, base - y, series[s].colour,
          html_escape(categories[c]), html_escape(series[s].label), tick_text(*series[s].values[c]));
    }
    double cx = x0 + slot / 2 - 2.0;
    out += fmt::format(
        "<text x=\"{0:.1f}\" y=\"{1:.1f}\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-45 "
        "{0:.1f} "
        "{1:.1f})\">{2}</text>\n",
        cx + 3, base + 12, html_escape(categories[c]));
  }
  out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333333\"/>\n",
                     f.left, base, f.width - f.right, base);
  for (std::size_t i = 0; i < series.size(); ++i) {
    double ly = f.top + 10 + 16 * static_cast<double>(i);
    double lx = f.width - f.right + 10;
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"10\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\">{}</text>\n",
        lx, ly - 9, series[i].colour, lx + 16, ly, html_escape(series[i].label));
  }
  return out + "</svg>\n";
}

}  // namespace ampel::batch
