"""``layers.data.row_at``: one row of a table indexed by unique keys, exactly ``.loc[key]``."""

from __future__ import annotations

import pandas as pd
import pytest

from clusters.targets import sector_targets
from layers.data import row_at


def test_row_at_is_loc_of_a_unique_key() -> None:
    targets = sector_targets()
    no = int(targets.index[0])
    pd.testing.assert_series_equal(row_at(targets, no), targets.loc[no])
    table = pd.DataFrame({"fill": ["#fff", "#000"]}, index=pd.Index(["350100", "350200"], name="adcode"))
    assert row_at(table, "350200")["fill"] == "#000"
    with pytest.raises(KeyError):
        row_at(table, "350300")
