#include "store/migrations.h"

#include <string>

namespace rx::store {
namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

Status too_new(int found) {
  return failed_precondition("database schema version " + std::to_string(found) +
                             " is newer than this build of rongxin supports (" +
                             std::to_string(latest_schema_version()) + "); upgrade rongxin");
}

Result<int> read_version(Session& s) {
  RX_ASSIGN_OR_RETURN(Rows rows,
                      s.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(rows.at(0).integer(0));
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "enterprise registry and API keys",
       {
           "CREATE TABLE enterprises ("
           " uscc TEXT PRIMARY KEY,"
           " name TEXT NOT NULL,"
           " district TEXT NOT NULL,"
           " industry TEXT NOT NULL,"
           " size_class TEXT NOT NULL,"
           " registration_date TEXT NOT NULL,"
           " registered_capital_fen BIGINT NOT NULL CHECK (registered_capital_fen >= 0),"
           " status TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX enterprises_by_name ON enterprises (name)",
           "CREATE INDEX enterprises_by_district ON enterprises (district, uscc)",
           "CREATE INDEX enterprises_by_industry ON enterprises (industry, uscc)",
           "CREATE TABLE api_keys ("
           " id TEXT PRIMARY KEY,"
           " secret_hash TEXT NOT NULL UNIQUE,"
           " role TEXT NOT NULL,"
           " uscc TEXT,"
           " institution_id TEXT,"
           " label TEXT NOT NULL DEFAULT '',"
           " created_at BIGINT NOT NULL,"
           " revoked_at BIGINT)",
       }},
      {2,
       "shared catalogue versions, ingestion batches, quarantine, credit commitments (record "
       "tables follow the catalogue)",
       {
           "CREATE TABLE catalog_versions ("
           " version BIGINT PRIMARY KEY,"
           " content_hash TEXT NOT NULL UNIQUE,"
           " snapshot TEXT NOT NULL,"
           " categories BIGINT NOT NULL,"
           " fields BIGINT NOT NULL,"
           " created_at BIGINT NOT NULL)",
           "CREATE TABLE ingest_batches ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " category TEXT NOT NULL,"
           " channel TEXT NOT NULL,"
           " source_name TEXT NOT NULL,"
           " provider TEXT NOT NULL,"
           " catalog_version BIGINT NOT NULL,"
           " status TEXT NOT NULL,"
           " started_at BIGINT NOT NULL,"
           " finished_at BIGINT,"
           " rows_read BIGINT NOT NULL DEFAULT 0,"
           " accepted BIGINT NOT NULL DEFAULT 0,"
           " superseded BIGINT NOT NULL DEFAULT 0,"
           " duplicates BIGINT NOT NULL DEFAULT 0,"
           " rejected BIGINT NOT NULL DEFAULT 0,"
           " error TEXT NOT NULL DEFAULT '')",
           "CREATE INDEX ingest_batches_by_category ON ingest_batches (category, started_at)",
           "CREATE TABLE ingest_rejects ("
           " batch_id TEXT NOT NULL,"
           " row_number BIGINT NOT NULL,"
           " field TEXT NOT NULL,"
           " value TEXT NOT NULL,"
           " reason TEXT NOT NULL)",
           "CREATE INDEX ingest_rejects_by_batch ON ingest_rejects (batch_id, row_number)",
           "CREATE TABLE commitments ("
           " batch_id TEXT PRIMARY KEY,"
           " uscc TEXT NOT NULL,"
           " text TEXT NOT NULL,"
           " text_sha256 TEXT NOT NULL,"
           " key_id TEXT NOT NULL,"
           " signed_at BIGINT NOT NULL)",
       }},
      {3,
       "credit evaluations: one row per enterprise and evaluation month, and the runs that made "
       "them",
       {
           "CREATE TABLE credit_runs ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " as_of TEXT NOT NULL,"
           " library_version BIGINT NOT NULL,"
           " model_version TEXT NOT NULL,"
           " scorecard TEXT,"
           " status TEXT NOT NULL,"
           " enterprises BIGINT NOT NULL DEFAULT 0,"
           " grades TEXT NOT NULL DEFAULT '{}',"
           " started_at BIGINT NOT NULL,"
           " finished_at BIGINT)",
           "CREATE TABLE credit_evaluations ("
           " uscc TEXT NOT NULL,"
           " as_of TEXT NOT NULL,"
           " run_id TEXT NOT NULL,"
           " score DOUBLE PRECISION NOT NULL,"
           " grade TEXT NOT NULL,"
           " scorecard_score DOUBLE PRECISION,"
           " detail TEXT NOT NULL,"
           " PRIMARY KEY (uscc, as_of))",
           "CREATE INDEX credit_evaluations_by_month ON credit_evaluations (as_of, grade)",
       }},
      {4,
       "model lab: the sample library and the model registry (champion and challengers per "
       "scenario)",
       {
           "CREATE TABLE lab_samples ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " name TEXT NOT NULL,"
           " version BIGINT NOT NULL,"
           " source TEXT NOT NULL,"
           " description TEXT NOT NULL,"
           " target TEXT NOT NULL,"
           " bad_value TEXT NOT NULL,"
           " rows_count BIGINT NOT NULL,"
           " bad_count BIGINT NOT NULL,"
           " columns_count BIGINT NOT NULL,"
           " content_sha256 TEXT NOT NULL,"
           " content TEXT NOT NULL,"
           " created_by TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " UNIQUE (name, version))",
           "CREATE TABLE lab_models ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " name TEXT NOT NULL,"
           " version BIGINT NOT NULL,"
           " scenario TEXT NOT NULL,"
           " algorithm TEXT NOT NULL,"
           " sample_id TEXT NOT NULL,"
           " role TEXT NOT NULL,"
           " model TEXT NOT NULL,"
           " report TEXT NOT NULL,"
           " auc DOUBLE PRECISION,"
           " ks DOUBLE PRECISION,"
           " cv_auc DOUBLE PRECISION,"
           " author TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " UNIQUE (name, version))",
           "CREATE INDEX lab_models_by_scenario ON lab_models (scenario, role)",
       }},
      {5,
       "the single export: institutions, authorizations and their fair-use counters, the record "
       "of every data access, issued credit reports, push subscriptions and events",
       {
           "CREATE TABLE institutions ("
           " id TEXT PRIMARY KEY,"
           " name TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " created_at BIGINT NOT NULL)",
           "CREATE TABLE authorizations ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " uscc TEXT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " purpose TEXT NOT NULL,"
           " artefact TEXT NOT NULL,"
           " signature TEXT NOT NULL,"
           " state TEXT NOT NULL,"
           " valid_until BIGINT NOT NULL,"
           " granted_at BIGINT NOT NULL,"
           " granted_by TEXT NOT NULL,"
           " revoked_at BIGINT,"
           " state_changed_at BIGINT NOT NULL)",
           "CREATE INDEX authorizations_by_enterprise ON authorizations (uscc, seq)",
           "CREATE INDEX authorizations_by_institution ON authorizations (institution_id, uscc)",
           "CREATE TABLE authorization_usage ("
           " authorization_id TEXT NOT NULL,"
           " usage_window TEXT NOT NULL,"
           " used BIGINT NOT NULL,"
           " PRIMARY KEY (authorization_id, usage_window))",
           "CREATE TABLE data_accesses ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " at BIGINT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " key_id TEXT NOT NULL,"
           " uscc TEXT NOT NULL,"
           " action TEXT NOT NULL,"
           " purpose TEXT NOT NULL,"
           " view TEXT NOT NULL,"
           " authorization_id TEXT,"
           " categories TEXT NOT NULL,"
           " outcome TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " request_id TEXT NOT NULL,"
           " result_sha256 TEXT NOT NULL)",
           "CREATE INDEX data_accesses_by_enterprise ON data_accesses (uscc, seq)",
           "CREATE INDEX data_accesses_by_institution ON data_accesses (institution_id, seq)",
           "CREATE TABLE credit_reports ("
           " number TEXT PRIMARY KEY,"
           " uscc TEXT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " purpose TEXT NOT NULL,"
           " view TEXT NOT NULL,"
           " authorization_id TEXT,"
           " issued_at BIGINT NOT NULL,"
           " valid_until BIGINT NOT NULL,"
           " verification_code TEXT NOT NULL,"
           " content TEXT NOT NULL,"
           " content_sha256 TEXT NOT NULL)",
           "CREATE INDEX credit_reports_by_institution ON credit_reports (institution_id, "
           "issued_at)",
           "CREATE INDEX credit_reports_by_enterprise ON credit_reports (uscc, issued_at)",
           "CREATE TABLE push_subscriptions ("
           " id TEXT PRIMARY KEY,"
           " institution_id TEXT NOT NULL,"
           " uscc TEXT NOT NULL,"
           " authorization_id TEXT NOT NULL,"
           " webhook_url TEXT,"
           " secret TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " created_by TEXT NOT NULL,"
           " UNIQUE (institution_id, uscc))",
           "CREATE TABLE push_events ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " subscription_id TEXT,"
           " authorization_id TEXT,"
           " institution_id TEXT NOT NULL,"
           " uscc TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " payload TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " requires_ack INTEGER NOT NULL DEFAULT 0,"
           " acked_at BIGINT,"
           " delivery TEXT NOT NULL,"
           " attempts BIGINT NOT NULL DEFAULT 0,"
           " next_attempt_at BIGINT,"
           " last_error TEXT NOT NULL DEFAULT '',"
           " delivered_at BIGINT)",
           "CREATE INDEX push_events_by_institution ON push_events (institution_id, seq)",
           "CREATE INDEX push_events_due ON push_events (delivery, next_attempt_at)",
           "CREATE INDEX push_events_by_kind ON push_events (kind, acked_at)",
           "CREATE INDEX push_subscriptions_by_enterprise ON push_subscriptions (uscc)",
           "CREATE TABLE push_cursors ("
           " name TEXT PRIMARY KEY,"
           " position BIGINT NOT NULL)",
           "CREATE TABLE push_fanned_out ("
           " source TEXT NOT NULL,"
           " seq BIGINT NOT NULL,"
           " PRIMARY KEY (source, seq))",
       }},
      {6,
       "objections, record suppressions and the inbox",
       {
           "CREATE TABLE objections ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " uscc TEXT NOT NULL,"
           " category TEXT NOT NULL,"
           " record_key TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " evidence TEXT,"
           " state TEXT NOT NULL,"
           " outcome TEXT,"
           " outcome_note TEXT,"
           " submitted_at BIGINT NOT NULL,"
           " marked_at BIGINT NOT NULL,"
           " forwarded_at BIGINT,"
           " department TEXT,"
           " decided_at BIGINT,"
           " mark_by BIGINT NOT NULL,"
           " forward_by BIGINT NOT NULL,"
           " decide_by BIGINT NOT NULL,"
           " department_decide_by BIGINT,"
           " created_by TEXT NOT NULL)",
           // At most one open objection per record, whatever the concurrency.
           "CREATE UNIQUE INDEX objections_open ON objections (uscc, category, record_key) "
           "WHERE state <> 'decided'",
           "CREATE INDEX objections_by_uscc ON objections (uscc, seq)",
           "CREATE INDEX objections_by_state ON objections (state, seq)",
           "CREATE TABLE objection_events ("
           " objection_id TEXT NOT NULL REFERENCES objections (id),"
           " seq INTEGER NOT NULL,"
           " at BIGINT NOT NULL,"
           " actor_key_id TEXT NOT NULL,"
           " actor_role TEXT NOT NULL,"
           " action TEXT NOT NULL,"
           " note TEXT NOT NULL,"
           " PRIMARY KEY (objection_id, seq))",
           "CREATE TABLE record_suppressions ("
           " uscc TEXT NOT NULL,"
           " category TEXT NOT NULL,"
           " record_key TEXT NOT NULL,"
           " reason TEXT NOT NULL CHECK (reason IN ('removed_by_objection', 'repaired', "
           "'decision_revoked')),"
           " objection_id TEXT REFERENCES objections (id),"
           " approved_at BIGINT NOT NULL,"
           " effective_at BIGINT NOT NULL,"
           " deadline_at BIGINT NOT NULL,"
           " note TEXT NOT NULL,"
           " created_by TEXT NOT NULL,"
           " PRIMARY KEY (uscc, category, record_key))",
           "CREATE TABLE inbox_messages ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " recipient_kind TEXT NOT NULL,"
           " recipient_id TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " title TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " link TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " read_at BIGINT)",
           "CREATE INDEX inbox_by_recipient ON inbox_messages (recipient_kind, recipient_id, "
           "seq)",
       }},
      {7,
       "audit ledger: queued and sequenced entries, tiles, signed heads, witnesses",
       {
           // Appended in each action's transaction; emptied by the sequencer.
           "CREATE TABLE ledger_queue ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " at BIGINT NOT NULL,"
           " action TEXT NOT NULL,"
           " subject TEXT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " body TEXT NOT NULL)",
           // id is not unique here: the log must record whatever was queued, even an id
           // reused by a bug; a unique constraint would stop the sequencer for good.
           "CREATE TABLE ledger_entries ("
           " leaf_index BIGINT PRIMARY KEY,"
           " id TEXT NOT NULL,"
           " at BIGINT NOT NULL,"
           " action TEXT NOT NULL,"
           " subject TEXT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " body TEXT NOT NULL)",
           "CREATE INDEX ledger_entries_by_id ON ledger_entries (id, leaf_index)",
           "CREATE INDEX ledger_entries_by_subject ON ledger_entries (subject, leaf_index)",
           "CREATE INDEX ledger_entries_by_institution ON ledger_entries (institution_id, "
           "leaf_index)",
           // C2SP tlog-tiles layout: hashes of level 8*level nodes idx*256 .. +255.
           "CREATE TABLE ledger_tiles ("
           " level INTEGER NOT NULL,"
           " idx BIGINT NOT NULL,"
           " hashes {{bytes}} NOT NULL,"
           " PRIMARY KEY (level, idx))",
           "CREATE TABLE ledger_state ("
           " id INTEGER PRIMARY KEY CHECK (id = 1),"
           " size BIGINT NOT NULL,"
           " root_hash TEXT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "INSERT INTO ledger_state (id, size, root_hash, updated_at) VALUES (1, 0, "
           "'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0)",
           "CREATE TABLE ledger_heads ("
           " size BIGINT PRIMARY KEY,"
           " root_hash TEXT NOT NULL,"
           " timestamp_ms BIGINT NOT NULL,"
           " signature TEXT NOT NULL,"
           " public_key TEXT NOT NULL)",
           "CREATE TABLE ledger_witnesses ("
           " name TEXT PRIMARY KEY,"
           " public_key TEXT NOT NULL,"
           " created_at BIGINT NOT NULL)",
           "CREATE TABLE ledger_cosignatures ("
           " size BIGINT NOT NULL REFERENCES ledger_heads (size),"
           " witness TEXT NOT NULL REFERENCES ledger_witnesses (name),"
           " line TEXT NOT NULL,"
           " cosigned_at BIGINT NOT NULL,"
           " PRIMARY KEY (size, witness))",
           // What this node, as a witness, last saw of other logs; forks it detected.
           "CREATE TABLE ledger_witnessed_logs ("
           " origin TEXT PRIMARY KEY,"
           " public_key TEXT NOT NULL,"
           " size BIGINT NOT NULL,"
           " root_hash TEXT NOT NULL,"
           " checkpoint TEXT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE TABLE ledger_forks ("
           " seq {{autoincrement_pk}},"
           " origin TEXT NOT NULL,"
           " detected_at BIGINT NOT NULL,"
           " known_checkpoint TEXT NOT NULL,"
           " conflicting_checkpoint TEXT NOT NULL,"
           " reason TEXT NOT NULL)",
       }},
      {8,
       "real-time use monitoring: live counters, anomaly rule windows, alerts with their "
       "evidence, suspended API keys",
       {
           // One row per hour x dimension x item x action x outcome (monitor/counters.h).
           "CREATE TABLE monitor_counts ("
           " dimension TEXT NOT NULL,"
           " hour_start BIGINT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " item TEXT NOT NULL,"
           " action TEXT NOT NULL,"
           " outcome TEXT NOT NULL,"
           " n BIGINT NOT NULL,"
           " PRIMARY KEY (dimension, hour_start, institution_id, item, action, outcome))",
           "CREATE INDEX monitor_counts_by_institution ON monitor_counts (institution_id, "
           "dimension, hour_start)",
           // The count of each anomaly rule's window (monitor/rules.h) and its threshold.
           "CREATE TABLE monitor_windows ("
           " rule TEXT NOT NULL,"
           " who TEXT NOT NULL,"
           " window_start BIGINT NOT NULL,"
           " n BIGINT NOT NULL,"
           " threshold BIGINT NOT NULL,"
           " PRIMARY KEY (rule, who, window_start))",
           "CREATE INDEX monitor_windows_by_start ON monitor_windows (window_start)",
           "CREATE TABLE monitor_key_subjects ("
           " key_id TEXT NOT NULL,"
           " window_start BIGINT NOT NULL,"
           " subject TEXT NOT NULL,"
           " PRIMARY KEY (key_id, window_start, subject))",
           "CREATE INDEX monitor_key_subjects_by_start ON monitor_key_subjects (window_start)",
           "CREATE TABLE monitor_evidence ("
           " rule TEXT NOT NULL,"
           " who TEXT NOT NULL,"
           " window_start BIGINT NOT NULL,"
           " leaf_index BIGINT NOT NULL,"
           " entry_id TEXT NOT NULL,"
           " key_id TEXT NOT NULL,"
           " entry_at BIGINT NOT NULL,"
           " PRIMARY KEY (rule, who, window_start, leaf_index))",
           "CREATE INDEX monitor_evidence_by_start ON monitor_evidence (window_start)",
           "CREATE TABLE monitor_alerts ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " rule TEXT NOT NULL,"
           " who TEXT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " key_id TEXT NOT NULL,"
           " window_start BIGINT NOT NULL,"
           " window_end BIGINT NOT NULL,"
           " n BIGINT NOT NULL,"
           " threshold BIGINT NOT NULL,"
           " raised_index BIGINT NOT NULL,"
           " raised_entry_at BIGINT NOT NULL,"
           " last_index BIGINT NOT NULL,"
           " last_at BIGINT NOT NULL,"
           " raised_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL,"
           " state TEXT NOT NULL,"
           " acknowledged_at BIGINT,"
           " acknowledged_by TEXT,"
           " acknowledge_note TEXT,"
           " resolved_at BIGINT,"
           " resolved_by TEXT,"
           " resolve_note TEXT,"
           " suspended_key_id TEXT,"
           " UNIQUE (rule, who, window_start))",
           "CREATE INDEX monitor_alerts_by_state ON monitor_alerts (state, seq)",
           "CREATE INDEX monitor_alerts_by_institution ON monitor_alerts (institution_id, seq)",
           "ALTER TABLE api_keys ADD COLUMN suspended_at BIGINT",
           "ALTER TABLE api_keys ADD COLUMN suspension_note TEXT",
       }},
      {9,
       "financing marketplace: products with eligibility rules, demands, applications with "
       "their timeline and SLA reminders, loans and repayments, IP pledges; inbox webhooks",
       {
           "CREATE TABLE market_products ("
           " id TEXT PRIMARY KEY,"
           " institution_id TEXT NOT NULL,"
           " name TEXT NOT NULL,"
           " type TEXT NOT NULL,"
           " body TEXT NOT NULL,"  // the product as JSON (market/product.h)
           " status TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX market_products_by_institution ON market_products (institution_id)",
           "CREATE INDEX market_products_by_status ON market_products (status)",
           "CREATE TABLE market_demands ("
           " id TEXT PRIMARY KEY,"
           " uscc TEXT NOT NULL,"
           " amount BIGINT NOT NULL,"
           " term_months INTEGER NOT NULL,"
           " body TEXT NOT NULL,"
           " status TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " closed_at BIGINT)",
           "CREATE INDEX market_demands_by_uscc ON market_demands (uscc, created_at)",
           "CREATE INDEX market_demands_by_status ON market_demands (status, created_at)",
           // open_product is the product id while the application is undecided and open, else
           // NULL: one open application per enterprise and product (NULLs are distinct).
           "CREATE TABLE market_applications ("
           " id TEXT PRIMARY KEY,"
           " uscc TEXT NOT NULL,"
           " product_id TEXT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " demand_id TEXT,"
           " authorization_id TEXT NOT NULL,"
           " referred_from TEXT,"
           " amount BIGINT NOT NULL,"
           " term_months INTEGER NOT NULL,"
           " state TEXT NOT NULL,"
           " open_product TEXT,"
           " body TEXT NOT NULL,"
           " submitted_at BIGINT NOT NULL,"
           " sla_due_at BIGINT NOT NULL,"
           " decided_at BIGINT,"
           " updated_at BIGINT NOT NULL,"
           " UNIQUE (uscc, open_product))",
           "CREATE INDEX market_applications_by_institution ON market_applications "
           "(institution_id, submitted_at)",
           "CREATE INDEX market_applications_by_product ON market_applications (product_id, state)",
           "CREATE INDEX market_applications_by_state ON market_applications (state, sla_due_at)",
           "CREATE TABLE market_transitions ("
           " application_id TEXT NOT NULL,"
           " seq INTEGER NOT NULL,"
           " from_state TEXT NOT NULL,"
           " to_state TEXT NOT NULL,"
           " actor_role TEXT NOT NULL,"
           " actor_key TEXT NOT NULL,"
           " at BIGINT NOT NULL,"
           " note TEXT NOT NULL,"
           " PRIMARY KEY (application_id, seq))",
           // Reminders wait here until due, so they survive restarts (market/reminders.h).
           "CREATE TABLE market_reminders ("
           " application_id TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " due_at BIGINT NOT NULL,"
           " sent_at BIGINT,"
           " PRIMARY KEY (application_id, kind))",
           "CREATE INDEX market_reminders_due ON market_reminders (sent_at, due_at)",
           "CREATE TABLE market_loans ("
           " application_id TEXT PRIMARY KEY,"
           " uscc TEXT NOT NULL,"
           " institution_id TEXT NOT NULL,"
           " principal BIGINT NOT NULL,"
           " annual_rate_bp INTEGER NOT NULL,"
           " term_months INTEGER NOT NULL,"
           " method TEXT NOT NULL,"
           " disbursed_on TEXT NOT NULL,"
           " first_due_date TEXT NOT NULL,"
           " outstanding BIGINT NOT NULL,"
           " overdue_days INTEGER NOT NULL,"
           " bucket TEXT NOT NULL,"
           " assessed_on TEXT NOT NULL)",
           "CREATE INDEX market_loans_by_institution ON market_loans (institution_id, bucket)",
           "CREATE TABLE market_repayments ("
           " id TEXT PRIMARY KEY,"
           " application_id TEXT NOT NULL,"
           " paid_on TEXT NOT NULL,"
           " amount BIGINT NOT NULL,"
           " recorded_at BIGINT NOT NULL,"
           " recorded_by TEXT NOT NULL)",
           "CREATE INDEX market_repayments_by_loan ON market_repayments (application_id, paid_on)",
           "CREATE TABLE ip_pledges ("
           " id TEXT PRIMARY KEY,"
           " registration_no TEXT NOT NULL UNIQUE,"
           " uscc TEXT NOT NULL,"
           " pledgee_id TEXT NOT NULL,"
           " application_id TEXT,"
           " body TEXT NOT NULL,"
           " status TEXT NOT NULL,"
           " registered_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX ip_pledges_by_uscc ON ip_pledges (uscc)",
           "CREATE TABLE ip_pledge_items ("
           " pledge_id TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " number TEXT NOT NULL,"
           " PRIMARY KEY (pledge_id, kind, number))",
           "CREATE INDEX ip_pledge_items_by_number ON ip_pledge_items (number)",
           // Webhooks announcing inbox messages (inbox/inbox_repository.h): one per recipient,
           // and the deliveries notify() queues with each message (push/inbox_delivery.h).
           "CREATE TABLE inbox_webhooks ("
           " recipient_kind TEXT NOT NULL,"
           " recipient_id TEXT NOT NULL,"
           " url TEXT NOT NULL,"
           " secret TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " PRIMARY KEY (recipient_kind, recipient_id))",
           "CREATE TABLE inbox_deliveries ("
           " message_id TEXT PRIMARY KEY,"
           " recipient_kind TEXT NOT NULL,"
           " recipient_id TEXT NOT NULL,"
           " url TEXT NOT NULL,"
           " attempts INTEGER NOT NULL,"
           " next_at BIGINT NOT NULL,"
           " delivered_at BIGINT,"
           " dead_at BIGINT,"
           " last_status INTEGER,"
           " last_error TEXT)",
           "CREATE INDEX inbox_deliveries_due ON inbox_deliveries (delivered_at, dead_at, next_at)",
           "CREATE INDEX inbox_deliveries_by_recipient ON inbox_deliveries (recipient_kind, "
           "recipient_id, next_at)",
       }},
      {10,
       "support policies: TOML documents with their revisions, the eligible pairs found and "
       "notified, 免申即享 grants, opt-outs, batch runs; application policy tags for take-up; "
       "indexes that let the batch find what changed",
       {
           "CREATE TABLE policy_documents ("
           " id TEXT PRIMARY KEY,"
           " revision BIGINT NOT NULL,"
           " source TEXT NOT NULL,"  // the TOML document (policy/policy_file.h)
           " updated_at BIGINT NOT NULL,"
           " updated_by TEXT NOT NULL)",
           "CREATE TABLE policy_revisions ("
           " policy_id TEXT NOT NULL,"
           " revision BIGINT NOT NULL,"
           " source TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " created_by TEXT NOT NULL,"
           " PRIMARY KEY (policy_id, revision))",
           // One row per enterprise found eligible for a policy version: the notification
           // sent (message_id), or none because the enterprise opted out of the kind.
           "CREATE TABLE policy_notifications ("
           " uscc TEXT NOT NULL,"
           " policy_id TEXT NOT NULL,"
           " version INTEGER NOT NULL,"
           " kind TEXT NOT NULL,"
           " notified_at BIGINT NOT NULL,"
           " message_id TEXT,"
           " PRIMARY KEY (uscc, policy_id, version))",
           "CREATE INDEX policy_notifications_by_policy ON policy_notifications (policy_id, "
           "version)",
           "CREATE TABLE policy_grants ("
           " uscc TEXT NOT NULL,"
           " policy_id TEXT NOT NULL,"
           " version INTEGER NOT NULL,"
           " estimate_wan DOUBLE PRECISION,"
           " granted_at BIGINT NOT NULL,"
           " granted_by TEXT NOT NULL,"
           " PRIMARY KEY (uscc, policy_id, version))",
           "CREATE INDEX policy_grants_by_policy ON policy_grants (policy_id)",
           "CREATE TABLE policy_optouts ("
           " uscc TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " PRIMARY KEY (uscc, kind))",
           "CREATE TABLE policy_runs ("
           " seq {{autoincrement_pk}},"
           " id TEXT NOT NULL UNIQUE,"
           " mode TEXT NOT NULL,"
           " started_at BIGINT NOT NULL,"
           " finished_at BIGINT NOT NULL,"
           " enterprises BIGINT NOT NULL,"
           " policies BIGINT NOT NULL,"
           " eligible BIGINT NOT NULL,"
           " newly_eligible BIGINT NOT NULL,"
           " notified BIGINT NOT NULL,"
           " suppressed BIGINT NOT NULL)",
           "CREATE TABLE market_application_tags ("
           " application_id TEXT NOT NULL,"
           " tag TEXT NOT NULL,"
           " uscc TEXT NOT NULL,"
           " submitted_at BIGINT NOT NULL,"
           " PRIMARY KEY (application_id, tag))",
           "CREATE INDEX market_application_tags_by_tag ON market_application_tags (tag, uscc)",
           "CREATE INDEX enterprises_by_update ON enterprises (updated_at)",
           "CREATE INDEX credit_evaluations_by_run ON credit_evaluations (run_id)",
           "CREATE INDEX market_applications_by_update ON market_applications (updated_at)",
           "CREATE INDEX market_repayments_by_time ON market_repayments (recorded_at)",
           "CREATE INDEX ip_pledges_by_update ON ip_pledges (updated_at)",
           "CREATE INDEX market_loans_by_assessment ON market_loans (assessed_on)",
       }},
  };
  return kMigrations;
}

int latest_schema_version() {
  return migrations().back().version;
}

std::string render_for_dialect(std::string_view sql, Dialect dialect) {
  struct Token {
    std::string_view name, sqlite, postgres;
  };
  static constexpr Token kTokens[] = {
      {"{{autoincrement_pk}}", "INTEGER PRIMARY KEY AUTOINCREMENT",
       "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"},
      {"{{bytes}}", "BLOB", "BYTEA"},
  };
  std::string out(sql);
  for (const auto& t : kTokens) {
    for (size_t pos; (pos = out.find(t.name)) != std::string::npos;)
      out.replace(pos, t.name.size(), dialect == Dialect::kSqlite ? t.sqlite : t.postgres);
  }
  return out;
}

Result<int> schema_version(Database& db) {
  int version = 0;
  Status s = db.read([&](Session& session) -> Status {
    std::string_view probe = db.dialect() == Dialect::kSqlite
                                 ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                   "name = 'schema_migrations'"
                                 : "SELECT count(*) FROM information_schema.tables WHERE "
                                   "table_schema = current_schema() AND table_name = "
                                   "'schema_migrations'";
    RX_ASSIGN_OR_RETURN(Rows rows, session.query(probe));
    if (rows.at(0).integer(0) == 0) return Status::ok();
    RX_ASSIGN_OR_RETURN(version, read_version(session));
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return version;
}

Status migrate(Database& db, const Clock& clock) {
  for (const Migration& m : migrations()) {
    RX_RETURN_IF_ERROR(db.write([&](Session& s) -> Status {
      if (s.dialect() == Dialect::kPostgres)
        RX_RETURN_IF_ERROR(s.query("SELECT pg_advisory_xact_lock(7316442)").status());
      RX_RETURN_IF_ERROR(s.execute(kCreateVersionTable).status());
      RX_ASSIGN_OR_RETURN(int current, read_version(s));
      if (current > latest_schema_version()) return too_new(current);
      if (current >= m.version) return Status::ok();
      for (std::string_view statement : m.statements) {
        Status st = s.execute(render_for_dialect(statement, s.dialect())).status();
        if (!st.is_ok())
          return Status(st.code(), "migration " + std::to_string(m.version) + " (" +
                                       std::string(m.name) + ") failed: " + st.message());
      }
      RX_RETURN_IF_ERROR(s.execute("INSERT INTO schema_migrations (version, name, applied_at) "
                                   "VALUES (?, ?, ?)",
                                   {int64_t{m.version}, std::string(m.name),
                                    int64_t{clock.now().time_since_epoch().count()}})
                             .status());
      return Status::ok();
    }));
  }
  return Status::ok();
}

}  // namespace rx::store
