#include "market/ip_pledge.h"

#include <regex>
#include <set>

#include "core/text.h"
#include "market/product.h"

namespace rx::market {

std::string_view to_string(IpKind k) {
  switch (k) {
    case IpKind::kPatent:
      return "patent";
    case IpKind::kTrademark:
      return "trademark";
    case IpKind::kCopyright:
      return "copyright";
  }
  return "patent";
}

std::optional<IpKind> parse_ip_kind(std::string_view text) {
  for (IpKind k : {IpKind::kPatent, IpKind::kTrademark, IpKind::kCopyright})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

std::string_view to_string(PledgeStatus s) {
  switch (s) {
    case PledgeStatus::kRegistered:
      return "registered";
    case PledgeStatus::kReleased:
      return "released";
    case PledgeStatus::kEnforced:
      return "enforced";
  }
  return "registered";
}

std::optional<PledgeStatus> parse_pledge_status(std::string_view text) {
  for (PledgeStatus s :
       {PledgeStatus::kRegistered, PledgeStatus::kReleased, PledgeStatus::kEnforced})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

bool valid_ip_number(IpKind kind, std::string_view number) {
  static const std::regex kPatent("ZL[0-9]{12}\\.[0-9X]"), kTrademark("[0-9]{1,9}");
  const std::string n(number);
  switch (kind) {
    case IpKind::kPatent:
      return std::regex_match(n, kPatent);
    case IpKind::kTrademark:
      return std::regex_match(n, kTrademark);
    case IpKind::kCopyright: {
      const auto chars = utf8_length(n);
      return chars && *chars >= 1 && *chars <= 40;
    }
  }
  return false;
}

Status validate(const IpPledge& p) {
  std::vector<FieldError> e;
  auto text = [&](const std::string& field, const std::string& v, size_t max) {
    const auto n = utf8_length(v);
    if (!n || *n == 0 || *n > max)
      e.push_back({field, "must be 1 to " + std::to_string(max) + " characters of UTF-8"});
  };
  text("owner_name", p.owner_name, 100);
  text("valuer", p.valuer, 100);
  if (p.items.empty() || p.items.size() > kMaxPledgeItems)
    e.push_back({"items", "must list 1 to " + std::to_string(kMaxPledgeItems) + " rights"});
  std::set<std::pair<IpKind, std::string>> seen;
  for (size_t i = 0; i < p.items.size(); ++i) {
    const IpItem& item = p.items[i];
    const std::string at = "items[" + std::to_string(i) + "]";
    if (!valid_ip_number(item.kind, item.number))
      e.push_back({at + ".number", item.kind == IpKind::kPatent
                                       ? "a patent number is ZL, 12 digits, '.', a check digit"
                                   : item.kind == IpKind::kTrademark
                                       ? "a trademark registration number is 1 to 9 digits"
                                       : "must be 1 to 40 characters"});
    if (!seen.insert({item.kind, item.number}).second)
      e.push_back({at + ".number", "is listed twice"});
    text(at + ".title", item.title, 200);
  }
  if (p.valuation <= 0 || p.valuation > kMaxAmountFen)
    e.push_back({"valuation_fen", "must be 1 to " + std::to_string(kMaxAmountFen)});
  if (p.valuation_method != "income" && p.valuation_method != "market" &&
      p.valuation_method != "cost")
    e.push_back({"valuation_method", "must be income, market or cost"});
  if (p.secured_amount <= 0 || p.secured_amount > kMaxAmountFen)
    e.push_back({"secured_amount_fen", "must be 1 to " + std::to_string(kMaxAmountFen)});
  if (p.until <= p.from) e.push_back({"until", "must be after from"});
  if (!e.empty()) return invalid_argument("invalid IP pledge", std::move(e));
  return Status::ok();
}

}  // namespace rx::market
