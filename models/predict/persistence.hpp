#pragma once
// Persistence: every future bin looks like the last closed one (arrivals and mean queue). The baseline any
// forecast must beat at short horizons.
#include "models/predict/predictor.hpp"

namespace ampel::predict {

class PersistencePredictor : public Predictor {
 public:
  using Predictor::Predictor;
  std::string name() const override { return "persistence"; }
  std::unique_ptr<Predictor> clone() const override { return std::make_unique<PersistencePredictor>(*this); }

 protected:
  void on_bin_closed(const ControlContext& ctx) override;
};

}  // namespace ampel::predict
