// Signed tree heads and their publication as C2SP signed notes.
//
// A head is signed twice with the ledger's Ed25519 key:
//  - over RFC 9162's TreeHeadDataV2 (timestamp, size, root) for `GET /ledger/head`;
//  - over the C2SP tlog-checkpoint body ("<origin>\n<size>\n<base64 root>\n") as a signed note,
//    so that transparency-log witnesses and tools (Go's golang.org/x/mod/sumdb/note,
//    litewitness, ...) check it without knowing rongxin.
// Witnesses add C2SP tlog-cosignature/v1 lines to the same note.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/signing.h"
#include "ledger/merkle.h"

namespace rx::ledger {

struct TreeHead {
  uint64_t size = 0;
  Hash root{};
  int64_t timestamp_ms = 0;  // milliseconds since the epoch, as RFC 9162 counts
  std::string signature;     // raw 64-byte Ed25519 over tree_head_data()
};

// TLS encoding of RFC 9162 TreeHeadDataV2 with no extensions:
// uint64 timestamp || uint64 tree_size || uint8 32 || root_hash || uint16 0.
std::string tree_head_data(uint64_t size, const Hash& root, int64_t timestamp_ms);
TreeHead sign_head(const crypto::Ed25519Key& key, uint64_t size, const Hash& root,
                   int64_t timestamp_ms);
bool verify_head(std::string_view public_key, const TreeHead& head);

// --- C2SP signed notes -------------------------------------------------------------------

// "<origin>\n<size>\n<base64 root>\n".
std::string checkpoint_body(std::string_view origin, uint64_t size, const Hash& root);

// The 4-byte key id of a note key: SHA-256(name || "\n" || type || public key)[:4], with type
// 0x01 for Ed25519 note signatures and 0x04 for tlog-cosignature/v1.
std::string note_key_id(std::string_view name, char type, std::string_view public_key);

// The note verifier key "<name>+<hex key id>+<base64(0x01 || public key)>".
std::string note_verifier_key(std::string_view name, std::string_view public_key);

// body + "\n" + "— <name> <base64(key id || signature)>\n".
std::string sign_note(const crypto::Ed25519Key& key, std::string_view name, std::string_view body);

// The cosignature line a witness named `name` adds at time `timestamp_s` (seconds).
std::string cosignature_line(const crypto::Ed25519Key& key, std::string_view name,
                             std::string_view body, uint64_t timestamp_s);

struct NoteSignature {
  std::string name;
  std::string key_id;   // 4 bytes
  std::string payload;  // what follows the key id: signature, or timestamp || signature
};

struct Checkpoint {
  std::string body;  // the signed text, up to and including the blank line's first '\n'
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<NoteSignature> signatures;
};

// Parses a signed note holding a checkpoint; errors name the line and why.
Result<Checkpoint> parse_checkpoint(std::string_view note);

// Is one of the note's signatures a valid Ed25519 note signature by (name, public_key)?
bool has_note_signature(const Checkpoint& c, std::string_view name, std::string_view public_key);
// Is one a valid cosignature/v1 by (name, public_key)? Returns its timestamp if so.
std::optional<uint64_t> cosignature_time(const Checkpoint& c, std::string_view name,
                                         std::string_view public_key);

}  // namespace rx::ledger
