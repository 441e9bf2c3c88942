"""The "打印 / 导出图片 — Print / export picture" control: paper, format, dpi, title, compiling unit and
审图号, a preview (PNG) and the file (PDF / SVG / PNG) — for the map, presentation, calculator and progress
pages.

Only widgets here: the sheet is laid out by :mod:`layers.print`. Each page passes a function turning the
chosen options into a :class:`layers.print.SheetSpec`. Files are made when the user clicks (``data`` is a
callable), the preview when asked; both are cached on the spec.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages import _progress_ui as progress_ui
from app_pages.i18n import error_text, lang, tr
from gis.errors import AtlasError
from gis.text import text
from layers.print import (
    ATLAS_KINDS,
    PAPERS,
    SheetSpec,
    render_atlas,
    render_sheet,
    share_thematic,
    sheet_from_map,
    status_thematic,
)
from layers.print.extent import extent_choices
from layers.spec import MapSpec

PREVIEW_DPI = 60
FORMATS = ("pdf", "png", "svg")
MIMES = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml"}
Make = Callable[[dict[str, Any]], SheetSpec]


def paper_label(paper: str, ui_lang: str) -> str:
    """ "A4 横向" / "A4 landscape", "幻灯片 16:9" / "Slide 16:9"."""
    if paper == "slide":
        return text(ui_lang, "幻灯片 16:9", "Slide 16:9")
    size, orient = paper.split("-")
    return f"{size.upper()} " + (
        text(ui_lang, "横向", "landscape") if orient == "landscape" else text(ui_lang, "纵向", "portrait")
    )


@st.cache_data(max_entries=8, show_spinner=False)
def _render(key: str, fmt: str, dpi: int, _spec: SheetSpec) -> bytes:
    """The sheet's bytes, cached on ``key`` (the spec's repr and the parks' version)."""
    return render_sheet(_spec, fmt, dpi)


def _options(key: str, paper: str, places: list[str] | None) -> dict[str, Any]:
    ui = lang()
    c1, c2, c3 = st.columns(3)
    papers = list(PAPERS)
    opts: dict[str, Any] = {
        "paper": c1.selectbox(
            tr("纸张", "Paper"),
            papers,
            index=papers.index(paper),
            format_func=lambda p: paper_label(p, ui),
            key=f"{key}_paper",
        )
    }
    fmt = c2.selectbox(tr("格式", "Format"), FORMATS, key=f"{key}_fmt", format_func=str.upper)
    dpi = c3.number_input("dpi (PNG)", 50, 600, 300, 50, key=f"{key}_dpi", disabled=fmt != "png")
    if places:
        opts["where"] = st.selectbox(
            tr("范围", "Extent"), range(len(places)), format_func=places.__getitem__, key=f"{key}_where"
        )
    opts["title"] = (
        st.text_input(tr("标题（留空则自动）", "Title (blank: automatic)"), key=f"{key}_title") or None
    )
    a, b = st.columns(2)
    opts["compiling_unit"] = a.text_input(tr("编制单位", "Compiling unit"), key=f"{key}_unit")
    opts["review_number"] = b.text_input(
        tr(
            "审图号（无则留空，不会自动填写）",
            "Map review no. 审图号 (blank if none; never filled in for you)",
        ),
        key=f"{key}_review",
    )
    return {"options": opts, "fmt": fmt, "dpi": int(dpi)}


def atlas_label(kind: str, ui_lang: str) -> str:
    """ "按城市（9页）" / "By city (9 pages)" …"""
    if kind == "city":
        return text(ui_lang, "按设区市（9页）", "By city (9 pages)")
    if kind == "petrochem":
        return text(ui_lang, "按石化基地", "By petrochemical base")
    return text(ui_lang, "按规划点名的集群", "By plan cluster")


def _atlas_row(spec: SheetSpec, key: str, dpi: int) -> None:
    """Make an atlas as a background job (a bar page by page, cancellable), then offer its file."""
    ui = lang()
    a, b, c = st.columns([2, 1, 2], vertical_alignment="bottom")
    kind = a.selectbox(
        tr("图集：每个要素一页", "Atlas: one page per feature"),
        ATLAS_KINDS,
        format_func=lambda k: atlas_label(k, ui),
        key=f"{key}_atlas",
    )
    fmt = b.selectbox(
        tr("图集格式", "Atlas format"), ("pdf", "zip"), key=f"{key}_atlas_fmt", format_func=str.upper
    )
    job, made = f"{key}_atlas_job", f"{key}_atlas_file"
    if c.button(
        tr("制作图集", "Make the atlas"),
        key=f"{key}_atlas_make",
        icon=":material/menu_book:",
        disabled=progress_ui.running(job),
    ):
        st.session_state.pop(made, None)
        progress_ui.start(job, "atlas", lambda p: (kind, fmt, render_atlas(kind, spec, fmt, dpi, progress=p)))
    if (done := progress_ui.outcome(job)) is not None:
        if done.state == "done":
            st.session_state[made] = done.result
        else:
            progress_ui.report(done)
    progress_ui.show(job)
    if (file := st.session_state.get(made)) is not None:
        f_kind, f_fmt, data = file
        st.download_button(
            tr("下载图集", "Download the atlas") + f" {f_fmt.upper()} ({atlas_label(f_kind, ui)})",
            data=data,
            file_name=f"fujian-park-atlas-{f_kind}-{spec.lang}.{f_fmt}",
            mime="application/pdf" if f_fmt == "pdf" else "application/zip",
            on_click="ignore",
            key=f"{key}_atlas_download",
            icon=":material/download:",
        )


def print_panel(
    make: Make,
    key: str,
    *,
    paper: str = "a4-landscape",
    version: str = "",
    atlas: bool = False,
    places: list[str] | None = None,
) -> None:
    """The print control of a page: ``make(options)`` gives the sheet; ``version`` is the data's cache key;
    ``atlas`` adds the atlas download (one page per city, base or cluster, with the same options)."""
    with st.expander(tr("打印 / 导出图片", "Print / export picture"), icon=":material/print:"):
        chosen = _options(key, paper, places)
        try:
            spec = make(chosen["options"]).checked()
        except (AtlasError, ValueError) as exc:
            st.error(error_text(exc))
            return
        cache_key = f"{spec!r}|{version}"
        fmt, dpi = chosen["fmt"], chosen["dpi"]
        p1, p2 = st.columns(2)
        if p1.button(tr("预览", "Preview"), key=f"{key}_preview", icon=":material/visibility:"):
            try:
                st.image(
                    _render(cache_key, "png", PREVIEW_DPI, spec),
                    caption=tr("预览（低分辨率）", "Preview (low resolution)"),
                )
            except (AtlasError, ValueError, OSError) as exc:
                st.error(error_text(exc))
        p2.download_button(
            tr("下载", "Download") + f" {fmt.upper()}",
            data=lambda: _render(cache_key, fmt, dpi, spec),
            file_name=f"fujian-park-atlas-{spec.paper}-{spec.lang}.{fmt}",
            mime=MIMES[fmt],
            on_click="ignore",
            key=f"{key}_download",
            icon=":material/download:",
        )
        if atlas:
            _atlas_row(spec, key, dpi)
        st.caption(
            tr(
                "PDF/SVG 为矢量文件，文字可选中（PDF 内嵌中文字体；SVG 保留文字并注明字体）；"
                "PNG 按所选 dpi 输出。审图号、编制单位仅按您的填写打印。",
                "PDF/SVG are vector with selectable text (the PDF embeds the CJK font; the SVG keeps text as "
                "text and names its font); PNG at the chosen dpi. The 审图号 and compiling unit print only "
                "as you fill them in.",
            )
        )


def map_print(spec: MapSpec, key: str = "map_print", paper: str = "a4-landscape") -> None:
    """The print control for the map page's (or the presentation's) layers and filters, fitted to the
    province, a city, a petrochemical base, a plan cluster or the chosen sector."""
    choices = extent_choices(spec.lang, spec.sector)

    def make(options: dict[str, Any]) -> SheetSpec:
        rest = dict(options)
        extent, focus, _label = choices[int(rest.pop("where"))]
        return sheet_from_map(spec, extent=extent, focus=focus, **rest)

    print_panel(make, key, paper=paper, version=spec.store_key, atlas=True, places=[c[2] for c in choices])


def share_print(cities: Any, provincial_share: float | None, key: str = "calc_print") -> None:
    """The print control for the calculator's per-city map (user figures; say so on the sheet)."""
    th = share_thematic(cities, lang(), provincial_share)
    print_panel(lambda o: SheetSpec(layers=("province", "cities"), lang=lang(), thematic=th, **o), key)


def status_print(by_city: Any, key: str = "progress_print") -> None:
    """The print control for the progress page's map by city."""
    th = status_thematic(by_city, lang())
    print_panel(lambda o: SheetSpec(layers=("province", "cities"), lang=lang(), thematic=th, **o), key)


def _raster_file(data: bytes, name: str) -> str:
    """The uploaded GeoTIFF as a file the sheet renderer can open, under the user's file name (the sheet's
    legend names the raster by it), one folder per content in the temp folder."""
    folder = Path(tempfile.gettempdir()) / "fpa-print-rasters" / hashlib.sha256(data).hexdigest()[:24]
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c for c in Path(name).name if c.isalnum() or c in "._- ")[:120].strip() or "raster.tif"
    path = folder / (safe if safe.lower().endswith((".tif", ".tiff")) else f"{safe}.tif")
    if not path.exists():
        part = folder / ".part"
        part.write_bytes(data)
        part.replace(path)  # never a half-written file under the final name
    return str(path)


def raster_print(
    data: bytes,
    name: str,
    key: str = "raster_print",
    *,
    band: int = 1,
    categorical: bool | None = None,
    labels: dict[int, str] | None = None,
) -> None:
    """The print control for the GeoTIFF shown on the rasters page: the raster under the province, cities
    and parks, warped to the sheet's equal-area CRS and clipped to it, with the page's band, "categorical /
    continuous" choice and class names."""
    path = _raster_file(data, name)
    layers = ("province", "cities", "parks")
    named = tuple(sorted((labels or {}).items()))

    def make(o: dict[str, Any]) -> SheetSpec:
        return SheetSpec(
            layers=layers,
            lang=lang(),
            raster=path,
            raster_band=band,
            raster_categorical=categorical,
            raster_labels=named,
            **o,
        )

    print_panel(make, key, version=path)
