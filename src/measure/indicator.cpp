#include "measure/indicator.h"

#include <algorithm>
#include <cctype>

namespace pvf::measure {

namespace {

std::string normalise(std::string_view text) {
  std::string out;
  size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  for (size_t i = b; i < e; ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    out += (c == ' ' || c == '-') ? '_' : c;
  }
  return out;
}

}  // namespace

Result<Polarity> parse_polarity(std::string_view text) {
  const std::string t = normalise(text);
  if (t == "higher" || t == "higher_is_better" || t == "desc" || t == "up")
    return Polarity::higher_is_better;
  if (t == "lower" || t == "lower_is_better" || t == "asc" || t == "down")
    return Polarity::lower_is_better;
  if (t == "neutral" || t == "none" || t.empty()) return Polarity::neutral;
  return fail(Error::invalid("polarity must be \"higher\", \"lower\" or \"neutral\", not \"" +
                             std::string(text) + "\""));
}

const char* to_string(Polarity polarity) {
  switch (polarity) {
    case Polarity::higher_is_better: return "higher";
    case Polarity::lower_is_better: return "lower";
    case Polarity::neutral: return "neutral";
  }
  return "neutral";
}

Result<Frequency> parse_frequency(std::string_view text) {
  const std::string t = normalise(text);
  if (t == "annual" || t == "yearly" || t.empty()) return Frequency::annual;
  if (t == "quarterly") return Frequency::quarterly;
  return fail(Error::invalid("frequency must be \"annual\" or \"quarterly\", not \"" +
                             std::string(text) + "\""));
}

const char* to_string(Frequency frequency) {
  return frequency == Frequency::quarterly ? "quarterly" : "annual";
}

Status validate(const IndicatorDef& def) {
  Error err = Error::invalid("the indicator definition is not valid");
  auto problem = [&](std::string where, std::string message) {
    err.details.push_back({std::move(where), std::move(message)});
  };
  const bool key_chars_ok = std::all_of(def.key.begin(), def.key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
  if (def.key.empty() || def.key.size() > 64 || !key_chars_ok)
    problem("key", "must be 1-64 letters, digits, '_', '.' or '-'");
  if (def.name.find_first_not_of(" \t") == std::string::npos)
    problem("name", "must not be empty");
  if (def.name.size() > 300) problem("name", "must be at most 300 characters");
  if (def.unit.size() > 100) problem("unit", "must be at most 100 characters");
  if (def.area_key.size() > 100) problem("area", "must be at most 100 characters");
  if (def.source.size() > 500) problem("source", "must be at most 500 characters");
  if (err.details.empty()) return {};
  err.where = err.details.front().where;
  err.message = err.details.front().where + ": " + err.details.front().message;
  return fail(std::move(err));
}

double period_to_year(const Period& period) {
  return period.start_year() + (period.quarter() > 0 ? (period.quarter() - 1) / 4.0 : 0.0);
}

}  // namespace pvf::measure
