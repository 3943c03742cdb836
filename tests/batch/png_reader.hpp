#pragma once
// A minimal PNG reader for tests (8-bit RGB or RGBA, not interlaced: what headless Chromium writes), so a
// test can look at the pixels of a rendered report without an image library.
#include <cstdint>
#include <string>
#include <vector>

namespace ampel::testing {

struct Image {
  std::uint32_t width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3
  // Pixels within `tolerance` (per channel) of the colour.
  std::size_t count_colour(std::uint8_t r, std::uint8_t g, std::uint8_t b, int tolerance = 6) const;
};

// Throws std::runtime_error for anything it cannot read.
Image read_png(const std::string& path);

}  // namespace ampel::testing
