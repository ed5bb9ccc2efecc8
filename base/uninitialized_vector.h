#pragma once
// A std::vector whose resize leaves new elements of trivial types
// uninitialised, for large arrays that are written in full right after they
// are sized: zeroing them first would touch every page once more, on one
// thread, before the parallel code that fills them touches it again (at 100M
// adopters that took 5.9 s of a 46 s run). Large arrays are placed on 2 MiB
// boundaries and, on Linux, offered huge pages: the adopter step reads a few
// bytes here and there of arrays of up to hundreds of MB, where 4 KiB pages
// also cost misses in the address translation cache (the step ran 5% faster
// at 1M adopters with huge pages, docs/performance.md).

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace stackrace {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;  // bytes: x86-64's huge page
inline constexpr std::size_t kHugeFrom = 2 * kHugePage;         // bytes: arrays this large get huge pages

template <class T>
class DefaultInitAllocator : public std::allocator<T> {
 public:
  using value_type = T;
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  explicit DefaultInitAllocator(const DefaultInitAllocator<U>& /*other*/) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugeFrom) return std::allocator<T>::allocate(n);
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without huge pages it changes nothing
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugeFrom) {
      std::allocator<T>::deallocate(p, n);
    } else {
      std::free(p);
    }
  }

  // Default-initialises: for a trivial type, leaves the memory as it is.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <class T, class U>
bool operator==(const DefaultInitAllocator<T>& /*a*/, const DefaultInitAllocator<U>& /*b*/) noexcept {
  return true;
}

template <class T>
using UninitializedVector = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace stackrace
