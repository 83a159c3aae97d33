// JSON representations of the API's resources. One function per resource, so that the
// OpenAPI schemas in docs/openapi.yaml have one counterpart each.
#pragma once

#include "api/router.h"
#include "auth/api_keys.h"
#include "registry/enterprise.h"

namespace rx::api {

Json enterprise_json(const registry::Enterprise& e);
Json api_key_json(const auth::ApiKeyRecord& k);
Json principal_json(const auth::Principal& p);

// Reads an enterprise create or update body; every field error at once.
Result<registry::EnterpriseInput> enterprise_input(const Json& body);

}  // namespace rx::api
