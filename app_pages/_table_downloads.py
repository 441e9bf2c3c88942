"""A table's CSV and XLSX download buttons side by side (the bytes from the domain's writer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import streamlit as st

from app_pages.i18n import tr
from gis.tabular import XLSX_MIME

Fmt = Literal["csv", "xlsx"]


def csv_xlsx_buttons(
    make: Callable[[Fmt], bytes], *, zh: str, en: str, stem: str, keys: tuple[str, str]
) -> None:
    """Two buttons "``zh``（CSV）" / "``en`` (XLSX)" writing ``stem.csv`` / ``stem.xlsx``; a download does not
    rerun the page, so the buttons stay."""
    formats: tuple[tuple[Fmt, str], ...] = (("csv", "text/csv"), ("xlsx", XLSX_MIME))
    for col, (fmt, mime), key in zip(st.columns(2), formats, keys, strict=True):
        col.download_button(
            tr(f"{zh}（{fmt.upper()}）", f"{en} ({fmt.upper()})"),
            make(fmt),
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=key,
            on_click="ignore",
        )
