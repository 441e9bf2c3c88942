"""Print timings and sizes for the park-share calculator (not a test).

Times compute, sensitivity and the per-city map HTML.
"""

from __future__ import annotations

import time

import pandas as pd

from clusters import progress, share
from layers.share_map import map_html, share_map


def _time(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1000


def main() -> None:
    sc = share.Scenario(total_growth=0.08, park_growth=0.12)
    print(f"compute(): {_time(lambda: share.compute(sc), 200):.2f} ms")
    print(f"sensitivity() 51×6 grid: {_time(lambda: share.sensitivity(sc), 200):.2f} ms")
    rows = [(c, 100.0 + i, 200.0 + i) for i, c in enumerate(share.CITIES)]
    table, summary = share.city_shares(pd.DataFrame(rows, columns=["city", "park_output", "total_output"]))
    columns = ["city", "park_output", "total_output"]
    city_ms = _time(lambda: share.city_shares(pd.DataFrame(rows, columns=columns)), 100)
    print(f"city_shares() 9 cities: {city_ms:.2f} ms")
    html = map_html(share_map(table, provincial_share=summary["provincial_share"]))
    print(
        f"share_map build+render: {_time(lambda: map_html(share_map(table)), 5):.0f} ms; "
        f"HTML {len(html) / 1024:.0f} KB"
    )
    cat = progress.target_catalogue()
    df = pd.DataFrame(
        {
            "name": ["石油化工"] * 500,
            "year": list(range(2000, 2036)) * 13 + list(range(2000, 2032)),
            "value": [4000.0] * 500,
        }
    )
    print(f"validate_upload() 500 rows: {_time(lambda: progress.validate_upload(df, cat), 3):.0f} ms")


if __name__ == "__main__":
    main()
