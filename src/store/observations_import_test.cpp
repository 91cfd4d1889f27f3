#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "store/indicators_repo.h"
#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

bool has_detail(const Error& e, const std::string& where, const std::string& fragment = "") {
  return std::any_of(e.details.begin(), e.details.end(), [&](const ErrorDetail& d) {
    return d.where == where && d.message.find(fragment) != std::string::npos;
  });
}

// The published Oflog file, as shipped with the demo (data/demo/oflog, OGL v3.0).
std::string oflog_path() { return std::string(PVF_SOURCE_DIR) + "/data/demo/oflog/ASC_data.csv"; }

constexpr const char* kOflogHeader =
    "Financial year,Local authority code,Local authority name,Grouping,Entity_Name,Region,"
    "Measure,Code,Value,MEDIAN,MADs_from_median,rank_order\n";

class ImportTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    leeds = add_body("Leeds", "E08000035");
    york = add_body("York", "E06000014");
    add_indicator("ASC1", measure::Frequency::annual);
    add_indicator("Q1", measure::Frequency::quarterly);
  }
  void add_indicator(const std::string& key, measure::Frequency f) {
    measure::IndicatorDef d;
    d.key = key;
    d.name = "Indicator " + key;
    d.frequency = f;
    auto i = upsert_indicator(*db, admin, d);
    ASSERT_TRUE(i) << i.error().to_text();
  }
  Result<ObservationImportSummary> import(const std::string& text,
                                          const std::string& name = "obs.csv") {
    return import_observations(*db, admin, name, text);
  }
  int64_t generation() { return measure_generation(*db).value_or(-1); }
  Body leeds, york;
};

TEST_F(ImportTest, PvfFormatInsertsThenReimportChangesNothing) {
  const std::string text =
      "indicator,body,period,value,numerator,denominator,quality\n"
      "ASC1,E08000035,2023-24,7.5,15,2,\n"
      "ASC1,York,2023-24,8,,,provisional\n"  // a body by its name
      "ASC1,E08000035,2022-23,7.1,,,\n"
      "Q1,E06000014,2023-24 Q2,1e3,,,\n";
  const int64_t g0 = generation();
  auto first = import(text);
  ASSERT_TRUE(first) << first.error().to_text();
  EXPECT_EQ(first->format, "pvf");
  EXPECT_EQ(first->rows, 4);
  EXPECT_EQ(first->inserted, 4);
  EXPECT_EQ(first->updated, 0);
  EXPECT_EQ(first->unchanged, 0);
  EXPECT_EQ(generation(), g0 + 1);  // bumped once for the whole file
  EXPECT_EQ(count("observations"), 4);

  auto obs = observations_for_body(*db, leeds.id);
  ASSERT_TRUE(obs);
  ASSERT_EQ(obs->size(), 2u);
  EXPECT_EQ((*obs)[0].period, "2022-23");  // by period
  EXPECT_EQ((*obs)[1].value, 7.5);
  EXPECT_EQ((*obs)[1].numerator, 15.0);
  EXPECT_EQ((*obs)[1].denominator, 2.0);
  EXPECT_FALSE((*obs)[1].quality);
  auto york_obs = observations_for_body(*db, york.id);
  ASSERT_TRUE(york_obs);
  ASSERT_EQ(york_obs->size(), 2u);
  EXPECT_EQ((*york_obs)[0].quality, "provisional");
  EXPECT_EQ((*york_obs)[1].value, 1000.0);

  auto again = import(text);
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 4);
  EXPECT_EQ(count("observations"), 4);
  EXPECT_EQ(count("observation_imports"), 2);
}

TEST_F(ImportTest, ChangedValuesAndFlagsCountAsUpdated) {
  ASSERT_TRUE(
      import("indicator,body,period,value,quality\n"
             "ASC1,Leeds,2021-22,1,\nASC1,Leeds,2022-23,2,\nASC1,York,2022-23,3,\n"));
  // One value changes, one gains a quality flag, one is the same, one is new: 1 + 1 updated.
  auto r = import(
      "indicator,body,period,value,quality\n"
      "ASC1,Leeds,2021-22,1.5,\nASC1,Leeds,2022-23,2,revised\n"
      "ASC1,York,2022-23,3,\nASC1,York,2021-22,4,\n");
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->inserted, 1);
  EXPECT_EQ(r->updated, 2);
  EXPECT_EQ(r->unchanged, 1);
  auto v = observations_for_period(*db, 1, "2021-22");
  ASSERT_TRUE(v);
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].value, 1.5);
}

TEST_F(ImportTest, BlankValuesAreSkippedAndRemoveNothing) {
  ASSERT_TRUE(import("indicator,body,period,value\nASC1,Leeds,2021-22,1\n"));
  auto r = import("indicator,body,period,value\nASC1,Leeds,2021-22,\nASC1,York,2021-22,\n");
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->rows, 2);
  EXPECT_EQ(r->skipped_blank, 2);
  EXPECT_EQ(r->inserted + r->updated + r->unchanged, 0);
  EXPECT_EQ(count("observations"), 1);
}

TEST_F(ImportTest, BadFileIsRefusedWholeWithEveryProblemByLineAndColumn) {
  const int64_t g0 = generation();
  const int64_t audits = audit_count();
  auto r = import(
      "indicator,body,period,value,numerator\n"
      "ASC1,Leeds,2021-22,1,\n"     // fine, but nothing may be written
      "ASC9,Leeds,2021-22,1,\n"     // 3: unknown indicator
      "ASC1,Hull,2021-22,1,\n"      // 4: unknown body
      "ASC1,Leeds,2021-23,1,\n"     // 5: years not consecutive
      "ASC1,Leeds,2021-22 Q1,1,\n"  // 6: a quarter for an annual indicator
      "ASC1,York,2021-22,12%,\n"    // 7: not a number
      "ASC1,York,2020-21,1,x\n"     // 8: numerator not a number
      "ASC1,Leeds,2021-22,2,\n"     // 9: second value for line 2's key
      "ASC1,Leeds\n"                // 10: wrong field count
      "Q1,York,2021-22,1,\n",       // 11: a year for a quarterly indicator
      "bad.csv");
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  EXPECT_EQ(e.details.size(), 9u) << e.to_text();
  EXPECT_EQ(e.where, "bad.csv:3:indicator");
  EXPECT_TRUE(has_detail(e, "bad.csv:3:indicator", "ASC9")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "bad.csv:4:body", "Hull"));
  EXPECT_TRUE(has_detail(e, "bad.csv:5:period", "consecutive"));
  EXPECT_TRUE(has_detail(e, "bad.csv:6:period", "annual"));
  EXPECT_TRUE(has_detail(e, "bad.csv:7:value", "'12%' is not a number"));
  EXPECT_TRUE(has_detail(e, "bad.csv:8:numerator", "'x' is not a number"));
  EXPECT_TRUE(has_detail(e, "bad.csv:9:value", "second value"));
  EXPECT_TRUE(has_detail(e, "bad.csv:10", "has 2 fields, the header has 5"));
  EXPECT_TRUE(has_detail(e, "bad.csv:11:period", "quarterly"));
  EXPECT_EQ(count("observations"), 0);
  EXPECT_EQ(count("observation_imports"), 0);
  EXPECT_EQ(audit_count(), audits);
  EXPECT_EQ(generation(), g0);
}

TEST_F(ImportTest, ProblemListStopsAtAThousandAndCountsTheRest) {
  std::string text = "indicator,body,period,value\n";
  for (int i = 0; i < 1500; ++i) text += "ASC1,Leeds,2021-22,n/a\n";
  auto r = import(text);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 1001u);
  EXPECT_EQ(r.error().details.back().message, "... and 500 more problems");
  EXPECT_NE(r.error().message.find("1500 problems"), std::string::npos) << r.error().message;
}

TEST_F(ImportTest, HeaderProblemsNameTheColumns) {
  auto unknown = import("indicator,body,period,value,colour\n");
  ASSERT_FALSE(unknown);
  EXPECT_TRUE(has_detail(unknown.error(), "obs.csv:1:colour", "unknown column"));
  auto missing = import("indicator,body,value\nASC1,Leeds,1\n");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(has_detail(missing.error(), "obs.csv:1:period", "missing"));
  auto twice = import("indicator,body,period,value,Value\n");
  ASSERT_FALSE(twice);
  EXPECT_TRUE(has_detail(twice.error(), "obs.csv:1:Value", "twice"));
  EXPECT_FALSE(import(""));
  auto quote = import("indicator,body,period,value\nASC1,\"Leeds,2021-22,1\n");
  ASSERT_FALSE(quote);
  EXPECT_TRUE(has_detail(quote.error(), "obs.csv:2", "not closed"));
}

TEST_F(ImportTest, ProgressIsReportedAndCancellingWritesNothing) {
  std::string text = "indicator,body,period,value\n";
  for (int y = 2000; y < 2010; ++y)
    text += "ASC1,Leeds," + std::to_string(y) + "-" +
            std::to_string((y + 1) % 100 + 100).substr(1) + ",1\n";
  std::vector<int64_t> seen;
  ImportProgress progress;
  progress.every_rows = 4;
  progress.report = [&](const ImportProgressInfo& p) {
    seen.push_back(p.rows);
    EXPECT_EQ(p.bytes_total, text.size());
    return true;
  };
  auto r = import_observations(*db, admin, "p.csv", text, &progress);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(seen, (std::vector<int64_t>{4, 8, 10}));  // every 4 rows, and once at the end
  progress.report = [](const ImportProgressInfo&) { return false; };
  auto cancelled = import_observations(*db, admin, "p2.csv",
                                       "indicator,body,period,value\n"
                                       "ASC1,York,2001-02,1\nASC1,York,2002-03,1\n"
                                       "ASC1,York,2003-04,1\nASC1,York,2004-05,1\n",
                                       &progress);
  ASSERT_FALSE(cancelled);
  EXPECT_NE(cancelled.error().message.find("cancelled"), std::string::npos);
  EXPECT_EQ(count("observations"), 10);
}

TEST_F(ImportTest, RecordsTheImportWithItsDigestAndOneAuditEntry) {
  const std::string text = "indicator,body,period,value\nASC1,Leeds,2021-22,1\n";
  const int64_t audits = audit_count();
  auto r = import(text, "one.csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(audit_count(), audits + 1);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "observations.import");
  EXPECT_EQ(e.entity_id, std::to_string(r->import_id));
  EXPECT_EQ(e.after["inserted"], 1);
  EXPECT_EQ(e.after["source_name"], "one.csv");
  auto st = db->prepare("SELECT sha256, rows, inserted, kind, format FROM observation_imports");
  ASSERT_TRUE(st && st->step().value_or(false));
  // sha256 of "indicator,body,period,value\nASC1,Leeds,2021-22,1\n", from `sha256sum`.
  EXPECT_EQ(st->text(0), "15c702bfc4fab17c1816df0995aa3bd6ac449548667c028ef929be792f142ae4");
  EXPECT_EQ(st->int64(1), 1);
  EXPECT_EQ(st->int64(2), 1);
  EXPECT_EQ(st->text(3), "observations");
  EXPECT_EQ(st->text(4), "pvf");
  st->reset();
}

TEST_F(ImportTest, MissingFileIsAnIoErrorNamingIt) {
  auto r = import_observations_file(*db, admin, "/no/such/file.csv");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io_error);
  EXPECT_EQ(r.error().where, "/no/such/file.csv");
}

TEST_F(ImportTest, OflogLayoutCreatesCouncilsAndMeasuresAndFillsBlanksOnly) {
  // Leeds is stored without subtype or region: both are filled from the file. York has a
  // region already, which the file's different one must not replace.
  BodyInput y{york.code, york.name, york.type, std::string("Yorks"), std::nullopt, std::nullopt};
  ASSERT_TRUE(update_body(*db, admin, york.id, y));
  const std::string text =
      std::string(kOflogHeader) +
      "2016-17,E08000035,Leeds,LA_Raw,Metropolitan Districts,Yorkshire and The Humber,"
      "\"Outcome, ASC Carer Quality of Life\",ASC1,7.6,7.6,0,desc\n"
      "2016-17,E06000014,York,LA_Raw,Unitary Authorities,Yorkshire and The Humber,"
      "\"Outcome, ASC Carer Quality of Life\",ASC1,,7.6,,\n"
      "2017-18,E10000002,Buckinghamshire,LA_Raw,Counties,South East,"
      "\"Outcome, Workforce turnover rate\",ASC7,,,,\n"
      "2019-20,E10000002,Buckinghamshire,LA_Raw,Counties,South East,"
      "\"Outcome, Workforce turnover rate\",ASC7,30.5,,,None\n"
      "2021-22,E06000060,Buckinghamshire,LA_Raw,Unitary Authorities,South East,"
      "\"Outcome, Workforce turnover rate\",ASC7,28.1,,,DESC\n";
  auto r = import(text, "ASC_data.csv");
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->format, "oflog");
  EXPECT_EQ(r->rows, 5);
  EXPECT_EQ(r->skipped_blank, 2);
  EXPECT_EQ(r->inserted, 3);
  EXPECT_EQ(r->bodies_created, 2);
  EXPECT_EQ(r->bodies_updated, 2);
  EXPECT_EQ(r->indicators_created, 1);  // ASC1 was stored already

  auto l = get_body(*db, leeds.id);
  EXPECT_EQ(l->subtype, "Metropolitan Districts");
  EXPECT_EQ(l->region, "Yorkshire and The Humber");
  auto yk = get_body(*db, york.id);
  EXPECT_EQ(yk->region, "Yorks");  // never overwritten
  EXPECT_EQ(yk->subtype, "Unitary Authorities");
  // Two councils share a name: the one in the latest year keeps it, the other gets its code.
  auto unitary = find_body_by_code(*db, "E06000060");
  ASSERT_TRUE(unitary && *unitary);
  EXPECT_EQ((*unitary)->name, "Buckinghamshire");
  EXPECT_EQ((*unitary)->type, "council");
  EXPECT_EQ((*unitary)->subtype, "Unitary Authorities");
  EXPECT_EQ((*unitary)->region, "South East");
  auto county = find_body_by_code(*db, "E10000002");
  ASSERT_TRUE(county && *county);
  EXPECT_EQ((*county)->name, "Buckinghamshire (E10000002)");

  auto asc7 = get_indicator(*db, "ASC7");
  ASSERT_TRUE(asc7);
  EXPECT_EQ(asc7->def.name, "Workforce turnover rate");
  // The first non-blank rank_order of ASC7 is "None": neutral, whatever comes later.
  EXPECT_EQ(asc7->def.polarity, measure::Polarity::neutral);
  EXPECT_EQ(asc7->def.source, "Oflog, Local Authority Data Explorer: adult social care (OGL v3.0)");
  auto asc1 = get_indicator(*db, "ASC1");
  EXPECT_EQ(asc1->def.name, "Indicator ASC1");  // a stored indicator is left alone

  auto again = import(text, "ASC_data.csv");
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(again->bodies_created + again->bodies_updated + again->indicators_created, 0);
}

TEST_F(ImportTest, OflogProblemsRefuseTheFileAndCreateNothing) {
  const int64_t bodies = count("bodies");
  auto r =
      import(std::string(kOflogHeader) +
                 "2016-17,,Nowhere,LA_Raw,Counties,South East,\"Outcome, X\",ASC1,1,,,desc\n"
                 "2016-17,E99,,LA_Raw,Counties,South East,\"Outcome, X\",ASC1,1,,,desc\n"
                 "2016-17,E98,Somewhere,LA_Raw,Counties,South East,\"Outcome, X\",A C,1,,,up-ish\n",
             "o.csv");
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_TRUE(has_detail(e, "o.csv:2:Local authority code", "empty")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "o.csv:3:Local authority name", "E99"));
  EXPECT_TRUE(has_detail(e, "o.csv:4:Code", "'A C' is not an indicator key"));
  EXPECT_TRUE(has_detail(e, "o.csv:4:rank_order", "polarity"));
  EXPECT_EQ(e.details.size(), 4u) << e.to_text();
  EXPECT_EQ(count("bodies"), bodies);
  EXPECT_EQ(count("indicators"), 2);
}

TEST_F(StoreTest, PublishedOflogFileImportsInFullAndAgain) {
  auto r = import_observations_file(*db, admin, oflog_path());
  ASSERT_TRUE(r) << r.error().to_text();
  // Counted in the published file with Python's csv module: 6,376 data rows, 298 of them with
  // an empty Value, 157 local authority codes, 7 measure codes.
  EXPECT_EQ(r->rows, 6376);
  EXPECT_EQ(r->skipped_blank, 298);
  EXPECT_EQ(r->inserted, 6376 - 298);
  EXPECT_EQ(r->bodies_created, 157);
  EXPECT_EQ(r->indicators_created, 7);
  // The file's first data row: Darlington (E06000005), ASC1, 2016-17, value 7.6.
  auto darlington = find_body_by_code(*db, "E06000005");
  ASSERT_TRUE(darlington && *darlington);
  EXPECT_EQ((*darlington)->subtype, "Unitary Authorities");
  auto asc1 = get_indicator(*db, "ASC1");
  ASSERT_TRUE(asc1);
  EXPECT_EQ(asc1->def.name, "ASC Carer Quality of Life");
  EXPECT_EQ(asc1->def.polarity, measure::Polarity::higher_is_better);  // rank_order desc
  EXPECT_EQ(get_indicator(*db, "ASC3")->def.polarity, measure::Polarity::higher_is_better);
  EXPECT_EQ(get_indicator(*db, "ASC6")->def.polarity, measure::Polarity::neutral);  // None
  auto v = observations_for_body(*db, (*darlington)->id, asc1->id);
  ASSERT_TRUE(v);
  ASSERT_FALSE(v->empty());
  auto first = std::find_if(v->begin(), v->end(), [](auto& o) { return o.period == "2016-17"; });
  ASSERT_NE(first, v->end());
  EXPECT_EQ(first->value, 7.6);

  auto again = import_observations_file(*db, admin, oflog_path());
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 6376 - 298);
}

// A file big enough for the indexes to be dropped and rebuilt (300,000 rows): the result must
// be the same table and index as the row-by-row path, and a failure must leave them intact.
TEST_F(StoreTest, LargeImportRebuildsTheSecondaryIndex) {
  // prefix + number, built by appending: GCC 12 at -O3 misreads `"B" + std::to_string(b)` as
  // overlapping copies (a -Wrestrict false positive).
  auto coded = [](std::string_view prefix, int n) {
    std::string s(prefix);
    s += std::to_string(n);
    return s;
  };
  std::vector<int64_t> body_ids;
  for (int b = 0; b < 100; ++b) body_ids.push_back(add_body(coded("B", b), coded("C", b)).id);
  for (int i = 0; i < 150; ++i) {
    measure::IndicatorDef d;
    d.key = "I" + std::to_string(i);
    d.name = d.key;
    ASSERT_TRUE(upsert_indicator(*db, admin, d));
  }
  std::string text = "indicator,body,period,value\n";
  for (int i = 0; i < 150; ++i)
    for (int y = 2000; y < 2020; ++y)
      for (int b = 0; b < 100; ++b)
        text += coded("I", i) + coded(",C", b) + coded(",", y) + coded(",", i + b) + "\n";
  auto bad = import_observations(*db, admin, "big.csv", text + "I0,C0,2000,2\n");
  ASSERT_FALSE(bad);
  auto r = import_observations(*db, admin, "big.csv", text);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->inserted, 150 * 20 * 100);
  EXPECT_EQ(count("observations"), 300000);
  auto idx = db->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'observations_body'");
  ASSERT_TRUE(idx && idx->step().value_or(false));
  EXPECT_EQ(idx->int64(0), 1);
  idx->reset();
  auto one = observations_for_body(*db, body_ids[7]);  // served by observations_body
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 150u * 20u);
  auto again = import_observations(*db, admin, "big.csv", text);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 300000);
}

}  // namespace
}  // namespace pvf::store
