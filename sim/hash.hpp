#pragma once
// FNV-1a, 64 bit: the one hash of the project (state hashes, scenario and network fingerprints, golden
// files). Stable across compilers and standard libraries, which std::hash is not. Not for security.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace ampel {

class Fnv1a {
 public:
  static constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
  static constexpr std::uint64_t kPrime = 0x100000001b3ULL;

  constexpr Fnv1a() = default;
  // Another starting value gives another, equally stable hash (kept where files written by earlier builds
  // carry one).
  explicit constexpr Fnv1a(std::uint64_t basis) : h_(basis) {}

  void bytes(const void* data, std::size_t n) {
    const auto* c = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ c[i]) * kPrime;
  }
  // The bytes of one scalar (no padding inside a scalar, so the hash is well defined).
  template <class T>
  requires std::is_scalar_v<T>
  void add(T v) { bytes(&v, sizeof v); }
  void text(std::string_view s) { bytes(s.data(), s.size()); }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = kOffsetBasis;
};

inline std::uint64_t fnv1a(std::string_view s) {
  Fnv1a h;
  h.text(s);
  return h.value();
}

}  // namespace ampel
