#include "linkage/propose.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <unordered_set>

#include "linkage/blocking.h"
#include "linkage/clk.h"
#include "linkage/dates.h"
#include "linkage/postcode.h"

namespace pvf::linkage {
namespace {

enum class Role {
  none,
  id,
  given_name,
  middle_name,
  surname,
  date_of_birth,
  sex,
  postcode,
  identifier,  // a reference number: NHS, NI, social security
  house_number,
  address,
  town,
  region,
  email,
  phone,
  encoding,
};

// "Date of Birth" -> "dateofbirth": names match whatever the case and separators.
std::string squash(std::string_view name) {
  std::string out;
  for (char ch : name)
    if (std::isalnum(static_cast<unsigned char>(ch)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

Role role_by_name(std::string_view column) {
  struct Entry {
    Role role;
    std::initializer_list<std::string_view> names;
  };
  static const std::array<Entry, 15> table{{
      {Role::id, {"uniqueid", "recid", "id", "recordid", "personid", "uid"}},
      {Role::given_name, {"givenname", "firstname", "forename", "forenames", "first", "given"}},
      {Role::middle_name, {"middlename", "middlenames", "othernames"}},
      {Role::surname, {"surname", "lastname", "familyname", "last"}},
      {Role::date_of_birth, {"dateofbirth", "dob", "birthdate", "birthday", "dateborn"}},
      {Role::sex, {"sex", "gender"}},
      {Role::postcode, {"postcode", "postalcode", "zip", "zipcode", "pcode"}},
      {Role::identifier,
       {"socsecid", "nhsnumber", "nhsno", "ninumber", "nino", "nationalinsurancenumber", "ssn",
        "upn", "uln", "pupilnumber"}},
      {Role::house_number, {"streetnumber", "housenumber", "houseno", "buildingnumber"}},
      {Role::address,
       {"address1", "address", "addressline1", "street", "address2", "addressline2",
        "streetaddress"}},
      {Role::town, {"town", "city", "suburb", "posttown", "locality"}},
      {Role::region, {"state", "county", "region"}},
      {Role::email, {"email", "emailaddress"}},
      {Role::phone, {"phone", "telephone", "phonenumber", "mobile"}},
      {Role::encoding, {"clk", "encoding", "bloomfilter"}},
  }};
  const std::string key = squash(column);
  for (const auto& entry : table)
    for (auto name : entry.names)
      if (key == name) return entry.role;
  return Role::none;
}

// The date format most of the sample's values parse with, or "" to let each value be
// recognised.
std::string date_format(const std::vector<std::string_view>& values) {
  static const std::array<const char*, 6> formats{"%Y%m%d",   "%Y-%m-%d", "%d/%m/%Y",
                                                  "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"};
  std::size_t best = 0;
  std::string chosen;
  for (const char* f : formats) {
    std::size_t parsed = 0;
    for (auto v : values)
      if (parse_date(v, f)) ++parsed;
    if (parsed > best) {
      best = parsed;
      chosen = f;
    }
  }
  return best * 2 >= values.size() ? chosen : std::string();
}

ComparisonSpec spec(std::string column, ComparisonMethod method, std::vector<double> thresholds,
                    bool tf = false) {
  ComparisonSpec s;
  s.column = std::move(column);
  s.method = method;
  s.thresholds = std::move(thresholds);
  s.term_frequency = tf;
  return s;
}

// Finds the first compared column with a role.
std::optional<std::string> column_with(const LinkSettings& settings, Role role) {
  for (const auto& c : settings.comparisons)
    if (role_by_name(c.column) == role ||
        (role == Role::encoding && c.method == ComparisonMethod::dice))
      return c.column;
  return std::nullopt;
}

}  // namespace

Result<LinkSettings> propose_comparisons(const std::vector<std::string>& header,
                                         std::span<const std::vector<std::string>> sample,
                                         LinkType link_type) {
  LinkSettings s;
  s.link_type = link_type;
  std::optional<std::string> id;
  for (std::size_t f = 0; f < header.size(); ++f) {
    std::vector<std::string_view> values;
    for (const auto& row : sample)
      if (f < row.size() && !row[f].empty()) values.push_back(row[f]);
    const std::string& name = header[f];
    Role role = role_by_name(name);
    if (role == Role::none && !values.empty()) {
      std::size_t encodings = 0;
      for (auto v : values)
        if (v.size() == 172 && clk_from_base64(v)) ++encodings;
      if (encodings * 10 >= values.size() * 9) role = Role::encoding;
    }
    switch (role) {
      case Role::id:
        if (!id) id = name;
        break;
      case Role::given_name:
      case Role::surname:
        s.comparisons.push_back(spec(name, ComparisonMethod::jaro_winkler, {0.92, 0.8}, true));
        break;
      case Role::middle_name:
        s.comparisons.push_back(spec(name, ComparisonMethod::jaro_winkler, {0.88}));
        break;
      case Role::date_of_birth: {
        ComparisonSpec d = spec(name, ComparisonMethod::date, {});
        d.format = date_format(values);
        s.comparisons.push_back(std::move(d));
        break;
      }
      case Role::sex:
      case Role::region:
      case Role::house_number:
        s.comparisons.push_back(spec(name, ComparisonMethod::exact, {}));
        break;
      case Role::postcode: {
        std::size_t uk = 0;
        for (auto v : values)
          if (parse_uk_postcode(v)) ++uk;
        if (!values.empty() && uk * 2 >= values.size()) {
          s.comparisons.push_back(spec(name, ComparisonMethod::postcode, {}));
        } else {
          s.comparisons.push_back(spec(name, ComparisonMethod::levenshtein, {1}));
        }
        break;
      }
      case Role::identifier:
      case Role::phone:
        s.comparisons.push_back(spec(name, ComparisonMethod::damerau_levenshtein, {1, 2}));
        break;
      case Role::address:
        s.comparisons.push_back(spec(name, ComparisonMethod::jaro_winkler, {0.9, 0.7}));
        break;
      case Role::town:
        s.comparisons.push_back(spec(name, ComparisonMethod::jaro_winkler, {0.92}, true));
        break;
      case Role::email:
        s.comparisons.push_back(spec(name, ComparisonMethod::jaro_winkler, {0.92}));
        break;
      case Role::encoding:
        s.comparisons.push_back(spec(name, ComparisonMethod::dice, {0.9, 0.8, 0.7}));
        break;
      case Role::none:
        break;
    }
  }
  if (!id) {
    // No id by name: the first column whose sampled values are all present and distinct.
    for (std::size_t f = 0; f < header.size() && !id; ++f) {
      if (role_by_name(header[f]) != Role::none) continue;
      std::unordered_set<std::string_view> seen;
      bool distinct = !sample.empty();
      for (const auto& row : sample) {
        if (f >= row.size() || row[f].empty() || !seen.insert(row[f]).second) {
          distinct = false;
          break;
        }
      }
      if (distinct) id = header[f];
    }
  }
  // Fields that follow from one another break the model's assumption that comparisons are
  // independent given match status: a postcode fixes the town, and people at one address
  // (families) agree on postcode and address alike. Keep the most precise location only.
  auto has_role = [&](Role role) {
    return std::any_of(s.comparisons.begin(), s.comparisons.end(),
                       [&](const ComparisonSpec& c) { return role_by_name(c.column) == role; });
  };
  if (has_role(Role::postcode) || has_role(Role::address)) {
    bool postcode = has_role(Role::postcode);
    std::erase_if(s.comparisons, [&](const ComparisonSpec& c) {
      Role r = role_by_name(c.column);
      return r == Role::town || r == Role::region || (postcode && r == Role::address) ||
             (postcode && r == Role::house_number);
    });
  }
  if (!id)
    return fail(Error::invalid(
        "no unique id column (unique_id, rec_id, id …, or one whose values are all distinct): "
        "write settings with unique_id_column"));
  s.unique_id_column = *id;
  if (s.comparisons.empty())
    return fail(Error::invalid(
        "no column could be recognised for comparison (given_name, surname, date_of_birth, "
        "postcode …): write settings with comparisons"));
  if (s.comparisons.size() > 16) s.comparisons.resize(16);
  return s;
}

std::vector<BlockingRule> candidate_blocking_rules(const LinkSettings& settings) {
  auto key = [](const std::optional<std::string>& column, BlockingKey::Kind kind =
                                                              BlockingKey::Kind::column,
                int length = 0) {
    return BlockingKey{kind, *column, length};
  };
  auto given = column_with(settings, Role::given_name);
  auto surname = column_with(settings, Role::surname);
  auto dob = column_with(settings, Role::date_of_birth);
  auto postcode = column_with(settings, Role::postcode);
  auto identifier = column_with(settings, Role::identifier);
  auto address = column_with(settings, Role::address);
  auto encoding = column_with(settings, Role::encoding);
  using K = BlockingKey::Kind;
  std::vector<BlockingRule> rules;
  // Each rule lists its keys; the keys after the first few narrow it if it makes too many pairs.
  if (identifier) rules.push_back({key(identifier)});
  // Each field can be wrong (a typo, a nickname, a married name, a house move): rules on
  // different fields let a pair through when any one of them agrees.
  if (dob && surname) rules.push_back({key(dob), key(surname, K::prefix, 1)});
  if (dob && given) rules.push_back({key(dob), key(given, K::prefix, 1)});
  if (surname && given) {
    BlockingRule r{key(surname), key(given)};
    if (dob) r.push_back(key(dob, K::year));
    rules.push_back(r);
  }
  if (postcode) {
    BlockingRule r{key(postcode)};
    if (surname) r.push_back(key(surname, K::prefix, 1));
    rules.push_back(r);
  }
  if (postcode && dob) rules.push_back({key(postcode), key(dob, K::year)});
  if (surname && dob) {
    BlockingRule r{key(surname, K::soundex), key(dob, K::year)};
    if (given) r.push_back(key(given, K::prefix, 1));
    rules.push_back(r);
  }
  if (given && dob) {
    BlockingRule r{key(given), key(dob, K::year)};
    if (surname) r.push_back(key(surname, K::prefix, 1));
    rules.push_back(r);
  }
  if (address) {
    BlockingRule r{key(address)};
    if (surname) r.push_back(key(surname, K::prefix, 1));
    rules.push_back(r);
  }
  if (rules.empty() && encoding) rules.push_back({});  // encodings alone: every pair
  (void)encoding;
  return rules;
}

std::vector<BlockingRule> choose_blocking_rules(const LinkSettings& settings,
                                                const Records& records,
                                                uint64_t max_pairs_per_rule) {
  std::vector<BlockingRule> chosen;
  const std::vector<BlockingRule> candidates = candidate_blocking_rules(settings);
  for (const auto& candidate : candidates) {
    if (candidate.empty()) {
      chosen.push_back(candidate);
      continue;
    }
    // The base of a rule is its first key, or its first two when they were meant together.
    std::size_t keys = 1;
    if (candidate.size() >= 2 && candidate[1].kind != BlockingKey::Kind::prefix) keys = 2;
    for (; keys <= candidate.size(); ++keys) {
      BlockingRule rule(candidate.begin(), candidate.begin() + static_cast<std::ptrdiff_t>(keys));
      uint64_t pairs = build_blocks({rule}, records, settings.link_type).front().pairs;
      if (pairs == 0) break;  // the rule finds nothing (a column always missing)
      if (pairs <= max_pairs_per_rule) {
        // Two candidates can narrow to the same rule on small data (date of birth alone).
        if (std::find(chosen.begin(), chosen.end(), rule) == chosen.end())
          chosen.push_back(std::move(rule));
        break;
      }
    }
    if (chosen.size() == 8) break;
  }
  return chosen;
}

}  // namespace pvf::linkage

namespace pvf::linkage {

std::vector<BlockingRule> choose_training_rules(const LinkSettings& settings,
                                                const Records& records,
                                                uint64_t max_pairs_per_rule) {
  auto given = column_with(settings, Role::given_name);
  auto surname = column_with(settings, Role::surname);
  auto dob = column_with(settings, Role::date_of_birth);
  auto sex = column_with(settings, Role::sex);
  if (!dob || !(given || surname)) return {};
  using K = BlockingKey::Kind;
  std::vector<BlockingRule> candidates;
  // Pairs sharing a date of birth, or a whole name, are seldom relatives at one address, whose
  // agreements EM would otherwise take for a match; between them every comparison is estimated.
  BlockingRule by_date{{K::column, *dob, 0}};
  if (sex) by_date.push_back({K::column, *sex, 0});
  BlockingRule by_name;
  if (surname) by_name.push_back({K::column, *surname, 0});
  if (given) by_name.push_back({K::column, *given, 0});
  if (sex) by_name.push_back({K::column, *sex, 0});
  std::vector<BlockingRule> chosen;
  for (const auto& candidate : {by_date, by_name}) {
    std::size_t keys = candidate == by_date ? 1 : (surname && given ? 2 : 1);
    for (; keys <= candidate.size(); ++keys) {
      BlockingRule rule(candidate.begin(), candidate.begin() + static_cast<std::ptrdiff_t>(keys));
      uint64_t pairs = build_blocks({rule}, records, settings.link_type).front().pairs;
      if (pairs == 0) break;
      if (pairs <= max_pairs_per_rule) {
        chosen.push_back(std::move(rule));
        break;
      }
    }
  }
  return chosen.size() == 2 ? chosen : std::vector<BlockingRule>{};
}

Status choose_rules(LinkSettings& settings, const Records& records) {
  const uint64_t budget = std::max<uint64_t>(2'000'000, 10 * records.size());
  settings.blocking_rules = choose_blocking_rules(settings, records, budget);
  settings.training_blocking_rules = choose_training_rules(settings, records, 3 * budget);
  if (settings.blocking_rules.empty())
    return fail(Error::invalid("no blocking rule keeps the pairs to compare below " +
                               std::to_string(budget) + ": give settings with blocking_rules"));
  return {};
}

}  // namespace pvf::linkage
