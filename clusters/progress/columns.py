"""Constants of progress tracking: years, kinds, measures, statuses, upload columns.

The labels live in :mod:`clusters.vocab`; the tuple views here keep the old names.
"""

from __future__ import annotations

import re

from clusters import targets as plan_targets
from clusters import vocab
from gis.tabular import Column
from gis.text import Pair
from gis.vocab import UNITS

YI_YUAN = UNITS["亿元"]

TARGET_YEAR = plan_targets.TARGET_YEAR
BASE_YEAR = plan_targets.BASE_YEAR
THOUSAND = 1000.0  # 千亿 = 1000 亿元

KIND_ALIASES: dict[str, str] = {
    "sector": "sector",
    "行业": "sector",
    "产业": "sector",
    "industry": "sector",
    "cluster": "cluster",
    "集群": "cluster",
    "产业集群": "cluster",
    "park": "park",
    "园区": "park",
    "工业园区": "park",
    "开发区": "park",
    "基地": "park",
}
MEASURE_LABELS: dict[str, tuple[str, str]] = {k: tuple(v) for k, v in vocab.MEASURES.items()}  # type: ignore[misc]
MEASURE_ALIASES: dict[str, str] = {
    "output": "output",
    "产值": "output",
    "总产值": "output",
    "工业总产值": "output",
    "revenue": "output",
    "业务收入": "output",
    "va": "va",
    "value_added": "va",
    "valueadded": "va",
    "增加值": "va",
    "工业增加值": "va",
}
STATUS_LABELS: dict[str, tuple[str, str]] = {k: tuple(v) for k, v in vocab.PROGRESS_STATUS.items()}  # type: ignore[misc]

UPLOAD_COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("kind", "type", "类型", "类别", "对象类型"),
    "name": (
        "name",
        "名称",
        "name_zh",
        "sector",
        "cluster",
        "park",
        "行业",
        "集群",
        "园区",
        "园区名称",
        "行业名称",
    ),
    "year": ("year", "年份", "年度", "年"),
    "value": (
        "value",
        "actual",
        "实际值",
        "数值",
        "产值",
        "产值(亿元)",
        "产值（亿元）",
        "output",
        "value_yi_yuan",
    ),
    "measure": ("measure", "指标", "口径", "指标类型"),
    "target_2020": ("target_2020", "target", "目标", "目标值", "2020年目标", "2020目标"),
    "source": ("source", "来源", "数据来源", "出处"),
    "note": ("note", "notes", "备注", "说明"),
}
REQUIRED_COLUMNS = ("name", "year", "value")

#: The headers of the upload template (the ones people fill in), machine key first; the reader accepts
#: these headers in either language as well as the keys (:data:`UPLOAD_COLUMNS`).
TEMPLATE_SPECS: tuple[Column, ...] = (
    Column("kind", Pair("类型（行业、集群或园区）", "Kind (sector, cluster or park)")),
    Column("name", Pair("名称", "Name")),
    Column("year", Pair("年份", "Year")),
    Column("measure", Pair("指标（产值或增加值）", "Measure (output or value added)")),
    Column("value", Pair("实际值", "Actual value"), YI_YUAN, "number"),
    Column("target_2020", Pair("园区自定2020年目标", "Park's own 2020 target"), YI_YUAN, "number"),
    Column("source", Pair("数据出处", "Source of the figure"), kind="source"),
    Column("note", Pair("备注", "Note")),
)
UPLOAD_COLUMNS = {
    key: (
        *aliases,
        *dict.fromkeys(s.header(lang) for s in TEMPLATE_SPECS if s.key == key for lang in ("zh", "en")),
    )
    for key, aliases in UPLOAD_COLUMNS.items()
}


def _norm(text: object) -> str:
    """Normalise a name for matching: no spaces, half-width brackets, lower case."""
    s = str(text).strip().lower()
    s = s.replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", s)
