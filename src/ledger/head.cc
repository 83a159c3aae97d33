#include "ledger/head.h"

#include <charconv>

#include "crypto/crypto.h"

namespace rx::ledger {
namespace {

constexpr std::string_view kEmDash = "\xe2\x80\x94 ";  // U+2014 and a space
constexpr char kNoteEd25519 = 0x01;
constexpr char kCosignatureV1 = 0x04;

void put_u64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

uint64_t get_u64(std::string_view bytes) {
  uint64_t v = 0;
  for (char c : bytes.substr(0, 8)) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

std::string cosigned_message(std::string_view body, uint64_t timestamp_s) {
  return "cosignature/v1\ntime " + std::to_string(timestamp_s) + "\n" + std::string(body);
}

std::optional<uint64_t> parse_decimal(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

Status bad_note(int line, std::string_view why) {
  return invalid_argument(
      "checkpoint line " + std::to_string(line) + ": " + std::string(why),
      {{"checkpoint", "line " + std::to_string(line) + ": " + std::string(why)}});
}

}  // namespace

std::string tree_head_data(uint64_t size, const Hash& root, int64_t timestamp_ms) {
  std::string out;
  put_u64(out, static_cast<uint64_t>(timestamp_ms));
  put_u64(out, size);
  out.push_back(static_cast<char>(root.size()));
  out += crypto::as_bytes(root);
  out.append(2, '\0');  // no extensions
  return out;
}

TreeHead sign_head(const crypto::Ed25519Key& key, uint64_t size, const Hash& root,
                   int64_t timestamp_ms) {
  return {size, root, timestamp_ms, key.sign(tree_head_data(size, root, timestamp_ms))};
}

bool verify_head(std::string_view public_key, const TreeHead& head) {
  return crypto::ed25519_verify(public_key, tree_head_data(head.size, head.root, head.timestamp_ms),
                                head.signature);
}

std::string checkpoint_body(std::string_view origin, uint64_t size, const Hash& root) {
  return std::string(origin) + "\n" + std::to_string(size) + "\n" +
         crypto::base64(crypto::as_bytes(root)) + "\n";
}

std::string note_key_id(std::string_view name, char type, std::string_view public_key) {
  crypto::Digest d = crypto::sha256({name, "\n", std::string_view(&type, 1), public_key});
  return std::string(crypto::as_bytes(d).substr(0, 4));
}

std::string note_verifier_key(std::string_view name, std::string_view public_key) {
  return std::string(name) + "+" +
         crypto::sha256_hex(std::string(name) + "\n\x01" + std::string(public_key)).substr(0, 8) +
         "+" + crypto::base64(std::string(1, kNoteEd25519) + std::string(public_key));
}

std::string sign_note(const crypto::Ed25519Key& key, std::string_view name, std::string_view body) {
  std::string payload = note_key_id(name, kNoteEd25519, key.public_key()) + key.sign(body);
  return std::string(body) + "\n" + std::string(kEmDash) + std::string(name) + " " +
         crypto::base64(payload) + "\n";
}

std::string cosignature_line(const crypto::Ed25519Key& key, std::string_view name,
                             std::string_view body, uint64_t timestamp_s) {
  std::string payload = note_key_id(name, kCosignatureV1, key.public_key());
  put_u64(payload, timestamp_s);
  payload += key.sign(cosigned_message(body, timestamp_s));
  return std::string(kEmDash) + std::string(name) + " " + crypto::base64(payload) + "\n";
}

Result<Checkpoint> parse_checkpoint(std::string_view note) {
  size_t blank = note.find("\n\n");
  if (blank == std::string_view::npos) return bad_note(1, "no blank line before signatures");
  Checkpoint c;
  c.body = std::string(note.substr(0, blank + 1));
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < c.body.size();) {
    size_t end = c.body.find('\n', start);
    lines.push_back(std::string_view(c.body).substr(start, end - start));
    start = end + 1;
  }
  if (lines.size() < 3) return bad_note(static_cast<int>(lines.size()) + 1, "missing line");
  if (lines[0].empty()) return bad_note(1, "empty origin");
  c.origin = std::string(lines[0]);
  std::optional<uint64_t> size = parse_decimal(lines[1]);
  if (!size) return bad_note(2, "tree size is not a decimal number");
  c.size = *size;
  std::optional<std::string> root = crypto::base64_decode(lines[2]);
  if (!root || root->size() != c.root.size()) return bad_note(3, "root is not base64 of 32 bytes");
  std::copy(root->begin(), root->end(), c.root.begin());
  int line_no = static_cast<int>(lines.size()) + 2;
  std::string_view rest = note.substr(blank + 2);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    if (end == std::string_view::npos) return bad_note(line_no, "signature line not ended");
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    if (!line.starts_with(kEmDash)) return bad_note(line_no, "not a signature line");
    line.remove_prefix(kEmDash.size());
    size_t space = line.rfind(' ');
    if (space == std::string_view::npos || space == 0) {
      return bad_note(line_no, "signature line lacks a name");
    }
    std::optional<std::string> payload = crypto::base64_decode(line.substr(space + 1));
    if (!payload || payload->size() < 5) return bad_note(line_no, "signature is not base64");
    c.signatures.push_back(
        {std::string(line.substr(0, space)), payload->substr(0, 4), payload->substr(4)});
    ++line_no;
  }
  return c;
}

bool has_note_signature(const Checkpoint& c, std::string_view name, std::string_view public_key) {
  std::string id = note_key_id(name, kNoteEd25519, public_key);
  for (const NoteSignature& s : c.signatures) {
    if (s.name == name && s.key_id == id && crypto::ed25519_verify(public_key, c.body, s.payload))
      return true;
  }
  return false;
}

std::optional<uint64_t> cosignature_time(const Checkpoint& c, std::string_view name,
                                         std::string_view public_key) {
  std::string id = note_key_id(name, kCosignatureV1, public_key);
  for (const NoteSignature& s : c.signatures) {
    if (s.name != name || s.key_id != id || s.payload.size() != 8 + 64) continue;
    uint64_t t = get_u64(s.payload);
    if (crypto::ed25519_verify(public_key, cosigned_message(c.body, t), s.payload.substr(8)))
      return t;
  }
  return std::nullopt;
}

}  // namespace rx::ledger
