#pragma once
// The Krauss car-following model as SUMO uses it (Krauss 1998; SUMO's MSCFModel_Krauss), with a stop line
// treated as a standing leader. Speeds in m/s, gaps in m, times in s.
#include <algorithm>
#include <cmath>

#include "sim/rng.hpp"

namespace ampel {

// The model is stepped with the explicit Euler update (x += v dt, as SUMO's default): a driver who brakes
// loses decel * dt of speed per step. Safe speeds are computed for that discrete braking, not for continuous
// braking, so a driver may close a small gap in one step, as SUMO's Krauss drivers do.

// Distance a vehicle covers while braking from `speed` to a stop, losing decel * dt every step.
inline double brake_distance_m(double speed_mps, double decel_mps2, double dt_s) {
  double c = decel_mps2 * dt_s;
  double steps = std::floor(speed_mps / c);
  return dt_s * (steps * speed_mps - c * steps * (steps + 1.0) / 2.0);
}

// Highest speed v for this step from which the driver can still stop within `gap_m`: it drives v for the
// reaction time tau, then brakes step by step. Writing v = n c + r (c = decel * dt, 0 <= r < c), the distance
// needed is h(n) + r (tau + n dt) with h(n) = c n tau + c dt n (n - 1) / 2; take the largest n with h(n) <=
// gap.
inline double stop_speed_for_gap(double gap_m, double decel_mps2, double tau_s, double dt_s) {
  if (gap_m <= 0) return 0.0;
  double c = decel_mps2 * dt_s;
  double qa = c * dt_s / 2.0, qb = c * tau_s - c * dt_s / 2.0;
  double n = std::floor((-qb + std::sqrt(qb * qb + 4.0 * qa * gap_m)) / (2.0 * qa));
  n = std::max(0.0, n);
  double h = c * n * tau_s + c * dt_s * n * (n - 1.0) / 2.0;
  if (h > gap_m && n > 0) {  // rounding at an exact boundary
    n -= 1.0;
    h = c * n * tau_s + c * dt_s * n * (n - 1.0) / 2.0;
  }
  double r = (gap_m - h) / (tau_s + n * dt_s);
  return n * c + std::min(r, c);
}

// Highest speed that lets the follower stop behind a leader that brakes as hard as the follower would:
// the gap (excluding the minimum gap) plus the leader's own braking distance.
inline double safe_follow_speed(double gap_m, double leader_speed_mps, double decel_mps2, double tau_s,
                                double dt_s) {
  double g = std::max(0.0, gap_m);
  return stop_speed_for_gap(g + brake_distance_m(leader_speed_mps, decel_mps2, dt_s), decel_mps2, tau_s,
                            dt_s);
}

// Speed to stop at a point `dist_m` ahead, never moving past it within one step.
inline double stop_speed(double dist_m, double decel_mps2, double tau_s, double dt_s) {
  double d = std::max(0.0, dist_m);
  return std::min(stop_speed_for_gap(d, decel_mps2, tau_s, dt_s), d / dt_s);
}

// Krauss driver imperfection: a random slowdown of up to sigma * accel * dt from the highest possible speed
// (proportionally less when that speed is below accel * 1 s, so a starting driver always starts).
inline double dawdle(double vmax_mps, double accel_mps2, double sigma, double dt_s, Rng& rng) {
  if (sigma <= 0) return vmax_mps;
  double r = rng.uniform();
  return std::max(0.0, vmax_mps - sigma * std::min(vmax_mps, accel_mps2) * r * dt_s);
}

}  // namespace ampel
