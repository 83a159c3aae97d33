#include "market/product_repository.h"

namespace rx::market {
namespace {

using store::Row;
using store::Rows;
using store::Value;
using Json = nlohmann::json;

Result<Product> product_of(const Row& r) {
  Json body = Json::parse(r.text(0), nullptr, false);
  if (body.is_discarded()) return data_loss("stored product body is not JSON");
  RX_ASSIGN_OR_RETURN(Product p, product_from_json(body));
  p.created_at = instant_from_micros(r.integer(1));
  p.updated_at = instant_from_micros(r.integer(2));
  return p;
}

std::string body_of(const Product& p) {
  Json j = to_json(p);
  j.erase("created_at");
  j.erase("updated_at");
  return j.dump();
}

std::string demand_body(const Demand& d) {
  return Json{{"purpose", d.purpose},
              {"collateral", d.collateral},
              {"guarantee_available", d.guarantee_available},
              {"urgency", to_string(d.urgency)}}
      .dump();
}

constexpr std::string_view kDemandColumns =
    "SELECT id, uscc, amount, term_months, body, status, created_at, closed_at FROM "
    "market_demands";

Result<Demand> demand_of(const Row& r) {
  Demand d;
  d.id = r.text(0);
  d.uscc = r.text(1);
  d.amount = r.integer(2);
  d.term_months = static_cast<int>(r.integer(3));
  Json body = Json::parse(r.text(4), nullptr, false);
  try {
    d.purpose = body.at("purpose").get<std::string>();
    d.collateral = body.at("collateral").get<std::vector<std::string>>();
    d.guarantee_available = body.at("guarantee_available").get<bool>();
    d.urgency = parse_urgency(body.at("urgency").get<std::string>()).value_or(Urgency::kNormal);
  } catch (const Json::exception&) {
    return data_loss("stored demand " + d.id + " is damaged");
  }
  d.open = r.text(5) == "open";
  d.created_at = instant_from_micros(r.integer(6));
  if (!r.is_null(7)) d.closed_at = instant_from_micros(r.integer(7));
  return d;
}

Result<std::vector<Demand>> demands(store::Session& s, const std::string& sql,
                                    std::initializer_list<Value> params) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  std::vector<Demand> out;
  for (const Row& r : rows) {
    RX_ASSIGN_OR_RETURN(Demand d, demand_of(r));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Status insert_product(store::Session& s, const Product& p) {
  return s
      .execute(
          "INSERT INTO market_products (id, institution_id, name, type, body, status, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {p.id, p.institution_id, p.name, std::string(to_string(p.type)), body_of(p),
           std::string(to_string(p.status)), micros(p.created_at), micros(p.updated_at)})
      .status();
}

Status update_product(store::Session& s, const Product& p) {
  return s
      .execute(
          "UPDATE market_products SET name = ?, type = ?, body = ?, status = ?, updated_at = ? "
          "WHERE id = ?",
          {p.name, std::string(to_string(p.type)), body_of(p), std::string(to_string(p.status)),
           micros(p.updated_at), p.id})
      .status();
}

Result<std::optional<Product>> find_product(store::Session& s, const std::string& id) {
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      s.query("SELECT body, created_at, updated_at FROM market_products WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<Product>();
  RX_ASSIGN_OR_RETURN(Product p, product_of(rows[0]));
  return std::optional<Product>(std::move(p));
}

Result<std::vector<Product>> list_products(store::Session& s, const ProductFilter& f) {
  std::string sql = "SELECT body, created_at, updated_at FROM market_products WHERE 1 = 1";
  std::vector<Value> params;
  if (f.institution_id) {
    sql += " AND institution_id = ?";
    params.emplace_back(*f.institution_id);
  }
  if (f.status) {
    sql += " AND status = ?";
    params.emplace_back(std::string(to_string(*f.status)));
  }
  sql += " ORDER BY created_at, id";
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  std::vector<Product> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    RX_ASSIGN_OR_RETURN(Product p, product_of(r));
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::map<std::string, DecisionCounts>> decision_counts(store::Session& s) {
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      s.query("SELECT product_id, state, count(*) FROM market_applications WHERE state IN "
              "('approved', 'contract_signed', 'disbursed', 'repaying', 'settled', 'overdue', "
              "'defaulted', 'declined') GROUP BY product_id, state"));
  std::map<std::string, DecisionCounts> out;
  for (const Row& r : rows)
    (r.text(1) == "declined" ? out[r.text(0)].declined : out[r.text(0)].approved) += r.integer(2);
  return out;
}

Status insert_demand(store::Session& s, const Demand& d) {
  return s
      .execute(
          "INSERT INTO market_demands (id, uscc, amount, term_months, body, status, created_at) "
          "VALUES (?, ?, ?, ?, ?, 'open', ?)",
          {d.id, d.uscc, d.amount, int64_t{d.term_months}, demand_body(d), micros(d.created_at)})
      .status();
}

Result<std::optional<Demand>> find_demand(store::Session& s, const std::string& id) {
  RX_ASSIGN_OR_RETURN(auto found,
                      demands(s, std::string(kDemandColumns) + " WHERE id = ?", {Value(id)}));
  if (found.empty()) return std::optional<Demand>();
  return std::optional<Demand>(std::move(found[0]));
}

Result<std::vector<Demand>> demands_of(store::Session& s, const std::string& uscc) {
  return demands(s, std::string(kDemandColumns) + " WHERE uscc = ? ORDER BY created_at DESC",
                 {Value(uscc)});
}

Result<std::vector<Demand>> open_demands(store::Session& s, int limit) {
  return demands(
      s, std::string(kDemandColumns) + " WHERE status = 'open' ORDER BY created_at DESC LIMIT ?",
      {Value(int64_t{limit})});
}

Status close_demand(store::Session& s, const std::string& id, Instant at) {
  return s
      .execute("UPDATE market_demands SET status = 'closed', closed_at = ? WHERE id = ?",
               {micros(at), id})
      .status();
}

}  // namespace rx::market
