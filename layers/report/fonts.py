"""Fonts of the report: the CJK family of the charts (matplotlib) and of the DOCX text (Word, WPS)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from matplotlib import font_manager

#: CJK families tried for charts, in order (the Debian packages fonts-wqy-microhei / fonts-noto-cjk).
CHART_FAMILIES: tuple[str, ...] = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "DejaVu Sans",
)
_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
#: The DOCX's fonts: East Asian text in 宋体 (SimSun, what Word/WPS offices have; LibreOffice falls back to
#: an installed CJK font), Latin text in the template's font. A user restyles them in Word's styles.
DOCX_EAST_ASIA = "SimSun"


@lru_cache(maxsize=1)
def _families() -> tuple[str, ...]:
    for path in _FONT_FILES:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
    known = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(f for f in CHART_FAMILIES if f in known) or ("DejaVu Sans",)


def chart_rc() -> Any:
    """matplotlib settings of the charts: CJK fonts, no math parsing of data strings."""
    return {
        "font.family": list(_families()),
        "text.parse_math": False,
        "text.usetex": False,
        "axes.unicode_minus": False,
        "font.size": 9,
    }
