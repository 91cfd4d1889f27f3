#include "store/records.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "store/repo_internal.h"

namespace pvf::store {
namespace {

template <class T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const Body& b) {
  return {{"id", b.id},
          {"code", opt(b.code)},
          {"name", b.name},
          {"type", b.type},
          {"subtype", opt(b.subtype)},
          {"region", opt(b.region)},
          {"parent_id", opt(b.parent_id)},
          {"created_at", b.created_at},
          {"updated_at", b.updated_at}};
}

nlohmann::json to_json(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", std::string(to_string(u.role))},
          {"body_id", opt(u.body_id)},
          {"active", u.active},
          {"created_at", u.created_at}};
}

nlohmann::json to_json(const Evidence& e) { return {{"url", e.url}, {"note", e.note}}; }

nlohmann::json to_json(const Rating& r) {
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& e : r.evidence) evidence.push_back(to_json(e));
  return {{"area", r.area_key},
          {"level", r.level},
          {"rationale", r.rationale},
          {"confidence", r.confidence},
          {"evidence", std::move(evidence)},
          {"updated_by", r.updated_by},
          {"updated_by_name", r.updated_by_name},
          {"updated_at", r.updated_at}};
}

nlohmann::json to_json(const Assessment& a) {
  return {{"id", a.id},
          {"body_id", a.body_id},
          {"body_name", a.body_name},
          {"framework_id", a.framework_id},
          {"framework_key", a.framework_key},
          {"framework_version", a.framework_version},
          {"period", a.period},
          {"status", std::string(framework::to_string(a.status))},
          {"created_by", a.created_by},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

nlohmann::json to_json(const TransitionRecord& t) {
  return {{"from", std::string(framework::to_string(t.from))},
          {"to", std::string(framework::to_string(t.to))},
          {"user_id", t.user_id},
          {"username", t.username},
          {"note", t.note},
          {"at", t.at}};
}

nlohmann::json to_json(const Comment& c) {
  return {{"id", c.id},
          {"assessment_id", c.assessment_id},
          {"area", c.area_key},
          {"parent_id", opt(c.parent_id)},
          {"user_id", c.user_id},
          {"username", c.username},
          {"role", c.role},
          {"text", c.text},
          {"created_at", c.created_at}};
}

nlohmann::json to_json(const Action& a) {
  return {{"id", a.id},
          {"assessment_id", a.assessment_id},
          {"area", a.area_key},
          {"title", a.title},
          {"owner", a.owner},
          {"due_date", opt(a.due_date)},
          {"status", a.status},
          {"created_by", a.created_by},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

nlohmann::json to_json(const AuditEntry& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"user_id", opt(e.user_id)},
          {"username", e.username},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"before", e.before},
          {"after", e.after}};
}

// ---- helpers shared by the repositories (repo_internal.h) ----
namespace detail {

std::string trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_key(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  auto num = [&](size_t from, size_t len) {
    int v = 0;
    for (size_t i = from; i < from + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= last;
}

Status check_body_scope(const Actor& actor, int64_t body_id, std::string_view what) {
  if (actor.role != Role::body_lead && actor.role != Role::assessor) return {};
  if (!actor.body_id)
    return fail(Error::forbidden("a " + std::string(to_string(actor.role)) +
                                 " without a body cannot act for " + std::string(what)));
  if (*actor.body_id != body_id)
    return fail(Error::forbidden(
        "a " + std::string(to_string(actor.role)) + " acts for body " +
        std::to_string(*actor.body_id) + " only, and " +
        (what == "body " + std::to_string(body_id)
             ? std::string(what) + " is another body"
             : std::string(what) + " belongs to body " + std::to_string(body_id))));
  return {};
}

}  // namespace detail
}  // namespace pvf::store
