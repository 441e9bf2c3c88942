"""The layer registry: one :class:`LayerSpec` per map layer (id, titles, group, default, builder, selection).

The map builder (:func:`layers.mapbuild.build_map`) loops over it, the page's layer picker lists it, the
GeoPackage download (:mod:`layers.frames`) and the in-map search take their selections from it. Add a layer
here and every caller knows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import pandas as pd

from gis.text import Pair
from layers.boundaries import boundary_layer
from layers.clusters import (
    choropleth_group,
    cluster_group,
    plan_clusters,
    related_clusters,
    sector_group,
)
from layers.data import parks_in_force
from layers.frames import (
    FrameBuilder,
    boundary_frames,
    cluster_frames,
    cluster_target_frames,
    park_frames,
    sector_frames,
)
from layers.parks import (
    demo_group,
    demonstration_parks,
    dev_zone_groups,
    development_zones,
    petrochem_group,
    petrochemical_parks,
    user_group,
)

if TYPE_CHECKING:
    from layers.map_context import MapContext

Builder = Callable[["MapContext"], list[folium.FeatureGroup]]
Selector = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class LayerSpec:
    """One map layer."""

    id: str
    title: Pair
    group: str
    #: Shown on first visit.
    default: bool
    #: Draws the layer: the FeatureGroups to add, in layer-control order.
    build: Builder
    #: Draw order (lower first): clusters below parks, so park markers (their cards) stay on top.
    z: int
    #: Which legend section the layer belongs to (``None``: no legend).
    legend: str | None = None
    #: The parks (or clusters) the layer shows: a boolean mask over the parks (clusters) frame.
    parks: Selector | None = None
    clusters: Selector | None = None
    #: The layer's tables in the GeoPackage download (``None``: none).
    frames: FrameBuilder | None = None
    #: Offered in the page's layer picker (the user's file parks come from the Data page instead).
    picker: bool = True


#: Layer-control groups, in order.
GROUPS: dict[str, Pair] = {
    "boundaries": Pair("行政区划", "Boundaries"),
    "parks": Pair("园区与基地", "Parks and bases"),
    "clusters": Pair("千亿产业集群", "100-billion-yuan clusters"),
    "sector": Pair("专栏10", "Box 10"),
}


# ------------------------------------------------------------------------------------------- selections
# --------------------------------------------------------------------------------------------- builders
def _boundary(level: str) -> Builder:
    def build(ctx: MapContext) -> list[folium.FeatureGroup]:
        return [boundary_layer(level, ctx.lang, basemap=ctx.basemap)]

    return build


def _build_dev_zones(ctx: MapContext) -> list[folium.FeatureGroup]:
    return (
        dev_zone_groups(ctx.parks, ctx.lang, basemap=ctx.basemap, card=ctx.park_popup)
        if len(ctx.parks)
        else []
    )


def _build_petrochem(ctx: MapContext) -> list[folium.FeatureGroup]:
    return (
        [petrochem_group(ctx.parks, ctx.lang, basemap=ctx.basemap, card=ctx.park_popup)]
        if len(ctx.parks)
        else []
    )


def _build_demo(ctx: MapContext) -> list[folium.FeatureGroup]:
    return (
        [demo_group(ctx.parks, ctx.lang, basemap=ctx.basemap, card=ctx.park_popup)] if len(ctx.parks) else []
    )


def _build_clusters(plan: bool) -> Builder:
    def build(ctx: MapContext) -> list[folium.FeatureGroup]:
        group = cluster_group(
            ctx.clusters, ctx.parks, plan=plan, lang=ctx.lang, basemap=ctx.basemap, card=ctx.cluster_popup
        )
        return [group]

    return build


def _build_choropleth(ctx: MapContext) -> list[folium.FeatureGroup]:
    return [choropleth_group(ctx.clusters, lang=ctx.lang, basemap=ctx.basemap)]


def _build_sector(ctx: MapContext) -> list[folium.FeatureGroup]:
    fg, ctx.sector_info = sector_group(int(ctx.sector or 0), ctx.parks, lang=ctx.lang, basemap=ctx.basemap)
    return [fg]


def _build_user(ctx: MapContext) -> list[folium.FeatureGroup]:
    if ctx.user_parks is None or not len(ctx.user_parks):
        return []
    return [user_group(ctx.user_parks, ctx.lang, basemap=ctx.basemap)]


# ----------------------------------------------------------------------------------------------- registry
def _spec(
    id_: str,
    zh: str,
    en: str,
    group: str,
    build: Builder,
    z: int,
    *,
    default: bool,
    legend: str | None = None,
    parks: Selector | None = None,
    clusters: Selector | None = None,
    frames: FrameBuilder | None = None,
    picker: bool = True,
) -> LayerSpec:
    return LayerSpec(
        id_,
        Pair(zh, en),
        group,
        default=default,
        build=build,
        z=z,
        legend=legend,
        parks=parks,
        clusters=clusters,
        frames=frames,
        picker=picker,
    )


#: Every layer, in the picker's order.
LAYERS: tuple[LayerSpec, ...] = (
    _spec(
        "province",
        "省界",
        "Province",
        "boundaries",
        _boundary("province"),
        0,
        default=True,
        frames=boundary_frames("province"),
    ),
    _spec(
        "cities",
        "设区市",
        "Cities",
        "boundaries",
        _boundary("city"),
        1,
        default=True,
        frames=boundary_frames("city"),
    ),
    _spec(
        "counties",
        "县（市、区）",
        "Counties",
        "boundaries",
        _boundary("county"),
        2,
        default=True,
        frames=boundary_frames("county"),
    ),
    _spec(
        "parks",
        "开发区（按级别）",
        "Development zones (by level)",
        "parks",
        _build_dev_zones,
        20,
        default=True,
        legend="parks",
        parks=development_zones,
        frames=park_frames(development_zones),
    ),
    _spec(
        "petrochem",
        "石化基地",
        "Petrochemical bases",
        "parks",
        _build_petrochem,
        21,
        default=True,
        legend="parks",
        parks=petrochemical_parks,
        frames=park_frames(petrochemical_parks),
    ),
    _spec(
        "demo_bases",
        "新型工业化产业示范基地",
        "Demonstration bases",
        "parks",
        _build_demo,
        22,
        default=True,
        legend="parks",
        parks=demonstration_parks,
        frames=park_frames(demonstration_parks),
    ),
    _spec(
        "clusters_plan",
        "千亿集群（规划点名）",
        "100-billion-yuan clusters (named in the plan)",
        "clusters",
        _build_clusters(True),
        11,
        default=True,
        legend="clusters",
        clusters=plan_clusters,
        frames=cluster_frames(plan_clusters),
    ),
    _spec(
        "clusters_related",
        "千亿集群候选（相关文件）",
        "100-billion-yuan cluster candidates (related documents)",
        "clusters",
        _build_clusters(False),
        12,
        default=True,
        legend="clusters",
        clusters=related_clusters,
        frames=cluster_frames(related_clusters),
    ),
    _spec(
        "cluster_targets",
        "城市集群目标（推算）",
        "City cluster targets (derived)",
        "clusters",
        _build_choropleth,
        10,
        default=False,
        legend="clusters",
        frames=cluster_target_frames,
    ),
    _spec(
        "sector",
        "专栏10产业布局",
        "Box 10 sector layout",
        "sector",
        _build_sector,
        30,
        default=False,
        legend="sector",
        frames=sector_frames,
    ),
    _spec(
        "user_parks",
        "我的园区（用户文件）",
        "My parks (user file)",
        "parks",
        _build_user,
        40,
        default=False,
        legend="user",
        picker=False,
    ),
)
REGISTRY: dict[str, LayerSpec] = {spec.id: spec for spec in LAYERS}
#: Layer id -> (中文, English, group id) (the older table shape; read-only).
LAYER_IDS: dict[str, tuple[str, str, str]] = {s.id: (s.title.zh, s.title.en, s.group) for s in LAYERS}
DEFAULT_LAYERS: tuple[str, ...] = tuple(s.id for s in LAYERS if s.default)
#: The layer that depends on the sector pick.
SECTOR_LAYER = "sector"


def picker_ids() -> list[str]:
    """Layers the page's picker offers, in order."""
    return [s.id for s in LAYERS if s.picker]


def default_layers() -> list[str]:
    """Layers shown on first visit."""
    return list(DEFAULT_LAYERS)


def layer_title(layer_id: str, lang: str = "zh") -> str:
    """Title of a layer in ``lang`` (the id itself when unknown)."""
    spec = REGISTRY.get(layer_id)
    return spec.title.get(lang) if spec else layer_id


def draw_order(layer_ids: list[str]) -> list[LayerSpec]:
    """The specs of ``layer_ids`` in draw order."""
    return sorted((REGISTRY[x] for x in layer_ids if x in REGISTRY), key=lambda s: s.z)


def layer_frames(
    layers: list[str], *, sector: int | None = None, parks: gpd.GeoDataFrame | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """One GeoDataFrame per shown layer (empty ones left out), for the GeoPackage download.

    Each layer's frames come from its spec (:mod:`layers.frames`), with the selection its map builder draws.
    ``parks`` defaults to the parks in force (:func:`layers.data.parks_in_force`).
    """
    parks = parks_in_force() if parks is None else parks
    frames: dict[str, gpd.GeoDataFrame] = {}
    for layer in layers:
        spec = REGISTRY.get(layer)
        if spec is not None and spec.frames is not None:
            frames.update(spec.frames(layer, parks, sector))
    return {k: v for k, v in frames.items() if len(v)}
