"""Every page of the app in both languages (issue 13): each title, header, markdown, caption, metric, option,
expander/tab/button label, help text, dataframe header and cell and message of every page (and of the
sign-in, history, basemap, print and report panels, and of errors raised by bad input) is collected from an
AppTest run and checked with :mod:`tests.language_rules`: English screens show Chinese only as names beside
their English or as original text; Chinese screens show no machine key and no English sentence."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import pytest
import streamlit as st
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from clusters import parkshare as ps
from clusters.share.cities import CITIES
from gis import auth
from gis.boundaries import load_boundaries
from gis.settings import ROOT
from layers.data import atlas_data
from tests.app.test_raster import _landuse_tif
from tests.language_rules import (
    atlas_originals,
    chinese_leak,
    english_leak,
    page_strings,
    proper_names,
    vocabulary_keys,
)

APP = str(ROOT / "app.py")
PAGES = [
    "home",
    "map",
    "targets",
    "calculator",
    "parkshare",
    "progress",
    "data",
    "raster",
    "quality",
    "present",
]
CORPUS = ROOT / "tests" / "data" / "import"


@pytest.fixture(scope="module")
def rules() -> tuple[list[str], set[str], list[tuple[str, str]]]:
    data = atlas_data("")
    ids = [(str(n), str(i)) for i, n in data["parks"]["name_zh"].items()]  # "名称 (park-id)" in choices
    return atlas_originals(data), vocabulary_keys(), proper_names(data) + ids


def _run(page: str, lang: str, then: Callable[[AppTest], None] | None = None) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    if then is not None:
        then(at)
    assert not at.exception, [e.value for e in at.exception]
    return at


def leaks(at: AppTest, lang: str, rules: tuple) -> list[tuple[str, str, str]]:
    """``(where, text, leak)`` for every string of the page that is not clean in ``lang``."""
    originals, keys, names = rules
    out = []
    for where, value in page_strings(at._tree):
        if lang == "en":
            leak = english_leak(value, originals, names)
        else:
            leak = chinese_leak(value, originals, keys, names)
        if leak:
            out.append((where, value[:160], leak))
    return sorted(set(out))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_clean_in_its_language(page: str, lang: str, rules) -> None:
    assert leaks(_run(page, lang), lang, rules) == []


def _bad_upload(at: AppTest) -> None:
    at.file_uploader(key="data_upload").set_value(("broken.geojson", b"{not json", "application/geo+json"))
    at.run()
    assert at.error, "a broken file must show an error"


def _accepted_upload(at: AppTest) -> None:
    """An upload without a .prj (its report, the CRS to confirm, the declaration), accepted: the history
    table and the undo control."""
    name = "gk39_prefix_no_prj.zip"
    at.file_uploader(key="data_upload").set_value((name, (CORPUS / name).read_bytes(), "application/zip"))
    at.run()
    at.button(key="data_crs_confirm").click().run()
    at.button(key="data_accept").click().run()
    assert at.success and len(at.dataframe) >= 3, "an accepted upload must show in the history"


def _firm_share(at: AppTest) -> None:
    """A computed firm-level share (metrics, tables, map, the "use as base share" control)."""
    parks = gpd.GeoDataFrame(
        {"id": ["p1", "p2"], "name_zh": ["P1", "P2"]},
        geometry=[box(119.28, 26.06, 119.32, 26.10), box(118.05, 24.45, 118.15, 24.52)],
        crs="EPSG:4326",
    )
    ctx = ps.build_context(parks, load_boundaries("county"))
    firms = pd.DataFrame(
        {"lon": [119.30, 118.10, 119.35], "lat": [26.08, 24.48, 26.08], "output": [100.0, 60.0, 40.0]}
    )
    at.session_state["ps_result"] = ps.compute_parkshare(firms.assign(year=2020), ctx)
    at.session_state["ps_parks"] = ctx.park_frame()
    at.run()
    at.button(key="ps_use").click().run()
    assert at.metric and at.info


def _progress_upload(at: AppTest) -> None:
    """Actual figures with one bad row (the problems table), then the valid rows: comparison, statuses."""
    rows = "行业,鞋业,2017,产值,2900,,\n行业,石油化工,2017,产值,4000,,\n集群,,2017,产值,abc,,\n"
    table = ("kind,name,year,measure,value,source,note\n" + rows).encode()
    at.file_uploader(key="pg_upload").set_value(("actual.csv", table, "text/csv")).run()
    at.button(key="pg_accept_valid").click().run()
    assert any(d.value.shape[0] >= 2 for d in at.dataframe)


def _zonal(at: AppTest) -> None:
    """A categorical land-use raster's zonal statistics (table, summary, card)."""
    at.tabs[1].radio(key="raster_kind").set_value("categorical")
    at.text_input(key="raster_labels").set_value("1=Built-up")
    at.file_uploader(key="raster_upload").set_value(("landuse.tif", _landuse_tif(), "image/tiff")).run()
    assert not at.error


def _bad_year(at: AppTest) -> None:
    at.number_input(key="calc_target_year").set_value(at.number_input(key="calc_base_year").value).run()
    assert at.error, "a target year not after the base year must be refused"


def _bad_growth(at: AppTest) -> None:
    at.number_input(key="calc_total_growth").set_value(2015.0).run()
    assert at.error, "a growth of 2015% a year must be refused"


def _city_mode(at: AppTest) -> None:
    """Per-city results from an upload that leaves one city out (a warning names it)."""
    at.radio(key="calc_city_source").set_value("upload").run()
    rows = "\n".join(f"{c},{100 + i},{400 + i}" for i, c in enumerate(list(CITIES)[:-1]))
    table = f"city,park_output,total_output\n{rows}\n".encode()
    at.file_uploader(key="calc_city_upload").set_value(("cities.csv", table, "text/csv")).run()
    assert at.warning, "a missing city must be named"


def _print_preview(at: AppTest) -> None:
    at.button(key="map_print_preview").click().run()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("page", "then"),
    [
        ("data", _bad_upload),
        ("data", _accepted_upload),
        ("calculator", _bad_year),
        ("calculator", _bad_growth),
        ("calculator", _city_mode),
        ("map", _print_preview),
        ("parkshare", _firm_share),
        ("progress", _progress_upload),
        ("raster", _zonal),
    ],
    ids=[
        "bad-upload",
        "history",
        "bad-year",
        "bad-growth",
        "city-mode",
        "print-preview",
        "firm-share",
        "progress",
        "zonal",
    ],
)
def test_messages_after_bad_input_are_clean(page: str, then, lang: str, rules) -> None:
    assert leaks(_run(page, lang, then), lang, rules) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sign_in_panel_is_clean(lang: str, rules, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_AUTH", "required")
    auth.add_user("ada", "admin", "admin-pass")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert [t.key for t in at.text_input] == ["auth_name", "auth_password"]
    assert leaks(at, lang, rules) == []
    at.text_input(key="auth_name").set_value("ada")
    at.text_input(key="auth_password").set_value("wrong")
    at.button[0].click().run()
    assert at.error and leaks(at, lang, rules) == []
