// serve/serve.h — `agora serve`: the development server.
// Owns: keeping the site built in memory with a BuildSession, serving it over HTTP on the
// loopback interface (the only cpp-httplib user), watching the sources with inotify, handing
// the changed paths to the session and live-reloading open tabs over Server-Sent Events, the
// build-error overlay, and the request safety rules (GET/HEAD only, paths looked up only among
// the built files, Host checked).
// Does not own: what a build or an incremental update does (build/).
#pragma once

#include <string>
#include <string_view>

#include <memory>

#include "build/pipeline.h"
#include "build/session.h"

namespace agora {

struct ServeOptions {
  BuildOptions build;            ///< out_dir and write are ignored: the site stays in memory
  int port = 1111;               ///< 0 = any free port (printed)
  std::string bind = "127.0.0.1";
};

/// Builds, serves and watches until SIGINT or SIGTERM. Returns the process exit code.
int run_serve(const ServeOptions& options);

/// Where a request target leads inside the built site `files`: status 200 with the file, 301
/// with the location to redirect a folder to (with its trailing slash), 400 for a malformed
/// path (bad percent escape, NUL, backslash, control character), 404 for anything else
/// (missing, a '..' or '.' segment, a folder without index.html). The path is percent-decoded
/// exactly once and only ever looked up among the built files, never on disk.
struct ResolvedPath {
  int status = 404;
  std::shared_ptr<const OutputFile> file;  ///< 200: the file
  std::string location;                    ///< 301: where to go
};
ResolvedPath resolve_request_path(const SiteFiles& files, std::string_view target);

/// True when a Host header names this machine: localhost, 127.0.0.1 or [::1] (any port), or the
/// address given with --bind. Anything else is refused (DNS rebinding).
bool host_allowed(std::string_view host, std::string_view bind);

/// The HTML with the live-reload script (and, when `error_text` is not empty, an overlay
/// showing it, HTML-escaped) inserted before </body>.
std::string inject_reload(std::string html, std::string_view error_text);

}  // namespace agora
