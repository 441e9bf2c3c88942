"""Rasters page: the output-density surface (build, map, GeoTIFF download) and the user's own raster
(upload, map, zonal statistics per park, CSV download).

Logic lives in ``gis.raster`` (surfaces, zonal statistics, warping), the figure list and the petrochemical
split shared with the command line, ``gis.raster_view`` (the texts and tables shown) and
``layers.raster_overlay_map`` (overlay, legend, basemap). This page lays out the widgets.
"""

from __future__ import annotations

from typing import Any, cast

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_pages import _progress_ui as progress_ui
from app_pages._print_panel import raster_print
from app_pages._widget_lang import labelled, sync_choices
from app_pages.i18n import error_text, lang, tr
from clusters.raster_inputs import density_values, figure_choices
from gis import raster
from gis import raster_view as view
from gis.boundaries import load_boundaries
from gis.errors import AtlasError
from gis.jobs import Progress
from gis.parks import parks_in_force, parks_version
from gis.tabular import XLSX_MIME
from layers.raster import zonal_card_html
from layers.raster_overlay_map import overlay_map

LATEST = "__latest__"
K_JOB = "raster_density"
K_BUILT = "raster_density_built"  # keys of surfaces this session has built (then read from the cache)
K_FAILED = "raster_density_failed"  # the key whose job failed or was cancelled (not restarted by itself)


@st.cache_data(show_spinner=False, max_entries=2)
def _parks_at(version: str) -> Any:
    return parks_in_force()


def _store_key() -> str:
    """The cache key of the parks in force (changes with every accepted boundary or undo)."""
    return parks_version()


def _parks() -> Any:
    """The parks in force: shipped parks with the user's accepted boundaries and added parks."""
    return _parks_at(_store_key())


@st.cache_data(show_spinner=False)
def _outlines() -> Any:
    try:
        return load_boundaries("city")
    except (AtlasError, OSError):
        return None


@st.cache_data(show_spinner=False, max_entries=12)
def _density(
    figure: str,
    year: str | None,
    cell: float,
    radius: float,
    parks_key: str,
    _progress: Progress | None = None,
) -> raster.DensitySurface:
    values = density_values(_parks_at(parks_key), figure, year)
    return raster.density_surface(values, cell=cell, kernel_radius=radius, figure=figure, progress=_progress)


@st.cache_data(show_spinner=False, max_entries=6)
def _density_tif(figure: str, year: str | None, cell: float, radius: float, parks_key: str) -> bytes:
    return raster.geotiff_bytes(_density(figure, year, cell, radius, parks_key))


@st.cache_data(show_spinner=False, max_entries=6)
def _density_display(
    figure: str, year: str | None, cell: float, radius: float, parks_key: str
) -> raster.DisplayRaster:
    return raster.warp_for_display(_density(figure, year, cell, radius, parks_key))


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
    parks_key: str,
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


def _error(exc: Exception) -> None:
    st.error(tr("无法处理：", "Could not process it: ") + error_text(exc))


def _show_map(display: raster.DisplayRaster, key: str, name_zh: str, name_en: str, **kwargs: Any) -> None:
    try:
        fmap = overlay_map(
            display,
            name_zh=name_zh,
            name_en=name_en,
            lang=lang(),
            parks=_parks(),
            outlines=_outlines(),
            online=bool(st.session_state.get("raster_online")),
            **kwargs,
        )
    except (AtlasError, OSError, LookupError, ValueError) as exc:
        st.error(tr("地图无法生成：", "The map could not be built: ") + error_text(exc))
        return
    st_folium(fmap, key=key, height=560, use_container_width=True, returned_objects=[])
    west, south, east, north = display.bounds_lonlat
    extent = f"{west:.4f}–{east:.4f}", f"{south:.4f}–{north:.4f}"
    st.caption(
        tr(
            f"已重投影至 Web 墨卡托显示（原坐标系 {display.source_crs}）；"
            f"范围 经度 {extent[0]}，纬度 {extent[1]}。",
            f"Warped to Web Mercator for display (source CRS {display.source_crs}); extent lon {extent[0]}, "
            f"lat {extent[1]}.",
        )
    )


# ------------------------------------------------------------------------------------------------ density
def _density_options(choices: pd.DataFrame) -> tuple[str, str | None, float, float]:
    """Figure, year (``None`` = latest per park), cell size and kernel radius."""
    c1, c2, c3, c4 = st.columns([4, 2, 2, 2])
    # labels computed now (format_func may run outside the script run, where the language is unknown)
    fig_labels = view.figure_labels(choices, lang())
    figure = c1.selectbox(
        tr("指标", "Figure"), list(fig_labels), key="raster_figure", format_func=labelled(fig_labels)
    )
    # a list-valued cell: pandas-stubs types .at[...] as a scalar, figure_choices() puts the years' list there
    years = cast("list[str]", choices.at[figure, "years"])
    year_labels = {LATEST: tr("各园区最新", "latest per park")} | {y: y for y in years}
    year = c2.selectbox(
        tr("年份", "Year"), list(year_labels), key="raster_year", format_func=labelled(year_labels)
    )
    cell = c3.number_input(
        tr("像元大小（米）", "Cell size (m)"),
        min_value=200,
        max_value=20000,
        value=int(raster.DEFAULT_CELL_M),
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
    return figure, None if year == LATEST else year, float(cell), float(radius)


def _petrochem_assumption() -> None:
    st.warning(
        tr(
            "假设：规划只给出全省石化产值目标（2020年6800亿元，第四章一（一）/专栏10 #1），未分到园区。"
            "此处将其平均分配给各石化园区，仅用于示意空间分布，不是园区目标。",
            "ASSUMPTION: the plan gives only the provincial petrochemical output target (6,800 × 100 million "
            "yuan for 2020, ch. 4 §1 (1) / Box 10 item 1), not per park. It is split equally across the "
            "petrochemical parks here, to illustrate where it lies — these are not park targets.",
        )
    )


def _surface(surface: raster.DensitySurface, key: tuple) -> None:
    (st.success if surface.check.ok else st.error)(
        tr("总量校核：", "Sum check: ") + surface.check.text(lang())
    )
    st.caption(
        tr(
            f"单位：{view.units_text(surface, 'zh')}（每像元的值；除以像元面积即为每平方公里密度）。"
            f"来源：{surface.source}",
            f"Units: {view.units_text(surface, 'en')} (value per cell; divide by the cell area for per-km² "
            f"density). Source: {surface.source}",
        )
    )
    st.caption(tr("方法：" + surface.method_zh, "Method: " + surface.method))
    try:
        display = _density_display(*key)
        _show_map(
            display,
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
            file_name=view.density_file_name(key[0], surface, key[2]),
            mime="image/tiff",
            key="raster_density_download",
            on_click="ignore",
        )
    except (AtlasError, OSError) as exc:
        _error(exc)
    n = len(surface.inputs)
    with st.expander(tr(f"输入值（{n} 个园区）", f"Input values ({n} parks)")):
        st.dataframe(view.density_inputs(surface, lang()), width="stretch")


def _density_tab() -> None:
    try:
        choices = figure_choices(_parks())
    except (AtlasError, OSError) as exc:
        choices = pd.DataFrame()
        _error(exc)
    if choices.empty:
        st.info(tr("园区数据中没有可用的数值指标。", "The parks carry no numeric figure to map."))
        return
    figure, year, cell, radius = _density_options(choices)
    if figure == raster.PETROCHEM_SPLIT_FIGURE:
        _petrochem_assumption()
    key = (figure, year, cell, radius, _store_key())
    surface = _built_density(key)
    if surface is not None:
        _surface(surface, key)


def _built_density(key: tuple) -> raster.DensitySurface | None:
    """The surface of ``key``: built in a background job with progress and cancel (app_pages._progress_ui)
    the first time this session asks for it, then from the shared cache."""
    built = st.session_state.setdefault(K_BUILT, set())
    failed = st.session_state.get(K_FAILED) == key
    if key not in built and failed and st.button(tr("重新计算", "Build again"), key="raster_density_retry"):
        st.session_state.pop(K_FAILED, None)
        failed = False
    if key not in built and not failed and not progress_ui.running(K_JOB):

        def build(progress: Progress) -> tuple:
            figure, year, cell, radius, store_key = key
            _density(figure, year, cell, radius, store_key, _progress=progress)  # fills the shared cache
            return key

        progress_ui.start(K_JOB, "raster density", build)
    done = progress_ui.outcome(K_JOB)
    if done is not None:
        if done.state == "done":
            built.add(done.result)
        else:
            progress_ui.report(done)
            st.session_state[K_FAILED] = key
    if key not in built:
        progress_ui.show(K_JOB)
        return None
    try:
        return _density(*key)
    except (AtlasError, OSError) as exc:
        _error(exc)
        return None


# ------------------------------------------------------------------------------------------------ user raster
def _user_options() -> dict[str, Any]:
    """How to read the raster and make the zones: kind, point mode, buffer radius, class names."""
    u1, u2, u3 = st.columns([3, 3, 2])
    kinds = view.labels(view.RASTER_KINDS, lang())
    kind = u1.radio(
        tr("栅格类型", "Raster type"),
        list(kinds),
        horizontal=True,
        key="raster_kind",
        format_func=labelled(kinds),
    )
    modes = view.labels(view.POINT_MODES, lang())
    point_mode = u2.radio(
        tr("点状园区", "Point parks"),
        list(modes),
        horizontal=True,
        key="raster_point_mode",
        format_func=labelled(modes),
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
    categorical = None if kind == "auto" else kind == "categorical"
    return {
        "categorical": categorical,
        "point_mode": point_mode,
        "buffer_m": float(buffer_m),
        "labels": labels_text,
    }


def _band(info: dict[str, Any]) -> int:
    if info["count"] <= 1:
        return 1
    return int(
        st.number_input(
            tr(f"波段（共 {info['count']} 个）", f"Band (of {info['count']})"),
            min_value=1,
            max_value=int(info["count"]),
            value=1,
            step=1,
            key="raster_band",
        )
    )


def _zonal(result: raster.ZonalResult, opts: dict[str, Any], name: str) -> None:
    st.markdown(view.zonal_summary(result, lang()))
    if opts["point_mode"] == "buffer":
        st.caption(
            tr(
                f"点状园区（无边界）以半径 {opts['buffer_m']:g} 米的圆作为统计范围（在等积投影中绘制）；"
                "部分覆盖的园区仅统计覆盖部分。",
                f"Point parks (no boundary) use a disc of {opts['buffer_m']:g} m radius (drawn in the "
                "equal-area projection); parks partly covered count only the covered part.",
            )
        )
    st.dataframe(view.zonal_display(result, lang()), width="stretch", key="raster_zonal_table")
    names = view.park_names(result, lang())
    pick_id = st.selectbox(
        tr("园区卡片", "Park card"), list(names), format_func=labelled(names), key="raster_card_park"
    )
    st.html(zonal_card_html(result, pick_id, lang()))
    c1, c2 = st.columns(2)
    c1.download_button(
        tr("下载 CSV", "Download CSV"),
        result.to_csv_bytes(lang()),
        file_name=f"zonal_{name.rsplit('.', 1)[0]}.csv",
        mime="text/csv",
        key="raster_zonal_download",
        on_click="ignore",
    )
    c2.download_button(
        tr("下载 XLSX", "Download XLSX"),
        result.to_xlsx_bytes(lang()),
        file_name=f"zonal_{name.rsplit('.', 1)[0]}.xlsx",
        mime=XLSX_MIME,
        key="raster_zonal_download_xlsx",
        on_click="ignore",
    )


def _user_raster(data: bytes, name: str, opts: dict[str, Any]) -> None:
    try:
        labels = raster.parse_class_labels(opts["labels"] or "")
        info = _user_info(data, name)
    except (AtlasError, OSError) as exc:
        _error(exc)
        return
    st.caption(view.info_line(info, lang()))
    band = _band(info)
    try:
        _show_map(
            _user_display(data, name, opts["categorical"], band),
            "raster_user_map",
            name,
            name,
            class_labels=labels,
        )
        raster_print(data, name, band=band, categorical=opts["categorical"], labels=labels)
    except (AtlasError, OSError) as exc:
        _error(exc)
    zonal_key = (opts["categorical"], opts["point_mode"], opts["buffer_m"], tuple(sorted(labels.items())))
    try:
        with st.spinner(tr("分区统计中…", "Computing zonal statistics…")):
            result = _user_zonal(data, name, *zonal_key, _store_key(), band)
    except (AtlasError, OSError) as exc:
        _error(exc)
        return
    _zonal(result, opts, name)


def _user_tab() -> None:
    st.markdown(
        tr(
            "上传任意坐标系的 GeoTIFF（如土地利用分类、高程、夜间灯光）。"
            "有颜色表、类别名称或分类标签（如 LAYER_TYPE=thematic、土地利用）的栅格按分类处理，"
            "否则按连续值处理（可改；地图、打印和分区统计都按此处的选择）。",
            "Upload a GeoTIFF in any CRS (land use, elevation, night lights…). Rasters with a colour table, "
            "category names or a class tag (e.g. LAYER_TYPE=thematic, land use) are treated as categorical, "
            "others as continuous (you can override; the map, print and zonal statistics follow the choice).",
        )
    )
    upload = st.file_uploader(tr("GeoTIFF 文件", "GeoTIFF file"), type=["tif", "tiff"], key="raster_upload")
    opts = _user_options()
    if upload is not None:
        _user_raster(upload.getvalue(), upload.name, opts)


def render() -> None:
    """The rasters page: basemap toggle, then the density surface and the user's raster in two tabs."""
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
    with tab_density:
        _density_tab()
    with tab_user:
        _user_tab()


render()
