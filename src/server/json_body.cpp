#include "server/json_body.h"

#include <charconv>

namespace pvf::server {
namespace {

std::string path(std::string_view key) { return "$." + std::string(key); }

}  // namespace

Result<nlohmann::json> parse_object(std::string_view body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Re-parse with exceptions only to get the position for the message.
    try {
      nlohmann::json ignored = nlohmann::json::parse(body);
      (void)ignored;
    } catch (const nlohmann::json::parse_error& e) {
      return fail(Error::invalid("the request body is not valid JSON (at byte " +
                                     std::to_string(e.byte) + ")",
                                 "$"));
    }
    return fail(Error::invalid("the request body is not valid JSON", "$"));
  }
  if (!j.is_object()) return fail(Error::invalid("the request body must be a JSON object", "$"));
  return j;
}

Result<std::string> required_string(const nlohmann::json& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null())
    return fail(Error::invalid(std::string(key) + " is required", path(key)));
  if (!it->is_string()) return fail(Error::invalid(std::string(key) + " must be a string", path(key)));
  return it->get<std::string>();
}

Result<std::optional<std::string>> optional_string(const nlohmann::json& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return fail(Error::invalid(std::string(key) + " must be a string", path(key)));
  return std::optional<std::string>{it->get<std::string>()};
}

Result<int64_t> required_int(const nlohmann::json& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null())
    return fail(Error::invalid(std::string(key) + " is required", path(key)));
  if (!it->is_number_integer())
    return fail(Error::invalid(std::string(key) + " must be an integer", path(key)));
  return it->get<int64_t>();
}

Result<std::optional<int64_t>> optional_int(const nlohmann::json& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return std::optional<int64_t>{};
  if (!it->is_number_integer())
    return fail(Error::invalid(std::string(key) + " must be an integer", path(key)));
  return std::optional<int64_t>{it->get<int64_t>()};
}

Status only_keys(const nlohmann::json& o, std::initializer_list<std::string_view> allowed) {
  Error err = Error::invalid("the request has fields this endpoint does not take");
  for (auto it = o.begin(); it != o.end(); ++it) {
    bool ok = false;
    for (auto a : allowed) ok = ok || it.key() == a;
    if (!ok) err.details.push_back({path(it.key()), "unknown field '" + it.key() + "'"});
  }
  if (err.details.empty()) return {};
  err.where = err.details.front().where;
  return fail(std::move(err));
}

Result<std::optional<int64_t>> query_int(const std::optional<std::string>& value,
                                         std::string_view name) {
  if (!value || value->empty()) return std::optional<int64_t>{};
  int64_t v = 0;
  auto [p, ec] = std::from_chars(value->data(), value->data() + value->size(), v);
  if (ec != std::errc() || p != value->data() + value->size() || v < 0)
    return fail(Error::invalid(std::string(name) + " must be a non-negative integer",
                               std::string(name)));
  return std::optional<int64_t>{v};
}

Result<std::optional<int64_t>> query_id(const std::optional<std::string>& value,
                                        std::string_view name) {
  auto v = query_int(value, name);
  if (v && *v && **v < 1)
    return fail(Error::invalid(std::string(name) + " must be a positive integer", std::string(name)));
  return v;
}

}  // namespace pvf::server
