#pragma once
// The vehicles on one lane, contiguous and ordered by position: index 0 is the front (closest to the lane
// end), so a vehicle's leader is the entry before it. A ring buffer: vehicles leave at the front and join at
// the back without shifting; capacity grows by doubling and is never released, so steady state allocates
// nothing.
#include <cassert>
#include <cstdint>
#include <vector>

#include "sim/types.hpp"

namespace ampel {

struct LaneVehicle {
  double pos_m;  // front bumper, metres from the lane start (may be slightly negative after a merge)
  double speed_mps;
  double next_speed_mps;  // planned in stage 6, applied in stage 7
  VehicleId vehicle;
  float length_m;  // copied from the vehicle so leader gaps need no lookup
};

class LaneQueue {
 public:
  std::uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  LaneVehicle& operator[](std::uint32_t i) { return buf_[(head_ + i) & mask_]; }
  const LaneVehicle& operator[](std::uint32_t i) const { return buf_[(head_ + i) & mask_]; }
  LaneVehicle& front() { return (*this)[0]; }
  const LaneVehicle& front() const { return (*this)[0]; }
  LaneVehicle& back() { return (*this)[size_ - 1]; }
  const LaneVehicle& back() const { return (*this)[size_ - 1]; }

  void push_back(const LaneVehicle& v) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & mask_] = v;
    ++size_;
  }
  void pop_front() {
    assert(size_ > 0);
    head_ = (head_ + 1) & mask_;
    --size_;
  }
  // Inserts before index i (shifting the entries behind it); used by lane changes, which are rare.
  void insert(std::uint32_t i, const LaneVehicle& v) {
    push_back(v);
    for (std::uint32_t k = size_ - 1; k > i; --k) (*this)[k] = (*this)[k - 1];
    (*this)[i] = v;
  }
  void erase(std::uint32_t i) {
    for (std::uint32_t k = i; k + 1 < size_; ++k) (*this)[k] = (*this)[k + 1];
    --size_;
  }

 private:
  void grow() {
    std::uint32_t cap = buf_.empty() ? 4 : static_cast<std::uint32_t>(buf_.size()) * 2;
    std::vector<LaneVehicle> next(cap);
    for (std::uint32_t i = 0; i < size_; ++i) next[i] = (*this)[i];
    buf_ = std::move(next);
    head_ = 0;
    mask_ = cap - 1;
  }
  std::vector<LaneVehicle> buf_;
  std::uint32_t head_ = 0;
  std::uint32_t size_ = 0;
  std::uint32_t mask_ = 0;
};

}  // namespace ampel
