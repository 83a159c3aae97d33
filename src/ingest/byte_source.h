// Where ingested bytes come from: a file descriptor (files, stdin) or memory (an HTTP body).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace rx::ingest {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes; 0 at the end. An error only for a failed read.
  virtual Result<size_t> read(char* buffer, size_t size) = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  Result<size_t> read(char* buffer, size_t size) override;

 private:
  std::string_view data_;
};

// Owns the descriptor and closes it.
class FileSource final : public ByteSource {
 public:
  // kNotFound / kInvalidArgument naming the path when it cannot be opened.
  static Result<FileSource> open(const std::string& path);
  FileSource(FileSource&& other) noexcept;
  FileSource& operator=(FileSource&&) = delete;
  ~FileSource() override;
  Result<size_t> read(char* buffer, size_t size) override;
  int64_t size_bytes() const { return size_; }  // -1 when unknown (a pipe)

 private:
  FileSource(int fd, std::string path, int64_t size)
      : fd_(fd), path_(std::move(path)), size_(size) {}
  int fd_;
  std::string path_;
  int64_t size_;
};

}  // namespace rx::ingest
