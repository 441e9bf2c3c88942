"""The rasters page runs headless (AppTest): density built with its sum check, petrochemical assumption shown,
English text, and the app's navigation lists the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis.settings import ROOT


@pytest.fixture(autouse=True)
def _own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_STORE", str(tmp_path / "store.gpkg"))  # never the user's real store


def _page(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / "raster.py"), default_timeout=120)
    at.session_state["lang"] = lang
    return at


def test_density_tab_builds_and_checks_the_sum() -> None:
    at = _page().run()
    assert not at.exception
    assert any("总量校核" in s.value and "仅舍入误差" in s.value for s in at.success)
    assert not at.error
    assert at.selectbox(key="raster_figure").value == "approved_area_ha"
    at.selectbox(key="raster_figure").set_value("plan_petrochem_output_2020_equal_split").run()
    assert not at.exception
    assert any("假设" in w.value and "6800" in w.value for w in at.warning)
    assert any("6,800" in s.value for s in at.success)


def test_cell_size_changes_the_grid_and_english_text() -> None:
    at = _page("en").run()
    assert not at.exception
    at.number_input(key="raster_cell").set_value(5000).run()
    assert not at.exception
    assert any("Sum check" in s.value and "rounding only" in s.value for s in at.success)
    assert any("25 km²" in c.value for c in at.caption)


def test_app_navigation_lists_the_raster_page() -> None:
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    assert '"raster.py"' in text and (ROOT / "app_pages" / "raster.py").is_file()


def _landuse_tif() -> bytes:
    import io

    import numpy as np
    import rasterio
    from rasterio.transform import from_bounds

    data = (np.indices((120, 120)).sum(0) % 3 + 1).astype("uint8")
    buf = io.BytesIO()
    with rasterio.MemoryFile() as mem:
        with mem.open(
            driver="GTiff",
            width=120,
            height=120,
            count=1,
            dtype="uint8",
            crs="EPSG:4326",
            transform=from_bounds(116, 23.5, 120.5, 28.3, 120, 120),
            nodata=0,
        ) as ds:
            ds.write(data, 1)
        buf.write(mem.read())
    return buf.getvalue()


@pytest.mark.parametrize(
    ("lang", "park", "share_heading", "covered"),
    [
        ("zh", "名称", "建设用地（1）占比", "栅格覆盖比例"),
        ("en", "Name", "Built-up (1): share of valid cells", "Share covered by the raster"),
    ],
)
def test_zonal_table_has_readable_headings(
    monkeypatch: pytest.MonkeyPatch, lang: str, park: str, share_heading: str, covered: str
) -> None:
    monkeypatch.setattr("app_pages.i18n.lang", lambda: lang)  # format_func runs outside the script in AppTest
    at = _page(lang).run()
    at.tabs[1].radio(key="raster_kind").set_value("categorical")
    at.text_input(key="raster_labels").set_value("1=" + ("建设用地" if lang == "zh" else "Built-up"))
    at.file_uploader(key="raster_upload").set_value(("landuse.tif", _landuse_tif(), "image/tiff")).run()
    assert not at.exception and not at.error
    table = next(df.value for df in at.dataframe if {park, covered} <= set(df.value.columns))
    assert share_heading in table.columns and covered in table.columns
    raw = {
        "name_zh",
        "name_en",
        "covered_fraction",
        "nodata_cells",
        "share_1",
        "status",
        "note_zh",
        "note_en",
    }
    assert not raw & set(table.columns)
    assert table[share_heading].dropna().str.endswith("%").all()


def _elevation_tif() -> bytes:
    import io

    import numpy as np
    import rasterio
    from rasterio.transform import from_bounds

    data = np.indices((120, 120)).sum(0).astype("float32")
    buf = io.BytesIO()
    with rasterio.MemoryFile() as mem:
        with mem.open(
            driver="GTiff",
            width=120,
            height=120,
            count=1,
            dtype="float32",
            crs="EPSG:4326",
            transform=from_bounds(116, 23.5, 120.5, 28.3, 120, 120),
            nodata=-1,
        ) as ds:
            ds.write(data, 1)
        buf.write(mem.read())
    return buf.getvalue()


def test_continuous_raster_summary_card_and_download() -> None:
    at = _page("en").run()
    at.file_uploader(key="raster_upload").set_value(("dem.tif", _elevation_tif(), "image/tiff")).run()
    assert not at.exception and not at.error
    assert any("120×120 pixels, 1 band(s), float32" in c.value for c in at.caption)
    summary = next(md.value for md in at.markdown if md.value.startswith("**Zonal statistics**"))
    assert "continuous: mean/min/max/sum" in summary and "inside" in summary
    table = next(
        df.value for df in at.dataframe if {"Name", "Share covered by the raster"} <= set(df.value.columns)
    )
    assert {"Mean (raster units)", "Sum (raster units)"} <= set(table.columns)  # the download's headings
    card = at.selectbox(key="raster_card_park")
    assert card.options and all(o.endswith(")") for o in card.options)
    labels = [b.label for b in at.get("download_button")]
    assert "Download CSV" in labels


def test_uploaded_raster_can_be_printed_with_a_preview(tmp_path: Path) -> None:
    at = _page("en").run()
    at.file_uploader(key="raster_upload").set_value(("dem.tif", _elevation_tif(), "image/tiff")).run()
    assert not at.exception and not at.error
    panel = next(e for e in at.expander if "Print / export picture" in e.label)
    at.button(key="raster_print_preview").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    panel = next(e for e in at.expander if "Print / export picture" in e.label)
    assert len(panel.get("image")) == 1  # the sheet with the raster under the layers
