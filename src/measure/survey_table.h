// Survey question and response tables (already parsed by core/csv.h) to the records of
// measure/survey.h. Pure: no file I/O; every problem is reported as "FILE:LINE:column"
// (csv::Table::where) with why, all of them in Error.details, the first also in where/message.
// Header names are matched case-insensitively, in any order; other columns are ignored; a
// missing column is reported as "FILE:1:column: missing column".
#pragma once

#include <span>
#include <vector>

#include "core/csv.h"
#include "core/result.h"
#include "measure/survey.h"

namespace pvf::measure {

// Columns question,text,levels,top_levels[,area]. `levels` is one cell holding the answer labels
// separated by '|', worst first ("Very dissatisfied|Fairly dissatisfied|Neither|Fairly
// satisfied|Very satisfied"); spaces around each label are dropped. Rules per row: question a key
// of 1-64 letters, digits, '_', '.', '-', unique in the file; at least 2 labels, none empty, no two
// equal ignoring case; top_levels a whole number from 1 to (number of levels - 1); area empty or
// a key as above. One question per row, in file order.
Result<std::vector<SurveyQuestion>> read_questions(const csv::Table& table);

// Columns respondent,body,period,question,answer[,weight]. Rules per row: respondent and body not
// empty; period as Period::parse accepts it (2024-25, 2024-25 Q1, 2024); question one of
// `questions`; answer one of the question's labels (ignoring case) or its 1-based number
// (1 = worst) — a label wins, so a scale labelled "0|1|...|10" reads "1" as the label "1", level
// 2; weight (column optional, empty cell = 1) a finite number > 0; at most one answer per
// (respondent, body, period, question), a repeat reported at its later row. Leave a non-response
// or "don't know" out of the file: it is not an answer. One response per row, in file order.
Result<std::vector<SurveyResponse>> read_responses(const csv::Table& table,
                                                   std::span<const SurveyQuestion> questions);

}  // namespace pvf::measure
