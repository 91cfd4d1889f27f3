// What every `pvf` command that writes a table shares: how numbers are printed, how a file is
// written without ever leaving half of it, and a progress line for long work.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pvf::cli {

// Shortest text that reads back as the same double; plain decimals for ordinary magnitudes
// (0.0001 stays "0.0001", not "1e-04"), exponent form only for the very small or very large.
std::string format_number(double value);
// Empty for "no value".
std::string format_number(std::optional<double> value);
// Rounded to `significant` digits first: for solver results, whose last digits are noise
// (an LP's 0.9999999999999998 prints as 1).
std::string format_rounded(double value, int significant);

// A file's whole content as bytes, or nullopt when it cannot be read (the caller says so).
std::optional<std::string> read_text_file(const std::string& path);

// Writes `content` to stdout when `path` is empty or "-", else to a temporary beside `path`
// renamed into place, so a failed run leaves any earlier file intact. On failure prints
// "pvf: PATH: cannot write the file (why)" to stderr and returns false.
bool write_output(const std::string& path, std::string_view content);

// A one-line progress bar on stderr, drawn only when stderr is a terminal and the work has run
// for a moment; finish() clears it. Cheap to call often.
class Progress {
 public:
  explicit Progress(std::string label);
  ~Progress();
  void update(std::size_t done, std::size_t total);
  void finish();

 private:
  std::string label_;
  bool terminal_;
  bool drawn_ = false;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace pvf::cli
