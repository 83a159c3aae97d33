#include "report/disclosure.h"

#include <algorithm>

#include "consent/access_log.h"
#include "consent/authorization_repository.h"
#include "consent/masking.h"
#include "core/id.h"
#include "core/uscc.h"
#include "credit/evaluation_repository.h"
#include "crypto/crypto.h"
#include "ingest/records.h"
#include "registry/enterprise_repository.h"

namespace rx::report {
namespace {

using consent::Deny;
using nlohmann::json;

// The evaluation as it may leave: the grade is the public composite evaluation (公共信用综合
// 评价); score, scorecard and contributions need the enterprise's authorization.
Result<json> evaluation_view(store::Session& s, const std::string& uscc, bool in_clear) {
  RX_ASSIGN_OR_RETURN(auto e, credit::find_evaluation(s, uscc, ""));
  if (!e) return json(nullptr);
  json out = {{"as_of", e->as_of}, {"grade", e->grade}};
  if (in_clear) {
    out["score"] = e->score;
    out["scorecard_score"] = e->scorecard_score ? json(*e->scorecard_score) : json(nullptr);
  } else {
    out["withheld"] = json::array({"score", "scorecard_score"});
  }
  return out;
}

}  // namespace

struct Disclosure::Prepared {
  QueryItem item;
  consent::AccessAsk ask;
  Admission admission;
  std::vector<std::string> categories;
  bool recorded = false;  // an access to a registered enterprise's data: recorded either way
};

Result<std::vector<QueryItem>> Disclosure::query(const QueryRequest& r, const Requester& who) {
  std::vector<FieldError> errors;
  if (r.usccs.empty()) errors.push_back({"usccs", "name at least one enterprise"});
  if (r.usccs.size() > kMaxBatch)
    errors.push_back({"usccs", "at most " + std::to_string(kMaxBatch) + " per call"});
  for (size_t i = 0; i < r.categories.size(); ++i)
    if (r.categories[i] != consent::kEvaluationScope && !catalog_.category(r.categories[i]))
      errors.push_back({"categories[" + std::to_string(i) + "]",
                        "'" + r.categories[i] + "' is not in the shared catalogue"});
  const bool from_ok = !r.period_from || consent::is_period(*r.period_from);
  const bool to_ok = !r.period_to || consent::is_period(*r.period_to);
  if (!from_ok) errors.push_back({"period_from", "must be a month YYYY-MM"});
  if (!to_ok) errors.push_back({"period_to", "must be a month YYYY-MM"});
  if (from_ok && to_ok && r.period_from && r.period_to && *r.period_to < *r.period_from)
    errors.push_back({"period_to", "is before period_from"});
  if (r.authorization_id && r.usccs.size() > 1)
    errors.push_back({"authorization_id", "names one enterprise's authorization: query one USCC"});
  if (!errors.empty()) return invalid_argument("the query is not valid", std::move(errors));

  // The answers come from one read snapshot; then one short write transaction confirms each
  // authorization, counts fair use and records every access. Nothing is sent before it commits.
  std::vector<Prepared> prepared;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    prepared.clear();
    for (const std::string& uscc : r.usccs) {
      RX_ASSIGN_OR_RETURN(Prepared p, prepare(s, r, uscc, who));
      prepared.push_back(std::move(p));
    }
    return Status::ok();
  }));
  std::vector<Deny> confirmed;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    confirmed.clear();  // a retried transaction starts again
    for (const Prepared& p : prepared) {
      Admission a = p.admission;
      if (p.recorded && a.deny == Deny::kNone && a.authorization) {
        RX_ASSIGN_OR_RETURN(a.deny, confirm(s, p.ask, *a.authorization));
      }
      confirmed.push_back(a.deny);
      if (!p.recorded) continue;
      RX_RETURN_IF_ERROR(record(s, who, p.ask, "query", r.authorized, a, p.categories,
                                a.deny == Deny::kNone ? crypto::sha256_hex(p.item.body) : ""));
    }
    return Status::ok();
  }));
  std::vector<QueryItem> items;
  for (size_t i = 0; i < prepared.size(); ++i) {
    QueryItem item = std::move(prepared[i].item);
    if (confirmed[i] != Deny::kNone && item.deny == Deny::kNone) {  // refused at confirmation
      item.status = permission_denied(std::string(consent::explain(confirmed[i])));
      item.deny = confirmed[i];
      item.data = nullptr;
      item.body.clear();
    }
    items.push_back(std::move(item));
  }
  return items;
}

Result<Disclosure::Prepared> Disclosure::prepare(store::Session& s, const QueryRequest& r,
                                                 const std::string& text, const Requester& who) {
  Prepared p;
  QueryItem& item = p.item;
  item.uscc = text;
  auto uscc = Uscc::parse(text);
  if (!uscc.is_ok()) {
    item.status = invalid_argument("not a valid unified social credit code");
    return p;
  }
  auto enterprise = registry::find_enterprise(s, *uscc);
  if (enterprise.status().code() == StatusCode::kNotFound) {
    item.status = not_found("no enterprise " + text + " is registered");
    return p;
  }
  RX_RETURN_IF_ERROR(enterprise.status());
  p.recorded = true;
  p.ask = {.uscc = text,
           .institution_id = who.institution_id,
           .purpose = r.purpose,
           .categories = r.categories,
           .period_from = r.period_from,
           .period_to = r.period_to,
           .application_id = r.application_id,
           .now = clock_.now()};
  if (r.authorized) {
    RX_ASSIGN_OR_RETURN(p.admission, choose(s, p.ask, r.authorization_id));
  }
  p.categories = r.categories;
  if (p.categories.empty()) {
    if (p.admission.authorization)
      for (const consent::Scope& sc : p.admission.authorization->grant.scopes)
        p.categories.push_back(sc.category);
    else
      for (const catalog::Category& c : catalog_.categories)
        if (c.mode == catalog::Mode::kStored) p.categories.push_back(c.id);
  }
  if (p.admission.deny != Deny::kNone) {
    item.status = permission_denied(std::string(consent::explain(p.admission.deny)));
    item.deny = p.admission.deny;
    return p;
  }
  const consent::Authorization* auth =
      p.admission.authorization ? &*p.admission.authorization : nullptr;
  const std::optional<std::string> from = r.period_from ? r.period_from
                                          : auth        ? std::optional(auth->grant.period_from)
                                                        : std::nullopt;
  const std::optional<std::string> to = r.period_to ? r.period_to
                                        : auth      ? std::optional(auth->grant.period_to)
                                                    : std::nullopt;
  RX_ASSIGN_OR_RETURN(json records, this->records(s, text, p.categories, from, to, auth, 100));
  item.data = {{"uscc", text},
               {"name", enterprise->name},
               {"view", auth ? "authorized" : "desensitized"},
               {"authorization_id", auth ? json(auth->id) : json(nullptr)},
               {"purpose", consent::to_string(r.purpose)},
               {"period_from", from ? json(*from) : json(nullptr)},
               {"period_to", to ? json(*to) : json(nullptr)}};
  item.data.update(records);
  item.body = item.data.dump(-1, ' ', false, json::error_handler_t::replace);
  item.status = Status::ok();
  return p;
}

Result<Admission> Disclosure::choose(store::Session& s, const consent::AccessAsk& ask,
                                     const std::optional<std::string>& authorization_id) {
  Admission out;
  std::vector<consent::Authorization> candidates;
  if (authorization_id) {
    RX_ASSIGN_OR_RETURN(auto a, consent::load_authorization(s, *authorization_id));
    // Another institution's or enterprise's authorization is "missing" to this caller: its
    // existence is not disclosed.
    if (!a || a->grant.institution_id != ask.institution_id || a->grant.uscc != ask.uscc) {
      out.deny = Deny::kNoAuthorization;
      return out;
    }
    candidates.push_back(std::move(*a));
  } else {
    RX_ASSIGN_OR_RETURN(candidates,
                        consent::authorizations_between(s, ask.uscc, ask.institution_id));
  }
  // The newest that allows the ask and has fair use left wins. Otherwise: limit_reached when
  // one allowed it, else the newest one's reason.
  out.deny = Deny::kNoAuthorization;
  for (consent::Authorization& a : candidates) {
    Deny d = consent::check(a, ask);
    if (d == Deny::kNone) {
      RX_ASSIGN_OR_RETURN(int64_t used, consent::uses(s, a, ask.now));
      if (used < a.grant.max_queries) {
        out.deny = Deny::kNone;
        out.authorization = std::move(a);
        return out;
      }
      d = Deny::kLimitReached;
    }
    if (out.deny == Deny::kNoAuthorization || d == Deny::kLimitReached) out.deny = d;
  }
  return out;
}

Result<Deny> Disclosure::confirm(store::Session& s, const consent::AccessAsk& ask,
                                 const consent::Authorization& chosen) {
  RX_ASSIGN_OR_RETURN(auto current, consent::load_authorization(s, chosen.id));
  if (!current) return Deny::kNoAuthorization;
  if (const Deny d = consent::check(*current, ask); d != Deny::kNone) return d;
  RX_ASSIGN_OR_RETURN(bool counted, consent::take_use(s, *current, ask.now));
  return counted ? Deny::kNone : Deny::kLimitReached;
}

Result<json> Disclosure::records(store::Session& s, const std::string& uscc,
                                 const std::vector<std::string>& categories,
                                 const std::optional<std::string>& period_from,
                                 const std::optional<std::string>& period_to,
                                 const consent::Authorization* auth, int limit,
                                 const Annotate& annotate, const Keep& keep) {
  RecordFlags flags;
  if (rules_.flags) {
    RX_ASSIGN_OR_RETURN(flags, rules_.flags(s, uscc));
  }
  const Date today = shanghai_date(clock_.now());
  json out = {{"categories", json::array()}};
  for (const std::string& id : categories) {
    if (id == consent::kEvaluationScope) {
      RX_ASSIGN_OR_RETURN(out["evaluation"],
                          evaluation_view(s, uscc, auth && auth->covers_category(id)));
      continue;
    }
    const catalog::Category* c = catalog_.category(id);
    if (!c || c->mode != catalog::Mode::kStored) continue;
    ingest::RecordQuery q;
    q.uscc = uscc;
    q.category = id;
    q.limit = limit;
    q.period_from = period_from;
    q.period_to = period_to;
    RX_ASSIGN_OR_RETURN(auto stored, ingest::read_record_objects(s, catalog_, q));
    json items = json::array();
    int64_t visible = 0;
    json latest = nullptr;
    for (const ingest::RecordObject& r : stored) {
      const json& payload = r.payload;
      const std::string key = rules_.record_key ? rules_.record_key(*c, payload) : "";
      const auto ref = std::make_pair(id, key);
      if (flags.hidden.count(ref)) continue;
      if (rules_.displayed && !rules_.displayed(*c, payload, today, false)) continue;
      ++visible;
      if (auto t = payload.find(c->time_field); t != payload.end() && !t->is_null())
        if (latest.is_null() || latest < *t) latest = *t;
      if (keep && !keep(*c, payload)) continue;
      json item = consent::present_record(*c, catalog_.masking, payload, [&](std::string_view f) {
        return auth && auth->covers(id, f);
      });
      item["record_key"] = key;
      item["self_reported"] = r.self_reported;
      item["batch_id"] = r.batch_id;
      item["under_dispute"] = flags.disputed.count(ref) > 0;
      item["loaded_at"] = format_instant(r.loaded_at);
      if (annotate) annotate(*c, payload, item);
      items.push_back(std::move(item));
    }
    out["categories"].push_back(
        {{"category", id},
         {"name", c->name},
         {"name_en", c->name_en},
         {"view", auth && auth->covers_category(id) ? "authorized" : "desensitized"},
         {"truncated", static_cast<int>(stored.size()) >= limit},
         {"count", visible},
         {"latest", latest},
         {"records", std::move(items)}});
  }
  return out;
}

Status Disclosure::record(store::Session& s, const Requester& who, const consent::AccessAsk& ask,
                          std::string_view action, bool authorized_view, const Admission& admission,
                          const std::vector<std::string>& categories,
                          std::string_view result_sha256) {
  consent::Access a;
  a.id = new_uuid_v7(clock_, random_);
  a.at = ask.now;
  a.institution_id = who.institution_id;
  a.key_id = who.key_id;
  a.uscc = ask.uscc;
  a.action = action;
  a.purpose = consent::to_string(ask.purpose);
  a.view = authorized_view ? "authorized" : "desensitized";
  if (admission.authorization) {
    a.authorization_id = admission.authorization->id;
    a.application_id = admission.authorization->grant.application_id;
  }
  a.categories = categories;
  const bool allowed = admission.deny == Deny::kNone;
  a.outcome = allowed ? "allowed" : "denied";
  a.reason = consent::to_string(admission.deny);
  a.request_id = who.request_id;
  a.result_sha256 = result_sha256;
  return consent::record_access(s, a);
}

}  // namespace rx::report
