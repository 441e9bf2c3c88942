"""How much weight a source and a position carry: the one rule, shown on cards and in the data-quality view.

:func:`source_strength` rates a cited source by what kind of document it is (official / government, news
outlet, a news report copied on another site, encyclopedia, commercial site or other, derived / estimate,
not recorded). :func:`position_rank` orders positions from the best (a surveyed boundary) to the weakest (an
estimate or a position known to be unknown), so an office knows which to replace first. Weak sources stay in
the data (they are what exists); these ratings say what they are worth.
"""

from __future__ import annotations

import re

from gis.research_texts import CONFIDENCE_TEXTS
from gis.text import label
from gis.vocab import CONFIDENCE, CONFIDENCE_QUALIFIERS, SOURCE_STRENGTH

#: Strongest first (the order of :data:`gis.vocab.SOURCE_STRENGTH`).
STRENGTH_ORDER: tuple[str, ...] = tuple(SOURCE_STRENGTH)

_NOT_RECORDED = re.compile(r"source not recorded|来源未记录", re.IGNORECASE)
_DERIVED = re.compile(
    r"analyst estimate|representative point|scripts/|derived|推算|user input|用户输入", re.IGNORECASE
)
_ENCYCLOPEDIA = re.compile(r"wikipedia|baike|百科|citiao", re.IGNORECASE)
#: Sites that are neither official nor news: real-estate pages, code repositories, forums, geocoders.
_COMMERCIAL = re.compile(r"house\.|github|java enum|forum|论坛|amap geocode|\.vip\b", re.IGNORECASE)
_OFFICIAL = re.compile(
    r"《中国开发区审核公告目录》|专项规划|规划\b|第[一二三四五六七八九十]+章|专栏\d|gov\.cn|miit",
    re.IGNORECASE,
)
_NEWS = re.compile(
    r"福建日报|海峡网|东南网|中新社|中国质量报|闽南网|第一财经|fjsen|fznews|mwnews|people\.com\.cn|"
    r"news\.sohu|cinic\.org\.cn|qzce\.com|福州新闻网|新华",
    re.IGNORECASE,
)


def source_strength(ref: object) -> str:
    """The strength of a cited source (a key of :data:`gis.vocab.SOURCE_STRENGTH`).

    The one rule: not recorded → derived / estimate → encyclopedia → a news report copied on
    another site → commercial (real-estate sites, code
    repositories, forums, geocoders) → official → news → other
    (commercial). A reference naming several sources (``a; b``) rates as the strongest of them.
    """
    text = str(ref or "").strip()
    parts = [p for p in re.split(r"\s*;\s*", text) if p.strip()]
    if len(parts) > 1:
        return min((source_strength(p) for p in parts), key=strength_rank)
    if not text or _NOT_RECORDED.search(text):
        return "not_recorded"
    if _DERIVED.search(text):
        return "derived"
    if _ENCYCLOPEDIA.search(text):
        return "encyclopedia"
    copied = re.search(r"cop(y|ied)|转载", text, re.IGNORECASE)
    if copied and _NEWS.search(text):
        return "news_copy"
    if _COMMERCIAL.search(text) and not _OFFICIAL.search(text):
        return "commercial"
    if _OFFICIAL.search(text):
        return "official"
    if _NEWS.search(text):
        return "news"
    return "commercial"


def strength_rank(strength: str) -> int:
    """0 for the strongest source kind, larger for weaker ones."""
    return STRENGTH_ORDER.index(strength) if strength in STRENGTH_ORDER else len(STRENGTH_ORDER)


#: Position confidence words, best first (the head word of ``position_confidence``).
_POSITION_ORDER = ("surveyed", "high", "medium", "low", "very low", "estimate", "unknown")


def position_rank(geometry_quality: object, confidence: object) -> int:
    """0 for a surveyed boundary, larger for weaker positions (replace the largest first).

    A user's boundary or exact point ranks first; shipped approximate points rank by their confidence label
    (``medium (town point)`` before ``low (geocoded)`` before ``very low …`` and ``ESTIMATE``); a position
    that is said to be unknown ranks last.
    """
    if geometry_quality == "boundary":
        return 0
    conf = str(confidence or "").strip().lower()
    if "unknown" in conf:
        return len(_POSITION_ORDER)
    if geometry_quality == "point" and not conf:
        return 1
    for i, word in enumerate(_POSITION_ORDER):
        if conf.startswith(word):
            return i + 1 if word != "high" else 1
    return len(_POSITION_ORDER)


def confidence_label(value: object, lang: str) -> str:
    """A confidence label of the data in ``lang``: the head word translated, known qualifiers too.

    ``low (geocoded)`` → ``低（地理编码）``;
    ``high (existence) / unknown (batch)`` → ``高（存在性）/未知（批次）``;
    free text after a head word (``ESTIMATE / placeholder: …``) stays as the source wrote it.
    """
    raw = str(value or "").strip()
    if raw in CONFIDENCE_TEXTS:  # a research note of its own, translated whole
        return CONFIDENCE_TEXTS[raw].get(lang)
    if lang == "en" or not raw:
        return raw
    parts = []
    for part in re.split(r"\s*/\s*(?=(?:high|medium|low|very low|unknown|derived)\b)", raw):
        head = next((k for k in sorted(CONFIDENCE, key=len, reverse=True) if part.startswith(k)), None)
        if head is None:
            parts.append(part)
            continue
        rest = part[len(head) :].strip()
        m = re.fullmatch(r"\((.*)\)", rest)
        if m:
            rest = "（" + label(CONFIDENCE_QUALIFIERS, m.group(1), lang) + "）"
        parts.append(label(CONFIDENCE, head, lang) + rest)
    return "/".join(parts)
