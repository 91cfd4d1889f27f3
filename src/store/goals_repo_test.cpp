#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/crypto.h"
#include "store/measure_repo.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

class GoalsRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    leeds = add_body("Leeds", "E08000035");
    york = add_body("York", "E06000014");
    add_indicator("ASC2", "higher");
    add_indicator("ASC7", "lower");
    add_indicator("ASC6", "neutral");
    add_indicator("Q1", "higher", "quarterly");
  }

  void add_indicator(const std::string& key, const std::string& polarity,
                     const std::string& frequency = "annual") {
    auto st = db->prepare(
        "INSERT INTO indicators(key, name, unit, polarity, frequency, "
        "created_at, updated_at) VALUES (?,?,'%',?,?,'t','t')");
    ASSERT_TRUE(st) << st.error().to_text();
    st->bind_all(key, "Indicator " + key, polarity, frequency);
    auto done = st->run();
    ASSERT_TRUE(done) << done.error().to_text();
  }

  GoalInput input(const std::string& key = "leeds-asc2") const {
    GoalInput in;
    in.key = key;
    in.body_id = leeds.id;
    in.indicator_key = "ASC2";
    in.title = "Quality of life up";
    in.baseline_period = "2018-19";
    in.baseline_value = 0.362;
    in.target_period = "2024-25";
    in.target_value = 0.42;
    return in;
  }

  csv::Table table(const std::string& text, const std::string& source = "goals.csv") {
    auto t = csv::parse(text, source);
    EXPECT_TRUE(t) << t.error().to_text();
    return t ? *t : csv::Table{};
  }

  int64_t generation() {
    auto st = db->prepare("SELECT generation FROM measure_generation");
    EXPECT_TRUE(st);
    auto row = st->step();
    EXPECT_TRUE(row && *row);
    const int64_t g = st->int64(0);
    (void)st->step();
    return g;
  }

  static bool has_detail(const Error& e, const std::string& where, const std::string& text) {
    for (const auto& d : e.details)
      if (d.where == where && d.message.find(text) != std::string::npos) return true;
    return false;
  }

  Body leeds, york;
  static constexpr const char* kHeader =
      "goal,body,indicator,baseline_period,baseline_value,target_period,target_value,title\n";
};

TEST_F(GoalsRepoTest, CreateStoresTheGoalWithItsIndicatorAndAudits) {
  GoalInput in = input();
  in.key = " leeds-asc2 ";
  in.baseline_period = " 2018-19";
  auto g = create_goal(*db, admin, in);
  ASSERT_TRUE(g) << g.error().to_text();
  EXPECT_EQ(g->key, "leeds-asc2");
  EXPECT_EQ(g->body_name, "Leeds");
  EXPECT_EQ(g->indicator_key, "ASC2");
  EXPECT_EQ(g->indicator_name, "Indicator ASC2");
  EXPECT_EQ(g->indicator_unit, "%");
  EXPECT_EQ(g->polarity, "higher");
  EXPECT_EQ(g->baseline_period, "2018-19");
  EXPECT_DOUBLE_EQ(g->baseline_value, 0.362);
  EXPECT_EQ(g->target_period, "2024-25");
  EXPECT_DOUBLE_EQ(g->target_value, 0.42);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "goal.create");
  EXPECT_EQ(e.entity_id, std::to_string(g->id));
  EXPECT_EQ(e.after["indicator"], "ASC2");
  EXPECT_TRUE(e.before.is_null());
  auto found = find_goal(*db, "leeds-asc2");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, g->id);
}

TEST_F(GoalsRepoTest, CreateRefusesANeutralIndicator) {
  GoalInput in = input();
  in.indicator_key = "ASC6";
  auto g = create_goal(*db, admin, in);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(g.error().where, "indicator");
  EXPECT_NE(g.error().message.find("neutral"), std::string::npos);
  EXPECT_EQ(count("goals"), 0);
}

TEST_F(GoalsRepoTest, CreateListsEveryProblemByField) {
  GoalInput in = input();
  in.key = "bad key!";
  in.baseline_period = "2018-20";
  in.target_value = std::numeric_limits<double>::infinity();
  in.indicator_key = "NOPE";
  in.body_id = 999;
  in.title = std::string(301, 'x');
  auto g = create_goal(*db, admin, in);
  ASSERT_FALSE(g);
  const Error& e = g.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  EXPECT_TRUE(has_detail(e, "key", "bad key!")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "body_id", "999")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "indicator", "NOPE")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "title", "300")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "baseline_period", "2018-20")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "target_value", "finite")) << e.to_text();
  EXPECT_EQ(e.details.size(), 6u) << e.to_text();
  EXPECT_EQ(e.where, e.details.front().where);
}

TEST_F(GoalsRepoTest, TargetMustBeAfterTheBaselineAndOfTheSameKind) {
  GoalInput in = input();
  in.target_period = "2018-19";
  auto same = create_goal(*db, admin, in);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().where, "target_period");
  EXPECT_NE(same.error().message.find("must be after"), std::string::npos);
  in.target_period = "2025";
  auto kinds = create_goal(*db, admin, in);
  ASSERT_FALSE(kinds);
  EXPECT_EQ(kinds.error().where, "target_period");
  EXPECT_NE(kinds.error().message.find("a calendar year"), std::string::npos)
      << kinds.error().message;
}

TEST_F(GoalsRepoTest, PeriodsFollowTheIndicatorsFrequency) {
  GoalInput in = input();
  in.baseline_period = "2023-24 Q1";
  in.target_period = "2024-25 Q4";
  auto annual = create_goal(*db, admin, in);
  ASSERT_FALSE(annual);
  EXPECT_NE(annual.error().message.find("annual"), std::string::npos);
  in.indicator_key = "Q1";
  ASSERT_TRUE(create_goal(*db, admin, in));
  GoalInput yearly = input("q-yearly");
  yearly.indicator_key = "Q1";
  auto quarterly = create_goal(*db, admin, yearly);
  ASSERT_FALSE(quarterly);
  EXPECT_NE(quarterly.error().message.find("quarterly"), std::string::npos);
}

TEST_F(GoalsRepoTest, ADuplicateKeyIsAConflict) {
  ASSERT_TRUE(create_goal(*db, admin, input()));
  GoalInput again = input();
  again.body_id = york.id;
  auto g = create_goal(*db, admin, again);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::conflict);
  EXPECT_EQ(count("goals"), 1);
}

TEST_F(GoalsRepoTest, BodyLeadsWriteGoalsForTheirOwnBodyOnly) {
  const Actor lead = add_actor("lead", Role::body_lead, leeds.id);
  auto own = create_goal(*db, lead, input());
  ASSERT_TRUE(own) << own.error().to_text();
  GoalInput other = input("york-asc2");
  other.body_id = york.id;
  auto refused = create_goal(*db, lead, other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  // Nor move their goal to another body, nor touch another body's goal.
  GoalInput moved = input();
  moved.body_id = york.id;
  auto move = update_goal(*db, lead, own->id, moved);
  ASSERT_FALSE(move);
  EXPECT_EQ(move.error().code, ErrorCode::forbidden);
  auto york_goal = create_goal(*db, admin, other);
  ASSERT_TRUE(york_goal);
  auto del = delete_goal(*db, lead, york_goal->id);
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code, ErrorCode::forbidden);
  EXPECT_EQ(count("goals"), 2);
}

TEST_F(GoalsRepoTest, UpdateWritesOnlyWhatChangedAndAuditsBeforeAndAfter) {
  auto g = create_goal(*db, admin, input());
  ASSERT_TRUE(g);
  const int64_t audits = audit_count();
  auto same = update_goal(*db, admin, g->id, input());
  ASSERT_TRUE(same);
  EXPECT_EQ(audit_count(), audits);  // no change, no entry
  GoalInput in = input();
  in.target_value = 0.45;
  in.indicator_key = "ASC7";
  auto changed = update_goal(*db, admin, g->id, in);
  ASSERT_TRUE(changed) << changed.error().to_text();
  EXPECT_DOUBLE_EQ(changed->target_value, 0.45);
  EXPECT_EQ(changed->polarity, "lower");
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "goal.update");
  EXPECT_EQ(e.before["target_value"], 0.42);
  EXPECT_EQ(e.after["target_value"], 0.45);
  auto missing = update_goal(*db, admin, 9999, in);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(GoalsRepoTest, DeleteRemovesTheGoalAndAuditsIt) {
  auto g = create_goal(*db, admin, input());
  ASSERT_TRUE(g);
  ASSERT_TRUE(delete_goal(*db, admin, g->id));
  auto gone = get_goal(*db, g->id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::not_found);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "goal.delete");
  EXPECT_TRUE(e.after.is_null());
  EXPECT_EQ(e.before["key"], "leeds-asc2");
}

TEST_F(GoalsRepoTest, ListGoalsOrdersByBodyThenKeyAndFiltersByBody) {
  GoalInput y = input("a-york");
  y.body_id = york.id;
  ASSERT_TRUE(create_goal(*db, admin, y));
  ASSERT_TRUE(create_goal(*db, admin, input("z-leeds")));
  ASSERT_TRUE(create_goal(*db, admin, input("b-leeds")));
  auto all = list_goals(*db);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].key, "b-leeds");
  EXPECT_EQ((*all)[1].key, "z-leeds");
  EXPECT_EQ((*all)[2].key, "a-york");
  auto yorks = list_goals(*db, york.id);
  ASSERT_TRUE(yorks);
  ASSERT_EQ(yorks->size(), 1u);
  EXPECT_EQ(yorks->front().key, "a-york");
}

TEST_F(GoalsRepoTest, ImportUpsertsByKeyAndReImportChangesNothing) {
  const std::string text = std::string(kHeader) +
                           "leeds-asc2,E08000035,ASC2,2018-19,0.362,2024-25,0.42,Up\n"
                           "york-asc7,York,ASC7,2019-20,30,2024-25,25,\n";
  auto first = import_goals(*db, admin, table(text));
  ASSERT_TRUE(first) << first.error().to_text();
  EXPECT_EQ(first->rows, 2);
  EXPECT_EQ(first->inserted, 2);
  auto york_goal = find_goal(*db, "york-asc7");
  ASSERT_TRUE(york_goal && *york_goal);
  EXPECT_EQ((*york_goal)->body_id, york.id);  // found by exact name
  EXPECT_EQ((*york_goal)->title, "");

  const int64_t gen = generation();
  auto again = import_goals(*db, admin, table(text));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(generation(), gen);  // nothing written
  EXPECT_EQ(count("goals"), 2);

  auto changed = import_goals(
      *db, admin,
      table(std::string(kHeader) + "leeds-asc2,E08000035,ASC2,2018-19,0.362,2024-25,0.44,Up\n"));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(changed->rows, 1);
  EXPECT_EQ(count("goals"), 2);  // york's goal stays: a file replaces nothing else
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "goals.import");
  EXPECT_EQ(e.entity, "observation_import");
  EXPECT_EQ(e.entity_id, std::to_string(changed->import_id));
  EXPECT_EQ(e.after["updated"], 1);
  EXPECT_EQ(e.after["goals_updated"], nlohmann::json::array({"leeds-asc2"}));
  EXPECT_EQ(count("observation_imports"), 3);
}

TEST_F(GoalsRepoTest, ImportRecordsTheSourceAndDigest) {
  const std::string text =
      std::string(kHeader) + "leeds-asc2,E08000035,ASC2,2018-19,0.362,2024-25,0.42,Up\n";
  auto given = import_goals(*db, admin, table(text), "abc123");
  ASSERT_TRUE(given);
  auto computed = import_goals(*db, admin, table(text));
  ASSERT_TRUE(computed);
  auto st = db->prepare(
      "SELECT kind, format, source_name, sha256, rows, unchanged, username "
      "FROM observation_imports ORDER BY id");
  ASSERT_TRUE(st);
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->text(0), "goals");
  EXPECT_EQ(st->text(1), "pvf");
  EXPECT_EQ(st->text(2), "goals.csv");
  EXPECT_EQ(st->text(3), "abc123");
  EXPECT_EQ(st->int64(4), 1);
  EXPECT_EQ(st->text(6), "admin-test");
  ASSERT_TRUE(*st->step());
  // Without a digest from the caller: the SHA-256 of the table written back as CSV, which for
  // this plain file is the file's own text.
  EXPECT_EQ(st->text(3), crypto::sha256_hex(text));
  EXPECT_EQ(st->int64(5), 1);
  st->reset();
}

TEST_F(GoalsRepoTest, ImportWithoutATitleColumnKeepsTheStoredTitle) {
  ASSERT_TRUE(create_goal(*db, admin, input()));
  auto r = import_goals(*db, admin,
                        table("goal,body,indicator,baseline_period,baseline_value,target_period,"
                              "target_value\nleeds-asc2,Leeds,ASC2,2018-19,0.362,2024-25,0.5\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->updated, 1);
  auto g = find_goal(*db, "leeds-asc2");
  ASSERT_TRUE(g && *g);
  EXPECT_EQ((*g)->title, "Quality of life up");
  EXPECT_DOUBLE_EQ((*g)->target_value, 0.5);
}

TEST_F(GoalsRepoTest, ImportListsEveryProblemWithFileLineAndColumnAndWritesNothing) {
  const std::string text = std::string(kHeader) +
                           "ok-goal,Leeds,ASC2,2018-19,0.362,2024-25,0.42,\n"  // 2 fine
                           "g3,Nowhere,ASC2,2018-19,1,2024-25,2,\n"            // 3 body
                           "g4,Leeds,ASC6,2018-19,1,2024-25,2,\n"              // 4 neutral
                           "g5,Leeds,ASC2,2024-25,1,2018-19,2,\n"              // 5 order
                           "g6,Leeds,ASC2,2018-19,one,2024-25,inf,\n"          // 6 numbers
                           "ok-goal,Leeds,ASC2,2018-19,1,2024-25,2,\n"         // 7 dup key
                           "g 8,Leeds,NOPE,2018,1,,2,\n"                       // 8 several
                           "g9,Leeds,ASC2,2018-19,+-1,2024-25,+2,\n";          // 9 signs
  auto r = import_goals(*db, admin, table(text));
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  EXPECT_TRUE(has_detail(e, "goals.csv:3:body", "Nowhere")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "goals.csv:4:indicator", "neutral")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "goals.csv:5:target_period", "after")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "goals.csv:6:baseline_value", "'one' is not a number")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "goals.csv:6:target_value", "finite")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "goals.csv:7:goal", "line 2")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "goals.csv:8:goal", "g 8")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "goals.csv:8:indicator", "NOPE")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "goals.csv:9:baseline_value", "'+-1' is not a number")) << e.to_text();
  EXPECT_FALSE(has_detail(e, "goals.csv:9:target_value", "")) << e.to_text();  // "+2" is 2
  EXPECT_TRUE(has_detail(e, "goals.csv:8:target_period", "empty")) << e.to_text();
  EXPECT_EQ(e.details.size(), 10u) << e.to_text();
  EXPECT_EQ(e.where, "goals.csv:3:body");
  EXPECT_EQ(count("goals"), 0);
  EXPECT_EQ(count("observation_imports"), 0);
}

TEST_F(GoalsRepoTest, ImportPolarityMustAgreeWithTheIndicatorNamingTheCell) {
  const std::string head =
      "goal,body,indicator,baseline_period,baseline_value,target_period,target_value,polarity\n";
  auto wrong = import_goals(*db, admin,
                            table(head + "g1,Leeds,ASC2,2018-19,1,2024-25,2,lower\n"
                                         "g2,Leeds,ASC2,2018-19,1,2024-25,2,sideways\n"));
  ASSERT_FALSE(wrong);
  EXPECT_TRUE(has_detail(wrong.error(), "goals.csv:2:polarity", "stored as 'higher'"))
      << wrong.error().to_text();
  EXPECT_TRUE(has_detail(wrong.error(), "goals.csv:3:polarity", "sideways"))
      << wrong.error().to_text();
  // Any form parse_polarity reads; an empty cell is no claim.
  auto right = import_goals(*db, admin,
                            table(head + "g1,Leeds,ASC2,2018-19,1,2024-25,2,higher_is_better\n"
                                         "g2,Leeds,ASC7,2018-19,2,2024-25,1,asc\n"
                                         "g3,Leeds,ASC7,2018-19,2,2024-25,1,\n"));
  ASSERT_TRUE(right) << right.error().to_text();
  EXPECT_EQ(right->inserted, 3);
}

TEST_F(GoalsRepoTest, ImportChecksTheHeader) {
  auto r = import_goals(*db, admin,
                        table("goal,body,indicator,baseline_period,baseline_value,target_period,"
                              "colour,body\ng,Leeds,ASC2,2018-19,1,2024-25,red,Leeds\n"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_detail(r.error(), "goals.csv:1:colour", "unknown column")) << r.error().to_text();
  EXPECT_TRUE(has_detail(r.error(), "goals.csv:1:body", "twice")) << r.error().to_text();
  EXPECT_TRUE(has_detail(r.error(), "goals.csv:1:target_value", "missing")) << r.error().to_text();
}

TEST_F(GoalsRepoTest, ImportByABodyLeadIsForbiddenForAnotherBody) {
  const Actor lead = add_actor("lead", Role::body_lead, leeds.id);
  GoalInput y = input("york-goal");
  y.body_id = york.id;
  ASSERT_TRUE(create_goal(*db, admin, y));
  auto r = import_goals(
      *db, lead,
      table(std::string(kHeader) + "mine,Leeds,ASC2,2018-19,1,2024-25,2,\n"
                                   "theirs,York,ASC2,2018-19,1,2024-25,2,\n"
                                   "york-goal,Leeds,ASC2,2018-19,1,2024-25,2,\n"));  // takes York's
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::forbidden);
  EXPECT_TRUE(has_detail(r.error(), "goals.csv:3:body", "York")) << r.error().to_text();
  EXPECT_TRUE(has_detail(r.error(), "goals.csv:4:goal", "York")) << r.error().to_text();
  EXPECT_EQ(r.error().details.size(), 2u);
  EXPECT_EQ(count("goals"), 1);
}

TEST_F(GoalsRepoTest, GoalJsonHasTheApiShape) {
  auto g = create_goal(*db, admin, input());
  ASSERT_TRUE(g);
  const auto j = to_json(*g);
  for (const char* k : {"id", "key", "body_id", "body_name", "indicator", "indicator_name", "unit",
                        "polarity", "title", "baseline_period", "baseline_value", "target_period",
                        "target_value", "created_at", "updated_at"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j.size(), 15u);
}

}  // namespace
}  // namespace pvf::store
