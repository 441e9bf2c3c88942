"""The park share on dask: spatially partitioned (Hilbert shuffle), same partial/combine as one machine.

dask, dask-geopandas and distributed are imported inside the functions (optional, heavy).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from clusters.parkshare.compute import Partial, combine, partial
from clusters.parkshare.context import Context
from clusters.parkshare.input import _numbers, firm_years
from clusters.parkshare.result import ParkShareResult, finish
from clusters.parkshare.rules import OUTSIDE_TOP_N
from clusters.parkshare.validate import validate_firms
from gis.errors import DataValidationError
from gis.settings import FUJIAN_BOUNDS
from gis.tabular import COLUMN_ALIASES, find_column

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
    fname: str | None
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
