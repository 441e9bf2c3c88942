"""How firm a "can it pass 1000 亿 by 2020?" verdict may be, given how old and how local its figure is.

:func:`clusters.progress.cluster_thousand` projects each cluster's latest reported output to the target
year. A projection from a figure older than the plan's base year (2015), for part of a cluster only (one
county: "… only"), or of low confidence is no ground for a firm ✓/✗: such a verdict is "might pass / might
fall short (indicative only)" and says why. Nor is a projection that a figure reported for the target year
or later contradicts (宁德 lithium: short from 2017 at 8.5 %, yet ≈1100 reported for 2020): the verdict then
leans the way the report does and names it. Labels in :data:`clusters.vocab.THOUSAND_VERDICTS`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from clusters.clusters import cluster_figures
from clusters.progress.columns import THOUSAND
from clusters.targets import BASE_YEAR, TARGET_YEAR
from clusters.vocab import SCOPE_NOTES, THOUSAND_VERDICTS, cluster_measure_label, note_label
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


def contradicting_reports(cluster_id: str, passes: bool) -> tuple[list[Pair], bool | None]:
    """Figures reported for the target year or later that say the opposite of the projection, as reasons,
    and which way they point (``None`` when none contradicts)."""
    figs = cluster_figures()
    figs = figs[(figs["cluster_id"] == cluster_id) & (figs["year"] >= TARGET_YEAR) & (figs["unit"] == "亿元")]
    out = []
    for f in figs.sort_values("year").to_dict("records"):
        if (float(f["value"]) >= THOUSAND) == passes:
            continue
        comp = "" if str(f.get("comparator") or "=") == "=" else str(f["comparator"])
        value = f"{comp}{float(f['value']):g}"
        zh, en = (cluster_measure_label(f.get("measure"), lang) for lang in ("zh", "en"))
        out.append(
            Pair(
                f"{f['year']}年报道的数字为{value}亿元（{zh}），与推算相反",
                f"a {f['year']} report gives {value} × 100 million yuan ({en}), against the projection",
            )
        )
    return out, (None if not out else not passes)


def thousand_verdict(
    year: int, scope: str, confidence: str, passes: bool, contradicted: Sequence[Pair] = ()
) -> tuple[str, Pair]:
    """The verdict key (``passes``, ``short``, ``leans_pass``, ``leans_short``) and its basis.

    The basis always says the figure's year, its distance to the target year and its scope.
    ``contradicted``: later reports against the projection (:func:`contradicting_reports`); the verdict then
    leans their way.
    """
    scope, confidence = str(scope or ""), str(confidence or "")
    weak = _weak_reasons(int(year), scope, confidence) + list(contradicted)
    if contradicted:
        passes = not passes
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
    found = []
    for r in thousand.to_dict("records"):
        later, _ = contradicting_reports(str(r["cluster_id"]), bool(r["passes"]))
        found.append(
            thousand_verdict(
                r["year"], r.get("scope_note", ""), r.get("confidence", ""), bool(r["passes"]), later
            )
        )
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
