#include "policy/policy_repository.h"

#include "store/sql_batch.h"

namespace rx::policy {
namespace {

using store::Row;
using store::Rows;
using store::Value;

Result<Rows> query_in(store::Session& s, const std::string& head,
                      std::span<const std::string> usccs, const std::string& tail = "") {
  Rows out;
  const std::vector<Value> keys(usccs.begin(), usccs.end());
  RX_RETURN_IF_ERROR(store::for_chunks(keys, [&](const std::string& marks, const auto& chunk) {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query(head + " IN (" + marks + ")" + tail, chunk));
    for (Row& r : rows) out.push_back(std::move(r));
    return Status::ok();
  }));
  return out;
}

}  // namespace

Result<std::vector<StoredDocument>> list_documents(store::Session& s) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT id, revision, source, updated_at, updated_by "
                                         "FROM policy_documents ORDER BY id"));
  std::vector<StoredDocument> out;
  for (const Row& r : rows)
    out.push_back(
        {r.text(0), r.integer(1), r.text(2), instant_from_micros(r.integer(3)), r.text(4)});
  return out;
}

Result<std::optional<StoredDocument>> find_document(store::Session& s, const std::string& id) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT id, revision, source, updated_at, updated_by "
                                         "FROM policy_documents WHERE id = ?",
                                         {id}));
  if (rows.empty()) return std::optional<StoredDocument>();
  const Row& r = rows[0];
  return std::optional(StoredDocument{r.text(0), r.integer(1), r.text(2),
                                      instant_from_micros(r.integer(3)), r.text(4)});
}

Result<int64_t> save_document(store::Session& s, const std::string& id, const std::string& source,
                              Instant now, const std::string& by) {
  RX_ASSIGN_OR_RETURN(auto current, find_document(s, id));
  const int64_t revision = current ? current->revision + 1 : 1;
  if (current) {
    RX_RETURN_IF_ERROR(s.execute("UPDATE policy_documents SET revision = ?, source = ?, "
                                 "updated_at = ?, updated_by = ? WHERE id = ? AND revision = ?",
                                 {revision, source, micros(now), by, id, current->revision})
                           .status());
  } else {
    RX_RETURN_IF_ERROR(s.execute("INSERT INTO policy_documents (id, revision, source, "
                                 "updated_at, updated_by) VALUES (?, ?, ?, ?, ?)",
                                 {id, revision, source, micros(now), by})
                           .status());
  }
  // The history row's primary key makes a concurrent save of the same revision fail.
  RX_RETURN_IF_ERROR(s.execute("INSERT INTO policy_revisions (policy_id, revision, source, "
                               "created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                               {id, revision, source, micros(now), by})
                         .status());
  return revision;
}

Result<std::vector<Revision>> list_revisions(store::Session& s, const std::string& id) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT revision, created_at, created_by FROM "
                                         "policy_revisions WHERE policy_id = ? ORDER BY revision "
                                         "DESC",
                                         {id}));
  std::vector<Revision> out;
  for (const Row& r : rows)
    out.push_back({r.integer(0), instant_from_micros(r.integer(1)), r.text(2)});
  return out;
}

Result<std::vector<Pair>> recorded_pairs(store::Session& s, std::span<const std::string> usccs) {
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      query_in(s, "SELECT uscc, policy_id, version FROM policy_notifications WHERE uscc", usccs));
  std::vector<Pair> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back({r.text(0), r.text(1), static_cast<int>(r.integer(2))});
  return out;
}

Result<bool> record_pair(store::Session& s, const Pair& p, const std::string& kind, Instant now) {
  RX_ASSIGN_OR_RETURN(int64_t n,
                      s.execute("INSERT INTO policy_notifications (uscc, policy_id, "
                                "version, kind, notified_at) VALUES (?, ?, ?, ?, ?) "
                                "ON CONFLICT (uscc, policy_id, version) DO NOTHING",
                                {p.uscc, p.policy_id, int64_t{p.version}, kind, micros(now)}));
  return n == 1;
}

Status set_message(store::Session& s, const Pair& p, const std::string& message_id) {
  return s
      .execute(
          "UPDATE policy_notifications SET message_id = ? WHERE uscc = ? AND policy_id = ? "
          "AND version = ?",
          {message_id, p.uscc, p.policy_id, int64_t{p.version}})
      .status();
}

Result<std::map<std::string, Instant>> notifications_of(store::Session& s,
                                                        const std::string& uscc) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT policy_id, max(notified_at) FROM "
                                         "policy_notifications WHERE uscc = ? AND message_id IS "
                                         "NOT NULL GROUP BY policy_id",
                                         {uscc}));
  std::map<std::string, Instant> out;
  for (const Row& r : rows) out[r.text(0)] = instant_from_micros(r.integer(1));
  return out;
}

Status insert_grant(store::Session& s, const Grant& g) {
  return s
      .execute(
          "INSERT INTO policy_grants (uscc, policy_id, version, estimate_wan, granted_at, "
          "granted_by) VALUES (?, ?, ?, ?, ?, ?)",
          {g.uscc, g.policy_id, int64_t{g.version}, store::nullable(g.estimate_wan),
           micros(g.granted_at), g.granted_by})
      .status();
}

Result<std::vector<Grant>> grants_of(store::Session& s, const std::string& uscc) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT uscc, policy_id, version, estimate_wan, "
                                         "granted_at, granted_by FROM policy_grants WHERE uscc = ? "
                                         "ORDER BY granted_at",
                                         {uscc}));
  std::vector<Grant> out;
  for (const Row& r : rows)
    out.push_back({r.text(0), r.text(1), static_cast<int>(r.integer(2)), r.maybe_real(3),
                   instant_from_micros(r.integer(4)), r.text(5)});
  return out;
}

Result<std::set<std::string>> opted_out_kinds(store::Session& s, const std::string& uscc) {
  RX_ASSIGN_OR_RETURN(auto all, opt_outs_of(s, {&uscc, 1}));
  return all.empty() ? std::set<std::string>() : all.begin()->second;
}

Result<std::map<std::string, std::set<std::string>>> opt_outs_of(
    store::Session& s, std::span<const std::string> usccs) {
  RX_ASSIGN_OR_RETURN(Rows rows,
                      query_in(s, "SELECT uscc, kind FROM policy_optouts WHERE uscc", usccs));
  std::map<std::string, std::set<std::string>> out;
  for (const Row& r : rows) out[r.text(0)].insert(r.text(1));
  return out;
}

Status replace_opt_outs(store::Session& s, const std::string& uscc,
                        const std::vector<std::string>& kinds, Instant now) {
  RX_RETURN_IF_ERROR(s.execute("DELETE FROM policy_optouts WHERE uscc = ?", {uscc}).status());
  for (const std::string& k : kinds)
    RX_RETURN_IF_ERROR(
        s.execute("INSERT INTO policy_optouts (uscc, kind, created_at) VALUES (?, ?, ?)",
                  {uscc, k, micros(now)})
            .status());
  return Status::ok();
}

Status insert_run(store::Session& s, const RunSummary& r) {
  return s
      .execute(
          "INSERT INTO policy_runs (id, mode, started_at, finished_at, enterprises, "
          "policies, eligible, newly_eligible, notified, suppressed) VALUES (?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?)",
          {r.id, r.mode, micros(r.started_at), micros(r.finished_at), r.enterprises, r.policies,
           r.eligible, r.newly_eligible, r.notified, r.suppressed})
      .status();
}

Result<std::vector<RunSummary>> list_runs(store::Session& s, int limit) {
  RX_ASSIGN_OR_RETURN(Rows rows,
                      s.query("SELECT id, mode, started_at, finished_at, enterprises, policies, "
                              "eligible, newly_eligible, notified, suppressed FROM policy_runs "
                              "ORDER BY seq DESC LIMIT ?",
                              {int64_t{limit}}));
  std::vector<RunSummary> out;
  for (const Row& r : rows)
    out.push_back({r.text(0), r.text(1), instant_from_micros(r.integer(2)),
                   instant_from_micros(r.integer(3)), r.integer(4), r.integer(5), r.integer(6),
                   r.integer(7), r.integer(8), r.integer(9)});
  return out;
}

Result<std::vector<std::string>> changed_since(store::Session& s, Instant since) {
  const Value t = micros(since);
  const Value day = shanghai_date(since).to_string();
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      s.query("SELECT uscc FROM enterprises WHERE updated_at > ? "
              // IN, not a join: SQLite would otherwise scan every evaluation for the runs.
              "UNION SELECT uscc FROM credit_evaluations WHERE run_id IN (SELECT id FROM "
              "credit_runs WHERE finished_at > ?) "
              "UNION SELECT uscc FROM market_applications WHERE updated_at > ? "
              "UNION SELECT l.uscc FROM market_repayments p JOIN market_loans l ON "
              "l.application_id = p.application_id WHERE p.recorded_at > ? "
              "UNION SELECT uscc FROM market_loans WHERE assessed_on >= ? "
              "UNION SELECT uscc FROM ip_pledges WHERE updated_at > ?",
              {t, t, t, t, day, t}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.text(0));
  return out;
}

namespace {

// Fills one TakeUp field from rows of (key, count).
Status add_counts(store::Session& s, const std::string& sql, const std::vector<Value>& params,
                  std::map<std::string, TakeUp>& out, int64_t TakeUp::*field) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  for (const Row& r : rows) out[r.text(0)].*field = r.integer(1);
  return Status::ok();
}

// "Applied": found eligible (n), then applied for a product carrying the policy's kind.
constexpr const char* kApplied =
    "EXISTS (SELECT 1 FROM market_application_tags t WHERE t.uscc = n.uscc AND t.tag = n.kind "
    "AND t.submitted_at >= n.notified_at)";

}  // namespace

Result<std::map<std::string, TakeUp>> take_up(store::Session& s) {
  std::map<std::string, TakeUp> out;
  RX_RETURN_IF_ERROR(add_counts(s,
                                "SELECT policy_id, count(DISTINCT uscc) FROM "
                                "policy_notifications WHERE message_id IS NOT NULL GROUP BY "
                                "policy_id",
                                {}, out, &TakeUp::notified));
  RX_RETURN_IF_ERROR(add_counts(
      s,
      std::string("SELECT n.policy_id, count(DISTINCT n.uscc) FROM policy_notifications n WHERE ") +
          kApplied + " GROUP BY n.policy_id",
      {}, out, &TakeUp::applied));
  RX_RETURN_IF_ERROR(add_counts(s,
                                "SELECT policy_id, count(DISTINCT uscc) FROM policy_grants "
                                "GROUP BY policy_id",
                                {}, out, &TakeUp::granted));
  return out;
}

Result<std::map<std::string, TakeUp>> take_up_by(store::Session& s, const std::string& policy_id,
                                                 bool by_district) {
  const std::string key = by_district ? "e.district" : "substr(e.industry, 1, 1)";
  const std::string from =
      ", count(DISTINCT n.uscc) FROM policy_notifications n JOIN enterprises e "
      "ON e.uscc = n.uscc WHERE n.policy_id = ? AND ";
  const std::string group = " GROUP BY " + key;
  std::map<std::string, TakeUp> out;
  RX_RETURN_IF_ERROR(add_counts(s, "SELECT " + key + from + "n.message_id IS NOT NULL" + group,
                                {policy_id}, out, &TakeUp::notified));
  RX_RETURN_IF_ERROR(
      add_counts(s, "SELECT " + key + from + kApplied + group, {policy_id}, out, &TakeUp::applied));
  RX_RETURN_IF_ERROR(add_counts(s,
                                "SELECT " + key +
                                    ", count(*) FROM policy_grants g JOIN enterprises e ON e.uscc "
                                    "= g.uscc WHERE g.policy_id = ?" +
                                    group,
                                {policy_id}, out, &TakeUp::granted));
  return out;
}

}  // namespace rx::policy
