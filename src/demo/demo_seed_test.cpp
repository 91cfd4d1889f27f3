#include "demo/demo_seed.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/crypto.h"
#include "core/csv.h"
#include "core/data_key.h"
#include "store/linkage_repo.h"
#include "store/repositories.h"

namespace pvf::demo {
namespace {

namespace fs = std::filesystem;
using framework::AssessmentStatus;

const std::string kFramework = std::string(PVF_SOURCE_DIR) + "/data/frameworks/pvf-2017.yaml";
const std::string kDemoDir = std::string(PVF_SOURCE_DIR) + "/data/demo";
// Office for Local Government adult social care data (Open Government Licence v3.0).
const std::string kOflog = std::string(PVF_SHARED_DIR) + "/data/oflog/ASC_data.csv";

std::unique_ptr<store::Database> fresh_db() {
  auto db = store::Database::open(":memory:");
  EXPECT_TRUE(db) << db.error().to_text();
  auto migrated = (*db)->migrate();
  EXPECT_TRUE(migrated) << migrated.error().to_text();
  return std::move(*db);
}

int64_t count_rows(store::Database& db, const std::string& table) {
  auto st = db.prepare("SELECT count(*) FROM " + table);
  EXPECT_TRUE(st) << st.error().to_text();
  auto row = st->step();
  EXPECT_TRUE(row && *row);
  const int64_t n = st->int64(0);
  (void)st->step();
  return n;
}

const std::vector<std::string> kTables = {
    "bodies",  "users",    "frameworks", "assessments", "assessment_transitions",
    "ratings", "comments", "actions",    "audit_log"};

std::map<std::string, int64_t> count_all(store::Database& db) {
  std::map<std::string, int64_t> out;
  for (const auto& t : kTables) out[t] = count_rows(db, t);
  return out;
}

std::vector<store::Assessment> all_assessments(store::Database& db) {
  store::AssessmentFilter f;
  auto list = store::list_assessments(db, f);
  EXPECT_TRUE(list) << list.error().to_text();
  return list ? *list : std::vector<store::Assessment>{};
}

std::optional<store::Assessment> assessment_of(store::Database& db, int64_t body_id,
                                               const std::string& period) {
  store::AssessmentFilter f;
  f.body_id = body_id;
  f.period = period;
  auto list = store::list_assessments(db, f);
  EXPECT_TRUE(list) << list.error().to_text();
  if (!list || list->size() != 1) return std::nullopt;
  return list->front();
}

store::Body body_with_code(store::Database& db, const std::string& code) {
  auto b = store::find_body_by_code(db, code);
  EXPECT_TRUE(b && *b) << code;
  return b && *b ? **b : store::Body{};
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The demo is seeded once per test program; tests that need a pristine db make their own.
class SeededDemo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = fresh_db().release();
    ASSERT_TRUE(crypto::crypto_init());
    key_ = new crypto::DataKey(crypto::DataKey::random());
    auto s = seed_demo(*db_, kFramework, kDemoDir, key_);
    ASSERT_TRUE(s) << s.error().to_text();
    summary_ = new DemoSummary(*s);
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete db_;
    delete key_;
    key_ = nullptr;
    summary_ = nullptr;
    db_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(db_ && summary_) << "seeding failed"; }

  static store::Database* db_;
  static DemoSummary* summary_;
  static crypto::DataKey* key_;
};
store::Database* SeededDemo::db_ = nullptr;
DemoSummary* SeededDemo::summary_ = nullptr;
crypto::DataKey* SeededDemo::key_ = nullptr;

TEST_F(SeededDemo, LinksTheTwoSyntheticRegistersForTheirMembersOnly) {
  EXPECT_EQ(summary_->linkage_runs, 1);
  store::Actor lead;
  auto users = store::list_users(*db_);
  ASSERT_TRUE(users);
  store::Actor treasury;
  for (const auto& u : *users) {
    if (u.username == "bodylead") lead = {u.id, u.username, u.role, u.body_id};
    if (u.username == "treasury") treasury = {u.id, u.username, u.role, u.body_id};
  }
  const std::string today = store::now_utc().substr(0, 10);
  auto agreements = store::list_agreements(*db_, lead, today);
  ASSERT_TRUE(agreements);
  ASSERT_EQ(agreements->size(), 1u);
  std::set<std::string> members;
  for (const auto& m : (*agreements)[0]["members"]) members.insert(m["username"]);
  EXPECT_EQ(members, (std::set<std::string>{"admin", "bodylead", "viewer"}));
  EXPECT_TRUE(store::list_agreements(*db_, treasury, today)->empty());
  store::LinkageRunFilter f;
  auto runs = store::list_linkage_runs(*db_, lead, f, today);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->items.size(), 1u);
  const auto& run = runs->items[0];
  EXPECT_EQ(run["link_type"], "link_only");
  EXPECT_EQ(run["records"], 1303 + 1097);
  // Against data/demo/linkage/truth.csv (who each record really is), through the stored pairs.
  auto truth = csv::read_file(std::string(kDemoDir) + "/linkage/truth.csv");
  ASSERT_TRUE(truth);
  std::map<std::string, std::string> person;
  for (const auto& r : truth->rows) person[r.fields[0]] = r.fields[1];
  std::map<int64_t, std::vector<std::string>> ids;  // dataset id -> unique ids by row - 1
  for (const auto& d : run["datasets"]) {
    auto file = csv::read_file(std::string(kDemoDir) + "/linkage/" + d["name"].get<std::string>());
    ASSERT_TRUE(file);
    for (const auto& r : file->rows) ids[d["id"]].push_back(r.fields[0]);
  }
  std::map<std::string, int> left_count, right_count;
  for (const auto& id : ids[run["datasets"][0]["id"]]) ++left_count[person[id]];
  for (const auto& id : ids[run["datasets"][1]["id"]]) ++right_count[person[id]];
  int true_pairs = 0;
  for (const auto& [p, n] : left_count) true_pairs += n * right_count[p];
  store::PairFilter pf;
  pf.limit = 500;
  int predicted = 0, correct = 0;
  for (;;) {
    auto page = store::list_linkage_pairs(*db_, lead, run["id"], pf, today);
    ASSERT_TRUE(page);
    for (const auto& p : page->items) {
      if (!p["predicted"].get<bool>()) continue;
      ++predicted;
      const auto& l = ids[p["left"]["dataset_id"]][p["left"]["row"].get<std::size_t>() - 1];
      const auto& r = ids[p["right"]["dataset_id"]][p["right"]["row"].get<std::size_t>() - 1];
      correct += person[l] == person[r];
    }
    if (!page->next_cursor) break;
    pf.cursor = page->next_cursor;
  }
  EXPECT_EQ(true_pairs, 840);
  EXPECT_GE(static_cast<double>(correct) / predicted, 0.95);
  EXPECT_GE(static_cast<double>(correct) / true_pairs, 0.95);
}

TEST_F(SeededDemo, CreatesBodiesAccountsAndAssessmentsInEveryWorkflowState) {
  store::Database& db = *db_;
  EXPECT_TRUE(summary_->seeded);

  auto csv_rows = csv::read_file(kDemoDir + "/bodies.csv");
  ASSERT_TRUE(csv_rows) << csv_rows.error().to_text();
  // bodies.csv, plus the councils only Oflog's data names (see CouncilCodesNamesAndRegions...).
  EXPECT_GT(summary_->bodies, static_cast<int>(csv_rows->rows.size()));
  EXPECT_EQ(count_rows(db, "bodies"), summary_->bodies);
  auto all_bodies = store::list_bodies(db);
  ASSERT_TRUE(all_bodies);
  std::set<std::string> names;
  for (const auto& b : *all_bodies) names.insert(b.name);
  for (const auto& row : csv_rows->rows) EXPECT_TRUE(names.count(row.fields[0])) << row.fields[0];
  EXPECT_EQ(summary_->indicators, 7);
  EXPECT_EQ(summary_->observations, count_rows(db, "observations"));
  EXPECT_GT(summary_->observations, 6000);
  EXPECT_GT(summary_->goals, 0);

  // Departments, a programme under MHCLG, councils.
  store::BodyFilter depts;
  depts.type = "department";
  auto departments = store::list_bodies(db, depts);
  ASSERT_TRUE(departments);
  EXPECT_GE(departments->size(), 3u);
  const store::Body mhclg = body_with_code(db, "MHCLG");
  EXPECT_EQ(mhclg.name, "Ministry of Housing, Communities and Local Government");
  const store::Body families = body_with_code(db, "MHCLG-SF");
  EXPECT_EQ(families.type, "programme");
  EXPECT_EQ(families.parent_id, std::optional<int64_t>(mhclg.id));

  // Accounts: the five required ones with their roles, all in the db.
  std::map<std::string, DemoAccount> accounts;
  for (const auto& a : summary_->accounts) accounts[a.username] = a;
  const std::map<std::string, std::string> roles = {{"admin", "admin"},
                                                    {"treasury", "treasury_analyst"},
                                                    {"bodylead", "body_lead"},
                                                    {"assessor", "assessor"},
                                                    {"viewer", "viewer"}};
  for (const auto& [name, role] : roles) {
    ASSERT_TRUE(accounts.count(name)) << name;
    EXPECT_EQ(accounts[name].role, role) << name;
    EXPECT_EQ(accounts[name].password, name + "-demo");
  }
  EXPECT_EQ(accounts["bodylead"].body, "Leeds");
  EXPECT_EQ(accounts["assessor"].body, "Leeds");
  EXPECT_EQ(accounts["treasury"].body, "");
  auto users = store::list_users(db);
  ASSERT_TRUE(users);
  EXPECT_EQ(users->size(), summary_->accounts.size());
  EXPECT_LE(users->size(), 10u);
  auto treasury = store::find_user_with_hash(db, "treasury");
  ASSERT_TRUE(treasury && *treasury);
  EXPECT_EQ((*treasury)->first.display_name, "Priya Shah, HM Treasury");
  EXPECT_TRUE(crypto::verify_password((*treasury)->second, "treasury-demo"));

  // Every workflow state, over the three periods.
  const auto list = all_assessments(db);
  EXPECT_EQ(static_cast<int>(list.size()), summary_->assessments);
  std::set<AssessmentStatus> statuses;
  std::set<std::string> periods;
  for (const auto& a : list) {
    statuses.insert(a.status);
    periods.insert(a.period);
  }
  EXPECT_EQ(statuses,
            (std::set<AssessmentStatus>{AssessmentStatus::draft, AssessmentStatus::submitted,
                                        AssessmentStatus::returned, AssessmentStatus::agreed}));
  EXPECT_EQ(periods, (std::set<std::string>{"2023-24", "2024-25", "2025-26"}));

  // A returned assessment carries the Treasury's note; dialogue and actions exist.
  bool returned_with_note = false;
  for (const auto& a : list) {
    if (a.status != AssessmentStatus::returned) continue;
    auto history = store::list_transitions(db, a.id);
    ASSERT_TRUE(history);
    ASSERT_FALSE(history->empty());
    EXPECT_EQ(history->back().to, AssessmentStatus::returned);
    EXPECT_EQ(history->back().username, "treasury");
    returned_with_note = !history->back().note.empty();
  }
  EXPECT_TRUE(returned_with_note);
  EXPECT_GE(summary_->comments, 5);
  EXPECT_GE(summary_->actions, 5);
  EXPECT_EQ(count_rows(db, "comments"), summary_->comments);
  EXPECT_EQ(count_rows(db, "actions"), summary_->actions);
}

TEST_F(SeededDemo, LeedsHasAgreedHistoryAndADraftMissingTheLastTwoCapacityAreas) {
  store::Database& db = *db_;
  const store::Body leeds = body_with_code(db, "E08000035");
  EXPECT_EQ(leeds.name, "Leeds");

  auto y1 = assessment_of(db, leeds.id, "2023-24");
  auto y2 = assessment_of(db, leeds.id, "2024-25");
  auto y3 = assessment_of(db, leeds.id, "2025-26");
  ASSERT_TRUE(y1 && y2 && y3);
  EXPECT_EQ(y1->status, AssessmentStatus::agreed);
  EXPECT_EQ(y2->status, AssessmentStatus::agreed);
  EXPECT_EQ(y3->status, AssessmentStatus::draft);

  auto fw = store::get_framework(db, y3->framework_id);
  ASSERT_TRUE(fw) << fw.error().to_text();
  const framework::Framework& f = *fw->definition;
  const framework::Pillar* capacity = nullptr;
  for (const auto& p : f.pillars)
    if (lower(p.title) == "developing system capacity") capacity = &p;
  ASSERT_NE(capacity, nullptr);
  ASSERT_GE(capacity->areas.size(), 2u);
  const std::set<std::string> missing = {capacity->areas[capacity->areas.size() - 2].key,
                                         capacity->areas.back().key};

  auto draft = store::levels(db, y3->id);
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->size(), f.area_count() - 2);
  for (const auto& p : f.pillars)
    for (const auto& a : p.areas)
      EXPECT_EQ(draft->count(a.key), missing.count(a.key) ? 0u : 1u) << a.key;

  // The agreed years are complete and show change over time (marginal gains).
  auto first = store::levels(db, y1->id);
  auto second = store::levels(db, y2->id);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->size(), f.area_count());
  EXPECT_EQ(second->size(), f.area_count());
  EXPECT_NE(*first, *second);
  auto card = framework::compute_scorecard(f, *second, &*first);
  ASSERT_TRUE(card.change);
  EXPECT_GT(*card.change, 0.0);

  // The draft's workflow history is real: made by the body lead, rated by the assessor.
  auto ratings = store::list_ratings(db, y1->id);
  ASSERT_TRUE(ratings);
  std::set<std::string> raters;
  for (const auto& r : *ratings) raters.insert(r.updated_by_name);
  EXPECT_EQ(raters.size(), 1u);
  auto transitions = store::list_transitions(db, y1->id);
  ASSERT_TRUE(transitions);
  std::vector<std::string> moves;
  for (const auto& t : *transitions)
    moves.push_back(std::string(framework::to_string(t.to)) + " by " + t.username);
  EXPECT_EQ(moves, (std::vector<std::string>{"submitted by bodylead", "returned by treasury",
                                             "submitted by bodylead", "agreed by treasury"}));
  auto comments = store::list_comments(db, y1->id);
  ASSERT_TRUE(comments);
  ASSERT_GE(comments->size(), 2u);
  EXPECT_EQ(comments->at(0).username, "treasury");
  EXPECT_EQ(comments->at(1).parent_id, std::optional<int64_t>(comments->at(0).id));
  auto actions = store::list_actions(db, y1->id);
  ASSERT_TRUE(actions);
  ASSERT_FALSE(actions->empty());
  for (const auto& a : *actions) EXPECT_EQ(a.status, "done") << a.title;  // followed up later

  // Some other council has a 2025-26 assessment awaiting the Treasury.
  bool other_submitted = false;
  for (const auto& a : all_assessments(db)) {
    auto body = store::get_body(db, a.body_id);
    ASSERT_TRUE(body);
    if (a.period == "2025-26" && a.status == AssessmentStatus::submitted &&
        body->type == "council" && body->id != leeds.id)
      other_submitted = true;
  }
  EXPECT_TRUE(other_submitted);
}

TEST_F(SeededDemo, SeedingAgainChangesNothing) {
  store::Database& db = *db_;
  const auto before = count_all(db);
  auto again = seed_demo(db, kFramework, kDemoDir);
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_FALSE(again->seeded);
  // The counts say what the db holds, as they did after seeding.
  EXPECT_EQ(again->bodies, summary_->bodies);
  EXPECT_EQ(again->assessments, summary_->assessments);
  EXPECT_EQ(again->comments, summary_->comments);
  EXPECT_EQ(again->actions, summary_->actions);
  ASSERT_EQ(again->accounts.size(), summary_->accounts.size());
  for (size_t i = 0; i < again->accounts.size(); ++i) {
    EXPECT_EQ(again->accounts[i].username, summary_->accounts[i].username);
    EXPECT_EQ(again->accounts[i].role, summary_->accounts[i].role);
    EXPECT_EQ(again->accounts[i].body, summary_->accounts[i].body);
  }
  EXPECT_EQ(count_all(db), before);
}

TEST_F(SeededDemo, CouncilCodesNamesAndRegionsMatchTheOflogData) {
  auto oflog = csv::read_file(kOflog);
  ASSERT_TRUE(oflog) << oflog.error().to_text();
  const auto code_col = oflog->column("Local authority code");
  const auto name_col = oflog->column("Local authority name");
  const auto region_col = oflog->column("Region");
  ASSERT_TRUE(code_col && name_col && region_col);
  std::map<std::string, std::pair<std::string, std::string>> councils;
  for (const auto& row : oflog->rows)
    councils[row.fields[*code_col]] = {row.fields[*name_col], row.fields[*region_col]};

  const auto year_col = oflog->column("Financial year");
  ASSERT_TRUE(year_col);
  std::map<std::string, std::string> last_year;  // code -> latest "YYYY-YY" it is published for
  for (const auto& row : oflog->rows)
    last_year[row.fields[*code_col]] = std::max(last_year[row.fields[*code_col]], row.fields[*year_col]);
  std::map<std::string, std::string> newest_code;  // published name -> its most recent code
  for (const auto& [code, name_region] : councils) {
    std::string& newest = newest_code[name_region.first];
    if (newest.empty() || last_year[code] > last_year[newest]) newest = code;
  }

  // Every council Oflog publishes is a body (the demo's eight from bodies.csv, the rest created
  // by the Oflog import), under its published name — where Oflog gives two codes one name
  // (Buckinghamshire and Dorset, before and after reorganisation), the council published most
  // recently keeps the name and the other is "name (code)".
  store::BodyFilter f;
  f.type = "council";
  auto bodies = store::list_bodies(*db_, f);
  ASSERT_TRUE(bodies);
  EXPECT_EQ(bodies->size(), councils.size());
  for (const auto& b : *bodies) {
    ASSERT_TRUE(b.code) << b.name;
    auto it = councils.find(*b.code);
    ASSERT_NE(it, councils.end()) << *b.code << " is not in ASC_data.csv";
    const std::string& published = it->second.first;
    EXPECT_EQ(b.name, newest_code[published] == *b.code ? published : published + " (" + *b.code + ")");
    EXPECT_EQ(b.region, std::optional<std::string>(it->second.second)) << *b.code;
  }
}

TEST_F(SeededDemo, EverySeededWriteIsAudited) {
  store::Database& db = *db_;
  // Rows of `table` (alias t) with no audit entry (alias a) matching `match`.
  auto unaudited = [&](const std::string& table, const std::string& match) {
    auto st = db.prepare("SELECT count(*) FROM " + table +
                         " t WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE " + match + ")");
    EXPECT_TRUE(st) << st.error().to_text();
    auto row = st->step();
    EXPECT_TRUE(row && *row);
    const int64_t n = st->int64(0);
    (void)st->step();
    return n;
  };
  const std::string same_id = " AND a.entity_id = CAST(t.id AS TEXT)";
  const std::string of_assessment = " AND a.entity_id = CAST(t.assessment_id AS TEXT)";
  EXPECT_EQ(unaudited("bodies", "a.action = 'body.create'" + same_id), 0);
  EXPECT_EQ(unaudited("(SELECT * FROM users WHERE password_hash LIKE '$argon2id$%')",
                      "a.action = 'user.create'" + same_id),
            0);
  EXPECT_EQ(unaudited("frameworks", "a.action = 'framework.create'" + same_id), 0);
  EXPECT_EQ(unaudited("assessments", "a.action = 'assessment.create'" + same_id), 0);
  EXPECT_EQ(unaudited("ratings", "a.action = 'assessment.rate'" + of_assessment +
                                     " AND json_extract(a.after_json, '$.area') = t.area_key"),
            0);
  EXPECT_EQ(unaudited("assessment_transitions",
                      "a.action = 'assessment.transition'" + of_assessment +
                          " AND json_extract(a.after_json, '$.status') = t.to_status"),
            0);
  EXPECT_EQ(unaudited("comments", "a.action = 'comment.create'" + of_assessment +
                                      " AND json_extract(a.after_json, '$.id') = t.id"),
            0);
  EXPECT_EQ(unaudited("actions", "a.action = 'action.create'" + of_assessment +
                                     " AND json_extract(a.after_json, '$.id') = t.id"),
            0);

  // Each follow-up of an action in the demo files is an audited update.
  int updates_in_files = 0;
  for (const auto& entry : fs::directory_iterator(kDemoDir + "/assessments")) {
    std::ifstream in(entry.path());
    const auto j = nlohmann::json::parse(in);
    for (const auto& step : j.value("steps", nlohmann::json::array()))
      if (step.at("step") == "update_action") ++updates_in_files;
  }
  EXPECT_GT(updates_in_files, 0);

  // Each workflow move is audited under the user who made it, never the system.
  store::AuditFilter filter;
  filter.limit = 1000;
  auto audit = store::list_audit(db, filter);
  ASSERT_TRUE(audit) << audit.error().to_text();
  ASSERT_LT(audit->size(), 1000u);
  std::map<std::string, int> movers;
  int action_updates = 0;
  for (const auto& e : *audit) {
    if (e.action == "assessment.transition") ++movers[e.username];
    if (e.action == "action.update") ++action_updates;
  }
  EXPECT_EQ(action_updates, updates_in_files);
  EXPECT_EQ(movers.count("system"), 0u);
  EXPECT_GT(movers["treasury"], 0);
  EXPECT_GT(movers["bodylead"], 0);
  int moves = 0;
  for (const auto& [who, n] : movers) moves += n;
  EXPECT_EQ(moves, count_rows(db, "assessment_transitions"));
}

TEST(DemoSeed, BadDemoDataIsRefusedWholeAndNamesTheFile) {
  const fs::path dir = fs::temp_directory_path() / ("pvf_demo_bad_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(kDemoDir, dir, fs::copy_options::recursive);
  {
    std::ofstream out(dir / "assessments" / "2099-99-zz-broken.json");
    out << R"({"body": "E08000035", "period": "2022-23", "created_by": "bodylead",
              "steps": [{"step": "transition", "to": "agreed", "by": "nobody"}]})";
  }
  auto db = fresh_db();
  auto s = seed_demo(*db, kFramework, dir.string());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::invalid_input);
  EXPECT_NE(s.error().where.find("2099-99-zz-broken.json"), std::string::npos)
      << s.error().to_text();
  EXPECT_NE(s.error().where.find("steps[0].by"), std::string::npos) << s.error().to_text();
  // One transaction: nothing at all was written.
  for (const auto& t : kTables) EXPECT_EQ(count_rows(*db, t), 0) << t;
  fs::remove_all(dir);
}

TEST(DemoSeed, BenchmarkCreatesBodiesTimesPeriodsFullyRatedAssessments) {
  auto db = fresh_db();
  auto ids = seed_benchmark(*db, kFramework, 5, 3, 42);
  ASSERT_TRUE(ids) << ids.error().to_text();
  ASSERT_EQ(ids->size(), 15u);
  EXPECT_EQ(count_rows(*db, "assessments"), 15);

  auto fw = store::list_frameworks(*db);
  ASSERT_TRUE(fw && fw->size() == 1);
  const size_t areas = fw->front().definition->area_count();
  std::map<std::string, int> per_period;
  std::set<int> levels_seen;
  for (int64_t id : *ids) {
    auto a = store::get_assessment(*db, id);
    ASSERT_TRUE(a);
    ++per_period[a->period];
    EXPECT_EQ(a->status,
              a->period == "2025-26" ? AssessmentStatus::submitted : AssessmentStatus::agreed)
        << a->period;
    auto lv = store::levels(*db, id);
    ASSERT_TRUE(lv);
    EXPECT_EQ(lv->size(), areas);
    for (const auto& [k, v] : *lv) levels_seen.insert(v);
  }
  EXPECT_EQ(per_period,
            (std::map<std::string, int>{{"2023-24", 5}, {"2024-25", 5}, {"2025-26", 5}}));
  EXPECT_GE(levels_seen.size(), 3u);  // the levels vary

  // Deterministic: the same seed gives the same levels; another seed does not.
  auto levels_of = [](store::Database& d, const std::vector<int64_t>& list) {
    std::vector<framework::LevelMap> out;
    for (int64_t id : list) out.push_back(*store::levels(d, id));
    return out;
  };
  auto db2 = fresh_db();
  auto ids2 = seed_benchmark(*db2, kFramework, 5, 3, 42);
  ASSERT_TRUE(ids2);
  EXPECT_EQ(levels_of(*db, *ids), levels_of(*db2, *ids2));
  auto db3 = fresh_db();
  auto ids3 = seed_benchmark(*db3, kFramework, 5, 3, 7);
  ASSERT_TRUE(ids3);
  EXPECT_NE(levels_of(*db, *ids), levels_of(*db3, *ids3));

  // Every benchmark write is audited too.
  EXPECT_GE(count_rows(*db, "audit_log"), count_rows(*db, "bodies") + count_rows(*db, "ratings") +
                                              count_rows(*db, "assessment_transitions") +
                                              count_rows(*db, "assessments"));
}

TEST(DemoSeed, BenchmarkRefusesBadSizesAndDuplicatePeriods) {
  auto db = fresh_db();
  EXPECT_EQ(seed_benchmark(*db, kFramework, 0, 3, 1).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(seed_benchmark(*db, kFramework, 2, 0, 1).error().code, ErrorCode::invalid_input);
  ASSERT_TRUE(seed_benchmark(*db, kFramework, 2, 1, 1));
  const auto before = count_all(*db);
  auto again = seed_benchmark(*db, kFramework, 2, 1, 1);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(count_all(*db), before);  // rolled back whole
}

}  // namespace
}  // namespace pvf::demo
