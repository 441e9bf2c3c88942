"""The partitioned (dask) path gives the single-machine results on a few thousand points."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from clusters import parkshare as ps


def counties() -> gpd.GeoDataFrame:
    """Two adjacent square 'counties' in two cities (as in test_parkshare)."""
    return gpd.GeoDataFrame(
        {
            "adcode": ["350102", "350203"],
            "name_zh": ["甲区", "乙区"],
            "city_adcode": ["350100", "350200"],
            "city_zh": ["福州市", "厦门市"],
            "in_statistics": [True, True],
        },
        geometry=[box(119.0, 26.0, 119.5, 26.5), box(119.5, 26.0, 120.0, 26.5)],
        crs="EPSG:4326",
    )


@pytest.fixture(scope="module")
def ctx() -> ps.Context:
    rng = np.random.default_rng(11)
    polys = [
        shapely.Point(x, y).buffer(r, 12)
        for x, y, r in zip(
            rng.uniform(119.05, 119.95, 30),
            rng.uniform(26.05, 26.45, 30),
            rng.uniform(0.01, 0.06, 30),
            strict=True,
        )
    ]
    pk = gpd.GeoDataFrame(
        {"id": [f"p{i:02d}" for i in range(30)], "name_zh": [f"园{i}" for i in range(30)]},
        geometry=polys,
        crs="EPSG:4326",
    )
    return ps.build_context(pk, counties())


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    rng = np.random.default_rng(12)
    n = 4000
    df = pd.DataFrame(
        {
            "lon": rng.uniform(118.9, 120.1, n),
            "lat": rng.uniform(25.95, 26.55, n),
            "output": np.round(rng.lognormal(3, 1, n), 2).astype(object),
            "year": rng.choice([2020, 2020, 2020, 2019], n),
            "sector": rng.choice(["A", "B", "C", ""], n),
        }
    )
    df.loc[[5, 50], "lon"] = np.nan
    df.loc[7, "output"] = "n/a"
    df.attrs["row_offset"] = 2
    return df


def _same(a: ps.ParkShareResult, b: ps.ParkShareResult) -> None:
    assert a.equals(b)
    pd.testing.assert_frame_equal(a.by_park[["park_id", "firms"]], b.by_park[["park_id", "firms"]])
    pd.testing.assert_frame_equal(a.assignments.fillna("-"), b.assignments.fillna("-"))
    assert a.province["park_share"] == pytest.approx(b.province["park_share"], rel=1e-12)
    assert a.outside_count == b.outside_count
    pd.testing.assert_frame_equal(
        a.outside.head(ps.OUTSIDE_TOP_N)[["row", "nearest_park", "distance_m"]],
        b.outside[["row", "nearest_park", "distance_m"]].reset_index(drop=True),
    )


def test_threaded_partitions_equal_single_machine(ctx, firms):
    single = ps.compute_parkshare(firms, ctx, year=2020, keep_assignments=True)
    parted = ps.compute_parkshare_dask(
        firms, ctx, year=2020, scheduler="threads", npartitions=5, keep_assignments=True
    )
    assert single.province["firms"] > 2000 and single.outside_count > 0 and len(single.bad_rows) > 3
    _same(single, parted)
    assert parted.info["partitions"] == 5


def test_distributed_local_cluster_equals_single_machine(ctx, firms, tmp_path):
    distributed = pytest.importorskip("distributed")
    path = tmp_path / "firms.parquet"
    firms.assign(output=firms["output"].astype(str)).to_parquet(path, index=False)
    single = ps.compute_parkshare(ps.read_firms(path), ctx, year=2020, keep_assignments=True)
    with (
        distributed.LocalCluster(
            processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
        ) as lc,
        distributed.Client(lc) as client,
    ):
        parted = ps.compute_parkshare_dask(
            str(path), ctx, year=2020, scheduler=client, npartitions=4, keep_assignments=True
        )
    _same(single, parted)
    assert parted.bad_rows["row"].min() >= 1  # Parquet rows are record numbers


def test_scheduler_address_string(ctx, firms):
    """The multi-machine form: a scheduler address (here a local in-process cluster's)."""
    distributed = pytest.importorskip("distributed")
    single = ps.compute_parkshare(firms, ctx, year=2020)
    with distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as lc:
        parted = ps.compute_parkshare_dask(
            firms, ctx, year=2020, scheduler=lc.scheduler_address, npartitions=3
        )
    assert single.equals(parted)
