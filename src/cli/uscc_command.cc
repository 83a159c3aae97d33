#include <cstdio>

#include "cli/commands.h"
#include "core/uscc.h"

namespace rx::cli {

void add_uscc_command(CLI::App& app, int& exit_code) {
  CLI::App* uscc = app.add_subcommand("uscc", "Unified social credit code tools");
  uscc->require_subcommand(1);
  auto codes = std::make_shared<std::vector<std::string>>();
  CLI::App* check = uscc->add_subcommand(
      "check", "Check codes against GB 32100-2015; exit 0 only if all are valid");
  check->add_option("CODE", *codes, "18-character codes")->required();
  check->callback([codes, &exit_code] {
    for (const auto& code : *codes) {
      auto r = Uscc::parse(code);
      if (r.is_ok()) {
        std::printf("%s\tvalid\n", code.c_str());
      } else {
        const auto& d = r.status().details();
        std::printf(
            "%s\tinvalid: %s\n", code.c_str(),
            d.empty() ? r.status().message().c_str() : (d[0].field + " " + d[0].reason).c_str());
        exit_code = 1;
      }
    }
  });
}

}  // namespace rx::cli
