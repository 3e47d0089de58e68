#include "harness.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace e2e {

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "agora-e2e-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  REQUIRE(p != nullptr);
  path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void TempDir::write(const std::string& rel, const std::string& text) const {
  fs::path p = path_ / rel;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

void TempDir::copy_fixture(const std::string& name) const {
  fs::copy(fs::path(AGORA_FIXTURES) / name, path_, fs::copy_options::recursive);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).generic_string()] = read_file(e.path());
  return out;
}

RunResult run_agora(const std::vector<std::string>& args, const fs::path& cwd,
                    const std::map<std::string, std::string>& env) {
  TempDir io;
  fs::path out_file = io.path() / "out", err_file = io.path() / "err";
  std::vector<std::string> argv_s = {AGORA_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    std::string key = kv.substr(0, kv.find('='));
    if (!env.count(key) && key != "NO_COLOR") env_s.push_back(kv);
  }
  for (const auto& [k, v] : env) env_s.push_back(k + "=" + v);
  env_s.push_back("NO_COLOR=1");
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  REQUIRE(rc == 0);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_file);
  r.err = read_file(err_file);
  return r;
}

Doc Doc::html(const std::string& text) {
  htmlDocPtr d = htmlReadMemory(text.data(), static_cast<int>(text.size()), "page.html", "UTF-8",
                                HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  return Doc(d);
}

Doc Doc::xml(const std::string& text) {
  xmlDocPtr d = xmlReadMemory(text.data(), static_cast<int>(text.size()), "doc.xml", "UTF-8",
                              XML_PARSE_NONET);
  return Doc(d);
}

Doc::Doc(Doc&& o) noexcept : doc_(o.doc_) { o.doc_ = nullptr; }
Doc::~Doc() {
  if (doc_) xmlFreeDoc(static_cast<xmlDocPtr>(doc_));
}

static std::string trimmed(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> Doc::all(const std::string& xpath) const {
  std::vector<std::string> out;
  if (!doc_) return out;
  xmlXPathContextPtr ctx = xmlXPathNewContext(static_cast<xmlDocPtr>(doc_));
  xmlXPathRegisterNs(ctx, BAD_CAST "atom", BAD_CAST "http://www.w3.org/2005/Atom");
  xmlXPathRegisterNs(ctx, BAD_CAST "sm", BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
  xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST xpath.c_str(), ctx);
  if (res && res->nodesetval) {
    for (int i = 0; i < res->nodesetval->nodeNr; ++i) {
      xmlChar* s = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
      out.push_back(trimmed(s ? reinterpret_cast<const char*>(s) : ""));
      xmlFree(s);
    }
  } else if (res && res->type == XPATH_STRING) {
    out.push_back(reinterpret_cast<const char*>(res->stringval));
  }
  xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  return out;
}

std::string Doc::one(const std::string& xpath) const {
  auto v = all(xpath);
  INFO("xpath: " << xpath);
  REQUIRE(v.size() <= 1);
  return v.empty() ? std::string() : v[0];
}

size_t Doc::count(const std::string& xpath) const { return all(xpath).size(); }

}  // namespace e2e
