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
#include <sstream>
#include <thread>

#include "core/text.h"
#include "serve/serve.h"

namespace fs = std::filesystem;

namespace agora {

namespace {

/// What the server shows: a generation number bumped after every build, and the last error.
struct BuildState {
  std::mutex mu;
  std::condition_variable cv;
  uint64_t generation = 0;
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

/// Runs one build into `out`; prints its diagnostics and records the outcome.
void rebuild(const BuildOptions& opts, BuildState& state) {
  Diagnostics diags;
  BuildResult r = run_build(opts, diags);
  std::string text = format_diagnostics(diags, false);
  std::fputs(format_diagnostics(diags, isatty(2) != 0).c_str(), stderr);
  if (r.ok) std::printf("%s\n", summary_line(r).c_str());
  else std::fprintf(stderr, "agora: build failed; still serving the last good build\n");
  std::fflush(stdout);
  std::lock_guard<std::mutex> lock(state.mu);
  state.error_text = r.ok ? std::string() : text;
  ++state.generation;
  state.cv.notify_all();
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

  char tmpl[] = "/tmp/agora-serve.XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::perror("agora: cannot create a temporary folder");
    return 1;
  }
  fs::path work(tmpl);
  BuildOptions opts = options.build;
  opts.out_dir = (work / "site").string();
  opts.write = true;
  const std::string root = opts.out_dir;

  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(16); };
  int port = options.port == 0 ? server.bind_to_any_port(options.bind)
                               : (server.bind_to_port(options.bind, options.port) ? options.port : -1);
  if (port < 0) {
    std::fprintf(stderr, "agora: cannot listen on %s:%d\n", options.bind.c_str(), options.port);
    fs::remove_all(work);
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
  rebuild(opts, state);

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
    ResolvedPath p = resolve_request_path(root, req.target);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    if (p.status == 301) {
      res.status = 301;
      res.set_header("Location", p.location);
      return;
    }
    std::string error;
    {
      std::lock_guard<std::mutex> lock(state.mu);
      error = state.error_text;
    }
    if (p.status != 200) {
      res.status = p.status;
      std::string body = p.status == 400 ? "bad request\n" : "not found\n";
      ResolvedPath nf = resolve_request_path(root, "/404.html");
      if (p.status == 404 && nf.status == 200)
        res.set_content(inject_reload(slurp(nf.file), error), "text/html; charset=utf-8");
      else
        res.set_content(body, "text/plain");
      return;
    }
    std::string body = slurp(p.file);
    const char* type = content_type(p.file);
    if (ends_with(p.file, ".html")) body = inject_reload(std::move(body), error);
    res.set_content(body, type);
  });

  std::thread http([&] { server.listen_after_bind(); });
  std::printf("agora: serving http://%s:%d/ (Ctrl-C to stop)\n",
              loopback ? "127.0.0.1" : options.bind.c_str(), port);
  std::fflush(stdout);

  // The watcher: inotify over the source folders; a burst of events (an editor's save) is
  // gathered for 20 ms, then one full rebuild runs.
  int stop_fd = eventfd(0, EFD_CLOEXEC);
  std::thread watcher([&] {
    int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (fd < 0) return;
    fs::path src(opts.source_dir);
    std::map<int, fs::path> wds;
    for (const char* d : {"content", "plugins-index", "reviews", "static", "layouts", "themes"})
      watch_tree(fd, src / d, wds);
    int root_wd = inotify_add_watch(fd, src.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE);
    alignas(inotify_event) char buf[64 * 1024];
    for (;;) {
      pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
      if (poll(fds, 2, -1) < 0) continue;
      if (fds[1].revents) break;
      bool relevant = false;
      auto drain = [&] {
        for (;;) {
          ssize_t n = read(fd, buf, sizeof buf);
          if (n <= 0) break;
          for (char* p = buf; p < buf + n;) {
            auto* ev = reinterpret_cast<inotify_event*>(p);
            p += sizeof(inotify_event) + ev->len;
            std::string name = ev->len ? ev->name : "";
            if (ev->wd == root_wd) {
              if (name == "site-config.yaml") relevant = true;
              continue;
            }
            if (!name.empty() && (name[0] == '.' || ends_with(name, "~") || ends_with(name, ".swp")))
              continue;  // editor temporaries
            relevant = true;
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) && wds.count(ev->wd))
              watch_tree(fd, wds[ev->wd] / name, wds);
          }
        }
      };
      drain();
      if (!relevant) continue;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      drain();
      std::printf("agora: change detected, rebuilding\n");
      std::fflush(stdout);
      rebuild(opts, state);
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
  std::error_code ec;
  fs::remove_all(work, ec);
  return 0;
}

}  // namespace agora
