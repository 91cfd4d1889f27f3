#include "cli/output.h"

#include "core/csv.h"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace pvf::cli {

std::string format_number(double v) { return csv::format_number(v); }

std::string format_number(std::optional<double> v) { return v ? format_number(*v) : std::string(); }

std::string format_rounded(double v, int significant) {
  return csv::format_number(v, significant);
}

std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

bool write_output(const std::string& path, std::string_view content) {
  if (path.empty() || path == "-") {
    std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  namespace fs = std::filesystem;
  fs::path tmp(path);
  tmp += ".tmp-";
  tmp += std::to_string(::getpid());
  std::error_code ec;
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f || !f.write(content.data(), static_cast<std::streamsize>(content.size())) ||
        !f.flush()) {
      fs::remove(tmp, ec);
      std::cerr << "pvf: " << path << ": cannot write the file\n";
      return false;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::cerr << "pvf: " << path << ": cannot write the file (" << ec.message() << ")\n";
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return false;
  }
  return true;
}

Progress::Progress(std::string label)
    : label_(std::move(label)),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::update(std::size_t done, std::size_t total) {
  if (!terminal_ || total == 0) return;
  const int percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total));
  if (percent == last_percent_) return;
  // Short work finishes before a bar would help; don't flash one.
  if (!drawn_ && std::chrono::steady_clock::now() - start_ < std::chrono::milliseconds(300)) return;
  last_percent_ = percent;
  const int width = 30;
  const int filled = percent * width / 100;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '.');
  std::fprintf(stderr, "\r%s [%s] %3d%%", label_.c_str(), bar.c_str(), percent);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(label_.size()) + 40, "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace pvf::cli
