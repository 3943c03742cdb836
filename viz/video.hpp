// Turns a recording's numbered PNG frames into an MP4 with ffmpeg, when ffmpeg is installed.
#pragma once

#include <string>

namespace ampel::viz {

struct VideoResult {
  enum class Status { made, no_ffmpeg, failed } status = Status::no_ffmpeg;
  std::string path;    // the MP4 (made) or the one ffmpeg failed to write
  std::string detail;  // why it failed: ffmpeg's exit status or the signal that stopped it
};

// Encodes `dir`/frame_00001.png ... as `dir`/ampel.mp4 (H.264, yuv420p, sizes padded to even), `fps` frames
// per second. ffmpeg is started directly (no shell, stdin closed); its error messages go to our stderr.
VideoResult encode_mp4(const std::string& dir, double fps);

// True if `program` is an executable file on the PATH.
bool on_path(const std::string& program);

}  // namespace ampel::viz
