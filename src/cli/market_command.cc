// `rongxin products import`: lists an institution's products from a JSON file (an array of
// product bodies as POST /api/v1/market/products takes them, each with its institution_id).
// Every product is read, validated and its rule compiled before the first is stored, so a bad
// file stores nothing; an unknown institution stops the import at that product.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "api/json_input.h"
#include "api/market_json.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "crypto/crypto.h"
#include "market/marketplace.h"

namespace rx::cli {
namespace {

struct ImportFlags {
  std::string config, db, catalog, file;
};

int import_products(const ImportFlags& f) {
  auto setup = open_credit_setup(f.config, f.db, f.catalog);
  if (!setup.is_ok()) return fail("products import", setup.status());
  std::ifstream in(f.file);
  if (!in) return fail("products import", invalid_argument("cannot read '" + f.file + "'"));
  std::stringstream text;
  text << in.rdbuf();
  auto json = api::parse_json_body(text.str());
  if (!json.is_ok()) return fail(f.file, json.status());
  if (!json->is_array()) return fail(f.file, invalid_argument("must be a JSON array of products"));
  auto attributes = market::EnterpriseAttributes::create(setup->models.library);
  if (!attributes.is_ok()) return fail("products import", attributes.status());
  std::vector<market::Product> products;
  for (size_t i = 0; i < json->size(); ++i) {
    nlohmann::json body = (*json)[i];
    const std::string at = f.file + ": product " + std::to_string(i + 1);
    if (!body.is_object() || !body.contains("institution_id") ||
        !body["institution_id"].is_string())
      return fail(at, invalid_argument("needs an institution_id string"));
    const std::string institution = body["institution_id"].get<std::string>();
    body.erase("institution_id");
    auto p = api::product_input(body);
    if (!p.is_ok()) return fail(at, p.status());
    p->institution_id = institution;
    if (auto st = market::validate(*p); !st.is_ok()) return fail(at, st);
    if (auto cp = market::compile(*p, attributes->schema()); !cp.is_ok())
      return fail(at, cp.status());
    products.push_back(std::move(*p));
  }
  SystemClock clock;
  crypto::SecureRandom random;
  market::Marketplace market(*setup->db, clock, random, *attributes, setup->published.catalog,
                             nullptr, nullptr);
  for (market::Product& p : products) {
    auto made = market.create_product(p);
    if (!made.is_ok()) return fail("products import: " + p.name, made.status());
    std::printf("%s\t%s\t%s\n", made->id.c_str(), made->institution_id.c_str(), made->name.c_str());
  }
  return 0;
}

}  // namespace

void add_products_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<ImportFlags>();
  CLI::App* cmd = app.add_subcommand("products", "Financing products of the marketplace");
  cmd->require_subcommand(1);
  CLI::App* import = cmd->add_subcommand(
      "import", "List products from a JSON array of product bodies, each with its institution_id");
  import->add_option("--config", f->config, "Configuration file");
  import->add_option("--db", f->db, "Database URL (overrides the configuration)");
  import->add_option("--catalog", f->catalog, "Shared catalogue directory");
  import->add_option("file", f->file, "JSON file")->required();
  import->callback([f, &exit_code] { exit_code = import_products(*f);
});
}  // namespace rx::cli

}  // namespace rx::cli
