#include "alloc_counter.hpp"

#include <sys/resource.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace satr_bench {
namespace {

// Constant-initialized, so allocations made before main() (by other static initializers)
// see valid atomics.
constinit std::atomic<int> g_scopes{0};
constinit std::atomic<uint64_t> g_cpp{0};
constinit std::atomic<uint64_t> g_c{0};

inline void count(std::atomic<uint64_t>& counter) {
  if (g_scopes.load(std::memory_order_relaxed) > 0) counter.fetch_add(1, std::memory_order_relaxed);
}

void* allocate(std::size_t size) {
  count(g_cpp);
  for (;;) {
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* allocate_aligned(std::size_t size, std::align_val_t align) {
  count(g_cpp);
  const auto a = static_cast<std::size_t>(align);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = (size == 0 ? a : (size + a - 1) / a * a);
  for (;;) {
    if (void* p = std::aligned_alloc(a, rounded)) return p;
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* allocate_nothrow(std::size_t size) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}

void* allocate_aligned_nothrow(std::size_t size, std::align_val_t align) noexcept {
  try {
    return allocate_aligned(size, align);
  } catch (...) {
    return nullptr;
  }
}

}  // namespace

AllocScope::AllocScope() {
  g_scopes.fetch_add(1, std::memory_order_seq_cst);
  start_.cpp = g_cpp.load();
  start_.c = g_c.load();
}

AllocScope::~AllocScope() { g_scopes.fetch_sub(1, std::memory_order_seq_cst); }

AllocCounts AllocScope::counts() const {
  AllocCounts now;
  now.cpp = g_cpp.load() - start_.cpp;
  now.c = g_c.load() - start_.c;
#ifdef __GLIBC__
  now.c_counted = true;
#endif
  return now;
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB.
}

}  // namespace satr_bench

// The replaceable global allocation functions ([new.delete]). Every form is replaced so that
// each pointer is released by the allocator that made it.
void* operator new(std::size_t size) { return satr_bench::allocate(size); }
void* operator new[](std::size_t size) { return satr_bench::allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return satr_bench::allocate_nothrow(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return satr_bench::allocate_nothrow(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return satr_bench::allocate_aligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return satr_bench::allocate_aligned(size, align);
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return satr_bench::allocate_aligned_nothrow(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return satr_bench::allocate_aligned_nothrow(size, align);
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

#ifdef __GLIBC__
// glibc lets a program define malloc and friends and exports its own implementation under
// __libc_* names, so the C libraries' allocations can be counted too. free() needs no
// wrapper: the memory still comes from glibc's allocator.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);

void* malloc(std::size_t size) noexcept {
  satr_bench::count(satr_bench::g_c);
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  satr_bench::count(satr_bench::g_c);
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
  satr_bench::count(satr_bench::g_c);
  return __libc_realloc(p, size);
}
}
#endif
