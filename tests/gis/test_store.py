"""User GeoPackage store: API, undo/redo, merged parks, exports (QGIS-readable, RFC 7946)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, Polygon

from gis import store
from gis.errors import AtlasError, DataValidationError, StoreError
from gis.io import gpkg_bytes, write, write_gpkg
from gis.parks import load_parks, parks_in_force, parks_version
from gis.settings import PARKS_PATH

SQ = Polygon([(119.30, 26.05), (119.31, 26.05), (119.31, 26.06), (119.30, 26.06)])
SQ2 = Polygon([(118.10, 24.60), (118.11, 24.60), (118.11, 24.61), (118.10, 24.61)])


@pytest.fixture()
def parks() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "name_zh": ["甲经济开发区", "乙园区"],
            "geometry_quality": ["approximate", "approximate"],
            "sectors": [[1, 2], [3]],
        },
        geometry=[Point(119.305, 26.055), Point(118.1, 24.5)],
        index=pd.Index(["a", "b"], name="id"),
        crs=4326,
    )


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    return tmp_path / "user.gpkg"


def _accept(path: Path, pid: str | None, geom: Polygon = SQ, name: str = "甲") -> int:
    g = gpd.GeoDataFrame({"park_id": [pid], "name_zh": [name]}, geometry=[geom], crs=4326)
    return store.accept_boundaries(g, source_file="land.zip", note="2024 survey", path=path)


def test_env_var_chooses_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env" / "s.gpkg"
    monkeypatch.setenv("FPA_STORE", str(target))
    store.save_scenario("x", {"a": 1})
    assert target.exists()
    assert store.load_scenarios() == {"x": {"a": 1}}


def test_store_is_a_geopackage_qgis_can_open(path: Path) -> None:
    _accept(path, "a")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert set(layers) == {"boundaries", "figures", "scenarios", "history"}
    assert layers["figures"] is None and layers["boundaries"] is not None
    df = pyogrio.read_dataframe(path, layer="boundaries")
    assert df.crs.to_epsg() == 4326
    assert shapely.equals_exact(df.geometry.iloc[0], SQ, tolerance=1e-7)
    assert df["park_id"].tolist() == ["a"] and df["source_file"].tolist() == ["land.zip"]


def test_accept_replace_and_undo(path: Path) -> None:
    c1 = _accept(path, "a")
    c2 = _accept(path, "a", SQ.buffer(0.001), "甲2")
    cur = store.load_user_boundaries(path=path)
    assert len(cur) == 1 and cur["change_id"].iloc[0] == c2
    assert len(store.load_user_boundaries(path=path, current=False)) == 2
    u = store.undo(path=path)
    cur = store.load_user_boundaries(path=path)
    assert cur["change_id"].tolist() == [c1]
    hist = store.history(path=path)
    assert hist.set_index("change_id").loc[c2, "undone"]
    assert hist.set_index("change_id").loc[u, "what"] == "undo"
    store.undo(u, path=path)  # redo
    assert store.load_user_boundaries(path=path)["change_id"].tolist() == [c2]
    with pytest.raises(DataValidationError):
        store.undo(999, path=path)


def test_new_parks_get_ids_and_merge(path: Path, parks: gpd.GeoDataFrame) -> None:
    _accept(path, "a")
    _accept(path, None, SQ2, "新园")
    m = store.merged_parks(path=path, parks=parks)
    assert (
        m.loc["a", "provenance"] == "user" and m.loc["a", "geometry_quality"] == "unverified"
    )  # undeclared: never "surveyed"
    assert m.loc["a", "user_source_file"] == "land.zip"
    assert m.loc["a"].geometry.equals(SQ)
    assert m.loc["b", "provenance"] == "shipped" and m.loc["b"].geometry.equals(parks.loc["b"].geometry)
    new = m[m["provenance"] == "user_new"]
    assert len(new) == 1 and new["name_zh"].iloc[0] == "新园" and new.index[0].startswith("user-")
    assert len(m) == 3
    # shipped frame untouched
    assert parks.loc["a", "geometry_quality"] == "approximate"


def test_figures_round_trip_and_latest(path: Path) -> None:
    df = pd.DataFrame(
        {
            "subject_type": ["cluster", "cluster"],
            "subject_id": ["c1", "c2"],
            "key": ["output"] * 2,
            "year": [2020, 2020],
            "value": [1200.5, 80.0],
            "unit": ["亿元"] * 2,
            "firm": ["甲", "乙"],
        }
    )
    store.save_figures(df, "stats.csv", "统计年鉴", path=path)
    store.save_figures(df.assign(value=[1300.0, 81.0]).iloc[:1], "stats2.csv", path=path)
    got = store.load_figures(path=path)
    assert sorted(got["value"].tolist()) == [80.0, 1300.0]
    assert got.set_index("subject_id").loc["c1", "source_file"] == "stats2.csv"
    assert got.set_index("subject_id").loc["c2", "firm"] == "乙"
    assert len(store.load_figures(path=path, latest=False)) == 3
    store.undo(path=path)
    assert store.load_figures(path=path).set_index("subject_id").loc["c1", "value"] == 1200.5


def test_figures_bad_values_name_row(path: Path) -> None:
    with pytest.raises(DataValidationError) as info:
        store.save_figures(pd.DataFrame({"value": [1, "12 亿"]}), "x.csv", path=path)
    assert info.value.feature == 3 and info.value.field == "value"
    assert store.history(path=path).empty  # nothing written


def test_scenarios(path: Path) -> None:
    store.save_scenario("base", {"share": 0.75, "years": [2016, 2020]}, path=path)
    store.save_scenario("base", {"share": 0.8}, path=path)
    store.save_scenario("other", {"x": None}, path=path)
    assert store.load_scenarios(path=path) == {"base": {"share": 0.8}, "other": {"x": None}}
    store.delete_scenario("other", path=path)
    assert set(store.load_scenarios(path=path)) == {"base"}
    store.undo(path=path)
    assert set(store.load_scenarios(path=path)) == {"base", "other"}
    with pytest.raises(DataValidationError):
        store.save_scenario(" ", {}, path=path)
    with pytest.raises(DataValidationError):
        store.save_scenario("bad", {"x": float("nan")}, path=path)


def test_invalid_geometry_refused_without_write(path: Path) -> None:
    bow = Polygon([(119.30, 26.05), (119.31, 26.06), (119.31, 26.05), (119.30, 26.06)])
    g = gpd.GeoDataFrame({"park_id": ["a"]}, geometry=[bow], crs=4326)
    with pytest.raises(DataValidationError):
        store.accept_boundaries(g, source_file="x", path=path)
    assert store.history(path=path).empty


def test_exports(path: Path, parks: gpd.GeoDataFrame, tmp_path: Path) -> None:
    _accept(path, "a")
    store.save_figures(pd.DataFrame({"subject_id": ["a"], "value": [3.5]}), "f.csv", path=path)
    store.save_scenario("s", {"k": 1}, path=path)
    # merged parks: GeoPackage re-read equal
    out = store.export_merged(tmp_path / "out" / "merged.gpkg", path=path, parks=parks)
    layers = [str(r[0]) for r in pyogrio.list_layers(out)]
    assert layers == ["parks_polygons", "parks_points"]  # one geometry type per layer
    back = pd.concat([pyogrio.read_dataframe(out, layer=name) for name in layers]).set_index("id")
    m = store.merged_parks(path=path, parks=parks)
    assert sorted(back.index) == sorted(m.index)
    for pid in m.index:
        assert shapely.equals_exact(back.loc[pid].geometry, m.loc[pid].geometry, tolerance=1e-9)
    assert back.loc["a", "provenance"] == "user"
    assert back.loc["a", "sectors"] == "1; 2"
    # merged parks: RFC 7946 GeoJSON
    gj = store.export_merged(tmp_path / "merged.geojson", path=path, parks=parks)
    doc = json.loads(gj.read_text(encoding="utf-8"))
    assert "crs" not in doc and len(doc["features"]) == len(m) == 2
    poly = next(f for f in doc["features"] if f["id"] == "a")["geometry"]
    assert shapely.is_ccw(shapely.geometry.shape(poly).exterior)
    # whole store
    gp = store.export_store(tmp_path / "copy.gpkg", path=path)
    assert not Path(str(gp) + "-wal").exists()
    assert store.load_scenarios(path=gp) == {"s": {"k": 1}}
    assert store.load_user_boundaries(path=gp).geometry.iloc[0].equals(SQ)
    sj = json.loads(store.export_store(tmp_path / "store.geojson", path=path).read_text(encoding="utf-8"))
    assert "crs" not in sj and sj["scenarios"] == {"s": {"k": 1}}
    assert sj["figures"][0]["value"] == 3.5 and len(sj["history"]) == 3
    # no stray temp files
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_export_failure_keeps_old_file(
    path: Path, parks: gpd.GeoDataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "merged.geojson"
    dest.write_text("old", encoding="utf-8")

    def boom(*a: object, **k: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(json, "dumps", boom)
    with pytest.raises(OSError):
        store.export_merged(dest, path=path, parks=parks)
    assert dest.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".merged")] == []


def test_not_a_store_gives_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        store.save_scenario("x", {}, path=bad)


def test_shipped_parks_never_written(path: Path, parks: gpd.GeoDataFrame, tmp_path: Path) -> None:
    before = hashlib.sha256(PARKS_PATH.read_bytes()).hexdigest() if PARKS_PATH.exists() else None
    _accept(path, "a")
    store.export_merged(tmp_path / "m.geojson", path=path, parks=parks)
    store.undo(path=path)
    after = hashlib.sha256(PARKS_PATH.read_bytes()).hexdigest() if PARKS_PATH.exists() else None
    assert before == after


def test_merged_with_shipped_parks(path: Path) -> None:
    shipped = load_parks()
    pid = shipped.index[0]
    _accept(path, pid)
    m = store.merged_parks(path=path)
    assert len(m) == len(shipped)
    assert m.loc[pid, "provenance"] == "user" and m.loc[pid, "geometry_quality"] == "unverified"
    assert (m.drop(index=pid)["provenance"] == "shipped").all()
    assert np.isclose(m.loc[pid].geometry.area, SQ.area)


def test_reading_never_creates_the_store(path: Path, parks: gpd.GeoDataFrame) -> None:
    assert store.load_user_boundaries(path=path).empty
    assert store.load_figures(path=path).empty
    assert store.load_scenarios(path=path) == {}
    assert store.history(path=path).empty
    assert store.version(path=path) == 0
    assert len(store.merged_parks(path=path, parks=parks)) == 2
    assert not path.exists()


def test_version_grows_with_every_change_and_undo(path: Path) -> None:
    v0 = store.version(path=path)
    _accept(path, "a")
    v1 = store.version(path=path)
    store.undo(path=path)
    v2 = store.version(path=path)
    assert v0 < v1 < v2


def test_parks_in_force_user_wins_with_its_source(path: Path) -> None:
    shipped = load_parks()
    pid = shipped.index[0]
    v0 = parks_version(path)
    before = parks_in_force(path)
    assert len(before) == len(shipped) and (before["provenance"] == "shipped").all()
    _accept(path, pid)
    _accept(path, "new-park", SQ2, name="新园区")
    v1 = parks_version(path)
    assert v1 != v0
    now = parks_in_force(path)
    assert now.loc[pid, "provenance"] == "user" and now.loc[pid, "user_source_file"] == "land.zip"
    assert now.loc[pid, "geometry_quality"] == "unverified"
    assert now.loc["new-park", "provenance"] == "user_new" and now.loc["new-park", "name_zh"] == "新园区"
    assert len(now) == len(shipped) + 1
    # the same frame as the store's merge of the shipped parks (one rule) …
    assert now.drop(columns="geometry").equals(store.merged_parks(path=path).drop(columns="geometry"))
    # … and a fresh copy each time: changing it does not change the next answer
    now.loc[pid, "roles"].append("tampered")
    assert "tampered" not in parks_in_force(path).loc[pid, "roles"]
    store.undo(path=path)
    assert parks_version(path) not in (v0, v1)
    assert "new-park" not in parks_in_force(path).index


def test_parks_in_force_default_store_is_the_env_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "env" / "s.gpkg"
    monkeypatch.setenv("FPA_STORE", str(target))
    _accept(target, "only-user")
    assert str(target) in parks_version()
    assert parks_in_force().loc["only-user", "provenance"] == "user_new"


def test_one_gpkg_writer(tmp_path: Path, parks: gpd.GeoDataFrame) -> None:
    pts = gpd.GeoDataFrame(
        {"n": [1, None], "mixed": [1, "x"], "tags": [{"a": 1}, None]},
        geometry=[Point(119, 26), Point(118, 25)],
        crs=4326,
    ).to_crs(3857)
    dest = write_gpkg({"parks": parks, "points": pts}, tmp_path / "sub" / "two.gpkg")
    assert sorted(name for name, _ in pyogrio.list_layers(dest)) == ["parks", "points", "points__tags"]
    back = pyogrio.read_dataframe(dest, layer="parks").set_index("id")
    assert back.loc["a", "sectors"] == "1; 2"  # lists of plain values: joined text, not JSON
    pts_back = pyogrio.read_dataframe(dest, layer="points")
    assert pts_back.crs.to_epsg() == 4326 and pts_back.geometry.iloc[0].x == pytest.approx(119)
    assert pts_back["n"].iloc[0] == 1 and pts_back["mixed"].tolist() == ["1", "x"]
    assert "tags" not in pts_back.columns  # records: a child table with the parent's position
    tags = pyogrio.read_dataframe(dest, layer="points__tags", read_geometry=False)
    assert tags.to_dict("records") == [{"parent_fid": 1, "a": 1}]
    blob = gpkg_bytes({"parks": parks})
    assert blob.startswith(b"SQLite format 3\x00")
    with pytest.raises(AtlasError):
        write_gpkg({}, tmp_path / "none.gpkg")
    assert not (tmp_path / "none.gpkg").exists()


def test_gpkg_writer_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "old.gpkg"
    dest.write_bytes(b"old")

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(write.pyogrio, "write_dataframe", boom)
    with pytest.raises(StoreError) as exc:
        write_gpkg({"x": gpd.GeoDataFrame(geometry=[Point(119, 26)], crs=4326)}, dest)
    assert exc.value.message_zh and dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["old.gpkg"]


def test_figures_values_follow_the_one_number_rule(path: Path) -> None:
    df = pd.DataFrame({"subject_id": ["a", "b", "c"], "value": ["1,234.5", "１２", ""]})
    store.save_figures(df, "x.csv", path=path)
    got = store.load_figures(path=path).set_index("subject_id")["value"]
    assert got["a"] == 1234.5 and got["b"] == 12.0 and pd.isna(got["c"])
    with pytest.raises(DataValidationError) as info:
        store.save_figures(pd.DataFrame({"value": ["1,5"]}), "y.csv", path=path)
    assert info.value.feature == 2 and info.value.message_zh
