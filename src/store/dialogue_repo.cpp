// The Treasury-body dialogue on an assessment: comment threads per area, and agreed actions.
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using framework::AssessmentStatus;

constexpr size_t kMaxCommentChars = 10000;
constexpr size_t kMaxTitleChars = 500;
constexpr size_t kMaxOwnerChars = 200;

constexpr std::string_view kCommentColumns =
    "SELECT c.id, c.assessment_id, c.area_key, c.parent_id, c.user_id, u.username, u.role, "
    "c.text, c.created_at FROM comments c JOIN users u ON u.id = c.user_id";

Comment read_comment(Statement& s) {
  Comment c;
  c.id = s.int64(0);
  c.assessment_id = s.int64(1);
  c.area_key = s.text(2);
  c.parent_id = s.opt_int64(3);
  c.user_id = s.int64(4);
  c.username = s.text(5);
  c.role = s.text(6);
  c.text = s.text(7);
  c.created_at = s.text(8);
  return c;
}

constexpr std::string_view kActionColumns =
    "SELECT id, assessment_id, area_key, title, owner, due_date, status, created_by, created_at, "
    "updated_at FROM actions";

Action read_action(Statement& s) {
  Action a;
  a.id = s.int64(0);
  a.assessment_id = s.int64(1);
  a.area_key = s.text(2);
  a.title = s.text(3);
  a.owner = s.text(4);
  a.due_date = s.opt_text(5);
  a.status = s.text(6);
  a.created_by = s.int64(7);
  a.created_at = s.text(8);
  a.updated_at = s.text(9);
  return a;
}

Result<std::optional<Comment>> find_comment(Database& db, int64_t id) {
  PVF_TRY(auto st, db.prepare(std::string(kCommentColumns) + " WHERE c.id = ?"));
  st.bind(1, id);
  return detail::fetch_one<Comment>(st, read_comment);
}

Status check_area(Database& db, const Assessment& a, std::string_view area_key) {
  PVF_TRY(auto fw, get_framework(db, a.framework_id));
  if (!fw.definition->find_area(area_key))
    return fail(Error::invalid("area '" + std::string(area_key) + "' is not in framework " +
                                   a.framework_key + " " + a.framework_version,
                               "area"));
  return {};
}

Status check_not_agreed(const Assessment& a, std::string_view what) {
  if (a.status == AssessmentStatus::agreed)
    return fail(Error::conflict("assessment is agreed and read-only: " + std::string(what) +
                                " can no longer be added"));
  return {};
}

bool valid_action_status(std::string_view s) {
  return s == "open" || s == "in_progress" || s == "done" || s == "dropped";
}

Status check_title(const std::string& title) {
  if (title.empty()) return fail(Error::invalid("an action needs a title", "title"));
  if (detail::utf8_length(title) > kMaxTitleChars)
    return fail(Error::invalid(
        "the title is longer than " + std::to_string(kMaxTitleChars) + " characters", "title"));
  return {};
}

Status check_owner(const std::string& owner) {
  if (detail::utf8_length(owner) > kMaxOwnerChars)
    return fail(Error::invalid(
        "the owner is longer than " + std::to_string(kMaxOwnerChars) + " characters", "owner"));
  return {};
}

Status check_status(const std::string& status) {
  if (!valid_action_status(status))
    return fail(Error::invalid(
        "status '" + status + "' is not one of open, in_progress, done, dropped", "status"));
  return {};
}

// Empty means no due date.
Result<std::optional<std::string>> check_due_date(const std::optional<std::string>& due) {
  if (!due) return std::optional<std::string>();
  const std::string d = detail::trim(*due);
  if (d.empty()) return std::optional<std::string>();
  if (!detail::is_iso_date(d))
    return fail(
        Error::invalid("due_date '" + d + "' is not a calendar date like 2025-03-31", "due_date"));
  return std::optional<std::string>(d);
}

}  // namespace

Result<std::vector<Comment>> list_comments(Database& db, int64_t assessment_id,
                                           std::optional<std::string> area_key) {
  PVF_TRY(auto a, get_assessment(db, assessment_id));
  (void)a;
  PVF_TRY(auto st, db.prepare(std::string(kCommentColumns) +
                              " WHERE c.assessment_id = ?1 AND (?2 IS NULL OR c.area_key = ?2) "
                              "ORDER BY c.id"));
  st.bind(1, assessment_id).bind(2, area_key);
  return detail::fetch_all<Comment>(st, read_comment);
}

Result<Comment> add_comment(Database& db, const Actor& actor, int64_t assessment_id,
                            std::string_view area_key, std::optional<int64_t> parent_id,
                            std::string_view text_in) {
  return db.transaction([&]() -> Result<Comment> {
    PVF_TRY(Assessment a, get_assessment(db, assessment_id));
    PVF_CHECK(detail::check_body_scope(actor, a.body_id, "assessment " + std::to_string(a.id)));
    PVF_CHECK(check_not_agreed(a, "comments"));
    PVF_CHECK(check_area(db, a, area_key));
    const std::string text = detail::trim(text_in);
    if (text.empty()) return fail(Error::invalid("a comment needs some text", "text"));
    if (detail::utf8_length(text) > kMaxCommentChars)
      return fail(Error::invalid(
          "a comment is at most " + std::to_string(kMaxCommentChars) + " characters", "text"));
    if (parent_id) {
      PVF_TRY(auto parent, find_comment(db, *parent_id));
      if (!parent || parent->assessment_id != a.id)
        return fail(Error::invalid(
            "comment " + std::to_string(*parent_id) + " is not a comment on this assessment",
            "parent_id"));
      if (parent->area_key != area_key)
        return fail(Error::invalid("comment " + std::to_string(*parent_id) + " is on area '" +
                                       parent->area_key + "': a reply stays on its thread's area",
                                   "parent_id"));
    }
    PVF_TRY(int64_t user_id, detail::actor_user_id(db, actor));
    PVF_TRY(auto st, db.prepare("INSERT INTO comments(assessment_id, area_key, parent_id, "
                                "user_id, text, created_at) VALUES (?,?,?,?,?,?)"));
    st.bind_all(a.id, area_key, parent_id, user_id, text, now_utc());
    PVF_CHECK(st.run());
    PVF_TRY(auto c, find_comment(db, db.last_insert_id()));
    if (!c) return fail(Error::internal("the comment was not stored"));
    PVF_CHECK(append_audit(db, actor, "comment.create", "assessment", std::to_string(a.id), nullptr,
                           to_json(*c)));
    return std::move(*c);
  });
}

Result<std::vector<Action>> list_actions(Database& db, int64_t assessment_id) {
  PVF_TRY(auto a, get_assessment(db, assessment_id));
  (void)a;
  PVF_TRY(auto st,
          db.prepare(std::string(kActionColumns) + " WHERE assessment_id = ? ORDER BY id"));
  st.bind(1, assessment_id);
  return detail::fetch_all<Action>(st, read_action);
}

Result<Action> get_action(Database& db, int64_t action_id) {
  PVF_TRY(auto st, db.prepare(std::string(kActionColumns) + " WHERE id = ?"));
  st.bind(1, action_id);
  PVF_TRY(auto a, detail::fetch_one<Action>(st, read_action));
  if (!a) return fail(Error::not_found("action " + std::to_string(action_id) + " not found"));
  return std::move(*a);
}

Result<Action> add_action(Database& db, const Actor& actor, int64_t assessment_id,
                          const ActionInput& input) {
  return db.transaction([&]() -> Result<Action> {
    PVF_TRY(Assessment a, get_assessment(db, assessment_id));
    PVF_CHECK(detail::check_body_scope(actor, a.body_id, "assessment " + std::to_string(a.id)));
    PVF_CHECK(check_not_agreed(a, "actions"));
    PVF_CHECK(check_area(db, a, input.area_key));
    const std::string title = detail::trim(input.title);
    const std::string owner = detail::trim(input.owner);
    const std::string status = detail::trim(input.status);
    PVF_CHECK(check_title(title));
    PVF_CHECK(check_owner(owner));
    PVF_TRY(auto due, check_due_date(input.due_date));
    PVF_CHECK(check_status(status));
    PVF_TRY(int64_t user_id, detail::actor_user_id(db, actor));
    const std::string now = now_utc();
    PVF_TRY(auto st, db.prepare("INSERT INTO actions(assessment_id, area_key, title, owner, "
                                "due_date, status, created_by, created_at, updated_at) "
                                "VALUES (?,?,?,?,?,?,?,?,?)"));
    st.bind_all(a.id, input.area_key, title, owner, due, status, user_id, now, now);
    PVF_CHECK(st.run());
    PVF_TRY(Action created, get_action(db, db.last_insert_id()));
    PVF_CHECK(append_audit(db, actor, "action.create", "assessment", std::to_string(a.id), nullptr,
                           to_json(created)));
    return created;
  });
}

Result<Action> update_action(Database& db, const Actor& actor, int64_t action_id,
                             const ActionPatch& patch) {
  return db.transaction([&]() -> Result<Action> {
    PVF_TRY(Action before, get_action(db, action_id));
    PVF_TRY(Assessment a, get_assessment(db, before.assessment_id));
    PVF_CHECK(detail::check_body_scope(actor, a.body_id, "assessment " + std::to_string(a.id)));
    // Status changes are allowed after agreement too: following up agreed actions is the point.
    Action next = before;
    if (patch.title) {
      next.title = detail::trim(*patch.title);
      PVF_CHECK(check_title(next.title));
    }
    if (patch.owner) {
      next.owner = detail::trim(*patch.owner);
      PVF_CHECK(check_owner(next.owner));
    }
    if (patch.due_date) {
      PVF_TRY(next.due_date, check_due_date(*patch.due_date));
    }
    if (patch.status) {
      next.status = detail::trim(*patch.status);
      PVF_CHECK(check_status(next.status));
    }
    // Once agreed, what was agreed (title, owner, due date) is fixed; only progress moves.
    if (a.status == framework::AssessmentStatus::agreed &&
        (next.title != before.title || next.owner != before.owner ||
         next.due_date != before.due_date))
      return fail(Error::conflict("assessment " + std::to_string(a.id) +
                                  " is agreed: only the status of its actions can change"));
    if (next.title == before.title && next.owner == before.owner &&
        next.due_date == before.due_date && next.status == before.status)
      return before;  // nothing changes: no write, no audit
    PVF_TRY(auto st, db.prepare("UPDATE actions SET title = ?, owner = ?, due_date = ?, "
                                "status = ?, updated_at = ? WHERE id = ?"));
    st.bind_all(next.title, next.owner, next.due_date, next.status, now_utc(), action_id);
    PVF_CHECK(st.run());
    PVF_TRY(Action after, get_action(db, action_id));
    PVF_CHECK(append_audit(db, actor, "action.update", "assessment", std::to_string(a.id),
                           to_json(before), to_json(after)));
    return after;
  });
}

}  // namespace pvf::store
