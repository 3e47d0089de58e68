#include "output/writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/diagnostic.h"

using namespace agora;
namespace fs = std::filesystem;

namespace {

/// A fresh folder under /tmp, removed with everything in it at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/agora-writer-test-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& rel) const { return (path / rel).string(); }
};

void put(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Every entry below `root` (hidden ones too): relative path -> content ("<dir>" for folders).
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = fs::relative(e.path(), root).string();
    out[rel] = e.is_directory() ? "<dir>" : slurp(e.path());
  }
  return out;
}

/// Names in a folder, sorted.
std::vector<std::string> names(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

using Names = std::vector<std::string>;

std::vector<OutputFile> small_site() {
  return {
      {"index.html", "<h1>home</h1>", ""},
      {"blog/index.html", "<h1>blog</h1>", ""},
      {"blog/hello/index.html", "<p>hello</p>", ""},
      {"css/site.css", "body{}", ""},
  };
}

WriteOptions no_env() { return WriteOptions{}; }

}  // namespace

TEST_CASE("write_site writes a tree into a new folder and marks it", "[output]") {
  TempDir tmp;
  Diagnostics diags;
  auto stats = write_site(tmp / "public", small_site(), diags, no_env());
  INFO(format_diagnostics(diags));
  REQUIRE(stats);
  CHECK(diags.empty());
  CHECK(stats->files == 4);
  CHECK(stats->bytes == 13 + 13 + 12 + 6);
  CHECK(snapshot(tmp.path / "public") == std::map<std::string, std::string>{
                                             {".agora-build", "agora build output\n"},
                                             {"blog", "<dir>"},
                                             {"blog/hello", "<dir>"},
                                             {"blog/hello/index.html", "<p>hello</p>"},
                                             {"blog/index.html", "<h1>blog</h1>"},
                                             {"css", "<dir>"},
                                             {"css/site.css", "body{}"},
                                             {"index.html", "<h1>home</h1>"},
                                         });
  CHECK(names(tmp.path) == Names{"public"});
}

TEST_CASE("write_site creates missing parent folders and accepts a trailing slash", "[output]") {
  TempDir tmp;
  Diagnostics diags;
  REQUIRE(write_site(tmp / "build/site/", small_site(), diags, no_env()));
  CHECK(slurp(tmp.path / "build/site/index.html") == "<h1>home</h1>");
  CHECK(names(tmp.path / "build") == Names{"site"});
}

TEST_CASE("write_site replaces an output it wrote before and leaves nothing beside it",
          "[output]") {
  TempDir tmp;
  Diagnostics diags;
  REQUIRE(write_site(tmp / "public", small_site(), diags, no_env()));
  REQUIRE(write_site(tmp / "public", {{"new.html", "new", ""}}, diags, no_env()));
  CHECK(diags.empty());
  CHECK(snapshot(tmp.path / "public") == std::map<std::string, std::string>{
                                             {".agora-build", "agora build output\n"},
                                             {"new.html", "new"},
                                         });
  CHECK(names(tmp.path) == Names{"public"});
}

TEST_CASE("write_site accepts an empty existing folder", "[output]") {
  TempDir tmp;
  fs::create_directory(tmp.path / "public");
  Diagnostics diags;
  REQUIRE(write_site(tmp / "public", small_site(), diags, no_env()));
  CHECK(slurp(tmp.path / "public/css/site.css") == "body{}");
  CHECK(names(tmp.path) == Names{"public"});
}

TEST_CASE("write_site reports every bad path and leaves the old output byte for byte", "[output]") {
  TempDir tmp;
  Diagnostics first;
  REQUIRE(write_site(tmp / "public", small_site(), first, no_env()));
  auto before = snapshot(tmp.path / "public");

  std::vector<OutputFile> files = {
      {"index.html", "changed", ""},
      {"../x", "x", ""},
      {"/abs", "x", ""},
      {"a/b.html", "x", ""},
      {"a\\b", "x", ""},
      {"./a/b.html", "", "static/b.html"},
      {"blog", "x", ""},
      {"blog/index.html", "x", ""},
      {"docs/", "x", ""},
      {std::string("nul\0byte", 8), "x", ""},
      {"", "x", ""},
      {".agora-build", "x", ""},
      {"line\nbreak.html", "x", ""},
  };
  Diagnostics diags;
  CHECK_FALSE(write_site(tmp / "public", files, diags, no_env()));
  CHECK(
      format_diagnostics(diags) ==
      "agora: error: output path '../x' climbs out of the output folder\n"
      "agora: error: output path '/abs' is absolute\n"
      "  hint: output paths are relative to the output folder\n"
      "agora: error: output path 'a\\b' contains a backslash\n"
      "  hint: separate folders with '/'\n"
      "agora: error: output path 'docs/' names a folder, not a file\n"
      "agora: error: output path 'nul\\x00byte' contains a NUL byte\n"
      "agora: error: an output file (generated) has an empty path\n"
      "agora: error: output path '.agora-build' is reserved for agora's output marker\n"
      "agora: error: output path 'line\\x0abreak.html' contains a control character\n"
      "agora: error: output path 'a/b.html' is written twice: as 'a/b.html' (generated) and as "
      "'./a/b.html' (copied from 'static/b.html')\n"
      "  hint: each output file needs its own path; rename or remove one\n"
      "agora: error: output path 'blog' is a file, but 'blog/index.html' needs it to be a folder\n"
      "  hint: a file and a folder cannot share a path; rename one of them\n");
  CHECK(snapshot(tmp.path / "public") == before);
  CHECK(names(tmp.path) == Names{"public"});
}

TEST_CASE("write_site names both files of a duplicate path", "[output]") {
  TempDir tmp;
  Diagnostics diags;
  CHECK_FALSE(write_site(tmp / "public",
                         {{"logo.png", "", "static/logo.png"}, {"logo.png", "<svg/>", ""}}, diags,
                         no_env()));
  CHECK(format_diagnostics(diags) ==
        "agora: error: output path 'logo.png' is written twice: copied from 'static/logo.png' and "
        "generated\n"
        "  hint: each output file needs its own path; rename or remove one\n");
  CHECK(names(tmp.path).empty());
}

TEST_CASE("write_site refuses a folder holding .git", "[output]") {
  TempDir tmp;
  put(tmp.path / "public/.git/HEAD", "ref: refs/heads/main\n");
  put(tmp.path / "public/.agora-build", "agora build output\n");
  put(tmp.path / "public/index.html", "mine");
  auto before = snapshot(tmp.path / "public");
  Diagnostics diags;
  const std::string out = tmp / "public";
  CHECK_FALSE(write_site(out, small_site(), diags, no_env()));
  CHECK(format_diagnostics(diags) ==
        "agora: error: output folder '" + out +
            "' contains .git, refusing to replace it\n"
            "  hint: agora replaces the whole output folder on every build; build into a folder of "
            "its own and copy the result into the repository\n");
  CHECK(snapshot(tmp.path / "public") == before);
  CHECK(names(tmp.path) == Names{"public"});
}

TEST_CASE("write_site refuses folders it did not write", "[output]") {
  TempDir tmp;
  put(tmp.path / "notes/todo.txt", "keep me");
  put(tmp.path / "src/site-config.yaml", "title: x\n");
  put(tmp.path / "file", "a file");
  Diagnostics diags;
  CHECK_FALSE(write_site(tmp / "notes", small_site(), diags, no_env()));
  CHECK_FALSE(write_site(tmp / "src", small_site(), diags, no_env()));
  CHECK_FALSE(write_site(tmp / "file", small_site(), diags, no_env()));
  CHECK_FALSE(write_site("/", small_site(), diags, no_env()));
  CHECK_FALSE(write_site("", small_site(), diags, no_env()));
  CHECK(format_diagnostics(diags) ==
        "agora: error: output folder '" + tmp / "notes" +
            "' is not empty and was not written by agora\n"
            "  hint: agora only replaces folders that hold its '.agora-build' marker; empty the "
            "folder or choose another one\n"
            "agora: error: output folder '" +
            tmp / "src" +
            "' contains site-config.yaml; it looks like a site source\n"
            "  hint: set the output folder to a folder of its own, such as 'public'\n"
            "agora: error: output folder '" +
            tmp / "file" +
            "' exists and is not a folder\n"
            "  hint: set the output folder to a folder of its own, such as 'public'\n"
            "agora: error: output folder '/' is the root folder\n"
            "  hint: set the output folder to a folder of its own, such as 'public'\n"
            "agora: error: the output folder is not set\n"
            "  hint: set the output folder to a folder of its own, such as 'public'\n");
  CHECK(slurp(tmp.path / "notes/todo.txt") == "keep me");
  CHECK(slurp(tmp.path / "file") == "a file");
  CHECK(names(tmp.path) == Names{"file", "notes", "src"});
}

TEST_CASE("write_site refuses the current folder and the home folder", "[output]") {
  TempDir tmp;
  // Even a marked folder is refused when it is the current folder.
  put(tmp.path / "site/.agora-build", "agora build output\n");
  const fs::path old_cwd = fs::current_path();
  fs::current_path(tmp.path / "site");
  Diagnostics diags;
  CHECK_FALSE(write_site(".", small_site(), diags, no_env()));
  CHECK_FALSE(write_site("..", small_site(), diags, no_env()));
  fs::current_path(old_cwd);
  CHECK(format_diagnostics(diags) ==
        "agora: error: output folder '.' contains the current folder\n"
        "  hint: agora replaces the whole output folder; set the output folder to a folder of its "
        "own, such as 'public'\n"
        "agora: error: output folder '..' contains the current folder\n"
        "  hint: agora replaces the whole output folder; set the output folder to a folder of its "
        "own, such as 'public'\n");
  CHECK(names(tmp.path / "site") == Names{".agora-build"});

  if (const char* home = std::getenv("HOME"); home && *home && fs::is_directory(home)) {
    Diagnostics h;
    CHECK_FALSE(write_site(home, small_site(), h, no_env()));
    CHECK(format_diagnostics(h) == std::string("agora: error: output folder '") + home +
                                       "' is your home folder\n"
                                       "  hint: set the output folder to a folder of its own, "
                                       "such as 'public'\n");
  }
}

TEST_CASE("write_site copies files and reports a missing source without touching the output",
          "[output]") {
  TempDir tmp;
  put(tmp.path / "static/logo.svg", "<svg/>");
  Diagnostics diags;
  auto stats = write_site(tmp / "public",
                          {{"img/logo.svg", "", tmp / "static/logo.svg"}, {"index.html", "hi", ""}},
                          diags, no_env());
  REQUIRE(stats);
  CHECK(stats->bytes == 8);
  CHECK(slurp(tmp.path / "public/img/logo.svg") == "<svg/>");
  auto before = snapshot(tmp.path / "public");

  Diagnostics bad;
  const std::string missing = tmp / "static/missing.png";
  CHECK_FALSE(write_site(tmp / "public", {{"index.html", "new", ""}, {"missing.png", "", missing}},
                         bad, no_env()));
  CHECK(format_diagnostics(bad) == "agora: error: cannot copy '" + missing +
                                       "' to 'missing.png': No such file or directory\n");
  Diagnostics dir;
  CHECK_FALSE(write_site(tmp / "public", {{"x", "", tmp / "static"}}, dir, no_env()));
  CHECK(format_diagnostics(dir) ==
        "agora: error: cannot copy '" + tmp / "static" + "' to 'x': not a regular file\n");
  CHECK(snapshot(tmp.path / "public") == before);
  CHECK(names(tmp.path) == Names{"public", "static"});
}

TEST_CASE("write_site sets every time from the given mtime", "[output]") {
  TempDir tmp;
  Diagnostics diags;
  WriteOptions options;
  options.mtime = 1700000000;
  REQUIRE(write_site(tmp / "public", small_site(), diags, options));
  for (const char* rel : {"", ".agora-build", "index.html", "blog", "blog/hello",
                          "blog/hello/index.html", "css/site.css"}) {
    struct stat st {};
    REQUIRE(::stat((tmp.path / "public" / rel).c_str(), &st) == 0);
    INFO(rel);
    CHECK(st.st_mtime == 1700000000);
  }
}

TEST_CASE("write_options_from_environment reads SOURCE_DATE_EPOCH", "[output]") {
  const char* saved = std::getenv("SOURCE_DATE_EPOCH");
  std::string saved_value = saved ? saved : "";
  Diagnostics diags;
  ::setenv("SOURCE_DATE_EPOCH", "1234567890", 1);
  CHECK(write_options_from_environment(diags).mtime == std::optional<int64_t>(1234567890));
  ::unsetenv("SOURCE_DATE_EPOCH");
  CHECK_FALSE(write_options_from_environment(diags).mtime);
  CHECK(diags.empty());
  ::setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
  CHECK_FALSE(write_options_from_environment(diags).mtime);
  CHECK(format_diagnostics(diags) ==
        "agora: warning: SOURCE_DATE_EPOCH 'yesterday' is not a number of seconds\n"
        "  hint: file times are left as written\n");
  if (saved)
    ::setenv("SOURCE_DATE_EPOCH", saved_value.c_str(), 1);
  else
    ::unsetenv("SOURCE_DATE_EPOCH");
}

TEST_CASE("write_site removes stale staging folders of dead runs only", "[output]") {
  TempDir tmp;
  const std::string ours = ".public.staging-" + std::to_string(::getpid());
  const std::string live = ".public.staging-" + std::to_string(::getppid());
  put(tmp.path / ".public.staging-999999999/old.html", "stale");  // no such process
  put(tmp.path / ".public.previous-999999998/old.html", "stale");
  put(tmp.path / ours / "old.html", "stale");         // a crashed run with our pid
  put(tmp.path / live / "busy.html", "in progress");  // a live process
  put(tmp.path / ".public.staging-12x/keep", "not our pattern");
  put(tmp.path / ".other.staging-999999999/keep", "another output");
  put(tmp.path / "public.staging-999999999/keep", "not hidden");
  Diagnostics diags;
  REQUIRE(write_site(tmp / "public", small_site(), diags, no_env()));
  CHECK(diags.empty());
  Names expected = {".other.staging-999999999", ".public.staging-12x", live, "public",
                    "public.staging-999999999"};
  std::sort(expected.begin(), expected.end());
  CHECK(names(tmp.path) == expected);
}

TEST_CASE("write_site writes many files on two threads", "[output]") {
  TempDir tmp;
  std::vector<OutputFile> files;
  uint64_t bytes = 0;
  for (int i = 0; i < 500; ++i) {
    std::string content(static_cast<size_t>(i), 'x');
    bytes += content.size();
    files.push_back(
        {"p/" + std::to_string(i % 7) + "/" + std::to_string(i) + ".html", content, ""});
  }
  Diagnostics diags;
  WriteOptions options;
  options.threads = 2;
  auto stats = write_site(tmp / "public", files, diags, options);
  REQUIRE(stats);
  CHECK(stats->files == 500);
  CHECK(stats->bytes == bytes);
  CHECK(slurp(tmp.path / "public/p/2/499.html") == std::string(499, 'x'));
  CHECK(names(tmp.path) == Names{"public"});
}

TEST_CASE("write_site follows a symbolic link to the output folder", "[output]") {
  TempDir tmp;
  Diagnostics diags;
  REQUIRE(write_site(tmp / "real", small_site(), diags, no_env()));
  fs::create_directory_symlink(tmp.path / "real", tmp.path / "public");
  REQUIRE(write_site(tmp / "public", {{"a.html", "a", ""}}, diags, no_env()));
  CHECK(fs::is_symlink(tmp.path / "public"));
  CHECK(names(tmp.path / "real") == Names{".agora-build", "a.html"});
  CHECK(names(tmp.path) == Names{"public", "real"});
}
