#include "objection/record_key.h"

namespace rx::objection {
namespace {

void append_escaped(std::string_view text, std::string& out) {
  for (char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '&')
      out += "%26";
    else if (c == '=')
      out += "%3D";
    else
      out.push_back(c);
  }
}

}  // namespace

std::string record_key(const catalog::Category& category, const nlohmann::json& payload) {
  std::string out;
  for (const std::string& field : category.key) {
    if (field == "uscc") continue;
    if (!out.empty()) out.push_back('&');
    out += field;
    out.push_back('=');
    const auto it = payload.is_object() ? payload.find(field) : payload.end();
    if (!payload.is_object() || it == payload.end() || it->is_null()) continue;
    if (it->is_string())
      append_escaped(it->get_ref<const std::string&>(), out);
    else
      append_escaped(it->dump(), out);
  }
  return out;
}

}  // namespace rx::objection
