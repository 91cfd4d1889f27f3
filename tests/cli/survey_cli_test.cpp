// `pvf survey` as users run it.
#include <cstdlib>

#include "cli_support.h"

namespace pvf_cli_test {
namespace {

const char* kQuestions =
    "question,text,levels,top_levels,area\n"
    "sat,How satisfied are you?,Very dissatisfied|Fairly dissatisfied|Neither|Fairly satisfied|"
    "Very satisfied,2,user_experience_and_participation\n";

const char* kHeader =
    "body,question,period,respondents,effective_n,share,ci_low,ci_high,previous_period,change,"
    "change_ci_low,change_ci_high,significant";

// `total` responses from `body` in `period`: the first `top` "Very satisfied", the rest "Neither"
// (by number, to exercise both answer forms).
std::string responses(const std::string& body, const std::string& period, int top, int total) {
  std::string out;
  for (int i = 0; i < total; ++i) {
    out += body + "-" + period + "-" + std::to_string(i) + "," + body + "," + period + ",sat," +
           (i < top ? "Very satisfied" : "3") + "\n";
  }
  return out;
}

const std::string kResponsesHeader = "respondent,body,period,question,answer\n";

pvf::csv::Table parse(const std::string& text) {
  auto t = pvf::csv::parse(text, "out.csv");
  EXPECT_TRUE(t) << text;
  return t ? *t : pvf::csv::Table{};
}

std::string field(const pvf::csv::Table& t, size_t row, const char* column) {
  return t.rows.at(row).fields.at(*t.column(column));
}

double num(const pvf::csv::Table& t, size_t row, const char* column) {
  return std::strtod(field(t, row, column).c_str(), nullptr);
}

class SurveyCli : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    write("q.csv", kQuestions);
  }
  std::string files() const {
    return "survey --questions " + path("q.csv") + " --responses " + path("r.csv");
  }
};

// Newcombe RG (1998) Stat Med 17:873-890, Table II example (a): 48/80 then 56/70 -> change
// 0.2000 with interval 0.0524 to 0.3339 (method 10); and the single-proportion paper
// (Stat Med 17:857-872, Table II, Wilson): 81/263 -> 0.2553 to 0.3662.
TEST_F(SurveyCli, WritesEstimatesWithIntervalsAndSignificantChange) {
  write("r.csv", kResponsesHeader + responses("Leeds", "2023-24", 48, 80) +
                     responses("Leeds", "2024-25", 56, 70) + responses("York", "2024-25", 81, 263));
  auto r = pvf(files());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  ASSERT_EQ(r.out.substr(0, r.out.find('\n')), kHeader);
  const auto t = parse(r.out);
  ASSERT_EQ(t.rows.size(), 3u) << r.out;

  EXPECT_EQ(field(t, 0, "body"), "Leeds");
  EXPECT_EQ(field(t, 0, "period"), "2023-24");
  EXPECT_EQ(field(t, 0, "respondents"), "80");
  EXPECT_EQ(field(t, 0, "effective_n"), "80");
  EXPECT_EQ(field(t, 0, "share"), "0.6");  // 48/80, shortest round-trip text
  EXPECT_EQ(field(t, 0, "previous_period"), "");
  EXPECT_EQ(field(t, 0, "change"), "");
  EXPECT_EQ(field(t, 0, "change_ci_low"), "");
  EXPECT_EQ(field(t, 0, "significant"), "");

  EXPECT_EQ(field(t, 1, "period"), "2024-25");
  EXPECT_EQ(field(t, 1, "question"), "sat");
  EXPECT_EQ(field(t, 1, "previous_period"), "2023-24");
  EXPECT_NEAR(num(t, 1, "change"), 0.2000, 0.5e-4);
  EXPECT_NEAR(num(t, 1, "change_ci_low"), 0.0524, 0.5e-4);
  EXPECT_NEAR(num(t, 1, "change_ci_high"), 0.3339, 0.5e-4);
  EXPECT_EQ(field(t, 1, "significant"), "yes");

  EXPECT_EQ(field(t, 2, "body"), "York");
  EXPECT_NEAR(num(t, 2, "ci_low"), 0.2553, 0.5e-4);
  EXPECT_NEAR(num(t, 2, "ci_high"), 0.3662, 0.5e-4);
}

// Newcombe (1998) Table II example (d): 0/29 then 5/56 -> -0.0381 to 0.1926: not significant.
TEST_F(SurveyCli, SaysNoWhenTheChangeIsNotSignificant) {
  write("r.csv", kResponsesHeader + responses("York", "2023-24", 0, 29) +
                     responses("York", "2024-25", 5, 56));
  auto r = pvf(files());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto t = parse(r.out);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(field(t, 0, "share"), "0");
  EXPECT_EQ(field(t, 0, "ci_low"), "0");
  EXPECT_NEAR(num(t, 1, "change_ci_low"), -0.0381, 0.5e-4);
  EXPECT_EQ(field(t, 1, "significant"), "no");
}

TEST_F(SurveyCli, WeightsGiveTheKishEffectiveSize) {
  // Weights 1, 1, 2, 4: n_eff = 8² / 22 = 2.909...; the weight-2 and 4 answers are top: 6/8.
  write("r.csv",
        "respondent,body,period,question,answer,weight\n"
        "a,Leeds,2024-25,sat,1,1\nb,Leeds,2024-25,sat,3,1\n"
        "c,Leeds,2024-25,sat,Fairly satisfied,2\nd,Leeds,2024-25,sat,5,4\n");
  auto r = pvf(files());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto t = parse(r.out);
  EXPECT_EQ(field(t, 0, "respondents"), "4");
  EXPECT_NEAR(num(t, 0, "effective_n"), 64.0 / 22.0, 1e-12);
  EXPECT_EQ(field(t, 0, "share"), "0.75");
}

// z(0.90) = 1.6448536; 50 of 100: 0.5 ± 1.6015237 · 0.0506719 = 0.4188478 to 0.5811522.
TEST_F(SurveyCli, ConfidenceOptionSetsTheIntervalLevel) {
  write("r.csv", kResponsesHeader + responses("Leeds", "2024-25", 50, 100));
  auto r = pvf(files() + " --confidence 0.9");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto t = parse(r.out);
  EXPECT_NEAR(num(t, 0, "ci_low"), 0.4188478, 1e-7);
  EXPECT_NEAR(num(t, 0, "ci_high"), 0.5811522, 1e-7);
}

TEST_F(SurveyCli, OutWritesTheFileWholeAndLeavesNoTemporaryFile) {
  write("r.csv", kResponsesHeader + responses("Leeds", "2024-25", 1, 2));
  auto r = pvf(files() + " --out " + path("est.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
  std::ifstream f(path("est.csv"));
  std::stringstream text;
  text << f.rdbuf();
  EXPECT_EQ(text.str().substr(0, text.str().find('\n')), kHeader);
  EXPECT_EQ(parse(text.str()).rows.size(), 1u);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 3);  // q.csv, r.csv, est.csv
}

TEST_F(SurveyCli, BadResponsesExit1NamingFileLineAndColumnAndWriteNothing) {
  write("r.csv", kResponsesHeader + "a,Leeds,2024-25,sat,5\nb,Leeds,2024-25,sat,Delighted\n" +
                     "c,Leeds,2024-25,nope,5\n");
  write("est.csv", "earlier\n");
  auto r = pvf(files() + " --out " + path("est.csv"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("r.csv") + ":3:answer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path("r.csv") + ":4:question"), std::string::npos) << r.out;
  std::ifstream f(path("est.csv"));
  std::string first;
  std::getline(f, first);
  EXPECT_EQ(first, "earlier");  // the earlier output is untouched
}

TEST_F(SurveyCli, BadQuestionsExit1NamingFileLineAndColumn) {
  write("q.csv", "question,text,levels,top_levels\nsat,Q?,No|Yes,2\n");
  write("r.csv", kResponsesHeader);
  auto r = pvf(files());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("q.csv") + ":2:top_levels"), std::string::npos) << r.out;
}

TEST_F(SurveyCli, AMissingInputFileExits1NamingIt) {
  auto r = pvf(files());  // r.csv was never written
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("r.csv")), std::string::npos) << r.out;
}

TEST_F(SurveyCli, UsageErrorsExit2) {
  write("r.csv", kResponsesHeader + responses("Leeds", "2024-25", 1, 2));
  EXPECT_EQ(pvf("survey --responses " + path("r.csv")).exit_code, 2);
  EXPECT_EQ(pvf("survey --questions " + path("q.csv")).exit_code, 2);
  EXPECT_EQ(pvf(files() + " --confidence 95").exit_code, 2);
  EXPECT_EQ(pvf(files() + " --confidence 0").exit_code, 2);
  EXPECT_EQ(pvf(files() + " --confidence high").exit_code, 2);
  EXPECT_EQ(pvf(files() + " --confidence 0.95").exit_code, 0);
}

TEST_F(SurveyCli, NoResponsesGiveJustTheHeader) {
  write("r.csv", kResponsesHeader);
  auto r = pvf(files());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, std::string(kHeader) + "\n");
}

}  // namespace
}  // namespace pvf_cli_test
