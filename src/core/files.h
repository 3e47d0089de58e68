// core/files.h — reading a whole file into memory, the one way every module does it.
// Owns: read_whole_file (open/fstat/read; no iostreams, one allocation for regular files).
// Does not own: walking folders (content/), writing the site (output/).
#pragma once

#include <optional>
#include <string>

namespace agora {

/// The file's bytes, or nullopt (errno set) when it cannot be opened or read.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace agora
