// `pvf generate people`: synthetic person records with known truth (linkage/generate.h), streamed
// to a CSV file or stdout. Bad options exit 2 before anything is read or written; unreadable or
// bad reference tables and write failures exit 1, leaving any earlier output file intact.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/paths.h"
#include "core/csv.h"
#include "linkage/generate.h"

namespace pvf::cli {
namespace {
namespace fs = std::filesystem;

struct PeopleOptions {
  int64_t rows = 1000;
  double duplicate_rate = 0.3;
  uint64_t seed = 1;
  std::string out;
  std::string tables;
};

constexpr const char* kFooter =
    R"(Output: a CSV with the header
  unique_id,cluster,given_name,surname,date_of_birth,sex,postcode,address_1,town
in shuffled order. `cluster` is the true person (records with the same cluster are the same
person), for measuring a linkage's precision and recall; drop it before linking. Dates are ISO
(YYYY-MM-DD); sex is F or M; missing values are empty.

Model: rows x (1 - duplicate rate) people each get one error-free record; the other rows are
duplicates of those people (most people have 1-3 records, a few up to ~10). Names follow UK
frequencies (ONS, via Faker's en_GB tables), ages a UK-like pyramid, homes UK postcode areas by
population with about 15 households to a unit postcode; two people in five share a home (and
mostly a surname) with a family member. Each duplicate carries independent errors:
  given name  nickname 8% (when one exists), typo 10%, transposed letters 3%, missing 3%
  surname     changed by marriage 3.5% (women 18+), typo 8%, transposed 2%, missing 2%
  names       given and surname swapped 2%, written in capitals 5%
  birth date  day/month swapped 3% (when possible), one digit wrong 5%, set to 1 January 1%,
              missing 4%
  sex         wrong 0.5%, missing 3%
  address     moved house 10% (new postcode and address, same town 70%), postcode typo 3%,
              postcode without its space 4% or in lower case 2%, postcode missing 5%,
              street type abbreviated (Rd, St) 10%, address typo 3%, address missing 5%,
              town missing 8%
The same options always give the same file. Reference tables: data/linkage/ (README.md there
gives their sources and licences).
)";


// Reads and parses the reference tables in `dir`; prints what went wrong.
bool load_tables(const std::string& dir, linkage::PeopleTables& tables) {
  linkage::PeopleTableTexts texts;
  const std::pair<std::string*, const char*> files[] = {
      {&texts.given_names_female, linkage::kGivenNamesFemaleFile},
      {&texts.given_names_male, linkage::kGivenNamesMaleFile},
      {&texts.surnames, linkage::kSurnamesFile},
      {&texts.nicknames, linkage::kNicknamesFile},
      {&texts.streets, linkage::kStreetsFile},
      {&texts.postcode_areas, linkage::kPostcodeAreasFile}};
  for (const auto& [text, name] : files) {
    const fs::path path = fs::path(dir) / name;
    auto content = read_text_file(path.string());
    if (content) *text = std::move(*content);
    if (!content) {
      std::cerr << "pvf: " << path.string() << ": cannot read the file\n";
      return false;
    }
  }
  auto parsed = linkage::parse_people_tables(texts);
  if (!parsed) {
    const Error& e = parsed.error();
    auto place = [&](const std::string& where) { return (fs::path(dir) / where).string(); };
    if (e.details.size() <= 1) {
      std::cerr << "pvf: " << place(e.where) << ": " << e.message << "\n";
    } else {
      std::cerr << "pvf: " << e.message << "\n";
      for (const auto& d : e.details)
        std::cerr << "  " << place(d.where) << ": " << d.message << "\n";
    }
    return false;
  }
  tables = std::move(*parsed);
  return true;
}

// Rows as CSV into a FILE*, through a 1 MiB buffer.
class CsvWriter {
 public:
  explicit CsvWriter(std::FILE* f) : f_(f) { buffer_.reserve(kFlushAt + 4096); }
  void row(const linkage::PersonRecord& r) {
    field(r.unique_id);
    field(r.cluster);
    field(r.given_name);
    field(r.surname);
    field(r.date_of_birth);
    field(r.sex);
    field(r.postcode);
    field(r.address_1);
    field(r.town);
    buffer_.back() = '\n';
    if (buffer_.size() >= kFlushAt) flush();
  }
  void header() {
    buffer_ += "unique_id,cluster,given_name,surname,date_of_birth,sex,postcode,address_1,town\n";
  }
  bool flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), f_) != buffer_.size())
      ok_ = false;
    buffer_.clear();
    return ok_;
  }
  bool ok() const { return ok_; }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;
  void field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos)
      buffer_ += s;
    else
      buffer_ += csv::escape(s);
    buffer_ += ',';
  }
  std::FILE* f_;
  std::string buffer_;
  bool ok_ = true;
};

int run_people(const PeopleOptions& o) {
  const linkage::GenerateOptions g{o.rows, o.duplicate_rate, o.seed};
  if (auto s = linkage::check_generate_options(g); !s) {
    const std::string option = s.error().where == "rows" ? "--rows" : "--duplicate-rate";
    std::cerr << "pvf: " << option << ": " << s.error().message << "\n";
    return 2;
  }
  linkage::PeopleTables tables;
  if (!load_tables(o.tables.empty() ? data_dir() + "/linkage" : o.tables, tables)) return 1;

  const bool to_stdout = o.out.empty() || o.out == "-";
  fs::path tmp;
  std::FILE* f = stdout;
  if (!to_stdout) {
    tmp = o.out;
    tmp += ".tmp-" + std::to_string(::getpid());
    f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
      std::cerr << "pvf: " << o.out << ": cannot write the file\n";
      return 1;
    }
  }
  CsvWriter out(f);
  out.header();
  Progress progress("Generating people");
  std::size_t done = 0;
  const auto total = static_cast<std::size_t>(o.rows);
  auto status = linkage::generate_people(g, tables, [&](const linkage::PersonRecord& r) {
    out.row(r);
    if ((++done & 0xFFF) == 0) progress.update(done, total);
  });
  progress.finish();
  bool ok = status && out.flush();
  if (to_stdout) {
    ok = std::fflush(f) == 0 && ok;
  } else {
    ok = std::fclose(f) == 0 && ok;
  }
  if (!status) std::cerr << "pvf: " << status.error().to_text() << "\n";
  std::error_code ec;
  if (ok && !to_stdout) {
    fs::rename(tmp, o.out, ec);
    if (ec) {
      std::cerr << "pvf: " << o.out << ": cannot write the file (" << ec.message() << ")\n";
      ok = false;
    }
  } else if (!ok && status) {
    std::cerr << "pvf: " << (to_stdout ? std::string("stdout") : o.out)
              << ": cannot write the file\n";
  }
  if (!ok && !to_stdout) fs::remove(tmp, ec);
  return ok ? 0 : 1;
}

}  // namespace

void register_generate_command(CLI::App& app, Context& ctx) {
  CLI::App* generate =
      app.add_subcommand("generate", "Generate synthetic data with known truth (people)");
  generate->require_subcommand(1);

  auto o = std::make_shared<PeopleOptions>();
  CLI::App* people = generate->add_subcommand(
      "people",
      "Synthetic person records with realistic UK names and errors, and the true person of each "
      "record, for testing and benchmarking record linkage");
  people->add_option("--rows", o->rows, "Records to write, originals and duplicates together")
      ->default_val(1000)
      ->type_name("N");
  people
      ->add_option("--duplicate-rate", o->duplicate_rate,
                   "Share of records that are duplicates of another record's person, 0 to <1")
      ->default_val(0.3)
      ->type_name("R");
  people->add_option("--seed", o->seed, "Random seed; the same seed gives the same file")
      ->default_val(1)
      ->type_name("S");
  people->add_option("--out", o->out, "Write the CSV to FILE instead of stdout ('-')")
      ->type_name("FILE.csv");
  people
      ->add_option("--tables", o->tables,
                   "Directory of reference tables (default: the shipped data/linkage)")
      ->check(CLI::ExistingDirectory.description(""))
      ->type_name("DIR");
  people->footer(kFooter);
  people->callback([o, &ctx] { ctx.exit_code = run_people(*o); });
}

}  // namespace pvf::cli
