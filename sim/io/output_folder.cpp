#include "sim/io/output_folder.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <set>

#include "sim/error.hpp"
#include "sim/io/json_reader.hpp"

namespace ampel::io {

namespace fs = std::filesystem;

namespace {

std::atomic<int> g_live_folders{0};
volatile sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
  if (g_signal != 0 || g_live_folders.load() == 0) {
    // Nothing to clean up, or asked twice: end as the signal would.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
    return;
  }
  g_signal = sig;
}

// "runs/a/" -> "runs/a": the folder itself, whatever way it was written.
fs::path clean(const fs::path& p) {
  fs::path c = p.lexically_normal();
  if (c.filename().empty() && c.has_parent_path()) c = c.parent_path();
  return c;
}

bool is_prefix(const fs::path& a, const fs::path& b) {  // a is b or one of its parents
  auto ia = a.begin(), ib = b.begin();
  for (; ia != a.end(); ++ia, ++ib)
    if (ib == b.end() || *ia != *ib) return false;
  return true;
}

// The folder was written by ampel and holds only what its manifest lists.
bool written_by_ampel(const fs::path& dir, const std::vector<std::string>& entries, std::string& stranger) {
  fs::path manifest = dir / "manifest.json";
  std::error_code ec;
  if (!fs::is_regular_file(manifest, ec)) return false;
  std::set<std::string> listed{"manifest.json"};
  try {
    Json j = parse_json_file(manifest.string());
    if (!j.is_object() || !j.contains("ampel_version") || !j["ampel_version"].is_string()) return false;
    if (j.contains("files") && j["files"].is_array())
      for (const Json& f : j["files"])
        if (f.is_string()) listed.insert(f.get<std::string>());
  } catch (const InputError&) {
    return false;
  }
  for (const std::string& e : entries)
    if (!listed.count(e)) {
      stranger = e;
      return false;
    }
  return true;
}

void refuse_working_folder(const fs::path& dir, const std::string& option) {
  std::error_code ec;
  fs::path target = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  fs::path cwd = fs::weakly_canonical(fs::current_path(ec), ec);
  if (ec) return;
  if (target == target.root_path() || is_prefix(target, cwd))
    throw InputError(
        "", option,
        fmt::format("'{}' is the current folder or holds it; an output folder is replaced as a whole, "
                    "so give a new folder, e.g. runs/my_run",
                    dir.string()));
}

std::vector<std::string> entries_of(const fs::path& dir, std::size_t at_most) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end && out.size() < at_most; it.increment(ec))
    out.push_back(it->path().filename().string());
  if (ec)
    throw InputError("", "", fmt::format("cannot list the folder '{}': {}", dir.string(), ec.message()));
  return out;
}

// The nearest existing ancestor must be a folder we may create things in.
void check_parent(const fs::path& dir, const std::string& option) {
  std::error_code ec;
  for (fs::path p = dir.parent_path(); !p.empty(); p = p.parent_path()) {
    fs::file_status st = fs::status(p, ec);
    if (fs::exists(st)) {
      if (!fs::is_directory(st))
        throw InputError("", option,
                         fmt::format("'{}' cannot be created: '{}' is a file", dir.string(), p.string()));
      return;
    }
    if (p == p.parent_path()) return;
  }
}

void remove_stale_siblings(const fs::path& dir) {
  fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
  std::string prefix = fmt::format(".{}.", dir.filename().string());
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    std::string rest = name.substr(prefix.size());
    if (rest.rfind("tmp-", 0) != 0 && rest.rfind("old-", 0) != 0) continue;
    std::string digits = rest.substr(4);
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    pid_t pid = static_cast<pid_t>(std::stol(digits));
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;  // its process still runs
    std::error_code rm;
    fs::remove_all(it->path(), rm);
  }
}

// rename(2) with flags where the file system has them; false when it does not support them.
bool rename_with(const fs::path& from, const fs::path& to, unsigned flags) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0) return true;
  if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) return false;
  throw fs::filesystem_error("cannot put the output folder in place", from, to,
                             std::error_code(errno, std::generic_category()));
}

}  // namespace

std::string safe_name(std::string_view name, std::string_view fallback) {
  std::string out;
  for (char ch : name) {
    if (out.size() >= 80) break;
    unsigned char c = static_cast<unsigned char>(ch);
    out += std::isalnum(c) || c == '_' || c == '.' || c == '+' || c == '-' ? static_cast<char>(c) : '_';
  }
  while (!out.empty() && (out.front() == '.' || out.front() == '_' || out.front() == '-'))
    out.erase(out.begin());
  return out.empty() ? std::string(fallback) : out;
}

void check_output_folder(const fs::path& dir_in, bool force, const std::string& option) {
  fs::path dir = clean(dir_in);
  if (dir.empty()) throw InputError("", option, "the output folder name is empty");
  refuse_working_folder(dir, option);
  std::error_code ec;
  fs::file_status st = fs::symlink_status(dir, ec);
  if (!fs::exists(st)) {
    check_parent(dir, option);
    return;
  }
  std::string what;
  if (fs::is_symlink(st)) {
    what = "is a symbolic link";
  } else if (!fs::is_directory(st)) {
    what = "is a file";
  } else {
    auto entries = entries_of(dir, 100000);
    std::string stranger;
    if (entries.empty() || written_by_ampel(dir, entries, stranger)) return;
    if (stranger.empty()) stranger = entries.front();
    what = fmt::format("holds {} entries ampel did not write (e.g. '{}')", entries.size(), stranger);
  }
  if (force) return;
  throw InputError(
      "", option,
      fmt::format("'{}' {}; it is left untouched. Give a new folder, or add --force to replace it "
                  "(everything in it is deleted)",
                  dir.string(), what));
}

void check_batch_folder(const fs::path& dir_in, const std::string& option) {
  fs::path dir = clean(dir_in);
  if (dir.empty()) throw InputError("", option, "the output folder name is empty");
  std::error_code ec;
  fs::file_status st = fs::status(dir, ec);
  if (!fs::exists(st)) {
    check_parent(dir, option);
    return;
  }
  if (!fs::is_directory(st))
    throw InputError("", option, fmt::format("'{}' is a file; a batch writes a folder", dir.string()));
  if (fs::exists(dir / "experiment.json", ec) || entries_of(dir, 1).empty()) return;
  throw InputError(
      "", option,
      fmt::format("'{}' holds other files and no experiment.json of a batch; it is left untouched. "
                  "Give a new or empty folder",
                  dir.string()));
}

TemporaryFolder::TemporaryFolder(fs::path final_dir, bool force, std::string option)
    : final_(clean(final_dir)), force_(force), option_(std::move(option)) {
  check_output_folder(final_, force_, option_);
  fs::path parent = final_.parent_path();
  for (fs::path p = parent; !p.empty() && !fs::exists(p); p = p.parent_path()) {
    created_parents_.push_back(p);
    if (p == p.parent_path()) break;
  }
  if (!parent.empty()) fs::create_directories(parent);
  remove_stale_siblings(final_);
  tmp_ = (parent.empty() ? fs::path(".") : parent) /
         fmt::format(".{}.tmp-{}", final_.filename().string(), ::getpid());
  ++g_live_folders;
  try {
    fs::remove_all(tmp_);
    fs::create_directory(tmp_);
  } catch (...) {
    discard();
    throw;
  }
}

TemporaryFolder::~TemporaryFolder() {
  if (!committed_) discard();
}

void TemporaryFolder::discard() noexcept {
  std::error_code ec;
  fs::remove_all(tmp_, ec);
  for (const fs::path& p : created_parents_) fs::remove(p, ec);  // only while empty, deepest first
  created_parents_.clear();
  if (!committed_) --g_live_folders;
  committed_ = true;
}

void TemporaryFolder::commit() {
  check_output_folder(final_, force_, option_);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(final_, ec))) {
    // One step: the new folder takes the old one's place; the old content is then in tmp_ and is deleted.
    if (!rename_with(tmp_, final_, RENAME_EXCHANGE)) {
      fs::path old = final_.parent_path() / fmt::format(".{}.old-{}", final_.filename().string(), ::getpid());
      fs::remove_all(old);
      fs::rename(final_, old);
      fs::rename(tmp_, final_);
      fs::remove_all(old);
    }
    fs::remove_all(tmp_, ec);
  } else if (!rename_with(tmp_, final_, RENAME_NOREPLACE)) {
    fs::rename(tmp_, final_);
  }
  committed_ = true;
  created_parents_.clear();
  --g_live_folders;
}

void write_file_atomically(const fs::path& path, const std::string& content) {
  fs::path tmp = path;
  tmp += fmt::format(".tmp-{}", ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << content;
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error("cannot write " + path.string());
    }
  }
  fs::rename(tmp, path);
}

Interrupted::Interrupted(int sig)
    : std::runtime_error(fmt::format("interrupted by signal {}", sig)), signal_(sig) {}

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

bool interrupted() {
  return g_signal != 0;
}

void check_interrupted() {
  if (g_signal != 0) throw Interrupted(g_signal);
}

InterruptScope::InterruptScope() {
  ++g_live_folders;
}

InterruptScope::~InterruptScope() {
  --g_live_folders;
}

void finish_interrupted() {
  if (g_signal == 0) return;
  int sig = g_signal;
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace ampel::io
