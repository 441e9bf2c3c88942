"""Park share from firm records: place every firm in or out of a park and sum its output.

The plan's park share (专栏1 第10项, 第三章七: 工业园区总产值占全省工业总产值比重 ≥ 75 %) is a statistic over firms.
Given a firm table (coordinates, output, year, optional sector), this module assigns each firm to a county (hence
a city) and to at most one park, and sums output per park, city, sector and for the province.

Rules (also returned in every result as ``rules``):

- **Boundary**: a firm exactly on a park's edge counts as inside (``intersects``, not ``within``).
- **Overlap**: a firm inside several parks is counted once, in the park with the smallest area (equal-area m²);
  equal areas are broken by the lowest park id. The number of such firms is reported.
- **City**: from the county polygons (a firm on a county border goes to the lowest adcode); a firm in no county
  polygon but within ``COUNTY_SNAP_M`` metres of one (simplified coastlines) goes to the nearest county; farther
  away it is a bad row "outside Fujian". Firms in 金门县 (``in_statistics`` False) are bad rows too.
- **Distance**: outside firms get their nearest park and the planar distance in metres to its boundary in
  ``gis.settings.EQUAL_AREA_CRS`` (Albers; its scale error in Fujian is below 0.06 %, so the distance is within
  0.06 % of the geodesic one).
- **Bad rows** are never dropped silently: each problem is listed with its row number and field.

Speed: no per-firm Python. Points are never turned into shapely objects for the park / county test: lon is
sorted once, each polygon takes the slice of its bounding box (``searchsorted``) and tests it with
``shapely.intersects_xy`` on the prepared polygon. Nearest-park distances use a coarse grid to shortlist parks
per cell and exact point-to-segment distances in numpy. The same partial/combine functions run on one machine
(:func:`compute_parkshare`) and on a dask cluster (:func:`compute_parkshare_dask`).
"""

from __future__ import annotations

import io
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyproj
import shapely

from gis.coords import to_wgs84
from gis.errors import CRSError, DataValidationError, FileFormatError
from gis.settings import EQUAL_AREA_CRS, FUJIAN_BOUNDS
from gis.tabular import COLUMN_ALIASES, TABLE_SUFFIXES, find_column, read_table

#: The plan's target for the park share (专栏1 第10项 "工业园区总产值占全省工业总产值比重 75%以上", 第三章七).
PLAN_TARGET_SHARE = 0.75
PLAN_TARGET_SOURCE = "规划专栏1第10项、第三章七：工业园区总产值占全省工业总产值比重达75%以上（预期性）"
#: Firms within this many metres of a county polygon (but in none) are given to the nearest county.
COUNTY_SNAP_M = 1000.0
#: How many nearest outside firms the JSON / summary lists.
OUTSIDE_TOP_N = 50
#: Coordinate systems a firm table may be declared in (CGCS2000 is treated as WGS84: a few cm apart).
FIRM_COORDS = ("wgs84", "cgcs2000", "gcj02", "bd09")
VECTOR_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".zip", ".kml", ".fgb")
FIRM_NAME_ALIASES = ("企业名称", "单位名称", "企业", "firm", "firm_name", "company", "name", "名称")

RULES: dict[str, str] = {
    "boundary": "a firm on a park boundary counts as inside (shapely intersects, not within) / 位于园区边界上的企业计入园区",
    "overlap": (
        "a firm inside several overlapping parks is counted once, in the park with the smallest area "
        "(equal-area m²), ties to the lowest park id / 落在多个重叠园区的企业只计一次，归入面积最小的园区（面积相同取编号最小者）"
    ),
    "city": (
        "city from the county polygons (border: lowest adcode); a firm within "
        f"{COUNTY_SNAP_M:.0f} m of a county but in none goes to the nearest county, farther is a bad row; "
        "金门县 is not in the provincial statistics / 按县级边界定位城市"
    ),
    "distance": (
        "outside firms: nearest park and planar distance (m) to its boundary in the Albers equal-area CRS "
        "gis.settings.EQUAL_AREA_CRS (scale error < 0.06 % in Fujian) / 园区外企业到最近园区边界的距离（米，等积投影）"
    ),
    "share": "park_share = output_in_parks / output_total over the valid firms of the year / 园区产值占比",
    "bad_rows": "rows with a problem are listed with row number and field and left out of every sum / 问题行列出并不计入",
    "output_unit": "output sums are in the unit of the input output column / 产值单位与输入列相同",
}

_TO_EQUAL_AREA = pyproj.Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


# --------------------------------------------------------------------------------------------- input


def read_firms(source: str | Path | bytes | io.IOBase, *, name: str | None = None) -> pd.DataFrame:
    """Read a firm table: CSV / XLSX / Parquet (via :func:`gis.tabular.read_table`) or a point vector file.

    Vector files (GeoPackage, GeoJSON, …) are reprojected to lon/lat (EPSG:4326) and get ``lon`` / ``lat``
    columns from their point geometry. ``attrs["row_offset"]`` is the number added to a 0-based record index to
    give the row number shown to users: 2 for CSV/XLSX (the header is row 1, as in Excel), 1 for Parquet and
    vector files (record number).
    """
    fname = name or (str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "upload"))
    suffix = Path(fname).suffix.lower()
    if suffix in VECTOR_SUFFIXES:
        df = _read_vector_firms(source, fname)
        df.attrs["row_offset"] = 1
        return df
    if suffix not in TABLE_SUFFIXES:
        raise FileFormatError(
            f"unsupported firm file type '{suffix}'",
            file=Path(fname).name,
            hint="use CSV, XLSX, Parquet or GeoPackage",
        )
    df = read_table(source, name=name)
    df.attrs["row_offset"] = 1 if suffix == ".parquet" else 2
    return df


def _read_vector_firms(source: str | Path | bytes | io.IOBase, fname: str) -> pd.DataFrame:
    import geopandas as gpd

    data: Any = source
    if isinstance(source, io.IOBase):
        data = source.read()
    if isinstance(data, bytes):
        data = io.BytesIO(data)
    try:
        with warnings.catch_warnings():  # bytes come through /vsimem, whose name lacks the .gpkg extension
            warnings.filterwarnings("ignore", message=".*non conformant file extension.*")
            gdf = gpd.read_file(data)
    except Exception as exc:  # pyogrio raises its own classes for unreadable files
        raise FileFormatError(
            f"cannot read the vector file ({type(exc).__name__}): {exc}",
            file=Path(fname).name,
            hint="export the firm layer again as GeoPackage",
        ) from exc
    short = Path(fname).name
    if gdf.crs is None:
        raise CRSError(
            "the layer has no coordinate reference system",
            file=short,
            hint="set the CRS (EPSG:4490 CGCS2000 or EPSG:4326) in QGIS and export again",
        )
    if not gdf.crs.equals(pyproj.CRS("EPSG:4326")) and not gdf.crs.equals(pyproj.CRS("EPSG:4490")):
        gdf = gdf.to_crs("EPSG:4326")
    geom = gdf.geometry.values
    types = shapely.get_type_id(geom)
    bad_type = ~shapely.is_missing(geom) & (types != 0)
    if bad_type.any():
        first = int(np.flatnonzero(bad_type)[0])
        raise FileFormatError(
            "firm layer must hold points",
            file=short,
            feature=first + 1,
            field="geometry",
            hint="convert the features to points (centroids) before loading",
        )
    df = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    df["lon"] = shapely.get_x(geom)
    df["lat"] = shapely.get_y(geom)
    df.attrs["file"] = short
    return df


@dataclass
class ValidFirms:
    """Validated firms of one year, as plain arrays (lon/lat in WGS84)."""

    row: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    output: np.ndarray
    sector: np.ndarray | None = None  # int32 codes into ``sector_names`` (-1: empty)
    sector_names: np.ndarray | None = None
    src: np.ndarray | None = None  # positions in the input table
    names: pd.Series | None = None  # firm-name column of the whole input table (looked up by ``src``)

    def __len__(self) -> int:
        return len(self.row)

    def take(self, mask: np.ndarray) -> ValidFirms:
        """Return the firms where ``mask`` is true."""
        return ValidFirms(
            self.row[mask],
            self.lon[mask],
            self.lat[mask],
            self.output[mask],
            None if self.sector is None else self.sector[mask],
            self.sector_names,
            None if self.src is None else self.src[mask],
            self.names,
        )

    def firm_names(self, idx: np.ndarray) -> pd.Series | None:
        """Firm names of the firms at positions ``idx`` (None when the table has no name column)."""
        if self.names is None or self.src is None:
            return None
        return self.names.iloc[self.src[idx]].reset_index(drop=True)


def _bad(rows: np.ndarray, fieldname: str, values: Any, problem: str) -> pd.DataFrame:
    vals = pd.Series(values).astype("string").str.slice(0, 60) if len(rows) else pd.Series([], dtype="string")
    return pd.DataFrame(
        {
            "row": np.asarray(rows, dtype="int64"),
            "field": fieldname,
            "value": vals.to_numpy(dtype=object),
            "problem": problem,
        }
    )


def _numbers(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse a column as float64; return ``(values, present)`` where ``present`` marks non-empty cells."""
    if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        vals = col.to_numpy(dtype="float64", na_value=np.nan)
        return vals, ~np.isnan(vals)
    text = col.astype("string").str.strip()
    present = (text.notna() & (text != "")).to_numpy(dtype=bool)
    cleaned = text.str.replace(r"[,，\s]", "", regex=True)
    vals = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return vals, present


NO_SECTOR = "(未填 / none)"


def _sector_label(value: Any) -> str:
    """Sector value as text (whole numbers without ``.0``)."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def firm_years(df: pd.DataFrame) -> list[int]:
    """Distinct valid years in the table's year column (empty when there is none)."""
    col = find_column(df, COLUMN_ALIASES["year"])
    if col is None:
        return []
    vals, _ = _numbers(df[col])
    vals = vals[np.isfinite(vals)]
    return sorted(int(v) for v in np.unique(vals) if float(v).is_integer())


def validate_firms(
    df: pd.DataFrame,
    *,
    year: int | None = None,
    coords: str = "wgs84",
    row_offset: int | None = None,
) -> tuple[ValidFirms, pd.DataFrame, dict[str, Any]]:
    """Check a firm table and return ``(valid firms, bad rows, info)``.

    Parameters
    ----------
    df
        Firm table with lon / lat / output columns (English or Chinese names, see ``COLUMN_ALIASES``), and
        optionally year and sector.
    year
        Keep firms of this year; other years are bad rows ("other year"). ``None``: the table's only year, or
        an error naming the years when there are several.
    coords
        Declared coordinate system of lon/lat: ``wgs84``, ``cgcs2000``, ``gcj02`` or ``bd09``.
    row_offset
        Added to the 0-based record index to give the row number shown (default ``df.attrs["row_offset"]``
        or 2, the Excel row of the first data line).

    Returns
    -------
    tuple
        ``ValidFirms`` (WGS84), bad rows ``DataFrame[row, field, value, problem]``, and ``info`` (columns used,
        year, coords, file).
    """
    fname = df.attrs.get("file")
    key = coords.lower().replace("-", "").replace("_", "")
    if key not in FIRM_COORDS:
        raise CRSError(
            f"unknown coordinate system {coords!r}", file=fname, hint="use one of " + ", ".join(FIRM_COORDS)
        )
    cols = {k: find_column(df, COLUMN_ALIASES[k]) for k in ("lon", "lat", "output", "year", "sector")}
    cols["name"] = find_column(df, FIRM_NAME_ALIASES)
    for k, zh in (("lon", "经度"), ("lat", "纬度"), ("output", "产值")):
        if cols[k] is None:
            raise DataValidationError(
                f"no {k} column (found: {', '.join(map(str, df.columns[:12]))})",
                file=fname,
                field=k,
                hint=f"name the column '{k}' or '{zh}'",
            )
    offset = int(row_offset if row_offset is not None else df.attrs.get("row_offset", 2))
    n = len(df)
    rows = np.arange(n, dtype="int64") + offset
    ok = np.ones(n, dtype=bool)
    bad: list[pd.DataFrame] = []

    used_year = year
    if cols["year"] is not None:
        yv, ypresent = _numbers(df[cols["year"]])
        yok = np.isfinite(yv) & (np.mod(yv, 1) == 0)
        m = ~yok
        if m.any():
            bad.append(
                _bad(
                    rows[m],
                    cols["year"],
                    df[cols["year"]].to_numpy()[m],
                    "year missing or not a whole number / 年份缺失或非整数",
                )
            )
        ok &= yok
        if used_year is None:
            years = np.unique(yv[yok]).astype(int)
            if len(years) > 1:
                raise DataValidationError(
                    f"the table holds several years ({', '.join(map(str, years[:10]))})",
                    file=fname,
                    field=str(cols["year"]),
                    hint="choose one with --year (or the year box)",
                )
            used_year = int(years[0]) if len(years) else None
        if used_year is not None:
            m = yok & (yv != used_year)
            if m.any():
                bad.append(
                    _bad(
                        rows[m],
                        cols["year"],
                        df[cols["year"]].to_numpy()[m],
                        f"other year, not {used_year} / 非{used_year}年数据",
                    )
                )
            ok &= ~m

    lon, lon_present = _numbers(df[cols["lon"]])
    lat, lat_present = _numbers(df[cols["lat"]])
    for c, vals, present in ((cols["lon"], lon, lon_present), (cols["lat"], lat, lat_present)):
        m = ok & ~present
        if m.any():
            bad.append(_bad(rows[m], c, df[c].to_numpy()[m], "no coordinates / 缺少坐标"))
        m2 = ok & present & ~np.isfinite(vals)
        if m2.any():
            bad.append(_bad(rows[m2], c, df[c].to_numpy()[m2], "coordinate is not a number / 坐标不是数字"))
    ok &= np.isfinite(lon) & np.isfinite(lat)

    out, out_present = _numbers(df[cols["output"]])
    c = cols["output"]
    for mask, problem in (
        (ok & ~out_present, "no output value / 缺少产值"),
        (ok & out_present & ~np.isfinite(out), "output is not a number / 产值不是数字"),
        (ok & np.isfinite(out) & (out < 0), "output is negative / 产值为负"),
    ):
        if mask.any():
            bad.append(_bad(rows[mask], c, df[c].to_numpy()[mask], problem))
    ok &= np.isfinite(out) & (out >= 0)

    wlon = np.full(n, np.nan)
    wlat = np.full(n, np.nan)
    if ok.any():
        wlon[ok], wlat[ok] = to_wgs84(lon[ok], lat[ok], key)
    x0, y0, x1, y1 = FUJIAN_BOUNDS
    inbox = (wlon >= x0) & (wlon <= x1) & (wlat >= y0) & (wlat <= y1)
    m = ok & ~inbox
    if m.any():
        swapped = (lat >= x0) & (lat <= x1) & (lon >= y0) & (lon <= y1)
        values = [f"{a}, {b}" for a, b in zip(lon[m], lat[m], strict=True)]
        problem = np.where(
            swapped[m],
            "outside Fujian — lon and lat swapped? / 超出福建范围（经纬度颠倒？）",
            "outside Fujian / 超出福建范围",
        )
        frame = _bad(rows[m], f"{cols['lon']},{cols['lat']}", values, "")
        frame["problem"] = problem
        bad.append(frame)
    ok &= inbox

    sector = sector_names = None
    if cols["sector"] is not None:
        col = df[cols["sector"]]
        if not pd.api.types.is_numeric_dtype(col.dtype):
            col = col.astype("string").str.strip().replace("", pd.NA)
        codes, uniq = pd.factorize(col[ok] if not ok.all() else col, sort=True)
        sector = codes.astype("int32")
        sector_names = np.array([_sector_label(v) for v in uniq], dtype=object)
    names = None
    if cols["name"] is not None:
        names = df[cols["name"]].astype("string").fillna("")
    valid = ValidFirms(rows[ok], wlon[ok], wlat[ok], out[ok], sector, sector_names, np.flatnonzero(ok), names)
    bad_df = pd.concat(bad, ignore_index=True) if bad else _bad(np.array([], dtype="int64"), "", [], "")
    info = {
        "file": fname,
        "year": used_year,
        "coords": key,
        "columns": {k: v for k, v in cols.items() if v},
        "rows_read": n,
    }
    return valid, bad_df, info


# --------------------------------------------------------------------------------------------- polygons


def _polygonal(gdf: Any, what: str) -> np.ndarray:
    geom = gdf.geometry.values
    arr = np.asarray(geom, dtype=object) if not isinstance(geom, np.ndarray) else geom
    arr = np.array(list(arr), dtype=object)
    types = shapely.get_type_id(arr)
    if len(arr) == 0:
        raise DataValidationError(f"no {what} polygons", hint=f"give a file with {what} boundary polygons")
    bad = shapely.is_missing(arr) | ~np.isin(types, (3, 6))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise DataValidationError(
            f"{what} {gdf.index[first]!s} has no polygon geometry",
            feature=str(gdf.index[first]),
            field="geometry",
            hint=f"{what} need boundary polygons (points cannot hold firms); load a boundary file",
        )
    invalid = ~shapely.is_valid(arr)
    if invalid.any():
        arr = arr.copy()
        arr[invalid] = shapely.make_valid(arr[invalid])
    return arr


#: Elements per numpy temporary in the distance loops: 12,288 float64 = 96 KiB, under glibc's default mmap
#: threshold (128 KiB). dask.distributed workers set MALLOC_TRIM_THRESHOLD_, which freezes that threshold, so
#: larger temporaries would be mmapped and faulted in on every allocation (measured 8x slower in a worker).
_BLOCK = 12_288
#: Width (degrees) of the lon bins used to slice points by a polygon's bounding box (uint16 radix sort).
_BIN_DEG = 1e-4


def lon_order(lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(order, bins)``: points ordered by 0.0001° lon bins (O(n) radix sort), and the sorted bins."""
    x0 = FUJIAN_BOUNDS[0] - 0.5
    bins = np.clip((lon - x0) / _BIN_DEG, 0, 65535).astype("uint16")
    order = np.argsort(bins, kind="stable")
    return order, bins[order]


class PolygonIndex:
    """Point-in-polygon locator over a few hundred polygons, with a deterministic priority.

    ``locate`` returns, for each point, the position of the first polygon (in ``priority`` order) that
    intersects it (boundary included) and the number of polygons that do.
    """

    def __init__(self, geoms: np.ndarray, priority: np.ndarray) -> None:
        self.geoms = geoms
        self.priority = np.asarray(priority, dtype="int64")
        self.bounds = shapely.bounds(geoms)
        shapely.prepare(self.geoms)

    def locate(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        order: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(position or -1, hit count)`` per point; ``order`` is :func:`lon_order` if known."""
        n = len(lon)
        first = np.full(n, -1, dtype="int32")
        hits = np.zeros(n, dtype="uint8")
        if n == 0 or len(self.geoms) == 0:
            return first, hits
        idx_sorted, bins = order if order is not None else lon_order(lon)
        xs = lon[idx_sorted]
        ys = lat[idx_sorted]
        x_origin = FUJIAN_BOUNDS[0] - 0.5
        shapely.prepare(self.geoms)
        for pos in self.priority:
            x0, y0, x1, y1 = self.bounds[pos]
            lo = np.uint16(np.clip(np.floor((x0 - x_origin) / _BIN_DEG), 0, 65535))
            hi = np.uint16(np.clip(np.floor((x1 - x_origin) / _BIN_DEG), 0, 65535))
            a = int(np.searchsorted(bins, lo, side="left"))
            b = int(np.searchsorted(bins, hi, side="right"))
            if b <= a:
                continue
            xx = xs[a:b]
            yy = ys[a:b]
            cand = np.flatnonzero((yy >= y0) & (yy <= y1) & (xx >= x0) & (xx <= x1))
            if len(cand) == 0:
                continue
            cand += a
            inside = shapely.intersects_xy(self.geoms[pos], xs[cand], ys[cand])
            idx = idx_sorted[cand[inside]]
            hits[idx] += 1
            fresh = idx[first[idx] < 0]
            first[fresh] = pos
        return first, hits


class GridPolygonIndex(PolygonIndex):
    """:class:`PolygonIndex` with a lookup grid for large polygons that tile the plane (counties).

    Cells of ``cell_deg`` that no polygon boundary touches (after growing the touched set by one cell, which
    absorbs floating-point rounding at cell edges) lie wholly inside one polygon or outside all, so their label is
    the label of their centre. Only points in boundary cells go through the exact test. The results equal
    :meth:`PolygonIndex.locate`'s first polygon; the hit count is not computed (it returns 1 for a hit).
    """

    def __init__(self, geoms: np.ndarray, priority: np.ndarray, *, cell_deg: float = 0.01) -> None:
        super().__init__(geoms, priority)
        self.cell = cell_deg
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
        self.x0 = x0 - cell_deg
        self.y0 = y0 - cell_deg
        self.nx = int(np.ceil((x1 - self.x0) / cell_deg)) + 2
        self.ny = int(np.ceil((y1 - self.y0) / cell_deg)) + 2
        ix, iy = np.meshgrid(np.arange(self.nx), np.arange(self.ny))
        ix = ix.ravel()
        iy = iy.ravel()
        boxes = shapely.box(
            self.x0 + ix * cell_deg,
            self.y0 + iy * cell_deg,
            self.x0 + (ix + 1) * cell_deg,
            self.y0 + (iy + 1) * cell_deg,
        )
        tree = shapely.STRtree(boxes)
        parts = shapely.get_parts(shapely.boundary(geoms))
        coords, ring = shapely.get_coordinates(parts, return_index=True)
        same = ring[1:] == ring[:-1]
        segs = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
        touched = np.zeros((self.ny, self.nx), dtype=bool)
        hit = tree.query(segs, predicate="intersects")[1]
        touched[iy[hit], ix[hit]] = True
        grown = touched.copy()  # grow by one cell (8-neighbourhood)
        grown[1:, :] |= touched[:-1, :]
        grown[:-1, :] |= touched[1:, :]
        g2 = grown.copy()
        grown[:, 1:] |= g2[:, :-1]
        grown[:, :-1] |= g2[:, 1:]
        cx = self.x0 + (ix + 0.5) * cell_deg
        cy = self.y0 + (iy + 0.5) * cell_deg
        label, _ = PolygonIndex.locate(self, cx, cy)
        grid = label.reshape(self.ny, self.nx).astype("int32")
        grid[grown] = -2
        self.grid = grid

    def locate(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        order: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(position or -1, 1 where found)`` per point; exact test only in boundary cells."""
        n = len(lon)
        ix = np.floor((lon - self.x0) / self.cell)
        iy = np.floor((lat - self.y0) / self.cell)
        inside = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        first = np.full(n, -1, dtype="int32")
        first[inside] = self.grid[iy[inside].astype("int64"), ix[inside].astype("int64")]
        exact = np.flatnonzero(first == -2)
        if len(exact):
            sub, _ = PolygonIndex.locate(self, lon[exact], lat[exact])
            first[exact] = sub
        return first, (first >= 0).astype("uint8")


def _equal_area(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda c: np.column_stack(_TO_EQUAL_AREA.transform(c[:, 0], c[:, 1])))


class SegmentNearest:
    """Exact nearest polygon (by distance to its boundary) for points outside the polygons, in metres.

    Polygons are given in the equal-area CRS. A grid of ``cell_m`` cells shortlists, per occupied cell, the
    polygons whose bounding box is not farther than the best upper bound (distance to one of each polygon's
    extreme vertices); exact point-to-segment distances in numpy then pick the nearest. Ties go to the lower
    ``rank``.
    """

    def __init__(self, ea_geoms: np.ndarray, rank: np.ndarray, *, cell_m: float = 3000.0) -> None:
        self.rank = np.asarray(rank, dtype="int64")
        self.cell_m = cell_m
        bnd = shapely.boundary(ea_geoms)
        parts = shapely.get_parts(bnd)
        owner = np.repeat(np.arange(len(ea_geoms)), shapely.get_num_geometries(bnd))
        coords, ring = shapely.get_coordinates(parts, return_index=True)
        same = ring[1:] == ring[:-1]
        seg = np.column_stack([coords[:-1][same], coords[1:][same]])  # ax, ay, bx, by
        seg_owner = owner[ring[:-1][same]]
        srt = np.argsort(seg_owner, kind="stable")
        self.seg = seg[srt]
        self.seg_ptr = np.searchsorted(seg_owner[srt], np.arange(len(ea_geoms) + 1))
        self.bounds = shapely.bounds(ea_geoms)
        ext = np.zeros((len(ea_geoms), 4, 2))
        for k in range(len(ea_geoms)):
            v = self.seg[self.seg_ptr[k] : self.seg_ptr[k + 1], :2]
            if len(v):
                ext[k] = v[[v[:, 0].argmin(), v[:, 0].argmax(), v[:, 1].argmin(), v[:, 1].argmax()]]
            else:
                ext[k] = np.inf
        self.anchors = ext

    def _candidates(self, cx: np.ndarray, cy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(cell, polygon) pairs that may hold the nearest polygon of any point in the cell."""
        half = self.cell_m / 2 * np.sqrt(2)
        b = self.bounds
        npoly = len(b)
        bx0, by0, bx1, by1 = (b[None, :, i] for i in range(4))
        anc = self.anchors
        cells, polys = [], []
        block = max(1, _BLOCK // max(1, npoly))
        for s in range(0, len(cx), block):
            x = cx[s : s + block, None]
            y = cy[s : s + block, None]
            dx = np.maximum(np.maximum(bx0 - x, x - bx1), 0.0)
            dy = np.maximum(np.maximum(by0 - y, y - by1), 0.0)
            dx *= dx
            dy *= dy
            dx += dy
            lower = np.sqrt(dx)
            ub2 = None
            for v in range(4):
                ex = anc[None, :, v, 0] - x
                ey = anc[None, :, v, 1] - y
                ex *= ex
                ey *= ey
                ex += ey
                ub2 = ex if ub2 is None else np.minimum(ub2, ex, out=ub2)
            limit = np.sqrt(ub2.min(axis=1, keepdims=True)) + 2 * half
            c, p = np.nonzero(lower <= limit)
            cells.append(c + s)
            polys.append(p)
        return np.concatenate(cells), np.concatenate(polys)

    def nearest(self, px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(polygon position or -1, distance in metres)`` for points (equal-area x/y)."""
        n = len(px)
        best = np.full(n, -1, dtype="int32")
        dist = np.full(n, np.inf)
        if n == 0 or len(self.bounds) == 0:
            return best, np.full(n, np.nan)
        key = (np.floor(px / self.cell_m).astype("int64") << 32) + np.floor(py / self.cell_m).astype("int64")
        ukey, inv = np.unique(key, return_inverse=True)
        inv = inv.ravel()
        cx = ((ukey >> 32) + 0.5) * self.cell_m
        cy = ((ukey - ((ukey >> 32) << 32)) + 0.5) * self.cell_m
        by_cell = np.argsort(inv, kind="stable")
        cell_count = np.bincount(inv, minlength=len(ukey))
        cell_start = np.concatenate([[0], np.cumsum(cell_count)[:-1]])
        cells, polys = self._candidates(cx, cy)
        srt = np.argsort(polys, kind="stable")
        cells, polys = cells[srt], polys[srt]
        edges = np.searchsorted(polys, np.arange(len(self.bounds) + 1))
        work = []
        ub = np.full(n, np.inf)
        for k in np.flatnonzero(edges[1:] > edges[:-1]):
            ck = cells[edges[k] : edges[k + 1]]
            lens = cell_count[ck]
            total = int(lens.sum())
            offs = np.repeat(cell_start[ck] - (np.cumsum(lens) - lens), lens) + np.arange(total)
            p = by_cell[offs]
            # pass 1: per-point upper bound from the polygon's extreme vertices
            a = self.anchors[k]
            u = np.hypot(a[0, 0] - px[p], a[0, 1] - py[p])
            for v in range(1, 4):
                u = np.minimum(u, np.hypot(a[v, 0] - px[p], a[v, 1] - py[p]))
            ub[p] = np.minimum(ub[p], u)  # each point appears once per polygon
            work.append((k, p))
        for k, p in work:
            # pass 2: exact distances where the polygon's bbox is not beyond the point's upper bound
            b0, b1, b2, b3 = self.bounds[k]
            lower = np.hypot(
                np.maximum(0.0, np.maximum(b0 - px[p], px[p] - b2)),
                np.maximum(0.0, np.maximum(b1 - py[p], py[p] - b3)),
            )
            p = p[lower <= ub[p]]
            if len(p) == 0:
                continue
            d = _min_segment_distance(px[p], py[p], self.seg[self.seg_ptr[k] : self.seg_ptr[k + 1]])
            cur = best[p]
            better = (d < dist[p]) | (
                (d == dist[p]) & ((cur < 0) | (self.rank[k] < self.rank[np.maximum(cur, 0)]))
            )
            dist[p[better]] = d[better]
            best[p[better]] = k
        dist[best < 0] = np.nan
        return best, dist


class ParkIndex(PolygonIndex):
    """Parks: locate firms (smallest area first) and find the nearest park of outside firms."""

    def __init__(self, geoms: np.ndarray, ids: np.ndarray) -> None:
        self.ids = np.asarray(ids, dtype=object)
        ea = _equal_area(geoms)
        self.area_m2 = shapely.area(ea)
        priority = np.lexsort((self.ids.astype(str), self.area_m2))
        super().__init__(geoms, priority)
        rank = np.empty(len(ids), dtype="int64")
        rank[priority] = np.arange(len(ids))
        self.near = SegmentNearest(ea, rank)

    def nearest(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest park (position) and distance in metres to its boundary, for points outside every park."""
        if len(lon) == 0:
            return np.zeros(0, dtype="int32"), np.zeros(0)
        px, py = _TO_EQUAL_AREA.transform(lon, lat)
        return self.near.nearest(np.asarray(px), np.asarray(py))


def _min_segment_distance(px: np.ndarray, py: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Minimum distance from each point to a set of segments ``[ax, ay, bx, by]`` (cache-sized numpy chunks)."""
    out = np.full(len(px), np.inf)
    if len(seg) == 0 or len(px) == 0:
        return out
    ax, ay = seg[:, 0], seg[:, 1]
    dx, dy = seg[:, 2] - ax, seg[:, 3] - ay
    len2 = dx * dx + dy * dy
    inv = np.divide(1.0, len2, out=np.zeros_like(len2), where=len2 > 0)  # zero-length segment: t = 0
    step = max(1, _BLOCK // len(seg))
    for s in range(0, len(px), step):
        wx = px[s : s + step, None] - ax
        wy = py[s : s + step, None] - ay
        t = wx * dx
        t += wy * dy
        t *= inv
        np.clip(t, 0.0, 1.0, out=t)
        wx -= t * dx
        wy -= t * dy
        wx *= wx
        wy *= wy
        wx += wy
        out[s : s + step] = wx.min(axis=1)
    return np.sqrt(out)


@dataclass
class Context:
    """Parks and counties prepared for locating firms (build once, reuse; picklable for dask workers)."""

    parks: ParkIndex
    park_table: pd.DataFrame  # id, name_zh, name_en, city, area_km2, geometry_quality
    counties: PolygonIndex
    county_table: pd.DataFrame  # adcode, name_zh, city_adcode, city_zh, in_statistics
    county_near: SegmentNearest
    parks_source: str = "file"
    parks_note: str = ""

    @property
    def approximate(self) -> bool:
        """True when park polygons are approximate footprints, not boundaries."""
        return self.parks_source == "approximate_footprint"

    def park_frame(self) -> Any:
        """The park polygons used, as a GeoDataFrame (``park_id``, ``name_zh``, ``geometry``; EPSG:4326)."""
        import geopandas as gpd

        return gpd.GeoDataFrame(
            self.park_table[["park_id", "name_zh"]].copy(), geometry=list(self.parks.geoms), crs="EPSG:4326"
        )


def _text_col(gdf: Any, names: tuple[str, ...], default: Any = "") -> pd.Series:
    for nm in names:
        if nm in gdf.columns:
            return gdf[nm].astype("string").fillna("")
    return pd.Series(default, index=gdf.index, dtype="string")


def build_context(parks: Any, counties: Any, *, parks_source: str = "file", parks_note: str = "") -> Context:
    """Prepare parks (polygons, EPSG:4326, index or ``id`` column = park id) and county polygons.

    Parameters
    ----------
    parks
        GeoDataFrame of park polygons; ids from an ``id`` column, else the index; names from ``name_zh`` /
        ``name`` / ``名称``.
    counties
        County GeoDataFrame per ``gis.boundaries.load_boundaries("county")`` (``adcode``, ``name_zh``,
        ``city_adcode``, ``city_zh``, ``in_statistics``).
    parks_source
        ``"file"`` (user boundaries), ``"shipped"`` or ``"approximate_footprint"`` (flagged everywhere).
    """
    parks = _ensure_4326(parks, "parks")
    counties = _ensure_4326(counties, "counties")
    pgeom = _polygonal(parks, "park")
    ids = parks["id"].astype(str).to_numpy() if "id" in parks.columns else parks.index.astype(str).to_numpy()
    if len(set(ids)) != len(ids):
        dup = pd.Series(ids)[pd.Series(ids).duplicated()].iloc[0]
        raise DataValidationError(
            f"park id '{dup}' appears twice", feature=dup, field="id", hint="give every park a unique id"
        )
    pindex = ParkIndex(pgeom, ids)
    ptable = pd.DataFrame(
        {
            "park_id": ids,
            "name_zh": _text_col(parks, ("name_zh", "name", "名称", "园区名称", "NAME")).to_numpy(),
            "name_en": _text_col(parks, ("name_en",)).to_numpy(),
            "park_city": _text_col(parks, ("city", "城市")).to_numpy(),
            "area_km2": pindex.area_m2 / 1e6,
            "geometry_quality": _text_col(
                parks,
                ("geometry_quality",),
                "approximate" if parks_source == "approximate_footprint" else "boundary",
            ).to_numpy(),
        }
    )
    cgeom = _polygonal(counties, "county")
    ctable = pd.DataFrame(
        {
            "adcode": _text_col(counties, ("adcode",)).to_numpy(),
            "county_zh": _text_col(counties, ("name_zh", "name")).to_numpy(),
            "city_adcode": _text_col(counties, ("city_adcode",)).to_numpy(),
            "city_zh": _text_col(counties, ("city_zh", "city")).to_numpy(),
            "in_statistics": (
                counties["in_statistics"].fillna(True).astype(bool).to_numpy()
                if "in_statistics" in counties.columns
                else np.ones(len(counties), bool)
            ),
        }
    )
    cpriority = np.lexsort((np.arange(len(ctable)), ctable["adcode"].to_numpy().astype(str)))
    cindex, cnear = _county_indexes(cgeom, cpriority, ctable["adcode"].to_numpy().astype(str))
    return Context(pindex, ptable, cindex, ctable, cnear, parks_source, parks_note)


_COUNTY_CACHE: dict[tuple, tuple[GridPolygonIndex, SegmentNearest]] = {}


def _county_indexes(
    geoms: np.ndarray,
    priority: np.ndarray,
    adcodes: np.ndarray,
) -> tuple[GridPolygonIndex, SegmentNearest]:
    """County locator and nearest-county index, cached by content (counties rarely change; building the grid
    takes about a second)."""
    coords = shapely.get_coordinates(geoms)
    key = (tuple(adcodes), len(coords), float(coords.sum()), tuple(np.round(shapely.total_bounds(geoms), 9)))
    if key not in _COUNTY_CACHE:
        rank = np.empty(len(geoms), dtype="int64")
        rank[priority] = np.arange(len(geoms))
        if len(_COUNTY_CACHE) >= 4:
            _COUNTY_CACHE.pop(next(iter(_COUNTY_CACHE)))
        _COUNTY_CACHE[key] = (GridPolygonIndex(geoms, priority), SegmentNearest(_equal_area(geoms), rank))
    return _COUNTY_CACHE[key]


def _ensure_4326(gdf: Any, what: str) -> Any:
    if gdf.crs is not None and not gdf.crs.equals(pyproj.CRS("EPSG:4326")):
        if gdf.crs.equals(pyproj.CRS("EPSG:4490")):
            return gdf.set_crs("EPSG:4326", allow_override=True)
        return gdf.to_crs("EPSG:4326")
    return gdf


# --------------------------------------------------------------------------------------------- compute


_AGG = ("firms", "firms_in_parks", "output_total", "output_in_parks")


@dataclass
class Partial:
    """Sums over one chunk of firms; ``combine`` adds partials (the dask reduction)."""

    park_firms: np.ndarray
    park_output: np.ndarray
    county: np.ndarray  # (n_counties, 4): firms, firms_in_parks, output_total, output_in_parks
    sector: pd.DataFrame  # index sector, columns _AGG
    outside: pd.DataFrame
    outside_count: int
    bad: pd.DataFrame
    overlaps: int
    snapped: int
    assignments: pd.DataFrame | None = None


def locate(firms: ValidFirms, ctx: Context) -> dict[str, np.ndarray]:
    """Assign each firm a county position (or -1), a park position (or -1) and its park hit count."""
    order = lon_order(firms.lon)
    county, _ = ctx.counties.locate(firms.lon, firms.lat, order)
    park, hits = ctx.parks.locate(firms.lon, firms.lat, order)
    snapped = np.zeros(len(firms), dtype=bool)
    miss = np.flatnonzero(county < 0)
    if len(miss):
        x, y = _TO_EQUAL_AREA.transform(firms.lon[miss], firms.lat[miss])
        near, d = ctx.county_near.nearest(np.asarray(x), np.asarray(y))
        ok = (near >= 0) & (d <= COUNTY_SNAP_M)
        county[miss[ok]] = near[ok]
        snapped[miss[ok]] = True
    return {"county": county, "park": park, "hits": hits, "snapped": snapped}


def partial(
    firms: ValidFirms,
    bad: pd.DataFrame,
    ctx: Context,
    *,
    keep_outside: bool = True,
    keep_assignments: bool = False,
    top_n: int = OUTSIDE_TOP_N,
) -> Partial:
    """Locate a chunk of validated firms and sum it (the map step)."""
    loc = locate(firms, ctx)
    county = loc["county"]
    outside_fj = county < 0
    in_kinmen = np.zeros(len(firms), dtype=bool)
    in_kinmen[~outside_fj] = ~ctx.county_table["in_statistics"].to_numpy()[county[~outside_fj]]
    extra = []
    if outside_fj.any():
        extra.append(
            _bad(
                firms.row[outside_fj],
                "lon,lat",
                [
                    f"{a:.6f}, {b:.6f}"
                    for a, b in zip(firms.lon[outside_fj], firms.lat[outside_fj], strict=True)
                ],
                "outside Fujian (in no county) / 不在福建任何县区内",
            )
        )
    if in_kinmen.any():
        extra.append(
            _bad(
                firms.row[in_kinmen],
                "lon,lat",
                [
                    f"{a:.6f}, {b:.6f}"
                    for a, b in zip(firms.lon[in_kinmen], firms.lat[in_kinmen], strict=True)
                ],
                "in 金门县, not in Fujian's statistics / 金门县不纳入全省统计",
            )
        )
    keep = ~outside_fj & ~in_kinmen
    if not keep.all():
        firms = firms.take(keep)
        loc = {k: v[keep] for k, v in loc.items()}
        bad = pd.concat([bad, *extra], ignore_index=True)
    county, park, hits = loc["county"], loc["park"], loc["hits"]
    inside = park >= 0
    out = firms.output
    n_parks = len(ctx.park_table)
    n_cty = len(ctx.county_table)
    park_firms = np.bincount(park[inside], minlength=n_parks).astype("int64")
    park_output = np.bincount(park[inside], weights=out[inside], minlength=n_parks)
    cagg = np.column_stack(
        [
            np.bincount(county, minlength=n_cty),
            np.bincount(county[inside], minlength=n_cty),
            np.bincount(county, weights=out, minlength=n_cty),
            np.bincount(county[inside], weights=out[inside], minlength=n_cty),
        ]
    )
    if firms.sector is not None:
        uniq = np.append(firms.sector_names, NO_SECTOR)
        codes = np.where(firms.sector < 0, len(uniq) - 1, firms.sector)
        k = len(uniq)
        sec = pd.DataFrame(
            {
                "firms": np.bincount(codes, minlength=k),
                "firms_in_parks": np.bincount(codes[inside], minlength=k),
                "output_total": np.bincount(codes, weights=out, minlength=k),
                "output_in_parks": np.bincount(codes[inside], weights=out[inside], minlength=k),
            },
            index=pd.Index(uniq.astype(str), name="sector"),
        )
    else:
        sec = pd.DataFrame(columns=list(_AGG), index=pd.Index([], name="sector"))
    oidx = np.flatnonzero(~inside)
    near, dist = ctx.parks.nearest(firms.lon[oidx], firms.lat[oidx])
    outside = pd.DataFrame(
        {
            "row": firms.row[oidx],
            "lon": firms.lon[oidx],
            "lat": firms.lat[oidx],
            "output": out[oidx],
            "county_pos": county[oidx],
            "nearest_pos": near,
            "distance_m": dist,
        }
    )
    fnames = firms.firm_names(oidx)
    if fnames is not None:
        outside["firm"] = fnames.to_numpy()
    if firms.sector is not None:
        outside["sector"] = pd.Categorical.from_codes(codes[oidx], categories=pd.Index(uniq))
    if not keep_outside:
        outside = outside.sort_values(["distance_m", "row"]).head(top_n)
    assignments = None
    if keep_assignments:
        assignments = pd.DataFrame({"row": firms.row, "park_pos": park, "county_pos": county})
    return Partial(
        park_firms,
        park_output,
        cagg,
        sec,
        outside,
        len(oidx),
        bad,
        int((hits > 1).sum()),
        int(loc["snapped"].sum()),
        assignments,
    )


def combine(parts: list[Partial], *, keep_outside: bool = True, top_n: int = OUTSIDE_TOP_N) -> Partial:
    """Add partials (the reduce step); order-independent apart from float addition order."""
    first = parts[0]
    sec = [p.sector for p in parts if len(p.sector)]
    sector = pd.concat(sec).groupby(level=0, sort=False).sum() if sec else first.sector
    outside = pd.concat([p.outside for p in parts], ignore_index=True)
    if not keep_outside:
        outside = outside.sort_values(["distance_m", "row"]).head(top_n)
    assign = [p.assignments for p in parts if p.assignments is not None]
    return Partial(
        park_firms=np.sum([p.park_firms for p in parts], axis=0),
        park_output=np.sum([p.park_output for p in parts], axis=0),
        county=np.sum([p.county for p in parts], axis=0),
        sector=sector,
        outside=outside,
        outside_count=sum(p.outside_count for p in parts),
        bad=pd.concat([p.bad for p in parts], ignore_index=True),
        overlaps=sum(p.overlaps for p in parts),
        snapped=sum(p.snapped for p in parts),
        assignments=pd.concat(assign, ignore_index=True) if assign else None,
    )


def _share(num: Any, den: Any) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(den) > 0, np.asarray(num) / np.asarray(den), np.nan)


@dataclass
class ParkShareResult:
    """Park share of one year: province, per park / city / county / sector, outside firms, bad rows."""

    year: int | None
    province: dict[str, Any]
    by_park: pd.DataFrame
    by_city: pd.DataFrame
    by_county: pd.DataFrame
    by_sector: pd.DataFrame
    outside: pd.DataFrame
    outside_count: int
    bad_rows: pd.DataFrame
    rules: dict[str, str]
    info: dict[str, Any] = field(default_factory=dict)
    assignments: pd.DataFrame | None = None

    def session_value(self) -> dict[str, Any]:
        """What the app stores in ``st.session_state["parkshare_result"]``: ``{"year", "park_share"}``."""
        return {"year": self.year, "park_share": self.province["park_share"]}

    def to_dict(self, *, top_n: int = OUTSIDE_TOP_N, bad_limit: int = 200) -> dict[str, Any]:
        """JSON-ready dict (keys documented in docs/parkshare.md)."""
        bad = self.bad_rows.sort_values(["row", "field"]).head(bad_limit)
        return _jsonable(
            {
                "year": self.year,
                "province": self.province,
                "by_park": self.by_park.to_dict(orient="records"),
                "by_city": self.by_city.to_dict(orient="records"),
                "by_county": self.by_county.to_dict(orient="records"),
                "by_sector": self.by_sector.to_dict(orient="records"),
                "outside": {
                    "count": self.outside_count,
                    "nearest": self.outside.head(top_n).to_dict(orient="records"),
                },
                "bad_rows": {
                    "count_rows": int(self.bad_rows["row"].nunique()),
                    "count_problems": len(self.bad_rows),
                    "by_problem": {
                        str(k): int(v) for k, v in self.bad_rows["problem"].value_counts().items()
                    },
                    "rows": bad.to_dict(orient="records"),
                    "listed": len(bad),
                },
                "parks_source": self.info.get("parks_source"),
                "parks_note": self.info.get("parks_note"),
                "input": {k: self.info.get(k) for k in ("file", "coords", "columns", "rows_read")},
                "rules": self.rules,
            }
        )

    def equals(self, other: ParkShareResult, *, rtol: float = 1e-9) -> bool:
        """True when counts are identical and sums agree to ``rtol`` (float addition order may differ)."""

        def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
            if list(a.columns) != list(b.columns) or len(a) != len(b):
                return False
            for c in a.columns:
                x, y = a[c].to_numpy(), b[c].to_numpy()
                if pd.api.types.is_float_dtype(x.dtype):
                    if not np.allclose(x, y, rtol=rtol, atol=0, equal_nan=True):
                        return False
                elif not (
                    pd.Series(x).fillna("<NA>").astype(str).to_numpy()
                    == pd.Series(y).fillna("<NA>").astype(str).to_numpy()
                ).all():
                    return False
            return True

        pa = pd.DataFrame([self.province])
        pb = pd.DataFrame([other.province])
        sa = self.by_sector.reset_index(drop=True)
        sb = other.by_sector.reset_index(drop=True)
        n = min(len(self.outside), len(other.outside), OUTSIDE_TOP_N)
        ba = self.bad_rows.sort_values(["row", "field", "problem"]).reset_index(drop=True)
        bb = other.bad_rows.sort_values(["row", "field", "problem"]).reset_index(drop=True)
        return (
            same(pa, pb)
            and same(self.by_park, other.by_park)
            and same(self.by_city, other.by_city)
            and same(self.by_county, other.by_county)
            and same(sa, sb)
            and self.outside_count == other.outside_count
            and same(
                self.outside.head(n)[["row", "nearest_park", "distance_m"]],
                other.outside.head(n)[["row", "nearest_park", "distance_m"]],
            )
            and same(ba[["row", "field", "problem"]], bb[["row", "field", "problem"]])
        )


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        v = float(obj)
        return None if not np.isfinite(v) else v
    if isinstance(obj, np.bool_):
        return bool(obj)
    if obj is pd.NA or obj is pd.NaT:
        return None
    return obj


def _natural_order(values: pd.Series) -> np.ndarray:
    """Positions sorting labels numerically when they are numbers ("2" before "10"), else as text."""
    num = pd.to_numeric(values, errors="coerce")
    key = pd.DataFrame(
        {"nan": num.isna().to_numpy(), "num": num.fillna(0).to_numpy(), "txt": values.astype(str)}
    )
    return key.sort_values(["nan", "num", "txt"], kind="stable").index.to_numpy()


def _labels(pos: np.ndarray, labels: pd.Series) -> pd.Categorical:
    """Labels looked up by position (-1 → missing), as a categorical (no per-row Python objects)."""
    cats = pd.Index(labels.astype(str).to_numpy())
    if cats.has_duplicates:  # e.g. two parks with the same name: fall back to plain values
        arr = labels.to_numpy(dtype=object)[np.maximum(pos, 0)]
        return pd.Categorical(np.where(pos >= 0, arr, None))
    return pd.Categorical.from_codes(np.asarray(pos, dtype="int64"), categories=cats)


def finish(total: Partial, ctx: Context, info: dict[str, Any]) -> ParkShareResult:
    """Turn combined sums into the result tables."""
    pt = ctx.park_table
    cty = ctx.county_table
    c = pd.DataFrame(total.county, columns=list(_AGG))
    for k in ("firms", "firms_in_parks"):
        c[k] = c[k].round().astype("int64")
    prov = c.sum()
    province = {
        "firms": int(prov["firms"]),
        "firms_in_parks": int(prov["firms_in_parks"]),
        "output_total": float(prov["output_total"]),
        "output_in_parks": float(prov["output_in_parks"]),
    }
    province["park_share"] = float(_share(province["output_in_parks"], province["output_total"]))
    province["plan_target_share"] = PLAN_TARGET_SHARE
    province["plan_target_source"] = PLAN_TARGET_SOURCE
    ps = province["park_share"]
    province["gap_to_target_pct_points"] = None if np.isnan(ps) else round((ps - PLAN_TARGET_SHARE) * 100, 6)
    province["meets_target"] = None if np.isnan(ps) else bool(ps >= PLAN_TARGET_SHARE)
    province["firms_in_overlapping_parks"] = total.overlaps
    province["firms_snapped_to_county"] = total.snapped
    province["approximate_parks"] = ctx.approximate

    by_county = pd.concat([cty[["adcode", "county_zh", "city_adcode", "city_zh"]], c], axis=1)
    by_county = by_county[by_county["firms"] > 0].reset_index(drop=True)
    by_county["park_share"] = _share(by_county["output_in_parks"], by_county["output_total"])
    by_city = (
        pd.concat([cty[["city_adcode", "city_zh"]], c], axis=1)
        .groupby(["city_adcode", "city_zh"], as_index=False, sort=True)[list(_AGG)]
        .sum()
    )
    by_city = by_city[by_city["firms"] > 0].reset_index(drop=True)
    by_city["park_share"] = _share(by_city["output_in_parks"], by_city["output_total"])

    by_park = pt.copy()
    by_park["firms"] = total.park_firms
    by_park["output"] = total.park_output
    by_park["share_of_province_output"] = _share(by_park["output"], province["output_total"])
    by_park = by_park.sort_values(["output", "park_id"], ascending=[False, True]).reset_index(drop=True)

    by_sector = total.sector[total.sector["firms"] > 0].copy() if len(total.sector) else total.sector
    if len(by_sector):
        for k in ("firms", "firms_in_parks"):
            by_sector[k] = by_sector[k].astype("int64")
        by_sector = by_sector.reset_index()
        by_sector = by_sector.iloc[_natural_order(by_sector["sector"])].reset_index(drop=True)
        by_sector["park_share"] = _share(by_sector["output_in_parks"], by_sector["output_total"])
    else:
        by_sector = pd.DataFrame(columns=["sector", *_AGG, "park_share"])

    out = total.outside.sort_values(["distance_m", "row"]).reset_index(drop=True)
    pos = out.pop("nearest_pos").to_numpy()
    cpos = out.pop("county_pos").to_numpy()
    out["nearest_park"] = _labels(pos, pt["park_id"])
    out["nearest_park_name"] = _labels(pos, pt["name_zh"])
    out["city_zh"] = _labels(cpos, cty["city_zh"])
    out["county_zh"] = _labels(cpos, cty["county_zh"])

    assignments = None
    if total.assignments is not None:
        a = total.assignments.sort_values("row").reset_index(drop=True)
        ppos = a["park_pos"].to_numpy()
        assignments = pd.DataFrame(
            {
                "row": a["row"].to_numpy(),
                "park_id": np.where(ppos >= 0, pt["park_id"].to_numpy()[np.maximum(ppos, 0)], None),
                "county_adcode": cty["adcode"].to_numpy()[a["county_pos"].to_numpy()],
            }
        )
    bad = total.bad.sort_values(["row", "field"], kind="stable").reset_index(drop=True)
    rules = dict(RULES)
    rules["row_numbering"] = (
        "row = the row number shown in Excel (header is row 1)"
        if info.get("row_offset", 2) == 2
        else "row = 1-based record number in the file"
    )
    if ctx.approximate:
        rules["parks"] = ctx.parks_note
    meta = dict(info)
    meta["parks_source"] = ctx.parks_source
    meta["parks_note"] = ctx.parks_note
    return ParkShareResult(
        info.get("year"),
        province,
        by_park,
        by_city,
        by_county,
        by_sector,
        out,
        total.outside_count,
        bad,
        rules,
        meta,
        assignments,
    )


def compute_parkshare(
    firms: pd.DataFrame,
    ctx: Context,
    *,
    year: int | None = None,
    coords: str = "wgs84",
    keep_assignments: bool = False,
) -> ParkShareResult:
    """Park share on one machine.

    Parameters
    ----------
    firms
        Firm table (see :func:`validate_firms`).
    ctx
        Parks and counties from :func:`build_context` (build once, reuse across calls).
    year, coords
        As in :func:`validate_firms`.
    keep_assignments
        Also return each valid firm's park id and county adcode (``result.assignments``).
    """
    valid, bad, info = validate_firms(firms, year=year, coords=coords)
    info["row_offset"] = int(firms.attrs.get("row_offset", 2))
    part = partial(valid, bad, ctx, keep_assignments=keep_assignments)
    return finish(part, ctx, info)


# --------------------------------------------------------------------------------------------- dask


_PART_SHIFT = 40  # ``_row`` = input partition number << 40 | row within that partition


def _hilbert_key(
    pdf: pd.DataFrame, lon_c: str, lat_c: str, partition_info: dict | None = None
) -> pd.DataFrame:
    """Add ``_row`` (input partition and local row) and ``_hilbert``: distance along dask-geopandas' level-16
    Hilbert curve over Fujian's box.

    Rows without usable coordinates get key 0 (validation lists them as bad rows later).
    """
    part = int((partition_info or {}).get("number", 0))
    pdf = pdf.assign(_row=(np.int64(part) << _PART_SHIFT) + np.arange(len(pdf), dtype="int64"))
    from dask_geopandas.hilbert_distance import _continuous_to_discrete_coords, _encode

    lon, _ = _numbers(pdf[lon_c])
    lat, _ = _numbers(pdf[lat_c])
    ok = np.isfinite(lon) & np.isfinite(lat)
    key = np.zeros(len(pdf), dtype="int64")
    if ok.any():
        x0, y0, x1, y1 = FUJIAN_BOUNDS
        cx = np.clip(lon[ok], x0, x1)
        cy = np.clip(lat[ok], y0, y1)
        x, y = _continuous_to_discrete_coords(np.column_stack([cx, cy, cx, cy]), 16, np.array(FUJIAN_BOUNDS))
        key[ok] = _encode(16, x, y)
    return pdf.assign(_hilbert=key)


def _dask_partial(
    pdf: pd.DataFrame,
    ctx: Context,
    year: int | None,
    coords: str,
    row_offset: int,
    starts: np.ndarray,
    keep_assignments: bool,
    top_n: int,
) -> Partial:
    pdf = pdf.sort_values("_row")
    valid, bad, _ = validate_firms(
        pdf.drop(columns=["_row", "_hilbert"], errors="ignore"), year=year, coords=coords, row_offset=0
    )
    # rows: global position + offset (validate_firms numbered the partition's own rows from 0)
    rid = pdf["_row"].to_numpy(dtype="int64")
    original = starts[rid >> _PART_SHIFT] + (rid & ((1 << _PART_SHIFT) - 1)) + row_offset
    valid.row = original[valid.row]
    if len(bad):
        bad = bad.assign(row=original[bad["row"].to_numpy()])
    return partial(valid, bad, ctx, keep_outside=False, keep_assignments=keep_assignments, top_n=top_n)


def compute_parkshare_dask(
    firms: Any,
    ctx: Context,
    *,
    year: int | None = None,
    coords: str = "wgs84",
    scheduler: Any = None,
    npartitions: int | None = None,
    keep_assignments: bool = False,
    top_n: int = OUTSIDE_TOP_N,
    row_offset: int | None = None,
) -> ParkShareResult:
    """The same computation, spatially partitioned on dask (dask-geopandas Hilbert shuffle).

    Parameters
    ----------
    firms
        A pandas DataFrame, a dask DataFrame, or a path / glob of Parquet files (read lazily by the workers).
    ctx
        As for :func:`compute_parkshare`; sent to the workers once.
    scheduler
        ``None`` (dask's default scheduler, e.g. a running ``Client``), ``"threads"``/``"processes"``/
        ``"sync"``, a ``distributed.Client``, or a scheduler address such as ``"tcp://10.0.0.5:8786"``
        (a multi-machine cluster: the workers need this package importable).
    npartitions
        Number of spatial partitions (default: the input's partitions, at least 2 per worker core).
    keep_assignments
        Also bring back each firm's park and county (for checks; costs memory at scale).

    Returns
    -------
    ParkShareResult
        Equal to :func:`compute_parkshare`'s (counts identical, sums to float addition order); ``outside``
        holds the ``top_n`` nearest outside firms only (``outside_count`` counts them all).
    """
    import dask
    import dask.dataframe as dd

    client = None
    if isinstance(scheduler, str) and "://" in scheduler:
        from distributed import Client

        client = Client(scheduler)
        scheduler = client
    try:
        if isinstance(firms, (str, Path)):
            ddf = dd.read_parquet(str(firms))
            offset = 1 if row_offset is None else row_offset
            fname = Path(str(firms)).name
        elif isinstance(firms, pd.DataFrame):
            ddf = dd.from_pandas(firms, npartitions=npartitions or 8, sort=False)
            offset = int(firms.attrs.get("row_offset", 2)) if row_offset is None else row_offset
            fname = firms.attrs.get("file")
        else:
            ddf = firms
            offset = 2 if row_offset is None else row_offset
            fname = None
        probe = ddf._meta
        lon_c = find_column(probe, COLUMN_ALIASES["lon"])
        lat_c = find_column(probe, COLUMN_ALIASES["lat"])
        if lon_c is None or lat_c is None:
            raise DataValidationError(
                "no lon/lat columns",
                file=fname,
                field="lon",
                hint="name the columns 'lon'/'lat' or '经度'/'纬度'",
            )
        # one read of the input: local row ids, Hilbert keys, kept in (distributed) memory
        keyed = ddf.map_partitions(
            _hilbert_key, lon_c, lat_c, meta=ddf._meta.assign(_row=np.int64(0), _hilbert=np.int64(0))
        )
        runner = client if client is not None else (scheduler if hasattr(scheduler, "persist") else None)
        clock = time.perf_counter()
        keyed = runner.persist(keyed) if runner is not None else keyed.persist(scheduler=scheduler)
        lengths = keyed.map_partitions(len).compute(scheduler=scheduler)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype("int64")
        timings = {"read_key_persist_s": time.perf_counter() - clock}
        if year is None:
            ycol = find_column(probe, COLUMN_ALIASES["year"])
            if ycol is not None:
                years = firm_years(keyed[[ycol]].drop_duplicates().compute(scheduler=scheduler))
                if len(years) > 1:
                    raise DataValidationError(
                        f"the table holds several years ({', '.join(map(str, years))})",
                        file=fname,
                        field=ycol,
                        hint="choose one with year=",
                    )
                year = years[0] if years else None
        nparts = npartitions or max(ddf.npartitions, 2)
        # range-partition on the Hilbert key (what dask_geopandas' spatial_shuffle does with set_index)
        clock = time.perf_counter()
        spatial = keyed.set_index("_hilbert", npartitions=nparts, drop=True)
        timings["divisions_s"] = time.perf_counter() - clock
        clock = time.perf_counter()
        ctx_d = dask.delayed(ctx, pure=True) if client is None else client.scatter(ctx, broadcast=True)
        tasks = [
            dask.delayed(_dask_partial)(p, ctx_d, year, coords, offset, starts, keep_assignments, top_n)
            for p in spatial.to_delayed()
        ]
        # tree reduction of partials
        while len(tasks) > 1:
            tasks = [
                dask.delayed(combine)(tasks[i : i + 8], keep_outside=False, top_n=top_n)
                for i in range(0, len(tasks), 8)
            ]
        total = (
            client.compute(tasks[0]).result()
            if client is not None
            else dask.compute(tasks[0], scheduler=scheduler)[0]
        )
        timings["shuffle_place_sum_s"] = time.perf_counter() - clock
    finally:
        if client is not None:
            client.close()
    info = {
        "file": fname,
        "year": year,
        "coords": coords,
        "row_offset": offset,
        "rows_read": int(np.sum(lengths)),
        "partitions": nparts,
        "columns": {"lon": lon_c, "lat": lat_c},
        "timings": timings,
    }
    return finish(total, ctx, info)


# --------------------------------------------------------------------------------------------- parks


def approximate_footprints(parks: Any) -> tuple[Any, list[str]]:
    """Circles of each park's approved area (``figures`` key ``approved_area_ha``) around its point.

    Returns the footprint GeoDataFrame (``geometry_quality`` = ``approximate``) and the ids of parks left out
    because they have no approved area. These are NOT boundaries: results built on them are flagged.
    """
    import geopandas as gpd

    ids, radii, pts, skipped = [], [], [], []
    for pid, rec in parks.iterrows():
        geom = rec.geometry
        area = None
        for fig in rec.get("figures") or []:
            if (
                isinstance(fig, dict)
                and fig.get("key") == "approved_area_ha"
                and fig.get("value") is not None
            ):
                area = float(fig["value"])
                break
        if geom is None or geom.is_empty or not area or area <= 0:
            skipped.append(str(pid))
            continue
        ids.append(str(pid))
        radii.append(np.sqrt(area * 1e4 / np.pi))
        pts.append(geom.centroid if geom.geom_type != "Point" else geom)
    sub = parks.loc[ids] if ids else parks.iloc[:0]
    ea = gpd.GeoSeries(pts, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    circles = ea.buffer(np.asarray(radii), quad_segs=16).to_crs("EPSG:4326")
    out = gpd.GeoDataFrame(
        {
            "id": ids,
            "name_zh": sub.get("name_zh", pd.Series("", index=sub.index)).to_numpy(),
            "name_en": sub.get("name_en", pd.Series("", index=sub.index)).to_numpy(),
            "city": sub.get("city", pd.Series("", index=sub.index)).to_numpy(),
            "geometry_quality": "approximate",
        },
        geometry=circles.to_numpy(),
        crs="EPSG:4326",
    )
    return out, skipped


APPROX_NOTE = (
    "APPROXIMATE FOOTPRINTS / 近似范围: shipped parks are approximate points (no public boundaries); each park is "
    "drawn as a circle of its catalogue approved area (核准面积) around that point. Positions may be off by "
    "kilometres, so the share is indicative only — load real boundaries for the true figure."
)


def load_park_boundaries(
    source: str | Path | bytes | io.IOBase, *, name: str | None = None, crs: str | None = None
) -> Any:
    """Read a user park-boundary file (GeoPackage, GeoJSON, zipped shapefile, KML) as polygons in EPSG:4326.

    Uses :func:`gis.io.read_vector` (safe reading, CRS detection, repairs reported). An ``id`` column is
    kept as the park id, else ``park_id`` / ``code`` / ``编号``, else the feature number.
    """
    from gis.io import read_vector

    res = read_vector(source, name=name, crs=crs)
    gdf = res.gdf
    idcol = next(
        (c for c in ("id", "park_id", "code", "zone_code", "编号", "园区编号") if c in gdf.columns), None
    )
    ids = (
        gdf[idcol].astype(str)
        if idcol
        else gdf.get("_feature", pd.Series(range(1, len(gdf) + 1), index=gdf.index)).astype(str)
    )
    gdf = gdf.assign(id=ids.to_numpy())
    gdf.attrs["file"] = res.file
    return gdf


def file_note(name: str) -> str:
    """Bilingual note naming the park boundary file used."""
    return f"园区边界文件 {name} / park boundaries from {name}"


def _footprint_parks(parks: Any) -> tuple[Any, list[str], int]:
    import geopandas as gpd

    poly = parks.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    foot, skipped = approximate_footprints(parks[~poly])
    keep = parks[poly]
    if len(keep):
        keep = keep.assign(id=keep.index.astype(str))
        cols = [c for c in ("id", "name_zh", "name_en", "city", "geometry_quality") if c in keep.columns]
        foot = gpd.GeoDataFrame(
            pd.concat([keep[cols + ["geometry"]].reset_index(drop=True), foot], ignore_index=True),
            geometry="geometry",
            crs="EPSG:4326",
        )
    return foot, skipped, int(poly.sum())


def default_context(
    parks_file: str | Path | None = None,
    *,
    approximate: bool = False,
    counties: Any = None,
    parks: Any = None,
) -> Context:
    """Context from a park boundary file, or from the atlas's parks (shipped + the user's accepted boundaries).

    The shipped parks are approximate points: with no ``parks_file`` only parks that have a boundary polygon
    (accepted in the user store) can hold firms. When none has one, this raises unless ``approximate`` is
    true, which draws every point park as a circle of its approved area (flagged "approximate footprint").
    """
    if counties is None:
        from gis.boundaries import load_boundaries

        counties = load_boundaries("county")
    if parks_file is not None:
        gdf = load_park_boundaries(parks_file)
        return build_context(
            gdf,
            counties,
            parks_source="file",
            parks_note=file_note(gdf.attrs.get("file") or Path(str(parks_file)).name),
        )
    store_note = ""
    if parks is None:
        from gis.errors import StoreError
        from gis.store import merged_parks

        try:
            parks = merged_parks()
        except StoreError as exc:  # an unreadable user store must not stop the computation
            from gis.parks import load_parks

            parks = load_parks()
            store_note = f" (user store not read: {exc.message})"
    poly = parks.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    if approximate:
        foot, skipped, n_poly = _footprint_parks(parks)
        note = APPROX_NOTE + f" ({n_poly} parks with boundary polygons used as they are.){store_note}"
        if skipped:
            note += (
                f" {len(skipped)} parks without an approved area are left out: {', '.join(skipped[:20])}"
                + ("…" if len(skipped) > 20 else "")
            )
        return build_context(foot, counties, parks_source="approximate_footprint", parks_note=note)
    if not poly.any():
        raise DataValidationError(
            f"the atlas's {len(parks)} parks are approximate points, not boundaries: no firm can be placed inside "
            "them",
            file="data/parks.geojson",
            field="geometry",
            hint="give park boundary polygons with --parks FILE (or accept boundaries on the data page), or ask "
            "for an indicative share with --approximate-footprints (circles of each park's approved area)",
        )
    sub = parks[poly]
    sub = sub.assign(id=sub.index.astype(str))
    missing = [str(i) for i in parks.index[~poly]]
    note = (
        f"{len(sub)} 个园区有已接受的边界，{len(missing)} 个仅有点位的园区无法容纳企业、未计入 / "
        f"{len(sub)} parks with accepted boundaries; {len(missing)} point-only parks cannot hold firms and are "
        f"left out{store_note}"
    )
    return build_context(sub, counties, parks_source="atlas_boundaries", parks_note=note)
