#include "output/writer.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"

namespace fs = std::filesystem;

namespace agora {

namespace {

std::string errno_text(int err) { return std::generic_category().message(err); }

/// A path as shown in a message: control bytes and backslashes are visible as escapes.
std::string shown(std::string_view p) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (char ch : p) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string q_path(std::string_view p) { return "'" + shown(p) + "'"; }

void error(Diagnostics& diags, std::string message, std::string hint = {}) {
  diags.error(SourceLoc{}, std::move(message), std::move(hint));
}

std::string origin(const OutputFile& f) {
  return f.copy_from.empty() ? "generated" : "copied from " + q_path(f.copy_from);
}

// ---------------------------------------------------------------------------------------------
// Path validation

/// The normalised path of every file (same order as `files`), or nullopt after reporting every
/// problem.
std::optional<std::vector<std::string>> validate_paths(const std::vector<OutputFile>& files,
                                                       Diagnostics& diags) {
  std::vector<std::string> norm(files.size());
  std::vector<bool> valid(files.size(), false);
  bool ok = true;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& p = files[i].path;
    const std::string q = q_path(p);
    std::string_view last = std::string_view(p).substr(p.rfind('/') + 1);  // npos + 1 == 0
    std::optional<std::string> n;
    if (p.empty()) {
      error(diags, "an output file (" + origin(files[i]) + ") has an empty path");
    } else if (p.find('\0') != std::string::npos) {
      error(diags, "output path " + q + " contains a NUL byte");
    } else if (std::any_of(p.begin(), p.end(),
                           [](char c) { return (c > 0 && c < 0x20) || c == 0x7F; })) {
      error(diags, "output path " + q + " contains a control character");
    } else if (p.find('\\') != std::string::npos) {
      error(diags, "output path " + q + " contains a backslash", "separate folders with '/'");
    } else if (p[0] == '/') {
      error(diags, "output path " + q + " is absolute",
            "output paths are relative to the output folder");
    } else if (!(n = normalize_relative_path(p))) {
      error(diags, "output path " + q + " climbs out of the output folder");
    } else if (n->empty() || last.empty() || last == "." || last == "..") {
      error(diags, "output path " + q + " names a folder, not a file");
    } else if (*n == kOutputMarkerName) {
      error(diags, "output path " + q + " is reserved for agora's output marker");
    } else {
      norm[i] = std::move(*n);
      valid[i] = true;
      continue;
    }
    ok = false;
  }

  // Two files with one path: name both, each against the first that claimed it.
  std::unordered_map<std::string_view, size_t> first;
  first.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (!valid[i]) continue;
    auto [it, inserted] = first.emplace(norm[i], i);
    if (inserted) continue;
    const OutputFile& a = files[it->second];
    const OutputFile& b = files[i];
    std::string message = "output path " + q_path(norm[i]) + " is written twice: ";
    if (a.path == norm[i] && b.path == norm[i])
      message += origin(a) + " and " + origin(b);
    else
      message += "as " + q_path(a.path) + " (" + origin(a) + ") and as " + q_path(b.path) + " (" +
                 origin(b) + ")";
    error(diags, std::move(message), "each output file needs its own path; rename or remove one");
    ok = false;
  }

  // A file whose path is a folder of another file.
  std::unordered_set<std::string_view> reported;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!valid[i]) continue;
    std::string_view n = norm[i];
    for (size_t slash = n.find('/'); slash != std::string_view::npos;
         slash = n.find('/', slash + 1)) {
      std::string_view folder = n.substr(0, slash);
      if (!first.count(folder) || reported.count(folder)) continue;
      reported.insert(folder);
      error(diags,
            "output path " + q_path(folder) + " is a file, but " + q_path(n) +
                " needs it to be a folder",
            "a file and a folder cannot share a path; rename one of them");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return norm;
}

// ---------------------------------------------------------------------------------------------
// The output folder

/// Where the site goes, resolved.
struct Target {
  fs::path dir;     ///< absolute, symlinks resolved
  fs::path parent;  ///< dir.parent_path()
  std::string name;
  bool exists = false;
};

bool is_same_or_inside(const fs::path& inner, const fs::path& outer) {
  auto o = outer.native(), i = inner.native();
  if (i == o) return true;
  if (!o.empty() && o.back() != '/') o += '/';
  return i.compare(0, o.size(), o) == 0;
}

/// Resolves out_dir and refuses folders that agora must not replace.
std::optional<Target> check_target(const std::string& out_dir, Diagnostics& diags) {
  const std::string q = q_path(out_dir);
  const std::string own_folder_hint =
      "set the output folder to a folder of its own, such as 'public'";
  if (out_dir.empty()) {
    error(diags, "the output folder is not set", own_folder_hint);
    return std::nullopt;
  }
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(out_dir), ec);
  if (!ec) abs = fs::weakly_canonical(abs, ec);
  if (ec) {
    error(diags, "cannot resolve output folder " + q + ": " + ec.message());
    return std::nullopt;
  }
  if (abs.has_relative_path() && abs.filename().empty()) abs = abs.parent_path();  // "public/"
  Target t;
  t.dir = abs;
  t.parent = abs.parent_path();
  t.name = abs.filename().string();

  if (!abs.has_relative_path()) {
    error(diags, "output folder " + q + " is the root folder", own_folder_hint);
    return std::nullopt;
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    fs::path h = fs::weakly_canonical(fs::path(home), ec);
    if (!ec && h == abs) {
      error(diags, "output folder " + q + " is your home folder", own_folder_hint);
      return std::nullopt;
    }
  }
  fs::path cwd = fs::current_path(ec);
  if (!ec && is_same_or_inside(cwd, abs)) {
    error(diags, "output folder " + q + " contains the current folder",
          "agora replaces the whole output folder; " + own_folder_hint);
    return std::nullopt;
  }

  struct stat st {};
  if (::stat(abs.c_str(), &st) != 0) {
    if (errno == ENOENT) return t;
    error(diags, "cannot read output folder " + q + ": " + errno_text(errno));
    return std::nullopt;
  }
  if (!S_ISDIR(st.st_mode)) {
    error(diags, "output folder " + q + " exists and is not a folder", own_folder_hint);
    return std::nullopt;
  }
  t.exists = true;

  auto has = [&](const char* name) {
    struct stat s {};
    return ::lstat((abs / name).c_str(), &s) == 0;
  };
  if (has(".git")) {
    error(diags, "output folder " + q + " contains .git, refusing to replace it",
          "agora replaces the whole output folder on every build; build into a folder of its own "
          "and copy the result into the repository");
    return std::nullopt;
  }
  if (has("site-config.yaml")) {
    error(diags, "output folder " + q + " contains site-config.yaml; it looks like a site source",
          own_folder_hint);
    return std::nullopt;
  }
  struct stat marker {};
  if (::lstat((abs / kOutputMarkerName).c_str(), &marker) == 0 && S_ISREG(marker.st_mode)) return t;

  DIR* d = ::opendir(abs.c_str());
  if (!d) {
    error(diags, "cannot read output folder " + q + ": " + errno_text(errno));
    return std::nullopt;
  }
  bool empty = true;
  while (dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    if (n != "." && n != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(d);
  if (empty) return t;
  error(diags, "output folder " + q + " is not empty and was not written by agora",
        std::string("agora only replaces folders that hold its '") + kOutputMarkerName +
            "' marker; empty the folder or choose another one");
  return std::nullopt;
}

/// The pid in `entry` when it is exactly ".<name>.<kind>-<digits>".
std::optional<long> staging_pid(std::string_view entry, std::string_view name,
                                std::string_view kind) {
  std::string prefix = "." + std::string(name) + "." + std::string(kind) + "-";
  if (!starts_with(entry, prefix)) return std::nullopt;
  std::string_view digits = entry.substr(prefix.size());
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  long pid = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

/// Removes staging folders left by crashed runs: only our exact patterns, only real folders,
/// only when their process is gone (or is this one: pids repeat across containers).
void remove_stale_staging(const Target& t, Diagnostics& diags) {
  DIR* d = ::opendir(t.parent.c_str());
  if (!d) return;
  std::vector<std::string> stale;
  while (dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    std::optional<long> pid = staging_pid(n, t.name, "staging");
    if (!pid) pid = staging_pid(n, t.name, "previous");
    if (!pid) continue;
    bool dead = *pid == static_cast<long>(::getpid()) ||
                (::kill(static_cast<pid_t>(*pid), 0) != 0 && errno == ESRCH);
    if (dead) stale.emplace_back(n);
  }
  ::closedir(d);
  std::sort(stale.begin(), stale.end());
  for (const auto& n : stale) {
    fs::path p = t.parent / n;
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    std::error_code ec;
    fs::remove_all(p, ec);
    if (ec)
      diags.warning(SourceLoc{}, "cannot remove stale staging folder " + q_path(p.string()) + ": " +
                                     ec.message());
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

/// Writes one file below `root`; returns "" or the error message. Adds the bytes written.
std::string write_file(const std::string& root, const std::string& rel, const OutputFile& f,
                       const std::optional<int64_t>& mtime, uint64_t& bytes) {
  const std::string path = root + "/" + rel;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return "cannot write " + q_path(rel) + ": " + errno_text(errno);
  std::string err;
  if (f.copy_from.empty()) {
    if (!write_all(fd, f.content.data(), f.content.size()))
      err = "cannot write " + q_path(rel) + ": " + errno_text(errno);
    else
      bytes += f.content.size();
  } else {
    const std::string what = "cannot copy " + q_path(f.copy_from) + " to " + q_path(rel) + ": ";
    int in = ::open(f.copy_from.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (in < 0) {
      err = what + errno_text(errno);
    } else if (::fstat(in, &st) != 0) {
      err = what + errno_text(errno);
    } else if (!S_ISREG(st.st_mode)) {
      err = what + "not a regular file";
    } else {
      char buf[1 << 16];
      for (;;) {
        ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
          err = what + errno_text(errno);
          break;
        }
        if (n == 0) break;
        if (!write_all(fd, buf, static_cast<size_t>(n))) {
          err = "cannot write " + q_path(rel) + ": " + errno_text(errno);
          break;
        }
        bytes += static_cast<uint64_t>(n);
      }
    }
    if (in >= 0) ::close(in);
  }
  if (err.empty() && mtime) {
    const timespec times[2] = {{static_cast<time_t>(*mtime), 0}, {static_cast<time_t>(*mtime), 0}};
    if (::futimens(fd, times) != 0)
      err = "cannot set the time of " + q_path(rel) + ": " + errno_text(errno);
  }
  if (::close(fd) != 0 && err.empty())
    err = "cannot write " + q_path(rel) + ": " + errno_text(errno);
  return err;
}

/// Writes the marker, the folders and the files into `root` (which exists and is empty).
std::optional<WriteStats> fill_staging(const std::string& root,
                                       const std::vector<OutputFile>& files,
                                       const std::vector<std::string>& norm,
                                       const WriteOptions& options, Diagnostics& diags) {
  OutputFile marker{kOutputMarkerName, kOutputMarkerContent, {}};
  uint64_t ignored = 0;
  if (std::string err = write_file(root, kOutputMarkerName, marker, options.mtime, ignored);
      !err.empty()) {
    error(diags, err);
    return std::nullopt;
  }

  // Folders, parents first (a parent sorts before its children).
  std::set<std::string_view> folders;
  for (std::string_view n : norm)
    for (size_t slash = n.find('/'); slash != std::string_view::npos;
         slash = n.find('/', slash + 1))
      folders.insert(n.substr(0, slash));
  for (std::string_view f : folders) {
    std::string path = root + "/" + std::string(f);
    if (::mkdir(path.c_str(), 0755) != 0) {
      error(diags, "cannot create folder " + q_path(f) + ": " + errno_text(errno));
      return std::nullopt;
    }
  }

  // Files, on up to options.threads threads. Results land in per-file slots so the report
  // is in input order whatever the scheduling.
  const size_t n = files.size();
  std::vector<std::string> errors(n);
  std::vector<uint64_t> bytes(n, 0);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1))
      errors[i] = write_file(root, norm[i], files[i], options.mtime, bytes[i]);
  };
  size_t threads = std::clamp<size_t>(options.threads, 1, 8);
  if (n < 64) threads = 1;
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no thread to spare: the calling thread does the work
    }
  }
  work();
  for (auto& t : pool) t.join();

  WriteStats stats;
  size_t reported = 0, failed = 0;
  for (size_t i = 0; i < n; ++i) {
    if (errors[i].empty()) {
      ++stats.files;
      stats.bytes += bytes[i];
      continue;
    }
    if (++failed <= 20) {
      error(diags, std::move(errors[i]));
      ++reported;
    }
  }
  if (failed > reported)
    error(diags,
          "and " + std::to_string(failed - reported) + " more output files could not be written");
  if (failed) return std::nullopt;

  // Folder times last: writing a file changes its folder's time. Children before parents.
  if (options.mtime) {
    const timespec times[2] = {{static_cast<time_t>(*options.mtime), 0},
                               {static_cast<time_t>(*options.mtime), 0}};
    std::vector<std::string> paths;
    for (auto it = folders.rbegin(); it != folders.rend(); ++it)
      paths.push_back(root + "/" + std::string(*it));
    paths.push_back(root);
    for (const auto& p : paths) {
      if (::utimensat(AT_FDCWD, p.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
        error(diags, "cannot set the time of folder " + q_path(p) + ": " + errno_text(errno));
        return std::nullopt;
      }
    }
  }
  return stats;
}

/// Removes a folder tree; reports a warning when it cannot.
void remove_tree(const fs::path& p, Diagnostics& diags, std::string_view what) {
  std::error_code ec;
  fs::remove_all(p, ec);
  if (ec)
    diags.warning(SourceLoc{}, "cannot remove " + std::string(what) + " " + q_path(p.string()) +
                                   ": " + ec.message());
}

/// Puts `staging` at `t.dir`, atomically when t.dir exists; the old tree is removed.
bool swap_into_place(const Target& t, const fs::path& staging, Diagnostics& diags) {
  const std::string q = q_path(t.dir.string());
  auto failed = [&](int err) {
    std::string hint;
    if (err == EXDEV || err == EBUSY)
      hint =
          "the output folder may be a mount point; agora replaces the folder itself, so choose "
          "a folder inside the mount";
    error(diags, "cannot move the new site into " + q + ": " + errno_text(err), hint);
    return false;
  };
  if (!t.exists) {
    if (::rename(staging.c_str(), t.dir.c_str()) != 0) return failed(errno);
    return true;
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, t.dir.c_str(), RENAME_EXCHANGE) == 0) {
    remove_tree(staging, diags, "the previous output at");  // now holds the old site
    return true;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return failed(errno);
  // The file system cannot exchange: two renames, with a brief moment without the folder.
  fs::path previous = t.parent / ("." + t.name + ".previous-" + std::to_string(::getpid()));
  if (::rename(t.dir.c_str(), previous.c_str()) != 0) return failed(errno);
  if (::rename(staging.c_str(), t.dir.c_str()) != 0) {
    int err = errno;
    ::rename(previous.c_str(), t.dir.c_str());
    return failed(err);
  }
  remove_tree(previous, diags, "the previous output at");
  return true;
}

}  // namespace

WriteOptions write_options_from_environment(Diagnostics& diags) {
  WriteOptions options;
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) return options;
  std::string_view s = epoch;
  int64_t v = 0;
  bool ok = s.size() <= 15;
  for (char c : s) {
    if (c < '0' || c > '9')
      ok = false;
    else
      v = v * 10 + (c - '0');
  }
  if (ok)
    options.mtime = v;
  else
    diags.warning(SourceLoc{}, "SOURCE_DATE_EPOCH " + q_path(s) + " is not a number of seconds",
                  "file times are left as written");
  return options;
}

std::optional<WriteStats> write_site(const std::string& out_dir, std::vector<OutputFile> files,
                                     Diagnostics& diags, const WriteOptions& options) {
  std::optional<std::vector<std::string>> norm = validate_paths(files, diags);
  std::optional<Target> target = check_target(out_dir, diags);
  if (!norm || !target) return std::nullopt;

  std::error_code ec;
  fs::create_directories(target->parent, ec);
  if (ec) {
    error(diags, "cannot create folder " + q_path(target->parent.string()) + ": " + ec.message());
    return std::nullopt;
  }
  remove_stale_staging(*target, diags);

  const fs::path staging =
      target->parent / ("." + target->name + ".staging-" + std::to_string(::getpid()));
  if (::mkdir(staging.c_str(), 0755) != 0) {
    error(diags,
          "cannot create staging folder " + q_path(staging.string()) + ": " + errno_text(errno));
    return std::nullopt;
  }
  std::optional<WriteStats> stats = fill_staging(staging.string(), files, *norm, options, diags);
  if (!stats || !swap_into_place(*target, staging, diags)) {
    remove_tree(staging, diags, "staging folder");
    return std::nullopt;
  }
  return stats;
}

std::optional<WriteStats> write_site(const std::string& out_dir, std::vector<OutputFile> files,
                                     Diagnostics& diags) {
  return write_site(out_dir, std::move(files), diags, write_options_from_environment(diags));
}

}  // namespace agora
