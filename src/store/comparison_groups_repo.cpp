// Named comparison groups (e.g. a council's published nearest neighbours), their CSV import,
// and the resolution of a comparison group selector to bodies (indicators_repo.h).
#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "store/import_detail.h"
#include "store/indicators_detail.h"
#include "store/indicators_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

constexpr std::array<std::string_view, 3> kMethods{"manual", "published", "nearest_neighbours"};

constexpr std::string_view kGroupColumns =
    "SELECT id, name, description, method, body_id, created_at, updated_at FROM comparison_groups";

ComparisonGroup read_group(Statement& s) {
  ComparisonGroup g;
  g.id = s.int64(0);
  g.name = s.text(1);
  g.description = s.text(2);
  g.method = s.text(3);
  g.body_id = s.opt_int64(4);
  g.created_at = s.text(5);
  g.updated_at = s.text(6);
  return g;
}

// Fills the members of `groups` (one query for all of them).
Status load_members(Database& db, std::vector<ComparisonGroup>& groups) {
  if (groups.empty()) return {};
  std::unordered_map<int64_t, ComparisonGroup*> by_id;
  for (auto& g : groups) by_id[g.id] = &g;
  const bool one = groups.size() == 1;
  PVF_TRY(auto st, db.prepare(std::string("SELECT m.group_id, m.body_id, b.name, b.code FROM "
                                          "comparison_group_members m JOIN bodies b ON b.id = "
                                          "m.body_id") +
                              (one ? " WHERE m.group_id = ?" : "") +
                              " ORDER BY m.group_id, m.position, m.body_id"));
  if (one) st.bind(1, groups.front().id);
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    auto it = by_id.find(st.int64(0));
    if (it == by_id.end()) continue;
    it->second->members.push_back(st.int64(1));
    it->second->member_bodies.push_back(GroupMember{st.int64(1), st.text(2), st.opt_text(3)});
  }
  return {};
}

Result<std::optional<ComparisonGroup>> find_by(Database& db, std::string_view where,
                                               const std::string& value,
                                               std::optional<int64_t> id) {
  PVF_TRY(auto st, db.prepare(std::string(kGroupColumns) + " WHERE " + std::string(where)));
  if (id)
    st.bind(1, *id);
  else
    st.bind(1, value);
  PVF_TRY(auto found, detail::fetch_one<ComparisonGroup>(st, read_group));
  if (!found) return found;
  std::vector<ComparisonGroup> one{std::move(*found)};
  PVF_CHECK(load_members(db, one));
  return std::optional<ComparisonGroup>(std::move(one.front()));
}

Result<ComparisonGroup> must_get(Database& db, int64_t id) {
  PVF_TRY(auto g, find_by(db, "id = ?", {}, id));
  if (!g) return fail(Error::not_found("comparison group " + std::to_string(id) + " not found"));
  return std::move(*g);
}

ComparisonGroupInput normalise(const ComparisonGroupInput& in) {
  ComparisonGroupInput out = in;
  out.name = detail::trim(in.name);
  out.description = detail::trim(in.description);
  out.method = detail::trim(in.method);
  if (out.method.empty()) out.method = "manual";
  return out;
}

Result<bool> body_exists(Database& db, int64_t id) {
  PVF_TRY(auto st, db.prepare("SELECT 1 FROM bodies WHERE id = ?"));
  st.bind(1, id);
  PVF_TRY(auto found, detail::fetch_one<int>(st, [](Statement&) { return 1; }));
  return found.has_value();
}

Status validate(Database& db, const ComparisonGroupInput& in, std::optional<int64_t> self) {
  if (in.name.empty()) return fail(Error::invalid("a comparison group needs a name", "name"));
  if (detail::utf8_length(in.name) > 200)
    return fail(Error::invalid("the name is longer than 200 characters", "name"));
  if (detail::utf8_length(in.description) > 2000)
    return fail(Error::invalid("the description is longer than 2000 characters", "description"));
  if (std::find(kMethods.begin(), kMethods.end(), in.method) == kMethods.end())
    return fail(Error::invalid(
        "method '" + in.method + "' is not one of manual, published, nearest_neighbours",
        "method"));
  PVF_TRY(auto same, find_by(db, "name = ?", in.name, std::nullopt));
  if (same && (!self || same->id != *self))
    return fail(Error{ErrorCode::conflict,
                      "a comparison group named '" + in.name + "' already exists (id " +
                          std::to_string(same->id) + ")",
                      "name",
                      {}});
  if (in.body_id) {
    PVF_TRY(bool ok, body_exists(db, *in.body_id));
    if (!ok)
      return fail(
          Error::invalid("body " + std::to_string(*in.body_id) + " does not exist", "body_id"));
  }
  Error e = Error::invalid("the members are not valid", "members");
  if (in.members.empty()) e.details.push_back({"members", "a group needs at least one member"});
  std::unordered_set<int64_t> seen;
  for (size_t i = 0; i < in.members.size(); ++i) {
    const std::string where = "members[" + std::to_string(i) + "]";
    if (!seen.insert(in.members[i]).second) {
      e.details.push_back({where, "body " + std::to_string(in.members[i]) + " is listed twice"});
      continue;
    }
    PVF_TRY(bool ok, body_exists(db, in.members[i]));
    if (!ok)
      e.details.push_back({where, "body " + std::to_string(in.members[i]) + " does not exist"});
  }
  if (!e.details.empty()) {
    e.where = e.details.front().where;
    e.message = e.details.front().where + ": " + e.details.front().message;
    return fail(std::move(e));
  }
  return {};
}

bool same_content(const ComparisonGroup& g, const ComparisonGroupInput& in) {
  return g.name == in.name && g.description == in.description && g.method == in.method &&
         g.body_id == in.body_id && g.members == in.members;
}

Status write_members(Database& db, int64_t group_id, const std::vector<int64_t>& members) {
  PVF_TRY(auto del, db.prepare("DELETE FROM comparison_group_members WHERE group_id = ?"));
  del.bind(1, group_id);
  PVF_CHECK(del.run());
  for (size_t i = 0; i < members.size(); ++i) {
    PVF_TRY(auto st, db.prepare("INSERT INTO comparison_group_members(group_id, body_id, "
                                "position) VALUES (?,?,?)"));
    st.bind_all(group_id, members[i], static_cast<int64_t>(i));
    PVF_CHECK(st.run());
  }
  return {};
}

Result<std::vector<int64_t>> ids(Database& db, std::string_view sql,
                                 const std::vector<std::string>& params) {
  PVF_TRY(auto st, db.prepare(sql));
  for (size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
  return detail::fetch_all<int64_t>(st, [](Statement& s) { return s.int64(0); });
}

std::string type_label(const std::string& type) {
  if (type == "agency") return "Agencies";
  if (type == "other") return "Other bodies";
  std::string out = type + "s";
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

nlohmann::json to_json(const ComparisonGroup& g) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : g.member_bodies)
    members.push_back({{"body_id", m.body_id},
                       {"name", m.name},
                       {"code", m.code ? nlohmann::json(*m.code) : nlohmann::json(nullptr)}});
  return {{"id", g.id},
          {"name", g.name},
          {"description", g.description},
          {"method", g.method},
          {"body_id", g.body_id ? nlohmann::json(*g.body_id) : nlohmann::json(nullptr)},
          {"members", std::move(members)},
          {"created_at", g.created_at},
          {"updated_at", g.updated_at}};
}

Result<ComparisonGroup> create_comparison_group(Database& db, const Actor& actor,
                                                const ComparisonGroupInput& input) {
  const ComparisonGroupInput in = normalise(input);
  return db.transaction([&]() -> Result<ComparisonGroup> {
    PVF_CHECK(validate(db, in, std::nullopt));
    const std::string now = now_utc();
    PVF_TRY(auto st, db.prepare("INSERT INTO comparison_groups(name, description, method, "
                                "body_id, created_at, updated_at) VALUES (?,?,?,?,?,?)"));
    st.bind_all(in.name, in.description, in.method, in.body_id, now, now);
    PVF_CHECK(st.run());
    const int64_t id = db.last_insert_id();
    PVF_CHECK(write_members(db, id, in.members));
    PVF_TRY(ComparisonGroup g, must_get(db, id));
    PVF_CHECK(append_audit(db, actor, "comparison_group.create", "comparison_group",
                           std::to_string(id), nullptr, to_json(g)));
    return g;
  });
}

Result<ComparisonGroup> update_comparison_group(Database& db, const Actor& actor, int64_t id,
                                                const ComparisonGroupInput& input) {
  const ComparisonGroupInput in = normalise(input);
  return db.transaction([&]() -> Result<ComparisonGroup> {
    PVF_TRY(ComparisonGroup before, must_get(db, id));
    PVF_CHECK(validate(db, in, id));
    if (same_content(before, in)) return before;
    PVF_TRY(auto st, db.prepare("UPDATE comparison_groups SET name = ?, description = ?, "
                                "method = ?, body_id = ?, updated_at = ? WHERE id = ?"));
    st.bind_all(in.name, in.description, in.method, in.body_id, now_utc(), id);
    PVF_CHECK(st.run());
    if (before.members != in.members) PVF_CHECK(write_members(db, id, in.members));
    PVF_TRY(ComparisonGroup after, must_get(db, id));
    PVF_CHECK(append_audit(db, actor, "comparison_group.update", "comparison_group",
                           std::to_string(id), to_json(before), to_json(after)));
    return after;
  });
}

Status delete_comparison_group(Database& db, const Actor& actor, int64_t id) {
  return db.transaction([&]() -> Status {
    PVF_TRY(ComparisonGroup before, must_get(db, id));
    PVF_TRY(auto st, db.prepare("DELETE FROM comparison_groups WHERE id = ?"));
    st.bind(1, id);
    PVF_CHECK(st.run());
    return append_audit(db, actor, "comparison_group.delete", "comparison_group",
                        std::to_string(id), to_json(before), nullptr);
  });
}

Result<std::vector<ComparisonGroup>> list_comparison_groups(Database& db) {
  return db.read_transaction([&]() -> Result<std::vector<ComparisonGroup>> {
    PVF_TRY(auto st, db.prepare(std::string(kGroupColumns) + " ORDER BY name, id"));
    PVF_TRY(auto groups, detail::fetch_all<ComparisonGroup>(st, read_group));
    PVF_CHECK(load_members(db, groups));
    return groups;
  });
}

Result<ComparisonGroup> get_comparison_group(Database& db, int64_t id) {
  return db.read_transaction([&]() { return must_get(db, id); });
}

Result<std::optional<ComparisonGroup>> find_comparison_group(Database& db, std::string_view name) {
  return find_by(db, "name = ?", detail::trim(name), std::nullopt);
}

Result<ImportSummary> import_groups(Database& db, const Actor& actor, const csv::Table& table,
                                    std::string_view sha256) {
  using namespace indicators_detail;
  ProblemList problems;
  auto columns = header_columns(table, {"group", "body", "position", "description"},
                                {"group", "body"}, problems);
  if (!columns) return fail(problems.error(table.source));
  const auto group_c = column_of(*columns, "group"), body_c = column_of(*columns, "body"),
             pos_c = column_of(*columns, "position"), desc_c = column_of(*columns, "description");

  return db.transaction([&]() -> Result<ImportSummary> {
    PVF_TRY(auto bodies, list_bodies(db, {}));
    std::unordered_map<std::string, int64_t> by_code, by_name;
    for (const auto& b : bodies) {
      if (b.code) by_code.emplace(*b.code, b.id);
      by_name.emplace(b.name, b.id);
    }
    struct Member {
      int64_t body_id;
      std::optional<int64_t> position;
      size_t order;
    };
    struct Planned {
      std::vector<Member> members;
      std::optional<std::string> description;
      int description_line = 0;
      std::unordered_map<int64_t, int> lines;  // body -> line
    };
    std::map<std::string, Planned> plan;  // by name: groups are written in name order
    std::vector<std::string> order;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const csv::Row& row = table.rows[r];
      const std::string name = cell(row, group_c), body = cell(row, body_c);
      if (name.empty()) problems.add(table.where(row, "group"), "the group name is empty");
      std::optional<int64_t> body_id;
      if (body.empty()) {
        problems.add(table.where(row, "body"), "the body is empty");
      } else if (auto c = by_code.find(body); c != by_code.end()) {
        body_id = c->second;
      } else if (auto n = by_name.find(body); n != by_name.end()) {
        body_id = n->second;
      } else {
        problems.add(table.where(row, "body"), "no body has code or name '" + body + "'");
      }
      std::optional<int64_t> position;
      if (const std::string p = cell(row, pos_c); !p.empty()) {
        auto v = detail::parse_number(p);
        if (!v || *v < 0 || *v != static_cast<double>(static_cast<int64_t>(*v)) || *v > 1e9)
          problems.add(table.where(row, "position"), "'" + p + "' is not a whole number from 0");
        else
          position = static_cast<int64_t>(*v);
      }
      if (name.empty()) continue;
      Planned& g = plan[name];
      if (const std::string d = cell(row, desc_c); !d.empty()) {
        if (!g.description) {
          g.description = d;
          g.description_line = row.line;
        } else if (*g.description != d) {
          problems.add(table.where(row, "description"), "group '" + name +
                                                            "' has another description on line " +
                                                            std::to_string(g.description_line));
        }
      }
      if (!body_id) continue;
      if (auto [it, fresh] = g.lines.emplace(*body_id, row.line); !fresh) {
        problems.add(table.where(row, "body"), "body '" + body + "' is already in group '" + name +
                                                   "' on line " + std::to_string(it->second));
        continue;
      }
      g.members.push_back(Member{*body_id, position, r});
    }
    if (!problems.empty()) return fail(problems.error(table.source));

    ImportSummary summary;
    summary.rows = static_cast<int64_t>(table.rows.size());
    for (auto& [name, g] : plan) {
      // Numbered members first by position, then the unnumbered, each in file order.
      std::stable_sort(g.members.begin(), g.members.end(), [](const Member& a, const Member& b) {
        if (a.position.has_value() != b.position.has_value()) return a.position.has_value();
        return a.position && *a.position < *b.position;
      });
      ComparisonGroupInput in;
      in.name = name;
      for (const auto& m : g.members) in.members.push_back(m.body_id);
      PVF_TRY(auto stored, find_by(db, "name = ?", name, std::nullopt));
      if (stored) {
        in.description = g.description.value_or(stored->description);
        in.method = stored->method;
        in.body_id = stored->body_id;
        if (same_content(*stored, normalise(in))) {
          ++summary.unchanged;
          continue;
        }
        PVF_CHECK(update_comparison_group(db, actor, stored->id, in));
        ++summary.updated;
      } else {
        in.description = g.description.value_or("");
        PVF_CHECK(create_comparison_group(db, actor, in));
        ++summary.inserted;
      }
    }
    PVF_CHECK(detail::record_table_import(db, actor, "groups", table, sha256, summary));
    return summary;
  });
}

Result<GroupScope> parse_group_scope(std::string_view text) {
  const std::string t = detail::trim(text);
  if (t == "all" || t.empty()) return GroupScope::all;
  if (t == "type" || t == "same_type") return GroupScope::same_type;
  if (t == "region" || t == "same_region") return GroupScope::same_region;
  if (t == "group" || t == "named") return GroupScope::named;
  return fail(Error::invalid("group must be all, type, region or group, not '" + t + "'", "group"));
}

const char* to_string(GroupScope scope) {
  switch (scope) {
    case GroupScope::all:
      return "all";
    case GroupScope::same_type:
      return "type";
    case GroupScope::same_region:
      return "region";
    case GroupScope::named:
      return "group";
  }
  return "all";
}

Result<ResolvedGroup> resolve_group(Database& db, const GroupSelector& sel) {
  return db.read_transaction([&]() -> Result<ResolvedGroup> {
    ResolvedGroup out;
    if (sel.scope == GroupScope::named) {
      if (!sel.group_id)
        return fail(Error::invalid("a named comparison group needs group_id", "group_id"));
      PVF_TRY(ComparisonGroup g, must_get(db, *sel.group_id));
      out.label = g.name;
      out.body_ids = g.members;
      std::sort(out.body_ids.begin(), out.body_ids.end());
      return out;
    }
    if (sel.scope == GroupScope::all) {
      // Distinct bodies with observations by seeking along the observations_body index
      // (body_id first): one O(log n) step per body instead of reading every row.
      out.label = "All bodies";
      PVF_TRY(auto st, db.prepare("SELECT min(body_id) FROM observations WHERE body_id > ?"));
      int64_t after = INT64_MIN;
      for (;;) {
        st.reset();
        st.bind(1, after);
        PVF_TRY(auto next, detail::fetch_one<std::optional<int64_t>>(
                               st, [](Statement& s) { return s.opt_int64(0); }));
        if (!next || !*next) break;
        after = **next;
        out.body_ids.push_back(after);
      }
      return out;
    }
    if (!sel.body_id)
      return fail(Error::invalid(std::string("a comparison with bodies of the same ") +
                                     (sel.scope == GroupScope::same_type ? "type" : "region") +
                                     " needs a body",
                                 "body"));
    PVF_TRY(Body body, get_body(db, *sel.body_id));
    if (sel.scope == GroupScope::same_type) {
      if (body.subtype) {
        out.label = *body.subtype;
        PVF_TRY(out.body_ids, ids(db,
                                  "SELECT id FROM bodies WHERE type = ? AND subtype = ? "
                                  "ORDER BY id",
                                  {body.type, *body.subtype}));
      } else {
        out.label = type_label(body.type);
        PVF_TRY(out.body_ids,
                ids(db, "SELECT id FROM bodies WHERE type = ? ORDER BY id", {body.type}));
      }
      return out;
    }
    if (!body.region)
      return fail(Error::invalid(body.name + " has no region to compare within", "body"));
    out.label = *body.region;
    PVF_TRY(out.body_ids,
            ids(db, "SELECT id FROM bodies WHERE region = ? ORDER BY id", {*body.region}));
    return out;
  });
}

}  // namespace pvf::store
