// The demo's measurement inputs: goals, productivity data and citizen survey responses for the
// eight demo councils, loaded through the store's own imports (store/measure_repo.h), so every
// rule that applies to a user's file applies to them.
//
// Files in <demo_dir>/measure/ (see data/demo/README.md, "Measurement inputs"):
//   goals.csv             goals on Oflog's adult social care indicators (import_goals); the
//                         baselines are the councils' published values, the targets invented
//   activity.csv          activity volumes and unit costs, 2018-19..2023-24 (import_activity)
//   inputs.csv            spending by input line with a deflator (import_inputs)
//   survey_questions.csv  two questions (import_survey_questions)
// Survey responses are not a file: they are generated at seed time, deterministically, from a
// fixed seed and std::mt19937's raw output (its sequence is fixed by the C++ standard; pvf's own
// integer transforms avoid the library-specific std distributions), so every platform seeds the
// same answers. Everything except the Oflog baselines is ILLUSTRATIVE.
#pragma once

#include <cstdint>
#include <string>

#include "core/csv.h"
#include "core/result.h"
#include "store/db.h"

namespace pvf::demo {

struct DemoMeasureSummary {
  int64_t goals = 0;
  int64_t activity_rows = 0;
  int64_t input_rows = 0;
  int64_t survey_questions = 0;
  int64_t survey_responses = 0;
};

// Needs the demo councils (bodies.csv codes) and Oflog's indicators ASC1, ASC2, ASC3 and ASC5
// stored first. One transaction (joining the caller's): any error refuses everything and names
// the file and cell at fault. Imports are upserts, so a second call changes nothing. Acts as the
// system. Writes ~20,000 survey responses (8 councils x 3 years x 300-500 respondents x 2
// questions); O(responses).
Result<DemoMeasureSummary> seed_demo_measure_inputs(store::Database& db,
                                                    const std::string& demo_dir);

// The generated survey responses as an import table (columns respondent,body,period,question,
// answer,weight; answer = level number), exposed for tests. The same on every call and platform.
csv::Table demo_survey_responses();

}  // namespace pvf::demo
