#include "ingest/encoding.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/text.h"

namespace rx::ingest {

std::string_view to_string(Encoding e) {
  return e == Encoding::kUtf8 ? "utf-8" : "gb18030";
}

std::optional<Encoding> parse_encoding(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "utf-8" || lower == "utf8") return Encoding::kUtf8;
  if (lower == "gbk" || lower == "gb2312" || lower == "gb18030" || lower == "cp936")
    return Encoding::kGb18030;
  return std::nullopt;
}

Encoding detect_encoding(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") return Encoding::kUtf8;
  // A multi-byte character may be cut by the end of the sample: drop up to 3 trailing bytes
  // of an unfinished sequence before checking.
  for (size_t cut = 0; cut <= std::min<size_t>(3, head.size()); ++cut)
    if (utf8_length(head.substr(0, head.size() - cut))) return Encoding::kUtf8;
  return Encoding::kGb18030;
}

Gb18030Decoder::Gb18030Decoder() : cd_(iconv_open("UTF-8", "GB18030")) {}

Gb18030Decoder::~Gb18030Decoder() {
  if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
}

Result<std::string_view> Gb18030Decoder::decode(std::string_view in) {
  if (cd_ == reinterpret_cast<iconv_t>(-1)) return internal_error("iconv has no GB18030 converter");
  out_.resize(in.size() * 2 + 4);  // GB18030 -> UTF-8 grows at most 3/2 (4 bytes stay 4)
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out_.data();
  size_t dst_left = out_.size();
  iconv(cd_, nullptr, nullptr, nullptr, nullptr);
  size_t rc = iconv(cd_, &src, &src_left, &dst, &dst_left);
  if (rc == static_cast<size_t>(-1)) {
    size_t at = in.size() - src_left + 1;
    return invalid_argument(std::string(errno == EINVAL ? "incomplete" : "invalid") +
                            " GB18030 bytes at byte " + std::to_string(at));
  }
  return std::string_view(out_.data(), out_.size() - dst_left);
}

PeekedSource::PeekedSource(ByteSource& inner, size_t size) : inner_(inner) {
  head_.resize(size);
}

Status PeekedSource::peek() {
  size_t filled = 0;
  while (filled < head_.size()) {
    RX_ASSIGN_OR_RETURN(size_t n, inner_.read(head_.data() + filled, head_.size() - filled));
    if (n == 0) break;
    filled += n;
  }
  head_.resize(filled);
  return Status::ok();
}

Result<size_t> PeekedSource::read(char* buffer, size_t size) {
  if (replayed_ < head_.size()) {
    size_t n = std::min(size, head_.size() - replayed_);
    std::memcpy(buffer, head_.data() + replayed_, n);
    replayed_ += n;
    return n;
  }
  return inner_.read(buffer, size);
}

}  // namespace rx::ingest
