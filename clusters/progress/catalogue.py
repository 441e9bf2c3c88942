"""The target catalogue: every named thing a figure can be uploaded for (sectors, clusters, parks)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from clusters import targets as plan_targets
from clusters.clusters import load_clusters
from clusters.progress.columns import BASE_YEAR, TARGET_YEAR, _norm
from gis.parks import parks_in_force


def sector_catalogue() -> pd.DataFrame:
    """专栏10 targets as rows ``kind, key, name_zh, name_en, measure, base_year, base_value, ...``."""
    df = plan_targets.sector_targets()
    rows = []
    for no_label, rec in df.iterrows():
        no = int(str(no_label))
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
    """Parks (no plan targets): ``parks`` given, else the parks in force (shipped + the user's accepted)."""
    if parks is None:
        parks = parks_in_force()
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
