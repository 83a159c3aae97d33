#include <cstdio>

#include "cli/commands.h"
#include "store/migrations.h"

namespace rx::cli {

void add_migrate_command(CLI::App& app, int& exit_code) {
  auto url = std::make_shared<std::string>("sqlite:var/rongxin.db");
  CLI::App* cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
  cmd->add_option("--db", *url, "Database URL")->capture_default_str();
  cmd->callback([url, &exit_code] {
    auto db = open_and_migrate(*url, /*create_if_missing=*/true);
    if (!db.is_ok()) {
      exit_code = fail("migrate " + *url, db.status());
      return;
    }
    std::printf("schema version %d\n", store::latest_schema_version());
  });
}

}  // namespace rx::cli
