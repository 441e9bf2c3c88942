"""A figure edited on the map is the user's: it never keeps the shown document's source with a new value or
year, and a shown figure sent back unchanged is not relabelled "user input" (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gis import store
from gis.edit_form import park_form, typed_figure
from gis.errors import DataValidationError
from gis.parks import parks_in_force
from gis.store.edits import USER_INPUT, save_park_edit


def _form_figure(pid: str):
    form = park_form(parks_in_force(), pid)
    original = next(f for f in form.figures if f.get("year"))
    fid = f"{original['key']}|{original['year']}"
    return form, original, fid


def test_a_changed_year_cannot_keep_the_original_source(_isolated_user_store: Path) -> None:
    form, original, fid = _form_figure("quangang")
    typed = form.figure(fid) | {"year": str(int(original["year"]) + 5)}
    with pytest.raises(DataValidationError, match="value or year changed") as exc:
        save_park_edit("quangang", figures=typed_figure(typed, fid), originals=form.originals())
    assert "数值或年份已修改" in exc.value.text("zh")
    assert store.history().empty


def test_an_unchanged_figure_is_not_saved_as_user_input(_isolated_user_store: Path) -> None:
    form, original, fid = _form_figure("quangang")
    typed = form.figure(fid)
    with pytest.raises(DataValidationError, match="nothing to save"):
        save_park_edit("quangang", figures=typed_figure(typed, fid), originals=form.originals())
    shown = [f for f in parks_in_force().loc["quangang", "figures"] if f["key"] == original["key"]]
    assert all(f["confidence"] != USER_INPUT for f in shown)


def test_an_edited_figure_carries_the_users_source_and_user_input(_isolated_user_store: Path) -> None:
    form, original, fid = _form_figure("quangang")
    typed = form.figure(fid) | {"value": "31.5", "source": "泉港区2025年园区规划（用户提供）"}
    save_park_edit("quangang", figures=typed_figure(typed, fid), originals=form.originals())
    figs = [f for f in parks_in_force().loc["quangang", "figures"] if f["key"] == original["key"]]
    mine = [f for f in figs if f["value"] == 31.5]
    assert len(mine) == 1 and mine[0]["confidence"] == USER_INPUT
    assert mine[0]["source"] == "泉港区2025年园区规划（用户提供）" != original["source"]


def test_edited_attributes_are_sourced_to_the_map_editor_as_user_input(_isolated_user_store: Path) -> None:
    from gis.store.edits import EDIT_SOURCE, EDITED_WHAT
    from gis.vocab import source_text, source_what_label

    save_park_edit("gulei", attributes={"level": "national"})
    row = parks_in_force().loc["gulei"]
    assert row["level"] == "national"
    mine = [x for x in row["sources"] if x["ref"] == EDIT_SOURCE]
    assert mine == [{"ref": EDIT_SOURCE, "what": EDITED_WHAT, "confidence": USER_INPUT}]
    assert source_what_label(EDITED_WHAT, "zh") == "在地图上修改的属性（用户输入）"
    assert source_text(EDIT_SOURCE, "zh") == "地图编辑（用户）"
    assert all(x["ref"] != EDIT_SOURCE for x in parks_in_force().loc["quangang", "sources"])
