// Text encodings of incoming files. Many government exports are GBK; GB18030 is its superset
// (and covers all of Unicode), so GBK and GB2312 files are read as GB18030. Everything is
// stored as UTF-8.
#pragma once

#include <iconv.h>

#include <optional>
#include <string>
#include <string_view>

#include "ingest/byte_source.h"

namespace rx::ingest {

enum class Encoding { kUtf8, kGb18030 };

std::string_view to_string(Encoding e);
// "utf-8", "utf8", "gbk", "gb2312", "gb18030" (any case); nullopt otherwise.
std::optional<Encoding> parse_encoding(std::string_view name);

// UTF-8 when `head` (the first bytes of a file) starts with a UTF-8 byte order mark or is
// valid UTF-8 (a character cut at the end of `head` allowed); GB18030 otherwise.
Encoding detect_encoding(std::string_view head);

// Converts GB18030 text to UTF-8. Not thread-safe; one per reader.
class Gb18030Decoder {
 public:
  Gb18030Decoder();
  ~Gb18030Decoder();
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

  // The UTF-8 text, valid until the next call; or why not ("invalid GB18030 bytes at byte 7").
  Result<std::string_view> decode(std::string_view in);

 private:
  iconv_t cd_;
  std::string out_;
};

// Reads the first `size` bytes ahead so the encoding can be detected, then replays them.
class PeekedSource final : public ByteSource {
 public:
  PeekedSource(ByteSource& inner, size_t size);
  Status peek();  // must be called once before read()
  std::string_view head() const { return head_; }
  Result<size_t> read(char* buffer, size_t size) override;

 private:
  ByteSource& inner_;
  std::string head_;
  size_t replayed_ = 0;
};

}  // namespace rx::ingest
