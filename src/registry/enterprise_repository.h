// Persistence of the enterprise registry through the project's Database interface; the same
// code runs on SQLite and PostgreSQL.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "registry/enterprise.h"
#include "store/database.h"

namespace rx::registry {

struct EnterpriseQuery {
  std::string text;                     // name substring, or USCC prefix
  std::optional<std::string> district;  // exact district code
  std::optional<std::string> industry;  // section letter ("C") or section+division ("C39")
  std::optional<SizeClass> size;
  std::optional<EnterpriseStatus> status;
  std::optional<Uscc> only;          // restrict to one enterprise (enterprise role)
  std::optional<std::string> after;  // cursor: list USCCs strictly after this one
  int limit = 20;
};

struct EnterprisePage {
  std::vector<Enterprise> items;
  std::optional<std::string> next_cursor;  // absent on the last page
};

inline constexpr int kMaxPageSize = 200;

// Inside a caller's transaction (ingestion of the market-supervision registration category):
// inserts `e`, or updates every field but created_at when its USCC is registered.
Status upsert_enterprise(store::Session& session, const Enterprise& e);

// Inside a caller's transaction: the enterprise, kNotFound when not registered.
Result<Enterprise> find_enterprise(store::Session& session, const Uscc& uscc);

// Inside a caller's transaction, for batch readers: up to `limit` enterprises with USCC > after,
// in USCC order; and the registered ones of `usccs` (unknown ones are skipped), in USCC order.
Result<std::vector<Enterprise>> enterprises_after(store::Session& session, std::string_view after,
                                                  int limit);
Result<std::vector<Enterprise>> find_enterprises(store::Session& session,
                                                 std::span<const std::string> usccs);

// Inside a caller's transaction: whether the USCC is registered.
Result<bool> is_registered(store::Session& session, const std::string& uscc);

class EnterpriseRepository {
 public:
  explicit EnterpriseRepository(store::Database& db) : db_(db) {}

  // kAlreadyExists when the USCC is registered.
  Status create(const Enterprise& e);
  // Inserts all or nothing, in one transaction.
  Status create_many(std::span<const Enterprise> batch);
  // kNotFound when absent.
  Result<Enterprise> get(const Uscc& uscc);
  // Reads, transforms and writes back in one transaction; `change` may reject with an error.
  Result<Enterprise> update(const Uscc& uscc,
                            const std::function<Result<Enterprise>(Enterprise)>& change);
  // Ordered by USCC; cursor pagination is stable under concurrent inserts.
  Result<EnterprisePage> list(const EnterpriseQuery& query);
  Result<int64_t> count();

 private:
  store::Database& db_;
};

}  // namespace rx::registry
