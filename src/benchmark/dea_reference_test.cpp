// DEA and Malmquist against published figures (tests/data/benchmark/README.md gives each
// source, the model behind each column and the rounding). Tolerances are the published
// rounding: half a unit in the last printed digit.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "benchmark/dea.h"
#include "benchmark/dea_table.h"
#include "benchmark/malmquist.h"
#include "core/csv.h"

namespace pvf::benchmark {
namespace {

const std::string kDir = std::string(PVF_SOURCE_DIR) + "/tests/data/benchmark/";

csv::Table table(const std::string& name) {
  auto t = csv::read_file(kDir + name);
  EXPECT_TRUE(t) << name << ": " << (t ? "" : t.error().to_text());
  return t ? *t : csv::Table{};
}

// Expected values keyed by the row's leading key columns joined with '|', then column name.
using Expected = std::map<std::string, std::map<std::string, std::string>>;
Expected expected(const std::string& name, std::size_t key_columns) {
  const auto t = table(name);
  Expected out;
  for (const auto& row : t.rows) {
    std::string key;
    for (std::size_t k = 0; k < key_columns; ++k) key += (k ? "|" : "") + row.fields[k];
    for (std::size_t c = key_columns; c < t.header.size(); ++c)
      out[key][t.header[c]] = row.fields[c];
  }
  return out;
}

// Half a unit in the last printed digit of a published figure.
double rounding_of(const std::string& printed) {
  const auto dot = printed.find('.');
  if (dot == std::string::npos) return 0.5;
  return 0.5 * std::pow(10.0, -static_cast<double>(printed.size() - dot - 1));
}
// DEA.jl prints 6 significant digits.
double six_significant(double v) { return 0.5e-5 * std::max(1.0, std::fabs(v)) + 1e-9; }

DeaData data(const std::string& name, std::vector<std::string> inputs,
             std::vector<std::string> outputs) {
  auto d = read_dea_table(table(name), {"dmu", std::move(inputs), std::move(outputs)});
  EXPECT_TRUE(d) << (d ? "" : d.error().to_text());
  return d ? *d : DeaData{};
}

TEST(DeaReference, DeapExample1ScoresSlacksTargetsAndPeers) {
  const auto d = data("coelli_deap_eg1.csv", {"x1", "x2"}, {"y"});
  const auto want = expected("coelli_deap_eg1_expected.csv", 1);
  auto r = run_dea(d, {.slacks = true});
  ASSERT_TRUE(r);
  for (std::size_t u = 0; u < d.size(); ++u) {
    const auto& w = want.at(d.units[u]);
    const auto& got = r->units[u];
    const std::string id = "firm " + d.units[u];
    auto near = [&](double value, const std::string& column) {
      const std::string& printed = w.at(column);
      EXPECT_NEAR(value, std::stod(printed), rounding_of(printed) + 1e-9) << id << " " << column;
    };
    near(got.efficiency, "crs_input_efficiency");
    near(got.input_slacks[0], "slack_x1");
    near(got.input_slacks[1], "slack_x2");
    near(got.output_slacks[0], "slack_y");
    near(got.input_targets[0], "target_x1");
    near(got.input_targets[1], "target_x2");
    near(got.output_targets[0], "target_y");
    // Peers "5:0.500;2:1.000": the same units with the same weights, in any order.
    std::map<std::string, double> published;
    std::string peers = w.at("peers");
    for (std::size_t start = 0; start < peers.size();) {
      auto end = peers.find(';', start);
      if (end == std::string::npos) end = peers.size();
      const auto part = peers.substr(start, end - start);
      published[part.substr(0, part.find(':'))] = std::stod(part.substr(part.find(':') + 1));
      start = end + 1;
    }
    ASSERT_EQ(got.peers.size(), published.size()) << id;
    for (const auto& p : got.peers) {
      ASSERT_TRUE(published.count(d.units[p.unit])) << id << " peer " << d.units[p.unit];
      EXPECT_NEAR(p.lambda, published[d.units[p.unit]], 5e-4 + 1e-9) << id;
    }
  }
}

TEST(DeaReference, DeaJlRadialModelsWithMaximumSlacks) {
  const auto d = data("dea_jl_radial.csv", {"x1", "x2"}, {"y"});
  const auto want = expected("dea_jl_radial_expected.csv", 1);
  struct Model {
    std::string prefix, score;
    DeaOptions options;
  };
  const std::vector<Model> models{
      {"crs_input_", "crs_input_efficiency", {.slacks = true}},
      {"vrs_input_", "vrs_input_efficiency", {.rts = ReturnsToScale::vrs, .slacks = true}},
      {"vrs_output_", "vrs_output_phi",
       {.rts = ReturnsToScale::vrs, .orientation = Orientation::output, .slacks = true}},
  };
  for (const auto& m : models) {
    auto r = run_dea(d, m.options);
    ASSERT_TRUE(r);
    for (std::size_t u = 0; u < d.size(); ++u) {
      const auto& w = want.at(d.units[u]);
      const auto& got = r->units[u];
      const std::string id = m.prefix + "unit " + d.units[u];
      ASSERT_EQ(got.status, DeaStatus::optimal) << id;
      const double score = std::stod(w.at(m.score));
      EXPECT_NEAR(got.efficiency, score, six_significant(score)) << id;
      const double s1 = std::stod(w.at(m.prefix + "slack_x1"));
      const double s2 = std::stod(w.at(m.prefix + "slack_x2"));
      const double sy = std::stod(w.at(m.prefix + "slack_y"));
      EXPECT_NEAR(got.input_slacks[0], s1, six_significant(s1)) << id << " x1";
      EXPECT_NEAR(got.input_slacks[1], s2, six_significant(s2)) << id << " x2";
      EXPECT_NEAR(got.output_slacks[0], sy, six_significant(sy)) << id << " y";
    }
  }
}

DeaPanel panel(const std::string& name) {
  auto p = read_dea_panel(table(name), {"dmu", {"x"}, {"y"}}, "period");
  EXPECT_TRUE(p) << (p ? "" : p.error().to_text());
  return p ? *p : DeaPanel{};
}

TEST(DeaReference, DeapExample4MalmquistWithVrsDecomposition) {
  const auto p = panel("coelli_deap_eg4.csv");
  const auto want = expected("coelli_deap_eg4_expected.csv", 3);
  auto r = run_malmquist(p, {.rts = ReturnsToScale::vrs, .orientation = Orientation::output});
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->rows.size(), want.size());
  for (const auto& row : r->rows) {
    const std::string key = row.unit + "|" + p.periods[row.period_from] + "|" +
                            p.periods[row.period_to];
    ASSERT_TRUE(want.count(key)) << key;
    const auto& w = want.at(key);
    ASSERT_EQ(row.status, DeaStatus::optimal) << key;
    // DEAP rounds 0.5625 down in one place and up in another: allow the full last digit's tie.
    auto near = [&](double value, const std::string& column) {
      const std::string& printed = w.at(column);
      EXPECT_NEAR(value, std::stod(printed), rounding_of(printed) + 1e-9) << key << " " << column;
    };
    near(row.malmquist, "malmquist");
    near(row.efficiency_change, "efficiency_change");
    near(row.technical_change, "technical_change");
    ASSERT_TRUE(row.pure_efficiency_change && row.scale_efficiency_change);
    near(*row.pure_efficiency_change, "pure_efficiency_change");
    near(*row.scale_efficiency_change, "scale_efficiency_change");
  }
}

TEST(DeaReference, DeaJlMalmquistInputOrientedCrs) {
  const auto p = panel("dea_jl_malmquist.csv");
  const auto want = expected("dea_jl_malmquist_expected.csv", 3);
  auto r = run_malmquist(p, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rows.size(), 5u);
  for (const auto& row : r->rows) {
    const auto& w = want.at(row.unit + "|1|2");
    for (const auto& [column, value] :
         {std::pair{"malmquist", row.malmquist}, std::pair{"efficiency_change", row.efficiency_change},
          std::pair{"technical_change", row.technical_change}}) {
      const double published = std::stod(w.at(column));
      EXPECT_NEAR(value, published, six_significant(published)) << row.unit << " " << column;
    }
    EXPECT_NEAR(row.malmquist, row.efficiency_change * row.technical_change, 1e-12);
  }
}

}  // namespace
}  // namespace pvf::benchmark
