// `pvf import indicators|observations|groups`: the real binary on a temporary database.
#include "cli_support.h"

namespace pvf_cli_test {
namespace {

const std::string kOflog = std::string(PVF_SOURCE_DIR) + "/data/demo/oflog/ASC_data.csv";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(CliTest, ImportObservationsLoadsTheOflogFileAndAgainChangesNothing) {
  const std::string db = path("o.db");
  auto r = pvf("import observations " + kOflog + " --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // 6,376 rows, 298 with an empty Value, 157 councils, 7 measures (counted in the published
  // file with Python's csv module).
  EXPECT_TRUE(contains(r.out,
                       "Imported ASC_data.csv (oflog): 6,376 rows, 6,078 inserted, 0 updated, "
                       "0 unchanged, 298 blank values skipped, 157 bodies created, 7 indicators "
                       "created in "))
      << r.out;
  EXPECT_FALSE(contains(r.out, "\r["));  // no progress bar when stderr is not a terminal

  auto again = pvf("import observations " + kOflog + " --db " + db);
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_TRUE(contains(again.out,
                       "6,376 rows, 0 inserted, 0 updated, 6,078 unchanged, 298 "
                       "blank values skipped, 0 bodies created, 0 indicators created"))
      << again.out;
}

TEST_F(CliTest, ImportObservationsRefusesABadFileNamingLineAndColumnAndWritesNothing) {
  const std::string db = path("p.db");
  write("bodies.csv", "name,code,type\nLeeds,E08000035,council\nYork,E06000014,council\n");
  ASSERT_EQ(pvf("body import --db " + db + " " + path("bodies.csv")).exit_code, 0);
  write("indicators.csv", "key,name,unit,polarity\nASC1,Carer quality of life,score,higher\n");
  auto defs = pvf("import indicators " + path("indicators.csv") + " --db " + db);
  ASSERT_EQ(defs.exit_code, 0) << defs.out;
  EXPECT_TRUE(contains(defs.out, "1 created")) << defs.out;

  write("bad.csv",
        "indicator,body,period,value\n"
        "ASC1,Leeds,2022-23,7.5\n"
        "ASC1,York,2022-23,lots\n"
        "ASC2,York,2022-23,1\n");
  auto bad = pvf("import observations " + path("bad.csv") + " --db " + db);
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_TRUE(contains(bad.out, path("bad.csv") + ":3:value: 'lots' is not a number")) << bad.out;
  EXPECT_TRUE(contains(bad.out, path("bad.csv") + ":4:indicator:")) << bad.out;
  EXPECT_TRUE(contains(bad.out, "nothing was imported")) << bad.out;

  // Line 2 was valid, but the refused file left nothing: importing it alone inserts it.
  write("good.csv", "indicator,body,period,value\nASC1,Leeds,2022-23,7.5\n");
  auto good = pvf("import observations " + path("good.csv") + " --db " + db);
  ASSERT_EQ(good.exit_code, 0) << good.out;
  EXPECT_TRUE(contains(good.out, "(pvf): 1 rows, 1 inserted")) << good.out;
}

TEST_F(CliTest, ImportGroupsAndIndicatorDefinitionsReportCountsAndProblems) {
  const std::string db = path("g.db");
  write("bodies.csv", "name,code,type\nLeeds,E08000035,council\nYork,E06000014,council\n");
  ASSERT_EQ(pvf("body import --db " + db + " " + path("bodies.csv")).exit_code, 0);
  write("groups.csv", "group,body,position\nPeers,York,2\nPeers,E08000035,1\n");
  auto r = pvf("import groups " + path("groups.csv") + " --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "Imported groups.csv (groups): 2 rows; groups: 1 created")) << r.out;

  write("bad-groups.csv", "group,body\nPeers,Hull\n");
  auto bad = pvf("import groups " + path("bad-groups.csv") + " --db " + db);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(contains(bad.out, path("bad-groups.csv") + ":2:body")) << bad.out;

  write("bad-defs.csv", "key,name,polarity\nASC1,X,sideways\n");
  auto defs = pvf("import indicators " + path("bad-defs.csv") + " --db " + db);
  EXPECT_EQ(defs.exit_code, 1);
  EXPECT_TRUE(contains(defs.out, path("bad-defs.csv") + ":2:polarity")) << defs.out;
}

TEST_F(CliTest, ImportObservationsWithoutAFileIsAUsageError) {
  EXPECT_EQ(pvf("import observations --db " + path("u.db")).exit_code, 2);
  EXPECT_EQ(pvf("import observations " + path("missing.csv")).exit_code, 2);
}

}  // namespace
}  // namespace pvf_cli_test
