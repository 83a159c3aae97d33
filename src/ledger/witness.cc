#include "ledger/witness.h"

#include "ledger/head.h"
#include "ledger/tables.h"

namespace rx::ledger {
namespace {

using store::Rows;
using store::Session;

Status record_fork(Session& s, const Fork& f, Instant at) {
  return s
      .execute(
          "INSERT INTO ledger_forks (origin, detected_at, known_checkpoint, "
          "conflicting_checkpoint, reason) VALUES (?, ?, ?, ?, ?)",
          {f.origin, micros(at), f.known_checkpoint, f.conflicting_checkpoint, f.reason})
      .status();
}

}  // namespace

Result<WitnessOutcome> witness_checkpoint(store::Database& db, const crypto::Ed25519Key& key,
                                          std::string_view name, const Clock& clock,
                                          const WitnessRequest& request) {
  RX_ASSIGN_OR_RETURN(Checkpoint c, parse_checkpoint(request.checkpoint));
  if (request.log_public_key.size() != 32) {
    return invalid_argument("the log's public key must be 32 bytes",
                            {{"public_key", "must be a raw Ed25519 key (32 bytes)"}});
  }
  if (!has_note_signature(c, c.origin, request.log_public_key)) {
    return invalid_argument("the checkpoint is not signed by " + c.origin + " with that key",
                            {{"checkpoint", "no valid signature by its origin"}});
  }
  WitnessOutcome out;
  Instant now = clock.now();
  RX_RETURN_IF_ERROR(db.write([&](Session& s) -> Status {
    out = {};
    RX_ASSIGN_OR_RETURN(Rows seen, s.query("SELECT size, root_hash, checkpoint, public_key FROM "
                                           "ledger_witnessed_logs WHERE origin = ?",
                                           {c.origin}));
    if (!seen.empty()) {
      auto size = static_cast<uint64_t>(seen[0].integer(0));
      std::optional<Hash> root = hash_from_hex(seen[0].text(1));
      if (!root) return data_loss("witnessed root of " + c.origin + " is malformed");
      if (seen[0].text(3) != hex_of(request.log_public_key)) {
        return invalid_argument("the log " + c.origin + " is known with another public key",
                                {{"public_key", "differs from the one first seen"}});
      }
      out.previous_size = size;
      if (c.size < size) {
        return failed_precondition("stale checkpoint: this witness has seen " + c.origin +
                                   " at size " + std::to_string(size));
      }
      bool consistent = c.size == size
                            ? c.root == *root
                            : verify_consistency(size, c.size, *root, c.root, request.proof);
      if (!consistent) {
        out.fork = Fork{c.origin, seen[0].text(2), request.checkpoint,
                        c.size == size ? "two different roots for size " + std::to_string(size)
                                       : "the proof does not show size " + std::to_string(size) +
                                             " is a prefix of size " + std::to_string(c.size)};
        return record_fork(s, *out.fork, now);
      }
    }
    RX_RETURN_IF_ERROR(
        s.execute("INSERT INTO ledger_witnessed_logs (origin, public_key, size, root_hash, "
                  "checkpoint, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (origin) DO "
                  "UPDATE SET size = excluded.size, root_hash = excluded.root_hash, checkpoint "
                  "= excluded.checkpoint, updated_at = excluded.updated_at",
                  {c.origin, hex_of(request.log_public_key), static_cast<int64_t>(c.size),
                   to_hex(c.root), request.checkpoint, micros(now)})
            .status());
    out.cosignature =
        cosignature_line(key, name, c.body, static_cast<uint64_t>(micros(now) / 1'000'000));
    return Status::ok();
  }));
  return out;
}

Result<std::vector<Fork>> detected_forks(store::Database& db, int limit) {
  std::vector<Fork> out;
  RX_RETURN_IF_ERROR(db.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT origin, known_checkpoint, "
                                           "conflicting_checkpoint, reason FROM ledger_forks "
                                           "ORDER BY seq DESC LIMIT ?",
                                           {int64_t{limit}}));
    for (const auto& r : rows) out.push_back({r.text(0), r.text(1), r.text(2), r.text(3)});
    return Status::ok();
  }));
  return out;
}

}  // namespace rx::ledger
