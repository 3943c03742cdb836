#pragma once
// Output folders that never destroy anything ampel did not write. A command writes into a temporary sibling
// of its output folder and puts it in place with one rename at the end; an existing folder is replaced only
// when ampel wrote it (its manifest.json lists every file in it). The temporary folder goes away on every
// error and on SIGINT, SIGTERM and SIGHUP (the run stops at its next step; see check_interrupted()).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ampel::io {

// A name from a file (scenario, experiment) made safe as one file name: letters, digits, '_', '.', '+' and
// '-' kept, anything else becomes '_', no leading '.', '_' or '-', at most 80 bytes; `fallback` when nothing
// is left. "../../x" becomes "x".
std::string safe_name(std::string_view name, std::string_view fallback);

// What may become an output folder that is replaced as a whole (`ampel run`, `forecast`): a path that does
// not exist, an empty folder, or a folder ampel wrote (manifest.json with ampel_version and a list of files
// that covers everything in it). Anything else is refused unless `force`. The current folder, a folder
// holding it and "/" are always refused. Throws InputError naming `option` (e.g. "--out").
void check_output_folder(const std::filesystem::path& dir, bool force, const std::string& option);

// What may receive a batch (`ampel batch`, `compare`, `merge`): a path that does not exist, an empty folder,
// or a folder holding experiment.json (a batch to resume or merge into). Nothing is ever deleted from it.
void check_batch_folder(const std::filesystem::path& dir, const std::string& option);

// A temporary folder next to `final_dir`, filled by the caller, then put in its place by commit(). Until then
// it is removed by the destructor (errors, exceptions) and on a caught signal; parent folders created for it
// are removed again if it is never committed.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(std::filesystem::path final_dir, bool force = false, std::string option = "--out");
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  ~TemporaryFolder();

  const std::filesystem::path& path() const { return tmp_; }
  const std::filesystem::path& final_path() const { return final_; }
  // Checks the final folder once more (something may have appeared meanwhile), then swaps the temporary
  // folder into its place in one rename and deletes what was there.
  void commit();

 private:
  std::filesystem::path final_, tmp_;
  bool force_;
  std::string option_;
  std::vector<std::filesystem::path> created_parents_;
  bool committed_ = false;
  void discard() noexcept;
};

// Creates `dir` atomically: fills a TemporaryFolder with `fill(path)` and commits it. The fill should write a
// manifest.json listing its files (see write_manifest_files), so a later command may replace the folder.
template <class Fill>
void create_folder_atomically(const std::filesystem::path& dir, Fill&& fill, bool force = false) {
  TemporaryFolder tmp(dir, force);
  fill(tmp.path());
  tmp.commit();
}

// Writes a file via a temporary name and a rename, so readers never see half of it.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

// ---- signals ---------------------------------------------------------------------------------------------

// Thrown by check_interrupted() after SIGINT, SIGTERM or SIGHUP while temporary folders exist.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

// SIGINT, SIGTERM and SIGHUP: with no temporary folder in use the process ends as usual; with one, a flag is
// set, the work in progress stops at its next check_interrupted() and removes its temporary folders, and
// finish_interrupted() ends the process with the same signal. A second signal ends it at once.
void install_interrupt_handlers();
bool interrupted();
void check_interrupted();  // throws Interrupted
// Marks work that cleans up after itself on Interrupted (a batch's staging folder): while one exists, a
// signal is handled as above instead of ending the process at once.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
};
// Called last in main: re-raises the caught signal (with the default action), so callers see it as usual.
void finish_interrupted();

}  // namespace ampel::io
