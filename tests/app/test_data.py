"""AppTest drives the data page: upload a file, see the report, confirm a CRS, accept, undo, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis import store
from gis.settings import ROOT

PAGE = str(ROOT / "app_pages" / "data.py")
CORPUS = ROOT / "tests" / "data" / "import"


def _upload(at: AppTest, name: str) -> AppTest:
    at.file_uploader(key="data_upload").set_value(
        (name, (CORPUS / name).read_bytes(), "application/octet-stream")
    )
    return at.run()


def _page(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = lang
    return at.run()


def _report(at: AppTest, column: str):
    """The report table (the dataframe with the message column)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.success, *at.info, *at.caption, *at.markdown)]
    return "\n".join(str(p) for p in parts)


def test_empty_page_shows_store_and_history() -> None:
    at = _page()
    assert not at.exception
    assert "FPA_STORE" in _texts(at)
    assert "尚无修改" in _texts(at)


def test_upload_shows_report_and_matches() -> None:
    at = _upload(_page(), "bowtie.geojson")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["读取要素"] == "1" and metrics["可导入"] == "1" and metrics["已修复"] == "2"
    report = _report(at, "说明")
    assert "make_valid" in " ".join(report["说明"])
    assert set(report["类别"]) == {"已修复"}
    assert report["要素/行"].tolist() == ["1", "1"]


def test_crs_confirmation_then_accept_then_undo(_isolated_user_store: Path) -> None:
    at = _upload(_page("en"), "gk39_prefix_no_prj.zip")
    assert not at.exception
    assert "confirm the coordinate system" in _texts(at)
    radio = at.radio(key="data_crs_pick")
    assert radio.options[0].startswith("EPSG:4527")
    at.button(key="data_crs_confirm").click().run()
    assert not at.exception
    assert "Confirmed CRS: EPSG:4527" in _texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Usable"] == "3"
    at.text_input(key="data_note").input("county survey 2024").run()
    at.button(key="data_accept").click().run()
    assert not at.exception
    assert "Stored in the user store (change #1)" in _texts(at)
    current = store.load_user_boundaries(path=_isolated_user_store)
    assert len(current) >= 1 and set(current["source_file"]) == {"gk39_prefix_no_prj.zip"}
    assert (current["source_note"] == "county survey 2024").all()
    at.button(key="data_undo").click().run()
    assert not at.exception
    assert store.load_user_boundaries(path=_isolated_user_store).empty


def test_match_table_areas_and_approved_area() -> None:
    from gis.io import read_vector
    from gis.measure import area_ha
    from gis.parks import figure_value, load_parks

    at = _upload(_page("en"), "gbk_no_cpg.zip")
    assert not at.exception
    table = _report(at, "area_ha")
    expected = area_ha(read_vector(CORPUS / "gbk_no_cpg.zip").gdf).round(2).tolist()
    assert table["area_ha"].tolist() == expected
    parks = load_parks()
    assert table["park_id"].tolist()[:2] == ["G351024", "G351136"]
    for pid, got in zip(table["park_id"][:2], table["approved_ha"][:2], strict=True):
        fig = figure_value(parks.loc[pid], "approved_area_ha")
        assert got == (float(fig["value"]) if fig else None) or (fig is None and got != got)
    assert table["accept"].tolist() == [True, True, False]


def test_override_crs_of_file() -> None:
    at = _upload(_page("en"), "legacy_crs_4490.geojson")
    at.text_input(key="data_crs_override").input("EPSG:9999999").run()
    at.button(key="data_crs_override_go").click().run()
    assert not at.exception
    assert any("unknown CRS" in e.value for e in at.error)  # a bad code gives a message
    at.button(key="data_crs_reset").click().run()
    at.text_input(key="data_crs_override").input("EPSG:4326").run()
    at.button(key="data_crs_override_go").click().run()
    assert "Confirmed CRS: EPSG:4326" in _texts(at)
    assert "you chose EPSG:4326" in " ".join(_report(at, "message")["message"])


@pytest.mark.parametrize(
    "name,fragment",
    [("zip_slip.zip", "'..' path"), ("zero_bytes.geojson", "0 bytes"), ("beijing_points.csv", "Beijing")],
)
def test_bad_files_give_a_message_not_an_exception(name: str, fragment: str) -> None:
    at = _upload(_page("en"), name)
    assert not at.exception
    assert any(fragment in e.value for e in at.error)


def test_gcj02_choice_changes_positions() -> None:
    at = _upload(_page(), "gcj02_points.csv")
    at.radio(key="data_coords").set_value("gcj02").run()
    assert not at.exception
    assert "GCJ02" in " ".join(_report(at, "说明")["说明"])


def test_import_error_is_shown_in_the_ui_language() -> None:
    from gis.errors import AtlasError
    from gis.io import read_vector

    name = "zero_bytes.geojson"
    with pytest.raises(AtlasError) as caught:
        read_vector((CORPUS / name).read_bytes(), name=name)
    exc = caught.value
    at = _upload(_page("zh"), name)
    assert not at.exception
    assert at.error[0].value == "无法导入：" + exc.text("zh")
    assert at.error[0].value.startswith("无法导入：文件 zero_bytes.geojson")
    parts = at.table[0].value.set_index("项目")["内容"]
    assert parts["文件"] == name and parts["如何修正"] == exc.hint_in("zh")
    at = _upload(_page("en"), name)
    parts = at.table[0].value.set_index("item")["value"]
    assert parts["how to fix"] == exc.hint_in("en") and "0 bytes" in at.error[0].value
