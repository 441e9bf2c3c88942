"""Per-city mode of the calculator: each city's park share and its contribution to the province's."""

from __future__ import annotations

import math
import re
from typing import Literal

import numpy as np
import pandas as pd

from clusters.share.checks import _err
from gis.errors import CalculationError
from gis.tabular import Column, find_column, parse_number, read_table, table_bytes
from gis.text import Pair, text
from gis.vocab import UNITS

#: Fujian's 9 prefecture-level cities with their adcodes (GB/T 2260).
CITIES: dict[str, dict[str, str]] = {
    "福州市": {"adcode": "350100", "en": "Fuzhou"},
    "厦门市": {"adcode": "350200", "en": "Xiamen"},
    "莆田市": {"adcode": "350300", "en": "Putian"},
    "三明市": {"adcode": "350400", "en": "Sanming"},
    "泉州市": {"adcode": "350500", "en": "Quanzhou"},
    "漳州市": {"adcode": "350600", "en": "Zhangzhou"},
    "南平市": {"adcode": "350700", "en": "Nanping"},
    "龙岩市": {"adcode": "350800", "en": "Longyan"},
    "宁德市": {"adcode": "350900", "en": "Ningde"},
}

CITY_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "city": ("city", "city_zh", "城市", "地市", "设区市", "市", "name", "名称", "adcode", "行政区划代码"),
    "park_output": (
        "park_output",
        "park",
        "园区产值",
        "园区总产值",
        "园区工业总产值",
        "园区产值(亿元)",
        "园区产值（亿元）",
    ),
    "total_output": (
        "total_output",
        "total",
        "工业总产值",
        "全市工业总产值",
        "总产值",
        "全市产值",
        "工业总产值(亿元)",
        "工业总产值（亿元）",
    ),
}

#: Headers of the per-city template (``园区产值（亿元）`` / ``Park output (100 million yuan)``); the reader
#: accepts them in either language besides the aliases above.
CITY_TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column("city", Pair("设区市", "City")),
    Column("park_output", Pair("园区产值", "Park output"), UNITS["亿元"], "number"),
    Column("total_output", Pair("工业总产值", "Total output"), UNITS["亿元"], "number"),
)
CITY_COLUMN_ALIASES = {
    key: (*aliases, *(c.header(lang) for c in CITY_TEMPLATE_COLUMNS if c.key == key for lang in ("zh", "en")))
    for key, aliases in CITY_COLUMN_ALIASES.items()
}


def normalise_city(value: object) -> str | None:
    """Map a city name (福州 / 福州市 / Fuzhou / 350100) to its canonical Chinese name, or ``None``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = re.sub(r"\s+", "", str(value)).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    for zh, info in CITIES.items():
        if text in (zh, zh[:-1], info["adcode"]) or text.lower() in (
            info["en"].lower(),
            info["en"].lower() + "city",
        ):
            return zh
    return None


def city_template(lang: str = "zh") -> pd.DataFrame:
    """Empty per-city table (9 rows, outputs blank) in the upload format (machine keys; city names in
    ``lang``: the reader takes either)."""
    return pd.DataFrame(
        {
            "city": [text(lang, zh, info["en"]) for zh, info in CITIES.items()],
            "park_output": [np.nan] * len(CITIES),
            "total_output": [np.nan] * len(CITIES),
        }
    )


def city_template_bytes(fmt: Literal["csv", "xlsx"] = "csv", lang: str = "zh") -> bytes:
    """The per-city template as CSV (UTF-8 with BOM) or XLSX, headed in ``lang``
    (:data:`CITY_TEMPLATE_COLUMNS`, which the reader accepts in either language)."""
    sheet = text(lang, "分市数据", "per city")
    return table_bytes(city_template(lang), fmt, columns=CITY_TEMPLATE_COLUMNS, lang=lang, sheet_name=sheet)


def _number(value: object) -> float | None:
    """A cell as a number (:func:`gis.tabular.parse_number`): ``None`` when empty, NaN when not a number."""
    return parse_number(value)


def _city_columns(table: pd.DataFrame) -> dict[str, str]:
    cols = {}
    for key, aliases in CITY_COLUMN_ALIASES.items():
        col = find_column(table, aliases)
        if col is None:
            accepted = ", ".join(aliases[:5])
            raise _err(
                f"缺少列：{key}",
                f"missing column '{key}'",
                field_name=key,
                hint="name the columns city, park_output, total_output (100 million yuan, 亿元); "
                f"accepted: {accepted}",
                hint_zh=f"请将列命名为 城市、园区产值、工业总产值（亿元）；可用列名：{accepted}",
            )
        cols[key] = col
    return cols


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip()


class _RowError:
    """Raises the CalculationError of one table row (file, row and field named)."""

    def __init__(self, file: str | None, row_no: int) -> None:
        self.file = file
        self.row_no = row_no

    def __call__(self, column: str, en: str, zh: str, hint: str, hint_zh: str) -> CalculationError:
        return CalculationError(
            en, file=self.file, feature=self.row_no, field=column, hint=hint, message_zh=zh, hint_zh=hint_zh
        )


def _check_city_figures(
    city: str, park: float | None, total: float | None, cols: dict, err: _RowError
) -> None:
    """Raise when a listed city's outputs are not usable numbers (亿元, 0 ≤ park ≤ total, total > 0)."""
    for key, value in (("park_output", park), ("total_output", total)):
        if value is None or math.isnan(value) or not math.isfinite(value):
            raise err(
                cols[key],
                f"{city}: {key} is not a valid number",
                f"{city} 的 {key} 不是有效数字",
                "enter a number in 亿元, e.g. 1234.5",
                "以亿元为单位填写数字，如 1234.5",
            )
    assert park is not None and total is not None
    if total <= 0:
        raise err(
            cols["total_output"],
            f"{city}: total output must be positive",
            f"{city} 工业总产值必须大于0",
            "enter the city's total industrial output in 亿元",
            "请以亿元填写全市工业总产值",
        )
    if park < 0:
        raise err(
            cols["park_output"],
            f"{city}: park output cannot be negative",
            f"{city} 园区产值不能为负",
            "enter the city's park output in 100 million yuan (亿元; 0 or more)",
            "请以亿元填写园区产值（不小于0）",
        )
    if park > total:
        raise err(
            cols["park_output"],
            f"{city}: park output ({park:g}) exceeds total output ({total:g})",
            f"{city} 园区产值（{park:g}）大于全市工业总产值（{total:g}）",
            "check the units (both in 100 million yuan, 亿元)",
            "检查单位（均为亿元）",
        )


def _city_rows(table: pd.DataFrame, cols: dict[str, str], file: str | None) -> list[dict[str, object]]:
    """Checked rows ``city, city_en, adcode, park_output, total_output`` (blank rows skipped)."""
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(table.to_dict("records")):
        row_no = i + 2  # spreadsheet row (header is row 1)
        err = _RowError(file, row_no)
        raw_city = rec.get(cols["city"])
        park = _number(rec.get(cols["park_output"]))
        total = _number(rec.get(cols["total_output"]))
        if _blank(raw_city) and park is None and total is None:
            continue
        city = normalise_city(raw_city)
        if city is None:
            raise err(
                cols["city"],
                f"unknown city '{raw_city}'",
                f"未知城市“{raw_city}”",
                "use one of " + ", ".join(v["en"] for v in CITIES.values()) + " (or 福州市 …, 350100 …)",
                "请使用：" + "、".join(CITIES) + "（或 Fuzhou …、350100 …）",
            )
        if city in seen:
            raise err(
                cols["city"],
                f"city listed twice: {city}",
                f"城市重复：{city}",
                f"it already appears in row {seen[city]}; keep one row",
                f"该城市已在第 {seen[city]} 行出现；只保留一行",
            )
        seen[city] = row_no
        if park is None and total is None:
            continue  # city listed without figures: treated as missing
        _check_city_figures(city, park, total, cols, err)
        info = CITIES[city]
        rows.append(
            {
                "city": city,
                "city_en": info["en"],
                "adcode": info["adcode"],
                "park_output": park,
                "total_output": total,
            }
        )
    return rows


def city_shares(table: pd.DataFrame, *, file: str | None = None) -> tuple[pd.DataFrame, dict[str, object]]:
    """Per-city shares and each city's contribution to the provincial share.

    Parameters
    ----------
    table
        Columns for city, park output and total output (aliases in :data:`CITY_COLUMN_ALIASES`; 亿元).
        Blank rows are skipped; every city may appear once.
    file
        Name used in error messages.

    Returns
    -------
    (DataFrame, dict)
        Per city: ``city, city_en, adcode, park_output, total_output, share, contribution`` where
        ``contribution`` = city park output ÷ provincial total output (they sum to the provincial share).
        The dict holds ``provincial_share``, ``park_total``, ``total``, ``cities`` (count), ``complete``
        (all 9 present) and ``missing`` (city names).
    """
    rows = _city_rows(table, _city_columns(table), file)
    if not rows:
        raise CalculationError(
            "no city has figures",
            file=file,
            hint="fill park_output and total_output for at least one city",
            message_zh="没有可用的城市数据",
            hint_zh="请至少为一个城市填写园区产值和工业总产值",
        )
    df = pd.DataFrame(rows)
    park_sum = float(df["park_output"].sum())
    total_sum = float(df["total_output"].sum())
    df["share"] = df["park_output"] / df["total_output"]
    df["contribution"] = df["park_output"] / total_sum
    df["weight"] = df["total_output"] / total_sum
    missing = [c for c in CITIES if c not in set(df["city"])]
    summary = {
        "provincial_share": park_sum / total_sum,
        "park_total": park_sum,
        "total": total_sum,
        "cities": len(df),
        "complete": not missing,
        "missing": missing,
    }
    order = {c: i for i, c in enumerate(CITIES)}
    df = df.sort_values("city", key=lambda s: s.map(order)).reset_index(drop=True)
    return df, summary


def read_city_table(source: object, *, name: str | None = None) -> tuple[pd.DataFrame, dict[str, object]]:
    """Read a per-city CSV/XLSX (UTF-8-BOM, UTF-8 or GBK) and compute :func:`city_shares`."""
    df = read_table(source, name=name)  # type: ignore[arg-type]
    return city_shares(df, file=df.attrs.get("file") or name)
