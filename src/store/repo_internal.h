// Helpers shared by the store's repository files. Private to src/store: not part of the API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/db.h"
#include "store/records.h"

// Propagates the error of a Result/Status, else assigns its value to `decl`.
#define PVF_STORE_CAT2(a, b) a##b
#define PVF_STORE_CAT(a, b) PVF_STORE_CAT2(a, b)
#define PVF_TRY_IMPL(tmp, decl, expr)                   \
  auto tmp = (expr);                                    \
  if (!tmp) return ::pvf::fail(std::move(tmp).error()); \
  decl = std::move(*tmp)
#define PVF_TRY(decl, expr) PVF_TRY_IMPL(PVF_STORE_CAT(pvf_try_, __LINE__), decl, expr)
#define PVF_CHECK(expr)                                                 \
  do {                                                                  \
    auto pvf_check_ = (expr);                                           \
    if (!pvf_check_) return ::pvf::fail(std::move(pvf_check_).error()); \
  } while (0)

namespace pvf::store::detail {

// Steps a statement and maps the first row, then runs it to completion so that no statement
// is left active (an active statement would pin this connection's read snapshot).
template <class T, class F>
Result<std::optional<T>> fetch_one(Statement& st, F&& map) {
  auto row = st.step();
  if (!row) return fail(std::move(row).error());
  if (!*row) return std::optional<T>();
  std::optional<T> out(map(st));
  for (;;) {
    auto more = st.step();
    if (!more) return fail(std::move(more).error());
    if (!*more) break;
  }
  return out;
}

// Maps every row.
template <class T, class F>
Result<std::vector<T>> fetch_all(Statement& st, F&& map) {
  std::vector<T> out;
  for (;;) {
    auto row = st.step();
    if (!row) return fail(std::move(row).error());
    if (!*row) break;
    out.push_back(map(st));
  }
  return out;
}

// Strips spaces, tabs and line breaks at both ends.
std::string trim(std::string_view s);
// Number of UTF-8 code points (bytes that do not continue a sequence).
size_t utf8_length(std::string_view s);
// ASCII lower case (bytes >= 0x80 unchanged): header names and labels matched ignoring case.
std::string lower(std::string_view s);
// A user-chosen key: 1-64 characters of A-Z a-z 0-9 _ . - (goals, survey questions, indicators
// created from an Oflog file).
bool is_key(std::string_view s);
// Strict ISO 8601 calendar date "YYYY-MM-DD" that exists (leap years included).
bool is_iso_date(std::string_view s);

// The users.id that records the actor in NOT NULL user columns (created_by, updated_by...).
// The system actor (no user_id) is recorded as the built-in inactive account "system", created
// on first need; it cannot sign in (its password hash is not a valid hash).
Result<int64_t> actor_user_id(Database& db, const Actor& actor);

// Body leads and assessors with a body act for that body only; everyone else for any body.
Status check_body_scope(const Actor& actor, int64_t body_id, std::string_view what);

inline constexpr std::string_view kSystemUsername = "system";

}  // namespace pvf::store::detail
