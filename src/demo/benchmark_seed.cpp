// seed_benchmark: many councils x many years of fully rated assessments, for benchmarks.
#include <algorithm>
#include <cstdio>
#include <random>

#include "core/crypto.h"
#include "core/period.h"
#include "demo/demo_internal.h"
#include "demo/demo_seed.h"
#include "store/repositories.h"

namespace pvf::demo {
namespace {

constexpr const char* kRegions[] = {"North East",    "North West",    "Yorkshire and The Humber",
                                    "East Midlands", "West Midlands", "East of England",
                                    "London",        "South East",    "South West"};

std::string financial_year(int start_year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", start_year, (start_year + 1) % 100);
  return buf;
}

// The account `username`, created with a random (unusable) password when missing.
Result<store::User> ensure_user(store::Database& db, const std::string& username,
                                const std::string& display_name, Role role) {
  auto found = store::find_user_with_hash(db, username);
  if (!found) return fail(found.error());
  if (*found) return (*found)->first;
  auto hash = crypto::hash_password(crypto::random_token());
  if (!hash) return fail(hash.error());
  return store::create_user(db, store::Actor::system(), username, display_name, role, std::nullopt,
                            *hash);
}

Result<store::Body> ensure_council(store::Database& db, int index) {
  char code[16];
  std::snprintf(code, sizeof code, "BM%06d", index + 1);
  auto found = store::find_body_by_code(db, code);
  if (!found) return fail(found.error());
  if (*found) return **found;
  char name[48];
  std::snprintf(name, sizeof name, "Benchmark Council %06d", index + 1);
  store::BodyInput in;
  in.code = code;
  in.name = name;
  in.type = "council";
  in.region = kRegions[static_cast<size_t>(index) % std::size(kRegions)];
  return store::create_body(db, store::Actor::system(), in);
}

}  // namespace

Result<std::vector<int64_t>> seed_benchmark(store::Database& db, const std::string& framework_yaml,
                                            int bodies, int periods, uint32_t seed) {
  if (bodies < 1 || bodies > 100000)
    return fail(Error::invalid("bodies must be between 1 and 100000", "bodies"));
  if (periods < 1 || periods > 50)
    return fail(Error::invalid("periods must be between 1 and 50", "periods"));
  auto fw_file = detail::read_framework(framework_yaml);
  if (!fw_file) return fail(fw_file.error());
  if (auto s = crypto::crypto_init(); !s) return fail(s.error());

  std::vector<std::string> years;  // oldest first, ending 2025-26
  for (int p = periods - 1; p >= 0; --p) years.push_back(financial_year(2025 - p));

  return db.transaction([&]() -> Result<std::vector<int64_t>> {
    const store::Actor system = store::Actor::system();
    auto fw = store::save_framework(db, system, fw_file->definition, fw_file->source);
    if (!fw) return fail(fw.error());
    const framework::Framework& f = *fw->definition;
    if (f.scale.empty()) return fail(Error::invalid("the framework has no scale", framework_yaml));

    auto admin = ensure_user(db, "bench-admin", "Benchmark administrator", Role::admin);
    if (!admin) return fail(admin.error());
    auto analyst =
        ensure_user(db, "bench-treasury", "Benchmark Treasury analyst", Role::treasury_analyst);
    if (!analyst) return fail(analyst.error());
    const store::Actor author = detail::actor_of(*admin);
    const store::Actor treasury = detail::actor_of(*analyst);

    std::vector<const framework::Area*> areas;
    for (const auto& pillar : f.pillars)
      for (const auto& area : pillar.areas) areas.push_back(&area);
    const int top = static_cast<int>(f.scale.size()) - 1;  // levels by index into the scale

    // mt19937's output sequence is fixed by the standard (distributions are not), so levels are
    // derived from raw draws: the same seed gives the same data everywhere.
    std::mt19937 rng(seed);
    auto draw = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };

    std::vector<int64_t> ids;
    ids.reserve(static_cast<size_t>(bodies) * static_cast<size_t>(periods));
    for (int b = 0; b < bodies; ++b) {
      auto body = ensure_council(db, b);
      if (!body) return fail(body.error());
      // A council's capability, each area's deviation from it, then year-on-year marginal gains.
      const int base = draw(top + 1);
      std::vector<int> index(areas.size());
      for (auto& i : index) i = std::clamp(base + draw(3) - 1, 0, top);
      for (int p = 0; p < periods; ++p) {
        if (p > 0)
          for (auto& i : index) {
            const int move = draw(8);  // 2 in 8 improve, 1 in 8 slips
            i = std::clamp(i + (move < 2 ? 1 : move == 2 ? -1 : 0), 0, top);
          }
        auto a =
            store::create_assessment(db, author, body->id, fw->id, years[static_cast<size_t>(p)]);
        if (!a) return fail(a.error());
        for (size_t k = 0; k < areas.size(); ++k) {
          store::RatingInput in;
          in.level = f.scale[static_cast<size_t>(index[k])].level;
          in.rationale = "Benchmark rating.";
          in.confidence = "medium";
          if (auto r = store::put_rating(db, author, a->id, areas[k]->key, in); !r)
            return fail(r.error());
        }
        if (auto t = store::transition(db, author, a->id, framework::AssessmentStatus::submitted,
                                       "Benchmark submission.");
            !t)
          return fail(t.error());
        if (p + 1 < periods)
          if (auto t = store::transition(db, treasury, a->id, framework::AssessmentStatus::agreed,
                                         "Benchmark agreement.");
              !t)
            return fail(t.error());
        ids.push_back(a->id);
      }
    }
    return ids;
  });
}

}  // namespace pvf::demo
