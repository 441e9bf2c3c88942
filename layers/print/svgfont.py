"""Embed the CJK font in an SVG sheet: the glyphs its text uses, subset with fontTools, as a WOFF
``@font-face`` in the SVG's own ``<style>`` — the text stays ``<text>`` (selectable, searchable, editable)
and draws in the sheet's font on a machine without it.
"""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from layers.print.fonts import cjk_family

_SVG_NS = "{http://www.w3.org/2000/svg}"


def _used_text(svg: bytes) -> str:
    """Every character of the SVG's ``<text>`` elements."""
    root = ET.fromstring(svg)
    return "".join("".join(el.itertext()) for el in root.iter(f"{_SVG_NS}text"))


@lru_cache(maxsize=1)
def _font_path() -> str:
    return font_manager.findfont(font_manager.FontProperties(family=cjk_family()), fallback_to_default=False)


def font_face(chars: str) -> str:
    """A ``@font-face`` rule of the sheet's CJK family holding the glyphs of ``chars`` (WOFF, base64)."""
    path = _font_path()
    font = TTFont(path, fontNumber=0) if path.lower().endswith((".ttc", ".otc")) else TTFont(path)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(set(chars) | set(" 0123456789"))))
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    src = f'url(data:font/woff;base64,{data}) format("woff")'
    return f'@font-face {{ font-family: "{cjk_family()}"; src: {src}; }}'


def embed_fonts(svg: bytes) -> bytes:
    """``svg`` with the glyphs its text uses embedded (after the opening ``<svg …>`` tag)."""
    chars = _used_text(svg)
    if not chars.strip():
        return svg
    style = f'<defs><style type="text/css">{font_face(chars)}</style></defs>'.encode("ascii")
    head = re.search(rb"<svg\b[^>]*>", svg)
    if head is None:
        return svg
    return svg[: head.end()] + style + svg[head.end() :]
