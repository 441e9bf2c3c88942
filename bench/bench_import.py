"""Import and store speed: prints figures (not a test).

- read_vector on a zipped GK shapefile of N synthetic polygons (no .prj, CRS given), with repairs;
- accept_boundaries of those polygons into a fresh store, merged_parks, GeoPackage export;
- save_figures of 10 000 rows.
"""

from __future__ import annotations

import io
import json
import tempfile
import time
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Polygon

from gis import store
from gis.io import read_vector


def _shapefile_zip(n: int, vertices: int, tmp: Path) -> bytes:
    rng = np.random.default_rng(0)
    polys = []
    for _ in range(n):
        cx, cy = rng.uniform(117.2, 119.4), rng.uniform(24.6, 27.0)
        t = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
        r = 0.01 * (1 + 0.2 * rng.random(vertices))
        polys.append(Polygon(np.column_stack([cx + r * np.cos(t), cy + r * np.sin(t)])))
    gdf = gpd.GeoDataFrame({"名称": [f"园区{i}" for i in range(n)]}, geometry=polys, crs=4490).to_crs(4527)
    gdf.to_file(tmp / "p.shp", encoding="gbk", engine="pyogrio")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in tmp.iterdir():
            if part.suffix in (".shp", ".shx", ".dbf"):
                zf.write(part, part.name)
    return buf.getvalue()


def main() -> None:
    for n, v in ((100, 200), (2000, 200)):
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            data = _shapefile_zip(n, v, tmp)
            t0 = time.perf_counter()
            res = read_vector(data, name="p.zip", crs="EPSG:4527")
            t1 = time.perf_counter()
            print(
                f"read_vector: {n} polygons × {v} vertices ({len(data) / 1e6:.1f} MB zip, GBK, GK zone 39): "
                f"{t1 - t0:.2f} s, {res.n_features} usable, {res.report.count('change')} repairs"
            )
            g = res.gdf.assign(park_id=None, name_zh=res.gdf["名称"])[["park_id", "name_zh", "geometry"]]
            path = tmp / "s.gpkg"
            t0 = time.perf_counter()
            store.accept_boundaries(g, source_file="p.zip", path=path)
            t1 = time.perf_counter()
            merged = store.merged_parks(path=path)
            t2 = time.perf_counter()
            store.export_merged(tmp / "m.gpkg", path=path)
            t3 = time.perf_counter()
            print(
                f"  accept_boundaries {t1 - t0:.2f} s; merged_parks ({len(merged)} rows) {t2 - t1:.2f} s; "
                f"export GeoPackage {t3 - t2:.2f} s; store {path.stat().st_size / 1e6:.1f} MB"
            )
    rng = np.random.default_rng(1)
    feats = []
    for i in range(2000):
        cx, cy = rng.uniform(117.2, 119.4), rng.uniform(24.6, 27.0)
        t = np.linspace(0, 2 * np.pi, 999, endpoint=False)
        ring = np.column_stack([cx + 0.01 * np.cos(t), cy + 0.01 * np.sin(t)]).round(6).tolist()
        ring.append(ring[0])
        feats.append(
            {
                "type": "Feature",
                "properties": {"name": f"p{i}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    data = json.dumps({"type": "FeatureCollection", "features": feats}).encode()
    t0 = time.perf_counter()
    json.loads(data)
    t1 = time.perf_counter()
    res = read_vector(data, name="big.geojson")
    t2 = time.perf_counter()
    print(
        f"read_vector: GeoJSON {len(data) / 1e6:.0f} MB, {res.summary()['vertices']:,} vertices: "
        f"{t2 - t1:.1f} s "
        f"(json.loads alone {t1 - t0:.1f} s)"
    )
    with tempfile.TemporaryDirectory() as d:
        df = pd.DataFrame(
            {
                "subject_id": [f"s{i % 300}" for i in range(10_000)],
                "key": "output",
                "year": 2016 + np.arange(10_000) % 5,
                "value": np.arange(10_000) / 7,
            }
        )
        t0 = time.perf_counter()
        store.save_figures(df, "f.csv", path=Path(d) / "s.gpkg")
        t1 = time.perf_counter()
        got = store.load_figures(path=Path(d) / "s.gpkg")
        t2 = time.perf_counter()
        print(
            f"save_figures 10,000 rows {t1 - t0:.2f} s; load_figures {t2 - t1:.2f} s ({len(got)} latest rows)"
        )


if __name__ == "__main__":
    main()
