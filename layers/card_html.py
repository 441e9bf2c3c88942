"""The two renderers of a :class:`layers.cards.Card`: the map popup and the map page's side panel.

Both show the same facts, tables and notes; they differ only in layout (the popup is styled by the map's CSS
in :mod:`layers.style`, the panel carries inline styles for Streamlit). Every string goes through
:func:`layers.popups.escape_html`. Fact labels sit in ``<th class="fpa-k">`` cells and table headings in
``class="fpa-t"`` elements in both, so a test can compare the two.
"""

from __future__ import annotations

from layers.cards import Card, Table
from layers.popups import escape_html as esc

_PANEL_TH = "text-align:left;vertical-align:top;padding:2px 8px 2px 0;width:38%"


def _entry(table: Table, row: list[str]) -> tuple[str, str]:
    """A table row drawn as one stacked entry: first two cells as its head, the rest as "header: value"."""
    head = f"<b>{esc(row[0])}</b>" + (f" {esc(row[1])}" if len(row) > 1 and row[1] else "")
    meta = " · ".join(f"{esc(h)}: {esc(v)}" for h, v in zip(table.headers[2:], row[2:], strict=False) if v)
    return head, meta


def _attr(card: Card) -> str:
    return f'data-card="{esc(card.kind)}:{esc(card.id)}"'


def popup_html(card: Card) -> str:
    """The card as a map popup (compact; table rows split at ``<tr>`` so the map shares repeated rows)."""
    sub = f"<br><small>{esc(card.subtitle)}</small>" if card.subtitle else ""
    parts = [f'<div class="fpa-card" {_attr(card)}><h4>{esc(card.title)}{sub}</h4><table>']
    for label, value in card.facts:
        cls = ' class="warn"' if label in card.warn else ""
        parts.append(f'<tr><th class="fpa-k">{esc(label)}</th><td{cls}>{esc(value)}</td></tr>')
    parts.append("</table>")
    for table in card.tables:
        parts.append(f'<div class="fpa-t">{esc(table.heading)}</div><table>')
        for row in table.rows:
            head, meta = _entry(table, row)
            parts.append(
                f"<tr><td>{head}" + (f'<div class="fpa-m">{meta}</div>' if meta else "") + "</td></tr>"
            )
        parts.append("</table>")
    parts.extend(f'<p class="fpa-n">{esc(note)}</p>' for note in card.notes)
    parts.append("</div>")
    return "".join(parts)


def panel_html(card: Card) -> str:
    """The card as the side panel beside the map (inline styles; tables as stacked entries)."""
    parts = [
        f'<div class="fpa-card" {_attr(card)} '
        "style='max-width:100%;box-sizing:border-box;padding-right:8px;overflow-wrap:break-word'>",
        f"<h3 style='margin:0 0 .2rem 0'>{esc(card.title)}</h3>",
    ]
    if card.subtitle:
        parts.append(f"<div style='color:#555;margin-bottom:.4rem'>{esc(card.subtitle)}</div>")
    parts.append("<table style='border-collapse:collapse;font-size:.9rem;width:100%;table-layout:fixed'>")
    for label, value in card.facts:
        warn = ";color:#a04000" if label in card.warn else ""
        parts.append(
            f"<tr><th class=\"fpa-k\" style='{_PANEL_TH}'>{esc(label)}</th>"
            f"<td style='padding:2px 0{warn}'>{esc(value)}</td></tr>"
        )
    parts.append("</table>")
    for table in card.tables:
        parts.append(
            f"<h4 class=\"fpa-t\" style='margin:.8rem 0 .2rem 0;font-size:1rem'>{esc(table.heading)}</h4>"
        )
        for row in table.rows:
            head, meta = _entry(table, row)
            parts.append(
                "<div style='font-size:.86rem;border-bottom:1px solid #eee;padding:3px 0'>"
                + head
                + (f"<div style='color:#555;font-size:.8rem'>{meta}</div>" if meta else "")
                + "</div>"
            )
    for note in card.notes:
        parts.append(f"<p style='color:#555;font-size:.85rem;margin:.4rem 0 0 0'>{esc(note)}</p>")
    parts.append("</div>")
    return "".join(parts)
