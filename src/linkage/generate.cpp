// Synthetic people with known truth (generate.h).
//
// Model. Of `rows` records, D = round(rows x duplicate_rate) are duplicates and E = rows - D are
// the first records of E distinct people (at least one). Record j < E is person j's own record,
// its true values; record j >= E is a duplicate of a person drawn from j's own random stream:
// with probability 0.1 from the first E/50 people (people seen again and again), otherwise from
// all E. Cluster sizes are therefore skewed: at duplicate_rate 0.3 about 65% of people have one
// record, 28% two, 7% three or more, a few up to ~10.
//
// A person is a pure function of (seed, person number): sex (51% female); given name by sex and
// surname, each drawn by the tables' weights (alias method); date of birth from a UK-like age
// pyramid (ages 0-100 at 2025-01-01, 5-year bands, day uniform in the year); a home: postcode
// area by population weight, one of that area's unit postcodes, one of the unit's 15 houses.
// Each area has max(1, round(U x weight share)) unit postcodes, U = E / 36, so about 36 people
// (15 households) share a unit postcode whatever the file size. A unit's postcode ("B33 8TH":
// area, district in the area's range, space, sector digit, two letters), street and first house
// number are a pure function of (seed, area, unit). 40% of odd-numbered people live with the
// person before them (same address), three quarters of those sharing the surname too: families,
// the non-matches that agree on surname and address.
//
// A duplicate copies its person and applies errors, each independently with its probability,
// from its own stream (rates are per duplicate record):
//   given name: nickname 8% (when the name has one), typo 10% (keyboard-adjacent substitution,
//     insertion, deletion), adjacent transposition 3%, missing 3%
//   surname: changed (marriage) 3.5% for women 18+, 0.5% otherwise; typo 8%; transposition 2%;
//     missing 2%
//   given name and surname swapped 2%; both names in capitals 5%
//   date of birth: set to 1 January (a system default) 1%; day and month swapped 3% (only when
//     the day is 12 or less and differs from the month); one digit mistyped 5% (year's last two,
//     month's last, or day's digits, kept a valid date when one of a few tries is); missing 4%
//   sex: wrong 0.5%, missing 3%
//   moved house 10% (70% within the same postcode area, else anywhere): new postcode, address
//     and town
//   postcode: one character mistyped 3%, space dropped 4%, lower case 2%, missing 5%
//   address: street type abbreviated (Road -> Rd) 10%, typo 3%, missing 5%; town missing 8%
// So a duplicate keeps its given name exactly ~75-80% of the time, its surname ~85%, its date of
// birth ~90% and its postcode ~80%; the person's own record is error-free.
//
// Output order is a keyed Feistel permutation of [0, rows) (cycle-walking to stay in range), so
// no record is stored. Randomness is splitmix64 streams keyed by (seed, purpose, index) with our
// own uniform and alias sampling, so a seed gives the same file with every standard library.
#include "linkage/generate.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "core/csv.h"
#include "linkage/dates.h"

namespace pvf::linkage {
namespace {

// ---- randomness --------------------------------------------------------------------------

constexpr uint64_t kGamma = 0x9E3779B97F4A7C15ULL;

uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Distinct indices give distinct keys for one (seed, purpose).
uint64_t stream_key(uint64_t seed, uint64_t purpose, uint64_t index) {
  return mix64(mix64(seed ^ mix64(purpose)) + index * kGamma);
}

// Purposes of the streams.
constexpr uint64_t kPersonStream = 1;
constexpr uint64_t kFamilyStream = 2;
constexpr uint64_t kDuplicateStream = 3;
constexpr uint64_t kUnitStream = 4;  // + area index << 8
constexpr uint64_t kOrderKey = 5;
constexpr uint64_t kClusterKey = 6;

// splitmix64: a fast 64-bit generator whose output is the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t key) : state_(key) {}
  uint64_t next() {
    state_ += kGamma;
    return mix64(state_);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  // Uniform in [0, n), n >= 1 (n < 2^53).
  uint64_t below(uint64_t n) {
    const auto i = static_cast<uint64_t>(uniform() * static_cast<double>(n));
    return i < n ? i : n - 1;
  }
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool chance(double p) { return uniform() < p; }

 private:
  uint64_t state_;
};

// Vose's alias method: O(n) to build, O(1) per draw.
class Alias {
 public:
  Alias() = default;
  explicit Alias(const std::vector<double>& weights) {
    const std::size_t n = weights.size();
    prob_.assign(n, 1.0);
    alias_.resize(n);
    double total = 0;
    for (double w : weights) total += w;
    std::vector<double> scaled(n);
    std::vector<uint32_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
      alias_[i] = static_cast<uint32_t>(i);
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t s = small.back(), l = large.back();
      small.pop_back();
      prob_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;
      if (scaled[l] < 1.0) {
        large.pop_back();
        small.push_back(l);
      }
    }
    // What is left is 1 up to rounding.
    for (uint32_t i : small) prob_[i] = 1.0;
    for (uint32_t i : large) prob_[i] = 1.0;
  }
  uint32_t sample(Rng& r) const {
    const auto i = static_cast<uint32_t>(r.below(prob_.size()));
    return r.uniform() < prob_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<uint32_t> alias_;
};

// A keyed bijection of [0, n): a balanced Feistel network on the smallest even number of bits
// covering n, cycle-walking until the value falls inside [0, n) (at most ~4 steps on average).
class Permutation {
 public:
  Permutation(uint64_t n, uint64_t key) : n_(n) {
    int bits = 2;
    while (bits < 62 && (uint64_t{1} << bits) < n) bits += 2;
    half_ = bits / 2;
    mask_ = (uint64_t{1} << half_) - 1;
    for (std::size_t i = 0; i < keys_.size(); ++i) keys_[i] = mix64(key + (i + 1) * kGamma);
  }
  uint64_t operator()(uint64_t x) const {
    do {
      x = encrypt(x);
    } while (x >= n_);
    return x;
  }

 private:
  uint64_t encrypt(uint64_t x) const {
    uint64_t left = x >> half_, right = x & mask_;
    for (uint64_t k : keys_) {
      const uint64_t next = left ^ (mix64(right ^ k) & mask_);
      left = right;
      right = next;
    }
    return (left << half_) | right;
  }
  uint64_t n_;
  int half_ = 1;
  uint64_t mask_ = 1;
  std::array<uint64_t, 6> keys_{};
};

// ---- the model's constants ---------------------------------------------------------------

constexpr double kFemale = 0.51;
constexpr int kHouseholdsPerUnit = 15;
constexpr double kPeoplePerUnit = 36;  // 15 households x 2.4 people
constexpr double kLivesWithPrevious = 0.4;
constexpr double kFamilySharesSurname = 0.75;
constexpr double kFrequentDuplicates = 0.1;  // share of duplicates drawn from the first E/50
constexpr int kReferenceYear = 2025;         // ages are at 1 January of this year

// UK-like age pyramid: shares (%) of 5-year bands 0-4 .. 95-99, then age 100.
constexpr std::array<double, 21> kAgeBands = {5.6, 6.0, 6.1, 5.8, 6.0, 6.5, 6.8, 6.6, 6.3, 6.3, 6.9,
                                              6.8, 5.9, 5.1, 5.0, 3.7, 2.5, 1.5, 0.7, 0.2, 0.01};

struct ErrorRates {
  double nickname = 0.08;
  double given_typo = 0.10;
  double given_transposition = 0.03;
  double given_missing = 0.03;
  double surname_change_woman = 0.035;  // women 18 and over (marriage)
  double surname_change_other = 0.005;
  double surname_typo = 0.08;
  double surname_transposition = 0.02;
  double surname_missing = 0.02;
  double names_swapped = 0.02;
  double names_capitals = 0.05;
  double dob_first_january = 0.01;
  double dob_day_month_swap = 0.03;
  double dob_digit = 0.05;
  double dob_missing = 0.04;
  double sex_wrong = 0.005;
  double sex_missing = 0.03;
  double moved = 0.10;
  double moved_within_area = 0.7;
  double postcode_typo = 0.03;
  double postcode_no_space = 0.04;
  double postcode_lower = 0.02;
  double postcode_missing = 0.05;
  double street_abbreviated = 0.10;
  double address_typo = 0.03;
  double address_missing = 0.05;
  double town_missing = 0.08;
};
constexpr ErrorRates kRates{};

// Letters of the inward code (never C, I, K, M, O, V).
constexpr std::string_view kInwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

// ---- small text helpers ------------------------------------------------------------------

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

void append_padded(std::string& out, uint64_t value, int width) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  for (int pad = width - static_cast<int>(end - buf); pad > 0; --pad) out += '0';
  out.append(buf, end);
}


// A valid ISO date no later than the reference year.
bool valid_iso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto num = [&](std::size_t from, std::size_t len) {
    int v = 0;
    for (std::size_t i = from; i < from + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  return y >= 1900 && y < kReferenceYear && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char to_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Neighbours of each letter on a QWERTY keyboard.
std::string_view keyboard_neighbours(char c) {
  static constexpr std::array<std::string_view, 26> kNeighbours = {
      "qwsz",   "vghn",  "xdfv", "serfcx", "wrsd", "drtgvc", "ftyhbv", "gyujnb", "uojk",
      "huikmn", "jiolm", "kop",  "njk",    "bhjm", "ipkl",   "ol",     "wa",     "etdf",
      "awedxz", "ryfg",  "yihj", "cfgb",   "qeas", "zsdc",   "tugh",   "asx"};
  const char l = to_lower(c);
  return l >= 'a' && l <= 'z' ? kNeighbours[static_cast<std::size_t>(l - 'a')] : "";
}

char neighbour_of(char c, Rng& r) {
  const std::string_view n = keyboard_neighbours(c);
  if (n.empty()) return c;
  const char pick = n[r.below(n.size())];
  return is_upper(c) ? to_upper(pick) : pick;
}

// One keystroke error on a letter: substitution by a neighbouring key (45%), insertion of a
// neighbouring key or a doubled letter (20%), deletion (35%, words of 3+ letters). The first
// letter is hit less often (10%) than it would be by chance, as in real data.
void typo(std::string& s, Rng& r) {
  std::array<uint16_t, 64> letters{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size() && n < letters.size(); ++i)
    if (is_alpha(s[i])) letters[n++] = static_cast<uint16_t>(i);
  if (n == 0) return;
  const std::size_t k = n >= 2 && r.chance(0.9) ? 1 + r.below(n - 1) : 0;
  const std::size_t pos = letters[k];
  const uint64_t op = r.below(100);
  if (op < 45 || (op >= 65 && n < 3)) {
    s[pos] = neighbour_of(s[pos], r);
  } else if (op < 65) {
    const char c = r.chance(0.5) ? s[pos] : neighbour_of(s[pos], r);
    const bool upper = pos + 1 < s.size() && is_upper(s[pos + 1]);
    s.insert(pos + 1, 1, upper ? to_upper(c) : to_lower(c));
  } else {
    s.erase(pos, 1);
    if (pos == 0 && !s.empty()) s[0] = to_upper(s[0]);
  }
}

// Two adjacent, different letters swapped (not the first pair when there is another choice).
void transpose(std::string& s, Rng& r) {
  std::array<uint16_t, 64> at{};
  std::size_t n = 0;
  for (std::size_t i = 1; i + 1 < s.size() && n < at.size(); ++i)
    if (is_alpha(s[i]) && is_alpha(s[i + 1]) && to_lower(s[i]) != to_lower(s[i + 1]))
      at[n++] = static_cast<uint16_t>(i);
  if (n == 0) return;
  const std::size_t i = at[r.below(n)];
  std::swap(s[i], s[i + 1]);
}

void upper_case(std::string& s) {
  for (char& c : s) c = to_upper(c);
}
void lower_case(std::string& s) {
  for (char& c : s) c = to_lower(c);
}

// One digit of an ISO date mistyped: the year's last two, the month's last, the day's two.
void date_digit_typo(std::string& s, Rng& r) {
  static constexpr std::array<std::size_t, 5> kPositions = {2, 3, 6, 8, 9};
  std::string attempt;
  for (int tries = 0; tries < 4; ++tries) {
    attempt = s;
    const std::size_t pos = kPositions[r.below(kPositions.size())];
    const int old = attempt[pos] - '0';
    attempt[pos] = static_cast<char>('0' + (old + 1 + static_cast<int>(r.below(9))) % 10);
    if (valid_iso(attempt)) break;
  }
  s = attempt;
}

// One character of a postcode mistyped: a digit for another digit, a letter for a neighbouring
// key's letter.
void postcode_typo(std::string& s, Rng& r) {
  std::array<uint16_t, 16> at{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size() && n < at.size(); ++i)
    if (s[i] != ' ') at[n++] = static_cast<uint16_t>(i);
  if (n == 0) return;
  const std::size_t pos = at[r.below(n)];
  const char c = s[pos];
  if (c >= '0' && c <= '9')
    s[pos] = static_cast<char>('0' + (c - '0' + 1 + static_cast<int>(r.below(9))) % 10);
  else
    s[pos] = to_upper(neighbour_of(c, r));
}

// "12 Church Road" -> "12 Church Rd".
void abbreviate_street(std::string& s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kAbbreviations = {
      {{" Road", " Rd"},
       {" Street", " St"},
       {" Avenue", " Ave"},
       {" Lane", " Ln"},
       {" Drive", " Dr"},
       {" Close", " Cl"},
       {" Crescent", " Cres"},
       {" Gardens", " Gdns"},
       {" Place", " Pl"},
       {" Court", " Ct"},
       {" Terrace", " Ter"},
       {" Grove", " Gr"}}};
  for (const auto& [full, shortened] : kAbbreviations) {
    if (s.size() >= full.size() && s.compare(s.size() - full.size(), full.size(), full) == 0) {
      s.replace(s.size() - full.size(), full.size(), shortened);
      return;
    }
  }
}

// ---- the generator -----------------------------------------------------------------------

struct Home {
  uint32_t area = 0;
  uint64_t unit = 0;
  int house = 0;
};

struct Person {
  bool female = false;
  uint32_t given = 0;
  uint32_t surname = 0;
  int year = 2000, month = 1, day = 1;
  Home home;
};

class Generator {
 public:
  Generator(const GenerateOptions& o, const PeopleTables& t) : options_(o), tables_(t) {
    duplicates_ = std::llround(static_cast<double>(o.rows) * o.duplicate_rate);
    entities_ = o.rows - duplicates_;
    if (entities_ < 1) {
      entities_ = 1;
      duplicates_ = o.rows - 1;
    }
    frequent_ = entities_ / 50;

    if (!t.areas.empty()) {
      areas_ = t.areas;
    } else {
      for (const auto& [area, town] : t.towns) areas_.push_back({area, town, 1, 9, "", 1});
    }
    female_ = Alias(weights(t.given_names_female));
    male_ = Alias(weights(t.given_names_male));
    surnames_ = Alias(weights(t.surnames));
    streets_ = Alias(weights(t.streets));
    std::vector<double> area_weights;
    for (const auto& a : areas_) area_weights.push_back(a.weight);
    areas_alias_ = Alias(area_weights);
    ages_ = Alias(std::vector<double>(kAgeBands.begin(), kAgeBands.end()));

    // Unit postcodes per area: ~36 people each, at least one per area.
    double total = 0;
    for (double w : area_weights) total += w;
    const double units = std::max(1.0, std::ceil(static_cast<double>(entities_) / kPeoplePerUnit));
    for (double w : area_weights)
      units_.push_back(static_cast<uint64_t>(std::max(1.0, std::round(units * w / total))));

    std::unordered_map<std::string, std::vector<std::string>> nicks;
    for (const auto& [formal, nick] : t.nicknames) nicks[formal].push_back(nick);
    auto attach = [&](const std::vector<WeightedName>& names) {
      std::vector<std::vector<std::string>> out(names.size());
      for (std::size_t i = 0; i < names.size(); ++i)
        if (auto it = nicks.find(names[i].name); it != nicks.end()) out[i] = it->second;
      return out;
    };
    female_nicks_ = attach(t.given_names_female);
    male_nicks_ = attach(t.given_names_male);

    id_width_ = std::max(7, digits(static_cast<uint64_t>(o.rows)));
    cluster_width_ = std::max(7, digits(static_cast<uint64_t>(entities_)));
  }

  void run(const std::function<void(const PersonRecord&)>& sink) {
    const Permutation order(static_cast<uint64_t>(options_.rows),
                            stream_key(options_.seed, kOrderKey, 0));
    const Permutation clusters(static_cast<uint64_t>(entities_),
                               stream_key(options_.seed, kClusterKey, 0));
    PersonRecord rec;
    for (int64_t i = 0; i < options_.rows; ++i) {
      const auto j = static_cast<int64_t>(order(static_cast<uint64_t>(i)));
      rec.unique_id.assign(1, 'r');
      append_padded(rec.unique_id, static_cast<uint64_t>(i) + 1, id_width_);
      if (j < entities_) {
        const Person p = person(static_cast<uint64_t>(j));
        set_cluster(rec, clusters(static_cast<uint64_t>(j)));
        write_true(rec, p);
      } else {
        Rng r(stream_key(options_.seed, kDuplicateStream, static_cast<uint64_t>(j)));
        const uint64_t e = frequent_ > 0 && r.chance(kFrequentDuplicates)
                               ? r.below(static_cast<uint64_t>(frequent_))
                               : r.below(static_cast<uint64_t>(entities_));
        Person p = person(e);
        set_cluster(rec, clusters(e));
        write_duplicate(rec, p, r);
      }
      sink(rec);
    }
  }

 private:
  static std::vector<double> weights(const std::vector<WeightedName>& names) {
    std::vector<double> w;
    w.reserve(names.size());
    for (const auto& n : names) w.push_back(n.weight);
    return w;
  }
  static int digits(uint64_t v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      ++d;
    }
    return d;
  }

  void set_cluster(PersonRecord& rec, uint64_t cluster) const {
    rec.cluster.assign(1, 'c');
    append_padded(rec.cluster, cluster + 1, cluster_width_);
  }

  Home random_home(Rng& r) const {
    Home h;
    h.area = areas_alias_.sample(r);
    h.unit = r.below(units_[h.area]);
    h.house = static_cast<int>(r.below(kHouseholdsPerUnit));
    return h;
  }

  Person base_person(uint64_t e) const {
    Rng r(stream_key(options_.seed, kPersonStream, e));
    Person p;
    p.female = r.chance(kFemale);
    p.given = (p.female ? female_ : male_).sample(r);
    p.surname = surnames_.sample(r);
    const uint32_t band = ages_.sample(r);
    const int age = band == 20 ? 100 : static_cast<int>(band) * 5 + static_cast<int>(r.below(5));
    p.year = kReferenceYear - 1 - age;
    int day_of_year = static_cast<int>(r.below(is_leap(p.year) ? 366 : 365));
    p.month = 1;
    while (day_of_year >= days_in_month(p.year, p.month)) {
      day_of_year -= days_in_month(p.year, p.month);
      ++p.month;
    }
    p.day = day_of_year + 1;
    p.home = random_home(r);
    return p;
  }

  // An odd-numbered person may live with the person before them.
  Person person(uint64_t e) const {
    Person p = base_person(e);
    if (e % 2 == 1) {
      Rng r(stream_key(options_.seed, kFamilyStream, e));
      if (r.chance(kLivesWithPrevious)) {
        const Person q = base_person(e - 1);
        p.home = q.home;
        if (r.chance(kFamilySharesSurname)) p.surname = q.surname;
      }
    }
    return p;
  }

  const std::string& given_name(const Person& p) const {
    return (p.female ? tables_.given_names_female : tables_.given_names_male)[p.given].name;
  }

  // The unit's postcode, street and first house number: a function of (seed, area, unit).
  void write_home(PersonRecord& rec, const Home& h) const {
    const PostcodeArea& a = areas_[h.area];
    Rng r(stream_key(options_.seed, kUnitStream + (uint64_t{h.area} << 8), h.unit));
    rec.postcode = a.area;
    append_padded(rec.postcode, static_cast<uint64_t>(r.between(a.first_district, a.last_district)),
                  1);
    if (!a.district_letters.empty())
      rec.postcode += a.district_letters[r.below(a.district_letters.size())];
    rec.postcode += ' ';
    rec.postcode += static_cast<char>('0' + r.between(1, 9));
    rec.postcode += kInwardLetters[r.below(kInwardLetters.size())];
    rec.postcode += kInwardLetters[r.below(kInwardLetters.size())];
    const uint32_t street = streets_.sample(r);
    const int first_number = 1 + static_cast<int>(r.below(150));
    rec.address_1.clear();
    append_padded(rec.address_1, static_cast<uint64_t>(first_number + 2 * h.house), 1);
    rec.address_1 += ' ';
    rec.address_1 += tables_.streets[street].name;
    rec.town = a.town;
  }

  void write_true(PersonRecord& rec, const Person& p) const {
    rec.given_name = given_name(p);
    rec.surname = tables_.surnames[p.surname].name;
    write_iso(Date{p.year, p.month, p.day}, rec.date_of_birth);
    rec.sex.assign(1, p.female ? 'F' : 'M');
    write_home(rec, p.home);
  }

  void write_duplicate(PersonRecord& rec, Person& p, Rng& r) const {
    const ErrorRates& e = kRates;
    // Names.
    rec.given_name = given_name(p);
    const auto& nicks = (p.female ? female_nicks_ : male_nicks_)[p.given];
    if (!nicks.empty() && r.chance(e.nickname)) rec.given_name = nicks[r.below(nicks.size())];
    if (r.chance(e.given_typo)) typo(rec.given_name, r);
    if (r.chance(e.given_transposition)) transpose(rec.given_name, r);
    const bool adult_woman = p.female && p.year <= kReferenceYear - 19;
    if (r.chance(adult_woman ? e.surname_change_woman : e.surname_change_other)) {
      const uint32_t was = p.surname;
      for (int tries = 0; tries < 4 && p.surname == was; ++tries) p.surname = surnames_.sample(r);
    }
    rec.surname = tables_.surnames[p.surname].name;
    if (r.chance(e.surname_typo)) typo(rec.surname, r);
    if (r.chance(e.surname_transposition)) transpose(rec.surname, r);
    if (r.chance(e.names_swapped)) std::swap(rec.given_name, rec.surname);
    if (r.chance(e.names_capitals)) {
      upper_case(rec.given_name);
      upper_case(rec.surname);
    }
    if (r.chance(e.given_missing)) rec.given_name.clear();
    if (r.chance(e.surname_missing)) rec.surname.clear();

    // Date of birth.
    if (r.chance(e.dob_first_january)) p.month = p.day = 1;
    if (r.chance(e.dob_day_month_swap) && p.day <= 12 && p.day != p.month)
      std::swap(p.day, p.month);
    write_iso(Date{p.year, p.month, p.day}, rec.date_of_birth);
    if (r.chance(e.dob_digit)) date_digit_typo(rec.date_of_birth, r);
    if (r.chance(e.dob_missing)) rec.date_of_birth.clear();

    // Sex.
    bool female = p.female;
    if (r.chance(e.sex_wrong)) female = !female;
    rec.sex.assign(1, female ? 'F' : 'M');
    if (r.chance(e.sex_missing)) rec.sex.clear();

    // Address.
    if (r.chance(e.moved)) {
      if (r.chance(e.moved_within_area)) {
        p.home.unit = r.below(units_[p.home.area]);
        p.home.house = static_cast<int>(r.below(kHouseholdsPerUnit));
      } else {
        p.home = random_home(r);
      }
    }
    write_home(rec, p.home);
    if (r.chance(e.postcode_typo)) postcode_typo(rec.postcode, r);
    if (r.chance(e.postcode_no_space)) std::erase(rec.postcode, ' ');
    if (r.chance(e.postcode_lower)) lower_case(rec.postcode);
    if (r.chance(e.postcode_missing)) rec.postcode.clear();
    if (r.chance(e.street_abbreviated)) abbreviate_street(rec.address_1);
    if (r.chance(e.address_typo)) typo(rec.address_1, r);
    if (r.chance(e.address_missing)) rec.address_1.clear();
    if (r.chance(e.town_missing)) rec.town.clear();
  }

  const GenerateOptions& options_;
  const PeopleTables& tables_;
  int64_t entities_ = 1;
  int64_t duplicates_ = 0;
  int64_t frequent_ = 0;
  std::vector<PostcodeArea> areas_;
  std::vector<uint64_t> units_;
  Alias female_, male_, surnames_, streets_, areas_alias_, ages_;
  std::vector<std::vector<std::string>> female_nicks_, male_nicks_;
  int id_width_ = 7;
  int cluster_width_ = 7;
};

}  // namespace

Status check_generate_options(const GenerateOptions& o) {
  if (o.rows < 1 || o.rows > 1'000'000'000)
    return fail(Error::invalid("rows must be from 1 to 1000000000", "rows"));
  if (!(o.duplicate_rate >= 0 && o.duplicate_rate < 1))
    return fail(
        Error::invalid("the duplicate rate must be at least 0 and less than 1", "duplicate_rate"));
  return {};
}

Status generate_people(const GenerateOptions& options, const PeopleTables& tables,
                       const std::function<void(const PersonRecord&)>& sink) {
  if (auto s = check_generate_options(options); !s) return s;
  if (auto s = check_people_tables(tables); !s) return s;
  Generator g(options, tables);
  g.run(sink);
  return {};
}

}  // namespace pvf::linkage
