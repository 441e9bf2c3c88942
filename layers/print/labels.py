"""Label placement: greedy candidate positions with collision checks (the classic point-feature labelling
of cartography — Imhof's preferred positions, placed in priority order).

Each label tries up to eight positions around its symbol (right, upper right, lower right, left, …; an area
label tries its centre first), measured with the renderer in display units. A position is taken when the
label's box lies inside the map frame and touches neither a label already placed nor any symbol (other
than its own); a label with no free position is left out — never drawn on top of another. Higher-priority
labels (cities, petrochemical bases) are placed first.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from layers.print.draw import Label

#: Candidate offsets (dx, dy in units of the gap, ha, va), in order of preference for a point symbol.
POINT_POSITIONS: tuple[tuple[float, float, str, str], ...] = (
    (1, 0, "left", "center"),
    (0.8, 0.8, "left", "bottom"),
    (0.8, -0.8, "left", "top"),
    (-1, 0, "right", "center"),
    (-0.8, 0.8, "right", "bottom"),
    (-0.8, -0.8, "right", "top"),
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
)
AREA_POSITIONS: tuple[tuple[float, float, str, str], ...] = ((0, 0, "center", "center"),) + tuple(
    (dx * 2.5, dy * 2.5, ha, va) for dx, dy, ha, va in POINT_POSITIONS[6:]
)
#: White box behind each label (a box, not a path-effect halo, so the text stays selectable text in PDF).
LABEL_BOX = {"boxstyle": "square,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.72}


def _marker_box(ax: Axes, x: float, y: float, r_pt: float, px_per_pt: float) -> Bbox:
    cx, cy = ax.transData.transform((x, y))
    r = r_pt * px_per_pt
    return Bbox.from_extents(cx - r, cy - r, cx + r, cy + r)


def place_labels(
    ax: Axes,
    labels: Sequence[Label],
    markers: Sequence[tuple[float, float, float]],
    renderer: RendererBase,
    *,
    zorder: float = 20,
    avoid: Sequence[Bbox] = (),
) -> list[Text]:
    """Place ``labels`` on ``ax`` without overlaps; return the texts drawn (their boxes never intersect).

    ``markers`` are (x, y, radius pt) of the symbols on the map: labels avoid them, and the display boxes
    ``avoid`` (scale bar, north arrow, notes).
    """
    px_per_pt = ax.figure.dpi / 72.0
    frame = ax.get_window_extent(renderer)
    obstacles = [(_marker_box(ax, x, y, r, px_per_pt), (x, y)) for x, y, r in markers]
    placed: list[Bbox] = list(avoid)
    out: list[Text] = []
    x0, x1 = sorted(ax.get_xlim())
    y0, y1 = sorted(ax.get_ylim())
    for lab in sorted(labels, key=lambda lb: (lb.priority, -lb.size)):
        if not (x0 <= lab.x <= x1 and y0 <= lab.y <= y1) or not lab.text:
            continue
        gap = max(lab.radius, 1.0) + 1.5
        positions = POINT_POSITIONS if lab.radius > 0 else AREA_POSITIONS
        t = ax.annotate(
            lab.text,
            (lab.x, lab.y),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=lab.size,
            fontweight="bold" if lab.bold else "normal",
            color="#1b2631",
            bbox=LABEL_BOX,
            linespacing=1.05,
            zorder=zorder,
            annotation_clip=True,
        )
        for dx, dy, ha, va in positions:
            t.set_position((dx * gap, dy * gap))
            t.set_horizontalalignment(ha)  # type: ignore[arg-type]
            t.set_verticalalignment(va)  # type: ignore[arg-type]
            t.set_multialignment("center" if ha == "center" else ha)  # type: ignore[arg-type]
            box = t.get_window_extent(renderer).padded(1.0 * px_per_pt)
            if not _inside(box, frame):
                continue
            if any(box.overlaps(b) for b in placed):
                continue
            area_first = lab.radius == 0 and lab.priority == 0  # city names may cross a park symbol
            if not area_first and any(box.overlaps(ob) for ob, xy in obstacles if xy != (lab.x, lab.y)):
                continue
            placed.append(box)
            out.append(t)
            t.set_gid("fpa-label")
            break
        else:
            t.remove()
    return out


def _inside(box: Bbox, frame: Bbox) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


def boxes(texts: Sequence[Text], renderer: RendererBase) -> list[Bbox]:
    """The display boxes of ``texts`` (for tests: placed labels never intersect)."""
    return [t.get_window_extent(renderer) for t in texts]
