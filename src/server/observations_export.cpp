#include "server/observations_export.h"

#include <charconv>

#include "core/csv.h"
#include "server/xlsx_file.h"

namespace pvf::server {
namespace {

const std::vector<std::string> kColumns{"indicator", "indicator_name", "body",        "code",
                                        "period",    "value",          "numerator",   "denominator",
                                        "quality"};

// Shortest text that reads back as the same double: no rounding in an export.
std::string number(double v) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, p) : std::string();
}
std::string number(std::optional<double> v) { return v ? number(*v) : std::string(); }

// CSV cells that a spreadsheet would run as formulas get the same apostrophe as in XLSX.
std::string text_cell(std::string_view s) { return xlsx_cell_text(std::string(s)); }

}  // namespace

Result<std::string> observations_csv(store::Database& db, const store::ObservationFilter& filter) {
  std::string out = csv::format_row(kColumns);
  auto s = store::for_each_observation(db, filter, [&](const store::ObservationExportRow& r) -> Status {
    out += csv::format_row({text_cell(r.indicator_key), text_cell(r.indicator_name),
                            text_cell(r.body_name), text_cell(r.body_code.value_or("")),
                            std::string(r.period), number(r.value), number(r.numerator),
                            number(r.denominator), text_cell(r.quality.value_or(""))});
    return {};
  });
  if (!s) return fail(s.error());
  return out;
}

Result<std::string> observations_xlsx(store::Database& db, const store::ObservationFilter& filter) {
  TempXlsx tmp;
  if (tmp.path().empty()) return fail(Error::internal("no temporary file for the spreadsheet"));
  lxw_workbook* wb = workbook_new(tmp.path().c_str());
  if (!wb) return fail(Error::internal("the spreadsheet could not be created"));
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Observations");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (size_t c = 0; c < kColumns.size(); ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), kColumns[c].c_str(), bold);
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_column(ws, 0, 0, 12, nullptr);
  worksheet_set_column(ws, 1, 2, 36, nullptr);
  worksheet_set_column(ws, 3, 8, 14, nullptr);
  lxw_row_t row = 0;
  auto text = [&](lxw_col_t col, std::string_view s) {
    if (!s.empty()) worksheet_write_string(ws, row, col, xlsx_cell_text(std::string(s)).c_str(), nullptr);
  };
  auto num = [&](lxw_col_t col, std::optional<double> v) {
    if (v) worksheet_write_number(ws, row, col, *v, nullptr);
  };
  auto s = store::for_each_observation(db, filter, [&](const store::ObservationExportRow& r) -> Status {
    if (row >= 1048575) return fail(Error::invalid("more than 1,048,575 observations: Excel cannot hold them; filter by indicator or body, or download CSV"));
    ++row;
    text(0, r.indicator_key);
    text(1, r.indicator_name);
    text(2, r.body_name);
    text(3, r.body_code.value_or(""));
    text(4, r.period);
    num(5, r.value);
    num(6, r.numerator);
    num(7, r.denominator);
    text(8, r.quality.value_or(""));
    return {};
  });
  if (!s) {
    workbook_close(wb);
    return fail(s.error());
  }
  if (row > 0) worksheet_autofilter(ws, 0, 0, row, static_cast<lxw_col_t>(kColumns.size() - 1));
  return finish_workbook(wb, tmp);
}

}  // namespace pvf::server
