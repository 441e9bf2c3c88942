"""Large generated import files (GeoJSON polygons, CSV points in Fujian) for the progress tests and
``bench/imports.py``.

The features lie in a grid over central Fujian, each a small square park (``vertices`` corners on a circle)
with a name and an id; ``pad`` characters of a text property make the file as large as wanted without more
vertices (the limits are ``gis.settings.MAX_FEATURES`` features and ``MAX_VERTICES`` vertices).
"""

from __future__ import annotations

import json
import math


def big_geojson(n: int, *, vertices: int = 24, pad: int = 0, invalid_every: int = 0) -> bytes:
    """A FeatureCollection of ``n`` polygons (every ``invalid_every``-th a self-intersecting bow-tie)."""
    cols = max(1, int(math.sqrt(n)))
    step = 2.0 / cols
    r = step / 3
    angles = [2 * math.pi * k / vertices for k in range(vertices)]
    filler = "x" * pad
    parts = []
    for i in range(n):
        cx = 117.2 + (i % cols) * step
        cy = 25.0 + (i // cols) * step * 0.8
        if invalid_every and i % invalid_every == 0:
            ring = [[cx - r, cy - r], [cx + r, cy + r], [cx + r, cy - r], [cx - r, cy + r], [cx - r, cy - r]]
        else:
            ring = [[round(cx + r * math.cos(a), 7), round(cy + r * math.sin(a), 7)] for a in angles]
            ring.append(ring[0])
        props = {"id": f"big-{i}", "name": f"测试园区{i}", "note": filler}
        parts.append(
            json.dumps(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
        )
    return ('{"type":"FeatureCollection","features":[' + ",\n".join(parts) + "]}").encode("utf-8")


def big_csv(n: int, *, pad: int = 0) -> bytes:
    """A CSV of ``n`` points (名称, 经度, 纬度, 备注) in Fujian, UTF-8 with BOM."""
    filler = "y" * pad
    rows = ["名称,经度,纬度,备注"]
    for i in range(n):
        rows.append(f"企业{i},{117.2 + (i % 997) * 0.002:.6f},{25.0 + (i // 997) * 0.002:.6f},{filler}")
    return ("\ufeff" + "\n".join(rows) + "\n").encode("utf-8")
