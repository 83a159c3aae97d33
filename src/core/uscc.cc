#include "core/uscc.h"

#include <string>

namespace rx {
namespace {

constexpr std::array<int, 17> kFinalWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                               29, 25, 13, 8,  24, 10, 30, 28};
constexpr std::array<int, 8> kOrgWeights = {3, 7, 9, 10, 5, 8, 4, 2};

int charset_value(char c) {
  auto pos = Uscc::kCharset.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// GB 11714 values: digits 0-9, letters A-Z 10-35.
int org_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

// Organization type codes allowed under each registration authority (GB 32100-2015 table 1).
std::string_view types_for_authority(char authority) {
  switch (authority) {
    case '1':
      return "1239";
    case '2':
      return "19";
    case '3':
      return "123459";
    case '4':
      return "19";
    case '5':
      return "1239";
    case '6':
      return "129";
    case '7':
      return "129";
    case '8':
      return "19";
    case '9':
      return "123";
    case 'A':
      return "19";
    case 'N':
      return "1239";
    case 'Y':
      return "1";
    default:
      return "";
  }
}

// GB/T 2260 province-level prefixes; "10" is the national level (100000).
bool valid_province(std::string_view two) {
  static constexpr std::string_view kProvinces[] = {
      "10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
      "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51",
      "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"};
  for (auto p : kProvinces)
    if (p == two) return true;
  return false;
}

Status at(size_t position, std::string reason) {
  std::string field = "uscc[" + std::to_string(position) + "]";
  std::string message = "invalid unified social credit code: " + field + " " + reason;
  return invalid_argument(std::move(message), {{std::move(field), std::move(reason)}});
}

std::string quoted(char c) {
  return std::string("'") + c + "'";
}

// Checks positions 1-17; returns the first rule that fails.
Status check_first17(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (charset_value(s[i]) < 0)
      return at(i + 1, "character " + quoted(s[i]) +
                           " is not in the USCC charset 0-9 A-H J-N P-R T U W-Y");
  }
  auto types = types_for_authority(s[0]);
  if (types.empty()) return at(1, "registration authority code " + quoted(s[0]) + " is unknown");
  if (types.find(s[1]) == std::string_view::npos)
    return at(
        2, "organization type " + quoted(s[1]) + " is not defined for authority " + quoted(s[0]));
  for (size_t i = 2; i < 8; ++i) {
    if (s[i] < '0' || s[i] > '9')
      return at(i + 1, "administrative division code must be digits, got " + quoted(s[i]));
  }
  if (!valid_province(s.substr(2, 2)))
    return at(3, "administrative division code " + std::string(s.substr(2, 6)) +
                     " does not start with a province code");
  auto expected = Uscc::organization_check(s.substr(8, 8));
  if (!expected.is_ok()) return expected.status();
  if (s[16] != *expected)
    return at(17, "organization code check character is " + quoted(s[16]) + ", expected " +
                      quoted(*expected));
  return Status::ok();
}

}  // namespace

Result<char> Uscc::organization_check(std::string_view body8) {
  if (body8.size() != 8) return invalid_argument("organization code body must be 8 characters");
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    int v = org_value(body8[i]);
    if (v < 0) return at(9 + i, "organization code character " + quoted(body8[i]) + " is invalid");
    sum += v * kOrgWeights[i];
  }
  int c = 11 - sum % 11;
  if (c == 10) return 'X';
  if (c == 11) return '0';
  return static_cast<char>('0' + c);
}

Result<char> Uscc::final_check(std::string_view first17) {
  if (first17.size() != 17) return invalid_argument("final check needs 17 characters");
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    int v = charset_value(first17[i]);
    if (v < 0) return at(i + 1, "character " + quoted(first17[i]) + " is not in the USCC charset");
    sum += v * kFinalWeights[i];
  }
  int c = (31 - sum % 31) % 31;
  return kCharset[static_cast<size_t>(c)];
}

Result<Uscc> Uscc::parse(std::string_view text) {
  if (text.size() != kLength)
    return invalid_argument("invalid unified social credit code: must be 18 characters, got " +
                                std::to_string(text.size()),
                            {{"uscc", "length " + std::to_string(text.size()) + ", expected 18"}});
  RX_RETURN_IF_ERROR(check_first17(text.substr(0, 17)));
  if (charset_value(text[17]) < 0)
    return at(18, "character " + quoted(text[17]) + " is not in the USCC charset");
  RX_ASSIGN_OR_RETURN(char expected, final_check(text.substr(0, 17)));
  if (text[17] != expected)
    return at(18, "check character is " + quoted(text[17]) + ", expected " + quoted(expected));
  return Uscc(std::string(text));
}

Result<Uscc> Uscc::from_first17(std::string_view first17) {
  if (first17.size() != 17) return invalid_argument("from_first17 needs 17 characters");
  RX_RETURN_IF_ERROR(check_first17(first17));
  RX_ASSIGN_OR_RETURN(char check, final_check(first17));
  std::string code(first17);
  code.push_back(check);
  return Uscc(std::move(code));
}

}  // namespace rx
