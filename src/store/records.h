// The stored records of pvf's assessment domain and their JSON forms (the API's shapes and the
// audit log's before/after). Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/role.h"
#include "framework/workflow.h"

namespace pvf::store {

// Who is acting, for access checks inside the store and for the audit log.
struct Actor {
  std::optional<int64_t> user_id;  // nullopt for the system (CLI, demo seeding)
  std::string username = "system";
  Role role = Role::admin;
  std::optional<int64_t> body_id;  // body leads and assessors act for this body only
  static Actor system() { return Actor{}; }
};

struct Body {
  int64_t id = 0;
  std::optional<std::string> code;  // e.g. ONS code
  std::string name;
  std::string type;  // department | council | agency | programme | other
  std::optional<std::string> region;
  std::optional<int64_t> parent_id;
  std::string created_at;
  std::string updated_at;
  // A finer class within the type, e.g. Oflog's council types "Metropolitan Districts",
  // "Unitary Authorities", "Counties", "London Boroughs" (the "same type" comparison uses it).
  // Last (and defaulted), so that positional initialisers written before it still mean what
  // they did.
  std::optional<std::string> subtype = std::nullopt;
};

struct BodyInput {
  std::optional<std::string> code;
  std::string name;
  std::string type;
  std::optional<std::string> region;
  std::optional<int64_t> parent_id;
  std::optional<std::string> subtype = std::nullopt;  // last: see Body
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::viewer;
  std::optional<int64_t> body_id;
  bool active = true;
  std::string created_at;
};

struct Session {
  std::string token_hash;  // hash of the cookie token (core/crypto.h token_hash)
  int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;
};

struct Evidence {
  std::string url;  // may be empty when the evidence is a note
  std::string note;
};

struct Rating {
  std::string area_key;
  int level = 0;
  std::string rationale;
  std::string confidence = "medium";  // low | medium | high
  std::vector<Evidence> evidence;
  int64_t updated_by = 0;
  std::string updated_by_name;
  std::string updated_at;
};

struct RatingInput {
  int level = 0;
  std::string rationale;
  std::string confidence = "medium";
  std::vector<Evidence> evidence;
};

struct Assessment {
  int64_t id = 0;
  int64_t body_id = 0;
  std::string body_name;
  int64_t framework_id = 0;
  std::string framework_key;
  std::string framework_version;
  std::string period;  // "2024-25"
  framework::AssessmentStatus status = framework::AssessmentStatus::draft;
  int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
};

struct TransitionRecord {
  framework::AssessmentStatus from = framework::AssessmentStatus::draft;
  framework::AssessmentStatus to = framework::AssessmentStatus::draft;
  int64_t user_id = 0;
  std::string username;
  std::string note;
  std::string at;
};

struct Comment {
  int64_t id = 0;
  int64_t assessment_id = 0;
  std::string area_key;
  std::optional<int64_t> parent_id;  // reply to
  int64_t user_id = 0;
  std::string username;
  std::string role;
  std::string text;
  std::string created_at;
};

struct Action {
  int64_t id = 0;
  int64_t assessment_id = 0;
  std::string area_key;
  std::string title;
  std::string owner;
  std::optional<std::string> due_date;  // ISO date
  std::string status = "open";         // open | in_progress | done | dropped
  int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
};

struct ActionInput {
  std::string area_key;
  std::string title;
  std::string owner;
  std::optional<std::string> due_date;
  std::string status = "open";
};

// Fields left nullopt are unchanged.
struct ActionPatch {
  std::optional<std::string> title;
  std::optional<std::string> owner;
  std::optional<std::optional<std::string>> due_date;
  std::optional<std::string> status;
};

struct AuditEntry {
  int64_t id = 0;
  std::string at;
  std::optional<int64_t> user_id;
  std::string username;
  std::string action;  // "body.create", "assessment.rate", "assessment.transition", ...
  std::string entity;
  std::string entity_id;
  nlohmann::json before;  // null when created
  nlohmann::json after;   // null when deleted
};

// API shapes (snake_case keys, absent optionals as null).
nlohmann::json to_json(const Body& b);          // {id,code,name,type,subtype,region,parent_id,created_at,updated_at}
nlohmann::json to_json(const User& u);          // {id,username,display_name,role,body_id,active,created_at}
nlohmann::json to_json(const Evidence& e);      // {url,note}
nlohmann::json to_json(const Rating& r);        // {area,level,rationale,confidence,evidence,updated_by,updated_by_name,updated_at}
nlohmann::json to_json(const Assessment& a);    // {id,body_id,body_name,framework_id,framework_key,framework_version,period,status,created_by,created_at,updated_at}
nlohmann::json to_json(const TransitionRecord& t);  // {from,to,user_id,username,note,at}
nlohmann::json to_json(const Comment& c);       // {id,assessment_id,area,parent_id,user_id,username,role,text,created_at}
nlohmann::json to_json(const Action& a);        // {id,assessment_id,area,title,owner,due_date,status,created_by,created_at,updated_at}
nlohmann::json to_json(const AuditEntry& e);    // {id,at,user_id,username,action,entity,entity_id,before,after}

}  // namespace pvf::store
