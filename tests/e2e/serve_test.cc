// End-to-end: `agora serve` on a temporary copy of the basic fixture, on a free loopback port:
// a page is served with the reload script, an edit brings an SSE reload event and the new
// content, a broken link shows the escaped overlay, then the traversal, method and Host rules.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

#include "harness.h"

using namespace e2e;
using Clock = std::chrono::steady_clock;

namespace {

int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/// Reads from fd until `until` appears (or the peer closes, or the deadline passes).
std::string read_until(int fd, const std::string& until, std::chrono::milliseconds limit) {
  std::string got;
  auto end = Clock::now() + limit;
  char buf[4096];
  while (Clock::now() < end && (until.empty() || got.find(until) == std::string::npos)) {
    pollfd p{fd, POLLIN, 0};
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count());
    if (poll(&p, 1, std::max(left, 1)) <= 0) continue;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  return got;
}

/// One raw HTTP/1.1 request (the path is sent exactly as given), the whole response back.
std::string request(int port, const std::string& path, const std::string& host = "127.0.0.1",
                    const std::string& method = "GET") {
  int fd = connect_to(port);
  if (fd < 0) return {};
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  if (write(fd, req.data(), req.size()) < 0) return {};
  std::string out = read_until(fd, "", std::chrono::milliseconds(3000));
  close(fd);
  return out;
}

int status_of(const std::string& response) {
  return response.size() > 12 ? std::atoi(response.c_str() + 9) : 0;
}

/// `agora serve --port 0` on the site in `dir`, output in dir/serve.log; its pid and port.
struct Served {
  pid_t pid = -1;
  int port = 0;
};
Served start_serve(const TempDir& dir) {
  Served s;
  fs::path log = dir.path() / "serve.log";
  s.pid = fork();
  REQUIRE(s.pid >= 0);
  if (s.pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stdout);
    FILE* g = std::freopen((log.string() + ".err").c_str(), "w", stderr);
    (void)f;
    (void)g;
    setenv("SOURCE_DATE_EPOCH", "1735689600", 1);
    std::string src = dir.path().string();
    execl(AGORA_BIN, AGORA_BIN, "serve", "--port", "0", "--source", src.c_str(), nullptr);
    _exit(127);
  }
  std::regex re("serving http://127\\.0\\.0\\.1:([0-9]+)/");
  for (auto end = Clock::now() + std::chrono::seconds(10); Clock::now() < end && s.port == 0;) {
    std::smatch m;
    std::string text = read_file(log);
    if (std::regex_search(text, m, re)) s.port = std::stoi(m[1]);
    else std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return s;
}

/// SIGTERM, then the exit status (SIGKILL after 5 s).
int stop_serve(pid_t pid) {
  kill(pid, SIGTERM);
  int status = -1;
  for (auto end = Clock::now() + std::chrono::seconds(5); Clock::now() < end;) {
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return status;
}

/// A subscription to the reload events.
struct Events {
  int fd = -1;
  explicit Events(int port) : fd(connect_to(port)) {
    REQUIRE(fd >= 0);
    std::string req = "GET /__agora/events HTTP/1.1\r\nHost: localhost\r\n\r\n";
    REQUIRE(write(fd, req.data(), req.size()) > 0);
    REQUIRE(read_until(fd, "text/event-stream", std::chrono::milliseconds(2000)).find("text/event-stream") !=
            std::string::npos);
  }
  ~Events() { close(fd); }
  bool reload() {
    return read_until(fd, "event: reload", std::chrono::milliseconds(10000)).find("event: reload") !=
           std::string::npos;
  }
};

/// The body of a response, without the live-reload script the server adds to HTML.
std::string served_body(const std::string& response) {
  size_t at = response.find("\r\n\r\n");
  std::string body = at == std::string::npos ? std::string() : response.substr(at + 4);
  const std::string script =
      "<script>(()=>{const es=new EventSource('/__agora/events');"
      "es.addEventListener('reload',()=>location.reload());})();</script>";
  if (size_t s = body.find(script); s != std::string::npos) body.erase(s, script.size());
  return body;
}

/// What `agora build` writes for the site as it is now, with the server's base URL.
std::map<std::string, std::string> built(const TempDir& dir, int port) {
  fs::path out = dir.path() / "public";
  RunResult r = run_agora({"build", "--quiet", "--source", dir.path().string(), "--out", out.string(),
                           "--base-url", "http://127.0.0.1:" + std::to_string(port) + "/"},
                          {}, {{"SOURCE_DATE_EPOCH", "1735689600"}});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return snapshot(out);
}

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_file(file);
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  std::ofstream(file, std::ios::trunc) << text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("serve: an edited page and its neighbours are served as agora build writes them",
          "[e2e][serve]") {
  TempDir dir;
  dir.copy_fixture("basic");
  Served s = start_serve(dir);
  REQUIRE(s.port > 0);
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"/docs/intro/", "docs/intro/index.html"},
      {"/docs/guide/install/", "docs/guide/install/index.html"},
      {"/docs/guide/configuration/", "docs/guide/configuration/index.html"},
      {"/docs/guide/", "docs/guide/index.html"},
      {"/tags/", "tags/index.html"},
      {"/sitemap.xml", "sitemap.xml"}};
  auto same_as_build = [&] {
    auto files = built(dir, s.port);
    for (const auto& [url, path] : pages) {
      INFO(url);
      REQUIRE(files.count(path) == 1);
      CHECK(served_body(request(s.port, url)) == files.at(path));
    }
  };
  {
    Events events(s.port);
    // A body edit: the front matter is unchanged.
    replace_in(dir.path() / "content/docs/guide/install.md", "## Requirements\n",
               "## Requirements\n\nA body edit, served without a full build.\n");
    REQUIRE(events.reload());
    CHECK(request(s.port, "/docs/guide/install/").find("A body edit, served") != std::string::npos);
    same_as_build();
  }
  {
    Events events(s.port);
    // A title edit: the other pages of the folder show it in their sidebar.
    replace_in(dir.path() / "content/docs/guide/install.md", "title: Install", "title: Install agora now");
    REQUIRE(events.reload());
    Doc sibling = Doc::html(served_body(request(s.port, "/docs/guide/configuration/")));
    CHECK(sibling.count("//nav[@class='sidebar']//a[normalize-space(.)='Install agora now']") == 1);
    CHECK(sibling.count("//nav[@class='sidebar']//a[normalize-space(.)='Install']") == 0);
    same_as_build();
  }
  std::string log = read_file(dir.path() / "serve.log");
  CHECK(log.find("agora: body change, 1 output file updated") != std::string::npos);
  CHECK(log.find("agora: front-matter change") != std::string::npos);
  int status = stop_serve(s.pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("serve: page, live reload on edit, error overlay, safety rules", "[e2e][serve]") {
  TempDir dir;
  dir.copy_fixture("basic");
  fs::path log = dir.path() / "serve.log";
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stdout);
    FILE* g = std::freopen((log.string() + ".err").c_str(), "w", stderr);
    (void)f;
    (void)g;
    setenv("SOURCE_DATE_EPOCH", "1735689600", 1);
    std::string src = dir.path().string();
    execl(AGORA_BIN, AGORA_BIN, "serve", "--port", "0", "--source", src.c_str(), nullptr);
    _exit(127);
  }
  int port = 0;
  std::regex re("serving http://127\\.0\\.0\\.1:([0-9]+)/");
  for (auto end = Clock::now() + std::chrono::seconds(10); Clock::now() < end && port == 0;) {
    std::smatch m;
    std::string text = read_file(log);
    if (std::regex_search(text, m, re)) port = std::stoi(m[1]);
    else std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(port > 0);

  std::string page = request(port, "/docs/intro/");
  CHECK(status_of(page) == 200);
  CHECK(page.find("new EventSource('/__agora/events')") != std::string::npos);
  CHECK(page.find("Access-Control-Allow-Origin") == std::string::npos);

  // Subscribe, edit, expect the reload event and then the new content.
  int sse = connect_to(port);
  REQUIRE(sse >= 0);
  std::string req = "GET /__agora/events HTTP/1.1\r\nHost: localhost\r\n\r\n";
  REQUIRE(write(sse, req.data(), req.size()) > 0);
  CHECK(read_until(sse, "text/event-stream", std::chrono::milliseconds(2000)).find("text/event-stream") !=
        std::string::npos);
  fs::path intro = dir.path() / "content/docs/intro.md";
  std::string text = read_file(intro);
  {
    std::ofstream(intro, std::ios::trunc) << text << "\nA freshly served sentence.\n";
  }
  CHECK(read_until(sse, "event: reload", std::chrono::milliseconds(5000)).find("event: reload") !=
        std::string::npos);
  CHECK(request(port, "/docs/intro/").find("A freshly served sentence.") != std::string::npos);

  // A broken link: the overlay shows the escaped error; fixing the file clears it.
  {
    std::ofstream(intro, std::ios::trunc) << text << "\nSee [<b>x</b>](nowhere.md).\n";
  }
  CHECK(read_until(sse, "event: reload", std::chrono::milliseconds(5000)).find("event: reload") !=
        std::string::npos);
  std::string broken = request(port, "/docs/intro/");
  CHECK(broken.find("agora-error-overlay") != std::string::npos);
  CHECK(broken.find("link to a missing page &#39;nowhere.md&#39;") != std::string::npos);
  {
    std::ofstream(intro, std::ios::trunc) << text;
  }
  CHECK(read_until(sse, "event: reload", std::chrono::milliseconds(5000)).find("event: reload") !=
        std::string::npos);
  CHECK(request(port, "/docs/intro/").find("agora-error-overlay") == std::string::npos);
  close(sse);

  CHECK(status_of(request(port, "/../../../etc/passwd")) == 404);
  CHECK(status_of(request(port, "/%2e%2e/%2e%2e/etc/passwd")) == 404);
  CHECK(status_of(request(port, "/%252e%252e/etc/passwd")) == 404);
  CHECK(status_of(request(port, "/docs%5c..%5c..%5cetc/passwd")) == 400);
  CHECK(status_of(request(port, "/index.html%00.txt")) == 400);
  CHECK(status_of(request(port, "/", "evil.example")) == 403);
  CHECK(status_of(request(port, "/", "127.0.0.1", "POST")) == 405);
  CHECK(status_of(request(port, "/docs")) == 301);

  kill(pid, SIGTERM);
  int status = -1;
  for (auto end = Clock::now() + std::chrono::seconds(5); Clock::now() < end;) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!WIFEXITED(status)) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
