// Data-sharing agreements: their terms, their members, and retention.
#include <algorithm>
#include <set>

#include "store/linkage_detail.h"
#include "store/linkage_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using nlohmann::json;
using namespace linkage_detail;

constexpr std::string_view kAgreementColumns =
    "a.id, a.title, a.purpose, a.lawful_basis, a.parties, a.fields, a.retain_until, "
    "a.created_by, COALESCE(NULLIF(u.display_name, ''), u.username), a.created_at, "
    "(SELECT count(*) FROM linkage_datasets d WHERE d.agreement_id = a.id), "
    "(SELECT count(*) FROM linkage_runs r WHERE r.agreement_id = a.id)";

Result<json> members_of(Database& db, int64_t agreement_id) {
  PVF_TRY(auto st, db.prepare("SELECT u.id, u.username, u.display_name, u.role FROM "
                              "sharing_agreement_members m JOIN users u ON u.id = m.user_id "
                              "WHERE m.agreement_id = ? ORDER BY u.username"));
  st.bind(1, agreement_id);
  PVF_TRY(auto rows, detail::fetch_all<json>(st, [](Statement& s) {
    return json{{"user_id", s.int64(0)}, {"username", s.text(1)},
                {"display_name", s.text(2)}, {"role", s.text(3)}};
  }));
  return json(std::move(rows));
}

// Agreements as the API shows them, those `where` selects, newest first.
Result<json> agreements_where(Database& db, const Actor& actor, std::string_view where,
                              std::optional<int64_t> param, std::string_view today) {
  std::string sql = "SELECT " + std::string(kAgreementColumns) +
                    " FROM sharing_agreements a JOIN users u ON u.id = a.created_by " +
                    std::string(where) + " ORDER BY a.id DESC";
  PVF_TRY(auto st, db.prepare(sql));
  if (param) st.bind(1, *param);
  PVF_TRY(auto rows, detail::fetch_all<json>(st, [&](Statement& s) {
    auto list = [](const std::string& text) {
      auto j = json::parse(text, nullptr, false);
      return j.is_array() ? j : json::array();
    };
    const std::string retain_until = s.text(6);
    return json{{"id", s.int64(0)},
                {"title", s.text(1)},
                {"purpose", s.text(2)},
                {"lawful_basis", s.text(3)},
                {"parties", list(s.text(4))},
                {"fields", list(s.text(5))},
                {"retain_until", retain_until},
                {"expired", retain_until < today},
                {"created_by", s.int64(7)},
                {"created_by_name", s.text(8)},
                {"created_at", s.text(9)},
                {"datasets", s.int64(10)},
                {"runs", s.int64(11)}};
  }));
  json items = json::array();
  for (auto& a : rows) {
    PVF_TRY(a["members"], members_of(db, a["id"].get<int64_t>()));
    bool member = !actor.user_id;
    for (const auto& m : a["members"])
      if (actor.user_id && m["user_id"].get<int64_t>() == *actor.user_id) member = true;
    a["is_member"] = member;
    items.push_back(std::move(a));
  }
  return items;
}

Status require_admin(const Actor& actor, std::string_view what) {
  if (actor.role != Role::admin)
    return fail(Error::forbidden("only admins " + std::string(what)));
  return {};
}

// Checks that every id is an active user, each once.
Status check_members(Database& db, const std::vector<int64_t>& ids, const std::string& where,
                     std::vector<ErrorDetail>& problems) {
  std::set<int64_t> seen;
  PVF_TRY(auto st, db.prepare("SELECT active FROM users WHERE id = ? AND username <> 'system'"));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!seen.insert(ids[i]).second) {
      problems.push_back({at, "user " + std::to_string(ids[i]) + " is listed twice"});
      continue;
    }
    st.reset();
    st.bind(1, ids[i]);
    PVF_TRY(auto active, detail::fetch_one<int64_t>(st, [](Statement& s) { return s.int64(0); }));
    if (!active) problems.push_back({at, "no such user: " + std::to_string(ids[i])});
    else if (*active == 0) problems.push_back({at, "user " + std::to_string(ids[i]) + " is not active"});
  }
  return {};
}

Status write_members(Database& db, int64_t agreement_id, const std::vector<int64_t>& ids) {
  PVF_TRY(auto del, db.prepare("DELETE FROM sharing_agreement_members WHERE agreement_id = ?"));
  PVF_CHECK(del.bind(1, agreement_id).run());
  PVF_TRY(auto ins, db.prepare("INSERT INTO sharing_agreement_members(agreement_id, user_id, "
                               "added_at) VALUES (?,?,?)"));
  const std::string now = now_utc();
  for (int64_t id : ids) {
    ins.reset();
    PVF_CHECK(ins.bind_all(agreement_id, id, now).run());
  }
  return {};
}

void check_names(const std::vector<std::string>& names, const std::string& where,
                 std::string_view what, std::vector<ErrorDetail>& problems) {
  if (names.empty()) problems.push_back({where, "name at least one " + std::string(what)});
  std::set<std::string> seen;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    const std::string name = detail::trim(names[i]);
    if (name.empty()) problems.push_back({at, "a " + std::string(what) + " cannot be blank"});
    else if (detail::utf8_length(name) > 200)
      problems.push_back({at, "at most 200 characters"});
    else if (!seen.insert(name).second)
      problems.push_back({at, "\"" + name + "\" is listed twice"});
  }
}

}  // namespace

Result<json> create_agreement(Database& db, const Actor& actor, const AgreementInput& input,
                              std::string_view today) {
  PVF_CHECK(require_admin(actor, "create data-sharing agreements"));
  std::vector<ErrorDetail> problems;
  const std::string title = detail::trim(input.title);
  if (title.empty() || detail::utf8_length(title) > 200)
    problems.push_back({"title", "a title of 1 to 200 characters"});
  if (detail::trim(input.purpose).empty())
    problems.push_back({"purpose", "say what the data are shared for"});
  if (detail::trim(input.lawful_basis).empty())
    problems.push_back({"lawful_basis", "say on what lawful basis the data are shared"});
  check_names(input.parties, "parties", "party", problems);
  check_names(input.fields, "fields", "field", problems);
  if (!detail::is_iso_date(input.retain_until))
    problems.push_back({"retain_until", "a date such as 2027-03-31"});
  else if (input.retain_until <= today)
    problems.push_back({"retain_until", "must be after today (" + std::string(today) + ")"});
  return db.transaction([&]() -> Result<json> {
    PVF_CHECK(check_members(db, input.member_ids, "member_ids", problems));
    if (!problems.empty()) {
      const std::string summary =
          "the agreement has " + std::to_string(problems.size()) + " problems";
      return fail(Error::invalid_all(std::move(problems), summary));
    }
    PVF_TRY(int64_t created_by, detail::actor_user_id(db, actor));
    auto trimmed = [](const std::vector<std::string>& v) {
      json out = json::array();
      for (const auto& s : v) out.push_back(detail::trim(s));
      return out;
    };
    PVF_TRY(auto st, db.prepare("INSERT INTO sharing_agreements(title, purpose, lawful_basis, "
                                "parties, fields, retain_until, created_by, created_at) "
                                "VALUES (?,?,?,?,?,?,?,?)"));
    PVF_CHECK(st.bind_all(title, detail::trim(input.purpose), detail::trim(input.lawful_basis),
                          trimmed(input.parties).dump(), trimmed(input.fields).dump(),
                          input.retain_until, created_by, now_utc())
                  .run());
    const int64_t id = db.last_insert_id();
    PVF_CHECK(write_members(db, id, input.member_ids));
    PVF_TRY(json items, agreements_where(db, actor, "WHERE a.id = ?1", id, today));
    PVF_CHECK(append_audit(db, actor, "agreement.create", "sharing_agreement", std::to_string(id),
                           nullptr, items.at(0)));
    return items.at(0);
  });
}

Result<json> list_agreements(Database& db, const Actor& actor, std::string_view today) {
  if (actor.role == Role::admin || !actor.user_id)
    return agreements_where(db, actor, "", std::nullopt, today);
  return agreements_where(db, actor,
                          "WHERE EXISTS (SELECT 1 FROM sharing_agreement_members m WHERE "
                          "m.agreement_id = a.id AND m.user_id = ?1)",
                          *actor.user_id, today);
}

Result<json> get_agreement(Database& db, const Actor& actor, int64_t id, std::string_view today) {
  PVF_CHECK(agreement_access(db, actor, id, today, Need::terms));
  PVF_TRY(json items, agreements_where(db, actor, "WHERE a.id = ?1", id, today));
  return items.at(0);
}

Result<json> set_agreement_members(Database& db, const Actor& actor, int64_t id,
                                   const std::vector<int64_t>& user_ids, std::string_view today) {
  PVF_CHECK(require_admin(actor, "choose an agreement's members"));
  return db.transaction([&]() -> Result<json> {
    PVF_CHECK(agreement_access(db, actor, id, today, Need::terms));
    PVF_TRY(json before, members_of(db, id));
    std::vector<ErrorDetail> problems;
    PVF_CHECK(check_members(db, user_ids, "user_ids", problems));
    if (!problems.empty())
      return fail(Error::invalid_all(std::move(problems), "the member list has problems"));
    PVF_CHECK(write_members(db, id, user_ids));
    PVF_TRY(json items, agreements_where(db, actor, "WHERE a.id = ?1", id, today));
    PVF_CHECK(append_audit(db, actor, "agreement.members", "sharing_agreement", std::to_string(id),
                           {{"members", before}}, {{"members", items.at(0)["members"]}}));
    return items.at(0);
  });
}

Status delete_agreement(Database& db, const Actor& actor, int64_t id) {
  PVF_CHECK(require_admin(actor, "delete data-sharing agreements"));
  return db.transaction([&]() -> Status {
    PVF_TRY(json items, agreements_where(db, actor, "WHERE a.id = ?1", id, "0000-00-00"));
    if (items.empty())
      return fail(Error::not_found("no such data-sharing agreement: " + std::to_string(id)));
    PVF_TRY(auto st, db.prepare("DELETE FROM sharing_agreements WHERE id = ?"));
    PVF_CHECK(st.bind(1, id).run());
    json before = items.at(0);
    before.erase("expired");
    return append_audit(db, actor, "agreement.delete", "sharing_agreement", std::to_string(id),
                        before, nullptr);
  });
}

Result<int64_t> purge_expired_linkage(Database& db, std::string_view today) {
  return db.transaction([&]() -> Result<int64_t> {
    PVF_TRY(auto st, db.prepare("SELECT a.id, a.retain_until, count(d.id) FROM "
                                "sharing_agreements a JOIN linkage_datasets d ON "
                                "d.agreement_id = a.id WHERE a.retain_until < ? GROUP BY a.id"));
    st.bind(1, today);
    struct Expired {
      int64_t id, datasets;
      std::string retain_until;
    };
    PVF_TRY(auto expired, detail::fetch_all<Expired>(st, [](Statement& s) {
      return Expired{s.int64(0), s.int64(2), s.text(1)};
    }));
    int64_t deleted = 0;
    PVF_TRY(auto del, db.prepare("DELETE FROM linkage_datasets WHERE agreement_id = ?"));
    for (const auto& e : expired) {
      del.reset();
      PVF_CHECK(del.bind(1, e.id).run());
      deleted += e.datasets;
      PVF_CHECK(append_audit(db, Actor::system(), "agreement.purge", "sharing_agreement",
                             std::to_string(e.id), {{"datasets", e.datasets}},
                             {{"retain_until", e.retain_until}, {"datasets", 0}}));
    }
    return deleted;
  });
}

}  // namespace pvf::store
