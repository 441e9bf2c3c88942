"""Checking a firm table: columns, year, coordinates, output; every bad row listed with its field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from clusters.parkshare.input import ValidFirms, _bad, _numbers, _sector_label
from clusters.parkshare.rules import FIRM_COORDS, FIRM_NAME_ALIASES
from gis.coords import to_wgs84
from gis.errors import CRSError, DataValidationError
from gis.settings import FUJIAN_BOUNDS
from gis.tabular import COLUMN_ALIASES, find_column, parse_coordinates
from gis.text import Pair

_SWAPPED = Pair("超出福建范围（经纬度颠倒？）", "outside Fujian — lon and lat swapped?")
_OUTSIDE = Pair("超出福建范围", "outside Fujian")
#: Required columns with their Chinese names (for the error and its hint).
_REQUIRED = (("lon", "经度"), ("lat", "纬度"), ("output", "产值"))


@dataclass
class _Check:
    """Working state of one validation: the table, its row numbers, the rows still valid, the problems."""

    df: pd.DataFrame
    cols: dict[str, Any]
    rows: np.ndarray
    ok: np.ndarray
    fname: str | None
    bad: list[pd.DataFrame] = field(default_factory=list)

    def flag(self, mask: np.ndarray, column: str, problem: Pair, values: Any = None) -> None:
        """List the rows of ``mask`` as bad in ``column`` (values from the table unless given)."""
        if mask.any():
            vals = self.df[column].to_numpy()[mask] if values is None else values
            self.bad.append(_bad(self.rows[mask], column, vals, problem))


def _coords_key(coords: str, fname: str | None) -> str:
    key = coords.lower().replace("-", "").replace("_", "")
    if key not in FIRM_COORDS:
        raise CRSError(
            f"unknown coordinate system {coords!r}",
            file=fname,
            hint="use one of " + ", ".join(FIRM_COORDS),
            message_zh=f"未知的坐标系 {coords!r}",
            hint_zh="请使用以下之一：" + "、".join(FIRM_COORDS),
        )
    return key


def _columns(df: pd.DataFrame, fname: str | None) -> dict[str, Any]:
    cols: dict[str, Any] = {k: find_column(df, COLUMN_ALIASES[k]) for k in ("lon", "lat", "output", "year")}
    cols["sector"] = find_column(df, COLUMN_ALIASES["sector"])
    cols["name"] = find_column(df, FIRM_NAME_ALIASES)
    found = ", ".join(map(str, df.columns[:12]))
    for k, zh in _REQUIRED:
        if cols[k] is None:
            raise DataValidationError(
                f"no {k} column (found: {found})",
                file=fname,
                field=k,
                hint=f"name the column '{k}' or '{zh}'",
                message_zh=f"缺少{zh}列（现有列：{found}）",
                hint_zh=f"请将该列命名为“{zh}”或“{k}”",
            )
    return cols


def _only_year(years: np.ndarray, fname: str | None, ycol: str) -> int | None:
    """The one year of a table (None without any); an error naming them when there are several."""
    if len(years) > 1:
        listed = ", ".join(map(str, years[:10]))
        raise DataValidationError(
            f"the table holds several years ({listed})",
            file=fname,
            field=ycol,
            hint="choose one with --year (or the year box)",
            message_zh=f"表中含多个年份（{listed}）",
            hint_zh="请用 --year（或页面上的年份框）选定一个年份",
        )
    return int(years[0]) if len(years) else None


def table_year(df: pd.DataFrame, year: int | None = None) -> int | None:
    """The year :func:`validate_firms` would use for the whole of ``df`` (so parts of it can be checked
    apart with the same year): ``year`` when given, else the table's only year (error when several)."""
    if year is not None:
        return year
    ycol = find_column(df, COLUMN_ALIASES["year"])
    if ycol is None:
        return None
    yv, _ = _numbers(df[ycol])
    ok = np.isfinite(yv) & (np.mod(yv, 1) == 0)
    return _only_year(np.unique(yv[ok]).astype(int), df.attrs.get("file"), str(ycol))


def _check_year(chk: _Check, year: int | None) -> int | None:
    """Flag rows without a whole year and rows of other years; return the year used."""
    ycol = chk.cols["year"]
    if ycol is None:
        return year
    yv, _ = _numbers(chk.df[ycol])
    yok = np.isfinite(yv) & (np.mod(yv, 1) == 0)
    chk.flag(~yok, ycol, Pair("年份缺失或非整数", "year missing or not a whole number"))
    chk.ok &= yok
    if year is None:
        year = _only_year(np.unique(yv[yok]).astype(int), chk.fname, str(ycol))
    if year is not None:
        other = yok & (yv != year)
        chk.flag(other, ycol, Pair(f"非{year}年数据", f"other year, not {year}"))
        chk.ok &= ~other
    return year


def _check_coords(chk: _Check) -> tuple[np.ndarray, np.ndarray]:
    """Flag rows without numeric lon/lat; return the parsed lon, lat."""
    lon, lon_present = parse_coordinates(chk.df[chk.cols["lon"]])  # the one coordinate rule
    lat, lat_present = parse_coordinates(chk.df[chk.cols["lat"]])
    for c, vals, present in ((chk.cols["lon"], lon, lon_present), (chk.cols["lat"], lat, lat_present)):
        chk.flag(chk.ok & ~present, c, Pair("缺少坐标", "no coordinates"))
        chk.flag(chk.ok & present & ~np.isfinite(vals), c, Pair("坐标不是数字", "coordinate is not a number"))
    chk.ok &= np.isfinite(lon) & np.isfinite(lat)
    return lon, lat


def _check_output(chk: _Check) -> np.ndarray:
    """Flag rows without a non-negative numeric output; return the parsed output."""
    out, present = _numbers(chk.df[chk.cols["output"]])
    c = chk.cols["output"]
    ok = chk.ok
    chk.flag(ok & ~present, c, Pair("缺少产值", "no output value"))
    chk.flag(ok & present & ~np.isfinite(out), c, Pair("产值不是数字", "output is not a number"))
    chk.flag(ok & np.isfinite(out) & (out < 0), c, Pair("产值为负", "output is negative"))
    chk.ok &= np.isfinite(out) & (out >= 0)
    return out


def _to_wgs84_in_fujian(
    chk: _Check, lon: np.ndarray, lat: np.ndarray, key: str
) -> tuple[np.ndarray, np.ndarray]:
    """Convert the declared coordinates to WGS84 and flag rows outside Fujian's box (swaps named)."""
    n = len(lon)
    wlon = np.full(n, np.nan)
    wlat = np.full(n, np.nan)
    ok = chk.ok
    if ok.any():
        wlon[ok], wlat[ok] = to_wgs84(lon[ok], lat[ok], key)
    x0, y0, x1, y1 = FUJIAN_BOUNDS
    inbox = (wlon >= x0) & (wlon <= x1) & (wlat >= y0) & (wlat <= y1)
    m = ok & ~inbox
    if m.any():
        swapped = (lat >= x0) & (lat <= x1) & (lon >= y0) & (lon <= y1)
        values = np.array([f"{a}, {b}" for a, b in zip(lon[m], lat[m], strict=True)], dtype=object)
        where = f"{chk.cols['lon']},{chk.cols['lat']}"
        frames = [
            _bad(chk.rows[m][sel], where, values[sel], problem)
            for sel, problem in ((swapped[m], _SWAPPED), (~swapped[m], _OUTSIDE))
            if sel.any()
        ]
        chk.bad.append(pd.concat(frames).sort_values("row", kind="stable"))
    chk.ok &= inbox
    return wlon, wlat


def _sectors(chk: _Check) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Sector codes of the valid rows and the sector names (None without a sector column)."""
    if chk.cols["sector"] is None:
        return None, None
    col = chk.df[chk.cols["sector"]]
    if not pd.api.types.is_numeric_dtype(col.dtype):
        col = col.astype("string").str.strip().replace("", pd.NA)
    ok = chk.ok
    codes, uniq = pd.factorize(col[ok] if not ok.all() else col, sort=True)
    return codes.astype("int32"), np.array([_sector_label(v) for v in uniq], dtype=object)


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
        ``ValidFirms`` (WGS84), bad rows ``DataFrame[row, field, value, problem]``, and ``info`` (columns
        used, year, coords, file).
    """
    fname = df.attrs.get("file")
    key = _coords_key(coords, fname)
    cols = _columns(df, fname)
    offset = int(row_offset if row_offset is not None else df.attrs.get("row_offset", 2))
    n = len(df)
    chk = _Check(df, cols, np.arange(n, dtype="int64") + offset, np.ones(n, dtype=bool), fname)
    used_year = _check_year(chk, year)
    lon, lat = _check_coords(chk)
    out = _check_output(chk)
    wlon, wlat = _to_wgs84_in_fujian(chk, lon, lat, key)
    sector, sector_names = _sectors(chk)
    names = df[cols["name"]] if cols["name"] is not None else None  # as text only when looked up
    ok = chk.ok
    valid = ValidFirms(
        chk.rows[ok], wlon[ok], wlat[ok], out[ok], sector, sector_names, np.flatnonzero(ok), names
    )
    bad_df = (
        pd.concat(chk.bad, ignore_index=True) if chk.bad else _bad(np.array([], dtype="int64"), "", [], None)
    )
    info = {
        "file": fname,
        "year": used_year,
        "coords": key,
        "columns": {k: v for k, v in cols.items() if v},
        "rows_read": n,
    }
    return valid, bad_df, info
