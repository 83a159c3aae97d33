#include "ingest/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace rx::ingest {

Result<size_t> MemorySource::read(char* buffer, size_t size) {
  size_t n = std::min(size, data_.size());
  std::memcpy(buffer, data_.data(), n);
  data_.remove_prefix(n);
  return n;
}

Result<FileSource> FileSource::open(const std::string& path) {
  int fd = path == "-" ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string reason = std::strerror(errno);
    if (errno == ENOENT) return not_found("cannot open '" + path + "': " + reason);
    return invalid_argument("cannot open '" + path + "': " + reason);
  }
  struct stat st {};
  ::fstat(fd, &st);
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return invalid_argument("cannot read '" + path + "': it is a directory");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return FileSource(fd, path, S_ISREG(st.st_mode) ? static_cast<int64_t>(st.st_size) : -1);
}

FileSource::FileSource(FileSource&& o) noexcept
    : fd_(o.fd_), path_(std::move(o.path_)), size_(o.size_) {
  o.fd_ = -1;
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> FileSource::read(char* buffer, size_t size) {
  for (;;) {
    ssize_t n = ::read(fd_, buffer, size);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return unavailable("cannot read '" + path_ + "': " + std::strerror(errno));
  }
}

}  // namespace rx::ingest
