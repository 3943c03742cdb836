#pragma once
// The Krauss car-following model as SUMO uses it (Krauss 1998; SUMO's MSCFModel_Krauss), with a stop line
// treated as a standing leader. Speeds in m/s, gaps in m, times in s.
#include <algorithm>
#include <cmath>

#include "sim/rng.hpp"

namespace ampel {

// Highest speed that still lets the follower stop behind a leader braking at the same deceleration:
// v_safe = -tau b + sqrt((tau b)^2 + v_leader^2 + 2 b gap). `gap` excludes the minimum gap.
inline double safe_follow_speed(double gap_m, double leader_speed_mps, double decel_mps2, double tau_s) {
  double tb = tau_s * decel_mps2;
  double g = std::max(0.0, gap_m);
  return -tb + std::sqrt(tb * tb + leader_speed_mps * leader_speed_mps + 2.0 * decel_mps2 * g);
}

// Speed to stop at a point `dist_m` ahead, never moving past it within one step.
inline double stop_speed(double dist_m, double decel_mps2, double tau_s, double dt_s) {
  double d = std::max(0.0, dist_m);
  return std::min(safe_follow_speed(d, 0.0, decel_mps2, tau_s), d / dt_s);
}

// Krauss driver imperfection: a random slowdown of up to sigma * accel * dt from the highest possible speed
// (proportionally less when that speed is below accel * 1 s, so a starting driver always starts).
inline double dawdle(double vmax_mps, double accel_mps2, double sigma, double dt_s, Rng& rng) {
  if (sigma <= 0) return vmax_mps;
  double r = rng.uniform();
  return std::max(0.0, vmax_mps - sigma * std::min(vmax_mps, accel_mps2) * r * dt_s);
}

}  // namespace ampel
