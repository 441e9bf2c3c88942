"""What a print sheet shows: :class:`SheetSpec` (layers, filters, extent, paper, language, title, 审图号),
the papers, and the checks that turn bad input into one clear error."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import geopandas as gpd

from clusters.targets import sector_targets
from gis.errors import DataValidationError
from layers.registry import DEFAULT_LAYERS, REGISTRY, SECTOR_LAYER


class Paper(NamedTuple):
    """A paper size in millimetres."""

    width_mm: float
    height_mm: float

    @property
    def inches(self) -> tuple[float, float]:
        """(width, height) in inches (matplotlib's figure size)."""
        return self.width_mm / 25.4, self.height_mm / 25.4

    @property
    def landscape(self) -> bool:
        """Wider than tall."""
        return self.width_mm > self.height_mm

    def pixels(self, dpi: float) -> tuple[int, int]:
        """The PNG size (width, height) this paper has at ``dpi`` (whole pixels, as matplotlib cuts them)."""
        w, h = self.inches
        return int(w * dpi), int(h * dpi)


#: ISO 216 A4 / A3 and a 16:9 slide (13.333 × 7.5 in, the size of a widescreen PowerPoint slide).
PAPERS: dict[str, Paper] = {
    "a4-landscape": Paper(297.0, 210.0),
    "a4-portrait": Paper(210.0, 297.0),
    "a3-landscape": Paper(420.0, 297.0),
    "a3-portrait": Paper(297.0, 420.0),
    "slide": Paper(960 / 72 * 25.4, 540 / 72 * 25.4),
}
FORMATS: tuple[str, ...] = ("pdf", "svg", "png")
#: What a sheet can be fitted to: the province, a city, a petrochemical base, a cluster, a 专栏10 sector.
EXTENTS: tuple[str, ...] = ("province", "city", "base", "cluster", "sector")
DEFAULT_DPI = 300
MIN_DPI, MAX_DPI = 50, 1200


@dataclass(frozen=True)
class KeyFigure:
    """One figure printed beside the map: label, value text and its source (every number has one)."""

    label: str
    value: str
    source: str


@dataclass(frozen=True)
class Thematic:
    """A city choropleth drawn instead of (or under) the atlas layers: the calculator's park share by city,
    the progress status by city. ``fills`` maps a city adcode to its colour; ``legend`` is
    ``[(label, colour), …]`` in order; ``source`` says where the figures come from (user input says so)."""

    title: str
    fills: tuple[tuple[str, str], ...]
    legend: tuple[tuple[str, str], ...]
    source: str
    note: str = ""
    #: Text written on each city (adcode -> text, e.g. "63.2%").
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SheetSpec:
    """Everything that changes a printed sheet; two equal specs print the same sheet.

    ``extent`` / ``focus``: ``province``; ``city`` + adcode or Chinese name (``350100``, ``福州市``);
    ``base`` + petrochemical base (``湄洲湾``, ``古雷``, ``江阴``); ``cluster`` + cluster id; ``sector`` (the
    places the plan names for ``sector``). ``review_number`` (审图号) and ``compiling_unit`` are printed as
    given and left blank by default — never invented. ``parks`` defaults to the parks in force.
    """

    layers: tuple[str, ...] = DEFAULT_LAYERS
    lang: str = "zh"
    paper: str = "a4-landscape"
    sector: int | None = None
    extent: str = "province"
    focus: str | None = None
    title: str | None = None
    subtitle: str | None = None
    review_number: str = ""
    compiling_unit: str = ""
    #: ISO date printed on the sheet (default: today).
    date: str | None = None
    #: Locator inset (``None``: shown when the extent is not the whole province).
    locator: bool | None = None
    labels: bool = True
    thematic: Thematic | None = None
    #: A GeoTIFF drawn under the vector layers, clipped to the sheet (path).
    raster: str | None = None
    #: The raster's band, the user's "categorical / continuous" choice (``None``: as the raster says, the
    #: rule of :func:`gis.raster.read.is_categorical`) and class names ((value, name) pairs), as on the
    #: rasters page.
    raster_band: int = 1
    raster_categorical: bool | None = None
    raster_labels: tuple[tuple[int, str], ...] = ()
    #: The map page's basemap: a registered local package is drawn under the layers; web services are not
    #: (a sheet is made offline) and the attribution says so.
    basemap: str = "none"
    key_figures: tuple[KeyFigure, ...] = ()
    parks: gpd.GeoDataFrame | None = field(default=None, compare=False, hash=False, repr=False)
    user_parks: gpd.GeoDataFrame | None = field(default=None, compare=False, hash=False, repr=False)

    def replace(self, **changes: Any) -> SheetSpec:
        """A copy with ``changes``."""
        return replace(self, **changes)

    @property
    def paper_size(self) -> Paper:
        """The :class:`Paper` of :attr:`paper`."""
        return PAPERS[self.paper]

    @property
    def sheet_date(self) -> str:
        """The date printed (ISO), today by default."""
        return self.date or dt.date.today().isoformat()

    def checked(self) -> SheetSpec:
        """This spec, or a :class:`gis.errors.DataValidationError` naming the bad field."""
        _one_of("paper", self.paper, tuple(PAPERS))
        _one_of("lang", self.lang, ("zh", "en"))
        _one_of("extent", self.extent, EXTENTS)
        bad = [x for x in self.layers if x not in REGISTRY]
        if bad:
            raise DataValidationError(
                f"unknown layer {bad[0]!r}",
                field="layers",
                hint=f"use any of {', '.join(REGISTRY)}",
                message_zh=f"未知图层 {bad[0]!r}",
                hint_zh=f"可用图层：{', '.join(REGISTRY)}",
            )
        if (SECTOR_LAYER in self.layers or self.extent == "sector") and self.sector is None:
            raise DataValidationError(
                "the sector layer needs a sector",
                field="sector",
                hint="give a 专栏10 sector number 1–24 (--sector N)",
                message_zh="专栏10产业布局图层需要指定产业",
                hint_zh="请给出专栏10产业序号 1–24（--sector N）",
            )
        if self.sector is not None:
            known = sector_targets().index
            if int(self.sector) not in known:
                raise DataValidationError(
                    f"sector {self.sector!r} is not one of the 专栏10 sectors 1–{max(known)}",
                    field="sector",
                    hint=f"give a number 1–{max(known)}",
                    message_zh=f"产业序号 {self.sector!r} 不在专栏10的 1–{max(known)} 之内",
                )
        if self.extent in ("city", "base", "cluster") and not self.focus:
            raise DataValidationError(
                f"the {self.extent} extent needs a focus",
                field="focus",
                hint="name the city, base or cluster to fit the sheet to",
                message_zh="请指定要适配的城市、基地或集群",
            )
        return self


def _one_of(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise DataValidationError(
            f"{name} {value!r} is not one of {', '.join(allowed)}",
            field=name,
            hint=f"use one of {', '.join(allowed)}",
            message_zh=f"{name} {value!r} 不是 {', '.join(allowed)} 之一",
        )


def check_dpi(dpi: float) -> int:
    """``dpi`` as an int in :data:`MIN_DPI`–:data:`MAX_DPI`, else a ``DataValidationError``."""
    if not (MIN_DPI <= dpi <= MAX_DPI):
        raise DataValidationError(
            f"dpi {dpi:g} is outside {MIN_DPI}–{MAX_DPI}",
            field="dpi",
            hint="300 is print quality; 150 is enough for a screen",
            message_zh=f"dpi {dpi:g} 超出 {MIN_DPI}–{MAX_DPI}",
        )
    return int(dpi)
