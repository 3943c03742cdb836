#include "png_reader.hpp"

#include <zlib.h>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace ampel::testing {

namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

int paeth(int a, int b, int c) {
  int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

}  // namespace

std::size_t Image::count_colour(std::uint8_t r, std::uint8_t g, std::uint8_t b, int tol) const {
  std::size_t n = 0;
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3)
    if (std::abs(rgb[i] - r) <= tol && std::abs(rgb[i + 1] - g) <= tol && std::abs(rgb[i + 2] - b) <= tol)
      ++n;
  return n;
}

Image read_png(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const std::uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (data.size() < 8 || !std::equal(sig, sig + 8, data.begin()))
    throw std::runtime_error(path + ": not a PNG");
  Image img;
  int colour_type = -1, channels = 0;
  std::vector<std::uint8_t> idat;
  for (std::size_t pos = 8; pos + 12 <= data.size();) {
    std::uint32_t len = be32(&data[pos]);
    std::string type(data.begin() + pos + 4, data.begin() + pos + 8);
    const std::uint8_t* body = &data[pos + 8];
    if (pos + 12 + len > data.size()) throw std::runtime_error(path + ": truncated chunk");
    if (type == "IHDR") {
      img.width = be32(body);
      img.height = be32(body + 4);
      colour_type = body[9];
      if (body[8] != 8 || body[12] != 0 || (colour_type != 2 && colour_type != 6))
        throw std::runtime_error(path + ": only 8-bit RGB/RGBA, non-interlaced PNGs are supported");
      channels = colour_type == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      idat.insert(idat.end(), body, body + len);
    } else if (type == "IEND") {
      break;
    }
    pos += 12 + len;
  }
  if (channels == 0) throw std::runtime_error(path + ": no IHDR");
  std::size_t stride = std::size_t{img.width} * channels;
  std::vector<std::uint8_t> raw((stride + 1) * img.height);
  uLongf raw_len = raw.size();
  if (uncompress(raw.data(), &raw_len, idat.data(), idat.size()) != Z_OK || raw_len != raw.size())
    throw std::runtime_error(path + ": bad image data");
  std::vector<std::uint8_t> prev(stride, 0), cur(stride);
  img.rgb.reserve(std::size_t{img.width} * img.height * 3);
  for (std::uint32_t y = 0; y < img.height; ++y) {
    const std::uint8_t* line = &raw[y * (stride + 1)];
    int filter = line[0];
    for (std::size_t x = 0; x < stride; ++x) {
      int a = x >= static_cast<std::size_t>(channels) ? cur[x - channels] : 0;
      int b = prev[x];
      int c = x >= static_cast<std::size_t>(channels) ? prev[x - channels] : 0;
      int v = line[1 + x];
      switch (filter) {
        case 0:
          break;
        case 1:
          v += a;
          break;
        case 2:
          v += b;
          break;
        case 3:
          v += (a + b) / 2;
          break;
        case 4:
          v += paeth(a, b, c);
          break;
        default:
          throw std::runtime_error(path + ": bad filter");
      }
      cur[x] = static_cast<std::uint8_t>(v);
    }
    for (std::uint32_t x = 0; x < img.width; ++x)
      for (int ch = 0; ch < 3; ++ch) img.rgb.push_back(cur[x * channels + ch]);
    std::swap(prev, cur);
  }
  return img;
}

}  // namespace ampel::testing
