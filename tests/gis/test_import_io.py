"""Readers: encodings, layers, sources, safety checks, report contents."""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from gis import fileio
from gis import io as gio
from gis.crs import CRSConfirmationNeeded
from gis.errors import AtlasError, FileFormatError, FileTooLargeError, GeometryError
from tests.conftest import TEST_DATA

CORPUS = TEST_DATA / "import"
NAMES = ["福州经济技术开发区", "泉州台商投资区", "新园区"]


@pytest.mark.parametrize(
    "name,enc", [("gbk_no_cpg.zip", "gb18030"), ("utf8_cpg.zip", "utf-8"), ("gbk_wrong_cpg.zip", "gb18030")]
)
def test_dbf_text_decoded(name: str, enc: str) -> None:
    res = gio.read_vector(CORPUS / name)
    assert res.encoding == enc
    assert res.gdf["名称"].tolist() == NAMES
    assert res.layer == "parks" and res.format == "shapefile_zip"


def test_same_result_from_path_bytes_and_filelike() -> None:
    path = CORPUS / "utf8_bom.csv"
    a = gio.read_vector(path)
    b = gio.read_vector(path.read_bytes(), name="utf8_bom.csv")
    c = gio.read_vector(io.BytesIO(path.read_bytes()), name="utf8_bom.csv")
    for r in (b, c):
        assert r.gdf.geometry.equals(a.gdf.geometry)
        assert r.gdf["名称"].tolist() == ["甲园区", "乙园区"]
    assert a.gdf["_feature"].tolist() == [2, 3]  # spreadsheet rows


def test_merged_header_rows_are_spreadsheet_rows() -> None:
    res = gio.read_vector(CORPUS / "merged_header.xlsx")
    assert res.gdf["名称"].tolist() == ["甲园区", "乙园区"]
    assert res.gdf["_feature"].tolist() == [3, 4]


def test_legacy_crs_coordinates_transformed() -> None:
    res = gio.read_vector(CORPUS / "legacy_crs_gk39.geojson")
    minx, miny, maxx, maxy = res.gdf.total_bounds
    assert abs(minx - 119.30) < 1e-6 and abs(maxy - 26.06) < 1e-6
    assert res.crs_origin == "legacy_member"


def test_confirmation_carries_suggestions() -> None:
    with pytest.raises(CRSConfirmationNeeded) as info:
        gio.read_vector(CORPUS / "gk_cm117_no_prefix_no_prj.zip")
    sugg = info.value.suggestions
    assert sugg[0].crs == "EPSG:4548" and sugg[0].share_in_fujian == 1.0
    assert "EPSG:4549" not in [s.crs for s in sugg]  # CM 120 puts the points in the sea
    assert info.value.field == "crs" and info.value.file == "gk_cm117_no_prefix_no_prj.zip"


def test_layers_listed_and_chosen() -> None:
    assert gio.list_layers(CORPUS / "two_layers.gpkg") == ["parks", "points"]
    assert gio.list_layers(CORPUS / "gbk_no_cpg.zip") == ["parks"]
    assert gio.list_layers(CORPUS / "ok_polygons.geojson") == []
    res = gio.read_vector(CORPUS / "two_layers.gpkg", layer="points")
    assert res.layer == "points" and res.layers == ["parks", "points"] and len(res.gdf) == 1


@pytest.mark.parametrize(
    "source", ["http://example.com/a.geojson", "https://x/y.zip", "/vsicurl/http://x/a.shp", "ftp://x/a.kml"]
)
def test_urls_are_never_read(source: str) -> None:
    with pytest.raises(FileFormatError, match="URLs"):
        gio.read_vector(source)


def _io_modules(name: str) -> list[ModuleType]:
    """The gis.io modules that read the limit ``name`` (the package splits the readers over modules)."""
    mods = [importlib.import_module(f"gis.io.{m.name}") for m in pkgutil.iter_modules(gio.__path__)]
    found = [m for m in mods if hasattr(m, name)]
    assert found
    return found


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    for mod in [*_io_modules("MAX_UPLOAD_BYTES"), fileio]:  # gis.fileio reads every user source
        monkeypatch.setattr(mod, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(FileTooLargeError):
        gio.read_vector(b"x" * 101, name="a.geojson")


def test_feature_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    for mod in _io_modules("MAX_FEATURES"):
        monkeypatch.setattr(mod, "MAX_FEATURES", 2)
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [119.3, 26.0 + i / 100]},
            }
            for i in range(3)
        ],
    }
    with pytest.raises(FileTooLargeError, match="features"):
        gio.read_vector(json.dumps(fc).encode(), name="a.geojson")
    with pytest.raises(FileTooLargeError):
        gio.read_vector(CORPUS / "gbk_no_cpg.zip")


def test_zip_members_get_generated_names(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("folder/My Parks;rm -rf.geojson", b"{}")
        zf.writestr("folder/My Parks;rm -rf.dbf", b"")
    out = gio.safe_extract(buf.getvalue(), "a.zip", tmp_path)
    names = sorted(p.name for p in out.values())
    assert names == ["m000.dbf", "m000.geojson"]
    assert all(p.parent == tmp_path for p in out.values())


def test_zip_header_lying_about_size_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.geojson", b"x" * 1000)
    data = bytearray(buf.getvalue())
    # shrink the declared uncompressed size in the central directory
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    with pytest.raises(AtlasError):
        gio.safe_extract(bytes(data), "a.zip", tmp_path)


def test_html_in_names_is_kept_as_text() -> None:
    # names arrive verbatim; escaping happens once, at the map (layers.preview uses escape_html)
    res = gio.read_vector(CORPUS / "parks.kml")
    assert "甲园区 <b>" in res.gdf["Name"].tolist()


def test_swapped_and_outside_messages() -> None:
    with pytest.raises(GeometryError, match="swapped") as info:
        gio.read_vector(CORPUS / "swapped_latlon.csv")
    assert info.value.field == "geometry"
    with pytest.raises(GeometryError, match="Beijing") as info:
        gio.read_vector(CORPUS / "beijing_points.csv")
    assert info.value.feature == 2


def test_report_frame_and_summary_are_json_ready() -> None:
    res = gio.read_vector(CORPUS / "bowtie.geojson")
    frame = res.report.frame()
    assert list(frame.columns) == ["level", "code", "feature", "field", "message_en", "message_zh"]
    assert set(frame["level"]) <= {"error", "warning", "change", "info"}
    json.dumps(res.summary(), ensure_ascii=False)
    assert res.summary()["counts"]["change"] == 2


def test_sniff_wrong_extension_note() -> None:
    fmt, note = gio.sniff_format((CORPUS / "utf8_cpg.zip").read_bytes(), "parks.geojson")
    assert fmt == "shapefile_zip" and "content is shapefile_zip" in note


def test_text_or_null_inside_a_ring_is_reported_not_parsed() -> None:
    ring = [[119.30, 26.05], [119.31, 26.05], ["119.31", 26.06], [119.30, 26.06], [119.30, 26.05]]
    ring_null = [[119.30, 26.05], [119.31, 26.05], [None, 26.06], [119.30, 26.06], [119.30, 26.05]]
    ok = [[118.10, 24.60], [118.11, 24.60], [118.11, 24.61], [118.10, 24.60]]
    fc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [r]}}
            for r in (ring, ring_null, ok)
        ],
    }
    res = gio.read_vector(json.dumps(fc).encode(), name="t.geojson")
    bad = [i for i in res.report if i.code == "bad_geometry"]
    assert [i.feature for i in bad] == [1, 2]
    assert "not a number" in bad[0].message_en
    assert res.gdf["_feature"].tolist() == [3]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "a.geojson"),
        (b"   \n", "a.geojson"),
        (b"\x00\x00\x27\x0a" + b"\x00" * 96, "a.shp"),
        (b"PK\x03\x04broken", "a.zip"),
        (b"\x00\x01binary\x00", "a.dat"),
        (b'{"type": "Topology"}', "a.geojson"),
        (b'{"type": "FeatureCollection", "features": []}', "a.geojson"),
        ("名称,值\n甲,1\n".encode(), "a.csv"),
        ("经度,纬度\n".encode(), "a.csv"),
    ],
)
def test_common_errors_speak_chinese(data: bytes, name: str) -> None:
    """Errors the data page shows carry a real Chinese sentence and hint (no English fallback)."""
    with pytest.raises(AtlasError) as info:
        gio.read_vector(data, name=name)
    exc = info.value
    assert exc.message_zh and exc.message_zh != exc.message
    assert exc.hint_zh and exc.hint_zh != exc.hint
    assert exc.text("zh").startswith(f"文件 {name}")
