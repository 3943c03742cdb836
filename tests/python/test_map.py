"""Per-road results on a map: GeoJSON in local metres, or WGS84 where the SUMO net has a projection."""
import json

import pytest

import ampel
from conftest import GRID, shared


def features(geo, kind):
    return {f["properties"]["id"]: f for f in geo["features"] if f["properties"]["kind"] == kind}


def test_grid_in_local_metres_with_results_per_road(tmp_path):
    out = tmp_path / "grid.geojson"
    geo = ampel.road_map(GRID, seed=1, end=1200, horizon=300, out=out)
    assert json.loads(out.read_text()) == geo
    assert geo["type"] == "FeatureCollection" and geo["ampel_crs"].startswith("local metres")
    junctions = features(geo, "junction")
    assert junctions["B1"]["geometry"] == {"type": "Point", "coordinates": [600.0, 600.0]}
    assert junctions["B1"]["properties"]["control"] == "signal"
    roads = features(geo, "road")
    road = roads["A1B1"]
    assert road["geometry"]["type"] == "LineString"
    assert road["geometry"]["coordinates"][0][0] < road["geometry"]["coordinates"][-1][0]  # A1 -> B1, east
    served = [f["properties"] for f in roads.values() if f["properties"]["vehicles"] > 0]
    assert len(served) > 20
    for p in served:
        assert p["los"] in list("ABCDEF")
        assert p["delay_s"] >= 0 and p["queue_max_m"] >= 0 and p["speed_mean_mps"] >= 0
        assert 0 <= p["predicted_occupancy"] <= 1
    assert geo["ampel_run"]["predictor"] == "persistence" and geo["ampel_run"]["predicted_at_s"] == 1200.0
    svg = ampel.map_svg(geo, out=tmp_path / "grid.svg")
    assert svg.startswith("<svg") and svg.count("<path") == len(roads) + 1  # one per road and the scale bar
    assert svg.count("<circle") == sum(f["properties"]["control"] == "signal" for f in junctions.values()) + 1


def test_hamburg_junctions_in_longitude_and_latitude():
    config = shared("sumo", "hamburg_tavf", "run_simulation.sumocfg")
    geo = ampel.road_map(config, end=10, predictor="none")
    assert geo["ampel_crs"].startswith("EPSG:4326")
    junctions = features(geo, "junction")
    # SUMO's own conversion: netconvert -s network.net.xml.gz --proj.plain-geo --plain-output-prefix p
    # (p.nod.xml, 6 decimals): traffic light 121 and the Holstenwall junction 16808390.
    for node, lon, lat in (("121", 9.986134, 53.549842), ("16808390", 9.977200, 53.553757)):
        x, y = junctions[node]["geometry"]["coordinates"]
        assert x == pytest.approx(lon, abs=1e-6) and y == pytest.approx(lat, abs=1e-6), node
