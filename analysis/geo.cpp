#include "analysis/geo.hpp"

#include <proj.h>

#include <cmath>
#include <stdexcept>

#include "sim/error.hpp"

namespace ampel::analysis {

struct GeoProjector::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;
  ~Impl() {
    if (pj) proj_destroy(pj);
    if (ctx) proj_context_destroy(ctx);
  }
};

GeoProjector::GeoProjector(const GeoReference& location) : offset_(location.net_offset) {
  if (location.projection.empty()) return;
  impl_ = std::make_unique<Impl>();
  impl_->ctx = proj_context_create();
  // The projection itself, run backwards, gives geographic coordinates: no CRS database is needed.
  impl_->pj = proj_create(impl_->ctx, location.projection.c_str());
  if (impl_->pj == nullptr)
    throw InputError("", "location/projParameter",
                     "PROJ does not understand the projection '" + location.projection + "'");
}

GeoProjector::~GeoProjector() = default;

Point GeoProjector::to_map(Point p) const {
  if (!impl_) return p;
  PJ_COORD c = proj_coord(p.x - offset_.x, p.y - offset_.y, 0, 0);
  PJ_COORD g = proj_trans(impl_->pj, PJ_INV, c);
  return {g.lp.lam * 180.0 / M_PI, g.lp.phi * 180.0 / M_PI};
}

}  // namespace ampel::analysis
