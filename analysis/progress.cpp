#include "analysis/progress.hpp"

#include <fmt/format.h>
#include <cmath>

namespace ampel::batch {

std::string format_duration(double s) {
  if (!(s >= 0) || !std::isfinite(s)) return "--:--";
  auto t = static_cast<long long>(std::llround(s));
  if (t >= 3600) return fmt::format("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
  return fmt::format("{}:{:02}", t / 60, t % 60);
}

Progress::Progress(std::size_t total, bool terminal)
    : total_(total), terminal_(terminal), start_(std::chrono::steady_clock::now()) {
  if (terminal_ && total_ > 0) fmt::print("\r{}", line());
  std::fflush(stdout);
}

std::string Progress::line() const {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double eta =
      finished_ > 0 ? elapsed / static_cast<double>(finished_) * static_cast<double>(total_ - finished_) : -1;
  return fmt::format(
      "runs {}/{} ({:.0f} %) | elapsed {} | ETA {} | gridlocked {} | failed {}", finished_, total_,
      total_ ? 100.0 * static_cast<double>(finished_) / static_cast<double>(total_) : 100.0,
      format_duration(elapsed), finished_ > 0 ? format_duration(eta) : "--:--", gridlocked_, failed_);
}

void Progress::run_finished(const std::string& id, const std::string& status, const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++finished_;
  bool ok = status == "ok";
  failed_ += status == "failed";
  gridlocked_ += status == "gridlocked";
  if (terminal_) {
    if (!ok) fmt::print("\r\x1b[2K{}: {}: {}\n", status, id, reason);
    fmt::print("\r\x1b[2K{}", line());
  } else {
    if (!ok) fmt::print("{}: {}: {}\n", status, id, reason);
    std::size_t decile = total_ ? finished_ * 10 / total_ : 10;
    if (decile > last_decile_) {
      last_decile_ = decile;
      fmt::print("{}\n", line());
    }
  }
  std::fflush(stdout);
}

void Progress::done() {
  std::lock_guard lock(mutex_);
  if (terminal_) fmt::print("\n");
  std::fflush(stdout);
}

}  // namespace ampel::batch
