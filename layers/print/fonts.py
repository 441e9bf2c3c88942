"""Fonts of the print sheets: a CJK font found on the machine, embedded in PDF (TrueType, ``pdf.fonttype``
42: subset, selectable and searchable text) and named in SVG (``svg.fonttype = "none"``: text stays text).

The families come from :data:`layers.style.FONT_FAMILIES`. Debian ``fonts-wqy-microhei`` (TrueType outlines)
is preferred; ``fonts-noto-cjk`` (CFF outlines in a .ttc) is the fallback — matplotlib embeds it too, but
poppler reports a font-type mismatch, so a TrueType CJK font is what ``.ci/run`` installs.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager

from gis.errors import AtlasError
from layers.style import FONT_FAMILIES

#: Where Debian puts the CJK fonts the project installs (added to matplotlib's font list if present).
FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)
CJK_FAMILIES: tuple[str, ...] = tuple(f for f in FONT_FAMILIES if f != "DejaVu Sans")


class FontMissingError(AtlasError, OSError):
    """No CJK font is installed: the sheets cannot print Chinese."""


@lru_cache(maxsize=1)
def families() -> tuple[str, ...]:
    """The installed families of :data:`layers.style.FONT_FAMILIES`, in order (CJK first, DejaVu last).

    Raises
    ------
    FontMissingError
        No CJK font is installed.
    """
    for path in FONT_FILES:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
    known = {f.name for f in font_manager.fontManager.ttflist}
    found = tuple(f for f in FONT_FAMILIES if f in known)
    if not any(f in CJK_FAMILIES for f in found):
        raise FontMissingError(
            "no CJK font installed",
            hint="install the Debian package fonts-wqy-microhei (or fonts-noto-cjk)",
            message_zh="未安装中文字体",
            hint_zh="请安装 Debian 软件包 fonts-wqy-microhei（或 fonts-noto-cjk）",
        )
    return found


def cjk_family() -> str:
    """The CJK family the sheets use (the first installed)."""
    return next(f for f in families() if f in CJK_FAMILIES)


#: matplotlib's settings are process-wide: sheets are laid out one at a time (the app serves several
#: sessions from threads; a sheet must not be saved with another thread's settings half restored).
_LOCK = threading.RLock()


@contextmanager
def sheet_context() -> Iterator[None]:
    """matplotlib settings of every sheet (:func:`rc_params`), one sheet at a time; a glyph no installed font
    has (an emoji in a user's park name) prints as the last-resort box without a warning per glyph."""
    with _LOCK, matplotlib.rc_context(rc_params()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        yield


def rc_params() -> Any:
    """matplotlib settings of every sheet: fonts, embedding, no math parsing of data strings."""
    return {
        "font.family": list(families()),
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "none",
        "text.parse_math": False,
        "text.usetex": False,
        "axes.unicode_minus": False,
        "pdf.compression": 6,
        "svg.hashsalt": "fpa",
        "path.simplify": True,
    }
