// `pvf link encode`: privacy-preserving encodings (CLKs) of a CSV file's identifiers
// (linkage/clk.h). Missing options exit 2; unreadable files and bad input exit 1. Messages name
// the file, row and column, never a value: the input is personal data.
#include <sodium.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cli/link_cmds.h"
#include "cli/output.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "linkage/clk.h"
#include "linkage/text.h"

namespace pvf::cli {
namespace {

struct EncodeOptions {
  std::string data, key_file, schema, out, id_column;
};

// Id columns looked for, in this order, when --id-column is not given.
constexpr const char* kIdColumns[] = {"unique_id", "rec_id", "id"};
// At most this many problems are listed; a file with thousands of empty ids needs one example.
constexpr std::size_t kMaxListed = 20;

constexpr const char* kFooter =
    R"(Schema (JSON), e.g.
  {"bits": 1024, "fields": [{"column": "given_name", "k": 20, "ngram": 2, "pad": true},
                            {"column": "surname"}, {"column": "dob", "ngram": 1, "k": 10}]}
  column  a column of FILE.csv (matched ignoring case)
  k       bits each n-gram sets, 1 to 256 (default 20)
  ngram   n-gram length in characters, 1 to 4 (default 2: bigrams)
  pad     add a space at each end first, so first and last letters weigh as much as the
          others (default true)
Each value is normalised first (Unicode NFKC, case folded, accents and punctuation dropped,
spaces collapsed); an empty value adds nothing. Every n-gram is hashed with the key (keyed
BLAKE2b) into one 1,024-bit Bloom filter per record (a CLK, as anonlink/clkhash); similar
values give similar bit patterns, compared with the Dice coefficient.

Both parties must encode with the same key file and the same schema: a different key, column
name, k, ngram or pad gives encodings that cannot be compared. Keep the key file secret (make
one with e.g. `head -c 32 /dev/urandom > clk.key`; at least 16 bytes): whoever holds it can
test guessed names against an encoding. Share it only with the other encoding party, by a
separate channel, never with whoever compares the encodings. Encodings are still personal
data (frequent names can be inferred from many of them): share them only under your
data-sharing agreement.

Output: unique_id,clk - one row per input row, in input order; clk is the encoding in base64
(172 characters). The output holds no plaintext identifier from the schema's columns; the id
column is copied as it is, so it should be a record number, not a name or an NHS number.
)";

// The whole content of a file, or nullopt after printing "pvf: PATH: ...".
std::optional<std::string> read_whole_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::cerr << "pvf: " << path << ": is a directory, not a file\n";
    return std::nullopt;
  }
  auto text = read_text_file(path);
  if (!text) std::cerr << "pvf: " << path << ": cannot open the file\n";
  return text;
}

// Prints an error's problems, at most kMaxListed of them, one a line: "pvf: WHERE: message".
// A JSON path ("$.fields[1].k") is put after `file`, the schema it is in; any other `where`
// already names its file (a CSV error's "people.csv:12:id").
void print_problems(const Error& e, const std::string& file = {}) {
  auto line = [&](const std::string& where, const std::string& message) {
    std::cerr << "pvf: ";
    if (!file.empty() && (where.empty() || where.front() == '$')) std::cerr << file << ": ";
    if (!where.empty()) std::cerr << where << ": ";
    std::cerr << message << "\n";
  };
  if (e.details.empty()) return line(e.where, e.message);
  if (e.details.size() > 1) line({}, e.message);
  for (std::size_t i = 0; i < e.details.size() && i < kMaxListed; ++i)
    line(e.details[i].where, e.details[i].message);
  if (e.details.size() > kMaxListed)
    std::cerr << "pvf: ... and " << e.details.size() - kMaxListed << " more\n";
}

Result<linkage::ClkSchema> read_schema(const std::string& path, const std::string& text) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line ..."
    if (auto close = what.find("] "); close != std::string::npos) what.erase(0, close + 2);
    return fail(Error::invalid("not valid JSON: " + what, path));
  }
  return linkage::parse_clk_schema(json);
}

// True when `out` names the same file as one of the inputs (writing it would replace the input).
bool same_file(const std::string& out, const std::string& input) {
  std::error_code ec;
  return std::filesystem::equivalent(out, input, ec) && !ec;
}

int run_link_encode(const EncodeOptions& o) {
  if (o.out != "-")
    for (const std::string* input : {&o.data, &o.key_file, &o.schema})
      if (same_file(o.out, *input)) {
        std::cerr << "pvf: --out: " << o.out << " is an input file; write somewhere else\n";
        return 2;
      }

  // The schema.
  auto schema_text = read_whole_file(o.schema);
  if (!schema_text) return 1;
  auto schema = read_schema(o.schema, *schema_text);
  if (!schema) {
    print_problems(schema.error(), o.schema);
    return 1;
  }

  // The key: never printed, wiped when done.
  auto key_text = read_whole_file(o.key_file);
  if (!key_text) return 1;
  auto key = linkage::derive_clk_key(*key_text);
  sodium_memzero(key_text->data(), key_text->size());
  if (!key) {
    std::cerr << "pvf: " << o.key_file << ": " << key.error().message << "\n";
    return 1;
  }
  if (auto s = crypto::crypto_init(); !s) {
    std::cerr << "pvf: " << s.error().to_text() << "\n";
    return 1;
  }

  // The data: the id column and one column per schema field.
  auto table = csv::read_file(o.data);
  if (!table) {
    print_problems(table.error());
    return 1;
  }
  std::optional<std::size_t> id;
  if (!o.id_column.empty()) {
    id = table->column(o.id_column);
    if (!id) {
      std::cerr << "pvf: " << o.data << ": no column \"" << o.id_column
                << "\" (named by --id-column)\n";
      return 1;
    }
  } else {
    for (const char* name : kIdColumns)
      if ((id = table->column(name))) break;
    if (!id) {
      std::cerr << "pvf: " << o.data
                << ": no id column (unique_id, rec_id or id); name one with --id-column\n";
      return 1;
    }
  }
  const std::string& id_name = table->header[*id];
  std::vector<std::size_t> columns;
  std::vector<ErrorDetail> missing;
  for (std::size_t f = 0; f < schema->fields.size(); ++f) {
    const std::string& name = schema->fields[f].column;
    if (auto c = table->column(name))
      columns.push_back(*c);
    else
      missing.push_back({"$.fields[" + std::to_string(f) + "].column",
                         "the column \"" + name + "\" is not in " + o.data});
  }
  if (!missing.empty()) {
    print_problems(Error::invalid_all(std::move(missing),
                                      "the schema names columns that are not in " + o.data),
                   o.schema);
    return 1;
  }

  // Every row needs an id of its own; the problems name rows, never the ids themselves.
  std::vector<ErrorDetail> bad_ids;
  std::unordered_map<std::string_view, int> first_line;
  first_line.reserve(table->rows.size());
  for (const auto& row : table->rows) {
    const std::string& value = row.fields[*id];
    if (value.empty()) {
      bad_ids.push_back({table->where(row, id_name), "the id is empty"});
      continue;
    }
    auto [it, fresh] = first_line.emplace(value, row.line);
    if (!fresh)
      bad_ids.push_back(
          {table->where(row, id_name), "the same id as line " + std::to_string(it->second)});
  }
  if (!bad_ids.empty()) {
    print_problems(Error::invalid_all(std::move(bad_ids),
                                      "every row needs an id of its own in "
                                      "column \"" +
                                          id_name + "\""),
                   o.data);
    return 1;
  }

  // Encode, in parallel, a chunk at a time so that the progress bar moves.
  const std::size_t n = table->rows.size();
  std::vector<linkage::Clk> clks(n);
  const std::size_t fields = columns.size();
  Progress bar("encode");
  constexpr std::size_t kChunk = 4096;
  for (std::size_t begin = 0; begin < n; begin += kChunk) {
    const std::size_t end = std::min(n, begin + kChunk);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        std::vector<std::string> normalised(fields);
                        std::vector<std::string_view> values(fields);
                        for (std::size_t r = range.begin(); r != range.end(); ++r) {
                          const auto& row = table->rows[r];
                          for (std::size_t f = 0; f < fields; ++f) {
                            normalised[f] = linkage::normalise_text(row.fields[columns[f]]);
                            values[f] = normalised[f];
                          }
                          clks[r] = linkage::encode_clk(values, *schema, *key);
                        }
                      });
    bar.update(end, n);
  }
  bar.finish();
  sodium_memzero(key->data(), key->size());

  std::string content = "unique_id,clk\n";
  content.reserve(content.size() + n * 200);
  std::size_t empty = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (linkage::popcount(clks[r]) == 0) ++empty;
    content += csv::escape(table->rows[r].fields[*id]);
    content += ',';
    content += linkage::clk_to_base64(clks[r]);
    content += '\n';
  }
  if (!write_output(o.out, content)) return 1;
  if (empty > 0)
    std::cerr << "pvf: note: " << empty << " of " << n
              << " rows have every schema column empty (after normalisation); their encodings "
                 "have no bits set and match nothing\n";
  return 0;
}

}  // namespace

void add_link_encode_subcommand(CLI::App& link, Context& ctx) {
  auto o = std::make_shared<EncodeOptions>();
  CLI::App* cmd = link.add_subcommand(
      "encode",
      "Privacy-preserving encodings (CLKs) of identifiers, for linkage without sharing "
      "names");
  cmd->add_option("file", o->data,
                  "CSV with one row per record: an id column and the schema's columns")
      ->required()
      ->type_name("FILE.csv");
  cmd->add_option("--key-file", o->key_file,
                  "Secret key shared with the other party (any file of 16 bytes or more)")
      ->required()
      ->type_name("KEY");
  cmd->add_option("--schema", o->schema,
                  "JSON naming the columns to encode and how (see below); the same for both "
                  "parties")
      ->required()
      ->type_name("SCHEMA.json");
  cmd->add_option("--out", o->out, "Write unique_id,clk to FILE ('-' for stdout)")
      ->required()
      ->type_name("FILE.csv");
  cmd->add_option("--id-column", o->id_column,
                  "Column holding each record's id (default: the first of unique_id, rec_id, id)")
      ->type_name("COL");
  cmd->footer(kFooter);
  cmd->callback([o, &ctx] { ctx.exit_code = run_link_encode(*o); });
}

}  // namespace pvf::cli
