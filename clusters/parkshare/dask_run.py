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
from clusters.parkshare.input import _numbers, firm_years, read_firms
from clusters.parkshare.result import (
    STAGE_PLACE,
    STAGE_READ,
    STAGE_TABLES,
    ParkShareResult,
    compute_parkshare,
    finish,
)
from clusters.parkshare.rules import OUTSIDE_TOP_N
from clusters.parkshare.validate import validate_firms
from gis.errors import DataValidationError, FileFormatError
from gis.jobs import Progress, step
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


def _dask_frame(firms: Any, npartitions: int | None, row_offset: int | None) -> tuple[Any, int, str | None]:
    """The input as a dask DataFrame, the row-number offset and the file name (None when unknown)."""
    import dask.dataframe as dd

    if isinstance(firms, (str, Path)):
        return dd.read_parquet(str(firms)), 1 if row_offset is None else row_offset, Path(str(firms)).name
    if isinstance(firms, pd.DataFrame):
        offset = int(firms.attrs.get("row_offset", 2)) if row_offset is None else row_offset
        return (
            dd.from_pandas(firms, npartitions=npartitions or 8, sort=False),
            offset,
            firms.attrs.get("file"),
        )
    return firms, 2 if row_offset is None else row_offset, None


def _single_year(keyed: Any, probe: pd.DataFrame, fname: str | None, scheduler: Any) -> int | None:
    """The table's only year (None without a year column); an error naming them when there are several."""
    ycol = find_column(probe, COLUMN_ALIASES["year"])
    if ycol is None:
        return None
    years = firm_years(keyed[[ycol]].drop_duplicates().compute(scheduler=scheduler))
    if len(years) > 1:
        raise DataValidationError(
            f"the table holds several years ({', '.join(map(str, years))})",
            file=fname,
            field=ycol,
            hint="choose one with year=",
            message_zh=f"表中含多个年份（{'、'.join(map(str, years))}）",
            hint_zh="请用 year= 选定一个年份",
        )
    return years[0] if years else None


def _tree_reduce(tasks: list[Any], top_n: int, client: Any, scheduler: Any) -> Partial:
    """Combine the partials eight at a time until one is left, and compute it."""
    import dask

    while len(tasks) > 1:
        tasks = [
            dask.delayed(combine)(tasks[i : i + 8], keep_outside=False, top_n=top_n)
            for i in range(0, len(tasks), 8)
        ]
    if client is not None:
        return client.compute(tasks[0]).result()
    return dask.compute(tasks[0], scheduler=scheduler)[0]


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

    client = None
    if isinstance(scheduler, str) and "://" in scheduler:
        from distributed import Client

        client = Client(scheduler)
        scheduler = client
    try:
        ddf, offset, fname = _dask_frame(firms, npartitions, row_offset)
        probe = ddf._meta
        lon_c = find_column(probe, COLUMN_ALIASES["lon"])
        lat_c = find_column(probe, COLUMN_ALIASES["lat"])
        if lon_c is None or lat_c is None:
            raise DataValidationError(
                "no lon/lat columns",
                file=fname,
                field="lon",
                hint="name the columns 'lon'/'lat' or '经度'/'纬度'",
                message_zh="缺少经度/纬度列",
                hint_zh="请将列命名为“经度”/“纬度”或 lon/lat",
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
            year = _single_year(keyed, probe, fname, scheduler)
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
        total = _tree_reduce(tasks, top_n, client, scheduler)
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


def _local_cluster_run(firms: Any, ctx: Context, **kw: Any) -> ParkShareResult:
    """:func:`compute_parkshare_dask` on a local dask.distributed cluster started for this call."""
    import dask
    from distributed import Client, LocalCluster

    # unset MALLOC_TRIM_THRESHOLD_ in the workers (it slows numpy temporaries; see docs/parkshare.md)
    with (
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}),
        LocalCluster(processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        return compute_parkshare_dask(firms, ctx, scheduler=client, **kw)


def run_parkshare(
    firms: str | Path | pd.DataFrame,
    ctx: Context,
    *,
    year: int | None = None,
    coords: str = "wgs84",
    scheduler: Any = None,
    npartitions: int | None = None,
    top_n: int = OUTSIDE_TOP_N,
    progress: Progress | None = None,
) -> ParkShareResult:
    """The park share of a firm file or table, on one machine or on dask (the CLI's and the pages' entry).

    Parameters
    ----------
    firms
        A firm table, or a path (CSV / XLSX / GeoPackage are read with :func:`read_firms`; Parquet files, a
        directory or a glob of them are read lazily by the dask workers).
    scheduler
        ``None``: one machine (:func:`compute_parkshare`). ``"local"``: a local dask.distributed cluster
        started for this call. Otherwise as :func:`compute_parkshare_dask`'s ``scheduler`` (``"threads"``, a
        ``Client``, ``"tcp://host:8786"`` …).
    progress
        Optional :class:`gis.jobs.Progress` (stages; cancelling raises :class:`gis.jobs.Cancelled`). On dask
        it reports the start and the end only.
    """
    step(progress, STAGE_READ, 0.0)
    if scheduler is None:
        table = firms if isinstance(firms, pd.DataFrame) else read_firms(firms, max_bytes=None)
        return compute_parkshare(table, ctx, year=year, coords=coords, progress=progress)
    source: Any = firms
    if not isinstance(firms, pd.DataFrame):
        name = str(firms)
        lazy = name.endswith(".parquet") or "*" in name or Path(name).is_dir()
        if not Path(name).exists() and "*" not in name:
            raise FileFormatError(
                "file not found",
                file=name,
                hint="check the path",
                message_zh="找不到文件",
                hint_zh="请检查路径",
            )
        source = name if lazy else read_firms(name, max_bytes=None)
    kw: dict[str, Any] = {"year": year, "coords": coords, "npartitions": npartitions, "top_n": top_n}
    step(progress, STAGE_PLACE, 0.1)
    if scheduler == "local":
        result = _local_cluster_run(source, ctx, **kw)
    else:
        result = compute_parkshare_dask(source, ctx, scheduler=scheduler, **kw)
    step(progress, STAGE_TABLES, 1.0)
    return result
