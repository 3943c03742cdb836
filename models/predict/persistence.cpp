#include "models/predict/persistence.hpp"

namespace ampel::predict {

void PersistencePredictor::on_bin_closed(const ControlContext&) {
  const BinRecord& last = *log_.bin(0);
  double to_vph = 3600.0 / settings_.bin_s;
  std::size_t lanes = net_.road_lane_count();
  for (int k = 1; k <= settings_.horizon_bins; ++k)
    for (std::size_t l = 0; l < lanes; ++l)
      forecasts_[static_cast<std::size_t>(k - 1) * lanes + l] = {last.arrivals_veh[l] * to_vph,
                                                                 last.queue_veh[l]};
}

}  // namespace ampel::predict
