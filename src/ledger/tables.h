// Reading and writing the ledger's own tables (tiles and signed heads), shared by the log,
// its verifier and the benchmarks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/head.h"
#include "ledger/tiles.h"
#include "store/database.h"

namespace rx::ledger {

// Tiles are raw bytes in SQLite (BLOB column) and BYTEA in PostgreSQL, which the text
// protocol carries as hex.
Result<std::optional<Tile>> read_tile(store::Session& s, int level, uint64_t index);
// The same, empty when the tile is not stored (stored tiles are never empty).
Result<std::vector<Hash>> read_tile_hashes(store::Session& s, int level, uint64_t index);
Status write_tile(store::Session& s, const Tile& tile);
TileReader tiles_in(store::Session& s);

struct StoredHead {
  TreeHead head;
  std::string public_key_hex;
};

// Signed heads; `order_and_limit` is appended to the SELECT (e.g. "ORDER BY size").
Result<std::vector<StoredHead>> read_heads(store::Session& s, std::string_view order_and_limit,
                                           std::optional<uint64_t> size = std::nullopt);
Status write_head(store::Session& s, const TreeHead& head, std::string_view public_key);

// nullopt unless lowercase hex of whole bytes.
std::optional<std::string> from_hex(std::string_view hex);
std::string hex_of(std::string_view bytes);

}  // namespace rx::ledger
