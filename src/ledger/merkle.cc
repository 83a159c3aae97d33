#include "ledger/merkle.h"

#include <bit>

namespace rx::ledger {
namespace {

// The largest power of two strictly less than n. REQUIRES: n > 1.
uint64_t split_point(uint64_t n) {
  return std::bit_floor(n - 1);
}

int log2_exact(uint64_t power_of_two) {
  return std::countr_zero(power_of_two);
}

// MTH(D[lo:hi]). The RFC's recursion only ever asks for ranges whose start is a multiple of
// the largest power of two not above their size, so the left part is always a stored node.
Result<Hash> range_hash(NodeSource& nodes, uint64_t lo, uint64_t hi) {
  uint64_t n = hi - lo;
  if (std::has_single_bit(n)) return nodes.node(log2_exact(n), lo >> log2_exact(n));
  uint64_t k = split_point(n);
  RX_ASSIGN_OR_RETURN(Hash left, nodes.node(log2_exact(k), lo >> log2_exact(k)));
  RX_ASSIGN_OR_RETURN(Hash right, range_hash(nodes, lo + k, hi));
  return node_hash(left, right);
}

Status subproof(NodeSource& nodes, uint64_t m, uint64_t lo, uint64_t hi, bool whole,
                std::vector<Hash>& out) {
  uint64_t n = hi - lo;
  if (m == n) {
    if (!whole) {
      RX_ASSIGN_OR_RETURN(Hash h, range_hash(nodes, lo, hi));
      out.push_back(h);
    }
    return Status::ok();
  }
  uint64_t k = split_point(n);
  if (m <= k) {
    RX_RETURN_IF_ERROR(subproof(nodes, m, lo, lo + k, whole, out));
    RX_ASSIGN_OR_RETURN(Hash right, range_hash(nodes, lo + k, hi));
    out.push_back(right);
  } else {
    RX_RETURN_IF_ERROR(subproof(nodes, m - k, lo + k, hi, false, out));
    RX_ASSIGN_OR_RETURN(Hash left, range_hash(nodes, lo, lo + k));
    out.push_back(left);
  }
  return Status::ok();
}

}  // namespace

Hash leaf_hash(std::string_view entry) {
  return crypto::sha256({std::string_view("\x00", 1), entry});
}

Hash node_hash(const Hash& left, const Hash& right) {
  return crypto::sha256({"\x01", crypto::as_bytes(left), crypto::as_bytes(right)});
}

Hash empty_root() {
  return crypto::sha256({});
}

std::string to_hex(const Hash& h) {
  return crypto::to_hex(h);
}

std::optional<Hash> hash_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  Hash h;
  for (size_t i = 0; i < h.size(); ++i) {
    int v = 0;
    for (char c : hex.substr(2 * i, 2)) {
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    h[i] = static_cast<uint8_t>(v);
  }
  return h;
}

Result<Hash> root(NodeSource& nodes, uint64_t size) {
  if (size == 0) return empty_root();
  return range_hash(nodes, 0, size);
}

Result<std::vector<Hash>> inclusion_proof(NodeSource& nodes, uint64_t index, uint64_t size) {
  if (index >= size) return invalid_argument("index must be below the tree size");
  // Walk down from the root; the sibling at each step is pushed, then reversed (leaf first).
  std::vector<Hash> path;
  uint64_t lo = 0, hi = size;
  while (hi - lo > 1) {
    uint64_t k = split_point(hi - lo);
    if (index < lo + k) {
      RX_ASSIGN_OR_RETURN(Hash sibling, range_hash(nodes, lo + k, hi));
      path.push_back(sibling);
      hi = lo + k;
    } else {
      RX_ASSIGN_OR_RETURN(Hash sibling, range_hash(nodes, lo, lo + k));
      path.push_back(sibling);
      lo += k;
    }
  }
  return std::vector<Hash>(path.rbegin(), path.rend());
}

Result<std::vector<Hash>> consistency_proof(NodeSource& nodes, uint64_t first, uint64_t second) {
  if (first == 0 || first > second) {
    return invalid_argument("first must be between 1 and second");
  }
  std::vector<Hash> path;
  RX_RETURN_IF_ERROR(subproof(nodes, first, 0, second, true, path));
  return path;
}

bool verify_inclusion(const Hash& leaf, uint64_t index, uint64_t size, std::span<const Hash> path,
                      const Hash& root) {
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : path) {
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = node_hash(p, r);
      while ((fn & 1) == 0 && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1, sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verify_consistency(uint64_t first, uint64_t second, const Hash& first_root,
                        const Hash& second_root, std::span<const Hash> path) {
  if (first == 0 || first > second) return false;
  if (first == second) return path.empty() && first_root == second_root;
  if (path.empty()) return false;
  std::vector<Hash> p(path.begin(), path.end());
  if (std::has_single_bit(first)) p.insert(p.begin(), first_root);
  uint64_t fn = first - 1, sn = second - 1;
  while ((fn & 1) == 1) fn >>= 1, sn >>= 1;
  Hash fr = p[0], sr = p[0];
  for (size_t i = 1; i < p.size(); ++i) {
    const Hash& c = p[i];
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      while ((fn & 1) == 0 && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1, sn >>= 1;
  }
  return sn == 0 && fr == first_root && sr == second_root;
}

Hash root_of(std::span<const Hash> leaves) {
  if (leaves.empty()) return empty_root();
  if (leaves.size() == 1) return leaves[0];
  size_t k = split_point(leaves.size());
  return node_hash(root_of(leaves.subspan(0, k)), root_of(leaves.subspan(k)));
}

}  // namespace rx::ledger
