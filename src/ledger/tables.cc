#include "ledger/tables.h"

#include "crypto/crypto.h"

namespace rx::ledger {

using store::Dialect;
using store::Row;
using store::Rows;
using store::Session;
using store::Value;

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    int v = 0;
    for (char c : hex.substr(2 * i, 2)) {
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    out[i] = static_cast<char>(v);
  }
  return out;
}

std::string hex_of(std::string_view bytes) {
  return crypto::to_hex(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

Result<std::optional<Tile>> read_tile(Session& s, int level, uint64_t index) {
  RX_ASSIGN_OR_RETURN(std::vector<Hash> hashes, read_tile_hashes(s, level, index));
  if (hashes.empty()) return std::optional<Tile>();
  return std::optional<Tile>(Tile{level, index, std::move(hashes)});
}

Result<std::vector<Hash>> read_tile_hashes(Session& s, int level, uint64_t index) {
  bool pg = s.dialect() == Dialect::kPostgres;
  RX_ASSIGN_OR_RETURN(Rows rows,
                      s.query(pg ? "SELECT encode(hashes, 'hex') FROM ledger_tiles WHERE level = ? "
                                   "AND idx = ?"
                                 : "SELECT hashes FROM ledger_tiles WHERE level = ? AND idx = ?",
                              {int64_t{level}, static_cast<int64_t>(index)}));
  if (rows.empty()) return std::vector<Hash>();
  std::optional<std::string> bytes =
      pg ? from_hex(rows[0].text(0)) : std::optional(rows[0].text(0));
  if (!bytes) {
    return data_loss("ledger tile " + std::to_string(level) + "/" + std::to_string(index) +
                     " is not hex");
  }
  return unpack_hashes(*bytes);
}

Status write_tile(Session& s, const Tile& t) {
  bool pg = s.dialect() == Dialect::kPostgres;
  std::string bytes = pack_hashes(t.hashes);
  return s
      .execute(pg ? "INSERT INTO ledger_tiles (level, idx, hashes) VALUES (?, ?, decode(?, "
                    "'hex')) ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes"
                  : "INSERT INTO ledger_tiles (level, idx, hashes) VALUES (?, ?, ?) "
                    "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes",
               {int64_t{t.level}, static_cast<int64_t>(t.index), pg ? hex_of(bytes) : bytes})
      .status();
}

TileReader tiles_in(Session& s) {
  return [&s](int level, uint64_t index) { return read_tile(s, level, index); };
}

Result<std::vector<StoredHead>> read_heads(Session& s, std::string_view order_and_limit,
                                           std::optional<uint64_t> size) {
  std::string sql = "SELECT size, root_hash, timestamp_ms, signature, public_key FROM ledger_heads";
  std::vector<Value> params;
  if (size) sql += " WHERE size = ?", params.emplace_back(static_cast<int64_t>(*size));
  sql += " " + std::string(order_and_limit);
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  std::vector<StoredHead> out;
  for (const Row& r : rows) {
    std::optional<Hash> root = hash_from_hex(r.text(1));
    std::optional<std::string> sig = from_hex(r.text(3));
    if (!root || !sig) return data_loss("signed head of size " + r.text(0) + " is malformed");
    out.push_back({{static_cast<uint64_t>(r.integer(0)), *root, r.integer(2), *sig}, r.text(4)});
  }
  return out;
}

Status write_head(Session& s, const TreeHead& h, std::string_view public_key) {
  return s
      .execute(
          "INSERT INTO ledger_heads (size, root_hash, timestamp_ms, signature, public_key) "
          "VALUES (?, ?, ?, ?, ?)",
          {static_cast<int64_t>(h.size), to_hex(h.root), h.timestamp_ms, hex_of(h.signature),
           hex_of(public_key)})
      .status();
}

}  // namespace rx::ledger
