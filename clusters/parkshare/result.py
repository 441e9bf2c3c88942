"""Result tables of the park share: :class:`ParkShareResult`, :func:`finish` and :func:`compute_parkshare`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from clusters.parkshare.compute import _AGG, Partial, combine, partial
from clusters.parkshare.context import Context
from clusters.parkshare.density import FirmDensity
from clusters.parkshare.rules import (
    OUTSIDE_TOP_N,
    PLAN_TARGET_SHARE,
    PLAN_TARGET_SOURCE,
    PLAN_TARGET_SOURCE_EN,
    ROW_NUMBERING,
    RULE_TEXTS,
    RULES,
)
from clusters.parkshare.tables import DOWNLOADS, download_bytes, workbook_bytes
from clusters.parkshare.validate import table_year, validate_firms
from gis.errors import DataValidationError
from gis.jobs import Progress, step
from gis.text import Pair, normalize_lang


def _share(num: Any, den: Any) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(den) > 0, np.asarray(num) / np.asarray(den), np.nan)


@dataclass
class ParkShareResult:
    """Park share of one year: province, per park / city / county / sector, outside firms, bad rows."""

    year: int | None
    province: dict[str, Any]
    by_park: pd.DataFrame
    by_city: pd.DataFrame
    by_county: pd.DataFrame
    by_sector: pd.DataFrame
    outside: pd.DataFrame
    outside_count: int
    bad_rows: pd.DataFrame
    rules: dict[str, str]
    info: dict[str, Any] = field(default_factory=dict)
    assignments: pd.DataFrame | None = None
    density: FirmDensity | None = None  # valid firms per grid cell (the map draws this, never the firms)

    def table(self, name: str) -> pd.DataFrame:
        """One of the downloadable tables (:data:`DOWNLOADS`: ``by_city``, ``by_park``, … ``bad_rows``)."""
        if name not in DOWNLOADS:
            raise DataValidationError(
                f"unknown result table {name!r}",
                field="name",
                hint="use one of " + ", ".join(DOWNLOADS),
                message_zh=f"没有名为 {name!r} 的结果表",
                hint_zh="请使用：" + "、".join(DOWNLOADS),
            )
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def table_bytes(self, name: str, fmt: Literal["csv", "xlsx"] = "csv", lang: str = "zh") -> bytes:
        """A result table as CSV (UTF-8 with BOM) or XLSX bytes, headed in ``lang``
        (:func:`clusters.parkshare.tables.download_bytes`)."""
        return download_bytes(self, name, fmt, lang)

    def workbook_bytes(self, lang: str = "zh") -> bytes:
        """Every downloadable table (:data:`DOWNLOADS`) as one XLSX workbook, headed in ``lang``."""
        return workbook_bytes(self, tuple(DOWNLOADS), lang)

    def bad_rows_in(self, lang: str) -> pd.DataFrame:
        """The bad rows for reading in ``lang``: ``row, field, value, problem`` (one language only)."""
        problem = self.bad_rows[f"problem_{normalize_lang(lang)}"]
        return self.bad_rows[["row", "field", "value"]].assign(problem=problem.to_numpy())

    def rules_in(self, lang: str) -> dict[str, str]:
        """The rules of this result in ``lang`` (one language each; the parks note as given)."""
        out = {k: v.get(lang) for k, v in RULE_TEXTS.items()}
        out["row_numbering"] = ROW_NUMBERING[2 if self.info.get("row_offset", 2) == 2 else 1].get(lang)
        if "parks" in self.rules:
            out["parks"] = self.parks_note_in(lang)
        return out

    def parks_note_in(self, lang: str) -> str:
        """Where the parks come from, in ``lang``."""
        return str(self.info.get(f"parks_note_{normalize_lang(lang)}") or self.info.get("parks_note") or "")

    def plan_target_source_in(self, lang: str) -> str:
        """Where the 75 % target comes from, in ``lang``."""
        return Pair(PLAN_TARGET_SOURCE, PLAN_TARGET_SOURCE_EN).get(lang)

    def json_bytes(self) -> bytes:
        """:meth:`to_dict` as UTF-8 JSON (Chinese unescaped), the JSON download."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")

    def session_value(self) -> dict[str, Any]:
        """What the app stores in ``st.session_state["parkshare_result"]``: ``{"year", "park_share"}``."""
        return {"year": self.year, "park_share": self.province["park_share"]}

    def to_dict(self, *, top_n: int = OUTSIDE_TOP_N, bad_limit: int = 200) -> dict[str, Any]:
        """JSON-ready dict (keys documented in docs/parkshare.md)."""
        bad = self.bad_rows.sort_values(["row", "field"]).head(bad_limit)
        return _jsonable(
            {
                "year": self.year,
                "province": self.province,
                "by_park": self.by_park.to_dict(orient="records"),
                "by_city": self.by_city.to_dict(orient="records"),
                "by_county": self.by_county.to_dict(orient="records"),
                "by_sector": self.by_sector.to_dict(orient="records"),
                "outside": {
                    "count": self.outside_count,
                    "nearest": self.outside.head(top_n).to_dict(orient="records"),
                },
                "bad_rows": {
                    "count_rows": int(self.bad_rows["row"].nunique()),
                    "count_problems": len(self.bad_rows),
                    "by_problem": {
                        str(k): int(v) for k, v in self.bad_rows["problem"].value_counts().items()
                    },
                    "rows": bad.to_dict(orient="records"),
                    "listed": len(bad),
                },
                "parks_source": self.info.get("parks_source"),
                "parks_note": self.info.get("parks_note"),
                "input": {k: self.info.get(k) for k in ("file", "coords", "columns", "rows_read")},
                "rules": self.rules,
            }
        )

    def equals(self, other: ParkShareResult, *, rtol: float = 1e-9) -> bool:
        """True when counts are identical and sums agree to ``rtol`` (float addition order may differ)."""

        def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
            if list(a.columns) != list(b.columns) or len(a) != len(b):
                return False
            for c in a.columns:
                x, y = a[c].to_numpy(), b[c].to_numpy()
                if pd.api.types.is_float_dtype(x.dtype):
                    if not np.allclose(x, y, rtol=rtol, atol=0, equal_nan=True):
                        return False
                elif not (
                    pd.Series(x).fillna("<NA>").astype(str).to_numpy()
                    == pd.Series(y).fillna("<NA>").astype(str).to_numpy()
                ).all():
                    return False
            return True

        pa = pd.DataFrame([self.province])
        pb = pd.DataFrame([other.province])
        sa = self.by_sector.reset_index(drop=True)
        sb = other.by_sector.reset_index(drop=True)
        n = min(len(self.outside), len(other.outside), OUTSIDE_TOP_N)
        ba = self.bad_rows.sort_values(["row", "field", "problem"]).reset_index(drop=True)
        bb = other.bad_rows.sort_values(["row", "field", "problem"]).reset_index(drop=True)
        return (
            same(pa, pb)
            and same(self.by_park, other.by_park)
            and same(self.by_city, other.by_city)
            and same(self.by_county, other.by_county)
            and same(sa, sb)
            and self.outside_count == other.outside_count
            and same(
                self.outside.head(n)[["row", "nearest_park", "distance_m"]],
                other.outside.head(n)[["row", "nearest_park", "distance_m"]],
            )
            and same(ba[["row", "field", "problem"]], bb[["row", "field", "problem"]])
        )


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        v = float(obj)
        return None if not np.isfinite(v) else v
    if isinstance(obj, np.bool_):
        return bool(obj)
    if obj is pd.NA or obj is pd.NaT:
        return None
    return obj


def _natural_order(values: pd.Series) -> np.ndarray:
    """Positions sorting labels numerically when they are numbers ("2" before "10"), else as text."""
    num = pd.to_numeric(values, errors="coerce")
    key = pd.DataFrame(
        {"nan": num.isna().to_numpy(), "num": num.fillna(0).to_numpy(), "txt": values.astype(str)}
    )
    return key.sort_values(["nan", "num", "txt"], kind="stable").index.to_numpy()


def _labels(pos: np.ndarray, labels: pd.Series) -> pd.Categorical:
    """Labels looked up by position (-1 → missing), as a categorical (no per-row Python objects)."""
    cats = pd.Index(labels.astype(str).to_numpy())
    if cats.has_duplicates:  # e.g. two parks with the same name: fall back to plain values
        arr = labels.to_numpy(dtype=object)[np.maximum(pos, 0)]
        return pd.Categorical(list(np.where(pos >= 0, arr, None)))
    return pd.Categorical.from_codes(np.asarray(pos, dtype="int64"), categories=cats)


def finish(total: Partial, ctx: Context, info: dict[str, Any]) -> ParkShareResult:
    """Turn combined sums into the result tables."""
    pt = ctx.park_table
    cty = ctx.county_table
    c = pd.DataFrame(total.county, columns=list(_AGG))
    for k in ("firms", "firms_in_parks"):
        c[k] = c[k].round().astype("int64")
    prov = c.sum()
    province: dict[str, Any] = {
        "firms": int(prov["firms"]),
        "firms_in_parks": int(prov["firms_in_parks"]),
        "output_total": float(prov["output_total"]),
        "output_in_parks": float(prov["output_in_parks"]),
    }
    province["park_share"] = float(_share(province["output_in_parks"], province["output_total"]))
    province["plan_target_share"] = PLAN_TARGET_SHARE
    province["plan_target_source"] = PLAN_TARGET_SOURCE
    province["plan_target_source_en"] = PLAN_TARGET_SOURCE_EN
    ps = province["park_share"]
    province["gap_to_target_pct_points"] = None if np.isnan(ps) else round((ps - PLAN_TARGET_SHARE) * 100, 6)
    province["meets_target"] = None if np.isnan(ps) else bool(ps >= PLAN_TARGET_SHARE)
    province["firms_in_overlapping_parks"] = total.overlaps
    province["firms_snapped_to_county"] = total.snapped
    province["approximate_parks"] = ctx.approximate

    by_county = pd.concat([cty[["adcode", "county_zh", "city_adcode", "city_zh"]], c], axis=1)
    by_county = by_county[by_county["firms"] > 0].reset_index(drop=True)
    by_county["park_share"] = _share(by_county["output_in_parks"], by_county["output_total"])
    by_city = (
        pd.concat([cty[["city_adcode", "city_zh"]], c], axis=1)
        .groupby(["city_adcode", "city_zh"], as_index=False, sort=True)[list(_AGG)]
        .sum()
    )
    by_city = by_city[by_city["firms"] > 0].reset_index(drop=True)
    by_city["park_share"] = _share(by_city["output_in_parks"], by_city["output_total"])

    by_park = pt.copy()
    by_park["firms"] = total.park_firms
    by_park["output"] = total.park_output
    by_park["share_of_province_output"] = _share(by_park["output"], province["output_total"])
    by_park = by_park.sort_values(["output", "park_id"], ascending=[False, True]).reset_index(drop=True)

    by_sector = total.sector[total.sector["firms"] > 0].copy() if len(total.sector) else total.sector
    if len(by_sector):
        for k in ("firms", "firms_in_parks"):
            by_sector[k] = by_sector[k].astype("int64")
        by_sector = by_sector.reset_index()
        by_sector = by_sector.iloc[_natural_order(by_sector["sector"])].reset_index(drop=True)
        by_sector["park_share"] = _share(by_sector["output_in_parks"], by_sector["output_total"])
    else:
        by_sector = pd.DataFrame(columns=["sector", *_AGG, "park_share"])

    out = total.outside.sort_values(["distance_m", "row"]).reset_index(drop=True)
    pos = out.pop("nearest_pos").to_numpy()
    cpos = out.pop("county_pos").to_numpy()
    out["nearest_park"] = _labels(pos, pt["park_id"])
    out["nearest_park_name"] = _labels(pos, pt["name_zh"])
    out["city_zh"] = _labels(cpos, cty["city_zh"])
    out["county_zh"] = _labels(cpos, cty["county_zh"])

    assignments = None
    if total.assignments is not None:
        a = total.assignments.sort_values("row").reset_index(drop=True)
        ppos = a["park_pos"].to_numpy()
        assignments = pd.DataFrame(
            {
                "row": a["row"].to_numpy(),
                "park_id": np.where(ppos >= 0, pt["park_id"].to_numpy()[np.maximum(ppos, 0)], None),
                "county_adcode": cty["adcode"].to_numpy()[a["county_pos"].to_numpy()],
            }
        )
    bad = total.bad.sort_values(["row", "field"], kind="stable").reset_index(drop=True)
    rules = dict(RULES)
    rules["row_numbering"] = ROW_NUMBERING[2 if info.get("row_offset", 2) == 2 else 1].en
    if ctx.approximate:
        rules["parks"] = ctx.parks_note
    meta = dict(info)
    meta["parks_source"] = ctx.parks_source
    meta["parks_note"] = ctx.parks_note
    meta["parks_note_zh"] = ctx.note_in("zh")
    meta["parks_note_en"] = ctx.note_in("en")
    return ParkShareResult(
        info.get("year"),
        province,
        by_park,
        by_city,
        by_county,
        by_sector,
        out,
        total.outside_count,
        bad,
        rules,
        meta,
        assignments,
        total.density,
    )


#: Stages of the firm-level share, as the progress bar shows them.
STAGE_READ = Pair("读取企业名单", "reading the firm list")
STAGE_CHECK = Pair("检查企业数据", "checking the firms")
STAGE_PLACE = Pair("定位企业（园区、县区、最近园区）", "placing firms (parks, counties, nearest park)")
STAGE_TABLES = Pair("汇总结果表", "summing the tables")
#: Firms placed per step of the single-machine computation (one progress report and cancel check each).
CHUNK = 1_000_000


def compute_parkshare(
    firms: pd.DataFrame,
    ctx: Context,
    *,
    year: int | None = None,
    coords: str = "wgs84",
    keep_assignments: bool = False,
    progress: Progress | None = None,
) -> ParkShareResult:
    """Park share on one machine.

    Parameters
    ----------
    firms
        Firm table (see :func:`validate_firms`).
    ctx
        Parks and counties from :func:`build_context` (build once, reuse across calls).
    year, coords
        As in :func:`validate_firms`.
    keep_assignments
        Also return each valid firm's park id and county adcode (``result.assignments``).
    progress
        Optional :class:`gis.jobs.Progress`: stages from 0.1 to 1 (reading is the caller's first 0.1);
        cancelling raises :class:`gis.jobs.Cancelled` at the next step. Tables longer than :data:`CHUNK` rows
        are checked and placed in steps of that many rows (the year is settled for the whole table first), so
        memory stays bounded; the result is the same (sums to float addition order).
    """
    step(progress, STAGE_CHECK, 0.1)
    offset = int(firms.attrs.get("row_offset", 2))
    if len(firms) <= CHUNK:
        valid, bad, info = validate_firms(firms, year=year, coords=coords)
        step(progress, STAGE_PLACE, 0.25)
        parts = [partial(valid, bad, ctx, keep_assignments=keep_assignments)]
    else:  # in steps of CHUNK rows: bounded memory, a progress report and a cancel check each
        year = table_year(firms, year)
        parts = []
        for start in range(0, len(firms), CHUNK):
            step(progress, STAGE_PLACE, 0.1 + 0.8 * start / len(firms))
            rows = firms.iloc[start : start + CHUNK]
            valid, bad, info = validate_firms(rows, year=year, coords=coords, row_offset=offset + start)
            parts.append(partial(valid, bad, ctx, keep_assignments=keep_assignments))
        info["rows_read"] = len(firms)
    info["row_offset"] = offset
    step(progress, STAGE_TABLES, 0.9)
    part = parts[0] if len(parts) == 1 else combine(parts)
    result = finish(part, ctx, info)
    step(progress, STAGE_TABLES, 1.0)
    return result
