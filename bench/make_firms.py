"""Seeded synthetic inputs for the park-share benchmark: park polygons and firms over Fujian's counties.

Nothing here is real data. Parks: one irregular star-shaped polygon per shipped park that has an approved
area (catalogue 核准面积), centred on the shipped approximate point with that area, plus a few small
"sub-zones" inside larger parks so overlaps occur. Firms: a share ``in_share`` drawn inside park polygons,
the rest uniformly over the county polygons (rejection sampling); output lognormal; year; one of the 24
sectors of 专栏10. Same seed, same data.

Usage::

    .venv/bin/python bench/make_firms.py                       # 10,000 firms, prints a summary
    .venv/bin/python bench/make_firms.py --n 1000000 --out /tmp/firms.parquet --parks-out /tmp/parks.gpkg
"""

from __future__ import annotations

import argparse
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.boundaries import load_boundaries
from gis.parks import load_parks
from gis.settings import EQUAL_AREA_CRS


def make_parks(
    parks: gpd.GeoDataFrame | None = None,
    *,
    seed: int = 7,
    vertices: int = 48,
    sub_zones: int = 10,
    land: object = None,
) -> gpd.GeoDataFrame:
    """Synthetic park polygons (EPSG:4326) around the shipped park points, sized by approved area.

    ``land`` (a polygon, e.g. the province) clips the parks to land.
    """
    if parks is None:
        parks = load_parks()
    rng = np.random.default_rng(seed)
    ids, names, areas, pts = [], [], [], []
    for pid, rec in parks.iterrows():
        area = next(
            (
                float(f["value"])
                for f in (rec.get("figures") or [])
                if isinstance(f, dict) and f.get("key") == "approved_area_ha" and f.get("value")
            ),
            None,
        )
        if area and rec.geometry is not None and not rec.geometry.is_empty:
            ids.append(str(pid))
            names.append(f"合成园区 synthetic {rec.get('name_zh', pid)}")
            areas.append(area * 1e4)
            pts.append(rec.geometry.centroid)
    ea = gpd.GeoSeries(pts, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    cx, cy = ea.x.to_numpy(), ea.y.to_numpy()
    polys = []
    for k in range(len(ids)):
        ang = np.sort(rng.uniform(0, 2 * np.pi, vertices))
        rad = rng.uniform(0.6, 1.0, vertices)
        # scale so the polygon's area equals the approved area
        ring = np.column_stack([np.cos(ang) * rad, np.sin(ang) * rad])
        unit = shapely.area(shapely.polygons(ring))
        s = np.sqrt(areas[k] / unit)
        polys.append(shapely.polygons(np.column_stack([cx[k] + ring[:, 0] * s, cy[k] + ring[:, 1] * s])))
    # sub-zones: a small square inside some of the largest parks (overlaps on purpose)
    big = np.argsort(-np.asarray(areas))[:sub_zones]
    for j, k in enumerate(big):
        half = np.sqrt(areas[k]) * 0.15
        polys.append(shapely.box(cx[k] - half, cy[k] - half, cx[k] + half, cy[k] + half))
        ids.append(f"{ids[k]}-sub{j + 1}")
        names.append(f"合成子园区 synthetic sub-zone of {ids[k]}")
    out = gpd.GeoDataFrame({"id": ids, "name_zh": names}, geometry=polys, crs=EQUAL_AREA_CRS).to_crs(
        "EPSG:4326"
    )
    if land is not None:  # keep parks on land (coastal parks would otherwise reach into the sea)
        out["geometry"] = shapely.intersection(out.geometry.values, land)
        out = out[~out.geometry.is_empty & out.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    out["geometry_quality"] = "synthetic"
    return out.reset_index(drop=True)


def _sample_in(
    geoms: np.ndarray,
    n: int,
    rng: np.random.Generator,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points inside polygons (lon/lat), polygon picked by ``weights`` (default: by bbox area)."""
    b = shapely.bounds(geoms)
    w = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) if weights is None else weights
    pick = rng.choice(len(geoms), size=n, p=w / w.sum())
    lon = np.empty(n)
    lat = np.empty(n)
    todo = np.arange(n)
    shapely.prepare(geoms)
    while len(todo):
        g = pick[todo]
        x = rng.uniform(b[g, 0], b[g, 2])
        y = rng.uniform(b[g, 1], b[g, 3])
        ok = np.zeros(len(todo), dtype=bool)
        srt = np.argsort(g, kind="stable")
        edges = np.searchsorted(g[srt], np.arange(len(geoms) + 1))
        for k in np.flatnonzero(edges[1:] > edges[:-1]):
            m = srt[edges[k] : edges[k + 1]]
            ok[m] = shapely.contains_xy(geoms[k], x[m], y[m])
        lon[todo[ok]] = x[ok]
        lat[todo[ok]] = y[ok]
        todo = todo[~ok]
    return lon, lat


def make_firms(
    n: int,
    *,
    parks: gpd.GeoDataFrame,
    counties: gpd.GeoDataFrame,
    seed: int = 42,
    in_share: float = 0.7,
    year: int = 2020,
) -> pd.DataFrame:
    """``n`` synthetic firms: columns ``firm, lon, lat, output, year, sector`` (WGS84, output in 万元)."""
    rng = np.random.default_rng(seed)
    n_in = int(round(n * in_share))
    pg = np.asarray(parks.geometry.values, dtype=object)
    parea = gpd.GeoSeries(pg, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area.to_numpy()
    lon_a, lat_a = _sample_in(pg, n_in, rng, weights=parea)
    stat = (
        counties[counties.get("in_statistics", True).astype(bool)]
        if "in_statistics" in counties
        else counties
    )
    cg = np.asarray(stat.geometry.values, dtype=object)
    carea = gpd.GeoSeries(cg, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area.to_numpy()
    lon_b, lat_b = _sample_in(cg, n - n_in, rng, weights=carea)
    lon = np.concatenate([lon_a, lon_b])
    lat = np.concatenate([lat_a, lat_b])
    order = rng.permutation(n)
    sectors = np.array([str(i) for i in range(1, 25)], dtype=object)
    return pd.DataFrame(
        {
            "firm": np.char.add("F", np.arange(n).astype(str)).astype(object),
            "lon": np.round(lon[order], 6),
            "lat": np.round(lat[order], 6),
            "output": np.round(rng.lognormal(mean=9.0, sigma=1.2, size=n), 1),
            "year": np.full(n, year, dtype="int64"),
            "sector": sectors[rng.integers(0, 24, n)],
        }
    )


def main(argv: list[str] | None = None) -> int:
    """Write (or summarise) a synthetic firm table and park polygons."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--in-share", type=float, default=0.7)
    ap.add_argument("--out", help="firm table (.parquet or .csv)")
    ap.add_argument("--parks-out", help="park polygons (.gpkg or .geojson)")
    a = ap.parse_args(argv)
    t = time.perf_counter()
    parks = make_parks(seed=a.seed, land=load_boundaries("province").geometry.iloc[0])
    firms = make_firms(a.n, parks=parks, counties=load_boundaries("county"), seed=a.seed, in_share=a.in_share)
    dt = time.perf_counter() - t
    print(
        f"{len(parks)} synthetic park polygons, {len(firms):,} synthetic firms in {dt:.1f} s (seed {a.seed})"
    )
    if a.out:
        if a.out.endswith(".csv"):
            firms.to_csv(a.out, index=False, encoding="utf-8-sig")
        else:
            firms.to_parquet(a.out, index=False)
        print("firms ->", a.out)
    if a.parks_out:
        parks.to_file(a.parks_out, driver="GPKG" if a.parks_out.endswith(".gpkg") else "GeoJSON")
        print("parks ->", a.parks_out)
    if not a.out:
        print(firms.head().to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
