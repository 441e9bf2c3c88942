"""Basemaps on the data page: the basemaps the atlas offers (built-in, configured by the administrator,
registered local packages), adding an MBTiles or GeoTIFF (upload, or a path on this server for large files
and tile folders) and removing one. Validation and storage live in ``gis.tiles``; this section lays out the
widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages._auth import can
from app_pages.i18n import as_text, error_text, lang, tr
from gis.errors import AtlasError
from gis.settings import config_path, user_basemaps_dir
from gis.tiles import registry
from gis.tiles.current import local_basemaps
from layers import basemaps

K_UPLOAD = "bm_upload"


def _source(source: str) -> str:
    if source == "configured":
        return tr("管理员配置", "configured")
    if source == "local":
        return tr("本地瓦片包", "local package")
    return tr("内置", "built-in")


def _table(*, show_problem: bool) -> None:
    local = local_basemaps()
    rows = []
    for c in basemaps.choices().values():
        pkg = local[c.id].package if c.id in local else None
        rows.append(
            {
                tr("编号", "id"): c.id,
                tr("名称", "name"): c.title(lang()),
                tr("来源", "source"): _source(c.source),
                tr("离线可用", "offline"): tr("是", "yes") if c.local else tr("否", "no"),
                tr("缩放级别", "zooms"): f"{pkg.minzoom}–{pkg.maxzoom}" if pkg else "",
                tr("瓦片数", "tiles"): str(pkg.tiles) if pkg else "",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    problem = basemaps.config_problem() if show_problem else None
    if problem:
        st.warning(tr("底图配置有误：", "Basemap configuration problem: ") + as_text(problem))


def _add_form(*, server_paths: bool) -> None:
    reserved = set(basemaps.basemap_ids()) - set(local_basemaps())
    with st.form("bm_add", clear_on_submit=True):
        upload = st.file_uploader(
            tr("MBTiles 或 GeoTIFF 文件", "MBTiles or GeoTIFF file"),
            type=["mbtiles", "tif", "tiff"],
            key=K_UPLOAD,
        )
        path = (
            st.text_input(
                tr(
                    "或本机上的路径（大文件、XYZ 瓦片文件夹）",
                    "Or a path on this server (large files, XYZ tile folders)",
                )
            )
            if server_paths
            else ""
        )
        name = st.text_input(tr("编号（小写字母、数字、- _）", "Id (lower-case letters, digits, - _)"))
        title = st.text_input(tr("显示名称", "Title shown in the basemap list"))
        opacity = st.slider(tr("不透明度", "Opacity"), 0.1, 1.0, 1.0, 0.05)
        datum = st.selectbox(
            tr("瓦片坐标系", "Datum of the tiles"),
            ["WGS84", "CGCS2000", "GCJ-02"],
            help=tr(
                "GCJ-02（如高德导出的瓦片）：叠加图层仅为显示而偏移。",
                "GCJ-02 (e.g. tiles exported from Gaode): overlays are shifted for display only.",
            ),
        )
        if not st.form_submit_button(tr("添加底图", "Add basemap")):
            return
    try:
        opts: dict[str, Any] = {
            "title": title.strip() or None,
            "opacity": opacity,
            "reserved": reserved,
            "datum": datum,
        }
        if upload is None and not path.strip():
            st.warning(tr("请选择文件或填写路径。", "Choose a file or give a path."))
            return
        # a GeoTIFF is warped and tiled here (minutes for a large orthophoto)
        with st.spinner(
            tr(
                "正在检查并登记底图（GeoTIFF 需切片，可能需要几分钟）…",
                "Checking and registering the basemap (a GeoTIFF is tiled first: this may take minutes)…",
            )
        ):
            if upload is not None:
                entry = registry.add_upload(upload.getvalue(), upload.name, name.strip(), **opts)
            else:
                entry = registry.add(Path(path.strip()).expanduser(), name.strip(), **opts)
    except (AtlasError, OSError) as exc:
        st.error(error_text(exc))
        return
    p = entry.package
    st.success(
        tr(
            f"已添加底图 {entry.name}：{p.tiles} 个瓦片，{p.minzoom}–{p.maxzoom} 级；"
            "可在地图页的底图列表中选择。",
            f"Added basemap {entry.name}: {p.tiles} tiles, zoom {p.minzoom}–{p.maxzoom}; "
            "pick it on the map page.",
        )
    )
    for note in p.notes:
        st.caption(as_text(note))


def _remove() -> None:
    local = local_basemaps()
    if not local:
        return
    cols = st.columns([3, 1])
    name = cols[0].selectbox(tr("移除已登记的底图", "Remove a registered basemap"), list(local), index=None)
    if cols[1].button(tr("移除", "Remove"), disabled=name is None) and name:
        registry.remove(name)
        st.rerun()


def render_basemaps() -> None:
    """The basemaps section of the data page."""
    with st.expander(tr("底图：本单位的瓦片与影像", "Basemaps: your office's tiles and imagery")):
        st.caption(
            tr(
                "内网可用：本地瓦片包（MBTiles、XYZ 文件夹）与 GeoTIFF 影像由本应用自身提供，"
                "不访问外部网站；管理员可在配置文件中登记内网瓦片服务（见 README“内网底图”）。",
                "For an intranet: local tile packages (MBTiles, XYZ folders) and GeoTIFF imagery are served "
                "by this app itself, with no outside request; an administrator names intranet tile services "
                "in the config file (README, 'Basemaps on an intranet').",
            )
        )
        admin = can("admin")  # server paths, adding by path and removing: an admin's (desktop: yours)
        if admin:
            st.caption(
                tr(
                    f"配置文件：{config_path()}；已登记的底图保存在 {user_basemaps_dir()}。",
                    f"Config file: {config_path()}; registered basemaps are kept in {user_basemaps_dir()}.",
                )
            )
        if can("edit"):
            _add_form(server_paths=admin)
        _table(show_problem=admin)
        if admin:
            _remove()
