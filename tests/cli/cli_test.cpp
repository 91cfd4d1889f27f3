// Runs build/pvf as a user would and checks exit codes, output and the files it writes.
#include "cli_support.h"

namespace pvf_cli_test {
namespace {

TEST_F(CliTest, ValidateAcceptsTheShippedFramework) {
  auto r = pvf("framework validate " + framework_);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("4 pillars, 16 areas"), std::string::npos) << r.out;
}

TEST_F(CliTest, ValidateNamesLineAndFieldOfEachProblemAndExits1) {
  write("bad.yaml", "key: pvf\nversion: x\ntitle: T\nscale:\n  - level: 1\n    label: A\n  - level: 1\n    label: B\npillars: []\n");
  auto r = pvf("framework validate " + path("bad.yaml"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(path("bad.yaml") + ":7:scale[1].level"), std::string::npos) << r.out;
}

TEST_F(CliTest, ShowJsonHasTheContractShape) {
  auto r = pvf("framework show " + framework_ + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["key"], "pvf");
  EXPECT_EQ(j["version"], "2017");
  ASSERT_EQ(j["scale"].size(), 4u);
  EXPECT_EQ(j["scale"][0]["level"], 1);
  ASSERT_EQ(j["pillars"].size(), 4u);
  const auto& area = j["pillars"][0]["areas"][0];
  EXPECT_TRUE(area["questions"].is_array());
  EXPECT_EQ(area["descriptors"].size(), 4u);
}

TEST_F(CliTest, UsageErrorsExit2) {
  EXPECT_EQ(pvf("framework validate").exit_code, 2);
  EXPECT_EQ(pvf("no-such-command").exit_code, 2);
}

TEST_F(CliTest, UserAddReadsThePasswordFromStdinAndRefusesDuplicates) {
  const std::string db = path("u.db");
  auto r = pvf("user add --db " + db + " --username ann --role viewer --password-stdin",
               "a-long-password");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("a-long-password"), std::string::npos);  // never echoed
  auto again = pvf("user add --db " + db + " --username ann --role viewer --password-stdin",
                   "a-long-password");
  EXPECT_EQ(again.exit_code, 1) << again.out;
  EXPECT_EQ(pvf("user add --db " + db + " --username bob --role emperor --password-stdin", "x-long-password").exit_code, 2);
}

TEST_F(CliTest, BodyImportRefusesABadFileWholeNamingRowAndColumn) {
  const std::string db = path("b.db");
  write("bodies.csv", "name,code,type,region\nLeeds,E08000035,council,Yorkshire\nYork,E06000014,castle,Yorkshire\n");
  auto r = pvf("body import --db " + db + " " + path("bodies.csv"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(path("bodies.csv") + ":3:type"), std::string::npos) << r.out;
  write("good.csv", "name,code,type,region\nLeeds,E08000035,council,Yorkshire\n");
  auto ok = pvf("body import --db " + db + " " + path("good.csv"));
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("1 created"), std::string::npos) << ok.out;  // the bad file left nothing
}

TEST_F(CliTest, FrameworkLoadStoresAVersionOnce) {
  const std::string db = path("f.db");
  auto r = pvf("framework load " + framework_ + " --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("loaded pvf 2017"), std::string::npos);
  EXPECT_EQ(pvf("framework load " + framework_ + " --db " + db).exit_code, 0);  // unchanged: no-op
}

TEST_F(CliTest, ExportOfAMissingAssessmentExits1) {
  auto r = pvf("export scorecard --db " + path("e.db") + " --assessment 99");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("99"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pvf_cli_test
