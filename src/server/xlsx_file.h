// Shared by the XLSX exports: libxlsxwriter 1.1 writes only to files, so a workbook goes to a
// private temporary file that is read back into memory and removed.
#pragma once

#include <xlsxwriter.h>

#include <string>

#include "core/result.h"

namespace pvf::server {

class TempXlsx {
 public:
  TempXlsx();   // creates the file with mkstemp; path() is empty if that failed
  ~TempXlsx();  // removes it
  TempXlsx(const TempXlsx&) = delete;
  TempXlsx& operator=(const TempXlsx&) = delete;
  const std::string& path() const { return path_; }
  Result<std::string> read() const;

 private:
  std::string path_;
};

// Closes the workbook and returns the file's bytes.
Result<std::string> finish_workbook(lxw_workbook* wb, const TempXlsx& tmp);

// Text that a spreadsheet would run as a formula (=HYPERLINK(...)) gets an apostrophe, which
// Excel shows as plain text. Numbers never pass through here.
std::string xlsx_cell_text(const std::string& text);

}  // namespace pvf::server
