#include "measure/comparison.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/csv.h"

namespace pvf::measure {
namespace {

std::vector<int64_t> ids_in_order(const Comparison& c) {
  std::vector<int64_t> out;
  for (const auto& b : c.bodies) out.push_back(b.body_id);
  return out;
}

const PlacedValue& body(const Comparison& c, int64_t id) {
  for (const auto& b : c.bodies)
    if (b.body_id == id) return b;
  throw std::runtime_error("no body " + std::to_string(id));
}

// Excel: =QUARTILE.INC({39,7,41,15,40,36},1) = 20.25. By type 7, sorted 7,15,36,39,40,41 (n=6):
// q1: h = 5*0.25 = 1.25 -> x[1] + 0.25*(x[2]-x[1]) = 15 + 0.25*21 = 20.25
// median: (36+39)/2 = 37.5
// q3: h = 5*0.75 = 3.75 -> x[3] + 0.75*(x[4]-x[3]) = 39 + 0.75*1 = 39.75
// |x - 37.5| = 30.5, 22.5, 1.5, 1.5, 2.5, 3.5 -> sorted 1.5,1.5,2.5,3.5,22.5,30.5 -> MAD 3.0
TEST(Describe, QuartilesFollowExcelQuartileIncOnAnEvenCount) {
  const std::vector<double> v{39, 7, 41, 15, 40, 36};
  auto d = describe(v);
  ASSERT_TRUE(d) << d.error().to_text();
  EXPECT_EQ(d->count, 6u);
  EXPECT_DOUBLE_EQ(d->min, 7);
  EXPECT_DOUBLE_EQ(d->q1, 20.25);
  EXPECT_DOUBLE_EQ(d->median, 37.5);
  EXPECT_DOUBLE_EQ(d->q3, 39.75);
  EXPECT_DOUBLE_EQ(d->max, 41);
  EXPECT_DOUBLE_EQ(d->mad, 3.0);
}

// Sorted 6,7,15,36,39,40,41,42,43,47,49 (n=11); Excel QUARTILE.INC gives 25.5, 40, 42.5:
// q1: h = 10*0.25 = 2.5 -> 15 + 0.5*(36-15) = 25.5
// median: x[5] = 40
// q3: h = 7.5 -> 42 + 0.5*(43-42) = 42.5
// |x - 40| sorted: 0,1,1,2,3,4,7,9,25,33,34 -> MAD = 4 (raw, not 4 * 1.4826 = 5.93)
TEST(Describe, QuartilesInterpolateAndMadIsUnscaledOnAnOddCount) {
  const std::vector<double> v{6, 47, 49, 15, 42, 41, 7, 39, 43, 40, 36};
  auto d = describe(v);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->q1, 25.5);
  EXPECT_DOUBLE_EQ(d->median, 40);
  EXPECT_DOUBLE_EQ(d->q3, 42.5);
  EXPECT_DOUBLE_EQ(d->mad, 4);
  EXPECT_DOUBLE_EQ(d->min, 6);
  EXPECT_DOUBLE_EQ(d->max, 49);
}

// 1..10: Excel QUARTILE.INC gives 3.25 and 7.75 (h = 2.25 and 6.75); median 5.5;
// |x - 5.5| = .5,.5,1.5,1.5,2.5,2.5,3.5,3.5,4.5,4.5 -> MAD (2.5+2.5)/2 = 2.5
TEST(Describe, QuartilesOfOneToTen) {
  const std::vector<double> v{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  auto d = describe(v);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->q1, 3.25);
  EXPECT_DOUBLE_EQ(d->median, 5.5);
  EXPECT_DOUBLE_EQ(d->q3, 7.75);
  EXPECT_DOUBLE_EQ(d->mad, 2.5);
}

TEST(Describe, OneValueIsEveryStatisticWithZeroMad) {
  const std::vector<double> v{4.5};
  auto d = describe(v);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->count, 1u);
  EXPECT_EQ(d->min, 4.5);
  EXPECT_EQ(d->q1, 4.5);
  EXPECT_EQ(d->median, 4.5);
  EXPECT_EQ(d->q3, 4.5);
  EXPECT_EQ(d->max, 4.5);
  EXPECT_EQ(d->mad, 0);
}

TEST(Describe, RefusesEmptyInput) {
  auto d = describe(std::span<const double>{});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::invalid_input);
}

TEST(Describe, ListsEveryNonFiniteValue) {
  const std::vector<double> v{1, std::numeric_limits<double>::quiet_NaN(), 3,
                              std::numeric_limits<double>::infinity()};
  auto d = describe(v);
  ASSERT_FALSE(d);
  ASSERT_EQ(d.error().details.size(), 2u);
  EXPECT_EQ(d.error().details[0].where, "values[1]");
  EXPECT_EQ(d.error().details[1].where, "values[3]");
  EXPECT_EQ(d.error().where, "values[1]");
}

TEST(Compare, TiesShareTheLowestRankAndTheNextRankSkips) {
  const std::vector<BodyValue> v{{1, 10}, {2, 20}, {3, 20}, {4, 30}};
  auto c = compare(v, Polarity::higher_is_better);
  ASSERT_TRUE(c);
  EXPECT_EQ(ids_in_order(*c), (std::vector<int64_t>{4, 2, 3, 1}));
  EXPECT_EQ(body(*c, 4).rank, 1);
  EXPECT_EQ(body(*c, 2).rank, 2);
  EXPECT_EQ(body(*c, 3).rank, 2);
  EXPECT_EQ(body(*c, 1).rank, 4);
}

TEST(Compare, LowerIsBetterRanksTheSmallestFirst) {
  const std::vector<BodyValue> v{{1, 10}, {2, 20}, {3, 20}, {4, 30}};
  auto c = compare(v, Polarity::lower_is_better);
  ASSERT_TRUE(c);
  EXPECT_EQ(ids_in_order(*c), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(body(*c, 1).rank, 1);
  EXPECT_EQ(body(*c, 2).rank, 2);
  EXPECT_EQ(body(*c, 3).rank, 2);
  EXPECT_EQ(body(*c, 4).rank, 4);
}

TEST(Compare, NeutralRanksTheHighestFirstLikeOflogDesc) {
  const std::vector<BodyValue> v{{7, 1.5}, {8, 2.5}, {9, 0.5}};
  auto c = compare(v, Polarity::neutral);
  ASSERT_TRUE(c);
  EXPECT_EQ(ids_in_order(*c), (std::vector<int64_t>{8, 7, 9}));
  EXPECT_EQ(body(*c, 9).rank, 3);
}

// 10,20,30,40,50: q1 = x[1] = 20 (h = 4*0.25 = 1), median 30, q3 = x[3] = 40;
// |x - 30| = 20,10,0,10,20 -> MAD 10; MADs from median = (x - 30)/10 = -2,-1,0,1,2.
TEST(Compare, QuartilesFollowPolarityAndBoundariesGoToTheBetterQuarter) {
  const std::vector<BodyValue> v{{1, 10}, {2, 20}, {3, 30}, {4, 40}, {5, 50}};
  auto hi = compare(v, Polarity::higher_is_better);
  ASSERT_TRUE(hi);
  EXPECT_EQ(body(*hi, 5).quartile, 1);
  EXPECT_EQ(body(*hi, 4).quartile, 1);  // on q3
  EXPECT_EQ(body(*hi, 3).quartile, 2);  // on the median
  EXPECT_EQ(body(*hi, 2).quartile, 3);  // on q1
  EXPECT_EQ(body(*hi, 1).quartile, 4);

  auto lo = compare(v, Polarity::lower_is_better);
  ASSERT_TRUE(lo);
  EXPECT_EQ(body(*lo, 1).quartile, 1);
  EXPECT_EQ(body(*lo, 2).quartile, 1);  // on q1
  EXPECT_EQ(body(*lo, 3).quartile, 2);  // on the median
  EXPECT_EQ(body(*lo, 4).quartile, 3);  // on q3
  EXPECT_EQ(body(*lo, 5).quartile, 4);

  auto ne = compare(v, Polarity::neutral);
  ASSERT_TRUE(ne);
  EXPECT_EQ(body(*ne, 5).quartile, 1);
  EXPECT_EQ(body(*ne, 1).quartile, 4);

  // The sign of MADs from median does not depend on polarity: positive = above the median.
  for (const auto* c : {&*hi, &*lo}) {
    EXPECT_DOUBLE_EQ(*body(*c, 1).mads_from_median, -2);
    EXPECT_DOUBLE_EQ(*body(*c, 2).mads_from_median, -1);
    EXPECT_DOUBLE_EQ(*body(*c, 3).mads_from_median, 0);
    EXPECT_DOUBLE_EQ(*body(*c, 5).mads_from_median, 2);
    EXPECT_DOUBLE_EQ(c->distribution.mad, 10);
  }
}

// 5,5,5,7: median (5+5)/2 = 5, |x - 5| = 0,0,0,2 -> MAD (0+0)/2 = 0.
TEST(Compare, ZeroMadGivesZeroAtTheMedianAndNothingElsewhere) {
  const std::vector<BodyValue> v{{1, 5}, {2, 5}, {3, 5}, {4, 7}};
  auto c = compare(v, Polarity::higher_is_better);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->distribution.mad, 0);
  ASSERT_TRUE(body(*c, 1).mads_from_median);
  EXPECT_EQ(*body(*c, 1).mads_from_median, 0);
  EXPECT_FALSE(body(*c, 4).mads_from_median);
}

TEST(Compare, RefusesDuplicateBodiesAndNonFiniteValuesListingEach) {
  const std::vector<BodyValue> v{
      {1, 1}, {2, std::numeric_limits<double>::quiet_NaN()}, {1, 3}, {3, 4}};
  auto c = compare(v, Polarity::higher_is_better);
  ASSERT_FALSE(c);
  ASSERT_EQ(c.error().details.size(), 2u);
  EXPECT_EQ(c.error().details[0].where, "body_id 2");
  EXPECT_EQ(c.error().details[1].where, "body_id 1");
  EXPECT_NE(c.error().details[1].message.find("more than once"), std::string::npos);
}

TEST(Compare, RefusesNoBodies) {
  EXPECT_FALSE(compare(std::span<const BodyValue>{}, Polarity::higher_is_better));
}

double to_double(const std::string& s) {
  size_t used = 0;
  const double d = std::stod(s, &used);
  if (used != s.size()) throw std::runtime_error("not a number: " + s);
  return d;
}

// Reference: Office for Local Government (Oflog) adult social care data, ASC_data.csv (Open
// Government Licence v3.0). For each (Financial year, Code) group the file publishes the MEDIAN
// of all councils' values and each council's MADs_from_median = (Value - MEDIAN) / raw MAD.
// Blank Value cells are missing data and are left out (their MADs cell is blank too).
// Tolerance 1e-6 relative: the file's medians carry float noise in the last digits (for ASC7,
// 26.33508681 in some rows and 26.33508681158525 in others); MADs near 0 get an absolute floor.
TEST(Compare, ReproducesOflogPublishedMediansAndMadsFromMedian) {
  auto table = csv::read_file(PVF_SHARED_DIR "/data/oflog/ASC_data.csv");
  ASSERT_TRUE(table) << table.error().to_text();
  const size_t year = *table->column("Financial year"), code = *table->column("Code"),
               la = *table->column("Local authority code"), value = *table->column("Value"),
               median = *table->column("MEDIAN"), mads = *table->column("MADs_from_median"),
               order = *table->column("rank_order");
  std::map<std::pair<std::string, std::string>, std::vector<const csv::Row*>> groups;
  for (const auto& row : table->rows)
    if (!row.fields[value].empty()) groups[{row.fields[year], row.fields[code]}].push_back(&row);
  EXPECT_EQ(groups.size(), 42u);

  std::map<std::string, int64_t> ids;  // LA code -> body id
  size_t rows_checked = 0;
  for (const auto& [key, rows] : groups) {
    SCOPED_TRACE(key.first + " " + key.second);
    std::vector<BodyValue> values;
    auto polarity = parse_polarity(rows.front()->fields[order]);
    ASSERT_TRUE(polarity);
    for (const auto* row : rows) {
      const auto id = ids.emplace(row->fields[la], static_cast<int64_t>(ids.size())).first->second;
      values.push_back({id, to_double(row->fields[value])});
    }
    auto c = compare(values, *polarity);
    ASSERT_TRUE(c) << c.error().to_text();
    EXPECT_EQ(c->distribution.count, rows.size());
    for (const auto* row : rows) {
      const double published_median = to_double(row->fields[median]);
      EXPECT_NEAR(c->distribution.median, published_median, 1e-6 * std::fabs(published_median))
          << table->where(*row, "MEDIAN");
      const double published = to_double(row->fields[mads]);
      const auto& placed = body(*c, ids.at(row->fields[la]));
      ASSERT_TRUE(placed.mads_from_median) << table->where(*row, "MADs_from_median");
      EXPECT_NEAR(*placed.mads_from_median, published, 1e-6 * std::max(1.0, std::fabs(published)))
          << table->where(*row, "MADs_from_median");
      ++rows_checked;
    }
  }
  // 6,376 data rows, of which 298 have a blank Value.
  EXPECT_EQ(rows_checked, 6078u);
}

}  // namespace
}  // namespace pvf::measure
