#include "sim/io/input_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <cerrno>
#include <cstring>

#include "sim/error.hpp"

namespace ampel::io {

namespace {

std::string megabytes(std::uint64_t bytes) {
  return fmt::format("{:.0f} MB", static_cast<double>(bytes) / (1 << 20));
}

bool is_gzip(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

// Closes the descriptor on every way out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string decompress_if_gzip(std::string_view data, const std::string& path) {
  if (!is_gzip(data)) return std::string(data);
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) throw InputError(path, "", "cannot start gzip decompression");
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&zs};
  std::string out;
  std::size_t pos = 0;  // input consumed by finished members
  char buf[1 << 16];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(std::min<std::size_t>(data.size(), 1u << 30));
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    std::uint64_t consumed = pos + zs.total_in;
    if (out.size() > InputLimits::kMaxTextBytes)
      throw InputError(path, "",
                       fmt::format("the gzip data unpacks to more than {}, the limit for one input file",
                                   megabytes(InputLimits::kMaxTextBytes)));
    if (out.size() > InputLimits::kGzipRatioFreeBytes &&
        static_cast<double>(out.size()) > InputLimits::kMaxGzipRatio * static_cast<double>(consumed))
      throw InputError(
          path, "",
          fmt::format("the gzip data unpacks to more than {:.0f} times its size (a decompression "
                      "bomb?); refused",
                      InputLimits::kMaxGzipRatio));
    if (rc == Z_STREAM_END) {
      pos += zs.total_in;
      std::string_view rest = data.substr(pos);
      if (rest.empty()) return out;
      if (is_gzip(rest)) {  // concatenated members are one valid gzip file
        inflateReset(&zs);
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(rest.data()));
        zs.avail_in = static_cast<uInt>(std::min<std::size_t>(rest.size(), 1u << 30));
        continue;
      }
      throw InputError(path, fmt::format("byte {}", pos),
                       fmt::format("{} bytes of other data follow the end of the gzip data (a damaged or "
                                   "wrongly joined file)",
                                   rest.size()));
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0)
      throw InputError(path, "", "the gzip data is truncated (the file ends in the middle of it)");
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      throw InputError(path, fmt::format("byte {}", consumed),
                       fmt::format("damaged gzip data: {}", zs.msg ? zs.msg : "cannot decompress"));
  }
}

std::string read_input_file(const std::string& path) {
  if (path.empty()) throw InputError(path, "", "no file name given");
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (f.fd < 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) throw InputError(path, "", "file not found");
    if (e == EACCES) throw InputError(path, "", "cannot open the file: permission denied");
    throw InputError(path, "", fmt::format("cannot open the file: {}", std::strerror(e)));
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) throw InputError(path, "", "cannot read the file's size");
  if (S_ISDIR(st.st_mode)) throw InputError(path, "", "this is a folder, not a file");
  if (!S_ISREG(st.st_mode))
    throw InputError(path, "", "not a regular file (a device, pipe or socket); give a file on disk");
  if (static_cast<std::uint64_t>(st.st_size) > InputLimits::kMaxFileBytes)
    throw InputError(path, "",
                     fmt::format("the file has {}; the limit for one input file is {}",
                                 megabytes(static_cast<std::uint64_t>(st.st_size)),
                                 megabytes(InputLimits::kMaxFileBytes)));
  std::string data;
  data.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputError(path, "", fmt::format("cannot read the file: {}", std::strerror(errno)));
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > InputLimits::kMaxFileBytes)  // it grew while being read
      throw InputError(path, "",
                       fmt::format("the file has more than {}", megabytes(InputLimits::kMaxFileBytes)));
  }
  if (!is_gzip(data)) return data;
  return decompress_if_gzip(data, path);
}

}  // namespace ampel::io
