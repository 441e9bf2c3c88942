"""Evaluation report speed: prints figures (not a test).

- build_report (content only), with and without 24 sectors of actual figures;
- render_report as DOCX (charts and maps drawn) and as PDF (the DOCX through LibreOffice headless).
"""

from __future__ import annotations

import time

import pandas as pd

from clusters import targets as T
from clusters.report import build_report
from layers.report import render_report, soffice


def _figures() -> pd.DataFrame:
    sectors = T.sector_targets()
    return pd.DataFrame(
        {
            "row": range(2, 2 + len(sectors)),
            "kind": "sector",
            "ref": [str(n) for n in sectors.index],
            "name": sectors["sector_zh"].to_list(),
            "measure": "output",
            "year": 2018,
            "value": (sectors["output_2020"] * 0.7).to_list(),
            "user_target": None,
            "source_file": "bench.csv",
        }
    )


def _time(label: str, fn) -> object:
    start = time.perf_counter()
    out = fn()
    size = f", {len(out):,} bytes" if isinstance(out, bytes) else ""
    print(f"{label:<44} {time.perf_counter() - start:6.2f} s{size}")
    return out


def main() -> None:
    figures = _figures()
    _time("build_report (no figures)", lambda: build_report("zh"))
    report = _time("build_report (24 sectors of figures)", lambda: build_report("zh", figures))
    _time("render_report docx", lambda: render_report(report, "docx"))  # type: ignore[arg-type]
    try:
        soffice()
    except OSError as exc:
        print(f"pdf: skipped ({exc})")
        return
    _time("render_report pdf (docx + LibreOffice)", lambda: render_report(report, "pdf"))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
