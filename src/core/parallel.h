// core/parallel.h — run independent per-item work across cores.
// Owns: parallel_for. Work items must not share mutable state; results go into
// preallocated slots indexed by item, so output order never depends on scheduling.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace agora {

/// Number of worker threads to use when the caller does not say (hardware threads, >= 1).
inline unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

/// Calls fn(i) for i in [0, n) on up to `jobs` threads (the calling thread included).
template <class Fn>
void parallel_for(size_t n, unsigned jobs, Fn&& fn) {
  if (jobs <= 1 || n < 2) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) fn(i);
  };
  std::vector<std::thread> threads;
  unsigned extra = static_cast<unsigned>(std::min<size_t>(jobs, n)) - 1;
  threads.reserve(extra);
  for (unsigned t = 0; t < extra; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

}  // namespace agora
