"""Hostile files through every door (issue 16): `gis check`, `clusters parkshare --parks`,
`layers export --parks` and the data page's importer each end within 30 s with a clear error naming the file
and the limit, peak memory under 600 MB, and no traceback.

Each file is generated here, small on disk.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from gis.archives import XLSX_MAX_ROWS, check_container
from gis.errors import FileFormatError, FileTooLargeError
from gis.io import read_vector
from tests.gis import hostile

pytestmark = pytest.mark.slow

MAX_RSS_MB = 600


def _firms(tmp: Path) -> Path:
    path = tmp / "firms.csv"
    path.write_text("lon,lat,output\n119.3,26.1,10\n118.1,24.5,5\n", encoding="utf-8")
    return path


def _doors(file: Path, tmp: Path) -> dict[str, tuple[str, ...]]:
    return {
        "gis check": ("-m", "gis", "check", str(file)),
        "clusters parkshare --parks": (
            "-m",
            "clusters",
            "parkshare",
            "--firms",
            str(_firms(tmp)),
            "--parks",
            str(file),
        ),
        "layers export --parks": (
            "-m",
            "layers",
            "export",
            "--out",
            str(tmp / "map.html"),
            "--parks",
            str(file),
        ),
        "data page import": ("-c", hostile.DATA_PAGE_IMPORT, str(file), file.name),
    }


HOSTILE: dict[str, tuple[Callable[[Path], Path], str, tuple[str, ...]]] = {
    # name: (generator, file name, words the error must hold)
    "endless view": (lambda p: hostile.endless_view_gpkg(p), "endless.gpkg", ("endless", "50,000")),
    "endless empty view": (
        lambda p: hostile.endless_view_gpkg(p, rows=False),
        "stuck.gpkg",
        ("endless", "within"),
    ),
    "xlsx bomb": (lambda p: hostile.xlsx_bomb(p), "bomb.xlsx", ("expands", "limit")),
    "xlsx rows": (
        lambda p: hostile.xlsx_bomb(p, rows=XLSX_MAX_ROWS + 20_000, varied=True),
        "rows.xlsx",
        (f"{XLSX_MAX_ROWS:,} rows",),
    ),
    "xlsx bomb in a zip": (
        lambda p: hostile.zipped(p, {"bomb.xlsx": hostile.xlsx_bomb(p.with_suffix(".xlsx")).read_bytes()}),
        "wrapped.zip",
        ("bomb.xlsx", "expands"),
    ),
    "zip in a zip named .geojson": (hostile.zip_in_zip_named_geojson, "parks.geojson", ("zip archive",)),
}


@pytest.mark.parametrize(
    "door", ["gis check", "clusters parkshare --parks", "layers export --parks", "data page import"]
)
@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_ends_with_a_clear_error(case: str, door: str, tmp_path: Path) -> None:
    make, name, words = HOSTILE[case]
    file = make(tmp_path / name)
    assert file.stat().st_size < 2_000_000  # small on disk
    run = hostile.run_python(*_doors(file, tmp_path)[door], timeout=30)
    text = run.out + run.err
    assert run.code == 1, text
    assert "Traceback" not in text
    assert file.name in text, text
    for word in words:
        assert word in text, text
    assert str(tmp_path) not in text  # the file by its name, never the server's path
    assert 0 < run.rss_mb < MAX_RSS_MB, run.rss_mb


def _sheet_zip(n_rows: int) -> bytes:
    buf = io.BytesIO()
    rows = "".join(f"<row><c><v>{i}</v></c></row>" for i in range(n_rows))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{rows}</sheetData></worksheet>")
    return buf.getvalue()


def test_the_workbook_row_limit_is_counted_while_streaming() -> None:
    with pytest.raises(FileTooLargeError, match=f"{XLSX_MAX_ROWS:,} rows"):
        check_container(_sheet_zip(XLSX_MAX_ROWS + 1), "t.xlsx")  # one row over, across 1 MB chunks
    check_container(_sheet_zip(XLSX_MAX_ROWS), "t.xlsx")  # at the limit: accepted


def test_a_nested_zip_is_named_for_what_it_is_not_an_encoding_problem(tmp_path: Path) -> None:
    file = hostile.zip_in_zip_named_geojson(tmp_path / "x.geojson")
    with pytest.raises(FileFormatError) as err:
        read_vector(file.read_bytes(), name="x.geojson")
    assert "zip archive" in str(err.value)
    assert "encod" not in str(err.value).lower()


@pytest.mark.parametrize("rows", [True, False])
def test_an_endless_firm_geopackage_is_refused(rows: bool, tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    parks = tmp_path / "parks.geojson"
    gpd.GeoDataFrame(
        {"id": ["P1"], "name_zh": ["甲"]}, geometry=[box(119, 26, 119.5, 26.5)], crs=4326
    ).to_file(parks)
    firms = hostile.endless_view_gpkg(tmp_path / "firms.gpkg", rows=rows)
    run = hostile.run_cli("clusters", "parkshare", "--firms", str(firms), "--parks", str(parks))
    text = run.out + run.err
    assert run.code == 1 and "Traceback" not in text, text
    assert "firms.gpkg" in text and "endless" in text
    assert 0 < run.rss_mb < MAX_RSS_MB
