#include "monitor/counters.h"

#include <set>

#include "monitor/rules.h"

namespace rx::monitor {

void count_entry(const ledger::Entry& e, Counts& counts) {
  const int64_t hour = hour_start(e.at);
  auto add = [&](std::string_view dim, const std::string& item) {
    ++counts[CountKey{std::string(dim), hour, e.actor.institution_id, item, e.action, e.outcome}];
  };
  add(dimension::kAll, "");
  if (!e.subject.empty()) add(dimension::kEnterprise, e.subject);
  std::set<std::string> categories;
  for (const std::string& c : e.categories) categories.insert(c.substr(0, c.find('.')));
  for (const std::string& c : categories) add(dimension::kCategory, c);
  if (!e.purpose.empty()) add(dimension::kPurpose, e.purpose);
  if (e.outcome == "denied" && !e.reason.empty()) add(dimension::kReason, e.reason);
  if (!e.actor.key_id.empty()) add(dimension::kKey, e.actor.key_id);
}

}  // namespace rx::monitor
