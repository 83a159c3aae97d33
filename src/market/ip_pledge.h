// Intellectual-property pledges (知识产权质押登记): patents, trademarks and copyrights pledged
// as collateral for a loan, registered online by the pledgee and queryable by USCC or IP
// number. An IP right is in at most one registered pledge at a time. Pure validation here;
// storage in ip_pledge_repository.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace rx::market {

enum class IpKind { kPatent, kTrademark, kCopyright };
std::string_view to_string(IpKind k);
std::optional<IpKind> parse_ip_kind(std::string_view text);

enum class PledgeStatus { kRegistered, kReleased, kEnforced };
std::string_view to_string(PledgeStatus s);
std::optional<PledgeStatus> parse_pledge_status(std::string_view text);

struct IpItem {
  IpKind kind = IpKind::kPatent;
  // Patent: ZL + 12 digits + '.' + check digit (ZL202310123456.7); trademark: its registration
  // number (1-9 digits); copyright: the registration number as issued (1-40 characters).
  std::string number;
  std::string title;
};

struct IpPledge {
  std::string id;               // UUIDv7
  std::string registration_no;  // ZYDJ-YYYYMMDD-<8 hex>, given at registration
  std::string uscc;             // the pledgor
  std::string owner_name;       // the right holder as registered
  std::vector<IpItem> items;
  int64_t valuation = 0;                      // fen
  std::string valuation_method;               // income, market, cost
  std::string valuer;                         // the appraisal firm
  std::string pledgee_id;                     // the institution
  std::optional<std::string> application_id;  // the secured loan's application
  int64_t secured_amount = 0;                 // fen
  Date from, until;                           // pledge term
  PledgeStatus status = PledgeStatus::kRegistered;
  std::string status_note;
  Instant registered_at, updated_at;
};

inline constexpr size_t kMaxPledgeItems = 50;

// Every field problem as field errors ("items[2].number", ...).
Status validate(const IpPledge& p);
bool valid_ip_number(IpKind kind, std::string_view number);

}  // namespace rx::market
