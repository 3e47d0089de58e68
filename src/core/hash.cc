#include "core/hash.h"

#include <xxhash.h>

namespace agora {

uint64_t content_hash(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

}  // namespace agora
