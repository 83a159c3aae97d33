// An enterprise's aggregated credit records, one view over stored categories (with history:
// as_of) and interface categories (asked live); and the enterprise's own self-reported data,
// submitted with a credit commitment (信用承诺).
#include "api/json_input.h"
#include "api/operator_audit.h"
#include "api/routes.h"
#include "core/id.h"
#include "core/text.h"
#include "crypto/crypto.h"
#include "ingest/ingestor.h"
#include "ingest/records.h"

namespace rx::api {

namespace {

using auth::Role;

constexpr size_t kMinCommitmentChars = 10, kMaxCommitmentChars = 2000, kMaxSelfReports = 500;

Status check_own(const auth::Principal& p, const std::string& uscc) {
  if (p.role == Role::kEnterprise && p.uscc != uscc)
    return permission_denied("an enterprise key may only use its own enterprise's records");
  return Status::ok();
}

// "2026-11-24" (the end of that day in Asia/Shanghai, UTC+8 all year) or
// "2026-11-24T03:00:00Z"; nullopt when malformed.
std::optional<Instant> parse_as_of(const std::string& text) {
  auto date = Date::parse(text.substr(0, 10));
  if (!date.is_ok()) return std::nullopt;
  auto day_start = Instant(std::chrono::days(date->days_since_epoch()));
  if (text.size() == 10) return day_start + std::chrono::hours(16) - std::chrono::microseconds(1);
  int h = 0, m = 0, sec = 0;
  char z = 0;
  if (text.size() != 20 || text[10] != 'T' ||
      std::sscanf(text.c_str() + 11, "%2d:%2d:%2d%c", &h, &m, &sec, &z) != 4 || z != 'Z' ||
      h > 23 || m > 59 || sec > 59)
    return std::nullopt;
  return day_start + std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(sec);
}

Json record_json(const ingest::StoredRecord& r) {
  return {
      {"category", r.category},
      {"source", "stored"},
      {"record", Json::parse(r.payload)},
      {"self_reported", r.self_reported},
      {"catalog_version", r.catalog_version},
      {"batch_id", r.batch_id},
      {"loaded_at", format_instant(r.loaded_at)},
      {"superseded_at", r.superseded_at ? Json(format_instant(*r.superseded_at)) : Json(nullptr)}};
}

const catalog::Category* self_report_category(const catalog::Catalog& catalog) {
  for (const catalog::Category& c : catalog.categories)
    if (c.self_reported && c.mode == catalog::Mode::kStored) return &c;
  return nullptr;
}

}  // namespace

void add_record_routes(Router& router, Services& s) {
  router.add(
      {"GET",
       "/api/v1/enterprises/{uscc}/records",
       {Role::kAdmin, Role::kEnterprise},
       false,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
         RX_RETURN_IF_ERROR(check_own(*c.principal, uscc.str()));
         QueryReader q(c.query);
         ingest::RecordQuery query;
         query.uscc = uscc.str();
         query.category = q.string("category");
         if (query.category && !s.catalog.category(*query.category))
           q.fail("category", "'" + *query.category + "' is not in the shared catalogue");
         if (auto as_of = q.string("as_of")) {
           query.as_of = parse_as_of(*as_of);
           if (!query.as_of)
             q.fail("as_of", "must be a date YYYY-MM-DD or an instant YYYY-MM-DDTHH:MM:SSZ");
         }
         query.limit = static_cast<int>(q.integer("limit", 1, 1000).value_or(200));
         RX_RETURN_IF_ERROR(q.finish());
         RX_RETURN_IF_ERROR(s.enterprises.get(uscc).status());
         RX_ASSIGN_OR_RETURN(auto stored, ingest::RecordStore(s.db).records(s.catalog, query));
         Json items = Json::array();
         for (const auto& r : stored) items.push_back(record_json(r));
         // Interface categories hold no history: they answer only for "now".
         Json live_errors = Json::array();
         if (!query.as_of) {
           for (auto& [id, connector] : s.connectors) {
             if (query.category && *query.category != id) continue;
             auto live = connector->records(uscc.str());
             if (!live.is_ok()) {
               live_errors.push_back({{"category", id}, {"message", live.status().message()}});
               continue;
             }
             for (const std::string& payload : live->payloads)
               items.push_back({{"category", id},
                                {"source", "interface"},
                                {"record", Json::parse(payload)},
                                {"self_reported", false},
                                {"cached", live->from_cache}});
           }
         }
         HttpResponse answer = json_response(
             {{"uscc", uscc.str()},
              {"as_of", query.as_of ? Json(format_instant(*query.as_of)) : Json(nullptr)},
              {"items", items},
              {"interface_errors", live_errors}});
         RX_RETURN_IF_ERROR(audit_operator_read(s, c, uscc.str(), "records",
                                                query.category
                                                    ? std::vector<std::string>{*query.category}
                                                    : std::vector<std::string>{},
                                                answer.body));
         return answer;
       }});

  router.add(
      {"POST",
       "/api/v1/enterprises/{uscc}/self-reports",
       {Role::kEnterprise},
       true,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
         RX_RETURN_IF_ERROR(check_own(*c.principal, uscc.str()));
         const catalog::Category* category = self_report_category(s.catalog);
         if (!category)
           return failed_precondition("the shared catalogue has no self-reported category");
         std::vector<FieldError> errors;
         if (!c.body.is_object()) return invalid_argument("body must be a JSON object");
         for (const auto& [key, value] : c.body.items())
           if (key != "commitment" && key != "records") errors.push_back({key, "unknown field"});
         std::string commitment;
         if (!c.body.contains("commitment") || !c.body["commitment"].is_string()) {
           errors.push_back({"commitment", "is required: the signed credit commitment text"});
         } else {
           commitment = c.body["commitment"].get<std::string>();
           auto chars = utf8_length(commitment).value_or(0);
           if (chars < kMinCommitmentChars || chars > kMaxCommitmentChars)
             errors.push_back({"commitment", "must be " + std::to_string(kMinCommitmentChars) +
                                                 " to " + std::to_string(kMaxCommitmentChars) +
                                                 " characters"});
         }
         const Json* records = c.body.contains("records") ? &c.body["records"] : nullptr;
         if (!records || !records->is_array() || records->empty() ||
             records->size() > kMaxSelfReports)
           errors.push_back({"records", "must be an array of 1 to " +
                                            std::to_string(kMaxSelfReports) + " objects"});
         if (!errors.empty()) {
           std::string first = errors[0].field + ": " + errors[0].reason;
           return invalid_argument(std::move(first), std::move(errors));
         }
         // One JSON line per record, each about this enterprise.
         std::string lines;
         for (Json record : *records) {
           if (record.is_object() && !record.contains("uscc")) record["uscc"] = uscc.str();
           lines += record.dump() + "\n";
         }
         ingest::IngestOptions options;
         options.read.format = ingest::Format::kJsonLines;
         options.read.encoding = ingest::Encoding::kUtf8;
         ingest::Ingestor ingestor(s.db, *category, s.catalog_version, s.clock, s.random, options);
         // The commitment is recorded before the data it covers.
         ingest::RecordStore store(s.db);
         ingest::Commitment signed_commitment{
             new_uuid_v7(s.clock, s.random), uscc.str(),          commitment,
             crypto::sha256_hex(commitment), c.principal->key_id, s.clock.now()};
         RX_RETURN_IF_ERROR(store.save_commitment(signed_commitment));
         ingest::MemorySource source(lines);
         RX_ASSIGN_OR_RETURN(
             auto summary, ingestor.run(source, {"self_report", "self-report", c.principal->key_id,
                                                 true, uscc.str(), signed_commitment.batch_id}));
         Json body = ingest::to_json(summary);
         body["commitment"] = {{"sha256", signed_commitment.text_sha256},
                               {"key_id", signed_commitment.key_id},
                               {"signed_at", format_instant(signed_commitment.signed_at)}};
         RX_ASSIGN_OR_RETURN(std::string rejects, store.rejects_csv(summary.batch_id));
         body["rejects_csv"] = rejects;
         return json_response(body, 201);
       }});
}

}  // namespace rx::api
