#include "framework/workflow.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

namespace pvf::framework {
namespace {

using S = AssessmentStatus;
constexpr S kStatuses[] = {S::draft, S::submitted, S::returned, S::agreed};

std::string name(S from, S to, Role role) {
  return std::string(to_string(from)) + " -> " + std::string(to_string(to)) + " as " +
         std::string(to_string(role));
}

TEST(Workflow, StatusNamesRoundTrip) {
  for (S s : kStatuses) EXPECT_EQ(parse_status(to_string(s)), s);
  EXPECT_EQ(to_string(S::returned), "returned");
  EXPECT_FALSE(parse_status("Agreed"));
  EXPECT_FALSE(parse_status("approved"));
}

TEST(Workflow, OnlyDraftAndReturnedAreEditable) {
  EXPECT_TRUE(is_editable(S::draft));
  EXPECT_TRUE(is_editable(S::returned));
  EXPECT_FALSE(is_editable(S::submitted));
  EXPECT_FALSE(is_editable(S::agreed));
}

TEST(Workflow, ListsExactlyTheFourMoves) {
  std::set<std::tuple<S, S, std::set<Role>>> got;
  for (const auto& t : transitions())
    got.insert({t.from, t.to, std::set<Role>(t.allowed.begin(), t.allowed.end())});
  std::set<std::tuple<S, S, std::set<Role>>> expected{
      {S::draft, S::submitted, {Role::body_lead}},
      {S::submitted, S::agreed, {Role::treasury_analyst}},
      {S::submitted, S::returned, {Role::treasury_analyst}},
      {S::returned, S::submitted, {Role::body_lead}},
  };
  EXPECT_EQ(got, expected);
}

// Every (from, to, role): ok for the listed role and admin, forbidden for other roles on a
// legal move, conflict for a move that does not exist (whoever asks).
TEST(Workflow, EveryMoveForEveryRole) {
  auto legal_for = [](S from, S to) -> std::optional<Role> {
    if (from == S::draft && to == S::submitted) return Role::body_lead;
    if (from == S::submitted && to == S::agreed) return Role::treasury_analyst;
    if (from == S::submitted && to == S::returned) return Role::treasury_analyst;
    if (from == S::returned && to == S::submitted) return Role::body_lead;
    return std::nullopt;
  };
  int ok = 0, forbidden = 0, conflict = 0;
  for (S from : kStatuses) {
    for (S to : kStatuses) {
      for (Role role : kAllRoles) {
        Status st = check_transition(from, to, role);
        auto who = legal_for(from, to);
        if (!who) {
          ASSERT_FALSE(st) << name(from, to, role);
          EXPECT_EQ(st.error().code, ErrorCode::conflict) << name(from, to, role);
          ++conflict;
        } else if (role == *who || role == Role::admin) {
          EXPECT_TRUE(st) << name(from, to, role) << ": " << st.error().message;
          ++ok;
        } else {
          ASSERT_FALSE(st) << name(from, to, role);
          EXPECT_EQ(st.error().code, ErrorCode::forbidden) << name(from, to, role);
          EXPECT_NE(st.error().message.find(std::string(to_string(*who))), std::string::npos)
              << st.error().message;
          ++forbidden;
        }
      }
    }
  }
  EXPECT_EQ(ok, 8);          // 4 moves x (allowed role + admin)
  EXPECT_EQ(forbidden, 12);  // 4 moves x 3 other roles
  EXPECT_EQ(conflict, 60);   // 12 non-moves x 5 roles
}

TEST(Workflow, IllegalMoveMessageNamesBothStatuses) {
  Status st = check_transition(S::agreed, S::draft, Role::admin);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::conflict);
  EXPECT_EQ(st.error().message, "cannot move an assessment from agreed to draft");
}

TEST(Workflow, AgreedIsFinalEvenForAdmin) {
  for (S to : kStatuses) EXPECT_FALSE(check_transition(S::agreed, to, Role::admin));
  for (Role role : kAllRoles) EXPECT_TRUE(next_statuses(S::agreed, role).empty());
}

TEST(Workflow, BodyLeadCannotAgreeTheirOwnAssessment) {
  Status st = check_transition(S::submitted, S::agreed, Role::body_lead);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::forbidden);
  EXPECT_EQ(st.error().message.rfind("only a treasury_analyst can agree a submitted assessment", 0),
            0u)
      << st.error().message;
}

TEST(Workflow, TreasuryAnalystCannotSubmitForTheBody) {
  Status st = check_transition(S::draft, S::submitted, Role::treasury_analyst);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::forbidden);
  EXPECT_NE(st.error().message.find("only a body_lead can submit"), std::string::npos)
      << st.error().message;
}

TEST(Workflow, NextStatusesDependOnRole) {
  using V = std::vector<S>;
  EXPECT_EQ(next_statuses(S::draft, Role::body_lead), V{S::submitted});
  EXPECT_EQ(next_statuses(S::draft, Role::treasury_analyst), V{});
  EXPECT_EQ(next_statuses(S::submitted, Role::treasury_analyst), (V{S::agreed, S::returned}));
  EXPECT_EQ(next_statuses(S::submitted, Role::admin), (V{S::agreed, S::returned}));
  EXPECT_EQ(next_statuses(S::submitted, Role::body_lead), V{});
  EXPECT_EQ(next_statuses(S::returned, Role::body_lead), V{S::submitted});
  EXPECT_EQ(next_statuses(S::returned, Role::admin), V{S::submitted});
  for (S s : kStatuses) {
    EXPECT_EQ(next_statuses(s, Role::assessor), V{}) << to_string(s);
    EXPECT_EQ(next_statuses(s, Role::viewer), V{}) << to_string(s);
  }
}

}  // namespace
}  // namespace pvf::framework
