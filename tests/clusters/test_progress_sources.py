"""Uploaded actual figures keep their source and note through upload, store and comparison; a province-wide
target marks no city behind (issue 13)."""

from __future__ import annotations

import pandas as pd
import pytest

from clusters import progress
from clusters.progress_view import comparison_table
from gis import store
from gis.parks import load_parks


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    return progress.target_catalogue(load_parks())


def _upload() -> bytes:
    rows = [
        "类型,名称,年份,指标,产值,来源,备注,extra",
        "行业,石油化工,2017,产值,3000,福建统计年鉴2018 表13-5,初步数,x",
        "行业,鞋业,2017,产值,2900,,,y",
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_source_and_note_survive_upload_store_and_comparison(catalogue, tmp_path) -> None:
    check = progress.read_upload(_upload(), name="actuals.csv", catalogue=catalogue)
    assert check.clean, check.problems
    assert check.ignored == ["extra"]  # an unknown column is said, never dropped silently
    assert list(check.valid["source"]) == ["福建统计年鉴2018 表13-5", ""]
    assert list(check.valid["note"]) == ["初步数", ""]
    where = tmp_path / "user.gpkg"
    store.save_figures(progress.to_store_rows(check.valid, "actuals.csv"), "actuals.csv", path=where)
    back = progress.from_store_rows(store.load_figures(path=where)).sort_values("value", ascending=False)
    assert list(back["source"]) == ["福建统计年鉴2018 表13-5", ""]
    assert list(back["note"]) == ["初步数", ""]
    cmp = progress.compare(back, catalogue)
    assert "福建统计年鉴2018 表13-5" in set(cmp["actual_source"])
    table = comparison_table(cmp, "en")
    assert "Source of the actual figure" in table.columns and "Note" in table.columns
    assert "None" not in table.astype(str).to_csv()
    assert not table["Target source"].str.contains("章").any()


def test_province_wide_targets_mark_no_city_behind(catalogue) -> None:
    check = progress.read_upload(_upload(), name="actuals.csv", catalogue=catalogue)
    cmp = progress.compare(check.valid, catalogue)
    assert set(cmp["kind"]) == {"sector"} and (cmp["status"] == "behind").any()
    by_city = progress.status_by_city(cmp, load_parks())
    assert by_city.empty or int(by_city["behind"].sum()) == 0
    assert len(progress.province_wide_rows(cmp)) == len(cmp)
