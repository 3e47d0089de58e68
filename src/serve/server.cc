#include <httplib.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "core/text.h"
#include "serve/serve.h"

namespace fs = std::filesystem;

namespace agora {

namespace {

/// What the server shows: the built site, a generation number bumped whenever it (or the error)
/// changes, and the last error.
struct BuildState {
  std::mutex mu;
  std::condition_variable cv;
  uint64_t generation = 0;
  std::shared_ptr<const SiteFiles> files;  ///< the last good build; null before the first
  std::string error_text;  ///< plain diagnostics of the last failed build, "" when it succeeded
  bool stopping = false;
};

const char* content_type(const std::string& path) {
  static const std::map<std::string, const char*> types = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
      {".xml", "application/xml"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"},
      {".webp", "image/webp"}, {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"}};
  size_t dot = path.rfind('.');
  if (dot != std::string::npos)
    if (auto it = types.find(ascii_lower(path.substr(dot))); it != types.end()) return it->second;
  return "application/octet-stream";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double elapsed_ms(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

/// Publishes the session's output and `error` to the HTTP threads and wakes the reload events.
void publish(BuildSession& session, BuildState& state, std::string error) {
  std::lock_guard<std::mutex> lock(state.mu);
  state.files = session.files();
  state.error_text = std::move(error);
  ++state.generation;
  state.cv.notify_all();
}

/// The second step of a build or update: the search index and the site-wide link check. New
/// search shards are swapped in without reloading the tabs; errors are published (the overlay).
void second_step(BuildSession& session, BuildState& state, bool full) {
  if (!session.pending()) return;
  Diagnostics later;
  auto t = std::chrono::steady_clock::now();
  BuildResult f = session.finish(later);
  std::fputs(format_diagnostics(later, isatty(2) != 0).c_str(), stderr);
  if (f.search.files > 0 && full) std::printf("%s\n", search_stats_line(f.search).c_str());
  std::printf("agora: search index and link check up to date in %.0f ms\n", elapsed_ms(t));
  std::fflush(stdout);
  if (!f.ok) {
    std::fprintf(stderr, "agora: the link check failed\n");
    publish(session, state, format_diagnostics(later, false));
  } else {
    std::lock_guard<std::mutex> lock(state.mu);
    state.files = session.files();
  }
}

/// Brings the session up to date (a full build when `changed` is empty) and publishes it, so
/// open tabs reload. Returns true when the second step is due.
bool update(BuildSession& session, const std::vector<std::string>& changed, BuildState& state,
            std::chrono::steady_clock::time_point since, bool* full) {
  Diagnostics diags;
  UpdateResult u = changed.empty() ? session.build(diags) : session.update(changed, diags);
  std::string text = format_diagnostics(diags, false);
  std::fputs(format_diagnostics(diags, isatty(2) != 0).c_str(), stderr);
  std::string stages;
  char buf[64];
  for (const StageTiming& st : u.build.stages) {
    if (st.step) continue;  // the stages alone: one short line per rebuild
    std::snprintf(buf, sizeof buf, "%s%s %.1f", stages.empty() ? "" : ", ", st.name.c_str(), st.ms);
    stages += buf;
  }
  if (!u.build.ok) std::fprintf(stderr, "agora: build failed; still serving the last good build\n");
  else if (u.mode == "full")
    std::printf("%s (%s ms)\n", summary_line(u.build).c_str(), stages.c_str());
  else
    std::printf("agora: %s change, %zu output file%s updated in %.0f ms (%s ms)\n", u.mode.c_str(),
                u.outputs_changed, u.outputs_changed == 1 ? "" : "s", elapsed_ms(since),
                stages.c_str());
  std::fflush(stdout);
  publish(session, state, u.build.ok ? std::string() : text);
  *full = u.mode == "full";
  return u.build.ok;
}

/// Adds inotify watches on `dir` and every folder below it.
void watch_tree(int fd, const fs::path& dir, std::map<int, fs::path>& wds) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  uint32_t mask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                  IN_DELETE_SELF | IN_ATTRIB;
  int wd = inotify_add_watch(fd, dir.c_str(), mask | IN_ONLYDIR);
  if (wd >= 0) wds[wd] = dir;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      int w = inotify_add_watch(fd, it->path().c_str(), mask | IN_ONLYDIR);
      if (w >= 0) wds[w] = it->path();
    }
}

}  // namespace

int run_serve(const ServeOptions& options) {
  // SIGINT/SIGTERM are taken by sigwait on the main thread; every other thread blocks them.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  BuildOptions opts = options.build;

  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(16); };
  int port = options.port == 0 ? server.bind_to_any_port(options.bind)
                               : (server.bind_to_port(options.bind, options.port) ? options.port : -1);
  if (port < 0) {
    std::fprintf(stderr, "agora: cannot listen on %s:%d\n", options.bind.c_str(), options.port);
    return 1;
  }
  bool loopback = options.bind == "127.0.0.1" || options.bind == "localhost" || options.bind == "::1";
  if (!loopback)
    std::fprintf(stderr,
                 "agora: warning: serving on %s, reachable from other machines; the development "
                 "server is meant for this machine only\n",
                 options.bind.c_str());
  // Links in the served site point at this server.
  opts.base_url = "http://" + std::string(loopback ? "127.0.0.1" : options.bind) + ":" +
                  std::to_string(port) + "/";

  BuildState state;
  BuildSession session(opts);
  bool first_full = true;
  // The first build is served as soon as it is rendered; its second step runs in the watcher.
  bool first_ok = update(session, {}, state, std::chrono::steady_clock::now(), &first_full);

  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "GET" && req.method != "HEAD") {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
      res.set_content("method not allowed\n", "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!host_allowed(req.get_header_value("Host"), options.bind)) {
      res.status = 403;
      res.set_content("this development server answers only to localhost\n", "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.Get("/__agora/events", [&](const httplib::Request&, httplib::Response& res) {
    uint64_t seen;
    {
      std::lock_guard<std::mutex> lock(state.mu);
      seen = state.generation;
    }
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider("text/event-stream", [&state, seen](size_t, httplib::DataSink& sink) mutable {
      std::unique_lock<std::mutex> lock(state.mu);
      bool changed = state.cv.wait_for(lock, std::chrono::seconds(15),
                                       [&] { return state.stopping || state.generation != seen; });
      if (state.stopping) {
        sink.done();
        return false;
      }
      std::string msg = changed ? "event: reload\ndata: " + std::to_string(state.generation) + "\n\n"
                                : std::string(": keep-alive\n\n");
      seen = state.generation;
      lock.unlock();
      return sink.write(msg.data(), msg.size());
    });
  });
  server.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    std::shared_ptr<const SiteFiles> files;
    std::string error;
    {
      std::lock_guard<std::mutex> lock(state.mu);
      files = state.files;
      error = state.error_text;
    }
    static const SiteFiles kNone;
    const SiteFiles& site = files ? *files : kNone;
    ResolvedPath p = resolve_request_path(site, req.target);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    if (p.status == 301) {
      res.status = 301;
      res.set_header("Location", p.location);
      return;
    }
    if (p.status != 200) {
      res.status = p.status;
      ResolvedPath nf = resolve_request_path(site, "/404.html");
      if (p.status == 404 && nf.status == 200)
        res.set_content(inject_reload(nf.file->content, error), "text/html; charset=utf-8");
      else if (p.status == 404 && !error.empty())  // the first build failed: show why
        res.set_content(inject_reload("<!doctype html><html><body></body></html>", error),
                        "text/html; charset=utf-8");
      else
        res.set_content(p.status == 400 ? "bad request\n" : "not found\n", "text/plain");
      return;
    }
    const OutputFile& f = *p.file;
    const char* type = content_type(f.path);
    // Static files stay where discovery found them (inside the site folder).
    std::string body = f.copy_from.empty() ? f.content : slurp(f.copy_from);
    if (ends_with(f.path, ".html")) body = inject_reload(std::move(body), error);
    res.set_content(body, type);
  });

  std::thread http([&] { server.listen_after_bind(); });
  std::printf("agora: serving http://%s:%d/ (Ctrl-C to stop)\n",
              loopback ? "127.0.0.1" : options.bind.c_str(), port);
  std::fflush(stdout);

  // The watcher: inotify over the source folders; a burst of events (an editor's save) is
  // gathered until it is quiet for 5 ms, then the session brings the changed paths up to date.
  int stop_fd = eventfd(0, EFD_CLOEXEC);
  std::thread watcher([&] {
    int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (fd < 0) return;
    fs::path src(opts.source_dir);
    std::map<int, fs::path> wds;
    for (const char* d : {"content", "plugins-index", "reviews", "static", "layouts", "themes"})
      watch_tree(fd, src / d, wds);
    int root_wd = inotify_add_watch(fd, src.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE);
    if (first_ok) second_step(session, state, first_full);
    alignas(inotify_event) char buf[64 * 1024];
    for (;;) {
      pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
      if (poll(fds, 2, -1) < 0) continue;
      if (fds[1].revents) break;
      std::set<std::string> changed;
      auto drain = [&] {
        for (;;) {
          ssize_t n = read(fd, buf, sizeof buf);
          if (n <= 0) break;
          for (char* p = buf; p < buf + n;) {
            auto* ev = reinterpret_cast<inotify_event*>(p);
            p += sizeof(inotify_event) + ev->len;
            std::string name = ev->len ? ev->name : "";
            if (ev->wd == root_wd) {
              if (name == "site-config.yaml") changed.insert(name);
              continue;
            }
            if (!name.empty() && (name[0] == '.' || ends_with(name, "~") || ends_with(name, ".swp")))
              continue;  // editor temporaries
            if (auto w = wds.find(ev->wd); w != wds.end())
              changed.insert((w->second / name).lexically_relative(src).generic_string());
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) && wds.count(ev->wd))
              watch_tree(fd, wds[ev->wd] / name, wds);
          }
        }
      };
      drain();
      if (changed.empty()) continue;
      // An editor's save is a burst of events: wait until 5 ms pass without one (at most 50).
      auto since = std::chrono::steady_clock::now();
      while (elapsed_ms(since) < 50) {
        pollfd more{fd, POLLIN, 0};
        if (poll(&more, 1, 5) <= 0) break;
        drain();
      }
      bool full = false;
      if (update(session, std::vector<std::string>(changed.begin(), changed.end()), state, since, &full))
        second_step(session, state, full);
    }
    close(fd);
  });

  int sig = 0;
  sigwait(&sigs, &sig);
  std::printf("agora: stopping\n");
  std::fflush(stdout);
  {
    std::lock_guard<std::mutex> lock(state.mu);
    state.stopping = true;
    state.cv.notify_all();
  }
  uint64_t one = 1;
  if (write(stop_fd, &one, sizeof one) < 0) std::perror("agora: eventfd");
  watcher.join();
  server.stop();
  http.join();
  close(stop_fd);
  return 0;
}

}  // namespace agora
