// rongxin (融信): the platform's one executable.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"rongxin (融信) — financing credit service platform for SMEs"};
  app.require_subcommand(1);
  int exit_code = 0;
  rx::cli::add_serve_command(app, exit_code);
  rx::cli::add_migrate_command(app, exit_code);
  rx::cli::add_gen_command(app, exit_code);
  rx::cli::add_ingest_command(app, exit_code);
  rx::cli::add_evaluate_command(app, exit_code);
  rx::cli::add_lab_command(app, exit_code);
  rx::cli::add_keys_command(app, exit_code);
  rx::cli::add_institutions_command(app, exit_code);
  rx::cli::add_products_command(app, exit_code);
  rx::cli::add_policies_command(app, exit_code);
  rx::cli::add_ledger_command(app, exit_code);
  rx::cli::add_uscc_command(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
