// seed_demo: reads data/demo/ and replays it through the store's repositories.
#include "demo/demo_seed.h"

#include "demo/demo_benchmarks.h"
#include "demo/demo_linkage.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "core/crypto.h"
#include "core/csv.h"
#include "demo/demo_indicators.h"
#include "demo/demo_measure_inputs.h"
#include "demo/demo_internal.h"
#include "store/repositories.h"

namespace pvf::demo {

namespace detail {

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::io("cannot open file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(Error::io("cannot read file", path));
  return text.str();
}

Result<FrameworkFile> read_framework(const std::string& path) {
  auto text = read_text(path);
  if (!text) return fail(text.error());
  // Parse the text we store, so the stored definition and its source always agree.
  auto definition = framework::parse_yaml(*text, path);
  if (!definition) return fail(definition.error());
  return FrameworkFile{std::move(*definition), std::move(*text)};
}

store::Actor actor_of(const store::User& user) {
  store::Actor a;
  a.user_id = user.id;
  a.username = user.username;
  a.role = user.role;
  a.body_id = user.body_id;
  return a;
}

}  // namespace detail

namespace {

namespace fs = std::filesystem;
using framework::AssessmentStatus;
using nlohmann::json;

// ---- reading the demo files ----

// A problem in a demo file, thrown while parsing and returned as an invalid_input Error.
struct BadData {
  std::string where;
  std::string message;
};

const json& field(const json& obj, const std::string& key, const std::string& where) {
  if (!obj.is_object()) throw BadData{where, "must be a JSON object"};
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) throw BadData{where + "." + key, "is required"};
  return *it;
}

std::string text_field(const json& obj, const std::string& key, const std::string& where) {
  const json& v = field(obj, key, where);
  if (!v.is_string()) throw BadData{where + "." + key, "must be a string"};
  return v.get<std::string>();
}

std::optional<std::string> opt_text(const json& obj, const std::string& key,
                                    const std::string& where) {
  if (!obj.contains(key) || obj.at(key).is_null()) return std::nullopt;
  return text_field(obj, key, where);
}

int int_field(const json& obj, const std::string& key, const std::string& where) {
  const json& v = field(obj, key, where);
  if (!v.is_number_integer()) throw BadData{where + "." + key, "must be an integer"};
  return v.get<int>();
}

const json& array_field(const json& obj, const std::string& key, const std::string& where) {
  const json& v = field(obj, key, where);
  if (!v.is_array()) throw BadData{where + "." + key, "must be an array"};
  return v;
}

std::string at_index(const std::string& where, size_t i) {
  return where + "[" + std::to_string(i) + "]";
}

struct AccountSpec {
  std::string username;
  std::string password;
  std::string display_name;
  Role role = Role::viewer;
  std::optional<std::string> body_code;
};

struct RatingSpec {
  std::string where;
  std::string area;
  store::RatingInput input;
};

enum class StepKind { transition, comment, rate, action, update_action };

struct StepSpec {
  StepKind kind = StepKind::comment;
  std::string where;
  std::string by;
  std::optional<std::string> ref;  // a name later steps use for this comment or action
  // transition
  AssessmentStatus to = AssessmentStatus::draft;
  std::string note;
  // comment
  std::string area;
  std::string text;
  std::optional<std::string> reply_to;
  // rate
  RatingSpec rating;
  // action
  store::ActionInput action;
  // update_action
  std::string action_ref;
  store::ActionPatch patch;
};

struct AssessmentSpec {
  std::string file;
  std::string body_code;
  std::string period;
  std::string created_by;
  std::string rated_by;
  std::optional<std::string> based_on;  // carry ratings forward from this period's assessment
  std::vector<RatingSpec> ratings;
  std::vector<std::string> unrated;  // areas dropped from what was carried forward
  std::vector<StepSpec> steps;
};

struct DemoFiles {
  csv::Table bodies;
  std::vector<AccountSpec> accounts;
  std::vector<AssessmentSpec> assessments;
};

store::RatingInput parse_rating_input(const json& j, const std::string& w) {
  store::RatingInput in;
  in.level = int_field(j, "level", w);
  in.rationale = text_field(j, "rationale", w);
  in.confidence = opt_text(j, "confidence", w).value_or("medium");
  if (j.contains("evidence")) {
    const json& ev = array_field(j, "evidence", w);
    for (size_t i = 0; i < ev.size(); ++i) {
      const std::string we = at_index(w + ".evidence", i);
      in.evidence.push_back(store::Evidence{opt_text(ev[i], "url", we).value_or(""),
                                            opt_text(ev[i], "note", we).value_or("")});
    }
  }
  return in;
}

RatingSpec parse_rating(const json& j, const std::string& w) {
  return RatingSpec{w, text_field(j, "area", w), parse_rating_input(j, w)};
}

StepSpec parse_step(const json& j, const std::string& w) {
  StepSpec s;
  s.where = w;
  s.by = text_field(j, "by", w);
  s.ref = opt_text(j, "ref", w);
  const std::string kind = text_field(j, "step", w);
  if (kind == "transition") {
    s.kind = StepKind::transition;
    const std::string to = text_field(j, "to", w);
    auto status = framework::parse_status(to);
    if (!status) throw BadData{w + ".to", "unknown status \"" + to + "\""};
    s.to = *status;
    s.note = opt_text(j, "note", w).value_or("");
  } else if (kind == "comment") {
    s.kind = StepKind::comment;
    s.area = text_field(j, "area", w);
    s.text = text_field(j, "text", w);
    s.reply_to = opt_text(j, "reply_to", w);
  } else if (kind == "rate") {
    s.kind = StepKind::rate;
    s.rating = parse_rating(j, w);
  } else if (kind == "action") {
    s.kind = StepKind::action;
    s.action.area_key = text_field(j, "area", w);
    s.action.title = text_field(j, "title", w);
    s.action.owner = opt_text(j, "owner", w).value_or("");
    s.action.due_date = opt_text(j, "due_date", w);
    s.action.status = opt_text(j, "status", w).value_or("open");
  } else if (kind == "update_action") {
    s.kind = StepKind::update_action;
    s.action_ref = text_field(j, "action", w);
    s.patch.title = opt_text(j, "title", w);
    s.patch.owner = opt_text(j, "owner", w);
    if (j.contains("due_date")) s.patch.due_date = opt_text(j, "due_date", w);
    s.patch.status = opt_text(j, "status", w);
  } else {
    throw BadData{w + ".step",
                  "unknown step \"" + kind +
                      "\" (expected transition, comment, rate, action or update_action)"};
  }
  return s;
}

AssessmentSpec parse_assessment(const json& j, const std::string& file) {
  const std::string w = file + ":$";
  AssessmentSpec a;
  a.file = file;
  a.body_code = text_field(j, "body", w);
  a.period = text_field(j, "period", w);
  a.created_by = text_field(j, "created_by", w);
  a.rated_by = opt_text(j, "rated_by", w).value_or(a.created_by);
  a.based_on = opt_text(j, "based_on", w);
  if (j.contains("ratings")) {
    const json& rs = array_field(j, "ratings", w);
    for (size_t i = 0; i < rs.size(); ++i)
      a.ratings.push_back(parse_rating(rs[i], at_index(w + ".ratings", i)));
  }
  if (j.contains("unrated")) {
    const json& us = array_field(j, "unrated", w);
    for (size_t i = 0; i < us.size(); ++i) {
      if (!us[i].is_string()) throw BadData{at_index(w + ".unrated", i), "must be a string"};
      a.unrated.push_back(us[i].get<std::string>());
    }
  }
  if (j.contains("steps")) {
    const json& ss = array_field(j, "steps", w);
    for (size_t i = 0; i < ss.size(); ++i)
      a.steps.push_back(parse_step(ss[i], at_index(w + ".steps", i)));
  }
  return a;
}

std::vector<AccountSpec> parse_accounts(const json& j, const std::string& file) {
  const std::string w = file + ":$";
  std::vector<AccountSpec> out;
  const json& list = array_field(j, "accounts", w);
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string wi = at_index(w + ".accounts", i);
    AccountSpec a;
    a.username = text_field(list[i], "username", wi);
    a.password = text_field(list[i], "password", wi);
    a.display_name = opt_text(list[i], "display_name", wi).value_or(a.username);
    const std::string role = text_field(list[i], "role", wi);
    auto r = parse_role(role);
    if (!r) throw BadData{wi + ".role", "unknown role \"" + role + "\""};
    a.role = *r;
    a.body_code = opt_text(list[i], "body", wi);
    out.push_back(std::move(a));
  }
  return out;
}

Result<json> read_json(const std::string& path, const std::string& label) {
  auto text = detail::read_text(path);
  if (!text) return fail(text.error());
  try {
    return json::parse(*text);
  } catch (const json::parse_error& e) {
    return fail(Error::invalid(std::string("not valid JSON: ") + e.what(), label));
  }
}

Result<DemoFiles> read_demo_files(const std::string& demo_dir) {
  DemoFiles files;
  const fs::path dir(demo_dir);
  auto bodies = csv::read_file((dir / "bodies.csv").string());
  if (!bodies) return fail(bodies.error());
  files.bodies = std::move(*bodies);

  std::vector<fs::path> assessment_files;
  std::error_code ec;
  for (fs::directory_iterator it(dir / "assessments", ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".json")
      assessment_files.push_back(it->path());
  if (ec)
    return fail(
        Error::io("cannot list demo assessments: " + ec.message(), (dir / "assessments").string()));
  std::sort(assessment_files.begin(), assessment_files.end());

  try {
    auto accounts = read_json((dir / "accounts.json").string(), "accounts.json");
    if (!accounts) return fail(accounts.error());
    files.accounts = parse_accounts(*accounts, "accounts.json");
    for (const auto& p : assessment_files) {
      const std::string label = "assessments/" + p.filename().string();
      auto j = read_json(p.string(), label);
      if (!j) return fail(j.error());
      files.assessments.push_back(parse_assessment(*j, label));
    }
  } catch (const BadData& bad) {
    return fail(Error::invalid(bad.message, bad.where));
  }
  return files;
}

// ---- replaying them through the store ----

// Keeps a store error's code and message and says which demo entry caused it.
Error in_file(Error e, const std::string& where) {
  e.where = e.where.empty() ? where : where + " (" + e.where + ")";
  return e;
}

class Seeder {
 public:
  Result<store::Actor> actor(const std::string& username, const std::string& where) {
    auto it = users_.find(username);
    if (it == users_.end())
      return fail(Error::invalid("no account \"" + username + "\" in accounts.json", where));
    return detail::actor_of(it->second);
  }
  Seeder(store::Database& db, const store::StoredFramework& fw) : db_(db), fw_(fw) {}

  DemoSummary summary;

  Status create_accounts(const std::vector<AccountSpec>& specs,
                         const std::vector<std::string>& hashes) {
    const store::Actor system = store::Actor::system();
    for (size_t i = 0; i < specs.size(); ++i) {
      const AccountSpec& a = specs[i];
      const std::string w = at_index("accounts.json:$.accounts", i);
      std::optional<int64_t> body_id;
      std::string body_name;
      if (a.body_code) {
        auto body = body_by_code(*a.body_code, w + ".body");
        if (!body) return fail(body.error());
        body_id = body->id;
        body_name = body->name;
      }
      auto user =
          store::create_user(db_, system, a.username, a.display_name, a.role, body_id, hashes[i]);
      if (!user) return fail(in_file(user.error(), w));
      users_.emplace(user->username, *user);
      summary.accounts.push_back(
          DemoAccount{a.username, a.password, std::string(to_string(a.role)), body_name});
    }
    return {};
  }

  Status apply(const AssessmentSpec& spec) {
    const std::string w = spec.file + ":$";
    auto body = body_by_code(spec.body_code, w + ".body");
    if (!body) return fail(body.error());
    auto creator = actor(spec.created_by, w + ".created_by");
    if (!creator) return fail(creator.error());
    auto created = store::create_assessment(db_, *creator, body->id, fw_.id, spec.period);
    if (!created) return fail(in_file(created.error(), w));

    auto rater = actor(spec.rated_by, w + ".rated_by");
    if (!rater) return fail(rater.error());
    auto ratings = initial_ratings(spec, body->id);
    if (!ratings) return fail(ratings.error());
    // In framework order, then anything the framework does not know (the store refuses it).
    for (const auto& pillar : fw_.definition->pillars)
      for (const auto& area : pillar.areas)
        if (auto it = ratings->find(area.key); it != ratings->end()) {
          if (auto s = rate(*rater, created->id, it->second); !s) return s;
          ratings->erase(it);
        }
    for (const auto& [key, r] : *ratings)
      if (auto s = rate(*rater, created->id, r); !s) return s;

    for (const auto& step : spec.steps)
      if (auto s = apply_step(created->id, step); !s) return s;
    return {};
  }

 private:
  Result<store::Body> body_by_code(const std::string& code, const std::string& where) {
    auto body = store::find_body_by_code(db_, code);
    if (!body) return fail(in_file(body.error(), where));
    if (!*body)
      return fail(Error::invalid("no body with code \"" + code + "\" in bodies.csv", where));
    return **body;
  }


  // The spec's ratings over those carried forward from `based_on`, minus `unrated`.
  Result<std::map<std::string, RatingSpec>> initial_ratings(const AssessmentSpec& spec,
                                                            int64_t body_id) {
    const std::string w = spec.file + ":$";
    std::map<std::string, RatingSpec> out;
    if (spec.based_on) {
      store::AssessmentFilter f;
      f.body_id = body_id;
      f.framework_id = fw_.id;
      f.period = *spec.based_on;
      auto earlier = store::list_assessments(db_, f);
      if (!earlier) return fail(in_file(earlier.error(), w + ".based_on"));
      if (earlier->empty())
        return fail(Error::invalid("no earlier assessment of this body for " + *spec.based_on,
                                   w + ".based_on"));
      auto rated = store::list_ratings(db_, earlier->front().id);
      if (!rated) return fail(in_file(rated.error(), w + ".based_on"));
      for (const auto& r : *rated)
        out[r.area_key] =
            RatingSpec{w + ".based_on", r.area_key,
                       store::RatingInput{r.level, r.rationale, r.confidence, r.evidence}};
    }
    for (const auto& r : spec.ratings) out[r.area] = r;
    for (size_t i = 0; i < spec.unrated.size(); ++i)
      if (out.erase(spec.unrated[i]) == 0)
        return fail(
            Error::invalid("\"" + spec.unrated[i] + "\" is not rated, so cannot be left unrated",
                           at_index(w + ".unrated", i)));
    return out;
  }

  Status rate(const store::Actor& by, int64_t assessment_id, const RatingSpec& r) {
    auto rating = store::put_rating(db_, by, assessment_id, r.area, r.input);
    if (!rating) return fail(in_file(rating.error(), r.where));
    return {};
  }

  Status remember(std::map<std::string, int64_t>& refs, const StepSpec& s, int64_t id) {
    if (!s.ref) return {};
    if (!refs.emplace(*s.ref, id).second)
      return fail(Error::invalid("ref \"" + *s.ref + "\" is used twice", s.where + ".ref"));
    return {};
  }

  Status apply_step(int64_t assessment_id, const StepSpec& s) {
    auto by = actor(s.by, s.where + ".by");
    if (!by) return fail(by.error());
    switch (s.kind) {
      case StepKind::transition: {
        auto moved = store::transition(db_, *by, assessment_id, s.to, s.note);
        if (!moved) return fail(in_file(moved.error(), s.where));
        return {};
      }
      case StepKind::rate:
        return rate(*by, assessment_id, s.rating);
      case StepKind::comment: {
        std::optional<int64_t> parent;
        if (s.reply_to) {
          auto it = comment_refs_.find(*s.reply_to);
          if (it == comment_refs_.end())
            return fail(Error::invalid("no earlier comment with ref \"" + *s.reply_to + "\"",
                                       s.where + ".reply_to"));
          parent = it->second;
        }
        auto c = store::add_comment(db_, *by, assessment_id, s.area, parent, s.text);
        if (!c) return fail(in_file(c.error(), s.where));
        return remember(comment_refs_, s, c->id);
      }
      case StepKind::action: {
        auto a = store::add_action(db_, *by, assessment_id, s.action);
        if (!a) return fail(in_file(a.error(), s.where));
        return remember(action_refs_, s, a->id);
      }
      case StepKind::update_action: {
        auto it = action_refs_.find(s.action_ref);
        if (it == action_refs_.end())
          return fail(Error::invalid("no earlier action with ref \"" + s.action_ref + "\"",
                                     s.where + ".action"));
        auto a = store::update_action(db_, *by, it->second, s.patch);
        if (!a) return fail(in_file(a.error(), s.where));
        return {};
      }
    }
    return {};
  }

  store::Database& db_;
  const store::StoredFramework& fw_;
  std::map<std::string, store::User> users_;
  std::map<std::string, int64_t> comment_refs_;
  std::map<std::string, int64_t> action_refs_;
};

// The demo accounts that exist in the db, for a db seeded earlier.
Result<std::vector<DemoAccount>> existing_accounts(store::Database& db,
                                                   const std::vector<AccountSpec>& specs) {
  auto users = store::list_users(db);
  if (!users) return fail(users.error());
  std::vector<DemoAccount> out;
  for (const auto& spec : specs) {
    auto u = std::find_if(users->begin(), users->end(),
                          [&](const store::User& x) { return x.username == spec.username; });
    if (u == users->end()) continue;
    std::string body_name;
    if (u->body_id) {
      auto body = store::get_body(db, *u->body_id);
      if (!body) return fail(body.error());
      body_name = body->name;
    }
    out.push_back(
        DemoAccount{spec.username, spec.password, std::string(to_string(u->role)), body_name});
  }
  return out;
}

Result<int> count_rows(store::Database& db, const char* table) {
  auto st = db.prepare(std::string("SELECT count(*) FROM ") + table);
  if (!st) return fail(st.error());
  auto row = st->step();
  if (!row) return fail(row.error());
  const int n = *row ? static_cast<int>(st->int64(0)) : 0;
  if (auto done = st->step(); !done) return fail(done.error());
  return n;
}

// Fills the summary's counts from what the db holds.
Status count_contents(store::Database& db, DemoSummary& summary) {
  const std::pair<const char*, int*> counts[] = {{"bodies", &summary.bodies},
                                                 {"assessments", &summary.assessments},
                                                 {"comments", &summary.comments},
                                                 {"actions", &summary.actions},
                                                 {"indicators", &summary.indicators},
                                                 {"observations", &summary.observations},
                                                 {"goals", &summary.goals},
                                                 {"linkage_runs", &summary.linkage_runs}};
  for (const auto& [table, out] : counts) {
    auto n = count_rows(db, table);
    if (!n) return fail(n.error());
    *out = *n;
  }
  return {};
}

Result<bool> has_users(store::Database& db) {
  auto users = store::list_users(db);
  if (!users) return fail(users.error());
  return !users->empty();
}

}  // namespace

Result<DemoSummary> seed_demo(store::Database& db, const std::string& framework_yaml,
                              const std::string& demo_dir, const crypto::DataKey* data_key) {
  auto fw_file = detail::read_framework(framework_yaml);
  if (!fw_file) return fail(fw_file.error());
  auto files = read_demo_files(demo_dir);
  if (!files) return fail(files.error());

  auto already = has_users(db);
  if (!already) return fail(already.error());
  std::vector<std::string> hashes;
  if (!*already) {
    // Hash before taking the write lock: argon2id is the slow part.
    if (auto s = crypto::crypto_init(); !s) return fail(s.error());
    for (const auto& a : files->accounts) {
      auto h = crypto::hash_password(a.password);
      if (!h) return fail(h.error());
      hashes.push_back(std::move(*h));
    }
  }

  return db.transaction([&]() -> Result<DemoSummary> {
    const store::Actor system = store::Actor::system();
    auto fw = store::save_framework(db, system, fw_file->definition, fw_file->source);
    if (!fw) return fail(fw.error());

    auto seeded_before = has_users(db);  // re-checked under the write lock
    if (!seeded_before) return fail(seeded_before.error());
    if (*seeded_before || hashes.size() != files->accounts.size()) {
      DemoSummary summary;
      auto accounts = existing_accounts(db, files->accounts);
      if (!accounts) return fail(accounts.error());
      summary.accounts = std::move(*accounts);
      if (auto s = count_contents(db, summary); !s) return fail(s.error());
      return summary;
    }

    Seeder seeder(db, *fw);
    if (auto imported = store::import_bodies(db, system, files->bodies); !imported)
      return fail(imported.error());
    if (auto s = seeder.create_accounts(files->accounts, hashes); !s) return fail(s.error());
    for (const auto& a : files->assessments)
      if (auto s = seeder.apply(a); !s) return fail(s.error());
    if (auto m = seed_demo_indicators(db, demo_dir, system); !m) return fail(m.error());
    if (auto m = seed_demo_measure_inputs(db, demo_dir); !m) return fail(m.error());
    auto analyst = seeder.actor("treasury", "accounts.json");
    if (!analyst) return fail(analyst.error());
    if (auto b = seed_demo_benchmarks(db, *analyst); !b) return fail(b.error());
    if (data_key) {
      DemoLinkageActors people;
      people.admin = store::Actor::system();
      auto lead = seeder.actor("bodylead", "accounts.json");
      if (!lead) return fail(lead.error());
      people.uploader = *lead;
      for (const char* name : {"admin", "bodylead", "viewer"}) {
        auto member = seeder.actor(name, "accounts.json");
        if (!member) return fail(member.error());
        people.member_ids.push_back(*member->user_id);
      }
      if (auto l = seed_demo_linkage(db, *data_key, demo_dir, people); !l) return fail(l.error());
    }
    seeder.summary.seeded = true;
    if (auto s = count_contents(db, seeder.summary); !s) return fail(s.error());
    return seeder.summary;
  });
}

}  // namespace pvf::demo
