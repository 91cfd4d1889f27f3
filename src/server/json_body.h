// Reading JSON request bodies with errors that name the field ("$.level: expected an integer").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pvf::server {

// Parses a request body that must be a JSON object; malformed JSON is invalid_input with
// where "$" and the parser's position (the server answers 400 for it).
Result<nlohmann::json> parse_object(std::string_view body);

// Field readers: absent (or null, for optional_*) -> nullopt; wrong type -> invalid_input.
Result<std::string> required_string(const nlohmann::json& o, std::string_view key);
Result<std::optional<std::string>> optional_string(const nlohmann::json& o, std::string_view key);
Result<int64_t> required_int(const nlohmann::json& o, std::string_view key);
Result<std::optional<int64_t>> optional_int(const nlohmann::json& o, std::string_view key);

// Refuses keys other than `allowed` so typos do not pass silently.
Status only_keys(const nlohmann::json& o, std::initializer_list<std::string_view> allowed);

// A query parameter that must be a non-negative integer, if present.
Result<std::optional<int64_t>> query_int(const std::optional<std::string>& value, std::string_view name);
// A query parameter naming a row by id: a positive integer, if present.
Result<std::optional<int64_t>> query_id(const std::optional<std::string>& value, std::string_view name);

}  // namespace pvf::server
