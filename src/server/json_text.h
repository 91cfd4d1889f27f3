// Appending JSON text to a string by hand, for the few responses whose size makes building a
// nlohmann::json tree first the main cost (a comparison of 400 bodies: ~10 map nodes and
// strings per row). Produces standard JSON that parses to the same values as json::dump() would
// give: strings escaped per RFC 8259 (UTF-8 passed through as stored), finite doubles in their
// shortest round-trip form, anything else null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pvf::server::json_text {

void append_string(std::string& out, std::string_view s);
void append_number(std::string& out, double v);  // NaN and ±inf -> null
void append_number(std::string& out, int64_t v);
void append_null(std::string& out);
inline void append_optional(std::string& out, const std::optional<double>& v) {
  if (v) append_number(out, *v);
  else append_null(out);
}
inline void append_optional(std::string& out, const std::optional<std::string>& v) {
  if (v) append_string(out, *v);
  else append_null(out);
}
// `"key":` — key must need no escaping (the callers' keys are literals).
inline void append_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

}  // namespace pvf::server::json_text
