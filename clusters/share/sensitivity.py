"""Sensitivity of the target-year share to park and total growth (the calculator's chart and table)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from clusters.share.calculator import Scenario, resolve_base_share
from clusters.share.checks import check_growth, check_years
from clusters.share.defaults import SENSITIVITY_PARK_GROWTHS, SENSITIVITY_TOTAL_GROWTHS


def sensitivity(
    sc: Scenario, park_growths: Sequence[float] | None = None, total_growths: Sequence[float] | None = None
) -> pd.DataFrame:
    """Target-year share for a grid of park growth (index) × total growth (columns).

    The scenario's own total growth is always included as a column.
    """
    base, _ = resolve_base_share(sc)
    b, t = check_years(sc.base_year, sc.target_year)
    years = t - b
    pg = [check_growth(g, "park_growth") for g in (park_growths or SENSITIVITY_PARK_GROWTHS)]
    tg = [check_growth(g, "total_growth") for g in (total_growths or SENSITIVITY_TOTAL_GROWTHS)]
    own = check_growth(sc.total_growth, "total_growth")
    if not any(abs(own - g) < 1e-12 for g in tg):
        tg = sorted([*tg, own])
    pgv = np.asarray(pg, dtype=float)[:, None]
    tgv = np.asarray(tg, dtype=float)[None, :]
    grid = base * ((1.0 + pgv) / (1.0 + tgv)) ** years
    out = pd.DataFrame(
        grid, index=pd.Index(pg, name="park_growth"), columns=pd.Index(tg, name="total_growth")
    )
    return out


def sensitivity_long(table: pd.DataFrame) -> pd.DataFrame:
    """Long form ``park_growth, total_growth, share`` of :func:`sensitivity` (for charts)."""
    long: pd.Series = table.stack()  # type: ignore[assignment]
    return long.rename("share").reset_index()
