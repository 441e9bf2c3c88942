"""The upload template (CSV / XLSX) of actual figures, headed in the UI language.

The headers are :data:`clusters.progress.columns.TEMPLATE_SPECS` (``实际值（亿元）`` / ``Actual value (100
million yuan)``); the reader (:func:`clusters.progress.read_upload`) accepts them in either language, as
well as the machine keys (``value``) of older templates. The XLSX adds a sheet of notes on each column and
the writer's ``columns`` sheet of machine keys.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from clusters.progress.columns import TEMPLATE_SPECS
from clusters.progress.upload import UploadCheck, read_upload
from gis.errors import CalculationError
from gis.tabular import Column, table_bytes
from gis.text import Pair, text

_OUT, _VA = Pair("产值", "output"), Pair("增加值", "value added")
_BLANK = {"value": None, "target_2020": None, "source": "", "note": ""}
#: Example rows, as (Chinese, English) pairs of the cells the reader understands in either language.
_EXAMPLES: tuple[dict[str, object], ...] = (
    {
        "kind": Pair("行业", "sector"),
        "name": Pair("石油化工", "Petrochemicals"),
        "year": 2017,
        "measure": _OUT,
    },
    {
        "kind": Pair("行业", "sector"),
        "name": Pair("新型显示", "New-type displays"),
        "year": 2017,
        "measure": _VA,
    },
    {
        "kind": Pair("集群", "cluster"),
        "name": Pair("汽车产业集群", "Automotive cluster"),
        "year": 2018,
        "measure": _OUT,
    },
    {
        "kind": Pair("园区", "park"),
        "name": Pair("（园区名称，见地图）", "(park name, as on the map)"),
        "year": 2018,
        "measure": _OUT,
        "source": Pair("（数据出处：文件名、统计公报、日期）", "(source: document, bulletin, date)"),
    },
)
TEMPLATE_COLUMNS = [s.key for s in TEMPLATE_SPECS]
#: What each column means (the XLSX notes sheet).
_NOTES: dict[str, Pair] = {
    "kind": Pair(
        "行业 / 集群 / 园区（可空，按名称识别）",
        "sector / cluster / park (may be blank: inferred from the name)",
    ),
    "name": Pair("专栏10行业名、集群名或园区名", "Box-10 sector, cluster or park name"),
    "year": Pair("年份（整数）", "year (whole number)"),
    "measure": Pair("产值 或 增加值（默认产值）", "output or va (value added); default output"),
    "value": Pair("实际值，亿元", "actual figure in 100 million yuan"),
    "target_2020": Pair("园区自定2020年目标（亿元，可选）", "a park's own 2020 target (optional)"),
    "source": Pair(
        "该数字的出处（文件、公报、网址、日期；随数据保存）",
        "where the figure comes from (document, bulletin, address, date; kept with it)",
    ),
    "note": Pair("备注（随数据保存）", "note (kept with the figure)"),
}
_NOTE_SPECS = (
    Column("header", Pair("表头", "Header")),
    Column("key", Pair("机器键名（也可作表头）", "Machine key (also accepted as a header)")),
    Column("meaning", Pair("说明", "Meaning")),
)


def template_frame(lang: str = "zh") -> pd.DataFrame:
    """Upload template rows (machine keys as columns): kind, name, year, measure, value (亿元), target_2020
    (parks only), source, note; the example cells in ``lang``."""
    rows = [
        {**_BLANK, **{k: v.get(lang) if isinstance(v, Pair) else v for k, v in ex.items()}}
        for ex in _EXAMPLES
    ]
    return pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)


def template_bytes(fmt: str = "csv", lang: str = "zh") -> bytes:
    """Template as CSV (UTF-8 with BOM) or XLSX bytes (with a sheet explaining the columns), in ``lang``."""
    df = template_frame(lang)
    if fmt == "csv":
        return table_bytes(df, "csv", columns=TEMPLATE_SPECS, lang=lang)
    if fmt != "xlsx":
        raise CalculationError(
            f"template format must be csv or xlsx, got {fmt!r}",
            field="fmt",
            hint="choose csv or xlsx",
            message_zh=f"模板格式只能是 csv 或 xlsx（收到 {fmt!r}）",
            hint_zh="请选择 csv 或 xlsx",
        )
    notes = pd.DataFrame(
        {
            "header": [s.header(lang) for s in TEMPLATE_SPECS],
            "key": TEMPLATE_COLUMNS,
            "meaning": [_NOTES[k].get(lang) for k in TEMPLATE_COLUMNS],
        }
    )
    figures, notes_name = text(lang, "数据", "figures"), text(lang, "填写说明", "notes")
    return table_bytes(
        {figures: df, notes_name: notes},
        "xlsx",
        columns={figures: TEMPLATE_SPECS, notes_name: _NOTE_SPECS},
        lang=lang,
    )


#: The Chinese template's example rows (machine keys).
TEMPLATE_ROWS: list[dict[str, object]] = [
    {str(k): v for k, v in r.items()} for r in template_frame("zh").to_dict("records")
]


def bytes_reader(data: bytes, name: str) -> Callable[[], UploadCheck]:
    """Return a thunk that reads and validates ``data`` (for deferred work in pages)."""
    return lambda: read_upload(io.BytesIO(data), name=name)
