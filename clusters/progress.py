"""Progress against the plan's targets: actual figures by year vs each target's compound path.

A target has a base (year, value) and a 2020 value; its path is the compound growth between them
(``target / (1 + g) ** (target_year - year)``, DERIVED). Uploaded actual figures (sector, cluster or park; output
or value added; 亿元) are validated row by row, then compared: percent of target, percent of the path for that
year, on track / behind, and the growth still needed to reach the target.

Sectors: 专栏10 (base 2015 DERIVED from the 2020 target and its growth). Clusters: the 2020 target where a
source gives one (``clusters.clusters``); their base is unknown, so only percent of target and growth still needed
are shown. Parks: the plan gives no park-level targets, so an upload may carry its own ``target_2020`` column
(labelled "user target / 用户目标").
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusters import targets as plan_targets
from clusters import vocab
from clusters.clusters import cluster_figures, load_clusters
from gis.errors import CalculationError
from gis.tabular import find_column, read_table

TARGET_YEAR = plan_targets.TARGET_YEAR
BASE_YEAR = plan_targets.BASE_YEAR
THOUSAND = 1000.0  # 千亿 = 1000 亿元

KIND_LABELS = {k: tuple(v) for k, v in vocab.TARGET_KINDS.items()}  # labels live in clusters.vocab
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
MEASURE_LABELS: dict[str, tuple[str, str]] = {
    "output": ("产值（亿元）", "output (亿元)"),
    "va": ("增加值（亿元）", "value added (亿元)"),
}
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
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "on_track": ("按进度", "on track"),
    "behind": ("落后", "behind"),
    "reached": ("已达目标", "target reached"),
    "missed": ("未达目标", "target missed"),
    "target_only": ("无基期，仅比目标", "no base: compared with target only"),
    "no_target": ("无目标", "no target"),
}

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
}
REQUIRED_COLUMNS = ("name", "year", "value")


def _norm(text: object) -> str:
    """Normalise a name for matching: no spaces, half-width brackets, lower case."""
    s = str(text).strip().lower()
    s = s.replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", s)


# --------------------------------------------------------------------------------------- target catalogue


def sector_catalogue() -> pd.DataFrame:
    """专栏10 targets as rows ``kind, key, name_zh, name_en, measure, base_year, base_value, ...``."""
    df = plan_targets.sector_targets()
    rows = []
    for no, rec in df.iterrows():
        for measure, tcol, gcol in (
            ("output", "output_2020", "output_cagr_pct"),
            ("va", "va_2020", "va_cagr_pct"),
        ):
            target = rec[tcol]
            growth = rec[gcol]
            if pd.isna(target) or pd.isna(growth):
                continue
            base = float(target) / (1 + float(growth) / 100.0) ** (TARGET_YEAR - BASE_YEAR)
            measure_zh = rec["output_measure_zh"] if measure == "output" else "工业增加值"
            measure_en = rec["output_measure_en"] if measure == "output" else "industrial value added"
            rows.append(
                {
                    "kind": "sector",
                    "key": f"sector:{int(no)}:{measure}",
                    "ref": int(no),
                    "name_zh": rec["sector_zh"],
                    "name_en": rec["sector_en"],
                    "group_zh": rec["group_zh"],
                    "measure": measure,
                    "measure_zh": measure_zh,
                    "measure_en": measure_en,
                    "base_year": BASE_YEAR,
                    "base_value": base,
                    "base_derived": True,
                    "target_year": TARGET_YEAR,
                    "target_value": float(target),
                    "cagr_pct": float(growth),
                    "source": rec["source"],
                    "note_zh": rec["note_zh"],
                    "note_en": rec["note_en"],
                }
            )
    return pd.DataFrame(rows)


def cluster_catalogue() -> pd.DataFrame:
    """Clusters with a 2020 output target from a source (base unknown: no compound path)."""
    df = load_clusters()
    rows = []
    for cid, rec in df.iterrows():
        rows.append(
            {
                "kind": "cluster",
                "key": f"cluster:{cid}:output",
                "ref": cid,
                "name_zh": rec["name_zh"],
                "name_en": rec["name_en"],
                "group_zh": rec["provenance"],
                "measure": "output",
                "measure_zh": "产值",
                "measure_en": "output",
                "base_year": np.nan,
                "base_value": np.nan,
                "base_derived": False,
                "target_year": TARGET_YEAR,
                "target_value": rec["target_2020"],
                "cagr_pct": np.nan,
                "source": rec.get("target_source", "") or rec.get("source", ""),
                "note_zh": "" if rec["in_plan"] else "来自相关文件，非规划所列",
                "note_en": "" if rec["in_plan"] else "from related documents, not the plan's list",
            }
        )
    return pd.DataFrame(rows)


def park_catalogue(parks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Parks (no plan targets): names from ``gis.parks.load_parks()`` if available, else ``parks`` given."""
    if parks is None:
        try:
            from gis.parks import load_parks
        except ImportError:
            return pd.DataFrame(columns=["kind", "key", "ref", "name_zh", "name_en"])
        parks = load_parks()
    rows = []
    for pid, rec in parks.iterrows():
        rows.append(
            {
                "kind": "park",
                "key": f"park:{pid}:output",
                "ref": pid,
                "name_zh": rec.get("name_zh", ""),
                "name_en": rec.get("name_en", ""),
                "group_zh": rec.get("city", ""),
                "measure": "output",
                "measure_zh": "产值",
                "measure_en": "output",
                "base_year": np.nan,
                "base_value": np.nan,
                "base_derived": False,
                "target_year": TARGET_YEAR,
                "target_value": np.nan,
                "cagr_pct": np.nan,
                "source": "",
                "note_zh": "规划未给出园区目标",
                "note_en": "the plan sets no park-level target",
            }
        )
    return pd.DataFrame(rows)


def target_catalogue(parks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every named thing a figure can be uploaded for: sectors, clusters and (if loadable) parks."""
    frames = [sector_catalogue(), cluster_catalogue(), park_catalogue(parks)]
    return pd.concat([f for f in frames if len(f)], ignore_index=True)


def _name_index(catalogue: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """Map (kind, normalised name) → ref ids, from zh / en names, ids and sector numbers."""
    index: dict[tuple[str, str], list[str]] = {}
    for rec in catalogue.drop_duplicates(["kind", "ref"]).to_dict("records"):
        kind, ref = rec["kind"], str(rec["ref"])
        names = {rec.get("name_zh"), rec.get("name_en"), ref}
        zh = str(rec.get("name_zh") or "")
        if "（" in zh or "(" in zh:
            names.add(re.split(r"[（(]", zh)[0])  # 半导体照明（LED） → 半导体照明
        for name in names:
            if name is None or (isinstance(name, float) and math.isnan(name)) or not str(name).strip():
                continue
            key = (kind, _norm(name))
            if ref not in index.setdefault(key, []):
                index[key].append(ref)
    return index


# --------------------------------------------------------------------------------------- upload validation


@dataclass
class UploadCheck:
    """Result of validating an upload: valid rows, problems by row and column, and what was read."""

    valid: pd.DataFrame
    problems: pd.DataFrame
    total_rows: int
    columns: dict[str, str | None]
    encoding: str | None = None
    file: str | None = None

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


def _problem(row: int | None, column: str | None, value: object, zh: str, en: str) -> dict[str, object]:
    return {
        "row": row,
        "column": column,
        "value": "" if value is None else str(value),
        "problem_zh": zh,
        "problem_en": en,
    }


def _to_number(value: object) -> float | None:
    """Parse a number ('1,234.5' ok); ``None`` when blank; NaN when not a number."""
    if value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        f = float(value)
        return None if math.isnan(f) else f
    text = str(value).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return math.nan


def validate_upload(
    table: pd.DataFrame, catalogue: pd.DataFrame | None = None, *, file: str | None = None
) -> UploadCheck:
    """Check an upload of actual figures; return valid rows and every problem (row numbers as in Excel).

    Required columns: name, year, value (亿元). Optional: kind (sector / cluster / park, or 行业 / 集群 / 园区;
    inferred from the name when blank), measure (output / va; default output), target_2020 (a user's own
    target, needed for parks).
    """
    cat = target_catalogue() if catalogue is None else catalogue
    cols = {key: find_column(table, aliases) for key, aliases in UPLOAD_COLUMNS.items()}
    problems: list[dict[str, object]] = []
    missing = [c for c in REQUIRED_COLUMNS if cols[c] is None]
    for c in missing:
        problems.append(
            _problem(
                None,
                c,
                "",
                f"缺少必需列“{c}”（可用：{'、'.join(UPLOAD_COLUMNS[c][:4])}）",
                f"missing required column '{c}' (accepted: {', '.join(UPLOAD_COLUMNS[c][:4])})",
            )
        )
    empty_valid = pd.DataFrame(
        columns=["row", "kind", "ref", "name", "measure", "year", "value", "user_target"]
    )
    if missing:
        return UploadCheck(
            empty_valid,
            pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
            len(table),
            cols,
            table.attrs.get("encoding"),
            file or table.attrs.get("file"),
        )
    index = _name_index(cat)
    with_target = {
        (k, str(r), m)
        for k, r, m in cat.loc[cat["target_value"].notna(), ["kind", "ref", "measure"]].itertuples(
            index=False
        )
    }
    valid = []
    seen: dict[tuple, int] = {}
    for i, rec in enumerate(table.to_dict("records")):
        row = i + 2  # header is spreadsheet row 1
        name = rec.get(cols["name"])
        raw_year = rec.get(cols["year"])
        raw_value = rec.get(cols["value"])
        if all(_is_blank(v) for v in rec.values()):
            continue
        row_problems: list[dict[str, object]] = []
        kind_raw = rec.get(cols["kind"]) if cols["kind"] else None
        kind = None
        if not _is_blank(kind_raw):
            kind = KIND_ALIASES.get(_norm(kind_raw))
            if kind is None:
                row_problems.append(
                    _problem(
                        row,
                        cols["kind"],
                        kind_raw,
                        "类型应为 行业/集群/园区",
                        "kind must be sector, cluster or park",
                    )
                )
        measure = "output"
        if cols["measure"] and not _is_blank(rec.get(cols["measure"])):
            m = MEASURE_ALIASES.get(_norm(rec.get(cols["measure"])))
            if m is None:
                row_problems.append(
                    _problem(
                        row,
                        cols["measure"],
                        rec.get(cols["measure"]),
                        "指标应为 产值 或 增加值",
                        "measure must be output or va",
                    )
                )
            else:
                measure = m
        ref = None
        if _is_blank(name):
            row_problems.append(_problem(row, cols["name"], name, "名称为空", "name is empty"))
        else:
            kinds = [kind] if kind else ["sector", "cluster", "park"]
            hits = [(k, r) for k in kinds for r in index.get((k, _norm(name)), [])]
            if not hits:
                row_problems.append(
                    _problem(
                        row,
                        cols["name"],
                        name,
                        "名称不在行业/集群/园区名单中",
                        "name matches no known sector, cluster or park",
                    )
                )
            elif len(hits) > 1:
                row_problems.append(
                    _problem(
                        row,
                        cols["name"],
                        name,
                        "名称有歧义，请填写类型列",
                        "name is ambiguous: fill the kind column",
                    )
                )
            else:
                kind, ref = hits[0]
        year_num = _to_number(raw_year)
        year = None
        if (
            year_num is None
            or math.isnan(year_num)
            or year_num != int(year_num)
            or not 2000 <= year_num <= 2035
        ):
            row_problems.append(
                _problem(
                    row,
                    cols["year"],
                    raw_year,
                    "年份应为2000–2035之间的整数",
                    "year must be a whole year between 2000 and 2035",
                )
            )
        else:
            year = int(year_num)
        value = _to_number(raw_value)
        if value is None:
            row_problems.append(_problem(row, cols["value"], raw_value, "数值为空", "value is empty"))
        elif math.isnan(value) or not math.isfinite(value):
            row_problems.append(
                _problem(row, cols["value"], raw_value, "数值不是数字", "value is not a number")
            )
        elif value < 0:
            row_problems.append(
                _problem(row, cols["value"], raw_value, "数值不能为负", "value cannot be negative")
            )
        user_target = None
        if cols["target_2020"] and not _is_blank(rec.get(cols["target_2020"])):
            user_target = _to_number(rec.get(cols["target_2020"]))
            if user_target is None or math.isnan(user_target) or user_target <= 0:
                row_problems.append(
                    _problem(
                        row,
                        cols["target_2020"],
                        rec.get(cols["target_2020"]),
                        "目标值应为正数",
                        "target must be a positive number",
                    )
                )
                user_target = None
        if ref is not None and year is not None:
            key = (kind, ref, measure, year)
            if key in seen:
                row_problems.append(
                    _problem(
                        row,
                        cols["name"],
                        name,
                        f"与第{seen[key]}行重复（同名称、指标、年份）",
                        f"duplicate of row {seen[key]} (same name, measure and year)",
                    )
                )
            else:
                seen[key] = row
        if ref is not None and kind is not None and not row_problems:
            has_target = (kind, ref, measure) in with_target
            if not has_target and user_target is None and kind == "sector":
                row_problems.append(
                    _problem(
                        row,
                        cols["measure"] or cols["name"],
                        measure,
                        "该行业没有此指标的目标",
                        "this sector has no target for this measure",
                    )
                )
        if row_problems:
            problems.extend(row_problems)
            continue
        valid.append(
            {
                "row": row,
                "kind": kind,
                "ref": ref,
                "name": str(name).strip(),
                "measure": measure,
                "year": year,
                "value": value,
                "user_target": user_target,
            }
        )
    valid_df = pd.DataFrame(valid) if valid else empty_valid
    return UploadCheck(
        valid_df,
        pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        len(table),
        cols,
        table.attrs.get("encoding"),
        file or table.attrs.get("file"),
    )


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def read_upload(
    source: object, *, name: str | None = None, catalogue: pd.DataFrame | None = None
) -> UploadCheck:
    """Read a CSV/XLSX upload (UTF-8-BOM, UTF-8 or GBK) and validate it."""
    df = read_table(source, name=name)  # type: ignore[arg-type]
    return validate_upload(df, catalogue, file=df.attrs.get("file") or name)


# --------------------------------------------------------------------------------------- comparison


def path_value(target: float, cagr_pct: float, year: int, target_year: int = TARGET_YEAR) -> float:
    """Value on the compound path in ``year``: ``target / (1 + g) ** (target_year - year)`` (DERIVED)."""
    return float(target) / (1.0 + float(cagr_pct) / 100.0) ** (target_year - int(year))


def growth_needed(actual: float, target: float, year: int, target_year: int = TARGET_YEAR) -> float | None:
    """Annual growth from ``actual`` in ``year`` to ``target`` in ``target_year``; ``None`` if undefined."""
    if actual is None or target is None or actual <= 0 or target <= 0 or year >= target_year:
        return None
    return (float(target) / float(actual)) ** (1.0 / (target_year - int(year))) - 1.0


def compare(
    valid: pd.DataFrame, catalogue: pd.DataFrame | None = None, *, tolerance: float = 0.0
) -> pd.DataFrame:
    """Compare valid upload rows with their targets' compound paths.

    Parameters
    ----------
    valid
        ``UploadCheck.valid``.
    catalogue
        :func:`target_catalogue` (loaded when ``None``).
    tolerance
        Fraction below the path still counted as on track (0.02 = within 2 %).

    Returns
    -------
    DataFrame
        One row per figure: ``kind, ref, name_zh, name_en, measure, year, actual, target_year, target_value,
        target_source, path_value, pct_of_target, pct_of_path, status, status_zh, status_en, growth_needed,
        path_growth``. ``path_value`` and the percentages are DERIVED.
    """
    if not 0 <= tolerance < 1:
        raise CalculationError(
            f"容差必须在0到1之间 / tolerance must be in [0, 1), got {tolerance}", field="tolerance"
        )
    cat = target_catalogue() if catalogue is None else catalogue
    out = []
    for rec in valid.to_dict("records"):
        match = cat[
            (cat["kind"] == rec["kind"])
            & (cat["ref"].astype(str) == str(rec["ref"]))
            & (cat["measure"] == rec["measure"])
        ]
        info = match.iloc[0].to_dict() if len(match) else {}
        target = info.get("target_value", np.nan)
        source = info.get("source", "")
        cagr = info.get("cagr_pct", np.nan)
        user_target = rec.get("user_target")
        if user_target is not None and not pd.isna(user_target):
            target, source, cagr = float(user_target), "user target / 用户目标", np.nan
        actual = float(rec["value"])
        year = int(rec["year"])
        row = {
            "kind": rec["kind"],
            "ref": rec["ref"],
            "name_zh": info.get("name_zh", rec["name"]),
            "name_en": info.get("name_en", rec["name"]),
            "measure": rec["measure"],
            "year": year,
            "actual": actual,
            "target_year": TARGET_YEAR,
            "target_value": target,
            "target_source": source,
            "path_value": np.nan,
            "pct_of_target": np.nan,
            "pct_of_path": np.nan,
            "growth_needed": np.nan,
            "path_growth": cagr / 100.0 if not pd.isna(cagr) else np.nan,
        }
        if pd.isna(target):
            status = "no_target"
        else:
            row["pct_of_target"] = actual / float(target) * 100.0
            g = growth_needed(actual, float(target), year)
            row["growth_needed"] = np.nan if g is None else g
            if year >= TARGET_YEAR:
                status = "reached" if actual >= float(target) * (1 - tolerance) else "missed"
                if not pd.isna(cagr):
                    row["path_value"] = path_value(float(target), float(cagr), year)
                    row["pct_of_path"] = actual / row["path_value"] * 100.0
            elif pd.isna(cagr):
                status = "target_only"
            else:
                row["path_value"] = path_value(float(target), float(cagr), year)
                row["pct_of_path"] = actual / row["path_value"] * 100.0
                status = "on_track" if actual >= row["path_value"] * (1 - tolerance) else "behind"
        row["status"] = status
        row["status_zh"], row["status_en"] = STATUS_LABELS[status]
        out.append(row)
    cols = [
        "kind",
        "ref",
        "name_zh",
        "name_en",
        "measure",
        "year",
        "actual",
        "target_year",
        "target_value",
        "target_source",
        "path_value",
        "pct_of_target",
        "pct_of_path",
        "status",
        "status_zh",
        "status_en",
        "growth_needed",
        "path_growth",
    ]
    return pd.DataFrame(out, columns=cols)


def target_path(
    kind: str, ref: object, measure: str = "output", catalogue: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The compound path (DERIVED) of one target from its base year to 2020: ``year, path_value``."""
    cat = target_catalogue() if catalogue is None else catalogue
    match = cat[(cat["kind"] == kind) & (cat["ref"].astype(str) == str(ref)) & (cat["measure"] == measure)]
    if match.empty or pd.isna(match.iloc[0]["cagr_pct"]):
        return pd.DataFrame(columns=["year", "path_value"])
    rec = match.iloc[0]
    years = range(int(rec["base_year"]), TARGET_YEAR + 1)
    return pd.DataFrame(
        {
            "year": list(years),
            "path_value": [path_value(rec["target_value"], rec["cagr_pct"], y) for y in years],
        }
    )


def sector_paths(df: pd.DataFrame | None = None, measure: str = "output") -> pd.DataFrame:
    """Implied yearly path 2015–2020 of every 专栏10 sector (DERIVED), one column per year, indexed by ``no``."""
    df = plan_targets.sector_targets() if df is None else df
    tcol, gcol = ("output_2020", "output_cagr_pct") if measure == "output" else ("va_2020", "va_cagr_pct")
    years = list(range(BASE_YEAR, TARGET_YEAR + 1))
    data = {y: df[tcol] / (1 + df[gcol] / 100.0) ** (TARGET_YEAR - y) for y in years}
    return pd.DataFrame(data, index=df.index)


# --------------------------------------------------------------------------------------- 千亿 clusters


def cluster_thousand(
    growth: float, threshold: float = THOUSAND, target_year: int = TARGET_YEAR
) -> pd.DataFrame:
    """For each cluster with a reported output before ``target_year``: growth needed to pass ``threshold`` 亿元.

    Uses each cluster's latest figure before ``target_year`` (``cluster_figures``; its scope note, comparator and
    confidence are kept). ``passes`` says whether ``value × (1 + growth) ** (target_year − year)`` reaches the
    threshold. Figures are often for part of a cluster (a county): see ``scope_note``.
    """
    if not math.isfinite(growth) or growth <= -1:
        raise CalculationError(
            f"增速必须大于 −100% / growth must be above −100%, got {growth}", field="growth"
        )
    figs = cluster_figures()
    figs = figs[(figs["year"] < target_year) & (figs["unit"] == "亿元")]
    if figs.empty:
        return pd.DataFrame()
    latest = figs.sort_values("year").groupby("cluster_id").tail(1)
    clusters = load_clusters()
    rows = []
    for rec in latest.to_dict("records"):
        cid = rec["cluster_id"]
        info = clusters.loc[cid] if cid in clusters.index else None
        years_left = target_year - int(rec["year"])
        value = float(rec["value"])
        need = 0.0 if value >= threshold else (threshold / value) ** (1.0 / years_left) - 1.0
        projected = value * (1.0 + growth) ** years_left
        rows.append(
            {
                "cluster_id": cid,
                "name_zh": None if info is None else info["name_zh"],
                "name_en": None if info is None else info["name_en"],
                "provenance": None if info is None else info["provenance"],
                "year": int(rec["year"]),
                "value": value,
                "comparator": rec.get("comparator", ""),
                "scope_note": rec.get("scope_note", ""),
                "source": rec["source"],
                "confidence": rec["confidence"],
                "growth_needed": need,
                "projected": projected,
                "passes": bool(projected >= threshold),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------- template

TEMPLATE_ROWS = [
    {"kind": "行业", "name": "石油化工", "year": 2017, "measure": "产值", "value": "", "target_2020": ""},
    {"kind": "行业", "name": "新型显示", "year": 2017, "measure": "增加值", "value": "", "target_2020": ""},
    {"kind": "集群", "name": "汽车产业集群", "year": 2018, "measure": "产值", "value": "", "target_2020": ""},
    {
        "kind": "园区",
        "name": "（园区名称，见地图）",
        "year": 2018,
        "measure": "产值",
        "value": "",
        "target_2020": "（园区自定目标，可选）",
    },
]


def template_frame() -> pd.DataFrame:
    """Upload template: columns kind, name, year, measure, value (亿元), target_2020 (parks only)."""
    return pd.DataFrame(TEMPLATE_ROWS, columns=["kind", "name", "year", "measure", "value", "target_2020"])


def template_bytes(fmt: str = "csv") -> bytes:
    """Template as CSV (UTF-8 with BOM) or XLSX bytes (with a second sheet explaining the columns)."""
    from clusters.share import to_csv_bytes, to_xlsx_bytes

    df = template_frame()
    if fmt == "csv":
        return to_csv_bytes(df)
    if fmt != "xlsx":
        raise CalculationError(
            f"模板格式只能是 csv 或 xlsx / template format must be csv or xlsx, got {fmt!r}", field="fmt"
        )
    help_df = pd.DataFrame(
        {
            "column": ["kind", "name", "year", "measure", "value", "target_2020"],
            "说明": [
                "行业 / 集群 / 园区（可空，按名称识别）",
                "专栏10行业名、集群名或园区名",
                "年份（整数）",
                "产值 或 增加值（默认产值）",
                "实际值，亿元",
                "园区自定2020年目标（亿元，可选）",
            ],
            "meaning": [
                "sector / cluster / park (may be blank: inferred from the name)",
                "Box-10 sector, cluster or park name",
                "year (whole number)",
                "output or va (default output)",
                "actual figure in 亿元",
                "a park's own 2020 target (optional)",
            ],
        }
    )
    return to_xlsx_bytes({"figures": df, "columns": help_df})


def bytes_reader(data: bytes, name: str) -> Callable[[], UploadCheck]:
    """Return a thunk that reads and validates ``data`` (for deferred work in pages)."""
    return lambda: read_upload(io.BytesIO(data), name=name)


# --------------------------------------------------------------------------------------- by city (for maps)

CITY_ADCODES: dict[str, str] = {
    "福州市": "350100",
    "厦门市": "350200",
    "莆田市": "350300",
    "三明市": "350400",
    "泉州市": "350500",
    "漳州市": "350600",
    "南平市": "350700",
    "龙岩市": "350800",
    "宁德市": "350900",
}


def _sector_cities(parks: pd.DataFrame | None) -> dict[int, set[str]]:
    """Cities the plan names for each 专栏10 sector (directly or through a named park)."""
    path = plan_targets.PLAN_DIR / "sector_places.csv"
    if not path.is_file():
        return {}
    places = pd.read_csv(path, dtype=str, keep_default_na=False)
    park_city = {} if parks is None or "city" not in parks.columns else parks["city"].to_dict()
    out: dict[int, set[str]] = {}
    for rec in places.to_dict("records"):
        cities = {c.strip() for c in rec.get("city", "").split(";") if c.strip()}
        for pid in (p.strip() for p in rec.get("park_id", "").split(";") if p.strip()):
            if park_city.get(pid):
                cities.add(str(park_city[pid]))
        out.setdefault(int(rec["sector_no"]), set()).update(cities)
    return out


def status_by_city(comparison: pd.DataFrame, parks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count, per city, the targets whose latest figure is behind vs on track / reached.

    Sectors count in the cities the plan names for them (``data/plan/sector_places.csv``), clusters in their host
    cities, parks in their own city. Rows without a path status (``target_only``, ``no_target``) are left out.
    Returns ``adcode, city, behind, on_track, names``.
    """
    if parks is None:
        try:
            from gis.parks import load_parks

            parks = load_parks()
        except (ImportError, OSError, ValueError):
            parks = None
    if comparison.empty:
        return pd.DataFrame(columns=["adcode", "city", "behind", "on_track", "names"])
    latest = comparison.sort_values("year").groupby(["kind", "ref", "measure"], sort=False).tail(1)
    sector_cities = _sector_cities(parks)
    clusters = load_clusters()
    counts: dict[str, dict[str, object]] = {}
    for rec in latest.to_dict("records"):
        if rec["status"] in ("behind", "missed"):
            bucket = "behind"
        elif rec["status"] in ("on_track", "reached"):
            bucket = "on_track"
        else:
            continue
        if rec["kind"] == "sector":
            cities = sector_cities.get(int(rec["ref"]), set())
        elif rec["kind"] == "cluster":
            cities = set(clusters.loc[rec["ref"], "host_cities"]) if rec["ref"] in clusters.index else set()
        else:
            city = None if parks is None or rec["ref"] not in parks.index else parks.loc[rec["ref"], "city"]
            cities = {city} if city else set()
        for city in cities:
            if city not in CITY_ADCODES:
                continue
            entry = counts.setdefault(city, {"behind": 0, "on_track": 0, "names": []})
            entry[bucket] = int(entry[bucket]) + 1  # type: ignore[call-overload]
            entry["names"].append(f"{rec['name_zh']} {rec['year']}: {rec['status_zh']}")  # type: ignore[union-attr]
    rows = [{"adcode": CITY_ADCODES[c], "city": c, **v} for c, v in counts.items()]
    return pd.DataFrame(rows, columns=["adcode", "city", "behind", "on_track", "names"])


# --------------------------------------------------------------------------------------- user store

FIGURE_KEY_PREFIX = "actual_"


def to_store_rows(valid: pd.DataFrame, source_file: str) -> pd.DataFrame:
    """Valid upload rows in the user store's ``figures`` layout (``gis.store.save_figures``)."""
    out = pd.DataFrame(
        {
            "subject_type": valid["kind"].astype(str),
            "subject_id": valid["ref"].astype(str),
            "key": FIGURE_KEY_PREFIX + valid["measure"].astype(str),
            "label": valid["name"].astype(str),
            "year": valid["year"].astype(int),
            "value": valid["value"].astype(float),
            "unit": "亿元",
            "source": f"user upload / 用户上传: {source_file}",
            "confidence": "user",
            "note": "",
        }
    )
    out["user_target"] = [None if v is None or pd.isna(v) else float(v) for v in valid["user_target"]]
    out["upload_row"] = valid["row"].astype(int).to_numpy()
    return out


def from_store_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures loaded from the store (``gis.store.load_figures``) back in the ``UploadCheck.valid`` layout."""
    cols = ["row", "kind", "ref", "name", "measure", "year", "value", "user_target", "source_file"]
    if figures is None or figures.empty:
        return pd.DataFrame(columns=cols)
    mask = figures["key"].astype(str).str.startswith(FIGURE_KEY_PREFIX) & figures["subject_type"].isin(
        KIND_LABELS
    )
    f = figures[mask]
    if f.empty:
        return pd.DataFrame(columns=cols)
    user_target = f["user_target"] if "user_target" in f else pd.Series([None] * len(f), index=f.index)
    rows = f["upload_row"] if "upload_row" in f else f["row_no"]
    return pd.DataFrame(
        {
            "row": rows.to_numpy(),
            "kind": f["subject_type"].to_numpy(),
            "ref": f["subject_id"].to_numpy(),
            "name": f["label"].to_numpy(),
            "measure": f["key"].str.removeprefix(FIGURE_KEY_PREFIX).to_numpy(),
            "year": f["year"].astype(int).to_numpy(),
            "value": f["value"].astype(float).to_numpy(),
            "user_target": [None if v is None or pd.isna(v) else float(v) for v in user_target],
            "source_file": f["source_file"].to_numpy(),
        },
        columns=cols,
    )
