// Reading and checking the reference tables `pvf generate people` draws from (generate.h):
// CSV texts in, tables out, every problem named by file, line and column.
#include <charconv>
#include <cmath>
#include <string_view>

#include "core/csv.h"
#include "linkage/generate.h"

namespace pvf::linkage {
namespace {

// ---- table checks and parsing ------------------------------------------------------------

bool usable_weight(double w) { return std::isfinite(w) && w > 0; }

void check_names(const std::vector<WeightedName>& names, const char* what,
                 std::vector<ErrorDetail>& problems) {
  if (names.empty()) {
    problems.push_back({what, "the table is empty"});
    return;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].name.empty() || !usable_weight(names[i].weight)) {
      problems.push_back({std::string(what) + "[" + std::to_string(i) + "]",
                          "each entry needs a name and a positive weight"});
      return;
    }
  }
}

}  // namespace

Status check_people_tables(const PeopleTables& t) {
  std::vector<ErrorDetail> problems;
  check_names(t.given_names_female, "given_names_female", problems);
  check_names(t.given_names_male, "given_names_male", problems);
  check_names(t.surnames, "surnames", problems);
  check_names(t.streets, "streets", problems);
  if (t.areas.empty() && t.towns.empty()) problems.push_back({"areas", "the table is empty"});
  for (std::size_t i = 0; i < t.areas.size(); ++i) {
    const auto& a = t.areas[i];
    if (a.area.empty() || a.town.empty() || !usable_weight(a.weight) || a.first_district < 0 ||
        a.first_district > a.last_district || a.last_district > 99) {
      problems.push_back({"areas[" + std::to_string(i) + "]",
                          "each area needs a code, a town, districts 0 <= first <= last <= 99 and "
                          "a positive weight"});
      break;
    }
  }
  if (problems.empty()) return {};
  return fail(Error::invalid_all(std::move(problems), "the reference tables have problems"));
}

namespace {

// Parses one CSV file's text; `columns` must all be present.
class TableReader {
 public:
  TableReader(const std::string& text, const char* file, std::vector<const char*> columns,
              std::vector<ErrorDetail>& problems)
      : problems_(problems) {
    auto parsed = csv::parse(text, file);
    if (!parsed) {
      problems_.push_back(
          {parsed.error().where.empty() ? file : parsed.error().where, parsed.error().message});
      return;
    }
    table_ = std::move(*parsed);
    for (const char* c : columns) {
      auto at = table_.column(c);
      if (!at) {
        problems_.push_back({file, std::string("the column \"") + c + "\" is missing"});
        return;
      }
      index_.push_back(*at);
    }
    if (table_.rows.empty()) {
      problems_.push_back({file, "the table has no rows"});
      return;
    }
    ok_ = true;
  }
  bool ok() const { return ok_; }
  const std::vector<csv::Row>& rows() const { return table_.rows; }
  const std::string& text(const csv::Row& row, std::size_t column) const {
    return row.fields[index_[column]];
  }
  // The field as text, which must not be empty.
  bool name(const csv::Row& row, std::size_t column, std::string& out) {
    out = text(row, column);
    if (!out.empty()) return true;
    complain(row, column, "is empty");
    return false;
  }
  bool number(const csv::Row& row, std::size_t column, double& out) {
    const std::string& s = text(row, column);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && end == s.data() + s.size() && usable_weight(out)) return true;
    complain(row, column, "must be a positive number");
    return false;
  }
  bool integer(const csv::Row& row, std::size_t column, int& out) {
    const std::string& s = text(row, column);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && end == s.data() + s.size() && out >= 0 && out <= 99) return true;
    complain(row, column, "must be a whole number from 0 to 99");
    return false;
  }
  void complain(const csv::Row& row, std::size_t column, const std::string& message) {
    const std::string& header = table_.header[index_[column]];
    problems_.push_back({table_.where(row, header), header + " " + message});
  }

 private:
  std::vector<ErrorDetail>& problems_;
  csv::Table table_;
  std::vector<std::size_t> index_;
  bool ok_ = false;
};

std::vector<WeightedName> read_weighted(const std::string& text, const char* file,
                                        const char* name_column,
                                        std::vector<ErrorDetail>& problems) {
  std::vector<WeightedName> out;
  TableReader t(text, file, {name_column, "weight"}, problems);
  if (!t.ok()) return out;
  out.reserve(t.rows().size());
  for (const auto& row : t.rows()) {
    WeightedName n;
    if (t.name(row, 0, n.name) && t.number(row, 1, n.weight)) out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

Result<PeopleTables> parse_people_tables(const PeopleTableTexts& texts) {
  std::vector<ErrorDetail> problems;
  PeopleTables t;
  t.given_names_female =
      read_weighted(texts.given_names_female, kGivenNamesFemaleFile, "name", problems);
  t.given_names_male = read_weighted(texts.given_names_male, kGivenNamesMaleFile, "name", problems);
  t.surnames = read_weighted(texts.surnames, kSurnamesFile, "name", problems);
  t.streets = read_weighted(texts.streets, kStreetsFile, "street", problems);
  {
    TableReader r(texts.nicknames, kNicknamesFile, {"formal", "nickname"}, problems);
    if (r.ok()) {
      for (const auto& row : r.rows()) {
        std::string formal, nick;
        if (r.name(row, 0, formal) && r.name(row, 1, nick))
          t.nicknames.emplace_back(std::move(formal), std::move(nick));
      }
    }
  }
  {
    TableReader r(texts.postcode_areas, kPostcodeAreasFile,
                  {"area", "town", "first_district", "last_district", "district_letters", "weight"},
                  problems);
    if (r.ok()) {
      for (const auto& row : r.rows()) {
        PostcodeArea a;
        bool good = r.name(row, 0, a.area) && r.name(row, 1, a.town) &&
                    r.integer(row, 2, a.first_district) && r.integer(row, 3, a.last_district) &&
                    r.number(row, 5, a.weight);
        a.district_letters = r.text(row, 4);
        if (good && a.first_district > a.last_district) {
          r.complain(row, 3, "must not be less than first_district");
          good = false;
        }
        if (!good) continue;
        t.towns.emplace_back(a.area, a.town);
        t.areas.push_back(std::move(a));
      }
    }
  }
  if (!problems.empty()) {
    std::string summary =
        "the linkage reference tables have " + std::to_string(problems.size()) + " problems";
    return fail(Error::invalid_all(std::move(problems), std::move(summary)));
  }
  if (auto s = check_people_tables(t); !s) return fail(s.error());
  return t;
}

}  // namespace pvf::linkage
