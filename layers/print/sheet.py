"""Lay out one map sheet and write it as PDF, SVG or PNG.

The layout, in millimetres of the paper: title and subtitle (the plan and the data dates) across the top;
the map frame; beside it (landscape, slide) or below it (portrait) the legend of exactly the layers drawn,
key figures with their sources and the locator inset; across the bottom the sources, attribution,
projection, compiling unit, the 审图号 (blank unless given — never invented) and the date. In the map frame:
labels placed without overlaps, a true scale bar, a north arrow and — whenever an approximate or symbolic
position is drawn — the note that positions are approximate.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from gis.errors import DataValidationError
from gis.text import text
from layers.data import parks_in_force
from layers.print import fonts
from layers.print.basemap_layer import draw_basemap
from layers.print.draw import DrawContext, Drawn, short
from layers.print.draw_plan import draw_layers
from layers.print.extent import SHEET_CRS, default_title, fit, focus_bounds, highlight_city, projection_line
from layers.print.furniture import (
    LegendBlock,
    columns,
    draw_legend,
    locator,
    north_arrow,
    province_outline,
    scale_bar,
    wrap,
)
from layers.print.labels import place_labels
from layers.print.notes import approx_note, footer_lines, key_figure_lines, subtitle_line
from layers.print.raster_layer import draw_raster
from layers.print.spec import DEFAULT_DPI, FORMATS, SheetSpec, check_dpi
from layers.print.svgfont import embed_fonts
from layers.print.thematic import draw_thematic
from layers.style import APPROX_COLOR

MM = 1 / 25.4
#: On a whole-province sheet only cities, bases, national parks and clusters are labelled (priority ≤ 4).
PROVINCE_LABEL_PRIORITY = 4


@dataclass
class Frame:
    """Boxes of a layout, as figure fractions (left, bottom, width, height)."""

    map: tuple[float, float, float, float]
    panel: tuple[float, float, float, float]
    locator: tuple[float, float, float, float] | None
    scale: float  # font scale of the paper
    panel_mm: float  # width of the panel beside (or below) the map


@dataclass
class Sheet:
    """A laid-out sheet (a matplotlib figure) and what was placed on it."""

    figure: Figure
    spec: SheetSpec
    map_ax: Axes
    labels: list[Text] = field(default_factory=list)
    legend: LegendBlock | None = None
    drawn: Drawn = field(default_factory=Drawn)
    texts: dict[str, str] = field(default_factory=dict)


def _frame(spec: SheetSpec, with_locator: bool, content: float) -> Frame:
    """The boxes of the layout; ``content`` is the width / height of what the map must show: on landscape
    paper a tall province gets a narrower frame and the legend the room saved (no empty half-sheet)."""
    paper = spec.paper_size
    W, H = paper.width_mm, paper.height_mm
    s = min(W, H) / 210.0 if spec.paper != "slide" else 1.2
    m, top, bottom = 8.0 * s, (19.0 if paper.landscape else 24.0) * s, 17.0 * s
    if paper.landscape:
        pw = W * (0.25 if spec.paper != "slide" else 0.24)
        mw, mh = W - 2 * m - pw - 4 * s, H - 2 * m - top - bottom
        if mw > mh * content * 1.25:
            mw = max(mh * content * 1.25, W * 0.5)
            pw = W - 2 * m - mw - 4 * s
        mp = (m, m + bottom, mw, mh)
        pp = (m + mw + 4 * s, m + bottom, pw, mh)
        lp = (pp[0], pp[1], pw, min(pw * 0.8, mh * 0.36)) if with_locator else None
    else:
        mw, mh = W - 2 * m, (H - 2 * m - top - bottom) * 0.74
        mp = (m, H - m - top - mh, mw, mh)
        ph = H - 2 * m - top - bottom - mh - 4 * s
        pp = (m, m + bottom, mw * (0.62 if with_locator else 1.0), ph)
        lw = min(mw * 0.36, ph)
        lp = (m + mw - lw, m + bottom, lw, lw * 0.95) if with_locator else None

    def frac(r: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        return r[0] / W, r[1] / H, r[2] / W, r[3] / H

    return Frame(frac(mp), frac(pp), frac(lp) if lp else None, s, pp[2])


def build_sheet(spec: SheetSpec) -> Sheet:
    """Lay out ``spec`` on a figure (call inside :func:`layers.print.fonts.sheet_context`)."""
    spec = spec.checked()
    parks = parks_in_force() if spec.parks is None else spec.parks
    show_locator = spec.locator if spec.locator is not None else spec.extent != "province"
    bounds = focus_bounds(spec.extent, spec.focus, parks, spec.sector)
    fr = _frame(spec, show_locator, (bounds[2] - bounds[0]) / max(bounds[3] - bounds[1], 1.0))
    fig = Figure(figsize=spec.paper_size.inches, dpi=72)
    canvas = FigureCanvasAgg(fig)
    # GeoDataFrame.plot asks for a redraw after each call: on a canvas nobody watches that is a full draw
    # of the sheet each time; the sheet is drawn once, when it is saved.
    canvas.draw_idle = lambda *args, **kwargs: None  # type: ignore[method-assign]
    ax = fig.add_axes(fr.map)
    sheet = Sheet(fig, spec, ax)
    pos = ax.get_position()
    aspect = (pos.width * spec.paper_size.width_mm) / (pos.height * spec.paper_size.height_mm)
    x0, y0, x1, y1 = fit(bounds, aspect)
    ctx = DrawContext(
        ax,
        SHEET_CRS,
        spec.lang,
        parks,
        spec.sector,
        spec.user_parks,
        6.2 * fr.scale,
        sheet.drawn,
        (x0, y0, x1, y1),
    )
    province_outline(SHEET_CRS).plot(ax=ax, facecolor="white", edgecolor="none", zorder=0.2)
    sheet.drawn.basemap = spec.basemap if draw_basemap(ctx, spec.basemap, (x0, y0, x1, y1)) else "none"
    if spec.raster:
        draw_raster(
            ctx,
            spec.raster,
            (x0, y0, x1, y1),
            band=spec.raster_band,
            categorical=spec.raster_categorical,
            class_labels=dict(spec.raster_labels),
        )
    if spec.thematic is not None:
        draw_thematic(ctx, spec.thematic)
    draw_layers(ctx, list(spec.layers))
    if spec.extent == "city":
        highlight_city(ctx, str(spec.focus))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_linewidth(0.8)
    # outside Fujian (sea and neighbouring provinces alike) is not mapped: a neutral grey, Fujian white
    ax.set_facecolor("#eceeef")
    ax.set_xlabel("")
    ax.set_ylabel("")
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    small = 6.0 * fr.scale
    before = set(ax.texts) | set(ax.patches)
    sheet.texts["scale"] = scale_bar(ax, spec.lang, small)
    north_arrow(ax, SHEET_CRS, small * 1.3)
    _notes_in_frame(sheet, small)
    # (a text's box leaves out its background patch: pad it)
    furniture = [a.get_window_extent(renderer).padded(4) for a in (*ax.texts, *ax.patches) if a not in before]
    if spec.labels:
        limit = PROVINCE_LABEL_PRIORITY if spec.extent == "province" else 99
        wanted = [lb for lb in sheet.drawn.labels if lb.priority <= limit]
        sheet.labels = place_labels(ax, wanted, sheet.drawn.markers, renderer, avoid=furniture)
    _title(sheet, fr)
    _panel(sheet, fr, (x0, y0, x1, y1))
    _footer(sheet, fr)
    return sheet


def _notes_in_frame(sheet: Sheet, size: float) -> None:
    note = approx_note(sheet.drawn, sheet.spec.lang)
    if not note:
        return
    sheet.texts["approx"] = note
    sheet.map_ax.text(
        0.985,
        0.015,
        wrap(note, 58),
        transform=sheet.map_ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=size,
        color=APPROX_COLOR,
        zorder=40,
        bbox={
            "boxstyle": "square,pad=0.35",
            "facecolor": "white",
            "edgecolor": APPROX_COLOR,
            "lw": 0.6,
            "alpha": 0.92,
        },
    )


def _title(sheet: Sheet, fr: Frame) -> None:
    spec, fig = sheet.spec, sheet.figure
    title = spec.title or (
        spec.thematic.title
        if spec.thematic
        else default_title(spec.extent, spec.focus, spec.sector, spec.lang)
    )
    sheet.texts["title"] = title
    left = fr.map[0]
    W, H = spec.paper_size.width_mm, spec.paper_size.height_mm
    top = 1 - 7.0 * fr.scale / H
    size = 16.5 * fr.scale
    width_cols = int((W - 16.0 * fr.scale) / (size * 0.3528 * 0.56))
    one = " ".join(str(title).split())
    if columns(one) > width_cols:  # a long title: smaller, two lines at most, the rest cut with "…"
        size *= 0.72
        one = short(one, int(width_cols / 0.72), 2)
    t = fig.text(left, top, one, fontsize=size, va="top", ha="left", color="#1b2631", linespacing=1.0)
    bottom = t.get_window_extent(fig.canvas.get_renderer()).transformed(fig.transFigure.inverted()).y0  # type: ignore[attr-defined]
    sub = spec.subtitle or subtitle_line(spec, sheet.drawn)
    sheet.texts["subtitle"] = sub
    sub_size = 7.8 * fr.scale
    fig.text(
        left,
        bottom - 1.6 * fr.scale / H,
        short(sub, int((W - 16.0 * fr.scale) / (sub_size * 0.3528 * 0.56)), 2),
        fontsize=sub_size,
        va="top",
        ha="left",
        color="#424949",
    )


def _panel(sheet: Sheet, fr: Frame, extent: tuple[float, float, float, float]) -> None:
    spec, fig = sheet.spec, sheet.figure
    px, py, pw, ph = fr.panel
    if fr.locator is not None:
        lx, ly, lw, lh = fr.locator
        lax = fig.add_axes(fr.locator)
        locator(lax, SHEET_CRS, extent)
        lax.set_title(wrap(captions_locator(spec.lang), 40), fontsize=5.8 * fr.scale, loc="left", pad=2)
        if spec.paper_size.landscape:
            py, ph = ly + lh + 0.04, ph - lh - 0.04
    pax = fig.add_axes((px, py, pw, ph))
    pax.set_axis_off()
    width_mm = pw * spec.paper_size.width_mm
    paper = spec.paper_size
    # a panel widened beside a tall province gets larger type (at most 1.4 times)
    grow = min(1.4, max(1.0, width_mm / (0.25 * paper.width_mm))) if paper.landscape else 1.0
    size = 6.6 * fr.scale * grow
    ncols = 2 if width_mm > 150 * fr.scale * grow else 1
    for _attempt in range(4):
        cols = int(width_mm / ncols / (size * 0.3528 * 0.62)) - 6
        if sheet.legend is not None:
            sheet.legend.remove()
        legend_title = text(spec.lang, "图例", "Legend")
        sheet.legend = draw_legend(
            pax, sheet.drawn.sections, title=legend_title, fontsize=size, wrap_cols=cols, ncols=ncols
        )
        if sheet.legend is None:
            break
        lb = sheet.legend.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
        kf = _key_figures_height(sheet, size, cols)
        if lb.height + kf <= pax.get_window_extent().height * 1.0:
            break
        size *= 0.88
    _key_figures(sheet, pax, size, int(width_mm / (size * 0.3528 * 0.62)) - 2)


def captions_locator(lang: str) -> str:
    """Heading of the locator inset."""
    return text(lang, "位置示意（红框为本图范围）", "Locator (red frame: this sheet)")


def _key_figures_height(sheet: Sheet, size: float, cols: int) -> float:
    lines = sum(wrap(x, cols).count("\n") + 1 for x in key_figure_lines(sheet.spec))
    return lines * size * 1.35 * sheet.figure.dpi / 72


def _key_figures(sheet: Sheet, pax: Axes, size: float, cols: int) -> None:
    lines = key_figure_lines(sheet.spec)
    if not lines:
        return
    renderer = sheet.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    top = 1.0
    if sheet.legend is not None:
        lb = sheet.legend.get_window_extent(renderer).transformed(pax.transAxes.inverted())
        top = lb.y0 - 0.02
    body = "\n".join(wrap(x, cols) for x in lines)
    sheet.texts["key_figures"] = body
    pax.text(
        0, top, body, transform=pax.transAxes, fontsize=size * 0.95, va="top", ha="left", linespacing=1.3
    )


def _footer(sheet: Sheet, fr: Frame) -> None:
    spec, fig = sheet.spec, sheet.figure
    W, H = spec.paper_size.width_mm, spec.paper_size.height_mm
    left_lines, right_lines = footer_lines(spec, sheet.drawn)
    size = 5.9 * fr.scale
    cols_left = int((W - 70.0 * fr.scale) / (size * 0.3528 * 0.55))
    body = "\n".join(wrap(x, cols_left) for x in (*left_lines, projection_line(spec.lang)))
    sheet.texts["footer"] = body + "\n" + "\n".join(right_lines)
    y = (8.0 * fr.scale + 15.0 * fr.scale) / H
    fig.text(fr.map[0], y, body, fontsize=size, va="top", ha="left", color="#424949", linespacing=1.35)
    fig.text(
        1 - 8.0 * fr.scale / W,
        y,
        "\n".join(right_lines),
        fontsize=size * 1.05,
        va="top",
        ha="right",
        color="#1b2631",
        linespacing=1.5,
    )


def render_sheet(spec: SheetSpec, fmt: str = "png", dpi: float = DEFAULT_DPI) -> bytes:
    """The sheet of ``spec`` as PDF, SVG or PNG bytes (``dpi`` sets the PNG's pixels; PDF/SVG are vector).

    Raises
    ------
    gis.errors.DataValidationError
        A bad paper, language, layer, sector, extent, format or dpi.
    """
    fmt = check_format(fmt)
    dpi = check_dpi(dpi)
    with fonts.sheet_context():
        sheet = build_sheet(spec)
        return save(sheet, fmt, dpi)


def save(sheet: Sheet, fmt: str, dpi: int) -> bytes:
    """Write a built sheet (inside the fonts' rc context)."""
    buf = io.BytesIO()
    meta: dict[str, Any] = {"Title": sheet.texts.get("title", ""), "Creator": "Fujian Park Atlas"}
    if fmt == "svg":
        meta = {"Title": meta["Title"], "Creator": meta["Creator"]}
    if fmt == "png":
        meta = {"Title": meta["Title"], "Software": meta["Creator"]}
    sheet.figure.savefig(buf, format=fmt, dpi=dpi, metadata=meta)
    return embed_fonts(buf.getvalue()) if fmt == "svg" else buf.getvalue()


def check_format(fmt: str) -> str:
    """``fmt`` lower-cased if it is one of :data:`layers.print.spec.FORMATS`."""
    f = str(fmt).lower().lstrip(".")
    if f not in FORMATS:
        raise DataValidationError(
            f"format {fmt!r} is not one of {', '.join(FORMATS)}",
            field="format",
            hint="write .pdf, .svg or .png",
            message_zh=f"格式 {fmt!r} 不是 {', '.join(FORMATS)} 之一",
        )
    return f
