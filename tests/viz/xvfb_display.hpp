#pragma once
// Window tests need an X display. Without one (CI, a terminal session) this starts a private Xvfb for the
// test process, choosing a free display number itself (-displayfd), so parallel tests never collide.
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ampel::viz::testing {

class XvfbServer {
 public:
  XvfbServer() {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      close(fds[0]);
      std::string fd = std::to_string(fds[1]);
      execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
             static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string number;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') number += c;
    close(fds[0]);
    if (number.empty()) throw std::runtime_error("could not start Xvfb (Debian package xvfb)");
    setenv("DISPLAY", (":" + number).c_str(), 1);
  }
  ~XvfbServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  XvfbServer(const XvfbServer&) = delete;
  XvfbServer& operator=(const XvfbServer&) = delete;

 private:
  pid_t pid_ = -1;
};

// Makes sure DISPLAY names a working X server for this process (one Xvfb at most, kept to the end).
inline void ensure_display() {
  const char* d = std::getenv("DISPLAY");
  if (d && *d) return;
  static XvfbServer server;
}

}  // namespace ampel::viz::testing
