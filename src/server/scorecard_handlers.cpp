#include "core/period.h"
#include "server/export.h"
#include "server/json_body.h"
#include "server/scorecard_cache.h"
#include "server/routes.h"
#include "server/scorecard_view.h"

namespace pvf::server {
namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Response download(std::string body, std::string content_type, const std::string& filename) {
  Response r = Response::text(200, std::move(body), std::move(content_type));
  r.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

Result<std::string> format_of(const Request& req) {
  const std::string f = req.query_param("format").value_or("json");
  if (f == "json" || f == "csv" || f == "xlsx") return f;
  return fail(Error::invalid("format must be json, csv or xlsx", "format"));
}

// A framework named by id ("3") or by key and version ("pvf@2017").
Result<int64_t> framework_param(store::Database& db, const std::optional<std::string>& value) {
  if (!value || value->empty())
    return fail(Error::invalid("framework is required (an id, or key@version)", "framework"));
  auto id = query_int(value, "framework");
  if (id && *id) return **id;
  const auto at = value->find('@');
  if (at != std::string::npos) {
    auto f = store::find_framework(db, value->substr(0, at), value->substr(at + 1));
    if (!f) return fail(f.error());
    if (*f) return (*f)->id;
  }
  return fail(Error::not_found("no such framework: '" + *value + "'"));
}

}  // namespace

void add_scorecard_routes(const AddRoute& add) {
  auto cache = std::make_shared<ScorecardCache>();
  add("GET", "/api/v1/assessments/{id}/scorecard", Access::any_signed_in(),
      [cache](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto format = format_of(req);
        if (!format) return error_response(format.error());
        std::optional<int64_t> generation;
        if (*format == "json") {
          if (auto g = store::data_generation(ctx.db)) {
            generation = *g;
            if (auto hit = cache->find(*id, *g))
              return Response::text(200, std::move(*hit), "application/json");
          }
        }
        auto view = build_scorecard_view(ctx.db, *id);
        if (!view) return error_response(view.error());
        const std::string stem =
            file_stem(view->body.name + "-" + view->framework.key + "-" +
                      view->framework.version + "-" + view->assessment.period + "-scorecard");
        if (*format == "csv")
          return download(scorecard_csv(*view), "text/csv; charset=utf-8", stem + ".csv");
        if (*format == "xlsx") {
          auto x = scorecard_xlsx(*view);
          if (!x) return error_response(x.error());
          return download(std::move(*x), kXlsxType, stem + ".xlsx");
        }
        Response r = Response::json(200, to_json(*view));
        if (generation) cache->put(*id, *generation, r.body);
        return r;
      });

  add("GET", "/api/v1/scorecards", Access::any_signed_in(), [](Request& req, RequestContext& ctx) {
    auto format = format_of(req);
    if (!format) return error_response(format.error());
    auto framework_id = framework_param(ctx.db, req.query_param("framework"));
    if (!framework_id) return error_response(framework_id.error());
    const auto period_text = req.query_param("period").value_or("");
    if (period_text.empty())
      return error_response(Error::invalid("period is required, e.g. 2024-25", "period"));
    auto period = Period::parse(period_text);
    if (!period) {
      Error e = period.error();
      e.where = "period";
      return error_response(e);
    }
    auto c = build_comparison(ctx.db, *framework_id, period->to_string());
    if (!c) return error_response(c.error());
    const std::string stem = file_stem(c->framework.key + "-" + c->framework.version + "-" +
                                       c->period + "-comparison");
    if (*format == "csv")
      return download(comparison_csv(*c), "text/csv; charset=utf-8", stem + ".csv");
    if (*format == "xlsx") {
      auto x = comparison_xlsx(*c);
      if (!x) return error_response(x.error());
      return download(std::move(*x), kXlsxType, stem + ".xlsx");
    }
    return Response::json(200, to_json(*c));
  });
}

}  // namespace pvf::server
