// The store's operations, one group per aggregate (implemented in <aggregate>_repo.cpp).
// Contract for every write:
//  - it runs in one transaction (joining the caller's if one is open) and appends one audit
//    entry {who, when, action, entity, before, after} in that same transaction;
//  - it enforces the domain rules itself, so every caller (API, CLI, demo seeding) gets them:
//    framework areas and scale levels (framework/), workflow moves and who may make them
//    (framework/workflow.h), agreed assessments read-only, body leads and assessors acting only
//    for their own body (Actor::body_id);
//  - errors: invalid_input (with `where` naming the field), not_found, conflict (duplicate,
//    illegal move, read-only, stale state), forbidden; nothing is written on error.
// The endpoint-level role checks (may this role call this endpoint at all) are the server's.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/result.h"
#include "framework/framework.h"
#include "framework/scoring.h"
#include "store/db.h"
#include "store/records.h"

namespace pvf::store {

// ---- bodies (bodies_repo.cpp) ----
struct BodyFilter {
  std::optional<std::string> type;
  std::optional<std::string> search;  // case-insensitive substring of name or code
};
Result<std::vector<Body>> list_bodies(Database& db, const BodyFilter& filter = {});
Result<Body> get_body(Database& db, int64_t id);
Result<std::optional<Body>> find_body_by_code(Database& db, std::string_view code);
Result<Body> create_body(Database& db, const Actor& actor, const BodyInput& input);
Result<Body> update_body(Database& db, const Actor& actor, int64_t id, const BodyInput& input);

struct BodyImportSummary {
  int created = 0;
  int updated = 0;
};
// Columns: name,code,type,region,parent_code (header names, any order; code/region/parent_code
// optional). Rows with a code that exists update that body; others create. Parents may be
// defined later in the same file. One transaction: any bad row refuses the whole file, and the
// error lists every problem as "<file>:<line>:<column>".
Result<BodyImportSummary> import_bodies(Database& db, const Actor& actor, const csv::Table& table);

// ---- users and sessions (users_repo.cpp) ----
// `password_hash` from core/crypto.h hash_password. Duplicate username -> conflict.
Result<User> create_user(Database& db, const Actor& actor, std::string_view username,
                         std::string_view display_name, Role role,
                         std::optional<int64_t> body_id, std::string_view password_hash);
Result<std::vector<User>> list_users(Database& db);
Result<User> get_user(Database& db, int64_t id);
// The user and their stored hash, or nullopt when no such active user exists.
Result<std::optional<std::pair<User, std::string>>> find_user_with_hash(Database& db,
                                                                        std::string_view username);

Status create_session(Database& db, const Session& session);
// The live session (expires_at > now) and its user, or nullopt.
Result<std::optional<std::pair<Session, User>>> find_session(Database& db,
                                                            std::string_view token_hash,
                                                            std::string_view now);
Status delete_session(Database& db, std::string_view token_hash);
Status purge_expired_sessions(Database& db, std::string_view now);

// ---- frameworks (frameworks_repo.cpp) ----
struct StoredFramework {
  int64_t id = 0;
  std::string key;
  std::string version;
  std::string title;
  std::string sha256;  // of source_yaml
  std::string loaded_at;
  bool in_use = false;  // an assessment uses it, so it is immutable
  std::shared_ptr<const framework::Framework> definition;
};
// Stores a definition. The same key+version with identical content is a no-op returning the
// stored one; different content replaces it while no assessment uses it, else conflict
// ("framework pvf 2017 is used by 12 assessments: publish the change as a new version").
Result<StoredFramework> save_framework(Database& db, const Actor& actor,
                                       const framework::Framework& definition,
                                       std::string_view source_yaml);
Result<std::vector<StoredFramework>> list_frameworks(Database& db);
Result<StoredFramework> get_framework(Database& db, int64_t id);
Result<std::optional<StoredFramework>> find_framework(Database& db, std::string_view key,
                                                      std::string_view version);

// ---- assessments (assessments_repo.cpp) ----
struct AssessmentFilter {
  std::optional<int64_t> body_id;
  std::optional<int64_t> framework_id;
  std::optional<std::string> period;
  std::optional<framework::AssessmentStatus> status;
  int limit = 100;                 // 1..1000
  std::optional<int64_t> after_id;  // cursor: ids greater than this
};
Result<std::vector<Assessment>> list_assessments(Database& db, const AssessmentFilter& filter);
Result<Assessment> get_assessment(Database& db, int64_t id);
Result<std::vector<Rating>> list_ratings(Database& db, int64_t assessment_id);
Result<std::vector<TransitionRecord>> list_transitions(Database& db, int64_t assessment_id);
Result<framework::LevelMap> levels(Database& db, int64_t assessment_id);
// The levels of several assessments in one query (ids without ratings map to an empty map;
// unknown ids are absent). For scorecards, which need a body's whole history at once.
Result<std::map<int64_t, framework::LevelMap>> levels_for(Database& db,
                                                          const std::vector<int64_t>& ids);

// Period must parse (core/period.h); a duplicate body x framework x period -> conflict.
Result<Assessment> create_assessment(Database& db, const Actor& actor, int64_t body_id,
                                     int64_t framework_id, std::string_view period);
// Unknown area or level outside the scale -> invalid_input; not editable -> conflict.
Result<Rating> put_rating(Database& db, const Actor& actor, int64_t assessment_id,
                          std::string_view area_key, const RatingInput& input);
// Moves the workflow; records who, when and the note. Submitting needs every area rated.
Result<Assessment> transition(Database& db, const Actor& actor, int64_t assessment_id,
                              framework::AssessmentStatus to, std::string_view note);
// The same body's latest assessment on the same framework key with an earlier period.
Result<std::optional<Assessment>> previous_assessment(Database& db, const Assessment& a);
// Every assessment of a body on a framework key, oldest period first.
Result<std::vector<Assessment>> body_history(Database& db, int64_t body_id,
                                             std::string_view framework_key);

// A counter that moves on with every change to bodies, frameworks, assessments or ratings
// (kept by triggers, whoever writes): equal values mean the same scorecards.
Result<int64_t> data_generation(Database& db);

// ---- dialogue: comments and actions (dialogue_repo.cpp) ----
Result<std::vector<Comment>> list_comments(Database& db, int64_t assessment_id,
                                           std::optional<std::string> area_key = std::nullopt);
// Area must exist in the assessment's framework; parent must be a comment on the same
// assessment; refused (conflict) once the assessment is agreed.
Result<Comment> add_comment(Database& db, const Actor& actor, int64_t assessment_id,
                            std::string_view area_key, std::optional<int64_t> parent_id,
                            std::string_view text);
Result<std::vector<Action>> list_actions(Database& db, int64_t assessment_id);
Result<Action> get_action(Database& db, int64_t action_id);
// New actions are refused once agreed; an agreed assessment's actions may still change status
// (following them up is the point of agreeing them). due_date must be an ISO date.
Result<Action> add_action(Database& db, const Actor& actor, int64_t assessment_id,
                          const ActionInput& input);
Result<Action> update_action(Database& db, const Actor& actor, int64_t action_id,
                             const ActionPatch& patch);

// ---- audit (audit_repo.cpp) ----
Status append_audit(Database& db, const Actor& actor, std::string_view action,
                    std::string_view entity, std::string_view entity_id,
                    const nlohmann::json& before, const nlohmann::json& after);
struct AuditFilter {
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  int limit = 100;
  std::optional<int64_t> before_id;  // cursor: ids less than this (newest first)
};
Result<std::vector<AuditEntry>> list_audit(Database& db, const AuditFilter& filter);

}  // namespace pvf::store
