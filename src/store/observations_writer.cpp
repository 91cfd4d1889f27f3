// The observation import's batched write path (observations_writer.h).
#include "store/observations_writer.h"

#include "store/repo_internal.h"

namespace pvf::store::observations_detail {

Result<Writer> Writer::open(Database& db, int64_t import_id) {
  constexpr std::string_view insert =
      "INSERT OR IGNORE INTO observations(indicator_id, period, body_id, value, numerator, "
      "denominator, quality, import_id) VALUES ";
  std::string many(insert);
  for (size_t i = 0; i < kBatch; ++i) many += i ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)";
  std::string update_many =
      "UPDATE observations AS o SET value = v.column4, numerator = v.column5, "
      "denominator = v.column6, quality = v.column7, import_id = v.column8 FROM (VALUES ";
  for (size_t i = 0; i < kBatch; ++i) update_many += i ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)";
  update_many +=
      ") AS v WHERE o.indicator_id = v.column1 AND o.period = v.column2 AND "
      "o.body_id = v.column3 AND (o.value IS NOT v.column4 OR o.numerator IS NOT v.column5 OR "
      "o.denominator IS NOT v.column6 OR o.quality IS NOT v.column7)";
  Writer w(import_id);
  PVF_TRY(w.many_, db.prepare(many));
  PVF_TRY(w.update_many_, db.prepare(update_many));
  PVF_TRY(w.one_, db.prepare(std::string(insert) + "(?,?,?,?,?,?,?,?)"));
  PVF_TRY(w.update_,
          db.prepare("UPDATE observations SET value = ?4, numerator = ?5, denominator = ?6, "
                     "quality = ?7, import_id = ?8 WHERE indicator_id = ?1 AND period = ?2 AND "
                     "body_id = ?3 AND (value IS NOT ?4 OR numerator IS NOT ?5 OR "
                     "denominator IS NOT ?6 OR quality IS NOT ?7)"));
  return w;
}

// Rows a multi-row INSERT ignored were stored already: the batch is re-run as one UPDATE that
// changes a row only when a value differs (rows this batch just inserted never do).
Status Writer::flush() {
  if (n_ == 0) return {};
  int64_t inserted = 0, updated = 0;
  std::array<bool, kBatch> maybe_stored{};
  if (n_ == kBatch) {
    many_.reset();
    for (size_t i = 0; i < n_; ++i) bind(many_, static_cast<int>(i * 8), pending_[i]);
    PVF_TRY(int changed, many_.run());
    inserted = changed;
    if (inserted < static_cast<int64_t>(n_)) {
      update_many_.reset();
      for (size_t i = 0; i < n_; ++i) bind(update_many_, static_cast<int>(i * 8), pending_[i]);
      PVF_TRY(updated, update_many_.run());
    }
  } else {
    for (size_t i = 0; i < n_; ++i) {
      one_.reset();
      bind(one_, 0, pending_[i]);
      PVF_TRY(int changed, one_.run());
      inserted += changed;
      maybe_stored[i] = changed == 0;
    }
  }
  for (size_t i = 0; i < n_; ++i) {
    if (!maybe_stored[i]) continue;
    update_.reset();
    bind(update_, 0, pending_[i]);
    PVF_TRY(int changed, update_.run());
    updated += changed;
  }
  inserted_ += inserted;
  updated_ += updated;
  unchanged_ += static_cast<int64_t>(n_) - inserted - updated;
  written_ += static_cast<int64_t>(n_);
  n_ = 0;
  return {};
}

void Writer::bind(Statement& st, int at, const Pending& p) {
  st.bind(at + 1, p.indicator_id)
      .bind(at + 2, *p.period)
      .bind(at + 3, p.body_id)
      .bind(at + 4, p.value)
      .bind(at + 5, p.numerator)
      .bind(at + 6, p.denominator)
      .bind(at + 8, import_id_);
  if (p.quality)
    st.bind(at + 7, *p.quality);
  else
    st.bind_null(at + 7);
}

Result<IndexPause> IndexPause::begin(Database& db) {
  IndexPause p;
  PVF_TRY(auto st, db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                              "tbl_name = 'observations' AND sql IS NOT NULL ORDER BY name"));
  using Named = std::pair<std::string, std::string>;
  PVF_TRY(p.indexes_,
          detail::fetch_all<Named>(st, [](Statement& s) { return Named(s.text(0), s.text(1)); }));
  for (const auto& [name, sql] : p.indexes_) PVF_CHECK(db.exec("DROP INDEX \"" + name + "\""));
  return p;
}

Status IndexPause::rebuild(Database& db) {
  for (const auto& [name, sql] : indexes_) PVF_CHECK(db.exec(sql));
  indexes_.clear();
  return {};
}

PragmaScope::PragmaScope(Database& db, std::string name, std::string_view value)
    : db_(db), name_(std::move(name)) {
  if (auto st = db.prepare("PRAGMA " + name_); st && st->step().value_or(false)) {
    previous_ = st->text(0);
    st->reset();
  }
  if (!previous_.empty()) (void)db.exec("PRAGMA " + name_ + " = " + std::string(value));
}

PragmaScope::~PragmaScope() {
  if (!previous_.empty()) (void)db_.exec("PRAGMA " + name_ + " = " + previous_);
}

}  // namespace pvf::store::observations_detail
