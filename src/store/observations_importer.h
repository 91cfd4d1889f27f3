// INTERNAL to the observation import (observations_*.cpp; not API): one import of one file,
// inside the caller's transaction. run() loads the stored bodies and indicators, for Oflog's
// layout scans the file for councils and measures to create and creates them
// (observations_oflog.cpp), then validates every row and, while the file has no problem, writes
// it (observations_import.cpp). The contract is import_observations's (indicators_repo.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "measure/indicator.h"
#include "store/db.h"
#include "store/indicators_detail.h"
#include "store/indicators_repo.h"
#include "store/observations_layout.h"
#include "store/observations_lookups.h"
#include "store/observations_writer.h"
#include "store/records.h"
#include "store/repositories.h"

namespace pvf::store::observations_detail {

class Import {
 public:
  // `text` must outlive the import; `progress` may be null.
  Import(Database& db, const Actor& actor, std::string_view source, std::string_view text,
         const ImportProgress* progress)
      : db_(db), actor_(actor), source_(source), text_(text), progress_(progress) {}

  // The whole import but its audit entry and digest; any problem -> invalid_input listing them.
  Result<ObservationImportSummary> run(const Layout& layout, const std::string& sha256);

 private:
  Status load();
  // Oflog, first pass: which councils and measures the file names that the store lacks.
  void oflog_scan();
  // Oflog: creates what oflog_scan found missing and fills blanks of stored bodies.
  Status oflog_create();
  // Validates every row, and while the file has no problem, writes it (writer may be null).
  Status pass(Writer* writer);
  bool estimate_large();
  Status maybe_pause_indexes(const Writer& writer);
  // "file:LINE:column", the column as the header wrote it.
  std::string where(int line, Cell c) const {
    return source_ + ":" + std::to_string(line) + ":" + layout_.names[layout_.col[c]];
  }

  Database& db_;
  const Actor& actor_;
  std::string source_;
  std::string_view text_;
  const ImportProgress* progress_;
  Layout layout_;
  indicators_detail::ProblemList problems_;
  Bodies bodies_;
  Indicators indicators_;
  PeriodCache periods_;
  KeySet keys_;
  StringSet qualities_;
  ObservationImportSummary summary_;
  // Oflog: bodies and indicators to create, and blanks of stored bodies to fill.
  struct NewBody {
    uint32_t index;
    int line;
    std::string last_period;
  };
  std::vector<NewBody> new_bodies_;
  std::map<uint32_t, BodyInput> fills_;  // ordered: audit entries in a stable order
  struct NewIndicator {
    uint32_t index;
    int line;
    measure::IndicatorDef def;
    bool polarity_set = false;
  };
  std::vector<NewIndicator> new_indicators_;
  uint32_t first_new_body_ = 0, first_new_indicator_ = 0;  // dense indexes of the first new ones
  bool large_ = false, pause_decided_ = false;
  std::optional<IndexPause> paused_;
  std::optional<PragmaScope> cache_;
};

}  // namespace pvf::store::observations_detail
