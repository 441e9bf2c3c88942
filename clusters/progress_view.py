"""What the progress page shows, as frames (no UI): upload problems, the comparison with the target paths,
the chart's series and colours, and the figures kept in a session when the user store cannot be used.

The comparison itself is :func:`clusters.progress.compare`; labels of target kinds, measures and statuses
come from :mod:`clusters.vocab`.
"""

from __future__ import annotations

import pandas as pd

from clusters import progress as P
from clusters.goals import place_en
from clusters.vocab import measure_label, status_label, target_kind_label
from gis.text import field, normalize_lang, text

#: Colour of each status in the progress chart.
STATUS_COLORS: dict[str, str] = {
    "on_track": "#27ae60",
    "reached": "#1e8449",
    "behind": "#e74c3c",
    "missed": "#922b21",
    "target_only": "#5d6d7e",
    "no_target": "#aab7b8",
}
#: Columns that identify one figure (a later upload of the same figure replaces the earlier one).
FIGURE_KEY = ["kind", "ref", "measure", "year"]


def _col(frame: pd.DataFrame, name: str, lang: str) -> pd.Series:
    return frame[f"{name}_{normalize_lang(lang)}"]


def _opt(frame: pd.DataFrame, col: str) -> pd.Series:
    """An optional text column, blanks as ``""`` (never the literal ``None``)."""
    if col not in frame:
        return pd.Series([""] * len(frame), index=frame.index)
    return frame[col].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))


def _place(value: object, lang: str) -> str:
    """A target's source in ``lang``: a place in the plan as ``ch. 4 §1 (1)`` in English."""
    raw = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return text(lang, raw, place_en(raw))


def _pct_points(v: float) -> str:
    return "—" if pd.isna(v) else f"{v:.1f}%"


def _growth(v: float) -> str:
    return "—" if pd.isna(v) else f"{v * 100:.1f}%"


def no_figures() -> pd.DataFrame:
    """An empty table of accepted figures."""
    return P.from_store_rows(pd.DataFrame())


def merge_figures(old: pd.DataFrame, valid: pd.DataFrame, source_file: str) -> pd.DataFrame:
    """Accepted figures plus a new upload's valid rows; a figure given again replaces the earlier one."""
    both = pd.concat([old, valid.assign(source_file=source_file)], ignore_index=True)
    return both.drop_duplicates(subset=FIGURE_KEY, keep="last")


def _blank(value: object) -> bool:
    """An empty cell of an upload (read as ``None``, NaN or the text ``nan``)."""
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() in ("", "nan")


def problems_table(problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """An upload's problems by row (as in Excel, '—' for the whole file) and column."""
    rows = problems["row"].map(lambda r: "—" if pd.isna(r) else str(int(r)))
    return pd.DataFrame(
        {
            text(lang, "行", "Row"): rows,
            text(lang, "列", "Column"): problems["column"],
            text(lang, "值", "Value"): [
                text(lang, "（空）", "(blank)") if _blank(v) else v for v in problems["value"]
            ],
            text(lang, "问题", "Problem"): _col(problems, "problem", lang),
        }
    )


def status_counts(cmp: pd.DataFrame) -> tuple[int, int, int]:
    """How many figures are behind, on track or reached, and without a path to compare."""
    behind = int(cmp["status"].isin(["behind", "missed"]).sum())
    ok = int(cmp["status"].isin(["on_track", "reached"]).sum())
    return behind, ok, len(cmp) - behind - ok


def comparison_table(cmp: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The comparison for reading: labels in ``lang``, percentages, derived columns marked."""
    return pd.DataFrame(
        {
            text(lang, "类型", "Kind"): cmp["kind"].map(lambda k: target_kind_label(k, lang)),
            text(lang, "名称", "Name"): _col(cmp, "name", lang),
            text(lang, "指标", "Measure"): cmp["measure"].map(lambda m: measure_label(m, lang)),
            text(lang, "年份", "Year"): cmp["year"].astype(str),
            text(lang, "实际值", "Actual"): cmp["actual"],
            text(lang, "路径值（推算）", "Path value (derived)"): cmp["path_value"].round(1),
            text(lang, "占路径 %", "% of path"): cmp["pct_of_path"].map(_pct_points),
            text(lang, "2020年目标", "2020 target"): cmp["target_value"],
            text(lang, "占目标 %", "% of target"): cmp["pct_of_target"].map(_pct_points),
            text(lang, "状态", "Status"): _col(cmp, "status", lang),
            text(lang, "仍需年均增速（推算）", "Growth still needed (derived)"): cmp["growth_needed"].map(
                _growth
            ),
            text(lang, "规划路径增速", "Path growth"): cmp["path_growth"].map(_growth),
            text(lang, "目标来源", "Target source"): cmp["target_source"].map(lambda v: _place(v, lang)),
            text(lang, "实际值来源", "Source of the actual figure"): _opt(cmp, "actual_source"),
            text(lang, "备注", "Note"): _opt(cmp, "actual_note"),
        }
    )


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")]


def series_labels(cmp: pd.DataFrame, lang: str) -> dict[str, str]:
    """The compared targets as ``"kind|ref|measure"`` → ``"name · measure"`` (the chart's choices)."""
    series = cmp[["kind", "ref", "measure", "name_zh", "name_en"]].drop_duplicates(["kind", "ref", "measure"])
    return {
        f"{r['kind']}|{r['ref']}|{r['measure']}": f"{field(r, 'name', lang)} · "
        f"{measure_label(str(r['measure']), lang)}"
        for r in _records(series)
    }


def series_rows(cmp: pd.DataFrame, key: str) -> tuple[pd.DataFrame, tuple[str, str, str]]:
    """The comparison rows of one series key, and its ``(kind, ref, measure)``."""
    kind, ref, measure = key.split("|")
    one = cmp[(cmp["kind"] == kind) & (cmp["ref"].astype(str) == ref) & (cmp["measure"] == measure)]
    return one, (kind, ref, measure)


def status_scale(lang: str) -> tuple[list[str], list[str]]:
    """The chart's colour scale: status labels in ``lang`` and their colours."""
    return [status_label(k, lang) for k in STATUS_COLORS], list(STATUS_COLORS.values())
