// POST /imports/{kind}: one CSV file of measurement data, one transaction (the store's rule).
#include <chrono>

#include "core/crypto.h"
#include "core/csv.h"
#include "server/routes.h"
#include "store/indicators_repo.h"
#include "store/measure_repo.h"

namespace pvf::server {
namespace {

using nlohmann::json;

struct Outcome {
  std::string format = "pvf";
  int64_t rows = 0, inserted = 0, updated = 0, unchanged = 0, skipped_blank = 0;
  int bodies_created = 0, indicators_created = 0;
};

template <class S>
Outcome counts(const S& s) {
  Outcome o;
  o.rows = s.rows;
  o.inserted = s.inserted;
  o.updated = s.updated;
  o.unchanged = s.unchanged;
  return o;
}

// Kinds a body lead may import: data about their own body, which the store scopes to it.
bool body_lead_may_import(const std::string& kind) {
  return kind == "goals" || kind == "activity" || kind == "inputs" || kind == "survey-responses";
}

Result<Outcome> run_import(RequestContext& ctx, const std::string& kind,
                           const std::string& filename, const std::string& text) {
  if (kind == "observations") {
    auto s = store::import_observations(ctx.db, ctx.actor, filename, text);
    if (!s) return fail(s.error());
    Outcome o = counts(*s);
    o.format = s->format;
    o.skipped_blank = s->skipped_blank;
    o.bodies_created = s->bodies_created;
    o.indicators_created = s->indicators_created;
    return o;
  }
  auto table = csv::parse(text, filename);
  if (!table) return fail(table.error());
  const std::string sha = crypto::sha256_hex(text);
  auto wrap = [](const auto& r) -> Result<Outcome> {
    if (!r) return fail(r.error());
    return counts(*r);
  };
  if (kind == "indicators") return wrap(store::import_indicators(ctx.db, ctx.actor, *table, sha));
  if (kind == "groups") return wrap(store::import_groups(ctx.db, ctx.actor, *table, sha));
  if (kind == "goals") return wrap(store::import_goals(ctx.db, ctx.actor, *table, sha));
  if (kind == "activity") return wrap(store::import_activity(ctx.db, ctx.actor, *table, sha));
  if (kind == "inputs") return wrap(store::import_inputs(ctx.db, ctx.actor, *table, sha));
  if (kind == "survey-questions")
    return wrap(store::import_survey_questions(ctx.db, ctx.actor, *table, sha));
  if (kind == "survey-responses")
    return wrap(store::import_survey_responses(ctx.db, ctx.actor, *table, sha));
  return fail(Error::not_found("no such import kind: '" + kind + "'"));
}

}  // namespace

void add_import_routes(const AddRoute& add) {
  add("POST", "/api/v1/imports/{kind}",
      Access::only({Role::admin, Role::treasury_analyst, Role::body_lead}),
      [](Request& req, RequestContext& ctx) {
        const std::string kind = req.param("kind").value_or("");
        static const char* kKinds[] = {"indicators", "observations", "groups", "goals",
                                       "activity", "inputs", "survey-questions",
                                       "survey-responses"};
        bool known = false;
        for (const char* k : kKinds) known = known || kind == k;
        if (!known) return error_response(Error::not_found("no such import kind: '" + kind + "'"));
        if (ctx.actor.role == Role::body_lead && !body_lead_may_import(kind))
          return error_response(Error::forbidden(
              "body leads may import goals, activity, inputs and survey responses only"));
        std::string filename = req.query_param("filename").value_or("");
        if (filename.empty()) filename = kind + ".csv";
        const auto start = std::chrono::steady_clock::now();
        auto outcome = run_import(ctx, kind, filename, req.body);
        if (!outcome) return error_response(outcome.error());
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const auto& o = *outcome;
        return Response::json(200, json{{"kind", kind},
                                        {"format", o.format},
                                        {"filename", filename},
                                        {"rows", o.rows},
                                        {"inserted", o.inserted},
                                        {"updated", o.updated},
                                        {"unchanged", o.unchanged},
                                        {"skipped_blank", o.skipped_blank},
                                        {"bodies_created", o.bodies_created},
                                        {"indicators_created", o.indicators_created},
                                        {"seconds", seconds}});
      });
}

}  // namespace pvf::server
