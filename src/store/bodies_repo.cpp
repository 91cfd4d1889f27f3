// Public bodies (departments, councils, agencies, programmes) and their CSV import.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

constexpr std::array<std::string_view, 5> kBodyTypes{"department", "council", "agency", "programme",
                                                     "other"};
constexpr std::string_view kBodyColumns =
    "SELECT id, code, name, type, region, parent_id, created_at, updated_at, subtype FROM bodies";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string types_text() {
  std::string out;
  for (auto t : kBodyTypes) {
    if (!out.empty()) out += ", ";
    out += t;
  }
  return out;
}

bool valid_type(std::string_view t) {
  return std::find(kBodyTypes.begin(), kBodyTypes.end(), t) != kBodyTypes.end();
}

std::optional<std::string> non_empty(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  std::string t = detail::trim(*s);
  if (t.empty()) return std::nullopt;
  return t;
}

// Trims the text fields, lower-cases the type and drops empty optionals.
BodyInput normalise(const BodyInput& in) {
  BodyInput out = in;
  out.name = detail::trim(in.name);
  out.type = lower(detail::trim(in.type));
  out.code = non_empty(in.code);
  out.region = non_empty(in.region);
  out.subtype = non_empty(in.subtype);
  return out;
}

Body read_body(Statement& s) {
  Body b;
  b.id = s.int64(0);
  b.code = s.opt_text(1);
  b.name = s.text(2);
  b.type = s.text(3);
  b.region = s.opt_text(4);
  b.parent_id = s.opt_int64(5);
  b.created_at = s.text(6);
  b.updated_at = s.text(7);
  b.subtype = s.opt_text(8);
  return b;
}

Result<std::optional<Body>> find_body(Database& db, int64_t id) {
  PVF_TRY(auto st, db.prepare(std::string(kBodyColumns) + " WHERE id = ?"));
  st.bind(1, id);
  return detail::fetch_one<Body>(st, read_body);
}

Result<std::optional<int64_t>> id_where(Database& db, std::string_view sql, std::string_view value,
                                        int64_t except_id) {
  PVF_TRY(auto st, db.prepare(sql));
  st.bind(1, value).bind(2, except_id);
  return detail::fetch_one<int64_t>(st, [](Statement& s) { return s.int64(0); });
}

// Field-level checks shared by create and update; `self` is the body being updated.
Status validate(Database& db, const BodyInput& in, std::optional<int64_t> self) {
  if (in.name.empty()) return fail(Error::invalid("a body needs a name", "name"));
  if (detail::utf8_length(in.name) > 300)
    return fail(Error::invalid("the name is longer than 300 characters", "name"));
  if (in.type.empty())
    return fail(Error::invalid("a body needs a type: one of " + types_text(), "type"));
  if (!valid_type(in.type))
    return fail(Error::invalid("type '" + in.type + "' is not one of " + types_text(), "type"));
  if (in.subtype && detail::utf8_length(*in.subtype) > 100)
    return fail(Error::invalid("the subtype is longer than 100 characters", "subtype"));
  const int64_t me = self.value_or(-1);
  PVF_TRY(auto same_name,
          id_where(db, "SELECT id FROM bodies WHERE name = ? AND id <> ? LIMIT 1", in.name, me));
  if (same_name)
    return fail(Error{
        ErrorCode::conflict,
        "a body named '" + in.name + "' already exists (id " + std::to_string(*same_name) + ")",
        "name",
        {}});
  if (in.code) {
    PVF_TRY(auto same_code,
            id_where(db, "SELECT id FROM bodies WHERE code = ? AND id <> ? LIMIT 1", *in.code, me));
    if (same_code)
      return fail(
          Error{ErrorCode::conflict,
                "code '" + *in.code + "' is already used by body " + std::to_string(*same_code),
                "code",
                {}});
  }
  if (in.parent_id) {
    if (self && *in.parent_id == *self)
      return fail(Error::invalid("a body cannot be its own parent", "parent_id"));
    // Walk up from the new parent: reaching this body again would close a loop.
    std::set<int64_t> seen;
    std::optional<int64_t> at = in.parent_id;
    bool first = true;
    while (at) {
      if (!seen.insert(*at).second) break;  // an existing loop above; not ours to report
      PVF_TRY(auto b, find_body(db, *at));
      if (!b) {
        if (first)
          return fail(Error::invalid(
              "parent body " + std::to_string(*in.parent_id) + " does not exist", "parent_id"));
        break;
      }
      first = false;
      if (self && b->id == *self)
        return fail(Error::invalid("parent body " + std::to_string(*in.parent_id) +
                                       " is below this body: the parent would make a loop",
                                   "parent_id"));
      at = b->parent_id;
    }
  }
  return {};
}

bool same_content(const Body& b, const BodyInput& in) {
  return b.name == in.name && b.type == in.type && b.code == in.code && b.region == in.region &&
         b.subtype == in.subtype && b.parent_id == in.parent_id;
}

Result<int64_t> insert_body(Database& db, const BodyInput& in, const std::string& now) {
  PVF_TRY(auto st, db.prepare("INSERT INTO bodies(code, name, type, subtype, region, parent_id, "
                              "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)"));
  st.bind_all(in.code, in.name, in.type, in.subtype, in.region, in.parent_id, now, now);
  PVF_CHECK(st.run());
  return db.last_insert_id();
}

Status write_body(Database& db, int64_t id, const BodyInput& in, const std::string& now) {
  PVF_TRY(auto st, db.prepare("UPDATE bodies SET code = ?, name = ?, type = ?, subtype = ?, "
                              "region = ?, parent_id = ?, updated_at = ? WHERE id = ?"));
  st.bind_all(in.code, in.name, in.type, in.subtype, in.region, in.parent_id, now, id);
  PVF_CHECK(st.run());
  return {};
}

Result<Body> must_get(Database& db, int64_t id) {
  PVF_TRY(auto b, find_body(db, id));
  if (!b) return fail(Error::not_found("body " + std::to_string(id) + " not found"));
  return std::move(*b);
}

}  // namespace

Result<std::vector<Body>> list_bodies(Database& db, const BodyFilter& filter) {
  std::optional<std::string> pattern;
  if (filter.search && !detail::trim(*filter.search).empty()) {
    std::string p = "%";
    for (char c : lower(detail::trim(*filter.search))) {
      if (c == '%' || c == '_' || c == '\\') p += '\\';
      p += c;
    }
    pattern = p + "%";
  }
  std::optional<std::string> type;
  if (filter.type && !detail::trim(*filter.type).empty()) type = lower(detail::trim(*filter.type));
  PVF_TRY(auto st, db.prepare(std::string(kBodyColumns) +
                              " WHERE (?1 IS NULL OR type = ?1) AND (?2 IS NULL OR "
                              "lower(name) LIKE ?2 ESCAPE '\\' OR "
                              "lower(coalesce(code, '')) LIKE ?2 ESCAPE '\\') "
                              "ORDER BY name COLLATE NOCASE, id"));
  st.bind(1, type).bind(2, pattern);
  return detail::fetch_all<Body>(st, read_body);
}

Result<Body> get_body(Database& db, int64_t id) { return must_get(db, id); }

Result<std::optional<Body>> find_body_by_code(Database& db, std::string_view code) {
  PVF_TRY(auto st, db.prepare(std::string(kBodyColumns) + " WHERE code = ?"));
  st.bind(1, detail::trim(code));
  return detail::fetch_one<Body>(st, read_body);
}

Result<Body> create_body(Database& db, const Actor& actor, const BodyInput& input) {
  const BodyInput in = normalise(input);
  return db.transaction([&]() -> Result<Body> {
    PVF_CHECK(validate(db, in, std::nullopt));
    PVF_TRY(int64_t id, insert_body(db, in, now_utc()));
    PVF_TRY(Body b, must_get(db, id));
    PVF_CHECK(
        append_audit(db, actor, "body.create", "body", std::to_string(id), nullptr, to_json(b)));
    return b;
  });
}

Result<Body> update_body(Database& db, const Actor& actor, int64_t id, const BodyInput& input) {
  const BodyInput in = normalise(input);
  return db.transaction([&]() -> Result<Body> {
    PVF_TRY(Body before, must_get(db, id));
    PVF_CHECK(validate(db, in, id));
    if (same_content(before, in)) return before;  // nothing changes: no write, no audit
    PVF_CHECK(write_body(db, id, in, now_utc()));
    PVF_TRY(Body after, must_get(db, id));
    PVF_CHECK(append_audit(db, actor, "body.update", "body", std::to_string(id), to_json(before),
                           to_json(after)));
    return after;
  });
}

// ---- CSV import ----

Result<BodyImportSummary> import_bodies(Database& db, const Actor& actor, const csv::Table& table) {
  std::vector<ErrorDetail> problems;
  auto problem = [&](std::string where, std::string message) {
    problems.push_back(ErrorDetail{std::move(where), std::move(message)});
  };
  const std::string header_where = table.source + ":1:";

  // Columns, by header name.
  static constexpr std::array<std::string_view, 6> kColumns{"name",   "code",        "type",
                                                            "region", "parent_code", "subtype"};
  std::map<std::string, size_t> seen_header;
  for (size_t i = 0; i < table.header.size(); ++i) {
    const std::string h = lower(detail::trim(table.header[i]));
    if (std::find(kColumns.begin(), kColumns.end(), h) == kColumns.end()) {
      problem(header_where + detail::trim(table.header[i]),
              "unknown column '" + detail::trim(table.header[i]) +
                  "': the columns are name, code, type, region, parent_code, subtype");
    } else if (!seen_header.emplace(h, i).second) {
      problem(header_where + h, "column '" + h + "' appears twice");
    }
  }
  const auto name_c = table.column("name"), code_c = table.column("code"),
             type_c = table.column("type"), region_c = table.column("region"),
             parent_c = table.column("parent_code"), subtype_c = table.column("subtype");
  if (!name_c) problem(header_where + "name", "the name column is missing (it is required)");
  if (!type_c) problem(header_where + "type", "the type column is missing (it is required)");
  if (!name_c || !type_c) {
    Error e = Error::invalid(table.source + ": the file has " + std::to_string(problems.size()) +
                                 " problem(s); nothing was imported",
                             problems.front().where);
    e.details = std::move(problems);
    return fail(std::move(e));
  }

  return db.transaction([&]() -> Result<BodyImportSummary> {
    // Everything stored, to resolve codes, names and the final tree in memory.
    PVF_TRY(std::vector<Body> stored, list_bodies(db, {}));
    std::unordered_map<int64_t, size_t> stored_by_id;
    std::unordered_map<std::string, size_t> stored_by_code, stored_by_name;
    for (size_t i = 0; i < stored.size(); ++i) {
      stored_by_id[stored[i].id] = i;
      if (stored[i].code) stored_by_code[*stored[i].code] = i;
      stored_by_name[stored[i].name] = i;
    }

    struct Planned {
      const csv::Row* row = nullptr;
      BodyInput in;
      std::optional<std::string> parent_code;
      std::optional<size_t> stored;  // index into `stored` when the row updates a body
    };
    std::vector<Planned> plan;
    plan.reserve(table.rows.size());
    std::unordered_map<std::string, size_t> file_code, file_name;  // -> index into plan
    std::unordered_map<size_t, size_t> updated_by;                 // stored index -> plan index

    auto cell = [&](const csv::Row& row, const std::optional<size_t>& c) -> std::string {
      if (!c || *c >= row.fields.size()) return {};
      return detail::trim(row.fields[*c]);
    };

    for (const auto& row : table.rows) {
      Planned p;
      p.row = &row;
      p.in.name = cell(row, name_c);
      const std::string raw_type = cell(row, type_c);
      p.in.type = lower(raw_type);
      const std::string code = cell(row, code_c);
      if (!code.empty()) p.in.code = code;
      const std::string region = cell(row, region_c);
      if (!region.empty()) p.in.region = region;
      const std::string subtype = cell(row, subtype_c);
      if (!subtype.empty()) p.in.subtype = subtype;
      if (detail::utf8_length(subtype) > 100)
        problem(table.where(row, "subtype"), "subtype is longer than 100 characters");
      const std::string parent = cell(row, parent_c);
      if (!parent.empty()) p.parent_code = parent;

      if (p.in.name.empty()) {
        problem(table.where(row, "name"), "name is required");
      } else if (auto [it, fresh] = file_name.emplace(p.in.name, plan.size()); !fresh) {
        problem(table.where(row, "name"), "name '" + p.in.name + "' is also on line " +
                                              std::to_string(plan[it->second].row->line));
      }
      if (raw_type.empty())
        problem(table.where(row, "type"), "type is required: one of " + types_text());
      else if (!valid_type(p.in.type))
        problem(table.where(row, "type"), "type '" + raw_type + "' is not one of " + types_text());
      if (p.in.code) {
        if (auto [it, fresh] = file_code.emplace(*p.in.code, plan.size()); !fresh)
          problem(table.where(row, "code"), "code '" + *p.in.code + "' is also on line " +
                                                std::to_string(plan[it->second].row->line));
        else if (auto s = stored_by_code.find(*p.in.code); s != stored_by_code.end()) {
          p.stored = s->second;
          updated_by[s->second] = plan.size();
        }
      }
      if (p.parent_code && p.in.code && *p.parent_code == *p.in.code)
        problem(table.where(row, "parent_code"), "a body cannot be its own parent");
      plan.push_back(std::move(p));
    }

    // Final state: a node is a stored body (its id) or a new row (-1 - plan index).
    auto node_of_plan = [&](size_t i) -> int64_t {
      return plan[i].stored ? stored[*plan[i].stored].id : -1 - static_cast<int64_t>(i);
    };
    std::unordered_map<int64_t, std::optional<int64_t>> final_parent;
    for (const auto& b : stored) final_parent[b.id] = b.parent_id;
    for (size_t i = 0; i < plan.size(); ++i) {
      Planned& p = plan[i];
      const int64_t node = node_of_plan(i);
      if (!parent_c) {  // no parent column: an updated body keeps its parent
        final_parent[node] = p.stored ? stored[*p.stored].parent_id : std::nullopt;
        continue;
      }
      if (!p.parent_code) {
        final_parent[node] = std::nullopt;
        continue;
      }
      if (auto f = file_code.find(*p.parent_code); f != file_code.end()) {
        final_parent[node] = node_of_plan(f->second);
      } else if (auto s = stored_by_code.find(*p.parent_code); s != stored_by_code.end()) {
        final_parent[node] = stored[s->second].id;
      } else {
        final_parent[node] = std::nullopt;
        problem(
            table.where(*p.row, "parent_code"),
            "parent_code '" + *p.parent_code + "' matches no body in this file or already stored");
      }
    }
    // Loops: walk up from each row; meeting the row again means its parent closes a loop.
    for (size_t i = 0; i < plan.size(); ++i) {
      if (!plan[i].parent_code || (plan[i].in.code && *plan[i].parent_code == *plan[i].in.code))
        continue;
      const int64_t start = node_of_plan(i);
      std::set<int64_t> seen{start};
      std::optional<int64_t> at = final_parent[start];
      while (at) {
        if (*at == start) {
          problem(table.where(*plan[i].row, "parent_code"),
                  "parent_code '" + *plan[i].parent_code + "' makes a loop of parents");
          break;
        }
        if (!seen.insert(*at).second) break;
        at = final_parent[*at];
      }
    }
    // Names must stay unique once the file is applied.
    for (size_t i = 0; i < plan.size(); ++i) {
      const Planned& p = plan[i];
      if (p.in.name.empty()) continue;
      auto s = stored_by_name.find(p.in.name);
      if (s == stored_by_name.end() || (p.stored && *p.stored == s->second)) continue;
      // A stored body that this file also updates ends with that row's name: either another
      // name (no clash) or this one (reported above as a name twice in the file).
      if (updated_by.count(s->second)) continue;
      const Body& other = stored[s->second];
      problem(table.where(*p.row, "name"),
              "a body named '" + p.in.name + "' already exists (id " + std::to_string(other.id) +
                  (other.code ? ", code " + *other.code : std::string()) +
                  "): give its code to update it, or choose another name");
    }

    if (!problems.empty()) {
      Error e = Error::invalid(table.source + ": the file has " + std::to_string(problems.size()) +
                                   " problem(s); nothing was imported",
                               problems.front().where);
      e.details = std::move(problems);
      return fail(std::move(e));
    }

    // Write. Renamed bodies first step aside so that names may be swapped within the file.
    const std::string now = now_utc();
    for (const auto& p : plan) {
      if (!p.stored || stored[*p.stored].name == p.in.name) continue;
      PVF_TRY(auto st, db.prepare("UPDATE bodies SET name = ? WHERE id = ?"));
      const int64_t id = stored[*p.stored].id;
      st.bind_all("\x1f pvf import " + std::to_string(id), id);
      PVF_CHECK(st.run());
    }
    std::vector<int64_t> ids(plan.size());
    for (size_t i = 0; i < plan.size(); ++i) {
      if (plan[i].stored) {
        ids[i] = stored[*plan[i].stored].id;
        continue;
      }
      BodyInput in = plan[i].in;
      in.parent_id.reset();  // parents may come later in the file: set below
      PVF_TRY(ids[i], insert_body(db, in, now));
    }
    auto resolve = [&](int64_t node) {
      return node < 0 ? ids[static_cast<size_t>(-1 - node)] : node;
    };
    BodyImportSummary summary;
    for (size_t i = 0; i < plan.size(); ++i) {
      Planned& p = plan[i];
      const auto parent = final_parent[node_of_plan(i)];
      p.in.parent_id = parent ? std::optional<int64_t>(resolve(*parent)) : std::nullopt;
      if (p.stored) {
        const Body& before = stored[*p.stored];
        if (!region_c) p.in.region = before.region;  // no region column: keep it
        if (!subtype_c) p.in.subtype = before.subtype;
        if (same_content(before, p.in)) continue;
        PVF_CHECK(write_body(db, ids[i], p.in, now));
        PVF_TRY(Body after, must_get(db, ids[i]));
        PVF_CHECK(append_audit(db, actor, "body.update", "body", std::to_string(ids[i]),
                               to_json(before), to_json(after)));
        ++summary.updated;
      } else {
        if (p.in.parent_id) PVF_CHECK(write_body(db, ids[i], p.in, now));
        ++summary.created;
      }
    }
    for (size_t i = 0; i < plan.size(); ++i) {
      if (plan[i].stored) continue;
      PVF_TRY(Body after, must_get(db, ids[i]));
      PVF_CHECK(append_audit(db, actor, "body.create", "body", std::to_string(ids[i]), nullptr,
                             to_json(after)));
    }
    return summary;
  });
}

}  // namespace pvf::store
