"""How firm a "can it pass 1000 亿 by 2020?" verdict may be, given how old and how local its figure is.

:func:`clusters.progress.cluster_thousand` projects each cluster's latest reported output to the target
year. A projection from a figure older than the plan's base year (2015), for part of a cluster only (one
county: "… only"), or of low confidence is no ground for a firm ✓/✗: such a verdict is "might pass / might
fall short (indicative only)" and says why. Labels in :data:`clusters.vocab.THOUSAND_VERDICTS`.
"""

from __future__ import annotations

import pandas as pd

from clusters.targets import BASE_YEAR, TARGET_YEAR
from clusters.vocab import SCOPE_NOTES, THOUSAND_VERDICTS, note_label
from gis.quality import confidence_label
from gis.text import Pair

#: Words of a scope note saying the figure covers only part of the cluster.
PARTIAL_SCOPE = ("only", "仅", "part", "部分")


def _scope(scope: str) -> tuple[str, str]:
    """A scope note in Chinese and English (:data:`clusters.vocab.SCOPE_NOTES`)."""
    return note_label(SCOPE_NOTES, scope, "zh"), note_label(SCOPE_NOTES, scope, "en")


def _weak_reasons(year: int, scope: str, confidence: str) -> list[Pair]:
    reasons = []
    if year < BASE_YEAR:
        reasons.append(
            Pair(
                f"{year}年的数字，早于规划基期{BASE_YEAR}年", f"a {year} figure, before the {BASE_YEAR} base"
            )
        )
    if any(word in scope.lower() for word in PARTIAL_SCOPE):
        zh, en = _scope(scope)
        reasons.append(Pair(f"只覆盖集群的一部分（{zh}）", f"covers part of the cluster only ({en})"))
    if confidence.lower().startswith("low"):
        reasons.append(
            Pair(f"可信度低（{confidence_label(confidence, 'zh')}）", f"low confidence ({confidence})")
        )
    return reasons


def thousand_verdict(year: int, scope: str, confidence: str, passes: bool) -> tuple[str, Pair]:
    """The verdict key (``passes``, ``short``, ``leans_pass``, ``leans_short``) and its basis.

    The basis always says the figure's year, its distance to the target year and its scope.
    """
    scope, confidence = str(scope or ""), str(confidence or "")
    weak = _weak_reasons(int(year), scope, confidence)
    key = ("leans_pass" if passes else "leans_short") if weak else ("passes" if passes else "short")
    age = TARGET_YEAR - int(year)
    scope_zh, scope_en = _scope(scope)
    zh = f"依据：{year}年数字（推算{age}年至{TARGET_YEAR}年）；范围：{scope_zh or '未说明'}"
    en = f"basis: a {year} figure (projected {age} years to {TARGET_YEAR}); scope: {scope_en or 'not stated'}"
    if weak:
        zh += "；不足以下定论：" + "；".join(r.zh for r in weak)
        en += "; not enough for a firm verdict: " + "; ".join(r.en for r in weak)
    return key, Pair(zh, en)


def thousand_verdicts(thousand: pd.DataFrame) -> pd.DataFrame:
    """:func:`clusters.progress.cluster_thousand` plus ``verdict, verdict_zh/_en, basis_zh/_en``."""
    out = thousand.copy()
    found = [
        thousand_verdict(r["year"], r.get("scope_note", ""), r.get("confidence", ""), bool(r["passes"]))
        for r in thousand.to_dict("records")
    ]
    out["verdict"] = [k for k, _ in found]
    out["verdict_zh"] = [THOUSAND_VERDICTS[k].zh for k, _ in found]
    out["verdict_en"] = [THOUSAND_VERDICTS[k].en for k, _ in found]
    out["basis_zh"] = [b.zh for _, b in found]
    out["basis_en"] = [b.en for _, b in found]
    return out


def verdict_counts(thousand: pd.DataFrame) -> dict[str, int]:
    """How many clusters get each verdict (keys of :data:`~clusters.vocab.THOUSAND_VERDICTS`)."""
    found = thousand_verdicts(thousand)["verdict"] if len(thousand) else pd.Series(dtype=str)
    return {key: int((found == key).sum()) for key in THOUSAND_VERDICTS}
