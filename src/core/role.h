// Account roles. What each role may do is decided where the action is (server/permissions.h
// for endpoints, framework/workflow.h for assessment transitions).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace pvf {

enum class Role { admin, treasury_analyst, body_lead, assessor, viewer };

inline constexpr std::array<Role, 5> kAllRoles{Role::admin, Role::treasury_analyst,
                                               Role::body_lead, Role::assessor, Role::viewer};

constexpr std::string_view to_string(Role r) {
  switch (r) {
    case Role::admin: return "admin";
    case Role::treasury_analyst: return "treasury_analyst";
    case Role::body_lead: return "body_lead";
    case Role::assessor: return "assessor";
    case Role::viewer: return "viewer";
  }
  return "viewer";
}

constexpr std::optional<Role> parse_role(std::string_view s) {
  for (Role r : kAllRoles)
    if (to_string(r) == s) return r;
  return std::nullopt;
}

}  // namespace pvf
