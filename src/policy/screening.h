// "Policy finds people", the pure part: which enterprises each policy version in force fits,
// kept as one bitset per version over EnterpriseIndex ordinals, with a second bitset of the
// pairs already handled (notified, or suppressed by an opt-out). Evaluating an enterprise
// updates its bits and reports the pairs newly eligible and not yet handled; the caller
// notifies them and notes them, so each pair is reported once.
//
// Thread safety: assess() may run concurrently for ordinals in different 64-ordinal blocks
// (each block is one word of every bitset); everything else is single-threaded.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "rules/rule_set.h"

namespace rx::policy {

struct Target {
  std::string policy_id;
  int version = 0;
  std::string kind;
  rules::Rule rule;
};

struct Hit {
  uint32_t ordinal = 0;
  uint32_t target = 0;
};

class Screening {
 public:
  explicit Screening(std::vector<Target> targets);

  size_t size() const { return targets_.size(); }
  const Target& target(size_t t) const { return targets_[t]; }

  // Makes room for ordinals below `n`. Not concurrent with assess().
  void reserve(uint32_t n);
  // Evaluates every target on the enterprise's row, sets or clears its eligible bits and
  // appends the targets it now fits and that were not handled. REQUIRES: ordinal < reserved
  // size; row as wide as every rule needs.
  void assess(uint32_t ordinal, std::span<const double> row, std::vector<Hit>& hits);
  // assess() for `rows.size() / width` enterprises with consecutive ordinals from `first`, their
  // rows one after another; in parallel over 64-ordinal blocks when there are many.
  void assess_rows(uint32_t first, std::span<const double> rows, size_t width,
                   std::vector<Hit>& hits);
  // Marks a pair handled: assess() will not report it again.
  void handle(uint32_t ordinal, uint32_t target);
  bool handled(uint32_t ordinal, uint32_t target) const;
  bool eligible(uint32_t ordinal, uint32_t target) const;

  uint64_t eligible_count(uint32_t target) const;
  // Calls fn(ordinal) for every eligible ordinal of `target`, ascending.
  template <typename Fn>
  void for_each_eligible(uint32_t target, Fn fn) const {
    const std::vector<uint64_t>& words = eligible_[target];
    for (size_t w = 0; w < words.size(); ++w)
      for (uint64_t bits = words[w]; bits != 0; bits &= bits - 1)
        fn(static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits))));
  }
  // Bytes held by the bitsets.
  size_t memory() const;

 private:
  // assess() for `count` rows of consecutive ordinals within one bitset word.
  void assess_word(uint32_t first, size_t count, const double* rows, size_t width,
                   std::vector<Hit>& hits);

  std::vector<Target> targets_;
  rules::RuleSet rules_;
  std::vector<std::vector<uint64_t>> eligible_, handled_;
};

}  // namespace rx::policy
