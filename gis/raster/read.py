"""Open users' rasters safely and describe them."""

from __future__ import annotations

import contextlib
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import geopandas as gpd
import numpy as np
import rasterio
import shapely
from affine import Affine
from pyproj import CRS
from rasterio.errors import NotGeoreferencedWarning, RasterioError, RasterioIOError
from rasterio.io import DatasetReader, MemoryFile
from rasterio.shutil import copy as rio_copy
from rasterio.windows import Window

from gis.errors import (
    CRSError,
    FileFormatError,
    FileTooLargeError,
)
from gis.raster.budget import GDAL_READ_OPTIONS, check_blocks, check_read, memory_guard
from gis.raster.config import MAX_RASTER_FILE_BYTES, MAX_RASTER_PIXELS, RasterSource
from gis.settings import MAX_UPLOAD_BYTES, STORAGE_CRS


# ----------------------------------------------------------------------------------------------- reading
def _name(source: RasterSource, name: str | None) -> str:
    if name:
        return name
    return "uploaded raster" if isinstance(source, bytes | bytearray) else Path(source).name


@contextlib.contextmanager
def open_raster(source: RasterSource, *, name: str | None = None) -> Iterator[DatasetReader]:
    """Open a raster from a path or bytes and check it is usable (georeferenced, readable, not huge).

    Raises
    ------
    FileFormatError : not a raster GDAL reads, or corrupt (a block cannot be read).
    CRSError : the raster has no coordinate reference system.
    FileTooLargeError : more than :data:`MAX_RASTER_PIXELS` pixels or more bytes than allowed.
    """
    label = _name(source, name)
    with contextlib.ExitStack() as stack:
        stack.enter_context(rasterio.Env(**GDAL_READ_OPTIONS))  # true strip sizes, a bounded block cache
        if isinstance(source, bytes | bytearray):
            if len(source) == 0:
                raise FileFormatError("the file is empty", file=label, hint="upload a GeoTIFF (.tif)")
            if len(source) > MAX_UPLOAD_BYTES:
                raise FileTooLargeError(
                    f"the file is {len(source) / 2**20:.0f} MB (limit {MAX_UPLOAD_BYTES / 2**20:.0f} MB)",
                    file=label,
                    hint="clip the raster to Fujian or coarsen it, or use the command line on a file path",
                )
            mem = stack.enter_context(MemoryFile(bytes(source)))
            opener = mem.open
        else:
            path = Path(source)
            if not path.is_file():
                raise FileFormatError("no such file", file=label, hint="check the path")
            if path.stat().st_size > MAX_RASTER_FILE_BYTES:
                raise FileTooLargeError(
                    f"the file is {path.stat().st_size / 2**30:.1f} GB "
                    f"(limit {MAX_RASTER_FILE_BYTES / 2**30:.0f} GB)",
                    file=label,
                    hint="clip the raster to the area you need first",
                )

            def opener() -> DatasetReader:
                return rasterio.open(path)

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NotGeoreferencedWarning)
                ds = stack.enter_context(opener())
        except RasterioIOError as exc:
            raise FileFormatError(
                f"not a raster GDAL can read ({_short(exc)})",
                file=label,
                hint="upload a GeoTIFF (.tif); vector files go to the data import page",
            ) from exc
        if ds.count < 1:
            raise FileFormatError("the raster has no bands", file=label, hint="export at least one band")
        if ds.width * ds.height > MAX_RASTER_PIXELS:
            raise FileTooLargeError(
                f"the raster has {ds.width:,} × {ds.height:,} pixels (limit {MAX_RASTER_PIXELS:,})",
                file=label,
                hint="clip it to Fujian or resample it to a coarser cell size (e.g. gdalwarp -tr)",
            )
        if ds.transform == Affine.identity() and ds.gcps[0]:
            raise FileFormatError(
                "the raster is georeferenced by ground control points only",
                file=label,
                hint="warp it to a grid first (gdalwarp -t_srs EPSG:4549 in.tif out.tif)",
            )
        if ds.crs is None or not ds.crs.to_wkt():
            raise CRSError(
                "the raster has no coordinate reference system",
                file=label,
                hint="assign one in your GIS (e.g. gdal_edit.py -a_srs EPSG:4549) and export again",
            )
        if ds.transform == Affine.identity():
            raise CRSError(
                "the raster has no georeferencing (pixel grid only)",
                file=label,
                hint="export it as a GeoTIFF with its geotransform",
            )
        check_blocks(ds, label)
        with memory_guard(label):
            _probe(ds, label)
            yield ds


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _probe(ds: DatasetReader, label: str) -> None:
    """Read the first and last block of band 1 to catch truncated or corrupt files early."""
    try:
        bh, bw = ds.block_shapes[0]
        ds.read(1, window=Window(0, 0, min(bw, ds.width), min(bh, ds.height)))
        last_col = max(ds.width - min(bw, ds.width), 0)
        last_row = max(ds.height - min(bh, ds.height), 0)
        ds.read(1, window=Window(last_col, last_row, ds.width - last_col, ds.height - last_row))
    except (RasterioError, RasterioIOError, ValueError) as exc:
        raise FileFormatError(
            f"the raster is corrupt or truncated ({_short(exc)})",
            file=label,
            hint="export it again from your GIS and upload the complete file",
        ) from exc


def _read(ds: Any, band: int, *, name: str | None = None, **kwargs: Any) -> np.ma.MaskedArray:
    """``ds.read(band, masked=True, …)`` priced first (:func:`gis.raster.budget.check_read`), with read
    failures (a corrupt block) as :class:`FileFormatError`."""
    label = name or ds.name
    if kwargs.get("out_shape") is not None:
        shape = tuple(kwargs["out_shape"])[-2:]
    elif kwargs.get("window") is not None:
        shape = (int(kwargs["window"].height), int(kwargs["window"].width))
    else:
        shape = (ds.height, ds.width)
    check_read(ds, band, (int(shape[0]), int(shape[1])), label)
    try:
        return ds.read(band, masked=True, **kwargs)
    except (RasterioError, RasterioIOError) as exc:
        raise FileFormatError(
            f"part of the raster cannot be read ({_short(exc)})",
            file=label,
            hint="the file is corrupt: export it again from your GIS",
        ) from exc


def colour_table(ds: DatasetReader, band: int = 1) -> dict[int, tuple[int, int, int, int]] | None:
    """The band's colour table (value → RGBA), or ``None`` when it has none."""
    try:
        cmap = ds.colormap(band)
    except ValueError:
        return None
    if not cmap:
        return None
    return {int(k): (int(v[0]), int(v[1]), int(v[2]), int(v[3])) for k, v in cmap.items()}


#: Tag words by which a raster says its values are classes, not quantities (GDAL's ``LAYER_TYPE=thematic``,
#: a land-use / land-cover product, a "class" or "category" band).
CATEGORY_WORDS = (
    "thematic",
    "categor",
    "class",
    "landuse",
    "land_use",
    "land use",
    "landcover",
    "land_cover",
    "land cover",
    "lulc",
    "土地利用",
    "地类",
    "分类",
)


def is_categorical(ds: DatasetReader, band: int = 1, *, override: bool | None = None) -> bool:
    """The one rule of the atlas for "this band holds classes" (map display, print and zonal statistics).

    ``override`` (the user's choice "categorical / continuous") wins when given. Otherwise yes when the band
    has a colour table, category names or a raster attribute table, or when an integer band's tags (the
    dataset's or the band's) or description mark it thematic, land use / land cover or classes. A float band
    is a quantity unless it has a colour table, category names or an attribute table.
    """
    if override is not None:
        return bool(override)
    if colour_table(ds, band) is not None:
        return True
    names, rat = _pam_classes(ds, band)
    if names or rat:
        return True
    if not np.issubdtype(np.dtype(ds.dtypes[band - 1]), np.integer):
        return False
    tags = {**ds.tags(), **ds.tags(band)}
    words = " ".join([*(f"{k}={v}" for k, v in tags.items()), ds.descriptions[band - 1] or ""]).lower()
    return any(w in words for w in CATEGORY_WORDS)


def category_names(ds: DatasetReader, band: int = 1) -> dict[int, str]:
    """GDAL category names of a band (value → name; empty names left out), e.g. from a ``.aux.xml``."""
    return _pam_classes(ds, band)[0]


def _pam_classes(ds: DatasetReader, band: int) -> tuple[dict[int, str], bool]:
    """(category names, has a raster attribute table) of a band.

    rasterio exposes neither, so the band is described as a VRT (GDAL copies both into the VRT's XML; no
    pixels are read or copied) and the XML is read back.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="fpa-vrt-") as tmp:
            vrt = Path(tmp) / "band.vrt"
            rio_copy(ds, str(vrt), driver="VRT")
            root = ElementTree.fromstring(vrt.read_text(encoding="utf-8"))
    except (RasterioError, OSError, ElementTree.ParseError, ValueError):
        return {}, False
    node = next((b for b in root.iter("VRTRasterBand") if b.get("band") == str(band)), None)
    if node is None:
        return {}, False
    cats = node.find("CategoryNames")
    names = {} if cats is None else {i: (c.text or "").strip() for i, c in enumerate(cats.iter("Category"))}
    return {k: v for k, v in names.items() if v}, node.find("GDALRasterAttributeTable") is not None


def raster_info(source: RasterSource, *, name: str | None = None) -> dict[str, Any]:
    """Describe a raster (after the checks of :func:`open_raster`), JSON-ready."""
    with open_raster(source, name=name) as ds:
        lonlat = _lonlat_bounds(ds)
        crs = ds.crs
        epsg = crs.to_epsg()
        return {
            "name": _name(source, name),
            "driver": ds.driver,
            "width": ds.width,
            "height": ds.height,
            "count": ds.count,
            "dtype": ds.dtypes[0],
            "nodata": ds.nodata,
            "crs": f"EPSG:{epsg}" if epsg else crs.to_string(),
            "crs_name": CRS.from_user_input(crs).name,
            "bounds": list(ds.bounds),
            "bounds_lonlat": list(lonlat),
            "res": list(ds.res),
            "categorical": is_categorical(ds),
            "has_colour_table": colour_table(ds) is not None,
            "descriptions": list(ds.descriptions),
            "tags": ds.tags(),
            "overviews": ds.overviews(1),
            "block_shape": list(ds.block_shapes[0]),
        }


def _footprint(ds: DatasetReader) -> shapely.Polygon:
    """The raster's outline in its own CRS (from the four pixel-grid corners, densified)."""
    t, w, h = ds.transform, ds.width, ds.height
    ring = [t @ (0, 0), t @ (w, 0), t @ (w, h), t @ (0, h)]
    poly = shapely.Polygon(ring)
    return shapely.segmentize(poly, max(poly.length / 400, 1e-9))


def _lonlat_bounds(ds: DatasetReader) -> tuple[float, float, float, float]:
    foot = gpd.GeoSeries([_footprint(ds)], crs=ds.crs).to_crs(STORAGE_CRS)
    return tuple(float(v) for v in foot.total_bounds)  # type: ignore[return-value]
