// seed_demo_indicators: Oflog's adult social care data, indicator definitions and published
// nearest-neighbour groups for the demo (demo_indicators.h).
#include "demo/demo_indicators.h"

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "demo/demo_internal.h"
#include "store/repositories.h"

namespace pvf::demo {
namespace {

// The neighbour codes of `code` in NN.json, in published order.
Result<std::vector<std::string>> neighbours(const nlohmann::json& nn, const std::string& code,
                                            const std::string& file) {
  auto it = nn.find(code);
  if (it == nn.end()) return std::vector<std::string>{};
  if (!it->is_array())
    return fail(Error::invalid("must be an array of codes", file + ":$." + code));
  std::vector<std::string> out;
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string())
      return fail(
          Error::invalid("must be a code", file + ":$." + code + "[" + std::to_string(i) + "]"));
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

}  // namespace

Result<DemoIndicatorSummary> seed_demo_indicators(store::Database& db, const std::string& demo_dir,
                                                  const store::Actor& actor) {
  const std::string oflog = demo_dir + "/oflog/ASC_data.csv";
  const std::string defs_file = demo_dir + "/indicators.csv";
  const std::string bodies_file = demo_dir + "/bodies.csv";
  const std::string nn_file = demo_dir + "/oflog/NN.json";
  auto defs = csv::read_file(defs_file);
  if (!defs) return fail(defs.error());
  auto bodies = csv::read_file(bodies_file);
  if (!bodies) return fail(bodies.error());
  auto nn_text = detail::read_text(nn_file);
  if (!nn_text) return fail(nn_text.error());
  const auto nn = nlohmann::json::parse(*nn_text, nullptr, /*allow_exceptions=*/false);
  if (!nn.is_object())
    return fail(Error::invalid("not a JSON object of code -> neighbour codes", nn_file));
  const auto code_c = bodies->column("code"), type_c = bodies->column("type");
  if (!code_c || !type_c)
    return fail(Error::invalid("needs code and type columns", bodies_file + ":1"));

  return db.transaction([&]() -> Result<DemoIndicatorSummary> {
    DemoIndicatorSummary out;
    auto observations = store::import_observations_file(db, actor, oflog);
    if (!observations) return fail(observations.error());
    out.observations = *observations;
    auto definitions = store::import_indicators(db, actor, *defs);
    if (!definitions) return fail(definitions.error());
    out.definitions = *definitions;

    for (const auto& row : bodies->rows) {
      if (row.fields[*type_c] != "council" || row.fields[*code_c].empty()) continue;
      const std::string& code = row.fields[*code_c];
      auto council = store::find_body_by_code(db, code);
      if (!council) return fail(council.error());
      if (!*council)
        return fail(
            Error::invalid("council " + code + " is not stored", bodies->where(row, "code")));
      auto codes = neighbours(nn, code, nn_file);
      if (!codes) return fail(codes.error());
      store::ComparisonGroupInput in;
      in.name = "Nearest neighbours of " + (*council)->name;
      in.description =
          "The 15 councils most similar to " + (*council)->name +
          " (with itself), as published with Oflog's Local Authority Data Explorer (OGL v3.0)";
      in.method = "published";
      in.body_id = (*council)->id;
      for (const auto& c : *codes) {
        auto member = store::find_body_by_code(db, c);
        if (!member) return fail(member.error());
        if (*member) in.members.push_back((*member)->id);
      }
      if (in.members.empty()) continue;
      auto stored = store::find_comparison_group(db, in.name);
      if (!stored) return fail(stored.error());
      if (!*stored) {
        auto g = store::create_comparison_group(db, actor, in);
        if (!g) return fail(g.error());
        ++out.groups_created;
      } else if (const auto& s = **stored; s.members != in.members ||
                                           s.description != in.description ||
                                           s.method != in.method || s.body_id != in.body_id) {
        auto g = store::update_comparison_group(db, actor, s.id, in);
        if (!g) return fail(g.error());
        ++out.groups_updated;
      }
    }
    return out;
  });
}

}  // namespace pvf::demo
