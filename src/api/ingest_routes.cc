// Data providers push batches; the operator reads batch reports, quarantines and quality.
#include <algorithm>

#include "api/errors.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "ingest/ingestor.h"
#include "ingest/records.h"

namespace rx::api {
namespace {

using auth::Role;

std::optional<std::string> opt_instant(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return format_instant(*t);
}

Json nullable(const std::optional<std::string>& s) {
  return s ? Json(*s) : Json(nullptr);
}

Json batch_json(const ingest::BatchReport& b) {
  return {{"id", b.id},
          {"category", b.category},
          {"channel", b.channel},
          {"source_name", b.source_name},
          {"provider", b.provider},
          {"catalog_version", b.catalog_version},
          {"status", b.status},
          {"error", b.error},
          {"started_at", format_instant(b.started_at)},
          {"finished_at", nullable(opt_instant(b.finished_at))},
          {"rows", b.rows},
          {"accepted", b.accepted},
          {"superseded", b.superseded},
          {"duplicates", b.duplicates},
          {"rejected", b.rejected}};
}

// Data providers see only what they pushed themselves.
Status check_batch_owner(const RequestContext& c, const ingest::BatchReport& b) {
  if (c.principal->role == Role::kDataProvider && b.provider != c.principal->key_id)
    return not_found("no ingestion batch " + b.id);
  return Status::ok();
}

// text/csv or application/x-ndjson (also application/jsonl), with an optional charset.
Result<ingest::ReadOptions> push_format(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  type.erase(type.find_last_not_of(' ') + 1);
  ingest::ReadOptions options;
  if (type == "text/csv") {
    options.format = ingest::Format::kCsv;
  } else if (type == "application/x-ndjson" || type == "application/jsonl") {
    options.format = ingest::Format::kJsonLines;
  } else {
    return Status(StatusCode::kInvalidArgument, "unsupported media type",
                  {{"content-type", "must be text/csv or application/x-ndjson, not '" +
                                        std::string(content_type) + "'"}});
  }
  if (size_t at = content_type.find("charset="); at != std::string_view::npos) {
    std::string_view charset = content_type.substr(at + 8);
    charset = charset.substr(0, charset.find(';'));
    options.encoding = ingest::parse_encoding(charset);
    if (!options.encoding)
      return invalid_argument("unsupported charset",
                              {{"content-type", "charset must be utf-8 or gbk/gb18030"}});
  }
  return options;
}

}  // namespace

void add_ingest_routes(Router& router, Services& s) {
  router.add(
      {"POST",
       "/api/v1/ingest/{category}",
       {Role::kAdmin, Role::kDataProvider},
       false,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         const std::string& id = c.path_param("category");
         const catalog::Category* category = s.catalog.category(id);
         if (!category) return not_found("'" + id + "' is not in the shared catalogue");
         if (category->mode != catalog::Mode::kStored)
           return failed_precondition("'" + id +
                                      "' is an interface category: the platform queries "
                                      "its source live and stores nothing");
         if (category->self_reported)
           return permission_denied("'" + id +
                                    "' is self-reported: enterprises submit it with a "
                                    "credit commitment (POST "
                                    "/api/v1/enterprises/{uscc}/self-reports)");
         if (c.http.body.size() > s.max_push_bytes)
           return Status(StatusCode::kResourceExhausted, "batch too large",
                         {{"body", "at most " + std::to_string(s.max_push_bytes) +
                                       " bytes per push; split the batch"}});
         auto read = push_format(c.http.header("content-type"));
         if (!read.is_ok())
           return error_response(415, "unsupported_media_type", read.status().message(),
                                 read.status().details());
         QueryReader q(c.query);
         std::string name = q.string("source_name").value_or("push");
         RX_RETURN_IF_ERROR(q.finish());
         ingest::IngestOptions options;
         options.read = *read;
         if (s.register_unknown_enterprises)
           options.unknown_enterprise = ingest::UnknownEnterprise::kRegister;
         ingest::Ingestor ingestor(s.db, *category, s.catalog_version, s.clock, s.random, options);
         ingest::MemorySource body(c.http.body);
         RX_ASSIGN_OR_RETURN(
             auto summary, ingestor.run(body, {"push", name, c.principal->key_id, false, "", ""}));
         return json_response(ingest::to_json(summary), 201);
       },
       /*raw_body=*/true});

  router.add(
      {"GET",
       "/api/v1/ingest/batches",
       {Role::kAdmin, Role::kDataProvider},
       false,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         QueryReader q(c.query);
         ingest::BatchQuery query;
         query.category = q.string("category");
         query.before = q.string("cursor");
         query.limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
         RX_RETURN_IF_ERROR(q.finish());
         if (c.principal->role == Role::kDataProvider) query.provider = c.principal->key_id;
         RX_ASSIGN_OR_RETURN(auto batches, ingest::RecordStore(s.db).batches(query));
         Json items = Json::array();
         for (const auto& b : batches) items.push_back(batch_json(b));
         bool full = static_cast<int>(batches.size()) == query.limit;
         return json_response(
             {{"items", items}, {"next_cursor", full ? Json(batches.back().id) : Json(nullptr)}});
       }});

  router.add({"GET",
              "/api/v1/ingest/batches/{id}",
              {Role::kAdmin, Role::kDataProvider},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto b, ingest::RecordStore(s.db).batch(c.path_param("id")));
                RX_RETURN_IF_ERROR(check_batch_owner(c, b));
                return json_response(batch_json(b));
              }});

  router.add({"GET",
              "/api/v1/ingest/batches/{id}/rejects",
              {Role::kAdmin, Role::kDataProvider},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                ingest::RecordStore store(s.db);
                RX_ASSIGN_OR_RETURN(auto b, store.batch(c.path_param("id")));
                RX_RETURN_IF_ERROR(check_batch_owner(c, b));
                RX_ASSIGN_OR_RETURN(std::string csv, store.rejects_csv(b.id));
                HttpResponse r;
                r.content_type = "text/csv; charset=utf-8";
                r.body = std::move(csv);
                r.headers.emplace_back("Content-Disposition",
                                       "attachment; filename=\"rejects-" + b.id + ".csv\"");
                return r;
              }});

  router.add(
      {"GET",
       "/api/v1/quality",
       {Role::kAdmin},
       false,
       [&s](RequestContext&) -> Result<HttpResponse> {
         RX_ASSIGN_OR_RETURN(auto quality, ingest::RecordStore(s.db).quality(s.catalog));
         RX_ASSIGN_OR_RETURN(int64_t registered, s.enterprises.count());
         Json categories = Json::array();
         for (const auto& q : quality) {
           const catalog::Category& cat = *s.catalog.category(q.category);
           Json reasons = Json::array();
           for (const auto& r : q.reject_reasons)
             reasons.push_back({{"field", r.field}, {"reason", r.reason}, {"count", r.count}});
           Json providers = Json::array();
           for (const auto& p : q.providers)
             providers.push_back({{"provider", p.provider},
                                  {"batches", p.batches},
                                  {"rows", p.rows},
                                  {"rejected", p.rejected},
                                  {"last_load", nullable(opt_instant(p.last_load))}});
           double coverage =
               registered ? static_cast<double>(q.enterprises) / static_cast<double>(registered)
                          : 0.0;
           categories.push_back({{"category", q.category},
                                 {"name", cat.name},
                                 {"name_en", cat.name_en},
                                 {"mode", catalog::to_string(cat.mode)},
                                 {"records", q.records},
                                 {"enterprises", q.enterprises},
                                 {"coverage", std::round(coverage * 10000) / 10000},
                                 {"last_period", nullable(q.last_period)},
                                 {"last_load", nullable(opt_instant(q.last_load))},
                                 {"rows", q.rows},
                                 {"rejected", q.rejected},
                                 {"reject_reasons", reasons},
                                 {"providers", providers}});
         }
         return json_response({{"registered_enterprises", registered}, {"categories", categories}});
       }});
}

}  // namespace rx::api
