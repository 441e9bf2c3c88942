"""Reading and checking an upload of actual figures: every problem by row and column, in both languages."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from clusters.progress.catalogue import _name_index, target_catalogue
from clusters.progress.columns import KIND_ALIASES, MEASURE_ALIASES, REQUIRED_COLUMNS, UPLOAD_COLUMNS, _norm
from gis.tabular import find_column, parse_number, read_table


@dataclass
class UploadCheck:
    """Result of validating an upload: valid rows, problems by row and column, and what was read."""

    valid: pd.DataFrame
    problems: pd.DataFrame
    total_rows: int
    columns: dict[str, str | None]
    encoding: str | None = None
    file: str | None = None
    #: Columns of the file that no field reads (said on the page, never dropped silently).
    ignored: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when nothing is wrong (the upload may be stored as is)."""
        return self.problems.empty

    @property
    def bad_rows(self) -> int:
        """Number of distinct data rows with a problem."""
        rows = self.problems["row"].dropna()
        return int(rows.nunique())


PROBLEM_COLUMNS = ["row", "column", "value", "problem_zh", "problem_en"]
VALID_COLUMNS = ["row", "kind", "ref", "name", "measure", "year", "value", "user_target", "source", "note"]
#: Years an actual figure may be for.
YEAR_RANGE = (2000, 2035)


def _problem(row: int | None, column: str | None, value: object, zh: str, en: str) -> dict[str, object]:
    return {
        "row": row,
        "column": column,
        "value": "" if value is None else str(value),
        "problem_zh": zh,
        "problem_en": en,
    }


def _to_number(value: object) -> float | None:
    """Parse a number with :func:`gis.tabular.parse_number`: ``None`` when blank, NaN when not a number."""
    return parse_number(value)


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


@dataclass
class _Row:
    """One data row being checked: its cells, spreadsheet row number and the problems found so far."""

    rec: dict
    row: int
    cols: dict[str, str | None]
    problems: list[dict[str, object]] = field(default_factory=list)

    def cell(self, key: str) -> object:
        col = self.cols[key]
        return self.rec.get(col) if col else None

    def add(self, key: str, value: object, zh: str, en: str) -> None:
        self.problems.append(_problem(self.row, self.cols[key], value, zh, en))


def _kind(r: _Row) -> str | None:
    raw = r.cell("kind")
    if _is_blank(raw):
        return None
    kind = KIND_ALIASES.get(_norm(raw))
    if kind is None:
        r.add("kind", raw, "类型应为 行业/集群/园区", "kind must be sector, cluster or park")
    return kind


def _measure(r: _Row) -> str:
    raw = r.cell("measure")
    if _is_blank(raw):
        return "output"
    m = MEASURE_ALIASES.get(_norm(raw))
    if m is None:
        r.add("measure", raw, "指标应为 产值 或 增加值", "measure must be output or va")
        return "output"
    return m


def _match(r: _Row, kind: str | None, index: dict) -> tuple[str | None, str | None]:
    """(kind, ref) of the row's name in the catalogue, or a problem."""
    name = r.cell("name")
    if _is_blank(name):
        r.add("name", name, "名称为空", "name is empty")
        return kind, None
    kinds = [kind] if kind else ["sector", "cluster", "park"]
    hits = [(k, ref) for k in kinds for ref in index.get((k, _norm(name)), [])]
    if not hits:
        r.add("name", name, "名称不在行业/集群/园区名单中", "name matches no known sector, cluster or park")
    elif len(hits) > 1:
        r.add("name", name, "名称有歧义，请填写类型列", "name is ambiguous: fill the kind column")
    else:
        return hits[0]
    return kind, None


def _year(r: _Row) -> int | None:
    raw = r.cell("year")
    y = _to_number(raw)
    lo, hi = YEAR_RANGE
    if y is None or math.isnan(y) or y != int(y) or not lo <= y <= hi:
        r.add("year", raw, f"年份应为{lo}–{hi}之间的整数", f"year must be a whole year between {lo} and {hi}")
        return None
    return int(y)


def _value(r: _Row) -> float | None:
    raw = r.cell("value")
    value = _to_number(raw)
    if value is None:
        r.add("value", raw, "数值为空", "value is empty")
    elif math.isnan(value) or not math.isfinite(value):
        r.add("value", raw, "数值不是数字", "value is not a number")
    elif value < 0:
        r.add("value", raw, "数值不能为负", "value cannot be negative")
    return value


def _user_target(r: _Row) -> float | None:
    raw = r.cell("target_2020")
    if not r.cols["target_2020"] or _is_blank(raw):
        return None
    target = _to_number(raw)
    if target is None or math.isnan(target) or target <= 0:
        r.add("target_2020", raw, "目标值应为正数", "target must be a positive number")
        return None
    return target


def _check_row(r: _Row, index: dict, with_target: set, seen: dict) -> dict[str, object] | None:
    """The valid record of one row, or ``None`` (its problems are in ``r.problems``)."""
    kind = _kind(r)
    measure = _measure(r)
    kind, ref = _match(r, kind, index)
    year = _year(r)
    value = _value(r)
    user_target = _user_target(r)
    if ref is not None and year is not None:
        key = (kind, ref, measure, year)
        if key in seen:
            r.add(
                "name",
                r.cell("name"),
                f"与第{seen[key]}行重复（同名称、指标、年份）",
                f"duplicate of row {seen[key]} (same name, measure and year)",
            )
        else:
            seen[key] = r.row
    no_target = (kind, ref, measure) not in with_target and user_target is None
    if ref is not None and kind == "sector" and not r.problems and no_target:
        r.add(
            "measure" if r.cols["measure"] else "name",
            measure,
            "该行业没有此指标的目标",
            "this sector has no target for this measure",
        )
    if r.problems or ref is None or kind is None:
        return None
    return {
        "row": r.row,
        "kind": kind,
        "ref": ref,
        "name": str(r.cell("name")).strip(),
        "measure": measure,
        "year": year,
        "value": value,
        "user_target": user_target,
        "source": _text_cell(r, "source"),
        "note": _text_cell(r, "note"),
    }


def _text_cell(r: _Row, key: str) -> str:
    """A free-text cell (source, note) as written, ``""`` when the column is absent or blank."""
    raw = r.cell(key) if r.cols.get(key) else None
    return "" if _is_blank(raw) else str(raw).strip()


def _missing_columns(cols: dict[str, str | None]) -> list[dict[str, object]]:
    problems = []
    for c in REQUIRED_COLUMNS:
        if cols[c] is None:
            problems.append(
                _problem(
                    None,
                    c,
                    "",
                    f"缺少必需列“{c}”（可用：{'、'.join(UPLOAD_COLUMNS[c][:4])}）",
                    f"missing required column '{c}' (accepted: {', '.join(UPLOAD_COLUMNS[c][:4])})",
                )
            )
    return problems


def validate_upload(
    table: pd.DataFrame, catalogue: pd.DataFrame | None = None, *, file: str | None = None
) -> UploadCheck:
    """Check an upload of actual figures; return valid rows and every problem (row numbers as in Excel).

    Required columns: name, year, value (亿元). Optional: kind (sector / cluster / park, or 行业 / 集群 /
    园区; inferred from the name when blank), measure (output / va; default output), target_2020 (a user's
    own target, needed for parks), source and note (kept with the figure through the store and the
    comparison). Numbers are read by :func:`gis.tabular.parse_number`; columns no field reads are listed in
    ``UploadCheck.ignored``.
    """
    cat = target_catalogue() if catalogue is None else catalogue
    cols = {key: find_column(table, aliases) for key, aliases in UPLOAD_COLUMNS.items()}
    problems = _missing_columns(cols)
    valid: list[dict[str, object]] = []
    if not problems:
        index = _name_index(cat)
        known = cat.loc[cat["target_value"].notna(), ["kind", "ref", "measure"]]
        with_target = {(k, str(ref), m) for k, ref, m in known.itertuples(index=False)}
        seen: dict[tuple, int] = {}
        for i, rec in enumerate(table.to_dict("records")):
            if all(_is_blank(v) for v in rec.values()):
                continue
            r = _Row(rec, i + 2, cols)  # header is spreadsheet row 1
            ok = _check_row(r, index, with_target, seen)
            problems.extend(r.problems)
            if ok is not None:
                valid.append(ok)
    used = {c for c in cols.values() if c}
    return UploadCheck(
        pd.DataFrame(valid, columns=VALID_COLUMNS) if valid else pd.DataFrame(columns=VALID_COLUMNS),
        pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        len(table),
        cols,
        table.attrs.get("encoding"),
        file or table.attrs.get("file"),
        [str(c) for c in table.columns if c not in used],
    )


def read_upload(
    source: object, *, name: str | None = None, catalogue: pd.DataFrame | None = None
) -> UploadCheck:
    """Read a CSV/XLSX upload (UTF-8-BOM, UTF-8 or GBK) and validate it."""
    df = read_table(source, name=name)  # type: ignore[arg-type]
    return validate_upload(df, catalogue, file=df.attrs.get("file") or name)
