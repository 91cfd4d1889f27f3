// `pvf link dedupe FILE.csv` and `pvf link link LEFT.csv RIGHT.csv`: Fellegi–Sunter record
// linkage (linkage/linkage.h) from CSV files to a directory of results. Nothing in DIR is
// replaced until the run has succeeded: every file is written beside its final name first.
// No identifier or other value from the records is ever printed; messages name file, line and
// column only.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "cli/link_cmds.h"
#include "cli/output.h"
#include "core/csv.h"
#include "core/csv_stream.h"
#include "linkage/linkage.h"
#include "linkage/propose.h"

namespace pvf::cli {
namespace {

namespace fs = std::filesystem;
using linkage::LinkSettings;
using linkage::LinkType;

struct LinkOptions {
  std::vector<std::string> files;
  std::string settings;
  std::string out;
  std::string model;
  int threads = 0;
};

constexpr std::size_t kSampleRows = 5000;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void print_error(const Error& e) { std::cerr << "pvf: " << e.to_text() << "\n"; }

// A CSV file held in memory: its header and a sample of rows (for proposing settings).
struct Source {
  std::string path;
  std::string name;  // the file name, for messages and source_dataset
  std::string text;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> sample;
};

Result<Source> open_source(const std::string& path) {
  Source s;
  s.path = path;
  s.name = fs::path(path).filename().string();
  auto text = read_text_file(path);
  if (!text) return fail(Error::io("cannot read the file", path));
  s.text = std::move(*text);
  bool first = true;
  auto status = csv::for_each_record(s.text, s.name, [&](std::span<const std::string_view> f, int) {
    if (first) {
      s.header.assign(f.begin(), f.end());
      first = false;
      return true;
    }
    s.sample.emplace_back(f.begin(), f.end());
    return s.sample.size() < kSampleRows;
  });
  if (!status) return fail(status.error());
  if (s.header.empty()) return fail(Error::invalid("the file is empty: it needs a header row", s.name));
  return s;
}

// Streams a source's rows into the builder, with a progress bar over the bytes read.
Status load_rows(const Source& source, linkage::RecordsBuilder& builder) {
  if (auto ok = builder.begin_source(source.name, source.header); !ok) return ok;
  Progress bar("Reading " + source.name);
  csv::Reader reader(source.text, source.name);
  bool header = true;
  std::size_t rows = 0;
  while (reader.next()) {
    if (header) {
      header = false;
      continue;
    }
    if (auto ok = builder.add_row(reader.fields(), reader.line()); !ok) return ok;
    if (++rows % 65536 == 0) bar.update(reader.offset(), reader.size());
  }
  if (reader.error()) return fail(*reader.error());
  return {};
}

// Progress bars for the engine's stages, one at a time.
class StageBars {
 public:
  bool update(std::string_view stage, uint64_t done, uint64_t total) {
    if (stage != current_) {
      bar_.reset();
      current_ = std::string(stage);
      bar_ = std::make_unique<Progress>(label(stage));
    }
    bar_->update(done, total);
    return true;
  }

 private:
  static std::string label(std::string_view stage) {
    if (stage == "u") return "Estimating u from random pairs";
    if (stage == "em") return "Training m (EM)";
    if (stage == "prior") return "Estimating the prior";
    if (stage == "predict") return "Scoring candidate pairs";
    return std::string(stage);
  }
  std::string current_;
  std::unique_ptr<Progress> bar_;
};

// A file written under a temporary name and renamed into place by commit().
class PendingFile {
 public:
  explicit PendingFile(fs::path path) : path_(std::move(path)) {
    tmp_ = path_;
    tmp_ += ".tmp";
    out_.open(tmp_, std::ios::binary | std::ios::trunc);
  }
  ~PendingFile() {
    if (!committed_) {
      out_.close();
      std::error_code ignored;
      fs::remove(tmp_, ignored);
    }
  }
  std::ofstream& stream() { return out_; }
  bool ok() const { return static_cast<bool>(out_); }
  const fs::path& path() const { return path_; }
  bool commit() {
    out_.flush();
    if (!out_) return false;
    out_.close();
    std::error_code ec;
    fs::rename(tmp_, path_, ec);
    committed_ = !ec;
    return committed_;
  }

 private:
  fs::path path_;
  fs::path tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

std::string gamma_value(int level, int levels) {
  // Splink's numbering: -1 null, 0 else, rising to the exact level.
  return std::to_string(level == 0 ? -1 : levels - 1 - level);
}

nlohmann::json summary_json(const linkage::LinkRun& run, const LinkSettings& settings,
                            double read_seconds, double write_seconds, double total_seconds,
                            bool proposed, int threads) {
  nlohmann::json seconds;
  seconds["read"] = read_seconds;
  for (const auto& s : run.stages) seconds[s.stage] = s.seconds;
  seconds["write"] = write_seconds;
  seconds["total"] = total_seconds;
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : run.blocking)
    rules.push_back({{"rule", r.rule}, {"pairs", r.pairs}, {"largest_block", r.largest_block}});
  nlohmann::json histogram = nlohmann::json::array();
  for (std::size_t i = 0; i < run.histogram.counts.size(); ++i) {
    if (run.histogram.counts[i] == 0) continue;
    int from = linkage::WeightHistogram::kLow + static_cast<int>(i);
    histogram.push_back({{"from", from}, {"to", from + 1}, {"pairs", run.histogram.counts[i]}});
  }
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return nlohmann::json{
      {"link_type", settings.link_type == LinkType::dedupe_only ? "dedupe_only" : "link_only"},
      {"records", run.records},
      {"total_pairs", run.total_pairs},
      {"candidate_pairs", run.candidate_pairs},
      {"predicted_pairs", run.predicted_pairs},
      {"clusters", run.clusters},
      {"threshold_match_probability", settings.threshold_match_probability},
      {"settings_proposed", proposed},
      {"threads", threads},
      {"seconds", seconds},
      {"peak_memory_bytes", static_cast<uint64_t>(usage.ru_maxrss) * 1024},
      {"blocking_rules", std::move(rules)},
      {"match_weight_histogram", std::move(histogram)},
      {"converged", run.model.converged()},
      {"warnings", run.warnings}};
}

int run_link(const LinkOptions& o, LinkType link_type) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<tbb::global_control> limit;
  if (o.threads > 0)
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(o.threads));
  const int threads = static_cast<int>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));

  LinkSettings settings;
  const bool proposed = o.settings.empty();
  if (!proposed) {
    auto text = read_text_file(o.settings);
    if (!text) {
      std::cerr << "pvf: " << o.settings << ": cannot read the file\n";
      return 1;
    }
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded()) {
      std::cerr << "pvf: " << o.settings << ": not valid JSON\n";
      return 1;
    }
    auto parsed = linkage::parse_settings(json);
    if (!parsed) {
      const Error& e = parsed.error();
      if (e.details.size() <= 1) {
        std::cerr << "pvf: " << o.settings << ": " << e.where << ": " << e.message << "\n";
      } else {
        std::cerr << "pvf: " << o.settings << ": " << e.message << "\n";
        for (const auto& d : e.details) std::cerr << "  " << d.where << ": " << d.message << "\n";
      }
      return 1;
    }
    settings = std::move(*parsed);
    if (settings.link_type != link_type) {
      std::cerr << "pvf: " << o.settings << ": $.link_type: is "
                << (settings.link_type == LinkType::dedupe_only ? "dedupe_only" : "link_only")
                << " but the command is `pvf link "
                << (link_type == LinkType::dedupe_only ? "dedupe" : "link") << "`\n";
      return 1;
    }
  }

  std::vector<Source> sources;
  for (const auto& path : o.files) {
    auto source = open_source(path);
    if (!source) {
      print_error(source.error());
      return 1;
    }
    sources.push_back(std::move(*source));
  }
  if (proposed) {
    auto guess = linkage::propose_comparisons(sources[0].header, sources[0].sample, link_type);
    if (!guess) {
      std::cerr << "pvf: " << sources[0].name << ": " << guess.error().message << "\n";
      return 1;
    }
    settings = std::move(*guess);
  }
  for (auto& s : sources) std::vector<std::vector<std::string>>().swap(s.sample);

  linkage::RecordsBuilder builder(settings);
  for (const auto& source : sources) {
    if (auto ok = load_rows(source, builder); !ok) {
      print_error(ok.error());
      return 1;
    }
  }
  linkage::Records records = builder.finish();
  for (auto& s : sources) std::string().swap(s.text);
  const double read_seconds = seconds_since(started);

  if (proposed) {
    if (auto chosen = linkage::choose_rules(settings, records); !chosen) {
      std::cerr << "pvf: " << chosen.error().message << " (see --help)\n";
      return 1;
    }
  }

  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) {
    std::cerr << "pvf: " << o.out << ": cannot create the directory (" << ec.message() << ")\n";
    return 1;
  }
  const fs::path dir(o.out);
  PendingFile predictions(dir / "predictions.csv");
  if (!predictions.ok()) {
    std::cerr << "pvf: " << predictions.path().string() << ": cannot write the file\n";
    return 1;
  }
  {
    std::vector<std::string> header{"unique_id_l", "unique_id_r", "match_weight",
                                    "match_probability"};
    for (const auto& c : settings.comparisons) header.push_back("gamma_" + c.column);
    predictions.stream() << csv::format_row(header);
  }
  std::vector<int> levels;
  for (const auto& c : settings.comparisons) levels.push_back(c.level_count());
  // Predicted pairs are kept (their number, not the candidates', sets the memory) and written
  // in input order, so the same input always gives the same file, whatever the threads did.
  std::vector<linkage::ScoredPair> scored;
  auto sink = [&](std::span<const linkage::ScoredPair> pairs) {
    scored.insert(scored.end(), pairs.begin(), pairs.end());
  };
  std::optional<linkage::LinkModel> trained;
  if (!o.model.empty()) {
    auto text = read_text_file(o.model);
    nlohmann::json json = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (!text || json.is_discarded()) {
      std::cerr << "pvf: " << o.model << ": cannot read the model (not JSON)\n";
      return 1;
    }
    auto model = linkage::model_from_json(json);
    if (!model) {
      std::cerr << "pvf: " << o.model << ": " << model.error().to_text() << "\n";
      return 1;
    }
    trained = std::move(*model);
  }
  StageBars bars;
  auto run = linkage::run_linkage(
      records, settings, sink,
      [&](std::string_view stage, uint64_t done, uint64_t total) {
        return bars.update(stage, done, total);
      },
      trained ? &*trained : nullptr);
  bars = StageBars();
  if (run) {
    std::sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) {
      return x.a != y.a ? x.a < y.a : x.b < y.b;
    });
    std::string rows;
    std::vector<std::string> fields;
    for (const auto& p : scored) {
      fields.clear();
      fields.push_back(records.unique_id[p.a]);
      fields.push_back(records.unique_id[p.b]);
      fields.push_back(csv::format_number(p.match_weight, 10));
      fields.push_back(csv::format_number(p.match_probability, 10));
      for (std::size_t c = 0; c < levels.size(); ++c)
        fields.push_back(gamma_value(linkage::level_of(p.pattern, c), levels[c]));
      rows += csv::format_row(fields);
      if (rows.size() > (1 << 20)) {
        predictions.stream() << rows;
        rows.clear();
      }
    }
    predictions.stream() << rows;
  }
  if (!run) {
    print_error(run.error());
    return 1;
  }

  const auto write_started = std::chrono::steady_clock::now();
  PendingFile clusters(dir / "clusters.csv");
  const bool link = link_type == LinkType::link_only;
  auto source_of = [&](uint32_t r) -> const std::string& {
    return records.source_names[records.source[r]];
  };
  clusters.stream() << (link ? "unique_id,cluster_id,source_dataset\n" : "unique_id,cluster_id\n");
  {
    std::string text;
    for (uint32_t r = 0; r < records.size(); ++r) {
      uint32_t rep = run->cluster[r];
      // Linking two files, ids may repeat across them: name the cluster with its file too.
      std::string cluster;
      if (link) {
        cluster = source_of(rep);
        cluster += ':';
      }
      cluster += records.unique_id[rep];
      if (link) {
        text += csv::format_row({records.unique_id[r], cluster, source_of(r)});
      } else {
        text += csv::format_row({records.unique_id[r], cluster});
      }
      if (text.size() > (1 << 20)) {
        clusters.stream() << text;
        text.clear();
      }
    }
    clusters.stream() << text;
  }
  PendingFile model(dir / "model.json");
  model.stream() << linkage::to_json(run->model).dump(2) << "\n";
  std::optional<PendingFile> settings_file;
  if (proposed) {
    settings_file.emplace(dir / "settings.json");
    settings_file->stream() << linkage::to_json(settings).dump(2) << "\n";
  }
  const double write_seconds = seconds_since(write_started);
  PendingFile summary(dir / "summary.json");
  summary.stream() << summary_json(*run, settings, read_seconds, write_seconds,
                                   seconds_since(started), proposed, threads)
                          .dump(2)
                   << "\n";
  for (PendingFile* f : {&predictions, &clusters, &model, &summary}) {
    if (!f->commit()) {
      std::cerr << "pvf: " << f->path().string() << ": cannot write the file\n";
      return 1;
    }
  }
  if (settings_file && !settings_file->commit()) {
    std::cerr << "pvf: " << settings_file->path().string() << ": cannot write the file\n";
    return 1;
  }
  for (const auto& w : run->warnings) std::cerr << "pvf: warning: " << w << "\n";
  std::cerr << "pvf: " << run->records << " records, " << run->candidate_pairs
            << " candidate pairs, " << run->predicted_pairs << " predicted links, "
            << run->clusters << " clusters; results in " << o.out << "\n";
  return 0;
}

constexpr const char* kFooter = R"J(
Settings (S.json): {"link_type":"dedupe_only"|"link_only", "unique_id_column":"rec_id",
  "blocking_rules":[["surname"],["prefix(given_name,2)","year(date_of_birth)"]],
  "comparisons":[{"column":"given_name","method":"jaro_winkler","thresholds":[0.92,0.8],
                  "term_frequency":true},
                 {"column":"date_of_birth","method":"date","format":"%Y%m%d"},
                 {"column":"soc_sec_id","method":"exact"}],
  "threshold_match_probability":0.5, "em":{"max_iterations":25,"tolerance":0.0001}, "seed":1}
Optional: "training_blocking_rules" (EM sessions; default the blocking rules), "u_max_pairs"
(random pairs for u; default 5,000,000), "probability_two_random_records_match" (a fixed prior),
"deterministic_rules" with "deterministic_recall" (prior from rules that only find matches).
Methods: exact, jaro_winkler, jaro, jaccard (similarity thresholds, strictest first),
levenshtein, damerau_levenshtein (distance thresholds), numeric (difference; "relative":true),
date (exact, one edit apart, within 1 month, 1 year, 10 years), postcode (full, sector,
district, area), dice (on encodings from `pvf link encode`). Keys: a column, prefix(col,n),
year(col), soundex(col); a rule's keys must all agree; "blocking_rules":[] compares every pair.
Without --settings, pvf proposes settings from the column names and values and writes them to
DIR/settings.json: review them, edit, and run again with --settings.

Output in DIR: predictions.csv (unique_id_l,unique_id_r,match_weight,match_probability, then
gamma_<column> per comparison: -1 null, 0 else, rising to exact; pairs at or above the
threshold), clusters.csv (unique_id,cluster_id for every record; linking two files adds
source_dataset and names clusters file:id), model.json (prior, m and u per level, EM sessions,
convergence), summary.json (counts, seconds per stage, peak memory, match weight histogram).
)J";

void add_run_subcommand(CLI::App& link, Context& ctx, LinkType type) {
  auto o = std::make_shared<LinkOptions>();
  const bool dedupe = type == LinkType::dedupe_only;
  CLI::App* cmd = link.add_subcommand(
      dedupe ? "dedupe" : "link",
      dedupe ? "Find records about the same person within one CSV file"
             : "Find records about the same person across two CSV files");
  cmd->add_option(dedupe ? "FILE" : "FILES", o->files,
                  dedupe ? "CSV file with a header row" : "The two CSV files (LEFT RIGHT)")
      ->required()
      ->expected(dedupe ? 1 : 2)
      ->check(CLI::ExistingFile.description(""))
      ->type_name(dedupe ? "FILE.csv" : "LEFT.csv RIGHT.csv");
  auto* settings = cmd->add_option("--settings", o->settings,
                                   "Model settings (JSON); proposed when left out")
                        ->check(CLI::ExistingFile.description(""))
                        ->type_name("S.json");
  cmd->add_option("--out", o->out, "Directory for the results (created if need be)")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--model", o->model,
                  "Score with a model trained before (model.json of an earlier run with the "
                  "same settings): no training")
      ->check(CLI::ExistingFile.description(""))
      ->needs(settings)
      ->type_name("model.json");
  cmd->add_option("--threads", o->threads, "Worker threads (default: every core)")
      ->check(CLI::Range(1, 1024))
      ->type_name("N");
  cmd->footer(kFooter);
  cmd->callback([o, &ctx, type] { ctx.exit_code = run_link(*o, type); });
}

}  // namespace

void register_link_command(CLI::App& app, Context& ctx) {
  auto* link = app.add_subcommand(
      "link", "Link records about the same person: dedupe one file, link two, or encode");
  link->require_subcommand(1);
  add_run_subcommand(*link, ctx, LinkType::dedupe_only);
  add_run_subcommand(*link, ctx, LinkType::link_only);
  add_link_encode_subcommand(*link, ctx);
}

}  // namespace pvf::cli
