"""Print sheets say what is the user's and draw a target only at the level its source states (issue 13)."""

from __future__ import annotations

from pathlib import Path

from clusters.clusters import load_clusters
from clusters.targets_city import not_drawn_lines, scope_text
from gis.parks import load_parks, parks_in_force
from gis.store.edits import USER_INPUT
from layers.print import SheetSpec, atlas_specs
from layers.print.atlas import cluster_key_figures
from layers.print.draw import Drawn
from layers.print.notes import footer_lines, sector_key_figures, user_input_line


def test_the_shipped_parks_alone_carry_no_user_input_line() -> None:
    assert user_input_line(load_parks(), "zh") == ""


def test_user_positions_and_figures_are_named_user_input_on_the_sheet() -> None:
    parks = load_parks().assign(provenance="shipped")
    parks.loc["gulei", "provenance"] = "user"
    figs = parks.loc["quangang", "figures"]
    parks.at["quangang", "figures"] = [
        *figs,
        {"key": "x", "value": 1.0, "source": "mine", "confidence": USER_INPUT},
    ]
    line = user_input_line(parks, "en")
    assert line.startswith("User input: the position or boundary of 1 parks and figures of 1 parks")
    left, _ = footer_lines(SheetSpec(lang="en", parks=parks), Drawn())
    assert left[1] == line and left[0].startswith("Sources:")
    assert user_input_line(parks, "zh").startswith("用户输入：1个园区的位置或边界、1个园区的数据")


def test_an_edited_park_in_the_store_reaches_the_sheet_as_user_input(_isolated_user_store: Path) -> None:
    from gis.edit_form import park_form, typed_figure
    from gis.store.edits import save_park_edit

    form = park_form(parks_in_force(), "quangang")
    fid = next(f"{f['key']}|{f['year']}" for f in form.figures if f.get("year"))
    typed = form.figure(fid) | {"value": "31.5", "source": "用户的测绘报告"}
    save_park_edit("quangang", figures=typed_figure(typed, fid), originals=form.originals())
    assert "figures of 1 parks" in user_input_line(parks_in_force(), "en")


def test_shared_and_province_wide_targets_are_listed_not_drawn_with_their_source() -> None:
    clusters = load_clusters()
    lines = not_drawn_lines(clusters, "en")
    assert lines[0].startswith("only targets stated for one city are drawn")
    shared = [x for x in lines if "2,640" in x]
    assert shared and "3 cities together" in shared[0] and "cinic.org.cn" in shared[0]
    assert all("counts in full" not in x for x in lines)
    row = clusters.loc["petrochem-integrated-2018"]
    assert scope_text(row, "en") == "3 cities together, not per city"
    target = next(
        k for k in cluster_key_figures("zhangzhou-gulei-petrochem", "en") if k.label == "2020 target"
    )
    assert "no target" in target.value  # the combined 2,640 is not this cluster's own target


def test_a_city_sheet_counts_only_targets_stated_for_it() -> None:
    for page in atlas_specs("city", SheetSpec(lang="en")):
        for k in page.key_figures:
            assert "count in full" not in k.source and "100 m yuan" not in k.value


def test_sector_sheet_places_are_in_english_and_units_consistent() -> None:
    figs = sector_key_figures(1, "en")
    assert all("100 m yuan" not in k.value for k in figs)
    named = [k for k in figs if k.label == "Named in the plan"]
    assert named and all(k.source == "ch. 4 §1 (1)" for k in named)


def test_a_cluster_markers_tooltip_says_the_level_of_its_target() -> None:
    from layers.clusters import cluster_group

    group = cluster_group(load_clusters(), load_parks(), plan=False, lang="en")
    payload = next(iter(group._children.values())).payload
    assert "2,640 × 100 million yuan (3 cities together, not per city)" in str(payload)
