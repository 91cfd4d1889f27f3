// Observations as files: CSV (tidy, one observation per row) and XLSX (the same table, numbers
// as numbers). Columns: indicator,indicator_name,body,code,period,value,numerator,denominator,
// quality. Streams from the store; the whole file is built in memory (an export of every
// observation of a 10-million-row store would be ~400 MB: filter by indicator or body).
#pragma once

#include <string>

#include "core/result.h"
#include "store/db.h"
#include "store/indicators_repo.h"

namespace pvf::server {

Result<std::string> observations_csv(store::Database& db, const store::ObservationFilter& filter);
Result<std::string> observations_xlsx(store::Database& db, const store::ObservationFilter& filter);

}  // namespace pvf::server
