#include <cstdio>

#include "auth/api_keys.h"
#include "cli/commands.h"
#include "core/time.h"
#include "crypto/crypto.h"

namespace rx::cli {
namespace {

struct KeyFlags {
  std::string db = "sqlite:var/rongxin.db";
  std::string role, uscc, institution, label, id;
};

int with_keys(const KeyFlags& f, const std::function<int(auth::ApiKeyRepository&)>& fn) {
  auto db = open_and_migrate(f.db, /*create_if_missing=*/false);
  if (!db.is_ok()) return fail("database " + f.db, db.status());
  SystemClock clock;
  crypto::SecureRandom random;
  auth::ApiKeyRepository keys(**db, clock, random);
  return fn(keys);
}

std::optional<std::string> optional(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

void add_keys_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<KeyFlags>();
  CLI::App* keys = app.add_subcommand("keys", "Create, list and revoke API keys");
  keys->require_subcommand(1);

  CLI::App* create = keys->add_subcommand(
      "create",
      "Create a key; prints the key text (shown only this once) on stdout, its id on stderr");
  create->add_option("--db", f->db, "Database URL")->capture_default_str();
  create
      ->add_option("--role", f->role,
                   "admin, data_provider, enterprise, institution, service_agency or node")
      ->required();
  create->add_option("--uscc", f->uscc, "USCC the key is bound to (role enterprise)");
  create->add_option("--institution", f->institution,
                     "Institution id the key is bound to (role institution)");
  create->add_option("--label", f->label, "Free text to recognise the key by");
  create->callback([f, &exit_code] {
    exit_code = with_keys(*f, [&](auth::ApiKeyRepository& repo) {
      auto role = auth::parse_role(f->role);
      if (!role) return fail("keys create", invalid_argument("unknown role '" + f->role + "'"));
      auto issued = repo.create({*role, optional(f->uscc), optional(f->institution), f->label});
      if (!issued.is_ok()) return fail("keys create", issued.status());
      std::fprintf(stderr, "created key %s (role %s); store it now, it is not shown again\n",
                   issued->record.id.c_str(), f->role.c_str());
      std::printf("%s\n", issued->secret.c_str());
      return 0;
    });
  });

  CLI::App* list = keys->add_subcommand("list", "List keys (never their text)");
  list->add_option("--db", f->db, "Database URL")->capture_default_str();
  list->callback([f, &exit_code] {
    exit_code = with_keys(*f, [](auth::ApiKeyRepository& repo) {
      auto all = repo.list();
      if (!all.is_ok()) return fail("keys list", all.status());
      for (const auto& k : *all)
        std::printf("%s\t%s\t%s\t%s\t%s\n", k.id.c_str(),
                    std::string(auth::to_string(k.role)).c_str(),
                    k.uscc.value_or(k.institution_id.value_or("-")).c_str(),
                    format_instant(k.created_at).c_str(),
                    k.revoked_at ? ("revoked " + format_instant(*k.revoked_at)).c_str() : "active");
      return 0;
    });
  });

  CLI::App* revoke = keys->add_subcommand("revoke", "Revoke a key by id; effective immediately");
  revoke->add_option("--db", f->db, "Database URL")->capture_default_str();
  revoke->add_option("ID", f->id, "Key id")->required();
  revoke->callback([f, &exit_code] {
    exit_code = with_keys(*f, [&](auth::ApiKeyRepository& repo) {
      if (Status s = repo.revoke(f->id); !s.is_ok()) return fail("keys revoke", s);
      std::fprintf(stderr, "revoked %s\n", f->id.c_str());
      return 0;
    });
  });
}

}  // namespace rx::cli
