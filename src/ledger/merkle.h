// Merkle tree hashing and proofs exactly as RFC 9162 section 2.1 defines them, over any store
// of complete-subtree hashes. Pure: the store is an interface, so the same code serves the
// database-backed log, the verifier and the benchmarks.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/crypto.h"

namespace rx::ledger {

using Hash = crypto::Digest;

// SHA-256(0x00 || entry).
Hash leaf_hash(std::string_view entry);
// SHA-256(0x01 || left || right).
Hash node_hash(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of nothing.
Hash empty_root();

std::string to_hex(const Hash& h);
// nullopt unless exactly 64 lowercase or uppercase hex digits.
std::optional<Hash> hash_from_hex(std::string_view hex);

// Hashes of complete subtrees: node(level, index) is the root of leaves
// [index * 2^level, (index + 1) * 2^level). Implementations may fail (I/O, corruption).
class NodeSource {
 public:
  virtual ~NodeSource() = default;
  virtual Result<Hash> node(int level, uint64_t index) = 0;
};

// MTH(D[0:size]).
Result<Hash> root(NodeSource& nodes, uint64_t size);

// PATH(index, D[0:size]) (RFC 9162 2.1.3.1), leaf to root. REQUIRES: index < size.
Result<std::vector<Hash>> inclusion_proof(NodeSource& nodes, uint64_t index, uint64_t size);

// PROOF(first, D[0:second]) (RFC 9162 2.1.4.1). REQUIRES: 0 < first <= second.
Result<std::vector<Hash>> consistency_proof(NodeSource& nodes, uint64_t first, uint64_t second);

// RFC 9162 2.1.3.2: does `path` prove `leaf` is entry `index` of the tree of `size` with
// `root`?
bool verify_inclusion(const Hash& leaf, uint64_t index, uint64_t size, std::span<const Hash> path,
                      const Hash& root);

// RFC 9162 2.1.4.2: does `path` prove the tree (first, first_root) is a prefix of the tree
// (second, second_root)?
bool verify_consistency(uint64_t first, uint64_t second, const Hash& first_root,
                        const Hash& second_root, std::span<const Hash> path);

// The root of a whole list of leaf hashes, computed in memory (for verifiers and tests).
Hash root_of(std::span<const Hash> leaves);

}  // namespace rx::ledger
