// `pvf dea` and `pvf malmquist` as users run them, against published figures where they exist.
#include <cstdlib>

#include "cli_support.h"

namespace pvf_cli_test {
namespace {

const std::string kShared = std::string(PVF_SOURCE_DIR) + "/../shared/data/dea/";
const std::string kFixtures = std::string(PVF_SOURCE_DIR) + "/tests/data/benchmark/";

pvf::csv::Table parse_out(const std::string& text) {
  auto t = pvf::csv::parse(text, "out.csv");
  EXPECT_TRUE(t) << text;
  return t ? *t : pvf::csv::Table{};
}

class DeaCli : public CliTest {};

// DEAP example 1 (Coelli 1996): CRS input efficiencies 0.5, 1, 0.833, 0.714, 1; firm A's x2
// slack 0.5; firm D's peers B 0.214 and E 0.286.
TEST_F(DeaCli, DeapExample1AsPublishedWithSlacksAndPeers) {
  auto r = pvf("dea --data " + kShared + "deap_example1.csv --id firm --inputs x1,x2 --outputs y "
               "--slacks --out " + path("out.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto t = parse_out(read_text(path("out.csv")));
  EXPECT_EQ(pvf::csv::format_row(t.header),
            "firm,efficiency,status,slack_x1,slack_x2,slack_y,peers\n");
  ASSERT_EQ(t.rows.size(), 5u);
  const double published[5] = {0.500, 1.000, 0.833, 0.714, 1.000};
  for (size_t u = 0; u < 5; ++u) {
    EXPECT_NEAR(std::strtod(t.rows[u].fields[1].c_str(), nullptr), published[u], 5e-4);
    EXPECT_EQ(t.rows[u].fields[2], "optimal");
  }
  EXPECT_NEAR(std::strtod(t.rows[0].fields[4].c_str(), nullptr), 0.5, 1e-9);
  const std::string peers = t.rows[3].fields[6];  // "B:0.2142...;E:0.2857..."
  ASSERT_EQ(peers.substr(0, 2), "B:") << peers;
  EXPECT_NEAR(std::strtod(peers.c_str() + 2, nullptr), 0.214, 5e-4);
  const auto e = peers.find(";E:");
  ASSERT_NE(e, std::string::npos) << peers;
  EXPECT_NEAR(std::strtod(peers.c_str() + e + 3, nullptr), 0.286, 5e-4);
}

TEST_F(DeaCli, OutputOrientationPrintsPhiAndTeBesideIt) {
  auto r = pvf("dea --data " + kShared + "deap_example1.csv --id firm --inputs x1,x2 --outputs y "
               "--orientation output --targets");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto t = parse_out(r.out);
  EXPECT_EQ(pvf::csv::format_row(t.header),
            "firm,efficiency,te,status,target_x1,target_x2,target_y\n");
  // CRS: phi = 1/theta, so firm A's phi is 2 and te 0.5.
  EXPECT_NEAR(std::strtod(t.rows[0].fields[1].c_str(), nullptr), 2.0, 1e-9);
  EXPECT_NEAR(std::strtod(t.rows[0].fields[2].c_str(), nullptr), 0.5, 1e-9);
}

TEST_F(DeaCli, VrsSuperEfficiencyInfeasibleIsAStatusNotAnError) {
  write("units.csv", "unit,x,y\nA,1,1\nB,2,3\nC,4,4\nD,3,2\n");
  auto r = pvf("dea --data " + path("units.csv") + " --id unit --inputs x --outputs y "
               "--rts vrs --super");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("C,,infeasible"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("A,2,optimal"), std::string::npos) << r.out;
}

TEST_F(DeaCli, BadDataExits1NamingFileLineAndColumn) {
  write("units.csv", "unit,x,y\nA,1,1\nB,lots,3\n");
  auto r = pvf("dea --data " + path("units.csv") + " --id unit --inputs x --outputs y");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("units.csv:3:x"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'lots' is not a number"), std::string::npos) << r.out;
}

TEST_F(DeaCli, UnknownModelIsAUsageError) {
  write("units.csv", "unit,x,y\nA,1,1\n");
  auto r = pvf("dea --data " + path("units.csv") + " --id unit --inputs x --outputs y --rts irs");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("crs, vrs, nirs or ndrs"), std::string::npos) << r.out;
  EXPECT_EQ(pvf("dea --data " + path("units.csv") + " --id unit").exit_code, 2);
}

TEST_F(DeaCli, BootstrapAddsIntervalsAndTheSameSeedGivesTheSameFile) {
  const std::string args = "dea --data " + kShared +
                           "deap_example1.csv --id firm --inputs x1,x2 --outputs y "
                           "--bootstrap 200 --seed 11";
  auto a = pvf(args + " --out " + path("a.csv"));
  ASSERT_EQ(a.exit_code, 0) << a.out;
  EXPECT_NE(a.out.find("200 replicates, seed 11"), std::string::npos) << a.out;
  auto b = pvf(args + " --out " + path("b.csv"));
  ASSERT_EQ(b.exit_code, 0) << b.out;
  const std::string text = read_text(path("a.csv"));
  EXPECT_EQ(text, read_text(path("b.csv")));
  const auto t = parse_out(text);
  EXPECT_EQ(pvf::csv::format_row(t.header),
            "firm,efficiency,status,bias_corrected,bias,ci_lower,ci_upper,replicates_used\n");
  for (const auto& row : t.rows) {
    const double eff = std::strtod(row.fields[1].c_str(), nullptr);
    const double bc = std::strtod(row.fields[3].c_str(), nullptr);
    const double lo = std::strtod(row.fields[5].c_str(), nullptr);
    const double hi = std::strtod(row.fields[6].c_str(), nullptr);
    // DEA overstates efficiency against an estimated frontier: the corrected score is lower and
    // the interval lies at or below the estimate.
    EXPECT_LE(bc, eff + 1e-9) << row.fields[0];
    EXPECT_LE(lo, hi) << row.fields[0];
    EXPECT_LE(hi, eff + 1e-9) << row.fields[0];
    EXPECT_EQ(row.fields[7], "200");
  }
  auto other = pvf(args.substr(0, args.size() - 2) + "12 --out " + path("c.csv"));
  ASSERT_EQ(other.exit_code, 0) << other.out;
  EXPECT_NE(read_text(path("c.csv")), text);  // another seed, other draws
}

TEST_F(DeaCli, BootstrapWithSuperEfficiencyIsAUsageError) {
  auto r = pvf("dea --data " + kShared + "deap_example1.csv --id firm --inputs x1,x2 --outputs y "
               "--super --bootstrap 10");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("drop --super or --bootstrap"), std::string::npos) << r.out;
}

// DEAP example 4 (Coelli 1996), output-oriented Malmquist with the VRS decomposition.
TEST_F(DeaCli, MalmquistMatchesDeapExample4) {
  auto r = pvf("malmquist --data " + kFixtures + "coelli_deap_eg4.csv --id dmu --period period "
               "--inputs x --outputs y --rts vrs --orientation output --out " + path("m.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto t = parse_out(read_text(path("m.csv")));
  EXPECT_EQ(pvf::csv::format_row(t.header),
            "dmu,period_from,period_to,malmquist,efficiency_change,technical_change,"
            "pure_efficiency_change,scale_efficiency_change\n");
  ASSERT_EQ(t.rows.size(), 10u);
  // Firm 2, periods 1 to 2: 1.500 = 1.125 x 1.333; pure 1.222, scale 0.920.
  const auto& f2 = t.rows[1].fields;
  EXPECT_EQ(f2[0], "2");
  EXPECT_EQ(f2[1], "1");
  EXPECT_EQ(f2[2], "2");
  const double want[5] = {1.500, 1.125, 1.333, 1.222, 0.920};
  for (size_t k = 0; k < 5; ++k)
    EXPECT_NEAR(std::strtod(f2[3 + k].c_str(), nullptr), want[k], 5e-4 + 1e-9) << k;
}

TEST_F(DeaCli, MalmquistCrsHasSixColumnsAndRefusesNirs) {
  const std::string args = "malmquist --data " + kFixtures +
                           "dea_jl_malmquist.csv --id dmu --period period --inputs x --outputs y";
  auto r = pvf(args);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto t = parse_out(r.out);
  EXPECT_EQ(pvf::csv::format_row(t.header),
            "dmu,period_from,period_to,malmquist,efficiency_change,technical_change\n");
  EXPECT_NEAR(std::strtod(t.rows[0].fields[3].c_str(), nullptr), 2.0, 1e-6);  // DEA.jl: 2.0
  EXPECT_EQ(pvf(args + " --rts nirs").exit_code, 2);
}

}  // namespace
}  // namespace pvf_cli_test
