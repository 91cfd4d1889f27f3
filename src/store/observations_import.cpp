// The bulk observation import (indicators_repo.h): pvf's long format and Oflog's published
// layout (observations_layout.h), streamed from one text buffer, validated cell by cell and
// upserted in one transaction. This file holds the orchestration and the per-row pass; the
// Oflog pre-pass is observations_oflog.cpp, the batched writes observations_writer.cpp.
//
// Speed (measured by bench/import_bench.cpp): the text is parsed in place (core/csv_stream.h);
// bodies, indicators and periods resolve through hash maps (a period string is parsed once;
// observations_lookups.h, inline); rows go to SQLite in 64-row statements (observations_writer.h).
// Foreign-key checks are off for the transaction (the ids come from the store itself). A large
// import of new rows drops the observations table's secondary indexes after its first batch and
// rebuilds them once at the end (a sorted build costs ~1/3 of scattered inserts); an import that
// keeps them gets a larger page cache. The file's SHA-256 is computed on a second thread.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/crypto.h"
#include "core/csv_stream.h"
#include "store/import_detail.h"
#include "store/observations_importer.h"
#include "store/repo_internal.h"

namespace pvf::store {
namespace observations_detail {
namespace {

constexpr int64_t kDropIndexRows = 250000;  // below this, indexes are maintained row by row

bool kind_fits(measure::Frequency f, Period::Kind k) {
  return f == measure::Frequency::quarterly ? k == Period::Kind::financial_quarter
                                            : k != Period::Kind::financial_quarter;
}

}  // namespace

Status Import::load() {
  PVF_TRY(bodies_.stored, list_bodies(db_, {}));
  for (uint32_t i = 0; i < bodies_.stored.size(); ++i) {
    const Body& b = bodies_.stored[i];
    if (b.code) bodies_.by_code.emplace(*b.code, i);
    bodies_.by_name.emplace(b.name, i);
  }
  PVF_TRY(auto defs, list_indicator_definitions(db_));
  for (auto& d : defs) indicators_.add({d.id, d.def.frequency, d.def.key});
  first_new_body_ = static_cast<uint32_t>(bodies_.stored.size());
  first_new_indicator_ = static_cast<uint32_t>(indicators_.entries.size());
  return {};
}

// Validates every row, and while the file has no problem, writes it.
Status Import::pass(Writer* writer) {
  csv::Reader reader(text_, source_);
  reader.next();  // the header
  const size_t width = layout_.names.size();
  const bool oflog = layout_.oflog();
  const int64_t every =
      progress_ && progress_->report ? std::max<int64_t>(progress_->every_rows, 1) : INT64_MAX;
  int64_t next_report = every;
  auto report = [&]() -> Status {
    ImportProgressInfo info{summary_.rows, reader.offset(), reader.size()};
    if (!progress_->report(info))
      return fail(Error::conflict(source_ + ": the import was cancelled; nothing was imported"));
    return {};
  };
  auto at = [&](std::span<const std::string_view> f, Cell c) { return layout_.at(f, c); };
  while (reader.next()) {
    ++summary_.rows;
    if (summary_.rows >= next_report) {
      PVF_CHECK(report());
      next_report += every;
    }
    const auto f = reader.fields();
    const int line = reader.line();
    if (f.size() != width) {
      problems_.add(
          source_ + ":" + std::to_string(line),
          "has " + std::to_string(f.size()) + " fields, the header has " + std::to_string(width));
      continue;
    }
    bool ok = true;
    const std::string_view key = at(f, kIndicator);
    const auto ind = indicators_.find(key);
    if (!ind) {
      ok = false;
      if (!oflog)  // Oflog's codes were all checked by the first pass
        problems_.add(where(line, kIndicator),
                      key.empty() ? "the indicator is empty"
                                  : "no indicator has key '" + std::string(key) +
                                        "': import its definition first (pvf import indicators)");
    }
    const std::string_view body_text = at(f, kBody);
    const auto body = bodies_.find(body_text, !oflog);
    if (!body) {
      ok = false;
      if (!oflog)
        problems_.add(where(line, kBody), body_text.empty() ? "the body is empty"
                                                            : "no body has code or name '" +
                                                                  std::string(body_text) + "'");
    }
    const uint32_t per = periods_.lookup(at(f, kPeriod));
    const auto& period = periods_[per];
    if (!period.error.empty()) {
      ok = false;
      problems_.add(where(line, kPeriod), period.error);
    } else if (ind && !kind_fits(indicators_.entries[*ind].frequency, period.kind)) {
      ok = false;
      const auto freq = indicators_.entries[*ind].frequency;
      problems_.add(
          where(line, kPeriod),
          "'" + period.canonical + "' is " + period_kind_name(period.kind) +
              ", but indicator " + std::string(key) + " is " + measure::to_string(freq) +
              (freq == measure::Frequency::annual ? " (give a year, e.g. 2024-25)"
                                                  : " (give a quarter, e.g. 2024-25 Q1)"));
    }
    auto number = [&](Cell c) -> std::optional<double> {
      const std::string_view t = at(f, c);
      if (t.empty()) return std::nullopt;
      auto v = detail::parse_number(t);
      if (!v) {
        ok = false;
        problems_.add(where(line, c), "'" + std::string(t) + "' is not a number");
      }
      return v;
    };
    const auto value = number(kValue);
    const auto numerator = number(kNumerator);
    const auto denominator = number(kDenominator);
    const std::string* quality = nullptr;
    if (const std::string_view q = at(f, kQuality); !q.empty()) {
      if (detail::utf8_length(q) > 100) {
        ok = false;
        problems_.add(where(line, kQuality), "the quality flag is longer than 100 characters");
      } else {
        auto it = qualities_.find(q);
        if (it == qualities_.end()) it = qualities_.emplace(q).first;
        quality = &*it;
      }
    }
    if (!ok) continue;
    if (at(f, kValue).empty()) {
      ++summary_.skipped_blank;
      continue;
    }
    if (!keys_.insert(*ind, per, *body)) {
      problems_.add(where(line, kValue), "a second value for indicator " + std::string(key) +
                                             ", body " + std::string(body_text) + ", period " +
                                             period.canonical +
                                             " (each may appear once in a file)");
      continue;
    }
    if (writer && problems_.empty()) {
      PVF_CHECK(
          writer->add(Pending{indicators_.entries[*ind].id, &period.canonical,
                              bodies_.stored[*body].id, *value, numerator, denominator, quality}));
      if (!pause_decided_ && writer->written() > 0) PVF_CHECK(maybe_pause_indexes(*writer));
    }
  }
  if (reader.error()) problems_.add(reader.error()->where, reader.error()->message);
  if (progress_ && progress_->report) PVF_CHECK(report());
  if (writer && problems_.empty()) PVF_CHECK(writer->flush());
  return {};
}

// Whether to drop and rebuild the secondary indexes: when the file's rows outnumber about half
// the rows stored (an upper bound from the database size), rebuilding costs less.
bool Import::estimate_large() {
  const size_t sample = std::min<size_t>(text_.size(), 1 << 16);
  const auto lines =
      std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(sample), '\n');
  if (lines < 2) return false;
  const auto rows = static_cast<int64_t>(static_cast<double>(text_.size()) / sample * lines);
  if (rows < kDropIndexRows) return false;
  int64_t pages = 0, page_size = 4096;
  if (auto st = db_.prepare("PRAGMA page_count"); st && st->step().value_or(false)) {
    pages = st->int64(0);
    st->reset();
  }
  if (auto st = db_.prepare("PRAGMA page_size"); st && st->step().value_or(false)) {
    page_size = st->int64(0);
    st->reset();
  }
  const int64_t stored_at_most = pages * page_size / 40;  // ~52 bytes a row with its index
  return rows * 2 >= stored_at_most;
}

// Decided on the first batch written: new rows in a large file -> rebuild the indexes at the
// end; a re-import of stored rows keeps them (it changes nothing a rebuild would be paid for).
// Kept indexes take scattered inserts: a larger page cache (allocated only as used) saves
// re-reading their pages. Appending to the primary key alone needs no more than the default.
Status Import::maybe_pause_indexes(const Writer& writer) {
  pause_decided_ = true;
  if (large_ && writer.inserted() * 2 >= writer.written()) {
    PVF_TRY(paused_, IndexPause::begin(db_));
  } else if (text_.size() > (1u << 20)) {
    cache_.emplace(db_, "cache_size", "-65536");
  }
  return {};
}

Result<ObservationImportSummary> Import::run(const Layout& layout, const std::string& sha256) {
  layout_ = layout;
  summary_.format = layout.format;
  PVF_CHECK(load());
  if (layout_.oflog()) {
    oflog_scan();
    if (problems_.empty()) PVF_CHECK(oflog_create());
  }
  PVF_TRY(summary_.import_id,
          detail::start_import(db_, actor_, "observations", summary_.format, source_, sha256));
  large_ = problems_.empty() && estimate_large();
  PVF_TRY(Writer writer, Writer::open(db_, summary_.import_id));
  PVF_CHECK(pass(&writer));
  if (!problems_.empty()) return fail(problems_.error(source_));
  if (paused_) PVF_CHECK(paused_->rebuild(db_));
  summary_.inserted = writer.inserted();
  summary_.updated = writer.updated();
  summary_.unchanged = writer.unchanged();
  PVF_CHECK(detail::finish_import(db_, summary_.import_id, summary_.rows, summary_.inserted,
                                  summary_.updated, summary_.unchanged));
  PVF_CHECK(detail::bump_measure_generation(db_));
  return summary_;
}

}  // namespace observations_detail

namespace {

constexpr size_t kHashInThreadBytes = 4u << 20;

}  // namespace

nlohmann::json to_json(const ObservationImportSummary& s) {
  return {{"format", s.format},
          {"rows", s.rows},
          {"inserted", s.inserted},
          {"updated", s.updated},
          {"unchanged", s.unchanged},
          {"skipped_blank", s.skipped_blank},
          {"bodies_created", s.bodies_created},
          {"bodies_updated", s.bodies_updated},
          {"indicators_created", s.indicators_created},
          {"import_id", s.import_id},
          {"seconds", s.seconds}};
}

Result<ObservationImportSummary> import_observations(Database& db, const Actor& actor,
                                                     std::string_view source_name,
                                                     std::string_view csv_text,
                                                     const ImportProgress* progress) {
  const auto started = std::chrono::steady_clock::now();
  const std::string source(source_name);
  indicators_detail::ProblemList problems;
  csv::Reader header_reader(csv_text, source);
  if (!header_reader.next()) {
    if (header_reader.error()) return fail(*header_reader.error());
    return fail(Error::invalid(source + ": the file is empty: expected a header row", source));
  }
  auto layout = observations_detail::detect_layout(header_reader.fields(), source, problems);
  if (!layout) return fail(problems.error(source));

  // The digest runs beside the import on large files (it is ~1 s per 300 MB on one core).
  std::string sha256;
  std::jthread hasher;
  if (csv_text.size() >= kHashInThreadBytes)
    hasher = std::jthread([&] { sha256 = crypto::sha256_hex(csv_text); });
  else
    sha256 = crypto::sha256_hex(csv_text);

  // Foreign-key checks off: every id written was read from the store inside this transaction,
  // which holds the write lock, so the three parent look-ups per row would only cost time.
  // (Inside a caller's open transaction SQLite ignores the pragma and the checks stay on.)
  observations_detail::PragmaScope foreign_keys(db, "foreign_keys", "OFF");
  auto result = db.transaction([&]() -> Result<ObservationImportSummary> {
    observations_detail::Import import(db, actor, source, csv_text, progress);
    PVF_TRY(auto summary, import.run(*layout, "pending"));
    if (hasher.joinable()) hasher.join();
    PVF_TRY(auto st, db.prepare("UPDATE observation_imports SET sha256 = ? WHERE id = ?"));
    st.bind_all(sha256, summary.import_id);
    PVF_CHECK(st.run());
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    nlohmann::json after = to_json(summary);
    after["source_name"] = source;
    after["sha256"] = sha256;
    PVF_CHECK(append_audit(db, actor, "observations.import", "observation_import",
                           std::to_string(summary.import_id), nullptr, after));
    return summary;
  });
  if (result)
    result->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

Result<ObservationImportSummary> import_observations_file(Database& db, const Actor& actor,
                                                          const std::string& path,
                                                          const ImportProgress* progress) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail(Error::io(std::string("cannot open the file: ") + std::strerror(errno), path));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(Error::io("not a regular file", path));
  }
  const auto size = static_cast<size_t>(st.st_size);
  void* map = nullptr;
  if (size > 0) {
    map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      return fail(Error::io(std::string("cannot read the file: ") + std::strerror(err), path));
    }
    ::madvise(map, size, MADV_SEQUENTIAL);
  }
  ::close(fd);
  struct Unmap {
    void* p;
    size_t n;
    ~Unmap() {
      if (p) ::munmap(p, n);
    }
  } unmap{map, size};
  const std::string_view text(static_cast<const char*>(map), size);
  return import_observations(db, actor, path, map ? text : std::string_view(), progress);
}

}  // namespace pvf::store
