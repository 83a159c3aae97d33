#include <cstdio>

#include "cli/commands.h"
#include "core/clock.h"
#include "registry/institution.h"

namespace rx::cli {
namespace {

struct InstitutionFlags {
  std::string db = "sqlite:var/rongxin.db";
  std::string id, name, kind;
};

int with_institutions(const InstitutionFlags& f,
                      const std::function<int(registry::InstitutionRepository&)>& fn) {
  auto db = open_and_migrate(f.db, /*create_if_missing=*/false);
  if (!db.is_ok()) return fail("database " + f.db, db.status());
  SystemClock clock;
  registry::InstitutionRepository repo(**db, clock);
  return fn(repo);
}

}  // namespace

void add_institutions_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<InstitutionFlags>();
  CLI::App* cmd = app.add_subcommand(
      "institutions", "Register and list the financial institutions that receive credit data");
  cmd->require_subcommand(1);

  CLI::App* add = cmd->add_subcommand("add", "Register an institution");
  add->add_option("--db", f->db, "Database URL")->capture_default_str();
  add->add_option("--id", f->id, "Id institution keys are bound to ([A-Za-z0-9_-], 1-64)")
      ->required();
  add->add_option("--name", f->name, "Name, shown on reports and as their watermark")->required();
  add->add_option("--kind", f->kind,
                  "bank, insurer, guarantee, small_loan, leasing, investor or other")
      ->required();
  add->callback([f, &exit_code] {
    exit_code = with_institutions(*f, [&](registry::InstitutionRepository& repo) {
      auto made = repo.create({f->id, f->name, f->kind, {}});
      if (!made.is_ok()) return fail("institutions add", made.status());
      std::printf("%s\t%s\t%s\n", made->id.c_str(), made->kind.c_str(), made->name.c_str());
      return 0;
    });
  });

  CLI::App* list = cmd->add_subcommand("list", "List registered institutions");
  list->add_option("--db", f->db, "Database URL")->capture_default_str();
  list->callback([f, &exit_code] {
    exit_code = with_institutions(*f, [](registry::InstitutionRepository& repo) {
      auto all = repo.list();
      if (!all.is_ok()) return fail("institutions list", all.status());
      for (const auto& i : *all)
        std::printf("%s\t%s\t%s\n", i.id.c_str(), i.kind.c_str(), i.name.c_str());
      return 0;
    });
  });
}

}  // namespace rx::cli
