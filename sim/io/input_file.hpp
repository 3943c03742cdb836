#pragma once
// Reading an input file (any format) within documented limits, so that a mistaken or hostile file gets one
// clear message before it costs memory: a folder given as a file, /dev/zero, a file of gigabytes, a gzip
// bomb, damaged or truncated gzip data, or data after its end. The limits are listed in scenarios/README.md.
#include <cstdint>
#include <string>
#include <string_view>

namespace ampel::io {

struct InputLimits {
  // Largest file read, on disk and after decompression (the largest city networks are a few hundred MB).
  static constexpr std::uint64_t kMaxFileBytes = 512ull << 20;
  static constexpr std::uint64_t kMaxTextBytes = 512ull << 20;
  // Text and XML compress 5 to 30 times; beyond this ratio (checked once this much has been unpacked) the
  // file is refused as a decompression bomb.
  static constexpr double kMaxGzipRatio = 100.0;
  static constexpr std::uint64_t kGzipRatioFreeBytes = 16ull << 20;
};

// The whole content of a regular file, gunzipped when it starts with the gzip magic bytes (whatever its
// name). Throws InputError(path, "", reason).
std::string read_input_file(const std::string& path);

// Gunzips `data` when it starts with the gzip magic bytes, else returns it unchanged; the same limits and
// messages as read_input_file (for text already in memory: tests and fuzzing).
std::string decompress_if_gzip(std::string_view data, const std::string& path);

}  // namespace ampel::io
