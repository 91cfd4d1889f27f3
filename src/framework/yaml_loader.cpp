// YAML framework files. The YAML tree is turned into the JSON form (recording the line of every
// field path on the way), and from_json does all reading and validation, so both forms obey
// exactly the same rules. Problems come back with JSON paths and are mapped to file lines here.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>

#include "framework/framework.h"

namespace pvf::framework {

namespace {

using nlohmann::json;

struct Problem {
  int line = 0;
  std::string path;
  std::string message;
};

int line_of(const YAML::Mark& mark, int fallback) {
  return mark.line >= 0 ? mark.line + 1 : fallback;
}

bool is_plain_int(const std::string& s) {
  size_t start = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (s.size() <= start || s.size() - start > 9) return false;  // fits in an int
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(start), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

class Converter {
 public:
  std::map<std::string, int> lines;  // field path -> 1-based line
  std::vector<Problem> problems;

  json convert(const YAML::Node& node, const std::string& path, int line) {
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return nullptr;
      case YAML::NodeType::Scalar: {
        const std::string& text = node.Scalar();
        // Plain (unquoted, untagged) whole numbers are numbers; everything else is text.
        if (node.Tag() == "?" && is_plain_int(text)) return std::stoi(text);
        return text;
      }
      case YAML::NodeType::Sequence: {
        json out = json::array();
        for (std::size_t i = 0; i < node.size(); ++i) {
          std::string child = path + "[" + std::to_string(i) + "]";
          int child_line = line_of(node[i].Mark(), line);
          lines[child] = child_line;
          out.push_back(convert(node[i], child, child_line));
        }
        return out;
      }
      case YAML::NodeType::Map: {
        json out = json::object();
        for (auto it = node.begin(); it != node.end(); ++it) {
          int key_line = line_of(it->first.Mark(), line);
          if (!it->first.IsScalar()) {
            problems.push_back({key_line, path, "a field name must be plain text"});
            continue;
          }
          const std::string& key = it->first.Scalar();
          std::string child = path.empty() ? key : path + "." + key;
          if (out.contains(key)) {
            problems.push_back({key_line, child,
                                "duplicate field '" + key + "' (first given on line " +
                                    std::to_string(lines[child]) + ")"});
            continue;
          }
          lines[child] = key_line;
          out[key] = convert(it->second, child, key_line);
        }
        return out;
      }
    }
    return nullptr;
  }

  // The line of a path, or of its nearest ancestor (a missing field points at its parent).
  int line_for(std::string path) const {
    while (true) {
      if (auto it = lines.find(path); it != lines.end()) return it->second;
      if (path.empty()) return 1;
      size_t cut = path.find_last_of(".[");
      path = cut == std::string::npos ? std::string() : path.substr(0, cut);
    }
  }
};

std::string where(std::string_view source, int line, const std::string& path) {
  std::string out = std::string(source) + ":" + std::to_string(line);
  if (!path.empty()) out += ":" + path;
  return out;
}

Error invalid_file(std::string_view source, std::vector<Problem> problems) {
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  std::vector<ErrorDetail> details;
  for (auto& p : problems) details.push_back({where(source, p.line, p.path), p.message});
  std::string message = "the framework definition is invalid (" +
                        std::to_string(details.size()) +
                        (details.size() == 1 ? " problem)" : " problems)");
  Error e = Error::invalid(std::move(message), details.front().where);
  e.details = std::move(details);
  return e;
}

}  // namespace

Result<Framework> parse_yaml(std::string_view yaml_text, std::string_view source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    int line = e.mark.line >= 0 ? e.mark.line + 1 : 1;
    std::string detail = e.msg.empty() ? std::string(e.what()) : e.msg;
    if (e.mark.column >= 0) detail += " (column " + std::to_string(e.mark.column + 1) + ")";
    return fail(invalid_file(source_name, {{line, "", "YAML syntax error: " + detail}}));
  }

  if (root.IsNull()) {
    return fail(invalid_file(
        source_name, {{1, "", "the file is empty: a framework definition needs key, version, "
                              "title, scale and pillars"}}));
  }

  Converter converter;
  json j;
  try {
    j = converter.convert(root, "", 1);
  } catch (const std::exception& e) {
    return fail(Error::internal(std::string("could not read the YAML tree: ") + e.what()));
  }

  std::vector<Problem> problems = converter.problems;
  auto parsed = from_json(j);
  if (!parsed) {
    for (const auto& d : parsed.error().details) {
      std::string path = d.where;
      if (path.rfind("$.", 0) == 0) {
        path = path.substr(2);
      } else if (path == "$") {
        path.clear();
      }
      problems.push_back({converter.line_for(path), path, d.message});
    }
    if (parsed.error().details.empty())
      problems.push_back({1, "", parsed.error().message});
  }
  if (!problems.empty()) return fail(invalid_file(source_name, std::move(problems)));
  return parsed;
}

Result<Framework> load_yaml_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    if (!std::filesystem::exists(path, ec))
      return fail(Error::io("cannot read the framework file: it does not exist", path));
    return fail(Error::io("cannot read the framework file: it is not a regular file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::io("cannot open the framework file for reading", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(Error::io("could not read the framework file", path));
  return parse_yaml(text.str(), path);
}

}  // namespace pvf::framework
