// The listing reference (content/docs/reference/plugin-listings.md) documents the schema that
// listing_schema() and review_schema() declare. This test reads the page and checks that its
// key tables (the tables headed "| Key | Type | Required | Meaning |") list every schema path
// as inline code, with the schema's type and required flag, and nothing the schema does not
// have; and that its "Limits" section states each CatalogueLimits value. A schema change that
// is not documented fails here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "catalogue/catalogue.h"

using namespace agora;
namespace fs = std::filesystem;

namespace {

fs::path repo_root() { return fs::path(__FILE__).parent_path().parent_path().parent_path(); }

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string strip(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// The cells of a Markdown table row ("| a | b |" -> {"a", "b"}); '\|' does not split.
std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cur;
  std::string r = strip(row);
  if (!r.empty() && r.front() == '|') r.erase(0, 1);
  if (!r.empty() && r.back() == '|' && !(r.size() >= 2 && r[r.size() - 2] == '\\')) r.pop_back();
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] == '\\' && i + 1 < r.size() && r[i + 1] == '|') {
      cur += '|';
      ++i;
    } else if (r[i] == '|') {
      out.push_back(strip(cur));
      cur.clear();
    } else {
      cur += r[i];
    }
  }
  out.push_back(strip(cur));
  return out;
}

struct Row {
  std::string type, required;
  int line = 0;
};

/// Rows of every key table: first cell `path` -> (type, required). Duplicates are reported.
std::map<std::string, Row> key_rows(const std::vector<std::string>& lines,
                                    std::vector<std::string>& problems) {
  std::map<std::string, Row> rows;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::vector<std::string> head = cells(lines[i]);
    if (head != std::vector<std::string>{"Key", "Type", "Required", "Meaning"}) continue;
    for (size_t j = i + 2; j < lines.size() && strip(lines[j]).rfind('|', 0) == 0; ++j) {
      std::vector<std::string> c = cells(lines[j]);
      int line = static_cast<int>(j + 1);
      if (c.size() != 4 || c[0].size() < 3 || c[0].front() != '`' || c[0].back() != '`') {
        problems.push_back("line " + std::to_string(line) + ": a key table row must be "
                           "| `key` | type | yes/no | meaning |");
        continue;
      }
      std::string path = c[0].substr(1, c[0].size() - 2);
      if (!rows.emplace(path, Row{c[1], c[2], line}).second)
        problems.push_back("line " + std::to_string(line) + ": `" + path + "` is listed twice");
    }
  }
  return rows;
}

/// "20000" and "20,000".
std::vector<std::string> spellings(size_t n) {
  std::string plain = std::to_string(n), grouped;
  for (size_t i = 0; i < plain.size(); ++i) {
    if (i && (plain.size() - i) % 3 == 0) grouped += ',';
    grouped += plain[i];
  }
  return {plain, grouped};
}

const fs::path kPage = repo_root() / "content" / "docs" / "reference" / "plugin-listings.md";

}  // namespace

TEST_CASE("the listing reference documents every schema key with its type and required flag",
          "[catalogue][docs]") {
  REQUIRE(fs::is_regular_file(kPage));
  std::string text = read(kPage);
  std::vector<std::string> problems;
  std::map<std::string, Row> rows = key_rows(lines_of(text), problems);

  std::set<std::string> schema_paths;
  for (const auto* schema : {&listing_schema(), &review_schema()}) {
    for (const SchemaField& f : *schema) {
      std::string path(f.path);
      schema_paths.insert(path);
      CHECK(text.find("`" + path + "`") != std::string::npos);
      auto it = rows.find(path);
      if (it == rows.end()) {
        problems.push_back("`" + path + "` (" + std::string(f.type) + ") has no row in a key table");
        continue;
      }
      const Row& r = it->second;
      if (r.type != f.type)
        problems.push_back("line " + std::to_string(r.line) + ": `" + path + "` has type '" +
                           r.type + "'; the schema says '" + std::string(f.type) + "'");
      std::string required = f.required ? "yes" : "no";
      if (r.required != required)
        problems.push_back("line " + std::to_string(r.line) + ": `" + path + "` has required '" +
                           r.required + "'; the schema says '" + required + "'");
    }
  }
  for (const auto& [path, r] : rows)
    if (!schema_paths.count(path))
      problems.push_back("line " + std::to_string(r.line) + ": `" + path +
                         "` is documented but not in listing_schema() or review_schema()");

  std::string report;
  for (const auto& p : problems) report += kPage.filename().string() + ": " + p + "\n";
  INFO(report);
  CHECK(problems.empty());
}

TEST_CASE("the listing reference states every catalogue limit", "[catalogue][docs]") {
  std::string text = read(kPage);
  size_t start = text.find("\n## Limits\n");
  REQUIRE(start != std::string::npos);
  size_t end = text.find("\n## ", start + 1);
  std::string section = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const std::pair<const char*, size_t> limits[] = {
      {"kNameChars", CatalogueLimits::kNameChars},
      {"kSummaryChars", CatalogueLimits::kSummaryChars},
      {"kDescriptionChars", CatalogueLimits::kDescriptionChars},
      {"kTagChars", CatalogueLimits::kTagChars},
      {"kMaxTags", CatalogueLimits::kMaxTags},
      {"kMaxAuthors", CatalogueLimits::kMaxAuthors},
      {"kMaxScreenshots", CatalogueLimits::kMaxScreenshots},
      {"kMaxVersions", CatalogueLimits::kMaxVersions},
      {"kMaxFileBytes", CatalogueLimits::kMaxFileBytes},
      {"kReviewTitleChars", CatalogueLimits::kReviewTitleChars},
      {"kReviewBodyChars", CatalogueLimits::kReviewBodyChars},
  };
  for (const auto& [name, value] : limits) {
    bool found = false;
    for (const std::string& s : spellings(value))
      for (const std::string& line : lines_of(section))
        for (const std::string& c : cells(line))
          if (c.rfind(s, 0) == 0 && (c.size() == s.size() || c[s.size()] == ' ')) found = true;
    INFO(std::string(name) + " = " + std::to_string(value) +
         " is not a table cell of the Limits section");
    CHECK(found);
  }
}
