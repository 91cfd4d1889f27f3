// The measurement layer's indicators, their observations and comparison groups in the store:
// definitions and observation queries (indicators_repo.cpp), the bulk observation import
// (observations_import.cpp, observations_oflog.cpp), named comparison groups and group resolution
// (comparison_groups_repo.cpp). The write contract of repositories.h applies: one transaction
// per write (joining the caller's), its audit entry inside it, the domain rules enforced here,
// nothing written on error. Every write moves measure_generation on (triggers for indicators,
// bodies and groups; the observation import bumps it itself, once).
//
// Periods are pvf's canonical text (core/period.h): "2024-25", "2024-25 Q1", "2024"; stored and
// returned canonical. Within one kind, text order is time order.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/result.h"
#include "measure/indicator.h"
#include "store/db.h"
#include "store/import_summary.h"
#include "store/records.h"

namespace pvf::store {

// ---- indicators (indicators_repo.cpp) ----

struct Indicator {
  int64_t id = 0;
  measure::IndicatorDef def;
  std::string created_at;
  std::string updated_at;
};
// {key,name,unit,polarity,frequency,area_key,source}; area_key null when empty.
nlohmann::json to_json(const Indicator& i);

struct IndicatorSummary {
  Indicator indicator;
  int64_t observations = 0;          // stored observations, all bodies and periods
  int64_t bodies = 0;                // distinct bodies with at least one
  std::vector<std::string> periods;  // with data, ascending (text order)
};
// The API's Indicator: to_json(indicator) + {observations,bodies,periods}.
nlohmann::json to_json(const IndicatorSummary& s);

// Creates the indicator with def.key, or replaces the stored definition. Rules: measure::
// validate, area_key empty or snake_case ([a-z0-9_], at most 100). Audit "indicator.create" /
// "indicator.update" (entity "indicator", id); an unchanged definition writes nothing.
Result<Indicator> upsert_indicator(Database& db, const Actor& actor,
                                   const measure::IndicatorDef& def);
// By key. O(indicators).
Result<std::vector<Indicator>> list_indicator_definitions(Database& db);
// By key, with counts. Reads every observation once (PK order, ~10M rows/s), then memoised on
// the connection until measure_generation moves on.
Result<std::vector<IndicatorSummary>> list_indicators(Database& db);
// not_found names the key.
Result<Indicator> get_indicator(Database& db, std::string_view key);
Result<IndicatorSummary> get_indicator_summary(Database& db, std::string_view key);

// Definitions file: columns key,name,unit,polarity,frequency,area,source (any order, matched
// ignoring case; key and name required). Upsert by key; a column left out keeps what is stored
// (defaults for a new indicator: unit "", polarity neutral, frequency annual, no area, source
// ""); an empty cell means the empty value (polarity: neutral; frequency: annual). Polarity as
// measure::parse_polarity reads it ("higher", "lower is better", Oflog's "desc"...).
// One transaction: any problem refuses the file, every problem in details as "file:LINE:column".
// Records an observation_imports row (kind "indicators"; sha256 of the table re-written as CSV
// unless given) and the per-indicator audit entries. The summary (import_summary.h) counts
// indicators, one a row.
Result<ImportSummary> import_indicators(Database& db, const Actor& actor, const csv::Table& table,
                                        std::string_view sha256 = {});

// ---- observations (indicators_repo.cpp) ----

struct ObservationValue {
  int64_t indicator_id = 0;
  int64_t body_id = 0;
  std::string period;
  double value = 0;
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::optional<std::string> quality;  // publisher's flag: "provisional", "estimated"...
};
// One period of an indicator, every body, by body id: one primary-key range (O(log n + bodies)).
// A period that does not parse -> invalid_input.
Result<std::vector<ObservationValue>> observations_for_period(Database& db, int64_t indicator_id,
                                                              std::string_view period);
// Every period and body of an indicator, by period then body id. O(rows of the indicator).
Result<std::vector<ObservationValue>> observations_for_indicator(Database& db,
                                                                 int64_t indicator_id);
// One body: every indicator (or one), by indicator id then period (index observations_body).
Result<std::vector<ObservationValue>> observations_for_body(
    Database& db, int64_t body_id, std::optional<int64_t> indicator_id = std::nullopt);

struct ObservationFilter {
  std::optional<int64_t> indicator_id;
  std::optional<int64_t> body_id;
  std::optional<std::string> period;
};
// A row of the observations export (CSV columns
// indicator,indicator_name,body,code,period,value,numerator,denominator,quality).
struct ObservationExportRow {
  std::string_view indicator_key;
  std::string_view indicator_name;
  int64_t body_id = 0;
  std::string_view body_name;
  std::optional<std::string_view> body_code;
  std::string_view period;
  double value = 0;
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::optional<std::string_view> quality;
};
// Streams the matching observations, ordered by indicator key, period, then body name, holding
// at most one indicator x period in memory; the views are valid during the call only. Runs in
// one read snapshot. A callback error stops the walk and is returned. Unknown ids -> not_found.
Status for_each_observation(Database& db, const ObservationFilter& filter,
                            const std::function<Status(const ObservationExportRow&)>& row);

// Moves on with every change to measurement data: equal values mean equal comparisons.
Result<int64_t> measure_generation(Database& db);

// ---- observation import (observations_import.cpp) ----

struct ObservationImportSummary {
  std::string format;          // "pvf" | "oflog"
  int64_t rows = 0;            // data rows in the file (blank-value rows included)
  int64_t inserted = 0;        // new (indicator, period, body)
  int64_t updated = 0;         // stored, with another value, numerator, denominator or quality
  int64_t unchanged = 0;       // stored with the same values
  int64_t skipped_blank = 0;   // rows with an empty value: no observation, nothing removed
  int bodies_created = 0;      // Oflog format only
  int bodies_updated = 0;      // Oflog format: a blank subtype or region filled in
  int indicators_created = 0;  // Oflog format only
  int64_t import_id = 0;       // observation_imports.id
  double seconds = 0;          // wall time of the whole import
};
// {format,rows,inserted,updated,unchanged,skipped_blank,bodies_created,bodies_updated,
//  indicators_created,import_id,seconds}
nlohmann::json to_json(const ObservationImportSummary& s);

struct ImportProgressInfo {
  int64_t rows = 0;  // data rows read so far
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
};
struct ImportProgress {
  // Called about every `every_rows` rows while the file is read, on the importing thread inside
  // the import's transaction: keep it short and do not touch the Database. Return false to
  // cancel the import (nothing is written; the error says it was cancelled).
  std::function<bool(const ImportProgressInfo&)> report;
  int64_t every_rows = 100000;
};

// Imports observations from CSV text, the format told by its header:
//  * pvf long format: indicator,body,period,value[,numerator,denominator,quality] (any order,
//    matched ignoring case). indicator = a stored indicator key; body = a stored body's code,
//    else its exact name; period of the indicator's frequency (annual: a financial or calendar
//    year; quarterly: a quarter).
//  * Oflog's Local Authority Data Explorer layout (Financial year, Local authority code, Local
//    authority name, Entity_Name, Region, Measure, Code, Value, ...; MEDIAN, MADs_from_median,
//    rank_order and Grouping are not stored): missing councils are created (type council,
//    subtype = Entity_Name, region = Region; a name another body already has gets " (CODE)"
//    after it), a stored body with that code gets a blank subtype or region filled (never
//    overwritten); missing indicators are created (key = Code, name = Measure without Oflog's
//    "Outcome, " prefix, polarity from the first non-blank rank_order of that code: desc ->
//    higher, asc -> lower, None -> neutral; source Oflog, OGL v3.0).
// Values: finite decimals ("12.5", "-3", "1e6", a leading "+"); an empty value is skipped
// (counted in skipped_blank). numerator/denominator empty or finite; quality free text (<= 100).
// A key (indicator, period, body) twice in one file is a problem.
// One transaction: any problem refuses the whole file and nothing is written; Error.details
// lists every problem as {"file:LINE:column", why} (at most 1000, then "... and N more
// problems"). Upserts by key, so re-importing a file changes nothing (all rows unchanged).
// Records an observation_imports row (kind "observations", sha256 of the text), audit entries
// for created/updated bodies and indicators and one "observations.import" entry with the
// summary, and bumps measure_generation once.
// Cost: O(rows) with hash lookups; ~1M rows/s on one core into a fresh table (see BENCHMARKS.md).
Result<ObservationImportSummary> import_observations(Database& db, const Actor& actor,
                                                     std::string_view source_name,
                                                     std::string_view csv_text,
                                                     const ImportProgress* progress = nullptr);
// The same from a file (memory-mapped); source_name is `path` as given. io_error names the file.
Result<ObservationImportSummary> import_observations_file(Database& db, const Actor& actor,
                                                          const std::string& path,
                                                          const ImportProgress* progress = nullptr);

// ---- comparison groups (comparison_groups_repo.cpp) ----

struct GroupMember {
  int64_t body_id = 0;
  std::string name;
  std::optional<std::string> code;
};

struct ComparisonGroup {
  int64_t id = 0;
  std::string name;
  std::string description;
  std::string method = "manual";           // manual | published | nearest_neighbours
  std::optional<int64_t> body_id;          // whose peer group it is, if anyone's
  std::vector<int64_t> members;            // in position order (nearest first for neighbour lists)
  std::vector<GroupMember> member_bodies;  // the same, with names and codes
  std::string created_at;
  std::string updated_at;
};
// {id,name,description,method,body_id,members:[{body_id,name,code}],created_at,updated_at}
nlohmann::json to_json(const ComparisonGroup& g);

struct ComparisonGroupInput {
  std::string name;  // unique, 1-200 characters
  std::string description;
  std::string method = "manual";
  std::optional<int64_t> body_id;
  std::vector<int64_t> members;  // at least one; stored bodies, each once
};

// Rules: name non-empty and unique (conflict), method known, body and members stored, members
// distinct and at least one. Audit "comparison_group.create" / "update" / "delete" (entity
// "comparison_group"). update replaces the members; unchanged input writes nothing.
Result<ComparisonGroup> create_comparison_group(Database& db, const Actor& actor,
                                                const ComparisonGroupInput& input);
Result<ComparisonGroup> update_comparison_group(Database& db, const Actor& actor, int64_t id,
                                                const ComparisonGroupInput& input);
Status delete_comparison_group(Database& db, const Actor& actor, int64_t id);
// By name.
Result<std::vector<ComparisonGroup>> list_comparison_groups(Database& db);
Result<ComparisonGroup> get_comparison_group(Database& db, int64_t id);  // not_found
Result<std::optional<ComparisonGroup>> find_comparison_group(Database& db, std::string_view name);

// Columns group,body[,position,description]: one row per member; body = code, else exact name;
// position a whole number >= 0 ordering the members (file order without the column or on
// ties); description: the group's, from its first non-empty cell. Each group named is created
// (method "manual") or has its members replaced (keeping its method and owner). The summary
// counts groups: inserted (created), updated (members or description changed), unchanged;
// rows = data rows. A body twice in one group is a problem. One transaction, every problem
// listed as for import_indicators; observation_imports row of kind "groups".
Result<ImportSummary> import_groups(Database& db, const Actor& actor, const csv::Table& table,
                                    std::string_view sha256 = {});

enum class GroupScope { all, same_type, same_region, named };
// "all", "type", "region", "group" (the API's `group` values) and back.
Result<GroupScope> parse_group_scope(std::string_view text);
const char* to_string(GroupScope scope);

struct GroupSelector {
  GroupScope scope = GroupScope::all;
  std::optional<int64_t> body_id;   // the reference body, for same_type and same_region
  std::optional<int64_t> group_id;  // for named
};
struct ResolvedGroup {
  // "All bodies", "Metropolitan Districts" (a subtype), "Councils" (a type), "Yorkshire and The
  // Humber" (a region), or a named group's name ("Nearest neighbours of Leeds").
  std::string label;
  std::vector<int64_t> body_ids;  // ascending
};
// all: every body with at least one observation (of any indicator; the caller intersects with
// the indicator's); same_type: the reference body's subtype when it has one, else its type;
// same_region: the reference body's region (invalid_input when it has none); named: the group's
// members. A missing body_id / group_id -> invalid_input ("body" / "group_id"); unknown ->
// not_found. Cost: O(bodies) index seeks for `all`, one small query otherwise.
Result<ResolvedGroup> resolve_group(Database& db, const GroupSelector& selector);

}  // namespace pvf::store
