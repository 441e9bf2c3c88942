"""Hostile files, generated small on disk, and a runner that measures a command line's peak memory.

Used by ``tests/gis/test_hostile*.py``. Each generator writes one file and returns its path.
"""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from tests.conftest import ROOT

#: Wraps a command: runs it as a child and prints the child's peak RSS (kB) as the last stderr line.
_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:])\n"
    "print(f'MAXRSS_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(r.returncode)\n"
)


@dataclass
class Run:
    """A finished command: exit code, output, seconds and the peak RSS of the process in MB."""

    code: int
    out: str
    err: str
    seconds: float
    rss_mb: float


def run_cli(*argv: str, timeout: float = 30.0) -> Run:
    """``python -m …argv`` in a subprocess (repository first on the path), killed after ``timeout``."""
    return run_python("-m", *argv, timeout=timeout)


#: The data page's importer (``app_pages.data``: list the layers, then read) on an upload's bytes.
DATA_PAGE_IMPORT = (
    "import sys; from pathlib import Path; from gis.errors import AtlasError\n"
    "from gis.io import list_layers, read_vector\n"
    "data = Path(sys.argv[1]).read_bytes(); name = sys.argv[2]\n"
    "try:\n"
    "    list_layers(data, name=name); read_vector(data, name=name)\n"
    "except AtlasError as exc:\n"
    "    print(f'error: {exc}', file=sys.stderr); sys.exit(1)\n"
)


def run_python(*argv: str, timeout: float = 30.0) -> Run:
    """``python …argv`` in a subprocess (repository first on the path), killed after ``timeout``."""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(ROOT / ".pytest_cache")}
    env["FPA_STORE"] = str(ROOT / ".pytest_cache" / "hostile-store.gpkg")
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _RSS_WRAPPER, sys.executable, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )
    seconds = time.monotonic() - start
    lines = proc.stderr.rstrip().splitlines()
    rss = float(lines[-1].split("=")[1]) / 1024 if lines and lines[-1].startswith("MAXRSS_KB=") else -1.0
    return Run(proc.returncode, proc.stdout, "\n".join(lines[:-1]), seconds, rss)


# ------------------------------------------------------------------------------------------ GeoPackage
def endless_view_gpkg(path: Path, *, rows: bool = True) -> Path:
    """A GeoPackage whose only layer is a view over an endless recursive CTE.

    ``rows=True``: the view yields rows forever; ``False``: it filters every row out, so even ``LIMIT 1``
    never returns.
    """
    gdf = gpd.GeoDataFrame({"name_zh": ["a"]}, geometry=[shapely.Point(119, 26)], crs=4326)
    gdf.to_file(path, layer="parks", driver="GPKG")
    con = sqlite3.connect(path)
    where = "" if rows else " WHERE n < 0"
    con.execute(
        "CREATE VIEW endless AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
        f"SELECT n AS fid, 'x' AS name_zh, (SELECT geom FROM parks) AS geom FROM c{where}"
    )
    con.execute(
        "INSERT INTO gpkg_contents(table_name, data_type, identifier, srs_id) "
        "VALUES ('endless', 'features', 'endless', 4326)"
    )
    con.execute("INSERT INTO gpkg_geometry_columns VALUES ('endless', 'geom', 'POINT', 4326, 0, 0)")
    con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'parks'")
    con.execute("DELETE FROM gpkg_contents WHERE table_name = 'parks'")
    con.commit()
    con.close()
    return path


# ------------------------------------------------------------------------------------------ XLSX
_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx_bomb(path: Path, *, rows: int = 2_000_000, varied: bool = False) -> Path:
    """A workbook of ``rows`` identical lon/lat rows: megabytes on disk, hundreds of MB of sheet XML.

    ``varied``: every row different, so the sheet compresses like real data (no ratio alarm) and only the
    row count gives it away.
    """
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>lon</t></is></c>'
        '<c t="inlineStr"><is><t>lat</t></is></c></row>'
    )
    row = b"<row><c><v>119.3</v></c><c><v>26.1</v></c></row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WB)
        zf.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as dst:
            dst.write(head.encode())
            block = row * 10_000
            for k in range(rows // 10_000):
                if varied:
                    block = b"".join(
                        f"<row><c><v>{119 + (k * 7919 + i * 104729) % 99991 / 1e5:.5f}</v></c>"
                        f"<c><v>{26 + (k * 31 + i * 7) % 9973 / 1e4:.4f}</v></c></row>".encode()
                        for i in range(10_000)
                    )
                dst.write(block)
            dst.write(b"</sheetData></worksheet>")
    return path


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    """A zip holding ``members`` (name → bytes), stored without compression."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def zip_in_zip_named_geojson(path: Path) -> Path:
    """``x.geojson`` that is a zip holding ``inner.geojson``, itself a zip of a real GeoJSON."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("parks.geojson", '{"type": "FeatureCollection", "features": []}')
    return zipped(path, {"inner.geojson": inner.getvalue()})


# ------------------------------------------------------------------------------------------ GeoTIFF
def _profile(width: int, height: int, dtype: str, bounds: tuple[float, float, float, float]) -> dict:
    from rasterio.transform import from_bounds

    return {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": dtype,
        "crs": "EPSG:4326",
        "transform": from_bounds(*bounds, width, height),
        "compress": "deflate",
    }


FUJIAN_BOX = (118.0, 25.0, 120.0, 27.0)


def strip_tiff(path: Path, *, size: int = 9_000) -> Path:
    """A single-strip uint8 GeoTIFF of ``size`` × ``size`` zeros: a few hundred kB, one huge block."""
    import numpy as np
    import rasterio

    with rasterio.open(path, "w", **_profile(size, size, "uint8", FUJIAN_BOX), blockysize=size) as dst:
        dst.write(np.zeros((size, size), dtype="uint8"), 1)
    return path


def sparse_tiff(
    path: Path,
    *,
    size: int = 30_000,
    dtype: str = "uint8",
    bounds: tuple[float, float, float, float] = FUJIAN_BOX,
) -> Path:
    """A tiled, sparse GeoTIFF of ``size`` × ``size`` pixels with no tile written: kilobytes on disk."""
    import rasterio

    profile = _profile(size, size, dtype, bounds) | {"tiled": True, "blockxsize": 512, "blockysize": 512}
    with rasterio.open(path, "w", **profile, sparse_ok=True):
        pass
    return path


def park_sized_float64_tiff(path: Path, *, size: int = 31_000) -> Path:
    """A sparse float64 GeoTIFF covering only the disc of one shipped park point: zonal statistics would
    read all of its ``size``² pixels (7 GiB) in one window."""
    from gis.parks import load_parks

    parks = load_parks()
    pt = parks.geometry.representative_point().iloc[0]
    d = 0.004  # about 400 m: inside the park's 1 km disc
    return sparse_tiff(path, size=size, dtype="float64", bounds=(pt.x - d, pt.y - d, pt.x + d, pt.y + d))
