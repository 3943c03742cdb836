#include "viz/painter.hpp"

#include <fmt/format.h>
#include <SFML/Graphics/RectangleShape.hpp>
#include <SFML/Graphics/Text.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace ampel::viz {

std::string clock_text(std::int64_t t_ms) {
  std::int64_t s = std::max<std::int64_t>(0, t_ms / 1000);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

double round_up_nice(double v) {
  if (!(v > 0)) return 0;
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double f : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
    if (f * p >= v * (1 - 1e-12)) return f * p;
  return 10 * p;
}

std::string default_font_path() {
  for (const char* p : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                        "/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"})
    if (std::filesystem::exists(p)) return p;
  throw std::runtime_error("font DejaVuSans.ttf not found: install the Debian package fonts-dejavu-core");
}

namespace {
sf::Text make(const sf::Font& f, const std::string& s, unsigned size, bool bold) {
  sf::Text t(sf::String::fromUtf8(s.begin(), s.end()), f, size);
  if (bold) t.setStyle(sf::Text::Bold);
  return t;
}
}  // namespace

float Painter::text(const std::string& s, float x, float y, unsigned size, sf::Color color, bool bold) {
  sf::Text t = make(font_, s, size, bold);
  t.setFillColor(color);
  t.setPosition(std::round(x), std::round(y));
  t_.draw(t);
  return t.getLocalBounds().width;
}

float Painter::width(const std::string& s, unsigned size, bool bold) const {
  return make(font_, s, size, bold).getLocalBounds().width;
}

float Painter::fit_text(const std::string& s, float x, float y, float max_w, unsigned size, sf::Color color,
                        bool bold, unsigned min_size) {
  unsigned sz = size;
  while (sz > min_size && width(s, sz, bold) > max_w) --sz;
  if (width(s, sz, bold) <= max_w) return text(s, x, y + static_cast<float>(size - sz) / 2, sz, color, bold);
  // Still too long: cut whole characters (UTF-8 aware) and end with an ellipsis.
  sf::String u = sf::String::fromUtf8(s.begin(), s.end());
  std::size_t n = u.getSize();
  while (n > 0) {
    --n;
    sf::String cut = u.substring(0, n) + sf::String(L"\u2026");
    auto bytes = cut.toUtf8();
    std::string c(bytes.begin(), bytes.end());
    if (width(c, sz, bold) <= max_w)
      return text(c, x, y + static_cast<float>(size - sz) / 2, sz, color, bold);
  }
  return 0;
}

float Painter::wrap_text(const std::string& s, float x, float y, float max_w, unsigned size, sf::Color color,
                         int max_lines, const std::string& separator) {
  const float line_h = static_cast<float>(size) * 1.3f;
  std::vector<std::string> words;
  for (std::size_t start = 0;;) {
    std::size_t at = s.find(separator, start);
    words.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + separator.size();
  }
  int lines = 0;
  std::string current;
  for (std::size_t i = 0; i <= words.size(); ++i) {
    std::string next = i < words.size() ? (current.empty() ? words[i] : current + separator + words[i]) : "";
    if (i < words.size() && (current.empty() || width(next, size) <= max_w)) {
      current = next;
      continue;
    }
    if (lines + 1 == max_lines && i < words.size()) {
      // The last line allowed: put the rest on it, cut to fit.
      for (std::size_t k = i; k < words.size(); ++k) current += separator + words[k];
      fit_text(current, x, y + line_h * static_cast<float>(lines), max_w, size, color, false, size);
      return line_h * static_cast<float>(lines + 1);
    }
    // A line broken at a separator keeps its visible part (" / ", " → ") at its end.
    std::string mark = separator;
    mark.erase(0, mark.find_first_not_of(' '));
    if (!mark.empty()) mark.erase(mark.find_last_not_of(' ') + 1);
    std::string shown = i < words.size() && !mark.empty() ? current + " " + mark : current;
    fit_text(shown, x, y + line_h * static_cast<float>(lines), max_w, size, color, false, size - 2);
    ++lines;
    if (i < words.size()) current = words[i];
  }
  return line_h * static_cast<float>(lines);
}

void Painter::box(sf::FloatRect r, sf::Color fill, sf::Color edge) {
  sf::RectangleShape shape({r.width, r.height});
  shape.setPosition(r.left, r.top);
  shape.setFillColor(fill);
  if (edge.a > 0) {
    shape.setOutlineColor(edge);
    shape.setOutlineThickness(-1);
  }
  t_.draw(shape);
}

void Painter::line(sf::Vector2f a, sf::Vector2f b, sf::Color c, float thickness) {
  sf::Vector2f d = b - a;
  float len = std::hypot(d.x, d.y);
  if (len <= 0) return;
  sf::RectangleShape r({len, thickness});
  r.setOrigin(0, thickness / 2);
  r.setPosition(a);
  r.setRotation(std::atan2(d.y, d.x) * 180.0f / 3.14159265f);
  r.setFillColor(c);
  t_.draw(r);
}

}  // namespace ampel::viz
