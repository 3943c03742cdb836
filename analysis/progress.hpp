#pragma once
// Progress of a batch: one line updated in place on a terminal (done/total, elapsed, ETA, failures), or,
// when the output is a log, a plain line at every tenth of the work and for every failure.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace ampel::batch {

class Progress {
 public:
  Progress(std::size_t total, bool terminal);
  // `status` is "ok", "gridlocked" or "failed"; the last two are printed with their reason.
  void run_finished(const std::string& id, const std::string& status, const std::string& reason);
  void done();  // ends the line on a terminal

 private:
  std::string line() const;
  std::mutex mutex_;
  std::size_t total_, finished_ = 0, failed_ = 0, gridlocked_ = 0, last_decile_ = 0;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
};

std::string format_duration(double seconds);

}  // namespace ampel::batch
