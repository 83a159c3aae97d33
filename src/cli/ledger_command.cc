#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "crypto/signing.h"
#include "ledger/tables.h"
#include "ledger/verify.h"

namespace rx::cli {
namespace {

struct LedgerFlags {
  std::string config, db, key_file, public_key;
};

// The public key to check heads against: given in hex, or read from the ledger's key file
// (never created here: a verifier that made a new key would check nothing).
Result<std::string> public_key_for(const LedgerFlags& f, const config::Config& c) {
  if (!f.public_key.empty()) {
    auto raw = ledger::from_hex(f.public_key);
    if (!raw || raw->size() != 32)
      return invalid_argument("--public-key must be 64 lowercase hex digits");
    return *raw;
  }
  std::string path = f.key_file.empty() ? c.ledger_key_file : f.key_file;
  std::ifstream in(path);
  if (!in) return not_found("cannot read the ledger key file " + path);
  std::ostringstream pem;
  pem << in.rdbuf();
  RX_ASSIGN_OR_RETURN(crypto::Ed25519Key key, crypto::Ed25519Key::from_pem(pem.str()));
  return key.public_key();
}

int verify(const LedgerFlags& f) {
  auto loaded = load_config(f.config);
  if (!loaded.is_ok()) return fail("configuration", loaded.status());
  std::string url = f.db.empty() ? loaded->db_url : f.db;
  auto key = public_key_for(f, *loaded);
  if (!key.is_ok()) return fail("ledger key", key.status());
  auto db = store::open_database({.url = url, .create_if_missing = false, .pool_size = 1});
  if (!db.is_ok()) return fail("database " + url, db.status());
  auto report = ledger::verify_ledger(**db, *key, [](uint64_t n) {
    if (n % 1'000'000 == 0)
      std::fprintf(stderr, "rongxin: %llu entries checked\n", static_cast<unsigned long long>(n));
  });
  if (!report.is_ok()) {
    std::fprintf(stderr, "rongxin: ledger verification FAILED: %s\n",
                 report.status().message().c_str());
    return 2;
  }
  std::printf("ledger ok: %llu entries, %llu signed heads, %llu tiles recomputed and checked\n",
              static_cast<unsigned long long>(report->entries),
              static_cast<unsigned long long>(report->heads),
              static_cast<unsigned long long>(report->tiles));
  return 0;
}

}  // namespace

void add_ledger_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<LedgerFlags>();
  CLI::App* cmd = app.add_subcommand("ledger", "Check the tamper-evident audit ledger");
  cmd->require_subcommand(1);
  CLI::App* v = cmd->add_subcommand(
      "verify",
      "Recompute the Merkle tree from every stored entry and check every tile and signed head; "
      "exits 2 naming the first altered, removed or reordered entry");
  v->add_option("--config", f->config, "TOML configuration file");
  v->add_option("--db", f->db, "Database URL (default: the configuration's)");
  v->add_option("--key", f->key_file, "The ledger's key file (default: the configuration's)");
  v->add_option("--public-key", f->public_key, "Or the ledger's public key, 64 hex digits");
  v->callback([f, &exit_code] { exit_code = verify(*f); });
}

}  // namespace rx::cli
