#pragma once
// Random numbers with our own generator and distributions, so a seed gives the same run with any standard
// library. A run's seed is split into independent streams (demand per flow, driver per vehicle) by hashing.
#include <cmath>
#include <cstdint>

namespace ampel {

// SplitMix64: tiny state (8 bytes, so every vehicle can own one) and good statistical quality.
class Rng {
 public:
  Rng() = default;
  explicit Rng(std::uint64_t state) : state_(state) {}
  std::uint64_t next_u64() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  // Standard normal by Box-Muller (one value per call; the pair's second value is dropped for simplicity).
  double normal() {
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  std::uint64_t state() const { return state_; }

 private:
  std::uint64_t state_ = 0;
};

// Mixes a run seed with a stream tag and an index into an independent stream seed.
inline std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t tag, std::uint64_t index) {
  Rng r(seed ^ (tag * 0xd1b54a32d192ed03ULL));
  r.next_u64();
  Rng s(r.next_u64() ^ (index * 0x8cb92ba72f3d8dd7ULL));
  return s.next_u64();
}

// kStreamDraw: the type and route a vehicle draws from distributions (its own stream, so a vehicle's draw
// does not depend on the others).
enum StreamTag : std::uint64_t { kStreamDemand = 1, kStreamDriver = 2, kStreamRouting = 3, kStreamDraw = 4 };

}  // namespace ampel
