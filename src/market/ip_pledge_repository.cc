#include "market/ip_pledge_repository.h"

#include <nlohmann/json.hpp>

#include "core/id.h"
#include "inbox/inbox_repository.h"
#include "registry/institution.h"

namespace rx::market {
namespace {

using Json = nlohmann::json;
using store::Row;
using store::Rows;
using store::Value;

std::string body_of(const IpPledge& p) {
  Json items = Json::array();
  for (const IpItem& i : p.items)
    items.push_back({{"kind", to_string(i.kind)}, {"number", i.number}, {"title", i.title}});
  return Json{{"owner_name", p.owner_name},   {"items", items},
              {"valuation_fen", p.valuation}, {"valuation_method", p.valuation_method},
              {"valuer", p.valuer},           {"secured_amount_fen", p.secured_amount},
              {"from", p.from.to_string()},   {"until", p.until.to_string()},
              {"status_note", p.status_note}}
      .dump();
}

constexpr std::string_view kColumns =
    "SELECT id, registration_no, uscc, pledgee_id, application_id, body, status, registered_at, "
    "updated_at FROM ip_pledges";

Result<IpPledge> pledge_of(const Row& r) {
  IpPledge p;
  p.id = r.text(0);
  p.registration_no = r.text(1);
  p.uscc = r.text(2);
  p.pledgee_id = r.text(3);
  if (!r.is_null(4)) p.application_id = r.text(4);
  try {
    const Json b = Json::parse(r.text(5));
    p.owner_name = b.at("owner_name").get<std::string>();
    for (const Json& i : b.at("items"))
      p.items.push_back({parse_ip_kind(i.at("kind").get<std::string>()).value_or(IpKind::kPatent),
                         i.at("number").get<std::string>(), i.at("title").get<std::string>()});
    p.valuation = b.at("valuation_fen").get<int64_t>();
    p.valuation_method = b.at("valuation_method").get<std::string>();
    p.valuer = b.at("valuer").get<std::string>();
    p.secured_amount = b.at("secured_amount_fen").get<int64_t>();
    auto from = Date::parse(b.at("from").get<std::string>());
    auto until = Date::parse(b.at("until").get<std::string>());
    if (!from.is_ok() || !until.is_ok()) return data_loss("IP pledge " + p.id + " is damaged");
    p.from = *from;
    p.until = *until;
    p.status_note = b.at("status_note").get<std::string>();
  } catch (const Json::exception&) {
    return data_loss("IP pledge " + p.id + " is damaged");
  }
  auto status = parse_pledge_status(r.text(6));
  if (!status) return data_loss("IP pledge " + p.id + " has an unknown status");
  p.status = *status;
  p.registered_at = instant_from_micros(r.integer(7));
  p.updated_at = instant_from_micros(r.integer(8));
  return p;
}

Result<std::vector<IpPledge>> pledges(store::Session& s, const std::string& sql,
                                      const std::vector<Value>& params) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  std::vector<IpPledge> out;
  for (const Row& r : rows) {
    RX_ASSIGN_OR_RETURN(IpPledge p, pledge_of(r));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Result<IpPledge> IpPledgeRepository::register_pledge(IpPledge p) {
  RX_RETURN_IF_ERROR(validate(p));
  const Instant now = clock_.now();
  p.id = new_uuid_v7(clock_, random_);
  std::string day = shanghai_date(now).to_string();
  std::erase(day, '-');
  p.registration_no = "ZYDJ-" + day + "-" + p.id.substr(p.id.size() - 8);
  p.status = PledgeStatus::kRegistered;
  p.registered_at = p.updated_at = now;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto pledgee, registry::find_institution(s, p.pledgee_id));
    if (!pledgee) return not_found("institution '" + p.pledgee_id + "' is not registered");
    if (p.application_id) {
      RX_ASSIGN_OR_RETURN(Rows app, s.query("SELECT 1 FROM market_applications WHERE id = ? AND "
                                            "uscc = ? AND institution_id = ?",
                                            {*p.application_id, p.uscc, p.pledgee_id}));
      if (app.empty())
        return invalid_argument("invalid IP pledge", {{"application_id",
                                                       "is not this enterprise's application to "
                                                       "the pledgee"}});
    }
    for (const IpItem& i : p.items) {
      RX_ASSIGN_OR_RETURN(
          Rows taken,
          s.query("SELECT g.registration_no FROM ip_pledge_items i JOIN ip_pledges g ON g.id = "
                  "i.pledge_id WHERE i.kind = ? AND i.number = ? AND g.status = 'registered'",
                  {std::string(to_string(i.kind)), i.number}));
      if (!taken.empty())
        return already_exists(std::string(to_string(i.kind)) + " " + i.number +
                              " is already pledged under " + taken[0].text(0));
      RX_RETURN_IF_ERROR(s.execute("INSERT INTO ip_pledge_items (pledge_id, kind, number) VALUES "
                                   "(?, ?, ?)",
                                   {p.id, std::string(to_string(i.kind)), i.number})
                             .status());
    }
    RX_RETURN_IF_ERROR(
        s.execute("INSERT INTO ip_pledges (id, registration_no, uscc, pledgee_id, application_id, "
                  "body, status, registered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {p.id, p.registration_no, p.uscc, p.pledgee_id, store::nullable(p.application_id),
                   body_of(p), std::string(to_string(p.status)), micros(now), micros(now)})
            .status());
    inbox::NewMessage m;
    m.recipient = {inbox::RecipientKind::kEnterprise, p.uscc};
    m.kind = "ip_pledge_registered";
    m.title = "知识产权质押已登记：" + p.registration_no;
    m.body = "质权人 " + pledgee->name + "，共 " + std::to_string(p.items.size()) + " 项权利。";
    m.link = "/finance/pledges";
    return inbox::notify(s, clock_, random_, m).status();
  }));
  return p;
}

Result<IpPledge> IpPledgeRepository::change_status(const std::string& id,
                                                   const std::string& pledgee_id, PledgeStatus to,
                                                   const std::string& note) {
  IpPledge out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, pledges(s, std::string(kColumns) + " WHERE id = ?", {id}));
    if (found.empty() || found[0].pledgee_id != pledgee_id) return not_found("no IP pledge " + id);
    IpPledge& p = found[0];
    if (p.status != PledgeStatus::kRegistered || to == PledgeStatus::kRegistered)
      return failed_precondition("a " + std::string(to_string(p.status)) +
                                 " pledge cannot become " + std::string(to_string(to)));
    p.status = to;
    p.status_note = note;
    p.updated_at = clock_.now();
    RX_RETURN_IF_ERROR(s.execute("UPDATE ip_pledges SET status = ?, body = ?, updated_at = ? "
                                 "WHERE id = ?",
                                 {std::string(to_string(to)), body_of(p), micros(p.updated_at), id})
                           .status());
    out = std::move(p);
    return Status::ok();
  }));
  return out;
}

Result<std::optional<IpPledge>> IpPledgeRepository::find(const std::string& id) {
  std::optional<IpPledge> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, pledges(s, std::string(kColumns) + " WHERE id = ?", {id}));
    if (!found.empty()) out = std::move(found[0]);
    return Status::ok();
  }));
  return out;
}

Result<std::vector<IpPledge>> IpPledgeRepository::search(const Query& q) {
  std::string sql = std::string(kColumns) + " WHERE 1 = 1";
  std::vector<Value> params;
  if (q.uscc) {
    sql += " AND uscc = ?";
    params.emplace_back(*q.uscc);
  }
  if (q.pledgee_id) {
    sql += " AND pledgee_id = ?";
    params.emplace_back(*q.pledgee_id);
  }
  if (q.ip_number) {
    sql += " AND id IN (SELECT pledge_id FROM ip_pledge_items WHERE number = ?)";
    params.emplace_back(*q.ip_number);
  }
  sql += " ORDER BY registered_at DESC, id LIMIT 500";
  std::vector<IpPledge> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, pledges(s, sql, params));
    return Status::ok();
  }));
  return out;
}

}  // namespace rx::market
