// Unified social credit code (统一社会信用代码), GB 32100-2015.
//
// Layout (1-based positions):
//   1      registration authority code (1-9, A, N, Y)
//   2      organization type code, valid per authority
//   3-8    administrative division code (GB/T 2260)
//   9-17   organization code (GB 11714): 8 body characters + mod-11 check character
//   18     check character: mod 31 over the charset below with weights 3^i mod 31
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/status.h"

namespace rx {

class Uscc {
 public:
  // The 31 characters a USCC may contain (no I, O, S, V, Z).
  static constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr size_t kLength = 18;

  // Parses and validates all rules. Lowercase input is not accepted: the standard uses
  // uppercase only. On failure the error's details name the 1-based position and the rule.
  static Result<Uscc> parse(std::string_view text);

  // Completes 17 characters (authority, type, division, organization body + its check) with
  // the final check character. Fails if the 17 characters are not valid on their own.
  static Result<Uscc> from_first17(std::string_view first17);

  // The GB 11714 check character for an 8-character organization code body ('0'-'9' or 'X').
  static Result<char> organization_check(std::string_view body8);

  // The GB 32100 check character for the first 17 characters.
  static Result<char> final_check(std::string_view first17);

  const std::string& str() const { return code_; }
  char authority() const { return code_[0]; }
  char type() const { return code_[1]; }
  std::string_view division() const { return std::string_view(code_).substr(2, 6); }
  std::string_view organization_code() const { return std::string_view(code_).substr(8, 9); }

  bool operator==(const Uscc&) const = default;
  auto operator<=>(const Uscc&) const = default;

 private:
  explicit Uscc(std::string code) : code_(std::move(code)) {}
  std::string code_;
};

}  // namespace rx
