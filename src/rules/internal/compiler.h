// Type checking and code generation: syntax tree -> Program. Internal to rules/.
#pragma once

#include <memory>
#include <string_view>

#include "rules/internal/lexer.h"
#include "rules/internal/parser.h"
#include "rules/internal/program.h"
#include "rules/internal/schema_state.h"

namespace rx::rules::internal {

// The program of a parsed rule, or nullptr after reporting every type error to `diagnostics`.
// Interns the string literals of open-set attributes in `schema`'s dictionaries.
std::shared_ptr<Program> generate(const Ast& ast, std::string_view source,
                                  std::shared_ptr<const SchemaState> schema,
                                  Diagnostics& diagnostics);

}  // namespace rx::rules::internal
