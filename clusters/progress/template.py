"""The upload template (CSV / XLSX) of actual figures."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from clusters.progress.upload import UploadCheck, read_upload
from gis.errors import CalculationError
from gis.tabular import table_bytes

_BLANK = {"value": "", "target_2020": "", "source": "", "note": ""}
TEMPLATE_ROWS = [
    {"kind": "行业", "name": "石油化工", "year": 2017, "measure": "产值", **_BLANK},
    {"kind": "行业", "name": "新型显示", "year": 2017, "measure": "增加值", **_BLANK},
    {"kind": "集群", "name": "汽车产业集群", "year": 2018, "measure": "产值", **_BLANK},
    {
        "kind": "园区",
        "name": "（园区名称，见地图）",
        "year": 2018,
        "measure": "产值",
        **_BLANK,
        "target_2020": "（园区自定目标，可选）",
        "source": "（数据出处：文件名、统计公报、日期）",
    },
]
TEMPLATE_COLUMNS = ["kind", "name", "year", "measure", "value", "target_2020", "source", "note"]


def template_frame() -> pd.DataFrame:
    """Upload template: kind, name, year, measure, value (亿元), target_2020 (parks only), source, note."""
    return pd.DataFrame(TEMPLATE_ROWS, columns=TEMPLATE_COLUMNS)


def template_bytes(fmt: str = "csv") -> bytes:
    """Template as CSV (UTF-8 with BOM) or XLSX bytes (with a second sheet explaining the columns)."""
    df = template_frame()
    if fmt == "csv":
        return table_bytes(df, "csv")
    if fmt != "xlsx":
        raise CalculationError(
            f"template format must be csv or xlsx, got {fmt!r}",
            field="fmt",
            hint="choose csv or xlsx",
            message_zh=f"模板格式只能是 csv 或 xlsx（收到 {fmt!r}）",
            hint_zh="请选择 csv 或 xlsx",
        )
    help_df = pd.DataFrame(
        {
            "column": TEMPLATE_COLUMNS,
            "说明": [
                "行业 / 集群 / 园区（可空，按名称识别）",
                "专栏10行业名、集群名或园区名",
                "年份（整数）",
                "产值 或 增加值（默认产值）",
                "实际值，亿元",
                "园区自定2020年目标（亿元，可选）",
                "该数字的出处（文件、公报、网址、日期；随数据保存）",
                "备注（随数据保存）",
            ],
            "meaning": [
                "sector / cluster / park (may be blank: inferred from the name)",
                "Box-10 sector, cluster or park name",
                "year (whole number)",
                "output or va (default output)",
                "actual figure in 100 million yuan (亿元)",
                "a park's own 2020 target (optional)",
                "where the figure comes from (document, bulletin, address, date; kept with it)",
                "note (kept with the figure)",
            ],
        }
    )
    return table_bytes({"figures": df, "columns": help_df}, "xlsx")


def bytes_reader(data: bytes, name: str) -> Callable[[], UploadCheck]:
    """Return a thunk that reads and validates ``data`` (for deferred work in pages)."""
    return lambda: read_upload(io.BytesIO(data), name=name)
