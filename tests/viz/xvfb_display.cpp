// Private Xvfb for the window tests (see xvfb_display.hpp). Xlib stays in this file: its macros (None, Bool,
// Status) would leak into every test that includes the header.
#include "tests/viz/xvfb_display.hpp"

#include <X11/Xlib.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ampel::viz::testing {
namespace {

class XvfbServer {
 public:
  XvfbServer() {
    for (int attempt = 0; attempt < 5; ++attempt) {
      std::string display = start();
      if (!display.empty() && can_connect(display)) {
        setenv("DISPLAY", display.c_str(), 1);
        return;
      }
      stop();
    }
    throw std::runtime_error("could not start a working Xvfb (Debian package xvfb)");
  }
  ~XvfbServer() { stop(); }
  XvfbServer(const XvfbServer&) = delete;
  XvfbServer& operator=(const XvfbServer&) = delete;

 private:
  // Starts Xvfb and returns ":N", or "" when it did not report a display.
  std::string start() {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      // The server dies with the test process, and holds none of its output pipes (ctest waits for those).
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      close(fds[0]);
      int null_fd = open("/dev/null", O_RDWR);
      dup2(null_fd, STDIN_FILENO);
      dup2(null_fd, STDOUT_FILENO);
      dup2(null_fd, STDERR_FILENO);
      std::string fd = std::to_string(fds[1]);
      execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
             "-noreset", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string number;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') number += c;
    close(fds[0]);
    return number.empty() ? std::string() : ":" + number;
  }
  static bool can_connect(const std::string& display) {
    Display* d = XOpenDisplay(display.c_str());
    if (!d) return false;
    XCloseDisplay(d);
    return true;
  }
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
  }

  pid_t pid_ = -1;
};

}  // namespace

void ensure_display() {
  const char* own = std::getenv("AMPEL_TEST_DISPLAY");
  const char* d = std::getenv("DISPLAY");
  if (own && std::string(own) == "1" && d && *d) return;
  static XvfbServer server;
}

}  // namespace ampel::viz::testing
