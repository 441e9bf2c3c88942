"""Rasters page: the output-density surface (build, map, GeoTIFF download) and the user's own raster
(upload, map, zonal statistics per park, CSV download).

Logic lives in ``gis.raster`` (surfaces, zonal statistics, warping), ``gis.cli_raster`` (the figure list and
the petrochemical split shared with the command line) and ``layers.raster`` (overlay and legend).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_pages._widget_lang import sync_choices
from app_pages.i18n import lang, tr
from gis import raster
from gis.cli_raster import figure_choices, load_parks_for_rasters, petrochem_split
from gis.errors import AtlasError
from gis.settings import user_store_path

LATEST = "__latest__"


@st.cache_data(show_spinner=False, max_entries=2)
def _parks_at(store_mtime: float) -> Any:
    return load_parks_for_rasters(with_store=True)


def _store_key() -> float:
    path = user_store_path()
    return path.stat().st_mtime if path.is_file() else 0.0


def _parks() -> Any:
    """Shipped parks with the user's accepted boundaries (re-read when the store file changes)."""
    return _parks_at(_store_key())


@st.cache_data(show_spinner=False)
def _outlines() -> Any:
    try:
        from gis.boundaries import load_boundaries

        return load_boundaries("city")
    except (AtlasError, OSError, ImportError):
        return None


@st.cache_data(show_spinner=False, max_entries=12)
def _density(
    figure: str, year: str | None, cell: float, radius: float, store: float
) -> raster.DensitySurface:
    parks = _parks()
    values = (
        petrochem_split(parks)
        if figure == raster.PETROCHEM_SPLIT_FIGURE
        else raster.figure_values(parks, figure, year)
    )
    return raster.density_surface(values, cell=cell, kernel_radius=radius, figure=figure)


@st.cache_data(show_spinner=False, max_entries=6)
def _density_tif(figure: str, year: str | None, cell: float, radius: float, store: float) -> bytes:
    return raster.geotiff_bytes(_density(figure, year, cell, radius, store))


@st.cache_data(show_spinner=False, max_entries=6)
def _density_display(
    figure: str, year: str | None, cell: float, radius: float, store: float
) -> raster.DisplayRaster:
    return raster.warp_for_display(_density(figure, year, cell, radius, store))


@st.cache_data(show_spinner=False, max_entries=4)
def _user_info(data: bytes, name: str) -> dict[str, Any]:
    return raster.raster_info(data, name=name)


@st.cache_data(show_spinner=False, max_entries=4)
def _user_display(data: bytes, name: str, categorical: bool | None, band: int) -> raster.DisplayRaster:
    return raster.warp_for_display(data, name=name, categorical=categorical, band=band)


@st.cache_data(show_spinner=False, max_entries=4)
def _user_zonal(
    data: bytes,
    name: str,
    categorical: bool | None,
    point_mode: str,
    buffer_m: float,
    labels: tuple[tuple[int, str], ...],
    store: float,
    band: int,
) -> raster.ZonalResult:
    return raster.zonal_stats(
        data,
        _parks(),
        categorical=categorical,
        point_mode=point_mode,
        point_buffer_m=buffer_m,
        class_labels=dict(labels),
        name=name,
        band=band,
    )


def _show_map(display: raster.DisplayRaster, key: str, name_zh: str, name_en: str, **kwargs: Any) -> None:
    from layers import raster as lraster
    from layers.assets import localize
    from layers.basemaps import add_basemap

    try:
        fmap = lraster.raster_map(
            display,
            name_zh=name_zh,
            name_en=name_en,
            lang=lang(),
            parks=_parks(),
            outlines=_outlines(),
            **kwargs,
        )
        if st.session_state.get("raster_online"):
            add_basemap(fmap, "osm", lang())
        localize(fmap, "served")
    except (AtlasError, OSError, LookupError, ValueError) as exc:
        st.error(tr(f"地图无法生成：{exc}", f"The map could not be built: {exc}"))
        return
    st_folium(fmap, key=key, height=560, use_container_width=True, returned_objects=[])
    west, south, east, north = display.bounds_lonlat
    st.caption(
        tr(
            f"已重投影至 Web 墨卡托显示（原坐标系 {display.source_crs}）；范围 经度 {west:.4f}–{east:.4f}，纬度 {south:.4f}–{north:.4f}。",
            f"Warped to Web Mercator for display (source CRS {display.source_crs}); extent lon {west:.4f}–{east:.4f}, "
            f"lat {south:.4f}–{north:.4f}.",
        )
    )


#: Readable headings of the zonal-statistics table (the CSV download keeps the keys of docs/raster.md).
_ZONAL_HEADINGS = {
    "name": ("园区", "Park"),
    "note": ("情况", "Coverage"),
    "covered_fraction": ("覆盖比例", "Share covered"),
    "cells": ("统计范围内像元", "Cells in zone"),
    "count": ("有效像元", "Valid cells"),
    "nodata_cells": ("无数据像元", "Nodata cells"),
    "mean": ("均值", "Mean"),
    "min": ("最小值", "Min"),
    "max": ("最大值", "Max"),
    "sum": ("总和", "Sum"),
    "majority": ("主要类别", "Majority class"),
}


def _zonal_display(result: raster.ZonalResult) -> pd.DataFrame:
    """The zonal table for reading: one language, human headings, shares as percentages (values in raster units)."""
    table = result.table
    suffix = "en" if lang() == "en" else "zh"
    shown = pd.DataFrame(index=table.index.rename(tr("园区编号", "Park ID")))
    shown[tr(*_ZONAL_HEADINGS["name"])] = table[f"name_{suffix}"]
    shown[tr(*_ZONAL_HEADINGS["note"])] = table[f"note_{suffix}"]
    shown[tr(*_ZONAL_HEADINGS["covered_fraction"])] = table["covered_fraction"].map(
        lambda v: "—" if pd.isna(v) else f"{v:.0%}"
    )
    for col in ("cells", "count", "nodata_cells"):
        shown[tr(*_ZONAL_HEADINGS[col])] = table[col]
    if result.categorical:
        classes = result.classes or {}

        def class_name(v: object) -> str:
            label = classes.get(v, {}).get("label") if isinstance(v, int) else None
            return str(label) if label and label != f"class {v}" else tr(f"类别 {v}", f"class {v}")

        if "majority" in table.columns:
            shown[tr(*_ZONAL_HEADINGS["majority"])] = table["majority"].map(
                lambda v: "—" if pd.isna(v) else class_name(int(v))
            )
        for col in [c for c in table.columns if c.startswith("share_")]:
            value = col.removeprefix("share_")
            key: object = int(value) if value.lstrip("-").isdigit() else value
            name = class_name(key)
            heading = (
                tr(f"{name}占比", f"{name} share")
                if name.startswith(("类别", "class "))
                else tr(f"{name}（{value}）占比", f"{name} ({value}) share")
            )
            shown[heading] = table[col].map(lambda v: "—" if pd.isna(v) else f"{v:.1%}")
    else:
        for col in ("mean", "min", "max", "sum"):
            shown[tr(*_ZONAL_HEADINGS[col]) + tr("（栅格单位）", " (raster units)")] = table[col]
    return shown


def _error(exc: Exception) -> None:
    st.error(tr(f"无法处理：{exc}", f"Could not process it: {exc}"))


st.title(tr("栅格：产出密度与用户栅格", "Rasters: output density and your rasters"))
sync_choices(
    "raster", ["raster_figure", "raster_year", "raster_kind", "raster_point_mode", "raster_card_park"]
)
st.toggle(
    tr("在线底图（OpenStreetMap）", "Online basemap (OpenStreetMap)"),
    key="raster_online",
    value=False,
    help=tr("默认离线，仅显示市界。", "Offline by default: city outlines only."),
)
tab_density, tab_user = st.tabs(
    [tr("产出密度栅格", "Density surface"), tr("我的栅格与分区统计", "My raster & zonal statistics")]
)

# ------------------------------------------------------------------------------------------------ density
with tab_density:
    try:
        choices = figure_choices(_parks())
    except (AtlasError, OSError) as exc:
        choices = pd.DataFrame()
        _error(exc)
    if choices.empty:
        st.info(tr("园区数据中没有可用的数值指标。", "The parks carry no numeric figure to map."))
    else:
        c1, c2, c3, c4 = st.columns([4, 2, 2, 2])
        # labels computed now (format_func may run outside the script run, where the language is unknown)
        fig_labels = {
            k: f"{choices.at[k, 'label_en' if lang() == 'en' else 'label_zh']} [{choices.at[k, 'unit']}] · "
            f"{choices.at[k, 'n_parks']} " + tr("个园区", "parks")
            for k in choices.index
        }
        figure = c1.selectbox(
            tr("指标", "Figure"), list(choices.index), key="raster_figure", format_func=fig_labels.get
        )
        years = list(choices.at[figure, "years"])
        year_labels = {LATEST: tr("各园区最新", "latest per park")} | {y: y for y in years}
        year = c2.selectbox(
            tr("年份", "Year"), list(year_labels), key="raster_year", format_func=year_labels.get
        )
        cell = c3.number_input(
            tr("像元大小（米）", "Cell size (m)"),
            min_value=200,
            max_value=20000,
            value=1000,
            step=100,
            key="raster_cell",
        )
        radius = c4.number_input(
            tr("核半径（米）", "Kernel radius (m)"),
            min_value=100,
            max_value=50000,
            value=int(raster.DEFAULT_KERNEL_RADIUS_M),
            step=500,
            key="raster_radius",
            help=tr(
                "点状园区的值按四次核（quartic）分布在此半径内；已发布点位为近似位置（±1–5 公里）。",
                "Point parks spread their value over a quartic kernel of this radius; the "
                "shipped points are approximate (±1–5 km).",
            ),
        )
        if figure == raster.PETROCHEM_SPLIT_FIGURE:
            st.warning(
                tr(
                    "假设：规划只给出全省石化产值目标（2020年6800亿元，第四章一（一）/专栏10 #1），未分到园区。"
                    "此处将其平均分配给各石化园区，仅用于示意空间分布，不是园区目标。",
                    "ASSUMPTION: the plan gives only the provincial petrochemical output target (6800 亿元 for 2020, "
                    "第四章一（一）/专栏10 #1), not per park. It is split equally across the petrochemical parks here, to "
                    "illustrate where it lies — these are not park targets.",
                )
            )
        key = (figure, None if year == LATEST else year, float(cell), float(radius), _store_key())
        try:
            with st.spinner(tr("计算中…", "Building…")):
                surface = _density(*key)
        except (AtlasError, OSError) as exc:
            surface = None
            _error(exc)
        if surface is not None:
            (st.success if surface.check.ok else st.error)(
                tr("总量校核：", "Sum check: ") + surface.check.text(lang())
            )
            st.caption(
                tr(
                    f"单位：{surface.units_per_cell}（每像元的值；除以像元面积即为每平方公里密度）。来源：{surface.source}",
                    f"Units: {surface.units_per_cell} (value per cell; divide by the cell area for per-km² "
                    f"density). Source: {surface.source}",
                )
            )
            st.caption(tr("方法：" + surface.method_zh, "Method: " + surface.method))
            try:
                _show_map(
                    _density_display(*key),
                    "raster_density_map",
                    f"{surface.label_zh}密度",
                    f"{surface.label_en} density",
                    zero_transparent=True,
                )
            except (AtlasError, OSError) as exc:
                _error(exc)
            try:
                st.download_button(
                    tr("下载 GeoTIFF", "Download GeoTIFF"),
                    _density_tif(*key),
                    file_name=f"density_{figure}_{surface.year.replace(', ', '-')}_{int(cell)}m.tif",
                    mime="image/tiff",
                    key="raster_density_download",
                )
            except (AtlasError, OSError) as exc:
                _error(exc)
            with st.expander(
                tr(f"输入值（{len(surface.inputs)} 个园区）", f"Input values ({len(surface.inputs)} parks)")
            ):
                cols = [
                    c
                    for c in (
                        "name_zh",
                        "name_en",
                        "value",
                        "unit",
                        "year",
                        "confidence",
                        "spread_as",
                        "note",
                    )
                    if c in surface.inputs.columns
                ]
                st.dataframe(surface.inputs[cols], width="stretch")

# ------------------------------------------------------------------------------------------------ user raster
with tab_user:
    st.markdown(
        tr(
            "上传任意坐标系的 GeoTIFF（如土地利用分类、高程、夜间灯光）。有颜色表的栅格按分类处理，否则按连续值处理（可改）。",
            "Upload a GeoTIFF in any CRS (land use, elevation, night lights…). Rasters with a colour table are treated "
            "as categorical, others as continuous (you can override).",
        )
    )
    upload = st.file_uploader(tr("GeoTIFF 文件", "GeoTIFF file"), type=["tif", "tiff"], key="raster_upload")
    u1, u2, u3 = st.columns([3, 3, 2])
    kind_labels = {
        "auto": tr("自动", "Automatic"),
        "continuous": tr("连续值", "Continuous"),
        "categorical": tr("分类", "Categorical"),
    }
    kind = u1.radio(
        tr("栅格类型", "Raster type"),
        list(kind_labels),
        horizontal=True,
        key="raster_kind",
        format_func=kind_labels.get,
    )
    mode_labels = {"buffer": tr("缓冲圆", "Buffer disc"), "cell": tr("所在像元值", "Cell value")}
    point_mode = u2.radio(
        tr("点状园区", "Point parks"),
        list(mode_labels),
        horizontal=True,
        key="raster_point_mode",
        format_func=mode_labels.get,
    )
    buffer_m = u3.number_input(
        tr("缓冲半径（米）", "Buffer radius (m)"),
        min_value=50,
        max_value=20000,
        value=int(raster.POINT_BUFFER_M),
        step=50,
        key="raster_buffer",
        disabled=point_mode != "buffer",
    )
    labels_text = st.text_input(
        tr("类别名称（可选，如 1=建设用地; 2=耕地）", "Class names (optional, e.g. 1=Built-up; 2=Cropland)"),
        key="raster_labels",
    )
    if upload is not None:
        data, name = upload.getvalue(), upload.name
        categorical = None if kind == "auto" else kind == "categorical"
        try:
            labels = raster.parse_class_labels(labels_text or "")
            info = _user_info(data, name)
        except (AtlasError, OSError) as exc:
            info = None
            _error(exc)
        if info is not None:
            st.caption(
                tr(
                    f"{info['width']}×{info['height']} 像元，{info['count']} 波段，{info['dtype']}，坐标系 {info['crs_name']}（{info['crs'][:60]}），"
                    f"无数据值 {info['nodata']}，{'有' if info['has_colour_table'] else '无'}颜色表。",
                    f"{info['width']}×{info['height']} pixels, {info['count']} band(s), {info['dtype']}, CRS "
                    f"{info['crs_name']} ({info['crs'][:60]}), nodata {info['nodata']}, "
                    f"{'with' if info['has_colour_table'] else 'no'} colour table.",
                )
            )
            band = 1
            if info["count"] > 1:
                band = int(
                    st.number_input(
                        tr(f"波段（共 {info['count']} 个）", f"Band (of {info['count']})"),
                        min_value=1,
                        max_value=int(info["count"]),
                        value=1,
                        step=1,
                        key="raster_band",
                    )
                )
            try:
                display = _user_display(data, name, categorical, band)
                _show_map(display, "raster_user_map", name, name, class_labels=labels)
            except (AtlasError, OSError) as exc:
                _error(exc)
            try:
                with st.spinner(tr("分区统计中…", "Computing zonal statistics…")):
                    result = _user_zonal(
                        data,
                        name,
                        categorical,
                        point_mode,
                        float(buffer_m),
                        tuple(sorted(labels.items())),
                        _store_key(),
                        band,
                    )
            except (AtlasError, OSError) as exc:
                result = None
                _error(exc)
            if result is not None:
                table = result.table
                counts = table["status"].value_counts()
                st.markdown(
                    tr(
                        f"**分区统计**（{'分类：各类别占园区有效像元的比例' if result.categorical else '连续值：均值/最小/最大/总和'}）："
                        f"全部位于栅格内 {counts.get('inside', 0)}，部分 {counts.get('partial', 0)}，栅格外 {counts.get('outside', 0)}，"
                        f"全为无数据 {counts.get('no_data', 0)}。",
                        f"**Zonal statistics** ({'categorical: share of each class among the park’s valid cells' if result.categorical else 'continuous: mean/min/max/sum'}): "
                        f"inside {counts.get('inside', 0)}, partly {counts.get('partial', 0)}, outside {counts.get('outside', 0)}, "
                        f"all nodata {counts.get('no_data', 0)}.",
                    )
                )
                if point_mode == "buffer":
                    st.caption(
                        tr(
                            f"点状园区（无边界）以半径 {buffer_m:g} 米的圆作为统计范围（在等积投影中绘制）；部分覆盖的园区仅统计覆盖部分。",
                            f"Point parks (no boundary) use a disc of {buffer_m:g} m radius (drawn in the equal-area "
                            "projection); parks partly covered count only the covered part.",
                        )
                    )
                st.dataframe(_zonal_display(result), width="stretch", key="raster_zonal_table")
                names = {
                    pid: f"{row['name_en'] if lang() == 'en' else row['name_zh']} ({pid})"
                    for pid, row in table.iterrows()
                }
                pick_id = st.selectbox(
                    tr("园区卡片", "Park card"), list(names), format_func=names.get, key="raster_card_park"
                )
                from layers.raster import zonal_card_html

                st.html(zonal_card_html(result, pick_id, lang()))
                st.download_button(
                    tr("下载 CSV", "Download CSV"),
                    result.to_csv_bytes(),
                    file_name=f"zonal_{name.rsplit('.', 1)[0]}.csv",
                    mime="text/csv",
                    key="raster_zonal_download",
                )
