#pragma once
// A std::vector whose resize leaves new elements of trivial types
// uninitialised, for large arrays that are written in full right after they
// are sized: zeroing them first would touch every page once more, on one
// thread, before the parallel code that fills them touches it again (at 100M
// adopters that was 6 of a run's 40 seconds).

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace stackrace {

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
