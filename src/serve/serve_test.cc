#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "serve/serve.h"

using namespace agora;
namespace fs = std::filesystem;

namespace {

/// A served folder: index.html, docs/index.html, a secret beside it and a symlink to it.
struct Served {
  fs::path base = fs::temp_directory_path() / ("agora-serve-test-" + std::to_string(getpid()));
  std::string root = (base / "site").string();
  Served() {
    fs::create_directories(base / "site/docs");
    std::ofstream(base / "site/index.html") << "<html><body>home</body></html>";
    std::ofstream(base / "site/docs/index.html") << "docs";
    std::ofstream(base / "secret.txt") << "secret";
    fs::create_symlink(base / "secret.txt", base / "site/link.txt");
    fs::create_directories(base / "site/empty");
  }
  ~Served() { fs::remove_all(base); }
};

}  // namespace

TEST_CASE("request paths stay inside the served folder", "[serve]") {
  Served s;
  CHECK(resolve_request_path(s.root, "/").status == 200);
  CHECK(resolve_request_path(s.root, "/").file == s.root + "/index.html");
  CHECK(resolve_request_path(s.root, "/docs/?q=1#x").file == s.root + "/docs/index.html");
  CHECK(resolve_request_path(s.root, "/%64ocs/").status == 200);
  ResolvedPath dir = resolve_request_path(s.root, "/docs");
  CHECK(dir.status == 301);
  CHECK(dir.location == "/docs/");
  for (const char* bad : {"/../secret.txt", "/docs/../../secret.txt", "/%2e%2e/secret.txt",
                          "/%2E%2E/secret.txt", "/%252e%252e/secret.txt", "/./index.html",
                          "/link.txt", "/missing.html", "/empty/"}) {
    INFO(bad);
    CHECK(resolve_request_path(s.root, bad).status == 404);
  }
  for (const char* bad : {"/..\\secret.txt", "/%5c..%5csecret.txt", "/index.html%00",
                          "/%zz", "/%2", "relative", ""}) {
    INFO(bad);
    CHECK(resolve_request_path(s.root, bad).status == 400);
  }
}

TEST_CASE("only local Host headers are answered", "[serve]") {
  for (const char* ok : {"localhost", "localhost:1111", "127.0.0.1:8080", "LOCALHOST", "[::1]:1111"})
    CHECK(host_allowed(ok, "127.0.0.1"));
  for (const char* bad : {"", "evil.example", "127.0.0.1.evil.example", "localhost.evil:80",
                          "[::1]x", "192.168.1.5:1111"})
    CHECK_FALSE(host_allowed(bad, "127.0.0.1"));
  CHECK(host_allowed("192.168.1.5:1111", "192.168.1.5"));
  CHECK_FALSE(host_allowed("evil.example", "0.0.0.0"));
}

TEST_CASE("the reload script and error overlay are injected before </body>, escaped", "[serve]") {
  CHECK(inject_reload("<html><body>x</body></html>", "") ==
        "<html><body>x<script>(()=>{const es=new EventSource('/__agora/events');"
        "es.addEventListener('reload',()=>location.reload());})();</script></body></html>");
  std::string with_error = inject_reload("<body></body>", "a.md:1:1: error: <script>alert(1)</script>");
  CHECK(with_error.find("<script>alert(1)") == std::string::npos);
  CHECK(with_error.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(with_error.find("agora-error-overlay") != std::string::npos);
}
