"""Locating and summing firms: the map (:func:`partial`) and reduce (:func:`combine`) steps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusters.parkshare.context import Context
from clusters.parkshare.density import FirmDensity, firm_density
from clusters.parkshare.input import ValidFirms, _bad
from clusters.parkshare.rules import COUNTY_SNAP_M, NO_SECTOR, OUTSIDE_TOP_N
from gis.spatial import lon_order
from gis.text import Pair

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
    density: FirmDensity | None = None  # firms and output per grid cell (the map's density layer)


def locate(firms: ValidFirms, ctx: Context) -> dict[str, np.ndarray]:
    """Assign each firm a county position (or -1), a park position (or -1) and its park hit count.

    The county follows the one county rule (:mod:`gis.spatial.county`), snapping within ``COUNTY_SNAP_M``.
    """
    order = lon_order(firms.lon)
    hits_c = ctx.counties.locate(firms.lon, firms.lat, nearest_within_m=COUNTY_SNAP_M, order=order)
    park, hits = ctx.parks.locate(firms.lon, firms.lat, order)
    return {"county": hits_c.position, "park": park, "hits": hits, "snapped": hits_c.snapped}


def _lonlat(firms: ValidFirms, mask: np.ndarray) -> list[str]:
    return [f"{a:.6f}, {b:.6f}" for a, b in zip(firms.lon[mask], firms.lat[mask], strict=True)]


def _drop_outside_statistics(
    firms: ValidFirms, bad: pd.DataFrame, loc: dict[str, np.ndarray], ctx: Context
) -> tuple[ValidFirms, pd.DataFrame, dict[str, np.ndarray]]:
    """Move firms in no county (outside Fujian) and in 金门县 (not in the statistics) to the bad rows."""
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
                _lonlat(firms, outside_fj),
                Pair("不在福建任何县区内", "outside Fujian (in no county)"),
            )
        )
    if in_kinmen.any():
        extra.append(
            _bad(
                firms.row[in_kinmen],
                "lon,lat",
                _lonlat(firms, in_kinmen),
                Pair("金门县不纳入全省统计", "in 金门县, not in Fujian's statistics"),
            )
        )
    keep = ~outside_fj & ~in_kinmen
    if not keep.all():
        firms = firms.take(keep)
        loc = {k: v[keep] for k, v in loc.items()}
        bad = pd.concat([bad, *extra], ignore_index=True)
    return firms, bad, loc


def _sector_sums(firms: ValidFirms, inside: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, pd.Index]:
    """Sums per sector (empty without a sector column), each firm's sector code and the sector names."""
    out = firms.output
    if firms.sector is None:
        empty = pd.DataFrame(columns=list(_AGG), index=pd.Index([], name="sector"))
        return empty, np.zeros(0, dtype="int64"), pd.Index([])
    assert firms.sector_names is not None  # set together with firms.sector
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
    return sec, codes, pd.Index(uniq)


def _county_sums(county: np.ndarray, inside: np.ndarray, out: np.ndarray, n_cty: int) -> np.ndarray:
    return np.column_stack(
        [
            np.bincount(county, minlength=n_cty),
            np.bincount(county[inside], minlength=n_cty),
            np.bincount(county, weights=out, minlength=n_cty),
            np.bincount(county[inside], weights=out[inside], minlength=n_cty),
        ]
    )


def _outside_table(
    firms: ValidFirms, county: np.ndarray, inside: np.ndarray, ctx: Context, codes: np.ndarray, uniq: pd.Index
) -> pd.DataFrame:
    """Firms in no park, with their nearest park and the distance to its boundary."""
    oidx = np.flatnonzero(~inside)
    near, dist = ctx.parks.nearest(firms.lon[oidx], firms.lat[oidx])
    outside = pd.DataFrame(
        {
            "row": firms.row[oidx],
            "lon": firms.lon[oidx],
            "lat": firms.lat[oidx],
            "output": firms.output[oidx],
            "county_pos": county[oidx],
            "nearest_pos": near,
            "distance_m": dist,
        }
    )
    fnames = firms.firm_names(oidx)
    if fnames is not None:
        outside["firm"] = fnames.to_numpy()
    if firms.sector is not None:
        outside["sector"] = pd.Categorical.from_codes(codes[oidx], categories=uniq)
    return outside


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
    firms, bad, loc = _drop_outside_statistics(firms, bad, locate(firms, ctx), ctx)
    county, park, hits = loc["county"], loc["park"], loc["hits"]
    inside = park >= 0
    out = firms.output
    n_parks = len(ctx.park_table)
    park_firms = np.bincount(park[inside], minlength=n_parks).astype("int64")
    park_output = np.bincount(park[inside], weights=out[inside], minlength=n_parks)
    cagg = _county_sums(county, inside, out, len(ctx.county_table))
    sec, codes, uniq = _sector_sums(firms, inside)
    outside = _outside_table(firms, county, inside, ctx, codes, uniq)
    outside_count = len(outside)
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
        outside_count,
        bad,
        int((hits > 1).sum()),
        int(loc["snapped"].sum()),
        assignments,
        firm_density(firms.lon, firms.lat, out),
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
        density=_sum_density([p.density for p in parts]),
    )


def _sum_density(grids: list[FirmDensity | None]) -> FirmDensity | None:
    present = [g for g in grids if g is not None]
    if not present:
        return None
    total = present[0]
    for g in present[1:]:
        total = total + g
    return total
