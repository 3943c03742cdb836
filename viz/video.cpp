#include "viz/video.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

extern char** environ;

namespace ampel::viz {

namespace fs = std::filesystem;

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string dirs = path;
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    fs::path p = fs::path(dirs.substr(start, end - start)) / program;
    if (::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p)) return true;
    start = end + 1;
  }
  return false;
}

VideoResult encode_mp4(const std::string& dir, double fps) {
  VideoResult r;
  r.path = (fs::path(dir) / "ampel.mp4").string();
  if (!on_path("ffmpeg")) return r;
  r.status = VideoResult::Status::failed;
  std::vector<std::string> args = {"ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-framerate",
                                   fmt::format("{}", fps), "-i", (fs::path(dir) / "frame_%05d.png").string(),
                                   "-c:v", "libx264", "-pix_fmt", "yuv420p",
                                   // H.264 with 4:2:0 chroma needs even sizes.
                                   "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", r.path};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  int err = posix_spawnp(&pid, "ffmpeg", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) {
    r.detail = fmt::format("ffmpeg could not be started: {}", std::strerror(err));
    return r;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      r.detail = fmt::format("waiting for ffmpeg: {}", std::strerror(errno));
      return r;
    }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    std::error_code ec;
    if (fs::file_size(r.path, ec) > 0 && !ec) {
      r.status = VideoResult::Status::made;
      return r;
    }
    r.detail = "ffmpeg wrote no video";
  } else if (WIFEXITED(status)) {
    r.detail = fmt::format("ffmpeg exited with status {}", WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    r.detail = fmt::format("ffmpeg was stopped by signal {}", WTERMSIG(status));
  }
  // Nothing half-written: a failed encoding leaves no video behind.
  std::error_code ec;
  fs::remove(r.path, ec);
  return r;
}

}  // namespace ampel::viz
