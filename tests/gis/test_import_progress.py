"""Imports of large files report their stages in order with a moving bar, can be cancelled (nothing stored),
and the command line writes the stages to stderr only."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from gis import cli_check, store
from gis import import_session as session
from gis.errors import FileFormatError
from gis.import_vocab import IMPORT_STAGES
from gis.io import geojson, read_vector
from gis.io.geojson import STREAM_MIN_CHARS, _parse_stream
from gis.jobs import Cancelled, Progress
from gis.parks import load_parks
from tests.samples.big_imports import big_csv, big_geojson

READ, CRS, VALIDATE, MATCH, STORE = (IMPORT_STAGES[k] for k in ("read", "crs", "validate", "match", "store"))


class Recorder(Progress):
    """Keeps every report (stage, fraction); cancels once ``cancel_at`` (stage, fraction) is passed."""

    def __init__(self, cancel_at: tuple | None = None) -> None:
        super().__init__()
        self.log: list[tuple] = []
        self.cancel_at = cancel_at

    def show(self) -> None:
        self.log.append((self.stage, self.fraction))
        if (
            self.cancel_at is not None
            and self.stage == self.cancel_at[0]
            and self.fraction >= self.cancel_at[1]
        ):
            self.cancel()

    def fractions(self, stage: object) -> list[float]:
        return [f for s, f in self.log if s == stage]


@pytest.fixture(scope="module")
def geojson_bytes() -> bytes:
    data = big_geojson(6_000, vertices=24, pad=100, invalid_every=50)
    assert len(data) > STREAM_MIN_CHARS  # parsed feature by feature when watched
    return data


@pytest.fixture(scope="module")
def csv_bytes() -> bytes:
    return big_csv(20_000, pad=50)


def _assert_moving(rec: Recorder, stages: list) -> None:
    assert rec.stages == stages
    fractions = [f for _, f in rec.log]
    assert fractions == sorted(fractions), "the bar never goes back"
    assert fractions[-1] == pytest.approx(1.0, abs=0.02)
    for stage in stages:
        assert len(set(rec.fractions(stage))) >= 5, f"{stage.en}: the bar moves within the stage"


def _whole(data: bytes, name: str, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202
    """``read_vector`` parsing the whole document first (the reader for small files, and before streaming)."""
    with monkeypatch.context() as m:
        m.setattr(geojson, "STREAM_MIN_CHARS", 1 << 62)
        return read_vector(data, name=name)


def test_big_geojson_reports_stages_in_order_with_moving_fractions(
    geojson_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Recorder()
    result = read_vector(geojson_bytes, name="big.geojson", progress=rec)
    _assert_moving(rec, [READ, CRS, VALIDATE])
    parse = [f for f in rec.fractions(READ) if 0 < f < 0.3]  # text parsed: the first 60 % of reading (0–0.5)
    assert len(set(parse)) >= 10, "the bar moves while the text is parsed"
    plain = _whole(geojson_bytes, "big.geojson", monkeypatch)
    assert len(result.gdf) == len(plain.gdf) == 6_000
    assert result.report.frame().equals(plain.report.frame())
    assert result.gdf.geometry.geom_equals(plain.gdf.geometry).all()


def test_big_csv_reports_stages_in_order_with_moving_fractions(csv_bytes: bytes) -> None:
    rec = Recorder()
    result = read_vector(csv_bytes, name="firms.csv", progress=rec)
    _assert_moving(rec, [READ, CRS, VALIDATE])
    assert len(result.gdf) == 20_000
    assert result.n_read == read_vector(csv_bytes, name="firms.csv").n_read


def test_read_and_match_adds_the_matching_stage(geojson_bytes: bytes) -> None:
    rec = Recorder()
    parks = load_parks()
    result, matches = session.read_and_match(geojson_bytes, "big.geojson", parks, progress=rec)
    _assert_moving(rec, [READ, CRS, VALIDATE, MATCH])
    assert matches.index.equals(result.gdf.index)
    table = session.match_table(result.gdf, parks, "en", matches)
    assert table.equals(session.match_table(result.gdf, parks, "en"))


def test_streamed_parse_equals_json_loads() -> None:
    doc = {
        "type": "FeatureCollection",
        "name": "园区",
        "features": [
            {"type": "Feature", "properties": {"名称": f"园{i}", "n": [1, {"a": None}]}, "geometry": None}
            for i in range(3)
        ],
        "crs": None,
    }
    text = json.dumps(doc, ensure_ascii=False, indent=3)

    feats: list = []
    assert _parse_stream(text, Progress(), feats.append) == {**json.loads(text), "features": None}
    assert feats == json.loads(text)["features"]
    feats.clear()
    empty = ' \n{ "features" : [ ] , "type":"FeatureCollection" } \n'
    assert _parse_stream(empty, Progress(), feats.append) == {"features": None, "type": "FeatureCollection"}
    assert feats == []
    for broken in (
        '{"type": "FeatureCollection", "features": [{"a": 1},',
        "[1, 2]",
        '{"a": NaN}',
        '{"a": 1} x',
    ):
        assert _parse_stream(broken, Progress(), feats.append) is None


def test_a_big_file_with_odd_members_gives_the_same_report_with_progress(
    geojson_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    crs = b'"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}}'
    odd = b'{"name":"x",' + crs + b"," + geojson_bytes[1:-2] + b',42,{"type":"Feature","geometry":7}]}'
    rec = Recorder()
    watched = read_vector(odd, name="odd.geojson", progress=rec)
    plain = _whole(odd, "odd.geojson", monkeypatch)
    assert len(set(rec.fractions(READ))) >= 10
    assert watched.report.frame().equals(plain.report.frame())
    assert {"legacy_crs_member", "bad_feature", "bad_geometry"} <= set(plain.report.frame()["code"])
    assert watched.gdf.equals(plain.gdf)


def test_a_broken_big_file_gives_the_same_error_with_progress(
    geojson_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    truncated = geojson_bytes[: len(geojson_bytes) // 2]
    with pytest.raises(FileFormatError) as plain:
        _whole(truncated, "cut.geojson", monkeypatch)
    with pytest.raises(FileFormatError) as watched:
        read_vector(truncated, name="cut.geojson", progress=Recorder())
    assert str(watched.value) == str(plain.value)


def test_cancel_mid_validation_raises_and_stores_nothing(
    geojson_bytes: bytes, _isolated_user_store: Path
) -> None:
    before = store.history()
    rec = Recorder(cancel_at=(VALIDATE, 0.7))  # validating runs from 0.54 to 0.9 of the bar
    with pytest.raises(Cancelled):
        session.read_and_match(geojson_bytes, "big.geojson", load_parks(), progress=rec)
    assert rec.stages[-1] == VALIDATE and MATCH not in rec.stages
    assert 0.7 <= rec.fractions(VALIDATE)[-1] < 0.85, "stopped mid-validation, not at its end"
    assert store.history().equals(before)


@pytest.mark.parametrize("fmt", ["gpkg", "shapefile_zip"])
def test_big_gdal_files_are_read_in_steps_with_the_same_result(fmt: str, tmp_path: Path) -> None:
    n = 25_000
    gdf = gpd.GeoDataFrame(
        {"name": [f"点{i}" for i in range(n)], "v": range(n)},
        geometry=[Point(117.5 + (i % 500) * 0.004, 25.2 + (i // 500) * 0.02) for i in range(n)],
        crs=4326,
    )
    if fmt == "gpkg":
        path = tmp_path / "big.gpkg"
        gdf.to_file(path, driver="GPKG", layer="points")
    else:
        import zipfile

        gdf.to_file(tmp_path / "big.shp", encoding="utf-8")
        path = tmp_path / "big.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                zf.write(tmp_path / f"big{suffix}", f"big{suffix}")
    rec = Recorder()
    watched = read_vector(path, progress=rec)
    _assert_moving(rec, [READ, CRS, VALIDATE])
    assert len(set(rec.fractions(READ))) >= 10, "one report per batch of features read"
    plain = read_vector(path)
    assert len(watched.gdf) == len(plain.gdf) == n
    assert watched.gdf["name"].tolist() == plain.gdf["name"].tolist()
    assert watched.gdf.geometry.geom_equals(plain.gdf.geometry).all()


def _accepted() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"park_id": [None], "name_zh": ["测试园"], "is_new": [True]}, geometry=[Point(119.3, 26.08)], crs=4326
    )


def test_cancel_before_the_store_write_leaves_the_store_unchanged(_isolated_user_store: Path) -> None:
    before = len(store.history())
    cancelled = Progress()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        session.store_accepted(_accepted(), source_file="big.geojson", progress=cancelled)
    assert len(store.history()) == before
    rec = Recorder()
    change = session.store_accepted(_accepted(), source_file="big.geojson", progress=rec)
    assert rec.stages == [STORE]
    assert len(store.history()) == before + 1 and change >= 1


def test_cli_progress_goes_to_stderr_and_json_to_stdout(
    geojson_bytes: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.geojson"
    path.write_bytes(geojson_bytes)
    assert cli_check.main([str(path), "--json", "--progress"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)  # stdout is JSON only
    assert data["ok"] is True and data["features_read"] == 6_000
    lines = [line for line in err.splitlines() if line.startswith("progress: ")]
    seen = []
    for line in lines:
        for stage in (READ, CRS, VALIDATE, MATCH):
            if f"{stage.zh} " in line and stage not in seen:
                seen.append(stage)
    assert seen == [READ, CRS, VALIDATE, MATCH]
    assert cli_check.main([str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["features_read"] == 6_000 and "progress:" not in err
