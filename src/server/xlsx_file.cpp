#include "server/xlsx_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

namespace pvf::server {

TempXlsx::TempXlsx() {
  char tmpl[] = "/tmp/pvf-export-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd >= 0) {
    close(fd);
    path_ = tmpl;
  }
}

TempXlsx::~TempXlsx() {
  if (!path_.empty()) std::remove(path_.c_str());
}

Result<std::string> TempXlsx::read() const {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return fail(Error::internal("cannot read the spreadsheet back"));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::string> finish_workbook(lxw_workbook* wb, const TempXlsx& tmp) {
  if (workbook_close(wb) != LXW_NO_ERROR)
    return fail(Error::internal("the spreadsheet could not be written"));
  return tmp.read();
}

std::string xlsx_cell_text(const std::string& text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    return "'" + text;
  return text;
}

}  // namespace pvf::server
