"""A user's GeoTIFF under the vector layers of a sheet: warped to the sheet CRS over the sheet's extent only
(clipped), coloured like the web overlay (:func:`layers.raster.colourise`), with its legend section."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from affine import Affine
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT

from gis.raster import DisplayRaster
from gis.raster.read import _read, category_names, colour_table, is_categorical, open_raster
from gis.text import text
from layers.print.draw import DrawContext, _section
from layers.print.symbols import LegendItem, item
from layers.raster import colourise

#: Pixels across the sheet's extent (enough for 300 dpi on A4 without reading more than needed).
MAX_PX = 1600


def draw_raster(
    ctx: DrawContext,
    path: str,
    extent: tuple[float, float, float, float],
    *,
    band: int = 1,
    categorical: bool | None = None,
    class_labels: Mapping[int, str] | None = None,
) -> None:
    """Warp band ``band`` of ``path`` to the sheet CRS over ``extent`` and draw it (nodata transparent).

    ``categorical`` is the user's choice; ``None`` = as the raster says
    (:func:`gis.raster.read.is_categorical`, the rule of the web map and zonal statistics): classes get
    discrete colours and a class legend.
    """
    x0, y0, x1, y1 = extent
    w = MAX_PX
    h = max(1, round(MAX_PX * (y1 - y0) / (x1 - x0)))
    transform = Affine((x1 - x0) / w, 0, x0, 0, -(y1 - y0) / h, y1)
    with open_raster(Path(path)) as ds:
        band = band if 1 <= band <= ds.count else 1
        cat = is_categorical(ds, band, override=categorical)
        vrt_kw = {
            "crs": ctx.crs,
            "transform": transform,
            "width": w,
            "height": h,
            "resampling": Resampling.nearest if cat else Resampling.bilinear,
        }
        if ds.nodata is None:
            vrt_kw["add_alpha"] = True
        with WarpedVRT(ds, **vrt_kw) as vrt:
            data = _read(vrt, band, name=ds.name)
        disp = DisplayRaster(
            data=data,
            bounds_3857=extent,  # the sheet CRS here, not Web Mercator: colourise reads only the values
            bounds_lonlat=extent,
            categorical=cat,
            colour_table=colour_table(ds, band),
            description=ds.descriptions[band - 1] or "",
            units=ds.tags(band).get("UNITS", "") or ds.tags().get("UNITS", ""),
            source_crs=str(ds.crs),
            class_names=category_names(ds, band) if cat else {},
        )
    rgba, legend = colourise(
        disp, class_labels=class_labels, title_zh=Path(path).name, title_en=Path(path).name, lang=ctx.lang
    )
    ctx.ax.imshow(rgba, extent=(x0, x1, y0, y1), origin="upper", zorder=0.5, interpolation="nearest")
    lang = ctx.lang
    items: list[LegendItem] = []
    if legend.categorical:
        items = [
            item(lab, "patch", {"color": col, "weight": 0.5, "fillColor": col, "fillOpacity": 1})
            for _v, lab, col in legend.classes
        ]
    elif legend.stops:
        lo, hi = legend.vmin or 0.0, legend.vmax or 0.0
        for frac in (0.0, 0.5, 1.0):
            col = legend.stops[int(round(frac * (len(legend.stops) - 1)))]
            items.append(
                item(
                    f"{lo + frac * (hi - lo):,.4g} {legend.units}".strip(),
                    "patch",
                    {"color": col, "weight": 0.5, "fillColor": col, "fillOpacity": 1},
                )
            )
    note = text(lang, legend.note_zh, legend.note_en)
    if note:
        items.append(LegendItem(note, "text"))
    items.append(
        LegendItem(
            text(lang, "栅格：用户文件（用户输入数据）", "Raster: the user's file (user input)"), "text"
        )
    )
    _section(ctx, text(lang, "栅格 ", "Raster ") + Path(path).name, items, "raster")
