"""Per-road results on a map: GeoJSON for QGIS or a web map."""
import json

from . import _core


def road_map(scenario, *, controller=None, params=None, seed=None, end=None, routes=(), flow=None,
             predictor="persistence", horizon=300.0, at=None, out=None):
    """Runs the scenario once (options as Simulation's) and returns its per-road results as a GeoJSON
    FeatureCollection (a dict): one LineString per road with delay_s, queue_mean_veh, queue_max_m,
    speed_mean_mps, los (HCM level of service) and predicted_queue_veh / predicted_occupancy (the
    predictor's forecast `horizon` seconds ahead, taken at time `at`, default the end), and one Point per
    junction. Longitude/latitude where the SUMO network carries a projection, local metres otherwise.
    Written to `out` as well when given."""
    text = _core._road_map(str(scenario), controller, dict(params or {}), seed, end, [str(r) for r in routes],
                           None if flow is None else str(flow), predictor or "none", float(horizon), at)
    if out is not None:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    return json.loads(text)
