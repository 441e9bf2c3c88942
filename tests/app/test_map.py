"""Map and presentation pages: card / search / click / GeoPackage helpers on synthetic data, and AppTest runs
of both pages in Chinese and English driving their widgets (the map's iframe itself is checked through the
HTML ``build_map`` produces and, in a real browser, by tests/test_browser.py)."""

from __future__ import annotations

import sqlite3

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from layers import search as md
from layers.card_context import card_context
from layers.card_html import panel_html, popup_html
from layers.cards import cluster_card, park_card
from layers.gpkg import geopackage_bytes
from tests.conftest import ROOT

PAYLOADS = ["<img src=x onerror=alert(1)>", "</script>", "a`b", "{{7*7}}", "${alert(1)}"]


# ------------------------------------------------------------------------------------------ synthetic data
def _parks() -> gpd.GeoDataFrame:
    rows = [
        {
            "id": "p_gulei",
            "name_zh": "古雷石化基地",
            "name_en": "Gulei petrochemical base",
            "kind": "petrochemical_base",
            "roles": ["petrochemical", "plan_named"],
            "base": "古雷",
            "level": "provincial",
            "zone_type": "经济开发区",
            "city": "漳州市",
            "county": "漳浦县",
            "industries": ["石化"],
            "sectors": [1],
            "clusters": [],
            "plan_refs": ["第四章一（一）"],
            "figures": [
                {
                    "key": "approved_area_ha",
                    "label_zh": "核准面积",
                    "label_en": "Approved area",
                    "value": 865.86,
                    "unit": "ha",
                    "year": 2018,
                    "source": "catalogue 2018",
                    "confidence": "high",
                    "note": "",
                }
            ],
            "geometry_quality": "approximate",
            "position_note_zh": "镇中心点",
            "position_note_en": "town centre",
            "position_source": "wiki",
            "position_confidence": "medium",
            "sources": [{"ref": "plan", "what": "named", "confidence": "high"}],
            "geometry": Point(117.62, 23.83),
        },
        {
            "id": "p_gu",
            "name_zh": "古雷",
            "name_en": "Gu",
            "kind": "development_zone",
            "roles": [],
            "base": None,
            "level": None,
            "zone_type": None,
            "city": None,
            "county": None,
            "industries": [],
            "sectors": [],
            "clusters": [],
            "plan_refs": [],
            "figures": [],
            "geometry_quality": "point",
            "position_note_zh": "",
            "position_note_en": "",
            "position_source": "",
            "position_confidence": "",
            "sources": [],
            "geometry": Point(118.0, 24.5),
        },
        {
            "id": "p_evil",
            "name_zh": "园区" + PAYLOADS[0] + "🏭",
            "name_en": "Evil " + " ".join(PAYLOADS[1:]),
            "kind": "sector_base",
            "roles": [],
            "base": None,
            "level": "other",
            "zone_type": PAYLOADS[1],
            "city": "福州市",
            "county": PAYLOADS[3],
            "industries": [PAYLOADS[4]],
            "sectors": [],
            "clusters": ["c_plan"],
            "plan_refs": [],
            "figures": [
                {
                    "key": "output",
                    "label_zh": PAYLOADS[2],
                    "label_en": PAYLOADS[2],
                    "value": 1,
                    "unit": "亿元",
                    "year": 2020,
                    "source": PAYLOADS[0],
                    "confidence": "low",
                    "note": PAYLOADS[4],
                }
            ],
            "geometry_quality": "boundary",
            "position_note_zh": "",
            "position_note_en": "",
            "position_source": "",
            "position_confidence": "",
            "sources": [],
            "geometry": Polygon([(119.0, 26.0), (119.1, 26.0), (119.1, 26.1), (119.0, 26.0)]),
        },
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").set_index("id")


def _clusters() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": "c_plan",
                "name_zh": "漳州古雷石化",
                "name_en": "Zhangzhou Gulei petrochemicals",
                "host_city_text": "漳州",
                "host_cities": ["漳州市"],
                "host_parks": ["p_gulei"],
                "industry_zh": "石化",
                "industry_en": "Petrochemicals",
                "provenance": "plan_cultivate",
                "in_plan": True,
                "target_2020": float("nan"),
                "target_note": "",
                "target_source": "",
                "sectors": [1],
                "source": "第三章七",
                "confidence_note": "",
            },
            {
                "id": "c_rel",
                "name_zh": "福州轻工食品",
                "name_en": "Fuzhou food",
                "host_city_text": "福州",
                "host_cities": ["福州市"],
                "host_parks": [],
                "industry_zh": "食品",
                "industry_en": "Food",
                "provenance": "related",
                "in_plan": False,
                "target_2020": 1000.0,
                "target_note": "",
                "target_source": "news",
                "sectors": [3],
                "source": "2018 plan",
                "confidence_note": "medium",
            },
        ]
    ).set_index("id")


def _cities() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name_zh": ["福州市", "漳州市"], "label_lon": [119.3, 117.6], "label_lat": [26.1, 24.5]},
        geometry=[Point(119.3, 26.1), Point(117.6, 24.5)],
        crs="EPSG:4326",
    )


def _sectors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "no": [1, 3],
            "sector_zh": ["石油化工", "食品加工"],
            "sector_en": ["Petrochemicals", "Food processing"],
            "output_2020": [6800.0, 8000.0],
            "output_cagr_pct": [19.0, 11.0],
            "va_2020": [1700.0, float("nan")],
            "unit": ["亿元", "亿元"],
            "source": ["专栏10 #1", "专栏10 #3"],
        }
    ).set_index("no")


def _park_card(pid: str, parks: gpd.GeoDataFrame, *, lang: str, **tables):
    """The card of one park, its context gathered from ``tables`` as the map and the page do."""
    return park_card(parks.loc[pid], lang=lang, ctx=card_context(parks, **tables), park_id=pid)


def _cluster_card(cid: str, clusters: pd.DataFrame, *, lang: str, parks=None, figures=None, sectors=None):
    ctx = card_context(parks, clusters=clusters, sectors=sectors, cluster_figures=figures)
    return cluster_card(clusters.loc[cid], lang=lang, ctx=ctx, cluster_id=cid)


# -------------------------------------------------------------------------------------- search and click
def test_places_index_parks_and_clusters_with_derived_positions() -> None:
    places = md.build_places(_parks(), _clusters(), _cities())
    assert set(places) == {"p_gulei", "p_gu", "p_evil", "cluster:c_plan", "cluster:c_rel"}
    # A cluster with host parks sits on them; one without sits on its host city's label point.
    assert (places["cluster:c_plan"].lat, places["cluster:c_plan"].lon) == pytest.approx((23.83, 117.62))
    assert (places["cluster:c_rel"].lat, places["cluster:c_rel"].lon) == pytest.approx((26.1, 119.3))
    assert "Gulei petrochemical base" in places["p_gulei"].label("en")
    assert places["p_gulei"].label("zh").startswith("古雷石化基地")
    assert md.split_key("cluster:c_rel") == ("cluster", "c_rel")
    assert md.split_key("p_gu") == ("park", "p_gu")


def test_click_matches_longest_name_then_nearest_park() -> None:
    places = md.build_places(_parks(), _clusters(), _cities())
    # 古雷石化基地 contains 古雷: the longer (more specific) name wins.
    assert md.match_click(places, "古雷石化基地\n省级", None) == "p_gulei"
    assert md.match_click(places, "古雷 · 开发区", None) == "p_gu"
    assert md.match_click(places, "Zhangzhou Gulei petrochemicals (cluster)", None) == "cluster:c_plan"
    # The name the tooltip starts with wins over a longer name further in (a cluster tooltip naming its host).
    assert md.match_click(places, "漳州古雷石化规划点名承载园区：古雷石化基地", None) == "cluster:c_plan"
    # A tooltip naming no park (a county polygon) selects nothing, even next to a park.
    assert md.match_click(places, "漳浦县", {"lat": 23.83, "lng": 117.62}) is None
    # No name in the tooltip: nearest park within tolerance, else nothing.
    assert md.match_click(places, None, {"lat": 24.501, "lng": 118.001}) == "p_gu"
    assert md.match_click(places, "", {"lat": 25.0, "lng": 118.5}) is None
    assert md.match_click(places, None, None) is None


# --------------------------------------------------------------------------------------------------- cards
def test_park_card_has_sources_and_says_unknown() -> None:
    parks, clusters, sectors = _parks(), _clusters(), _sectors()
    sp = pd.DataFrame({"sector_no": [3], "park_ids": [["p_gulei"]]})
    card = _park_card(
        "p_gulei",
        parks,
        lang="en",
        clusters=clusters,
        sectors=sectors,
        sector_places=sp,
        petrochem_goals=pd.DataFrame(
            {
                "name_zh": ["炼油"],
                "name_en": ["Refining"],
                "value": [5000],
                "unit": ["万吨/年"],
                "year": [2020],
                "kind": ["goal"],
                "source": ["第四章一（一）"],
            }
        ),
    )
    facts = dict(card.facts)
    assert "865.86 ha" in facts["Area"] and "catalogue 2018" in facts["Area"]
    assert facts["Level"] == "Provincial"
    assert "town centre" in facts["Geometry quality"] and "medium" in facts["Geometry quality"]
    headings = [t[0] for t in card.tables]
    sector_rows = next(t[2] for t in card.tables if "sectors" in t[0])
    # Sector 1 from the park record, sector 3 from the plan's place list; both with their 专栏10 source.
    assert [r[0] for r in sector_rows] == ["1 Petrochemicals", "3 Food processing"]
    assert sector_rows[1][2] == "unknown" and sector_rows[0][3] == "Box 10 item 1"
    assert any("petrochemical" in h.lower() for h in headings)
    cluster_rows = next(t[2] for t in card.tables if "clusters" in t[0])
    assert cluster_rows[0][0] == "Zhangzhou Gulei petrochemicals" and cluster_rows[0][2].startswith("unknown")

    bare = _park_card("p_gu", parks, lang="zh", clusters=clusters, sectors=sectors)
    bare_facts = dict(bare.facts)
    # The unknown level reads as gis.vocab says (the side panel used to say "未知", the popup "级别不详").
    assert (
        bare_facts["级别"] == "级别未知"
        and bare_facts["所在地"] == "未知"
        and bare_facts["面积"].startswith("未知")
    )
    assert any("千亿集群" in n for n in bare.notes) and any("数据" in n for n in bare.notes)


def test_cluster_card_flags_related_documents() -> None:
    card = _cluster_card(
        "c_rel",
        _clusters(),
        lang="en",
        parks=_parks(),
        sectors=_sectors(),
        figures=pd.DataFrame(
            {
                "cluster_id": ["c_rel"],
                "year": [2019],
                "value": [900.0],
                "comparator": ["≈"],
                "unit": ["亿元"],
                "measure": ["output"],
                "scope_note": [""],
                "source": ["news"],
                "confidence": ["low"],
            }
        ),
    )
    facts = dict(card.facts)
    assert "related documents" in facts["Provenance"]
    assert facts["2020 target"].startswith("1,000") and "news" in facts["2020 target"]
    assert any("not one of the plan's 20" in n for n in card.notes)
    assert card.tables[0][2][0][1] == "≈900 × 100 million yuan"
    plan = _cluster_card("c_plan", _clusters(), lang="zh", parks=_parks())
    assert dict(plan.facts)["承载园区"] == "古雷石化基地"
    assert not any("不是规划所列" in n for n in plan.notes)


def test_card_html_escapes_every_payload_and_keeps_chinese_and_emoji() -> None:
    for lang in ("zh", "en"):
        card = _park_card("p_evil", _parks(), lang=lang, clusters=_clusters(), sectors=_sectors())
        for html in (panel_html(card), popup_html(card)):  # the side panel and the map popup
            for payload in PAYLOADS:
                assert payload not in html
            assert "<img" not in html and "</script>" not in html and "{{" not in html and "${" not in html
            assert "`" not in html
            assert "&lt;img src=x onerror=alert(1)&gt;" in html or lang == "en"
    zh_html = panel_html(_park_card("p_evil", _parks(), lang="zh"))
    assert "园区" in zh_html and "🏭" in zh_html


# ----------------------------------------------------------------------------------------------- GeoPackage
def test_geopackage_bytes_has_one_table_per_layer_and_typed_lists(tmp_path) -> None:
    data = geopackage_bytes({"parks": _parks(), "cities": _cities()})
    path = tmp_path / "out.gpkg"
    path.write_bytes(data)
    assert data[:16] == b"SQLite format 3\x00"
    import pyogrio

    names = {row[0] for row in pyogrio.list_layers(path)}
    spatial = {row[0] for row in pyogrio.list_layers(path) if row[1] is not None}
    assert "cities" in spatial and all(n == "cities" or n.startswith("parks") for n in names)
    park_layers = sorted(n for n in spatial if n.startswith("parks"))  # one geometry type per layer
    back = pd.concat([gpd.read_file(path, layer=n) for n in park_layers])
    assert len(back) == 3 and back.crs.to_epsg() == 4326
    assert back.set_index("id").loc["p_gulei", "industries"] == "石化"  # a list of words: joined text
    children = sorted(n for n in names if n.endswith("__figures"))  # one child table per park layer
    figures = pd.concat([pyogrio.read_dataframe(path, layer=n) for n in children])  # list of records
    assert figures.set_index("id").loc["p_gulei", "value"] == 865.86
    with sqlite3.connect(path) as con:  # a real GeoPackage, as QGIS expects
        assert con.execute("select count(*) from gpkg_contents").fetchone()[0] == len(names)
    with pytest.raises(ValueError, match="no layers"):
        geopackage_bytes({})


# ------------------------------------------------------------------------------------------------- AppTest
MAP_PAGE = "app_pages/map.py"
PRESENT_PAGE = "app_pages/present.py"


@pytest.fixture
def ms():
    """The map state module with empty caches and zeroed build counters (caches are process-wide)."""
    import streamlit as st

    from app_pages import map_session

    st.cache_data.clear()
    st.cache_resource.clear()
    for k in map_session.BUILD_CALLS:
        map_session.BUILD_CALLS[k] = 0
    return map_session


def _app(page: str, query: dict[str, str] | None = None, lang: str = "zh"):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _cards(at) -> list[str]:
    return [h.value for h in at.get("html") if "fpa-card" in h.value]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_page_runs_and_labels_follow_the_language(ms, lang: str) -> None:
    from layers.mapbuild import DEFAULT_LAYERS, LAYER_IDS

    at = _app(MAP_PAGE, lang=lang)
    layers = at.multiselect(key=ms.K_LAYERS)
    assert layers.value == list(DEFAULT_LAYERS)
    assert layers.label == ("Layers" if lang == "en" else "图层")
    zh, en, _ = LAYER_IDS["petrochem"]
    assert (en if lang == "en" else zh) in layers.options
    assert "user_parks" not in layers.value
    sector = at.selectbox(key=ms.K_SECTOR)
    assert len(sector.options) == 24
    assert sector.options[0] == ("1 Petrochemicals" if lang == "en" else "1 石油化工")
    # Offline by default: only basemaps the app draws itself are offered (no web basemap).
    offered = at.selectbox(key=ms.K_BASEMAP).options
    assert len(offered) == 2 and not any(
        "OpenStreetMap" in o or "Tianditu" in o or "天地图" in o for o in offered
    )
    assert ms.BUILD_CALLS["display"] == 1
    assert _cards(at) == []  # nothing selected yet
    captions = " ".join(c.value for c in at.caption)
    assert ("approximate" in captions) if lang == "en" else ("近似" in captions)


def test_widgets_that_do_not_change_the_map_do_not_rebuild_it(ms) -> None:
    at = _app(MAP_PAGE)
    assert ms.BUILD_CALLS["display"] == 1 and ms.BUILD_CALLS["render"] == 1
    # Search selects 古雷: the card appears, the map is neither rebuilt nor re-rendered.
    at.selectbox(key=ms.K_SEARCH).set_value("gulei").run()
    cards = _cards(at)
    assert len(cards) == 1 and "古雷" in cards[0] and 'data-card="park:gulei"' in cards[0]
    assert at.session_state[ms.K_CENTER] == pytest.approx(
        (ms.places()["gulei"].lat, ms.places()["gulei"].lon)
    )
    # Neither does the close button, nor online mode while no web basemap is chosen.
    at.button(key="map_close_card").click().run()
    assert _cards(at) == []
    at.toggle(key=ms.K_ONLINE).set_value(True).run()
    assert ms.BUILD_CALLS["display"] == 1 and ms.BUILD_CALLS["render"] == 1
    # The URL follows the choices (bookmarkable, no key in it).
    assert at.query_params["layer"] == ",".join(ms.default_layers())
    # Changing the layers builds a new map; going back to them reuses the cached one.
    at.multiselect(key=ms.K_LAYERS).set_value(["province"]).run()
    assert ms.BUILD_CALLS["display"] == 2
    # Picking a sector turns the sector layer on (a new map), and the URL carries it.
    at.selectbox(key=ms.K_SECTOR).set_value(14).run()
    assert at.multiselect(key=ms.K_LAYERS).value == ["province", "sector"]
    assert ms.BUILD_CALLS["display"] == 3
    assert at.query_params["sector"] == "14" and at.query_params["layer"] == "province,sector"
    at.multiselect(key=ms.K_LAYERS).set_value(ms.default_layers()).run()
    assert ms.BUILD_CALLS["display"] == 3
    # With the sector layer off, the sector no longer matters: the same cached map for any sector.
    at.selectbox(key=ms.K_SECTOR).set_value(14).run()
    assert not at.exception


def test_language_switch_keeps_choices_and_translates_the_card(ms) -> None:
    at = _app(MAP_PAGE)
    at.multiselect(key=ms.K_LAYERS).set_value(["province", "petrochem"]).run()
    at.selectbox(key=ms.K_SEARCH).set_value("gulei").run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.multiselect(key=ms.K_LAYERS).value == ["province", "petrochem"]
    assert at.selectbox(key=ms.K_SEARCH).value == "gulei"
    card = _cards(at)[0]
    assert "Gulei" in card and "Geometry quality" in card and "Approved area" in card
    assert at.selectbox(key=ms.K_SEARCH).label == "Find a park or cluster"


def test_deep_link_sets_layers_sector_and_park(ms) -> None:
    at = _app(
        MAP_PAGE,
        {"layer": "province,sector,nonsense", "sector": "5", "park": "cluster:meizhou-bay-petrochem"},
    )
    assert at.multiselect(key=ms.K_LAYERS).value == ["province", "sector"]
    assert at.selectbox(key=ms.K_SECTOR).value == 5
    card = _cards(at)[0]
    assert "湄洲湾石化" in card and "规划点名" in card
    # A link from another page: map_query / map_link build the same parameters.
    assert ms.map_link(["sector"], sector=5, park="gulei") == "map?layer=sector&sector=5&park=gulei"


def test_online_basemap_needs_a_tianditu_key_which_never_reaches_the_url(ms, monkeypatch) -> None:
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    at = _app(MAP_PAGE, lang="en")
    at.toggle(key=ms.K_ONLINE).set_value(True).run()
    at.selectbox(key=ms.K_BASEMAP).set_value("tianditu_vec").run()
    assert any("Tianditu basemap is not shown: no key given" in w.value for w in at.sidebar.warning)
    assert "basemap" not in at.query_params  # drawn without it
    at.text_input(key=ms.K_TDT_KEY).set_value("not a key!").run()
    assert any("16–64 letters" in w.value for w in at.sidebar.warning) and not at.exception
    assert not at.exception
    key = "0123456789abcdef0123456789abcdef"
    at.text_input(key=ms.K_TDT_KEY).set_value(key).run()
    assert not at.sidebar.warning and not at.exception
    assert at.query_params["basemap"] == "tianditu_vec"
    assert all(key not in str(v) for v in at.query_params.values())
    assert "Tianditu" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_page_shows_title_sources_and_chosen_layers(ms, lang: str) -> None:
    at = _app(PRESENT_PAGE, {"layer": "province,petrochem"}, lang=lang)
    text = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    if lang == "en":
        assert "Layers: Province, Petrochemical bases" in text and "Sources:" in text and "2016" in text
    else:
        assert "图层：省界、石化基地" in text and "来源" in text and "2016" in text
    assert any("stSidebar" in h.value and "display: none" in h.value for h in at.get("html"))
    assert ms.BUILD_CALLS["display"] == 1
    at.button(key="present_lang").click().run()
    assert at.session_state["lang"] == ("zh" if lang == "en" else "en")
    assert not at.exception


# -------------------------------------------------------------------------------------------- downloads
def test_standalone_html_is_offline_and_escaped(ms) -> None:
    from layers.mapbuild import map_html

    spec = ms.MapSpec(layers=("province", "petrochem"), lang="zh").normalized()
    html = ms.standalone_html(spec)
    assert ms.BUILD_CALLS["html"] == 1
    assert ms.standalone_html(spec) == html and ms.BUILD_CALLS["html"] == 1  # cached
    assert "古雷" in html
    assert 'src="http' not in html and 'href="http' not in html  # Leaflet and plugins inlined
    assert "data:text/javascript;base64" in html
    # The served (in-app) map refers to this app's static files instead.
    served = map_html(ms._build(spec, "served"))
    assert "/app/static/vendor/leaflet/leaflet.js" in served and 'src="http' not in served


def test_geopackage_download_has_the_shown_layers(ms, tmp_path) -> None:
    import pyogrio

    spec = ms.MapSpec(
        layers=("cities", "petrochem", "clusters_plan", "sector"), lang="en", sector=1
    ).normalized()
    path = tmp_path / "layers.gpkg"
    path.write_bytes(ms.geopackage(spec))
    names = {row[0] for row in pyogrio.list_layers(path)}
    assert {"cities", "petrochem", "clusters_plan"} <= names
    assert any(n.startswith("sector_1_") for n in names)
    petro = gpd.read_file(path, layer="petrochem")
    assert "gulei" in set(petro["id"]) and len(petro) >= 6
    clusters = gpd.read_file(path, layer="clusters_plan")
    assert clusters["position"].str.startswith("derived").all()


def test_geopackage_download_in_cgcs2000_when_chosen(ms, tmp_path) -> None:
    import pyogrio

    spec = ms.MapSpec(layers=("cities", "petrochem"), lang="zh").normalized()
    wgs, cgcs = tmp_path / "wgs.gpkg", tmp_path / "cgcs.gpkg"
    wgs.write_bytes(ms.geopackage(spec))
    cgcs.write_bytes(ms.geopackage(spec, "EPSG:4490"))
    assert pyogrio.read_info(wgs, layer="petrochem")["crs"] == "EPSG:4326"
    assert pyogrio.read_info(cgcs, layer="petrochem")["crs"] == "EPSG:4490"
    a = gpd.read_file(wgs, layer="petrochem").set_index("id")
    b = gpd.read_file(cgcs, layer="petrochem").set_index("id")
    assert (a.geometry.x - b.geometry.x).abs().max() < 1e-9  # the same coordinates, only the CRS differs


# ------------------------------------------------------------------------------------------- bad states
def test_map_page_reports_unreadable_data_and_keeps_running(ms, monkeypatch) -> None:
    from gis import parks
    from gis.errors import FileFormatError

    def broken(*_a, **_k):
        raise FileFormatError("not valid UTF-8 JSON", file="data/parks.geojson", hint="rebuild it")

    monkeypatch.setattr(parks, "load_parks", broken)
    at = _app(MAP_PAGE, lang="en")
    assert any("data/parks.geojson" in e.value and "rebuild it" in e.value for e in at.error)


def test_map_page_says_how_to_get_missing_offline_assets(ms, monkeypatch, tmp_path) -> None:
    from layers import assets

    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path / "vendor")
    at = _app(MAP_PAGE, lang="en")
    assert any("make assets" in e.value for e in at.error)
    # The rest of the page still works: search and card.
    at.selectbox(key=ms.K_SEARCH).set_value("gulei").run()
    assert not at.exception and len(_cards(at)) == 1


def test_deep_link_with_a_web_basemap_turns_online_mode_on(ms) -> None:
    from layers.mapbuild import map_html

    at = _app(MAP_PAGE, {"layer": "province", "basemap": "osm"}, lang="en")
    assert at.toggle(key=ms.K_ONLINE).value is True
    assert at.selectbox(key=ms.K_BASEMAP).value == "osm"
    assert "OpenStreetMap" in " ".join(c.value for c in at.caption)
    spec = ms.MapSpec(layers=("province",), lang="en", basemap="osm", offline=False).normalized()
    html = map_html(ms._build(spec, "served"))
    assert "tile.openstreetmap.org" in html  # tiles from the web (online mode) ...
    assert 'src="http' not in html  # ... but Leaflet itself still from this app
    # Offline mode ignores the basemap: the same map as no basemap at all.
    assert (
        ms.MapSpec(layers=("province",), lang="en", basemap="osm", offline=True).normalized().basemap
        == "none"
    )
