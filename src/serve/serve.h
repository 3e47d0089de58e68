// serve/serve.h — `agora serve`: the development server.
// Owns: building the site into a private folder with run_build, serving it over HTTP on the
// loopback interface (the only cpp-httplib user), watching the sources with inotify, rebuilding
// on change and live-reloading open tabs over Server-Sent Events, the build-error overlay, and
// the request safety rules (GET/HEAD only, paths kept inside the served folder, Host checked).
// Does not own: what a build does (build/).
#pragma once

#include <string>
#include <string_view>

#include "build/pipeline.h"

namespace agora {

struct ServeOptions {
  BuildOptions build;            ///< out_dir is replaced by a private temporary folder
  int port = 1111;               ///< 0 = any free port (printed)
  std::string bind = "127.0.0.1";
};

/// Builds, serves and watches until SIGINT or SIGTERM. Returns the process exit code.
int run_serve(const ServeOptions& options);

/// Where a request target leads inside `root`: status 200 with the file, 301 with the location
/// to redirect a folder to (with its trailing slash), 400 for a malformed path (bad percent
/// escape, NUL, backslash), 404 for anything else (missing, '..' or '.', symlinks, folders
/// without index.html). The path is percent-decoded exactly once.
struct ResolvedPath {
  int status = 404;
  std::string file;      ///< 200: the file on disk
  std::string location;  ///< 301: where to go
};
ResolvedPath resolve_request_path(const std::string& root, std::string_view target);

/// True when a Host header names this machine: localhost, 127.0.0.1 or [::1] (any port), or the
/// address given with --bind. Anything else is refused (DNS rebinding).
bool host_allowed(std::string_view host, std::string_view bind);

/// The HTML with the live-reload script (and, when `error_text` is not empty, an overlay
/// showing it, HTML-escaped) inserted before </body>.
std::string inject_reload(std::string html, std::string_view error_text);

}  // namespace agora
