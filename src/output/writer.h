// output/writer.h — the only module that writes the built site to disk.
// Owns: OutputFile, WriteStats, WriteOptions and write_site (validate every path, write into a
// staging folder beside the output, swap it into place atomically, remove the old tree).
// Does not own: what the files contain (every other stage) or reading sources (content/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace agora {

/// One file of the built site.
struct OutputFile {
  std::string path;       ///< relative to the output folder, '/'-separated
  std::string content;    ///< the bytes to write, unless copy_from is set
  std::string copy_from;  ///< when non-empty: copy this file (a path on disk) instead of content
};

/// What write_site wrote (the caller's files only, not agora's marker).
struct WriteStats {
  size_t files = 0;
  uint64_t bytes = 0;
};

/// How write_site writes. Explicit so tests and callers need no environment.
struct WriteOptions {
  std::optional<int64_t> mtime;  ///< when set: every file and folder gets this mtime (Unix seconds)
  unsigned threads = 2;          ///< writer threads (small sites use one)
};

/// Options from the environment: mtime from SOURCE_DATE_EPOCH when it is set (a warning when it
/// is not a number of seconds).
WriteOptions write_options_from_environment(Diagnostics& diags);

/// The name and content of the marker agora leaves at the root of every output folder.
inline constexpr const char* kOutputMarkerName = ".agora-build";
inline constexpr const char* kOutputMarkerContent = "agora build output\n";

/// Writes every file into a fresh staging folder beside `out_dir` (same parent, hidden name
/// `.<name>.staging-<pid>`), then swaps it into place atomically (renameat2 RENAME_EXCHANGE when
/// out_dir exists, plain rename otherwise) and removes the old tree. On any error (bad path, I/O)
/// the staging folder is removed and out_dir is left untouched, byte for byte.
///
/// Paths are validated first and every problem is reported: no empty or absolute paths, no '..'
/// climbing out, no NUL or other control character, no backslash, no path naming a folder
/// ("a/"), no two files with the same path (both are named), no file whose path is a folder of
/// another, nothing at the marker's path.
///
/// out_dir is replaced only when it does not exist, is empty, or holds the `.agora-build` marker;
/// it is refused (with a hint) when it is '/', the home folder, contains the current folder, holds
/// a .git entry or a site-config.yaml, or is a folder agora did not write. A symbolic link is
/// followed: its target is replaced. Stale staging folders of dead processes (only the exact
/// `.<name>.staging-<pid>` and `.<name>.previous-<pid>` patterns) are removed first.
///
/// Files are not fsync'ed: the swap is atomic for readers, not durable across power loss.
/// Not safe to call concurrently for the same out_dir within one process.
std::optional<WriteStats> write_site(const std::string& out_dir, std::vector<OutputFile> files,
                                     Diagnostics& diags, const WriteOptions& options);

/// The same with write_options_from_environment().
std::optional<WriteStats> write_site(const std::string& out_dir, std::vector<OutputFile> files,
                                     Diagnostics& diags);

}  // namespace agora
