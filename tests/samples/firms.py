"""Two test parks near Fuzhou and a small firm list around them (the park-share CLI and browser tests).

Firms 甲 (100) and 乙 (60) lie inside park 1 and park 2, 丙 (40) between them, 丁 has no longitude (a bad
row); with ``outside_fujian`` 戊 (30) lies in Xiamen, outside both parks.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

PARK_BOXES = (box(119.28, 26.06, 119.32, 26.10), box(119.40, 26.00, 119.44, 26.04))


def write_parks(folder: Path, names: tuple[str, str] = ("福州测试园", "马尾测试园")) -> Path:
    """Write the two parks (ids ``fz1``, ``fz2``) as GeoJSON into ``folder``; return the path."""
    parks = gpd.GeoDataFrame(
        {"id": ["fz1", "fz2"], "name_zh": list(names)}, geometry=list(PARK_BOXES), crs="EPSG:4326"
    )
    path = folder / "parks.geojson"
    parks.to_file(path, driver="GeoJSON")
    return path


def write_firms(
    folder: Path, *, encoding: str = "utf-8-sig", sectors: bool = True, outside_fujian: bool = True
) -> Path:
    """Write the firm list as CSV into ``folder`` in ``encoding``; return the path."""
    rows = [("甲", "119.30", "26.08", "100", "纺织"), ("乙", "119.42", "26.02", "60", "电子")]
    rows += [("丙", "119.35", "26.08", "40", "电子"), ("丁", "", "26.08", "10", "电子")]
    if outside_fujian:
        rows.append(("戊", "118.10", "24.48", "30", "电子"))
    head = "企业名称,经度,纬度,产值,年份" + (",行业" if sectors else "")
    lines = [head] + [",".join((n, x, y, v, "2020") + ((s,) if sectors else ())) for n, x, y, v, s in rows]
    path = folder / "firms.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path
