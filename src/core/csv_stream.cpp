#include "core/csv_stream.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace pvf::csv {
namespace {

// Bytes that end an unquoted field.
constexpr std::array<bool, 256> kEndsField = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  return t;
}();

inline bool blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

Reader::Reader(std::string_view text, std::string source, StreamOptions options)
    : begin_(text.data()),
      pos_(text.data()),
      end_(text.data() + text.size()),
      source_(std::move(source)),
      options_(options) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") pos_ += 3;
}

void Reader::push_text(const char* b, const char* e) {
  refs_.push_back(Ref{b, 0, static_cast<size_t>(e - b)});
}

bool Reader::next() {
  if (error_) return false;
  for (;;) {
    if (pos_ >= end_) return false;
    record_line_ = line_;
    refs_.clear();
    scratch_.clear();
    bool has_content = false;
    char ended;
    for (;;) {
      ended = field(has_content);
      if (error_) return false;
      if (ended != ',') break;
      has_content = true;
    }
    if (ended == '\n') ++line_;
    if (has_content || refs_.size() > 1) {
      fields_.resize(refs_.size());
      for (size_t i = 0; i < refs_.size(); ++i) {
        const Ref& r = refs_[i];
        fields_[i] = r.data ? std::string_view(r.data, r.size)
                            : std::string_view(scratch_.data() + r.offset, r.size);
      }
      return true;
    }
    if (ended == 0) return false;  // a blank last line
  }
}

// The common shapes without copying: an unquoted field, or a quoted one with no "" escape and
// nothing after its closing quote. Anything else goes through slow_field, which mirrors
// csv::parse character by character.
char Reader::field(bool& has_content) {
  const char* start = pos_;
  const char* p = start;
  while (p < end_ && blank(*p)) ++p;
  if (p < end_ && *p == '"') {
    const char* q = p + 1;
    const void* found = std::memchr(q, '"', static_cast<size_t>(end_ - q));
    if (!found) return slow_field(start, has_content);  // reports the unclosed quote
    const char* close = static_cast<const char*>(found);
    const char* after = close + 1;
    if (after < end_ && *after == '"') return slow_field(start, has_content);
    char ended;
    const char* next;
    if (after == end_) {
      ended = 0;
      next = after;
    } else if (*after == ',') {
      ended = ',';
      next = after + 1;
    } else if (*after == '\n') {
      ended = '\n';
      next = after + 1;
    } else if (*after == '\r') {
      ended = '\n';
      next = after + 1 < end_ && after[1] == '\n' ? after + 2 : after + 1;
    } else {
      return slow_field(start, has_content);  // text after the closing quote
    }
    line_ += static_cast<int>(std::count(q, close, '\n'));
    has_content = true;
    push_text(q, close);
    pos_ = next;
    return ended;
  }
  const char* e = p;
  while (e < end_ && !kEndsField[static_cast<unsigned char>(*e)]) ++e;
  if (e > p) has_content = true;  // p stopped at the first non-blank byte
  const char* value_end = e;
  if (options_.trim) {
    while (value_end > p && blank(value_end[-1])) --value_end;
    push_text(p, value_end);
  } else {
    push_text(start, e);
  }
  if (e == end_) {
    pos_ = e;
    return 0;
  }
  if (*e == ',') {
    pos_ = e + 1;
    return ',';
  }
  pos_ = *e == '\r' && e + 1 < end_ && e[1] == '\n' ? e + 2 : e + 1;
  return '\n';
}

char Reader::slow_field(const char* start, bool& has_content) {
  const size_t off = scratch_.size();
  bool in_quotes = false, was_quoted = false;
  int lines = 0;
  const char* p = start;
  auto only_blanks = [&] {
    return std::all_of(scratch_.begin() + static_cast<std::ptrdiff_t>(off), scratch_.end(), blank);
  };
  char ended = 0;
  while (p < end_) {
    const char c = *p;
    if (in_quotes) {
      if (c == '"') {
        if (p + 1 < end_ && p[1] == '"') {
          scratch_ += '"';
          p += 2;
        } else {
          in_quotes = false;
          ++p;
        }
      } else {
        if (c == '\n') ++lines;
        scratch_ += c;
        ++p;
      }
      continue;
    }
    if (c == '"' && only_blanks()) {
      scratch_.resize(off);
      in_quotes = was_quoted = has_content = true;
      ++p;
    } else if (c == ',') {
      ended = ',';
      ++p;
      break;
    } else if (c == '\r' || c == '\n') {
      ended = '\n';
      p += c == '\r' && p + 1 < end_ && p[1] == '\n' ? 2 : 1;
      break;
    } else {
      scratch_ += c;
      if (!blank(c)) has_content = true;
      ++p;
    }
  }
  if (in_quotes) {
    error_ = Error::invalid("a quoted field is not closed before the end of the file",
                            source_ + ":" + std::to_string(record_line_));
    pos_ = end_;
    return 0;
  }
  line_ += lines;
  pos_ = p;
  size_t b = off, e = scratch_.size();
  if (options_.trim && !was_quoted) {
    while (b < e && blank(scratch_[b])) ++b;
    while (e > b && blank(scratch_[e - 1])) --e;
  }
  refs_.push_back(Ref{nullptr, b, e - b});
  return ended;
}

}  // namespace pvf::csv
