"""Per-road results on a map: GeoJSON for QGIS or a web map, and a plain SVG picture of it."""
import json
import math

from . import _core

# HCM level of service, green to dark red; roads without traffic grey.
LOS_COLOURS = {"A": "#1a9850", "B": "#91cf60", "C": "#d9ef8b", "D": "#fee08b", "E": "#fc8d59", "F": "#b2182b"}
NO_TRAFFIC = "#c8c8c8"


def road_map(scenario, *, controller=None, params=None, seed=None, end=None, routes=(), flow=None,
             predictor="persistence", horizon=300.0, at=None, warmup=None, out=None):
    """Runs the scenario once (options as Simulation's) and returns its per-road results as a GeoJSON
    FeatureCollection (a dict): one LineString per road with delay_s, queue_mean_veh, queue_max_m,
    speed_mean_mps, los (HCM level of service) and predicted_queue_veh / predicted_occupancy (the
    predictor's forecast `horizon` seconds ahead, taken at time `at`, default the end), and one Point per
    junction. Longitude/latitude where the SUMO network carries a projection, local metres otherwise.
    Written to `out` as well when given."""
    text = _core._road_map(str(scenario), controller, dict(params or {}), seed, end, [str(r) for r in routes],
                           None if flow is None else str(flow), predictor or "none", float(horizon), at, warmup)
    if out is not None:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    return json.loads(text)


def map_svg(geo, *, width=900, title=None, out=None):
    """An SVG picture of a road_map() result: roads coloured by level of service (width by lanes),
    signals as dots, a legend and a scale bar. Longitude/latitude are drawn in a local equirectangular
    projection (true to scale at the map's size). Returns the SVG text; written to `out` when given."""
    roads = [f for f in geo["features"] if f["properties"]["kind"] == "road"]
    signals = [f for f in geo["features"] if f["properties"].get("control") == "signal"]
    points = [p for f in roads for p in f["geometry"]["coordinates"]]
    if not points:
        raise ValueError("the map has no roads")
    geographic = geo.get("ampel_crs", "").startswith("EPSG:4326")
    lat0 = sum(p[1] for p in points) / len(points)
    # metres per unit of x and y
    mx, my = (111320.0 * math.cos(math.radians(lat0)), 110540.0) if geographic else (1.0, 1.0)
    xs = [p[0] * mx for p in points]
    ys = [p[1] * my for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    margin, legend_h = 20, 60
    scale = (width - 2 * margin) / max(x1 - x0, 1e-9)
    height = int((y1 - y0) * scale + 2 * margin + legend_h)

    def xy(p):
        return (margin + (p[0] * mx - x0) * scale, margin + (y1 - p[1] * my) * scale)

    def path(coords):
        return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(map(xy, coords)))

    out_lines = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                 f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="12">',
                 f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    # Roads without traffic first, then by level of service, so the worst are drawn on top.
    order = sorted(roads, key=lambda f: f["properties"]["los"] or "")
    for f in order:
        p = f["properties"]
        colour = LOS_COLOURS.get(p["los"], NO_TRAFFIC)
        w = 1.0 + 0.8 * p["lanes"]
        out_lines.append(f'<path d="{path(f["geometry"]["coordinates"])}" stroke="{colour}" stroke-width="{w:.1f}" '
                         f'fill="none" stroke-linecap="round"><title>{p["id"]}: LOS {p["los"] or "-"}, '
                         f'delay {p["delay_s"]} s/veh, queue max {p["queue_max_m"]} m</title></path>')
    for f in signals:
        x, y = xy(f["geometry"]["coordinates"])
        out_lines.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#222" fill-opacity="0.7"/>')
    # Legend and scale bar along the bottom.
    ly = height - legend_h + 25
    label = title or geo.get("name", "")
    out_lines.append(f'<text x="{margin}" y="{ly - 8}" font-weight="bold">{label}: level of service per road '
                     f'(HCM, control delay)</text>')
    x = margin
    for los, colour in list(LOS_COLOURS.items()) + [("no traffic", NO_TRAFFIC)]:
        out_lines.append(f'<rect x="{x}" y="{ly}" width="22" height="8" fill="{colour}"/>'
                         f'<text x="{x + 27}" y="{ly + 9}">{los}</text>')
        x += 45 if len(los) == 1 else 90
    out_lines.append(f'<circle cx="{x + 5}" cy="{ly + 4}" r="3" fill="#222"/><text x="{x + 13}" y="{ly + 9}">'
                     'signal</text>')
    metres = 10 ** math.floor(math.log10((width - 2 * margin) / scale / 4))
    for m in (5 * metres, 2 * metres, metres):
        if m * scale <= (width - 2 * margin) / 4:
            break
    sx = width - margin - m * scale
    out_lines.append(f'<path d="M{sx:.1f},{ly + 8} h{m * scale:.1f}" stroke="#000" stroke-width="2"/>'
                     f'<text x="{sx:.1f}" y="{ly + 24}">{m:g} m</text>')
    out_lines.append("</svg>")
    text = "\n".join(out_lines) + "\n"
    if out is not None:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
    return text
