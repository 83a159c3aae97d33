// The audit ledger over HTTP (docs/ledger.md): heads, checkpoints, entries and RFC 9162 proofs
// for the operator and for nodes; witnessing; and each enterprise's own entries with proofs.
#include <algorithm>

#include "api/errors.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "core/uscc.h"
#include "crypto/crypto.h"
#include "ledger/tables.h"
#include "ledger/witness.h"

namespace rx::api {
namespace {

using auth::Role;

constexpr int64_t kMaxIndex = int64_t{1} << 62;

// A required integer query parameter: "required" only when it is absent (QueryReader already
// names a malformed one).
std::optional<int64_t> required_integer(QueryReader& q, const RequestContext& c,
                                        const std::string& name, int64_t min) {
  std::optional<int64_t> v = q.integer(name, min, kMaxIndex);
  bool present =
      std::any_of(c.query.begin(), c.query.end(), [&](const auto& kv) { return kv.first == name; });
  if (!present) q.fail(name, "required");
  return v;
}

Json hashes_json(const std::vector<ledger::Hash>& hashes) {
  Json out = Json::array();
  for (const ledger::Hash& h : hashes) out.push_back(ledger::to_hex(h));
  return out;
}

Json head_json(const ledger::TreeHead& h, const ledger::Ledger& l) {
  return {{"size", h.size},
          {"root_hash", ledger::to_hex(h.root)},
          {"timestamp", h.timestamp_ms},
          {"signature", ledger::hex_of(h.signature)},
          {"public_key", ledger::hex_of(l.public_key())},
          {"origin", l.origin()},
          {"verifier_key", ledger::note_verifier_key(l.origin(), l.public_key())}};
}

Json entry_json(const ledger::StoredEntry& e) {
  Json j = {{"index", e.index},
            {"leaf_hash", ledger::to_hex(e.leaf_hash)},
            {"entry", crypto::base64(e.bytes)}};
  auto decoded = ledger::decode(e.bytes);
  if (decoded.is_ok()) {
    j["id"] = decoded->id;
    j["decoded"] = Json::parse(e.bytes);
  }
  return j;
}

HttpResponse text_response(std::string body) {
  HttpResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

Result<std::vector<ledger::Hash>> read_hashes(BodyReader& r, const std::string& field) {
  std::vector<ledger::Hash> out;
  auto list = r.strings(field);
  if (!list) return out;
  for (size_t i = 0; i < list->size(); ++i) {
    auto h = ledger::hash_from_hex((*list)[i]);
    if (!h) {
      return invalid_argument(field + "[" + std::to_string(i) + "] is not a 64-digit hex hash",
                              {{field + "[" + std::to_string(i) + "]", "must be 64 hex digits"}});
    }
    out.push_back(*h);
  }
  return out;
}

// A raw 32-byte key from hex (64 digits) or standard base64 (44 characters).
std::optional<std::string> raw_public_key(const std::string& text) {
  std::optional<std::string> raw =
      text.size() == 64 ? ledger::from_hex(text) : crypto::base64_decode(text);
  if (!raw || raw->size() != 32) return std::nullopt;
  return raw;
}

void add_log_routes(Router& router, Services& s) {
  router.add({"GET",
              "/api/v1/ledger/head",
              {Role::kAdmin, Role::kNode},
              false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(ledger::TreeHead h, s.ledger->head());
                return json_response(head_json(h, *s.ledger));
              }});
  router.add({"GET",
              "/api/v1/ledger/checkpoint",
              {Role::kAdmin, Role::kNode},
              false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(std::string note, s.ledger->checkpoint());
                return text_response(std::move(note));
              }});
  router.add({"GET",
              "/api/v1/ledger/entries",
              {Role::kAdmin, Role::kNode},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                auto start = required_integer(q, c, "start", 0);
                auto end = required_integer(q, c, "end", 0);
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto entries, s.ledger->entries(static_cast<uint64_t>(*start),
                                                                    static_cast<uint64_t>(*end)));
                Json items = Json::array();
                for (const auto& e : entries) items.push_back(entry_json(e));
                return json_response({{"entries", std::move(items)}});
              }});
  router.add({"GET",
              "/api/v1/ledger/entries/{id}",
              {Role::kAdmin, Role::kNode},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto e, s.ledger->entry_by_id(c.path_param("id")));
                return json_response(entry_json(e));
              }});
  router.add({"GET",
              "/api/v1/ledger/proof/inclusion",
              {Role::kAdmin, Role::kNode},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                auto index = required_integer(q, c, "index", 0);
                auto size = required_integer(q, c, "size", 1);
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto p, s.ledger->inclusion(static_cast<uint64_t>(*index),
                                                                static_cast<uint64_t>(*size)));
                return json_response(
                    {{"index", p.index}, {"size", p.size}, {"path", hashes_json(p.path)}});
              }});
  router.add({"GET",
              "/api/v1/ledger/proof/consistency",
              {Role::kAdmin, Role::kNode},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                auto first = required_integer(q, c, "first", 1);
                auto second = required_integer(q, c, "second", 1);
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto p, s.ledger->consistency(static_cast<uint64_t>(*first),
                                                                  static_cast<uint64_t>(*second)));
                return json_response(
                    {{"first", p.first}, {"second", p.second}, {"path", hashes_json(p.path)}});
              }});
}

void add_witness_routes(Router& router, Services& s) {
  // The operator names the witnesses whose cosignatures this log publishes.
  router.add({"POST",
              "/api/v1/ledger/witnesses",
              {Role::kAdmin},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader r(c.body);
                auto name = r.string("name");
                auto key = r.string("public_key");
                if (!name) r.fail("name", "required");
                std::optional<std::string> raw = key ? raw_public_key(*key) : std::nullopt;
                if (!raw) r.fail("public_key", "required: 32-byte Ed25519 key, hex or base64");
                RX_RETURN_IF_ERROR(r.finish("witness"));
                RX_RETURN_IF_ERROR(s.db.write([&](store::Session& ss) -> Status {
                  Status st = ss.execute(
                                    "INSERT INTO ledger_witnesses (name, public_key, "
                                    "created_at) VALUES (?, ?, ?)",
                                    {*name, ledger::hex_of(*raw), micros(s.clock.now())})
                                  .status();
                  if (st.code() == StatusCode::kAlreadyExists)
                    return already_exists("witness " + *name + " is already registered");
                  return st;
                }));
                return json_response({{"name", *name}, {"public_key", ledger::hex_of(*raw)}}, 201);
              }});
  // A registered witness hands back its cosignature of one of this log's heads.
  router.add({"POST",
              "/api/v1/ledger/cosignatures",
              {Role::kAdmin, Role::kNode},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader r(c.body);
                auto size = r.integer("size");
                auto witness = r.string("witness");
                auto line = r.string("cosignature");
                if (!size || *size < 1) r.fail("size", "required: a signed tree size");
                if (!witness) r.fail("witness", "required");
                if (!line) r.fail("cosignature", "required: the cosignature/v1 line");
                RX_RETURN_IF_ERROR(r.finish("cosignature"));
                std::optional<std::string> key;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& ss) -> Status {
                  RX_ASSIGN_OR_RETURN(auto rows, ss.query("SELECT public_key FROM "
                                                          "ledger_witnesses WHERE name = ?",
                                                          {*witness}));
                  if (!rows.empty()) key = ledger::from_hex(rows[0].text(0));
                  return Status::ok();
                }));
                if (!key) return not_found("witness " + *witness + " is not registered");
                std::string text = *line + (line->ends_with("\n") ? "" : "\n");
                RX_RETURN_IF_ERROR(
                    s.ledger->add_cosignature(static_cast<uint64_t>(*size), *witness, *key, text));
                return json_response({{"size", *size}, {"witness", *witness}}, 201);
              }});
  // This node as a witness of another log.
  router.add({"POST",
              "/api/v1/ledger/witness",
              {Role::kAdmin, Role::kNode},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader r(c.body);
                ledger::WitnessRequest w;
                auto note = r.string("checkpoint");
                auto key = r.string("public_key");
                if (!note) r.fail("checkpoint", "required: the log's signed checkpoint");
                std::optional<std::string> raw = key ? raw_public_key(*key) : std::nullopt;
                if (!raw) r.fail("public_key", "required: 32-byte Ed25519 key, hex or base64");
                auto proof = read_hashes(r, "proof");
                if (!proof.is_ok()) return proof.status();
                RX_RETURN_IF_ERROR(r.finish("witness request"));
                w.checkpoint = *note;
                w.log_public_key = *raw;
                w.proof = *proof;
                RX_ASSIGN_OR_RETURN(
                    auto out, ledger::witness_checkpoint(s.db, s.ledger->key(), s.ledger->origin(),
                                                         s.clock, w));
                if (out.fork) {
                  return error_response(409, "fork_detected",
                                        "fork: " + out.fork->reason + " (" + out.fork->origin + ")",
                                        {{"checkpoint", out.fork->reason}});
                }
                return json_response({{"witness", s.ledger->origin()},
                                      {"cosignature", out.cosignature},
                                      {"previous_size", out.previous_size}});
              }});
  router.add({"GET",
              "/api/v1/ledger/forks",
              {Role::kAdmin, Role::kNode},
              false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto forks, ledger::detected_forks(s.db, 100));
                Json items = Json::array();
                for (const auto& f : forks)
                  items.push_back({{"origin", f.origin},
                                   {"reason", f.reason},
                                   {"known_checkpoint", f.known_checkpoint},
                                   {"conflicting_checkpoint", f.conflicting_checkpoint}});
                return json_response({{"items", std::move(items)}});
              }});
}

Status check_own(const RequestContext& c, const std::string& uscc) {
  if (c.principal->role == Role::kEnterprise && c.principal->uscc != uscc)
    return permission_denied("an enterprise key may only see its own ledger entries");
  return Status::ok();
}

// What the ledger holds about one enterprise, newest first, and a proof for any of it.
void add_enterprise_ledger_routes(Router& router, Services& s) {
  router.add({"GET",
              "/api/v1/enterprises/{uscc}/ledger",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                RX_RETURN_IF_ERROR(check_own(c, uscc.str()));
                QueryReader q(c.query);
                auto before = q.integer("before", 0, kMaxIndex);
                const int limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
                RX_RETURN_IF_ERROR(q.finish());
                Json items = Json::array();
                std::optional<int64_t> next;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& ss) -> Status {
                  RX_ASSIGN_OR_RETURN(
                      auto rows,
                      ss.query("SELECT leaf_index, body FROM ledger_entries WHERE subject = ? "
                               "AND leaf_index < ? ORDER BY leaf_index DESC LIMIT ?",
                               {uscc.str(), before.value_or(kMaxIndex), int64_t{limit + 1}}));
                  for (const auto& row : rows) {
                    if (static_cast<int>(items.size()) == limit) {
                      next = items.back()["index"].get<int64_t>();
                      break;
                    }
                    ledger::StoredEntry e{static_cast<uint64_t>(row.integer(0)), row.text(1),
                                          ledger::leaf_hash(row.text(1))};
                    items.push_back(entry_json(e));
                  }
                  return Status::ok();
                }));
                return json_response(
                    {{"items", std::move(items)}, {"next_before", next ? Json(*next) : Json()}});
              }});
  router.add({"GET",
              "/api/v1/enterprises/{uscc}/ledger/{index}/proof",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                RX_RETURN_IF_ERROR(check_own(c, uscc.str()));
                const std::string& text = c.path_param("index");
                uint64_t index = 0;
                if (text.empty() || text.size() > 18 ||
                    text.find_first_not_of("0123456789") != std::string::npos) {
                  return invalid_argument("index must be a whole number", {{"index", text}});
                }
                index = std::stoull(text);
                RX_ASSIGN_OR_RETURN(ledger::TreeHead head, s.ledger->head());
                if (index >= head.size) return not_found("no entry " + text + " in the ledger yet");
                RX_ASSIGN_OR_RETURN(auto entries, s.ledger->entries(index, index + 1));
                auto decoded = ledger::decode(entries.at(0).bytes);
                if (!decoded.is_ok() || decoded->subject != uscc.str())
                  return not_found("entry " + text + " is not about this enterprise");
                RX_ASSIGN_OR_RETURN(auto proof, s.ledger->inclusion(index, head.size));
                return json_response({{"entry", entry_json(entries[0])},
                                      {"head", head_json(head, *s.ledger)},
                                      {"path", hashes_json(proof.path)}});
              }});
}

// That the log only grew since a head the enterprise saw before: nothing it was shown can have
// been deleted or rewritten since.
void add_enterprise_consistency_route(Router& router, Services& s) {
  router.add({"GET",
              "/api/v1/enterprises/{uscc}/ledger/consistency",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                RX_RETURN_IF_ERROR(check_own(c, uscc.str()));
                QueryReader q(c.query);
                auto first = required_integer(q, c, "first", 1);
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(ledger::TreeHead head, s.ledger->head());
                RX_ASSIGN_OR_RETURN(
                    auto p, s.ledger->consistency(static_cast<uint64_t>(*first), head.size));
                return json_response({{"first", p.first},
                                      {"head", head_json(head, *s.ledger)},
                                      {"path", hashes_json(p.path)}});
              }});
}

}  // namespace

void add_ledger_routes(Router& router, Services& s) {
  add_log_routes(router, s);
  add_witness_routes(router, s);
  add_enterprise_ledger_routes(router, s);
  add_enterprise_consistency_route(router, s);
}

}  // namespace rx::api
