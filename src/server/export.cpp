#include "server/export.h"

#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "core/csv.h"
#include "server/xlsx_file.h"

namespace pvf::server {
namespace {

std::string number(std::optional<double> v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::round(*v * 100.0) / 100.0);
  std::string s = buf;
  // "3.50" -> "3.5", "3.00" -> "3": what a spreadsheet shows.
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    const bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s;
}

std::string cell_text(const std::string& text) { return xlsx_cell_text(text); }

std::string level_label(const framework::Framework& f, std::optional<int> level) {
  if (!level) return "";
  const auto* l = f.find_level(*level);
  return l ? l->label : "";
}

uint32_t rgb(const std::string& colour) {
  if (colour.size() != 7 || colour[0] != '#') return 0xFFFFFF;
  return static_cast<uint32_t>(std::strtoul(colour.c_str() + 1, nullptr, 16));
}

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* score = nullptr;
  std::map<int, lxw_format*> level;
};

Formats make_formats(lxw_workbook* wb, const framework::Framework& f) {
  Formats fm;
  fm.header = workbook_add_format(wb);
  format_set_bold(fm.header);
  format_set_bottom(fm.header, LXW_BORDER_THIN);
  fm.score = workbook_add_format(wb);
  format_set_num_format(fm.score, "0.00");
  for (const auto& l : f.scale) {
    lxw_format* x = workbook_add_format(wb);
    format_set_bg_color(x, rgb(l.colour.empty() ? "#ffffff" : l.colour));
    format_set_font_color(x, l.colour.empty() ? LXW_COLOR_BLACK : LXW_COLOR_WHITE);
    format_set_align(x, LXW_ALIGN_CENTER);
    fm.level[l.level] = x;
  }
  return fm;
}

void write_opt(lxw_worksheet* ws, int row, int col, std::optional<double> v, lxw_format* f) {
  if (v) worksheet_write_number(ws, row, col, std::round(*v * 100.0) / 100.0, f);
}

void write_header(lxw_worksheet* ws, int row, const std::vector<std::string>& cols,
                  lxw_format* f) {
  for (size_t c = 0; c < cols.size(); ++c)
    worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), cols[c].c_str(), f);
}

Result<std::string> finish(lxw_workbook* wb, const TempXlsx& tmp) { return finish_workbook(wb, tmp); }

}  // namespace

std::string file_stem(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if (alnum) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "export" : out;
}

std::string scorecard_csv(const ScorecardView& v) {
  const auto& def = *v.framework.definition;
  const std::string status(framework::to_string(v.assessment.status));
  const std::string prev_period = v.previous ? v.previous->period : "";
  const std::string code = cell_text(v.body.code.value_or(""));
  const std::string body = cell_text(v.body.name);
  std::string out = csv::format_row({"body", "code", "period", "status", "scope", "pillar", "area",
                                     "title", "level_label", "score", "previous_period",
                                     "previous_score", "change"});
  for (const auto& p : v.card.pillars) {
    for (const auto& a : p.areas) {
      auto as_d = [](std::optional<int> x) {
        return x ? std::optional<double>(*x) : std::optional<double>{};
      };
      out += csv::format_row({body, code, v.assessment.period, status, "area", p.key, a.key,
                              cell_text(a.title), level_label(def, a.level), number(as_d(a.level)),
                              prev_period, number(as_d(a.previous_level)),
                              number(as_d(a.change))});
    }
    out += csv::format_row({body, code, v.assessment.period, status, "pillar", p.key, "",
                            cell_text(p.title), "", number(p.score), prev_period, number(p.previous_score),
                            number(p.change)});
  }
  out += csv::format_row({body, code, v.assessment.period, status, "overall", "", "",
                          cell_text(def.title), "", number(v.card.overall), prev_period,
                          number(v.card.previous_overall), number(v.card.change)});
  return out;
}

Result<std::string> scorecard_xlsx(const ScorecardView& v) {
  const auto& def = *v.framework.definition;
  TempXlsx tmp;
  if (tmp.path().empty()) return fail(Error::internal("no temporary file for the spreadsheet"));
  lxw_workbook* wb = workbook_new(tmp.path().c_str());
  if (!wb) return fail(Error::internal("the spreadsheet could not be created"));
  Formats fm = make_formats(wb, def);

  lxw_worksheet* ws = workbook_add_worksheet(wb, "Scorecard");
  const std::string title = v.body.name + " - " + def.title + " - " + v.assessment.period + " (" +
                            std::string(framework::to_string(v.assessment.status)) + ")";
  worksheet_write_string(ws, 0, 0, title.c_str(), fm.header);
  write_header(ws, 2, {"Pillar", "Area", "Level", "Level label", "Previous level", "Change"},
               fm.header);
  int row = 3;
  for (const auto& p : v.card.pillars) {
    for (const auto& a : p.areas) {
      worksheet_write_string(ws, row, 0, p.title.c_str(), nullptr);
      worksheet_write_string(ws, row, 1, a.title.c_str(), nullptr);
      if (a.level)
        worksheet_write_number(ws, row, 2, *a.level,
                               fm.level.count(*a.level) ? fm.level[*a.level] : nullptr);
      worksheet_write_string(ws, row, 3, level_label(def, a.level).c_str(), nullptr);
      if (a.previous_level) worksheet_write_number(ws, row, 4, *a.previous_level, nullptr);
      if (a.change) worksheet_write_number(ws, row, 5, *a.change, nullptr);
      ++row;
    }
  }
  ++row;
  write_header(ws, row++, {"Pillar", "", "Score", "", "Previous score", "Change"}, fm.header);
  for (const auto& p : v.card.pillars) {
    worksheet_write_string(ws, row, 0, p.title.c_str(), nullptr);
    write_opt(ws, row, 2, p.score, fm.score);
    write_opt(ws, row, 4, p.previous_score, fm.score);
    write_opt(ws, row, 5, p.change, fm.score);
    ++row;
  }
  worksheet_write_string(ws, row, 0, "Overall", fm.header);
  write_opt(ws, row, 2, v.card.overall, fm.score);
  write_opt(ws, row, 4, v.card.previous_overall, fm.score);
  write_opt(ws, row, 5, v.card.change, fm.score);
  worksheet_set_column(ws, 0, 1, 40, nullptr);
  worksheet_set_column(ws, 2, 5, 14, nullptr);

  lxw_worksheet* hs = workbook_add_worksheet(wb, "History");
  std::vector<std::string> cols{"Period", "Status", "Overall"};
  for (const auto& p : def.pillars) cols.push_back(p.title);
  write_header(hs, 0, cols, fm.header);
  row = 1;
  for (const auto& h : v.history) {
    worksheet_write_string(hs, row, 0, h.period.c_str(), nullptr);
    worksheet_write_string(hs, row, 1, std::string(framework::to_string(h.status)).c_str(), nullptr);
    write_opt(hs, row, 2, h.card.overall, fm.score);
    int col = 3;
    for (const auto& p : def.pillars) {
      for (const auto& hp : h.card.pillars)
        if (hp.key == p.key) write_opt(hs, row, col, hp.score, fm.score);
      ++col;
    }
    ++row;
  }
  worksheet_set_column(hs, 0, static_cast<lxw_col_t>(cols.size()), 18, nullptr);
  return finish(wb, tmp);
}

std::string comparison_csv(const Comparison& c) {
  const auto& def = *c.framework.definition;
  std::vector<std::string> header{"body", "code", "type", "region", "status"};
  for (const auto& p : def.pillars)
    for (const auto& a : p.areas) header.push_back(a.key);
  for (const auto& p : def.pillars) header.push_back(p.key);
  header.push_back("overall");
  std::string out = csv::format_row(header);
  for (const auto& r : c.rows) {
    std::vector<std::string> row{cell_text(r.body.name), cell_text(r.body.code.value_or("")),
                                 r.body.type, cell_text(r.body.region.value_or("")),
                                 std::string(framework::to_string(r.assessment.status))};
    for (const auto& p : r.card.pillars)
      for (const auto& a : p.areas) row.push_back(a.level ? std::to_string(*a.level) : "");
    for (const auto& p : r.card.pillars) row.push_back(number(p.score));
    row.push_back(number(r.card.overall));
    out += csv::format_row(row);
  }
  return out;
}

Result<std::string> comparison_xlsx(const Comparison& c) {
  const auto& def = *c.framework.definition;
  TempXlsx tmp;
  if (tmp.path().empty()) return fail(Error::internal("no temporary file for the spreadsheet"));
  lxw_workbook* wb = workbook_new(tmp.path().c_str());
  if (!wb) return fail(Error::internal("the spreadsheet could not be created"));
  Formats fm = make_formats(wb, def);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Comparison");
  const std::string title = def.title + " - " + c.period;
  worksheet_write_string(ws, 0, 0, title.c_str(), fm.header);
  std::vector<std::string> cols{"Body", "Code", "Type", "Region", "Status"};
  for (const auto& p : def.pillars)
    for (const auto& a : p.areas) cols.push_back(a.title);
  for (const auto& p : def.pillars) cols.push_back(p.title);
  cols.push_back("Overall");
  write_header(ws, 2, cols, fm.header);
  int row = 3;
  for (const auto& r : c.rows) {
    worksheet_write_string(ws, row, 0, r.body.name.c_str(), nullptr);
    worksheet_write_string(ws, row, 1, r.body.code.value_or("").c_str(), nullptr);
    worksheet_write_string(ws, row, 2, r.body.type.c_str(), nullptr);
    worksheet_write_string(ws, row, 3, r.body.region.value_or("").c_str(), nullptr);
    worksheet_write_string(ws, row, 4,
                           std::string(framework::to_string(r.assessment.status)).c_str(), nullptr);
    int col = 5;
    for (const auto& p : r.card.pillars)
      for (const auto& a : p.areas) {
        if (a.level)
          worksheet_write_number(ws, row, col, *a.level,
                                 fm.level.count(*a.level) ? fm.level[*a.level] : nullptr);
        ++col;
      }
    for (const auto& p : r.card.pillars) write_opt(ws, row, col++, p.score, fm.score);
    write_opt(ws, row, col, r.card.overall, fm.score);
    ++row;
  }
  worksheet_set_column(ws, 0, 0, 32, nullptr);
  worksheet_freeze_panes(ws, 3, 1);
  return finish(wb, tmp);
}

}  // namespace pvf::server
