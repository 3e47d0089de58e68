// tests/e2e/harness.h — helpers for end-to-end tests: temporary site folders, running the real
// agora binary, and querying its HTML/XML output with libxml2 XPath (never string search).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace e2e {

namespace fs = std::filesystem;

/// A temporary folder, removed with everything in it when the value goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  /// Writes a file below the folder, creating parent folders.
  void write(const std::string& rel, const std::string& text) const;
  /// Copies a fixture folder (tests/fixtures/<name>) into this folder.
  void copy_fixture(const std::string& name) const;

 private:
  fs::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

/// Runs the agora binary with arguments (no shell), in `cwd`, with extra environment.
RunResult run_agora(const std::vector<std::string>& args, const fs::path& cwd = {},
                    const std::map<std::string, std::string>& env = {});

std::string read_file(const fs::path& p);

/// Every regular file below `dir` (relative paths, sorted) with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir);

/// A parsed HTML or XML document queried with XPath.
class Doc {
 public:
  static Doc html(const std::string& text);
  static Doc xml(const std::string& text);
  Doc(Doc&&) noexcept;
  ~Doc();
  /// String values of all nodes matching `xpath` (attributes give their value, elements
  /// their text content, whitespace-trimmed).
  std::vector<std::string> all(const std::string& xpath) const;
  /// The single match's value; empty when none. Fails the test when several match.
  std::string one(const std::string& xpath) const;
  size_t count(const std::string& xpath) const;
  bool ok() const { return doc_ != nullptr; }

 private:
  explicit Doc(void* doc) : doc_(doc) {}
  void* doc_ = nullptr;
};

}  // namespace e2e
