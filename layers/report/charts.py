"""The report's charts (:class:`clusters.report.Chart`) drawn with matplotlib as PNG images.

Data strings are drawn as text (``text.parse_math`` off: a ``$`` in a name is a dollar sign).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib
from matplotlib.figure import Figure

from clusters.report import Chart
from gis.errors import AtlasError
from layers.print.fonts import sheet_context

#: Resolution of chart images in the DOCX (dpi).
CHART_DPI = 200
TARGET_COLOR = "#c0392b"
BAR_COLORS = ("#9aa7b1", "#2e86c1")


def _sector_targets(fig: Figure, data: dict) -> None:
    ax = fig.add_subplot()
    labels = list(data["labels"])
    y = range(len(labels))
    ax.barh([i + 0.2 for i in y], data["base"], height=0.4, color=BAR_COLORS[0], label=data["base_label"])
    ax.barh([i - 0.2 for i in y], data["target"], height=0.4, color=BAR_COLORS[1], label=data["target_label"])
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlabel("亿元 / 100 million yuan")
    ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)


def _pct_of_target(fig: Figure, data: dict) -> None:
    ax = fig.add_subplot()
    labels = [f"{n} ({y})" for n, y in zip(data["labels"], data["years"], strict=True)]
    values = list(data["values"])
    ax.barh(range(len(labels)), values, color=BAR_COLORS[1])
    ax.axvline(100, color=TARGET_COLOR, linestyle="--", linewidth=1.2)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("% of 2020 target / 占2020年目标 %")
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:.1f}%", va="center", fontsize=8)
    ax.grid(axis="x", alpha=0.3)


def _share_path(fig: Figure, data: dict) -> None:
    ax = fig.add_subplot()
    years, shares = list(data["years"]), [s * 100 for s in data["shares"]]
    ax.plot(years, shares, marker="o", color=BAR_COLORS[1])
    ax.axhline(data["target"] * 100, color=TARGET_COLOR, linestyle="--", label=data["target_label"])
    for x, s in zip(years, shares, strict=True):
        ax.annotate(f"{s:.1f}%", (x, s), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_ylabel("%")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)


DRAWINGS: dict[str, Callable[[Figure, dict], None]] = {
    "sector_targets": _sector_targets,
    "pct_of_target": _pct_of_target,
    "share_path": _share_path,
}


def chart_png(chart: Chart, *, width_in: float = 6.3) -> bytes:
    """The chart as PNG bytes (``width_in`` inches wide at :data:`CHART_DPI`)."""
    draw = DRAWINGS.get(chart.kind)
    if draw is None:
        raise AtlasError(
            f"unknown chart kind {chart.kind!r}", field="kind", message_zh=f"未知图表类型：{chart.kind}"
        )
    rows = len(chart.data.get("labels", ())) or 8
    height = min(9.0, max(3.2, 0.28 * rows + 1.2)) if chart.kind != "share_path" else 3.4
    # the print sheets' fonts (CJK, no math parsing of data strings), one figure at a time
    with sheet_context(), matplotlib.rc_context({"font.size": 9}):
        fig = Figure(figsize=(width_in, height), layout="constrained")
        draw(fig, chart.data)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=CHART_DPI)
    return buf.getvalue()
