#include <catch2/catch.hpp>

#include "serve/serve.h"

using namespace agora;

namespace {

std::shared_ptr<const OutputFile> file(std::string path, std::string content) {
  return std::make_shared<const OutputFile>(OutputFile{std::move(path), std::move(content), {}});
}

/// A built site in memory: index.html, docs/index.html and a file in a folder without index.
SiteFiles served() {
  SiteFiles f;
  for (const char* p : {"index.html", "docs/index.html", "assets/style.css"}) f[p] = file(p, p);
  return f;
}

}  // namespace

TEST_CASE("request paths name only files of the built site", "[serve]") {
  SiteFiles s = served();
  CHECK(resolve_request_path(s, "/").status == 200);
  CHECK(resolve_request_path(s, "/").file->path == "index.html");
  CHECK(resolve_request_path(s, "/docs/?q=1#x").file->path == "docs/index.html");
  CHECK(resolve_request_path(s, "/%64ocs/").status == 200);
  CHECK(resolve_request_path(s, "//docs//index.html").file->path == "docs/index.html");
  CHECK(resolve_request_path(s, "/assets/style.css").file->content == "assets/style.css");
  ResolvedPath dir = resolve_request_path(s, "/docs");
  CHECK(dir.status == 301);
  CHECK(dir.location == "/docs/");
  for (const char* bad : {"/../index.html", "/docs/../../index.html", "/%2e%2e/index.html",
                          "/%2E%2E/index.html", "/%252e%252e/index.html", "/./index.html",
                          "/docs/./index.html", "/missing.html", "/assets/", "/assets",
                          "/etc/passwd"}) {
    INFO(bad);
    CHECK(resolve_request_path(s, bad).status == 404);
  }
  for (const char* bad : {"/..\\index.html", "/%5c..%5cindex.html", "/index.html%00",
                          "/%zz", "/%2", "/a%0ab", "relative", ""}) {
    INFO(bad);
    CHECK(resolve_request_path(s, bad).status == 400);
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
