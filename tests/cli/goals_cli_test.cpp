// `pvf goals` as users run it.
#include "cli_support.h"

namespace pvf_cli_test {
namespace {

const char* kGoalsHeader =
    "goal,body,indicator,polarity,baseline_period,baseline_value,target_period,target_value\n";
const char* kOutputHeader =
    "goal,status,projected_value,planned_value_latest,latest_period,latest_value\n";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class GoalsCli : public CliTest {
 protected:
  // Every goal rises (higher is better) from 40 in 2020-21 to 60 in 2025-26: planned change 20,
  // so at_risk allows a shortfall of up to 0.2 * 20 = 4. The planned line at 2023-24 is
  // 40 + 20 * 3/5 = 52, at 2022-23 40 + 20 * 2/5 = 48.
  void write_worked_example() {
    write("goals.csv", std::string(kGoalsHeader) +
                           "on,Leeds,ASC1,higher,2020-21,40,2025-26,60\n"
                           "risk,York,ASC1,higher,2020-21,40,2025-26,60\n"
                           "off,Hull,ASC1,higher,2020-21,40,2025-26,60\n"
                           "early,Bath,ASC1,higher,2020-21,40,2025-26,60\n"
                           "none,Kent,ASC1,higher,2020-21,40,2025-26,60\n");
    write("obs.csv",
          "body,indicator,period,value\n"
          "Leeds,ASC1,2021-22,44\n"
          "Leeds,ASC1,2022-23,49\n"
          "Leeds,ASC1,2023-24,54\n"
          "York,ASC1,2023-24,50\n"
          "York,ASC1,2021-22,44\n"
          "York,ASC1,2022-23,47\n"
          "Hull,ASC1,2021-22,41\n"
          "Hull,ASC1,2022-23,42\n"
          "Hull,ASC1,2023-24,43\n"
          "Bath,ASC1,2019-20,30\n"
          "Bath,ASC1,2022-23,47\n"
          "Leeds,ASC2,2021-22,1\n");
  }
  std::string args() const {
    return "goals --goals " + path("goals.csv") + " --observations " + path("obs.csv");
  }
};

// Least squares on x = 2021, 2022, 2023 (mean 2022; Sxx = 1 + 0 + 1 = 2), projected to 2025:
//   on    (Leeds) 44, 49, 54: mean 49, Sxy = (-1)(-5) + (1)(5) = 10, slope 5;
//         49 + 5 * 3 = 64 >= 60                              -> on_track
//   risk  (York)  44, 47, 50 (given out of order): mean 47, Sxy = 6, slope 3;
//         47 + 3 * 3 = 56, short by 4 <= 4                   -> at_risk
//   off   (Hull)  41, 42, 43: mean 42, slope 1; 42 + 3 = 45, short by 15 > 4 -> off_track
//   early (Bath)  only 2022-23 = 47 since the baseline (2019-20 is before it) -> too_early
//   none  (Kent)  no observations at all                      -> too_early, empty cells
TEST_F(GoalsCli, WorkedExampleGivesEachStatus) {
  write_worked_example();
  auto r = pvf(args());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, std::string(kOutputHeader) +
                       "on,on_track,64,52,2023-24,54\n"
                       "risk,at_risk,56,52,2023-24,50\n"
                       "off,off_track,45,52,2023-24,43\n"
                       "early,too_early,,48,2022-23,47\n"
                       "none,too_early,,,,\n");
}

// Lower is better, 30 in 2020-21 to 20 in 2024-25 (change 10; at_risk up to 2).
// x = 2021..2023, y = 28, 25, 22: mean 25, Sxy = (-1)(3) + (1)(-3) = -6, slope -3;
// projection at 2024: 25 - 3 * 2 = 19 <= 20 -> on_track. Planned at 2023-24: 30 - 10 * 3/4 = 22.5.
// The same falls against a target of 15 (change 15, at_risk up to 3): short by 4 -> off_track.
TEST_F(GoalsCli, LowerIsBetterMeetsTheTargetByFalling) {
  write("goals.csv", std::string(kGoalsHeader) +
                         "wait,Leeds,waits,lower,2020-21,30,2024-25,20\n"
                         "deep,Leeds,waits,lower,2020-21,30,2024-25,15\n");
  write("obs.csv",
        "body,indicator,period,value\n"
        "Leeds,waits,2021-22,28\n"
        "Leeds,waits,2022-23,25\n"
        "Leeds,waits,2023-24,22\n");
  auto r = pvf("goals --goals " + path("goals.csv") + " --observations " + path("obs.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Planned for "deep" at 2023-24: 30 - 15 * 3/4 = 18.75.
  EXPECT_EQ(r.out, std::string(kOutputHeader) +
                       "wait,on_track,19,22.5,2023-24,22\n"
                       "deep,off_track,19,18.75,2023-24,22\n");
}

TEST_F(GoalsCli, OutWritesTheFileAndNothingToStdout) {
  write_worked_example();
  auto r = pvf(args() + " --out " + path("result.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
  const std::string written = read_text(path("result.csv"));
  EXPECT_EQ(written.rfind(kOutputHeader, 0), 0u) << written;
  EXPECT_TRUE(has(written, "risk,at_risk,56,52,2023-24,50\n")) << written;
  auto parsed = pvf::csv::parse(written, "result.csv");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->rows.size(), 5u);
}

TEST_F(GoalsCli, BadInputExits1NamingEveryFileLineAndColumnAndWritesNothing) {
  write_worked_example();
  write("goals.csv", std::string(kGoalsHeader) +
                         "on,Leeds,ASC1,higher,2020-21,40,2025-26,60\n"
                         "bad,York,ASC1,higher,2020-21,forty,2025-26,60\n"
                         "on,Hull,ASC1,sideways,2020-21,40,2019-20,60\n");
  write("obs.csv",
        "body,indicator,period,value\n"
        "Leeds,ASC1,2021-22,44\n"
        "Leeds,ASC1,2021/22,45\n");
  write("result.csv", "earlier result\n");
  auto r = pvf(args() + " --out " + path("result.csv"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const std::string goals = path("goals.csv"), obs = path("obs.csv");
  EXPECT_TRUE(has(r.out, goals + ":3:baseline_value: 'forty' is not a number")) << r.out;
  EXPECT_TRUE(has(r.out, goals + ":4:goal: ")) << r.out;  // duplicate id "on"
  EXPECT_TRUE(has(r.out, goals + ":4:polarity: ")) << r.out;
  EXPECT_TRUE(has(r.out, goals + ":4:target_period: ")) << r.out;  // before the baseline
  EXPECT_TRUE(has(r.out, obs + ":3:period: '2021/22' is not a period")) << r.out;
  EXPECT_TRUE(has(r.out, "5 problems")) << r.out;
  // The earlier file is untouched and no temporary file is left beside it.
  EXPECT_EQ(read_text(path("result.csv")), "earlier result\n");
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 3u);  // goals.csv, obs.csv, result.csv
}

TEST_F(GoalsCli, AFailedRunWithOutLeavesNoFile) {
  write("goals.csv", std::string(kGoalsHeader) + "g,Leeds,ASC1,neutral,2020-21,1,2025-26,2\n");
  write("obs.csv", "body,indicator,period,value\n");
  auto r = pvf("goals --goals " + path("goals.csv") + " --observations " + path("obs.csv") +
               " --out " + path("result.csv"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, path("goals.csv") + ":2:polarity: ")) << r.out;
  EXPECT_FALSE(fs::exists(path("result.csv")));
}

TEST_F(GoalsCli, MissingColumnIsNamed) {
  write("goals.csv",
        "goal,body,indicator,polarity,baseline_period,baseline_value,target_period\n"
        "g,Leeds,ASC1,higher,2020-21,1,2025-26\n");
  write("obs.csv", "body,indicator,value\nLeeds,ASC1,1\n");
  auto r = pvf("goals --goals " + path("goals.csv") + " --observations " + path("obs.csv"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, path("goals.csv") + ":1:target_value: missing column")) << r.out;
  EXPECT_TRUE(has(r.out, path("obs.csv") + ":1:period: missing column")) << r.out;
}

TEST_F(GoalsCli, ObservationsOfAnotherKindOfPeriodThanTheGoalAreRefused) {
  write("goals.csv", std::string(kGoalsHeader) + "g,Leeds,ASC1,higher,2020-21,1,2025-26,2\n");
  write("obs.csv", "body,indicator,period,value\nLeeds,ASC1,2021,1\nLeeds,ASC1,2022,2\n");
  auto r = pvf("goals --goals " + path("goals.csv") + " --observations " + path("obs.csv"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, path("goals.csv") + ":2:baseline_period: ")) << r.out;
}

TEST_F(GoalsCli, AMissingFileExits1NamingIt) {
  write("goals.csv", kGoalsHeader);
  auto r = pvf("goals --goals " + path("goals.csv") + " --observations " + path("nope.csv"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, path("nope.csv"))) << r.out;
}

TEST_F(GoalsCli, UsageErrorsExit2) {
  write_worked_example();
  EXPECT_EQ(pvf(args() + " --frobnicate").exit_code, 2);
  EXPECT_EQ(pvf("goals --goals " + path("goals.csv")).exit_code, 2);  // no --observations
  EXPECT_EQ(pvf(args() + " extra.csv").exit_code, 2);
}

TEST_F(GoalsCli, HelpDescribesTheColumnsAndStatuses) {
  auto r = pvf("goals --help");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  for (const char* word : {"--goals", "--observations", "--out", "baseline_period", "on_track",
                           "at_risk", "off_track", "too_early", "planned_value_latest"})
    EXPECT_TRUE(has(r.out, word)) << word << "\n" << r.out;
}

}  // namespace
}  // namespace pvf_cli_test
