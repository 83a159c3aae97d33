#include "policy/screening.h"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <bit>

namespace rx::policy {
namespace {

bool test(const std::vector<uint64_t>& bits, uint32_t i) {
  const size_t w = i / 64;
  return w < bits.size() && (bits[w] >> (i % 64) & 1) != 0;
}

}  // namespace

Screening::Screening(std::vector<Target> targets)
    : targets_(std::move(targets)), eligible_(targets_.size()), handled_(targets_.size()) {
  for (const Target& t : targets_) rules_.add(t.rule);
}

void Screening::reserve(uint32_t n) {
  const size_t words = (static_cast<size_t>(n) + 63) / 64;
  for (size_t t = 0; t < targets_.size(); ++t) {
    if (eligible_[t].size() < words) eligible_[t].resize(words, 0);
    if (handled_[t].size() < words) handled_[t].resize(words, 0);
  }
}

void Screening::assess(uint32_t ordinal, std::span<const double> row, std::vector<Hit>& hits) {
  const size_t w = ordinal / 64;
  const uint64_t bit = uint64_t{1} << (ordinal % 64);
  for (uint32_t t = 0; t < targets_.size(); ++t) {
    uint64_t& word = eligible_[t][w];
    if (rules_.evaluate(t, row) == rules::Truth::kTrue) {
      word |= bit;
      if ((handled_[t][w] & bit) == 0) hits.push_back({ordinal, t});
    } else {
      word &= ~bit;
    }
  }
}

void Screening::assess_word(uint32_t first, size_t count, const double* rows, size_t width,
                            std::vector<Hit>& hits) {
  const size_t w = first / 64;
  const unsigned shift = first % 64;
  const uint64_t mask = (count == 64 ? ~uint64_t{0} : (uint64_t{1} << count) - 1) << shift;
  // Target by target over the block: the rule's program stays hot for 64 rows, and each
  // bitset word is written once.
  for (uint32_t t = 0; t < targets_.size(); ++t) {
    uint64_t word = 0;
    for (size_t i = 0; i < count; ++i)
      if (rules_.evaluate(t, {rows + i * width, width}) == rules::Truth::kTrue)
        word |= uint64_t{1} << (shift + i);
    eligible_[t][w] = (eligible_[t][w] & ~mask) | word;
    for (uint64_t newly = word & ~handled_[t][w]; newly != 0; newly &= newly - 1)
      hits.push_back(
          {static_cast<uint32_t>(w * 64 + static_cast<size_t>(std::countr_zero(newly))), t});
  }
}

void Screening::assess_rows(uint32_t first, std::span<const double> rows, size_t width,
                            std::vector<Hit>& hits) {
  const size_t count = rows.size() / width;
  // Blocks end on multiples of 64 ordinals: one bitset word each, one thread per word.
  const size_t lead = std::min(count, static_cast<size_t>((64 - first % 64) % 64));
  if (lead > 0) assess_word(first, lead, rows.data(), width, hits);
  const size_t words = (count - lead + 63) / 64;
  auto run = [&](size_t begin, size_t end, std::vector<Hit>& out) {
    for (size_t b = begin; b < end; ++b) {
      const size_t at = lead + b * 64;
      assess_word(first + static_cast<uint32_t>(at), std::min<size_t>(64, count - at),
                  rows.data() + at * width, width, out);
    }
  };
  constexpr size_t kSerialWords = 64;
  if (words < kSerialWords) return run(0, words, hits);
  tbb::combinable<std::vector<Hit>> found;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, words, 16),
                    [&](const auto& r) { run(r.begin(), r.end(), found.local()); });
  found.combine_each(
      [&](const std::vector<Hit>& h) { hits.insert(hits.end(), h.begin(), h.end()); });
}

void Screening::handle(uint32_t ordinal, uint32_t target) {
  handled_[target][ordinal / 64] |= uint64_t{1} << (ordinal % 64);
}

bool Screening::handled(uint32_t ordinal, uint32_t target) const {
  return test(handled_[target], ordinal);
}

bool Screening::eligible(uint32_t ordinal, uint32_t target) const {
  return test(eligible_[target], ordinal);
}

uint64_t Screening::eligible_count(uint32_t target) const {
  uint64_t n = 0;
  for (uint64_t word : eligible_[target]) n += static_cast<uint64_t>(std::popcount(word));
  return n;
}

size_t Screening::memory() const {
  size_t bytes = 0;
  for (size_t t = 0; t < targets_.size(); ++t)
    bytes += (eligible_[t].capacity() + handled_[t].capacity()) * sizeof(uint64_t);
  return bytes;
}

}  // namespace rx::policy
