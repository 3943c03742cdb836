#pragma once
// An owning pointer that deep-copies its object through T::clone(), so a class holding a polymorphic part
// (a controller, a predictor) stays copyable: copying a whole simulation for look-ahead copies its
// controller.
#include <memory>
#include <stdexcept>
#include <string>

namespace ampel {

template <class T>
class ClonePtr {
 public:
  ClonePtr() = default;
  ClonePtr(std::unique_ptr<T> p) : p_(std::move(p)) {}  // NOLINT: implicit, like unique_ptr's moves
  ClonePtr(const ClonePtr& other) : p_(copy_of(other.p_)) {}
  ClonePtr(ClonePtr&&) noexcept = default;
  ClonePtr& operator=(const ClonePtr& other) {
    if (this != &other) p_ = copy_of(other.p_);
    return *this;
  }
  ClonePtr& operator=(ClonePtr&&) noexcept = default;
  ClonePtr& operator=(std::unique_ptr<T> p) {
    p_ = std::move(p);
    return *this;
  }

  T* get() const { return p_.get(); }
  T* operator->() const { return p_.get(); }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  // clone() returning null means the object cannot be copied.
  static std::unique_ptr<T> copy_of(const std::unique_ptr<T>& p) {
    if (!p) return nullptr;
    auto c = p->clone();
    if (!c) throw std::logic_error("'" + p->name() + "' cannot be copied (it does not implement clone())");
    return c;
  }
  std::unique_ptr<T> p_;
};

}  // namespace ampel
