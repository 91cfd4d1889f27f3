#include "measure/survey_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pvf::measure {
namespace {

csv::Table table(const std::string& text, const char* name) { return *csv::parse(text, name); }

const char* kQuestions =
    "question,text,levels,top_levels,area\n"
    "sat,How satisfied are you?,Very dissatisfied|Fairly dissatisfied|Neither|Fairly satisfied|"
    "Very satisfied,2,user_experience_and_participation\n"
    "nps,How likely are you to recommend us?,0|1|2|3|4|5|6|7|8|9|10,2,\n";

std::vector<SurveyQuestion> questions() { return *read_questions(table(kQuestions, "q.csv")); }

bool has(const Error& e, const std::string& where) {
  for (const auto& d : e.details)
    if (d.where == where) return true;
  return false;
}

TEST(ReadQuestions, ReadsLevelsWorstFirstFromOneCell) {
  auto qs = read_questions(table(kQuestions, "q.csv"));
  ASSERT_TRUE(qs) << qs.error().to_text();
  ASSERT_EQ(qs->size(), 2u);
  const SurveyQuestion& q = (*qs)[0];
  EXPECT_EQ(q.key, "sat");
  EXPECT_EQ(q.text, "How satisfied are you?");
  ASSERT_EQ(q.levels.size(), 5u);
  EXPECT_EQ(q.levels.front(), "Very dissatisfied");
  EXPECT_EQ(q.levels[3], "Fairly satisfied");
  EXPECT_EQ(q.levels.back(), "Very satisfied");
  EXPECT_EQ(q.top_levels, 2);
  EXPECT_EQ(q.area_key, "user_experience_and_participation");
  EXPECT_EQ((*qs)[1].levels.size(), 11u);
  EXPECT_EQ((*qs)[1].area_key, "");
}

TEST(ReadQuestions, AreaColumnIsOptionalAndSpacesAroundLabelsAreDropped) {
  auto qs = read_questions(
      table("Question,Top_Levels,Levels,Text\ntrust,1,\"No | Not sure |Yes \",Do you trust us?\n",
            "q.csv"));
  ASSERT_TRUE(qs) << qs.error().to_text();
  EXPECT_EQ(qs->front().levels, (std::vector<std::string>{"No", "Not sure", "Yes"}));
  EXPECT_EQ(qs->front().area_key, "");
}

TEST(ReadQuestions, ReportsEveryBadCellWithFileLineAndColumn) {
  auto qs =
      read_questions(table("question,text,levels,top_levels,area\n"
                           "ok,Fine?,No|Yes,1,\n"                // line 2: fine
                           "bad key,Q?,No|Yes,1,\n"              // line 3: space in key
                           "one,Q?,Only,1,\n"                    // line 4: one level
                           "empty,Q?,No||Yes,1,\n"               // line 5: empty label
                           "same,Q?,Yes|YES,1,\n"                // line 6: same ignoring case
                           "top,Q?,No|Yes,2,\n"                  // line 7: all levels top
                           "zero,Q?,No|Yes,0,\n"                 // line 8: none top
                           "word,Q?,No|Yes,two,\n"               // line 9: not a number
                           "notext,,No|Yes,1,\n"                 // line 10: no text
                           "area,Q?,No|Yes,1,user experience\n"  // line 11: area not a key
                           "ok,Again?,No|Yes,1,\n",              // line 12: duplicate key
                           "q.csv"));
  ASSERT_FALSE(qs);
  const Error& e = qs.error();
  EXPECT_EQ(e.where, "q.csv:3:question");
  EXPECT_EQ(e.details.size(), 10u) << e.to_text();
  for (const char* where :
       {"q.csv:3:question", "q.csv:4:levels", "q.csv:5:levels", "q.csv:6:levels",
        "q.csv:7:top_levels", "q.csv:8:top_levels", "q.csv:9:top_levels", "q.csv:10:text",
        "q.csv:11:area", "q.csv:12:question"}) {
    EXPECT_TRUE(has(e, where)) << where << "\n" << e.to_text();
  }
  EXPECT_NE(e.to_text().find("defined twice (also line 2)"), std::string::npos) << e.to_text();
}

TEST(ReadQuestions, NamesEveryMissingColumn) {
  auto qs = read_questions(table("question,text\nsat,Q?\n", "q.csv"));
  ASSERT_FALSE(qs);
  EXPECT_EQ(qs.error().where, "q.csv:1:levels");
  EXPECT_EQ(qs.error().message, "missing column");
  EXPECT_TRUE(has(qs.error(), "q.csv:1:top_levels"));
}

TEST(ReadResponses, AcceptsALabelIgnoringCaseOrItsNumber) {
  const auto qs = questions();
  auto rs = read_responses(table("respondent,body,period,question,answer\n"
                                 "r1,Leeds,2024-25,sat,very satisfied\n"
                                 "r2,Leeds,2024-25,sat,2\n"
                                 "r3,Leeds,2024-25 Q1,sat,NEITHER\n",
                                 "r.csv"),
                           qs);
  ASSERT_TRUE(rs) << rs.error().to_text();
  ASSERT_EQ(rs->size(), 3u);
  EXPECT_EQ((*rs)[0].respondent, "r1");
  EXPECT_EQ((*rs)[0].body, "Leeds");
  EXPECT_EQ((*rs)[0].period, *Period::parse("2024-25"));
  EXPECT_EQ((*rs)[0].question, "sat");
  EXPECT_EQ((*rs)[0].level, 5);
  EXPECT_EQ((*rs)[0].weight, 1.0);  // no weight column
  EXPECT_EQ((*rs)[1].level, 2);
  EXPECT_EQ((*rs)[2].level, 3);
  EXPECT_EQ((*rs)[2].period, *Period::parse("2024-25 Q1"));
}

TEST(ReadResponses, ALabelWinsOverANumberOnANumericScale) {
  // On the 0..10 scale "1" is the label 1 (level 2) and "0" the label 0 (level 1); "11" is no
  // label, so it is read as a number: level 11, the label "10".
  const auto qs = questions();
  auto rs = read_responses(table("respondent,body,period,question,answer\n"
                                 "r1,Leeds,2024-25,nps,1\n"
                                 "r2,Leeds,2024-25,nps,0\n"
                                 "r3,Leeds,2024-25,nps,11\n",
                                 "r.csv"),
                           qs);
  ASSERT_TRUE(rs) << rs.error().to_text();
  EXPECT_EQ((*rs)[0].level, 2);
  EXPECT_EQ((*rs)[1].level, 1);
  EXPECT_EQ((*rs)[2].level, 11);
}

TEST(ReadResponses, ReadsWeightsAndTakesAnEmptyWeightAsOne) {
  const auto qs = questions();
  auto rs = read_responses(table("respondent,body,period,question,answer,weight\n"
                                 "r1,Leeds,2024-25,sat,5,2.5\n"
                                 "r2,Leeds,2024-25,sat,5,\n"
                                 "r3,Leeds,2024-25,sat,5,1e-1\n",
                                 "r.csv"),
                           qs);
  ASSERT_TRUE(rs) << rs.error().to_text();
  EXPECT_EQ((*rs)[0].weight, 2.5);
  EXPECT_EQ((*rs)[1].weight, 1.0);
  EXPECT_EQ((*rs)[2].weight, 0.1);
}

TEST(ReadResponses, ReportsEveryBadCellWithFileLineAndColumn) {
  const auto qs = questions();
  auto rs = read_responses(table("respondent,body,period,question,answer,weight\n"
                                 "r1,Leeds,2024-25,sat,5,1\n"       // 2: fine
                                 ",Leeds,2024-25,sat,5,1\n"         // 3: no respondent
                                 "r3,,2024-25,sat,5,1\n"            // 4: no body
                                 "r4,Leeds,2024-26,sat,5,1\n"       // 5: bad period
                                 "r5,Leeds,2024-25,what,5,1\n"      // 6: unknown question
                                 "r6,Leeds,2024-25,sat,Happy,1\n"   // 7: not a label
                                 "r7,Leeds,2024-25,sat,6,1\n"       // 8: number out of range
                                 "r8,Leeds,2024-25,sat,0,1\n"       // 9: number out of range
                                 "r9,Leeds,2024-25,sat,,1\n"        // 10: empty answer
                                 "r10,Leeds,2024-25,sat,5,0\n"      // 11: weight 0
                                 "r11,Leeds,2024-25,sat,5,-2\n"     // 12: negative weight
                                 "r12,Leeds,2024-25,sat,5,heavy\n"  // 13: not a number
                                 "r13,Leeds,2024-25,sat,5,inf\n"    // 14: not finite
                                 "r1,Leeds,2024-25,sat,4,1\n",      // 15: r1 again
                                 "r.csv"),
                           qs);
  ASSERT_FALSE(rs);
  const Error& e = rs.error();
  EXPECT_EQ(e.where, "r.csv:3:respondent");
  EXPECT_EQ(e.details.size(), 13u) << e.to_text();
  for (const char* where :
       {"r.csv:3:respondent", "r.csv:4:body", "r.csv:5:period", "r.csv:6:question",
        "r.csv:7:answer", "r.csv:8:answer", "r.csv:9:answer", "r.csv:10:answer", "r.csv:11:weight",
        "r.csv:12:weight", "r.csv:13:weight", "r.csv:14:weight", "r.csv:15:respondent"}) {
    EXPECT_TRUE(has(e, where)) << where << "\n" << e.to_text();
  }
  EXPECT_NE(e.to_text().find("(line 2)"), std::string::npos) << e.to_text();
  // Respondent identifiers are personal data: the repeated one is located by line, not named.
  EXPECT_EQ(e.to_text().find("r1,"), std::string::npos) << e.to_text();
  EXPECT_EQ(e.to_text().find("\"r1\""), std::string::npos) << e.to_text();
  EXPECT_NE(e.to_text().find("Fairly satisfied"), std::string::npos)  // lists the labels
      << e.to_text();
}

TEST(ReadResponses, TheSameRespondentMayAnswerAnotherQuestionPeriodOrBody) {
  const auto qs = questions();
  auto rs = read_responses(table("respondent,body,period,question,answer\n"
                                 "r1,Leeds,2024-25,sat,5\n"
                                 "r1,Leeds,2024-25,nps,5\n"
                                 "r1,Leeds,2023-24,sat,5\n"
                                 "r1,York,2024-25,sat,5\n",
                                 "r.csv"),
                           qs);
  EXPECT_TRUE(rs) << rs.error().to_text();
}

TEST(ReadResponses, NamesEveryMissingColumn) {
  const auto qs = questions();
  auto rs = read_responses(table("respondent,body,question\nr1,Leeds,sat\n", "r.csv"), qs);
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().details.size(), 2u) << rs.error().to_text();
  EXPECT_TRUE(has(rs.error(), "r.csv:1:period"));
  EXPECT_TRUE(has(rs.error(), "r.csv:1:answer"));
}

}  // namespace
}  // namespace pvf::measure
