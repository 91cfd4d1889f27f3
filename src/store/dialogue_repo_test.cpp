#include <gtest/gtest.h>

#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using framework::AssessmentStatus;
using testing::StoreTest;

class DialogueTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    leeds = add_body("Leeds", "E1");
    york = add_body("York", "E2");
    fw = add_framework();
    lead = add_actor("lead", Role::body_lead, leeds.id);
    analyst = add_actor("analyst", Role::treasury_analyst);
    a = add_assessment(leeds.id, fw.id, "2024-25");
  }

  void agree() {
    rate_all(a.id, 3, &lead);
    ASSERT_TRUE(transition(*db, lead, a.id, AssessmentStatus::submitted, ""));
    ASSERT_TRUE(transition(*db, analyst, a.id, AssessmentStatus::agreed, ""));
  }

  ActionInput action(const std::string& title = "Publish a data strategy") {
    ActionInput in;
    in.area_key = "data_quality";
    in.title = title;
    in.owner = "Head of Data";
    in.due_date = "2025-03-31";
    return in;
  }

  Body leeds, york;
  StoredFramework fw;
  Actor lead, analyst;
  Assessment a;
};

TEST_F(DialogueTest, CommentsAndRepliesAreStoredAndAudited) {
  const int64_t audits = audit_count();
  auto c = add_comment(*db, analyst, a.id, "ambition", std::nullopt, "  Is this stretching?  ");
  ASSERT_TRUE(c) << c.error().to_text();
  EXPECT_EQ(c->text, "Is this stretching?");
  EXPECT_EQ(c->username, "analyst");
  EXPECT_EQ(c->role, "treasury_analyst");
  EXPECT_FALSE(c->parent_id);
  auto reply = add_comment(*db, lead, a.id, "ambition", c->id, "Yes: see the plan.");
  ASSERT_TRUE(reply) << reply.error().to_text();
  EXPECT_EQ(reply->parent_id, c->id);
  EXPECT_EQ(audit_count(), audits + 2);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "comment.create");
  EXPECT_EQ(e.entity, "assessment");
  EXPECT_EQ(e.entity_id, std::to_string(a.id));
  EXPECT_TRUE(e.before.is_null());
  EXPECT_EQ(e.after["parent_id"], c->id);
  ASSERT_TRUE(add_comment(*db, lead, a.id, "costs", std::nullopt, "Costs fell."));
  auto all = list_comments(*db, a.id);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3u);
  auto ambition = list_comments(*db, a.id, "ambition");
  ASSERT_TRUE(ambition);
  ASSERT_EQ(ambition->size(), 2u);
  EXPECT_EQ((*ambition)[0].id, c->id);
  EXPECT_EQ(to_json((*ambition)[1])["area"], "ambition");
}

TEST_F(DialogueTest, CommentsAreCheckedFieldByField) {
  auto area = add_comment(*db, lead, a.id, "astrology", std::nullopt, "hello");
  ASSERT_FALSE(area);
  EXPECT_EQ(area.error().where, "area");
  auto empty = add_comment(*db, lead, a.id, "ambition", std::nullopt, "  \n ");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().where, "text");
  auto long_text = add_comment(*db, lead, a.id, "ambition", std::nullopt, std::string(10001, 'x'));
  ASSERT_FALSE(long_text);
  EXPECT_EQ(long_text.error().where, "text");
  EXPECT_TRUE(add_comment(*db, lead, a.id, "ambition", std::nullopt, std::string(10000, 'x')));
  auto no_parent = add_comment(*db, lead, a.id, "ambition", 999, "reply");
  ASSERT_FALSE(no_parent);
  EXPECT_EQ(no_parent.error().where, "parent_id");
  // A parent on another assessment is refused.
  const Assessment other = add_assessment(leeds.id, fw.id, "2023-24");
  auto elsewhere = add_comment(*db, lead, other.id, "ambition", std::nullopt, "over there");
  ASSERT_TRUE(elsewhere);
  auto cross = add_comment(*db, lead, a.id, "ambition", elsewhere->id, "reply");
  ASSERT_FALSE(cross);
  EXPECT_EQ(cross.error().where, "parent_id");
  EXPECT_EQ(count("comments"), 2);
}

TEST_F(DialogueTest, CommentsContinueWhileSubmitted) {
  rate_all(a.id, 3, &lead);
  ASSERT_TRUE(transition(*db, lead, a.id, AssessmentStatus::submitted, ""));
  EXPECT_TRUE(add_comment(*db, analyst, a.id, "ambition", std::nullopt, "Query"));
  EXPECT_TRUE(add_action(*db, analyst, a.id, action()));
}

TEST_F(DialogueTest, AgreedAssessmentRefusesCommentsAndNewActionsButActionsMayProgress) {
  auto act = add_action(*db, analyst, a.id, action());
  ASSERT_TRUE(act) << act.error().to_text();
  agree();
  const int64_t audits = audit_count();
  auto comment = add_comment(*db, analyst, a.id, "ambition", std::nullopt, "late");
  ASSERT_FALSE(comment);
  EXPECT_EQ(comment.error().code, ErrorCode::conflict);
  EXPECT_NE(comment.error().message.find("agreed"), std::string::npos);
  auto new_action = add_action(*db, analyst, a.id, action("Another"));
  ASSERT_FALSE(new_action);
  EXPECT_EQ(new_action.error().code, ErrorCode::conflict);
  EXPECT_EQ(audit_count(), audits);

  ActionPatch patch;
  patch.status = "in_progress";
  auto progressed = update_action(*db, lead, act->id, patch);
  ASSERT_TRUE(progressed) << progressed.error().to_text();
  EXPECT_EQ(progressed->status, "in_progress");
  EXPECT_EQ(progressed->created_at, act->created_at);
  EXPECT_EQ(audit_count(), audits + 1);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "action.update");
  EXPECT_EQ(e.before["status"], "open");
  EXPECT_EQ(e.after["status"], "in_progress");

  ActionPatch rewrite;  // what was agreed stays agreed
  rewrite.title = "Nothing to report";
  rewrite.due_date = std::optional<std::string>("2099-01-01");
  auto refused = update_action(*db, lead, act->id, rewrite);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  EXPECT_EQ(audit_count(), audits + 1);
}

TEST_F(DialogueTest, ActionFieldsAreChecked) {
  ActionInput in = action();
  in.area_key = "astrology";
  EXPECT_EQ(add_action(*db, lead, a.id, in).error().where, "area");
  in = action("   ");
  EXPECT_EQ(add_action(*db, lead, a.id, in).error().where, "title");
  in = action();
  in.due_date = "2025-02-29";  // not a leap year
  EXPECT_EQ(add_action(*db, lead, a.id, in).error().where, "due_date");
  in.due_date = "31/03/2025";
  EXPECT_EQ(add_action(*db, lead, a.id, in).error().where, "due_date");
  in = action();
  in.status = "finished";
  EXPECT_EQ(add_action(*db, lead, a.id, in).error().where, "status");
  EXPECT_EQ(count("actions"), 0);

  in = action();
  in.due_date = "2024-02-29";
  auto leap = add_action(*db, lead, a.id, in);
  ASSERT_TRUE(leap) << leap.error().to_text();
  EXPECT_EQ(leap->due_date, "2024-02-29");
  in.due_date = std::nullopt;
  auto undated = add_action(*db, lead, a.id, in);
  ASSERT_TRUE(undated);
  EXPECT_FALSE(undated->due_date);
  EXPECT_TRUE(to_json(*undated)["due_date"].is_null());
}

TEST_F(DialogueTest, UpdateActionPatchesOnlyTheGivenFields) {
  auto act = add_action(*db, lead, a.id, action());
  ASSERT_TRUE(act);
  EXPECT_EQ(last_audit().action, "action.create");
  ActionPatch patch;
  patch.owner = "Chief Executive";
  patch.due_date = std::optional<std::string>();  // clear it
  auto updated = update_action(*db, lead, act->id, patch);
  ASSERT_TRUE(updated) << updated.error().to_text();
  EXPECT_EQ(updated->owner, "Chief Executive");
  EXPECT_FALSE(updated->due_date);
  EXPECT_EQ(updated->title, act->title);
  EXPECT_EQ(updated->status, "open");

  ActionPatch bad;
  bad.status = "closed";
  EXPECT_EQ(update_action(*db, lead, act->id, bad).error().where, "status");
  bad = {};
  bad.due_date = std::optional<std::string>("2025-13-01");
  EXPECT_EQ(update_action(*db, lead, act->id, bad).error().where, "due_date");
  EXPECT_EQ(update_action(*db, lead, 999, patch).error().code, ErrorCode::not_found);

  auto actions = list_actions(*db, a.id);
  ASSERT_TRUE(actions);
  ASSERT_EQ(actions->size(), 1u);
  EXPECT_EQ((*actions)[0].owner, "Chief Executive");
}

TEST_F(DialogueTest, BodyLeadCannotWriteOnAnotherBodysDialogue) {
  const Assessment theirs = add_assessment(york.id, fw.id, "2024-25");
  auto act = add_action(*db, analyst, theirs.id, action());
  ASSERT_TRUE(act);
  const int64_t audits = audit_count();
  EXPECT_EQ(add_comment(*db, lead, theirs.id, "ambition", std::nullopt, "hi").error().code,
            ErrorCode::forbidden);
  EXPECT_EQ(add_action(*db, lead, theirs.id, action()).error().code, ErrorCode::forbidden);
  ActionPatch patch;
  patch.status = "done";
  EXPECT_EQ(update_action(*db, lead, act->id, patch).error().code, ErrorCode::forbidden);
  EXPECT_EQ(audit_count(), audits);
}

TEST_F(DialogueTest, BodyRoleWithoutABodyActsForNone) {
  Actor orphan{std::nullopt, "orphan", Role::body_lead, std::nullopt};
  auto comment = add_comment(*db, orphan, a.id, "ambition", std::nullopt, "hi");
  ASSERT_FALSE(comment);
  EXPECT_EQ(comment.error().code, ErrorCode::forbidden);
  EXPECT_EQ(add_action(*db, orphan, a.id, action()).error().code, ErrorCode::forbidden);
}

}  // namespace
}  // namespace pvf::store
