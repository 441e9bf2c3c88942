"""Session state, deep links and caches of the map and presentation pages (streamlit only; no domain code).

- The map's inputs live in one :class:`layers.spec.MapSpec`; the folium map is built once per distinct spec
  and session (``st.cache_resource(scope="session")``) and rendered for the streamlit-folium component once
  too (:func:`show_map`), so a widget that does not change the spec neither rebuilds, re-renders nor
  remounts it.
- Widget values are mirrored into plain session keys (``_keep_*``) so they survive a page switch (the
  presentation page reads them) and are seeded from the URL (``?layer=a,b&sector=5&park=gulei``).
- ``BUILD_CALLS`` counts real ``build_map`` calls and renders (read by ``bench/map_rerun.py`` and the tests).

Cards, the search index, specs, frames and captions live in ``layers/``; this module caches and wires them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
import streamlit_folium as sf

from app_pages._map_query import K_LANG_SEEN as K_LANG_SEEN
from app_pages._map_query import K_QP_SEEN, QP_BASEMAP, QP_LAYER, QP_PARK, QP_SECTOR, _url_params, persisted
from app_pages._map_query import keep_over_language_change as keep_over_language_change
from app_pages._map_query import map_link as map_link
from app_pages._map_query import map_query as map_query
from app_pages._map_query import persist_widget as persist_widget
from app_pages._map_query import restore_widget as restore_widget
from app_pages._map_query import write_query_params as write_query_params
from app_pages.i18n import as_text, error_text, tr
from app_pages.i18n import lang as current_lang
from gis.errors import AtlasError
from layers import captions, registry, search
from layers import data as layer_data
from layers.card_context import CardContext, atlas_cards
from layers.card_html import panel_html
from layers.cards import cluster_card, park_card
from layers.gpkg import geopackage_bytes
from layers.mapbuild import build_map, map_html
from layers.render import render_once
from layers.spec import MapSpec, basemap_ids

#: Widget keys (also the names of the persisted copies, prefixed with ``_keep_``).
K_LAYERS = "map_layers"
K_SECTOR = "map_sector"
K_BASEMAP = "map_basemap"
K_ONLINE = "map_online"
K_TDT_KEY = "map_tianditu_key"
K_SEARCH = "map_search"
K_SELECTED = "_map_selected"
K_CENTER = "_map_center"
MAP_KEY = "atlas_map"

#: Counts of real (uncached) builds, by purpose. Read by tests and bench/map_rerun.py.
BUILD_CALLS: dict[str, int] = {"display": 0, "render": 0, "html": 0, "gpkg": 0}

SELECT_ZOOM = 11
#: What the map sends back: only clicks on objects, so panning and zooming never rerun the app.
RETURNED_OBJECTS = ["last_object_clicked", "last_object_clicked_tooltip", "last_object_clicked_count"]
TIANDITU_ENV = "TIANDITU_KEY"


# ------------------------------------------------------------------------------------------ layer catalogue
def layer_ids() -> list[str]:
    """Every layer the picker offers, in registry order."""
    return registry.picker_ids()


def default_layers() -> list[str]:
    """Layers shown on first visit."""
    return registry.default_layers()


def layer_label(layer_id: str, lang: str | None = None) -> str:
    """Bilingual layer name from the registry (the id itself if unknown)."""
    return registry.layer_title(layer_id, lang or current_lang())


def sector_layer_id() -> str:
    """Id of the 专栏10 sector layer (the only layer that depends on the sector pick)."""
    return registry.SECTOR_LAYER


# ------------------------------------------------------------------------------------------- data (cached)
def store_key() -> str:
    """:func:`layers.data.parks_version`: the one cache key of the parks in force."""
    return layer_data.parks_version()


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_all(key: str = "") -> dict[str, Any]:
    return layer_data.atlas_data(key)


def data() -> dict[str, Any]:
    """Parks in force, clusters, sector targets and city boundaries (cached; read-only)."""
    return _load_all(store_key())


@st.cache_resource(show_spinner=False, max_entries=4)
def _places(key: str = "") -> dict[str, search.Place]:
    d = _load_all(key)
    return search.build_places(d["parks"], d["clusters"], d["cities"])


def places() -> dict[str, search.Place]:
    """Search index of every park and cluster, by key."""
    return _places(store_key())


@st.cache_resource(show_spinner=False, max_entries=4)
def _cards(key: str = "") -> CardContext:
    return atlas_cards(_load_all(key))


def card_html(key: str, lang: str | None = None) -> str:
    """Side-panel HTML of a park or cluster key (the same card as the map popup; escaped)."""
    lang = lang or current_lang()
    d, ctx = data(), _cards(store_key())
    kind, ident = search.split_key(key)
    if kind == search.CLUSTER:
        card = cluster_card(d["clusters"].loc[ident], lang=lang, ctx=ctx, cluster_id=ident)
    else:
        card = park_card(d["parks"].loc[ident], lang=lang, ctx=ctx, park_id=ident)
    return panel_html(card)


def sector_options() -> list[int]:
    """The 24 sector numbers of 专栏10."""
    return [int(x) for x in data()["sectors"].index]


def sector_label(no: int | None, lang: str | None = None) -> str:
    """``"5 工艺美术"`` / ``"5 Arts & crafts"``."""
    return captions.sector_label(no, data()["sectors"], lang or current_lang())


# --------------------------------------------------------------------------------------------- the map
def _build(spec: MapSpec, asset_mode: str) -> Any:
    return build_map(**spec.build_kwargs(asset_mode))


@st.cache_resource(scope="session", max_entries=6, show_spinner=False)
def _display_map(spec: MapSpec) -> Any:
    BUILD_CALLS["display"] += 1
    return _build(spec, "served")


def display_map(spec: MapSpec) -> Any:
    """The folium map for ``spec`` (built once per session and spec; ``st_folium`` re-renders it in place)."""
    return _display_map(spec.normalized())


def or_error(call: Callable[[], Any], what_zh: str, what_en: str, errors: tuple[type[Exception], ...]) -> Any:
    """``call()``, or ``None`` after telling the user what failed (``what``) and why.

    An :class:`gis.errors.AtlasError` says which file, row and field and how to fix it (``error_text``);
    the other ``errors`` are shown as they are.
    """
    try:
        return call()
    except AtlasError as exc:
        detail = error_text(exc)
    except errors as exc:
        detail = as_text(exc)
    st.error(tr(f"{what_zh}：{detail}", f"{what_en}: {detail}"))
    return None


def display_map_or_error(spec: MapSpec) -> Any:
    """:func:`display_map`, or ``None`` after telling the user why the map could not be built."""
    return or_error(
        lambda: display_map(spec),
        "地图无法生成",
        "The map could not be built",
        (OSError, LookupError, ValueError),
    )


def places_or_error() -> dict[str, search.Place] | None:
    """:func:`places`, or ``None`` after saying which shipped file could not be read and how to fix it."""
    return or_error(places, "数据无法读取", "The data could not be read", (OSError, ValueError))


@st.cache_resource(scope="session", max_entries=6, show_spinner=False)
def _component_args(spec: MapSpec) -> dict[str, Any]:
    """What ``st_folium`` would send to its component, computed once per session and spec.

    ``st_folium`` re-renders the whole folium map on every rerun (about a second for the default layers);
    rendering once and re-sending the same arguments makes a rerun that does not change the map cheap.
    Mirrors ``streamlit_folium.st_folium`` 0.27.x; :func:`show_map` falls back to it if the internals change.
    """
    BUILD_CALLS["render"] += 1
    return component_args(_display_map(spec))


def component_args(fmap: Any) -> dict[str, Any]:
    """Render ``fmap`` for the streamlit-folium component, once (a second folium render of the same map
    breaks its layer control's references: cache the result, never render again)."""
    rendered = render_once(fmap)
    return {
        "script": sf._get_map_string(fmap),
        "header": sf._get_header(fmap),
        "html": sf._get_html(fmap),
        "id": sf.get_full_id(fmap),
        **rendered,
    }


def mount(
    args: dict[str, Any],
    *,
    hash_key: str,
    height: int,
    returned_objects: Sequence[str],
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    on_change: Any = None,
) -> Any:
    """Send the rendered ``args`` (:func:`component_args`) to the streamlit-folium component under
    ``hash_key``; returns the component's value."""
    defaults = {k: v for k, v in args["default"].items() if k in returned_objects}
    return sf._component_func(
        script=args["script"],
        header=args["header"],
        html=args["html"],
        id=args["id"],
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default=defaults,
        zoom=zoom,
        center=center,
        feature_group=None,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=args["css_links"],
        js_links=args["js_links"],
        on_change=on_change,
        wrap_longitude=False,
    )


def show_map(
    spec: MapSpec,
    *,
    key: str,
    height: int,
    returned_objects: Sequence[str],
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    on_change: Any = None,
) -> Any:
    """Draw the map of ``spec`` with the streamlit-folium component, rendering it once per session and spec.

    Same behaviour as ``st_folium(map, key=key, use_container_width=True, ...)``: the component keeps its
    identity while the map is unchanged (``center`` / ``zoom`` move it without a remount), and only
    ``returned_objects`` trigger reruns. The map's last returned value is in ``st.session_state[key]``.
    """
    spec = spec.normalized()
    try:
        args = _component_args(spec)
        sf._component_func  # noqa: B018 - probe the internals mount() uses
        js_hash = sf.generate_js_hash
    except AttributeError:  # streamlit-folium changed its internals: use the public (slower) call
        return sf.st_folium(
            _display_map(spec),
            key=key,
            height=height,
            use_container_width=True,
            returned_objects=list(returned_objects),
            center=center,
            zoom=zoom,
            on_change=on_change,
        )
    hash_key = _hash_key(spec, key, js_hash)

    def _changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return mount(
        args,
        hash_key=hash_key,
        height=height,
        returned_objects=returned_objects,
        center=center,
        zoom=zoom,
        on_change=_changed,
    )


@st.cache_resource(scope="session", max_entries=12, show_spinner=False)
def _hash_key(spec: MapSpec, key: str, _js_hash: Any) -> str:
    return str(_js_hash(_component_args(spec)["script"], key, False))


@st.cache_data(max_entries=8, show_spinner=False)
def _standalone_html(spec: MapSpec) -> str:
    BUILD_CALLS["html"] += 1
    return map_html(_build(spec, "inline"))


def standalone_html(spec: MapSpec) -> str:
    """The shown map as one HTML file with Leaflet and plugins inlined (opens with no network)."""
    return _standalone_html(spec.normalized())


@st.cache_data(max_entries=8, show_spinner=False)
def _gpkg(spec: MapSpec, crs: str | None) -> bytes:
    BUILD_CALLS["gpkg"] += 1
    return geopackage_bytes(layer_frames(spec), crs=crs)


def geopackage(spec: MapSpec, crs: str | None = None) -> bytes:
    """The shown layers as a GeoPackage (one table per layer), in WGS84 or ``crs`` (``"EPSG:4490"``)."""
    return _gpkg(spec.normalized(), crs)


def layer_frames(spec: MapSpec) -> dict[str, Any]:
    """GeoDataFrames of the shown layers (``layers.registry.layer_frames``; the map's selections)."""
    return registry.layer_frames(list(spec.layers), sector=spec.sector, parks=data()["parks"])


# ------------------------------------------------------------------------------------ session & deep links
def parse_layer_param(values: Sequence[str]) -> list[str]:
    """``["a,b", "c"]`` -> known layer ids in order (unknown ids are dropped)."""
    known = layer_ids()
    wanted = [v.strip() for item in values for v in str(item).split(",") if v.strip()]
    return [x for x in known if x in wanted]


def apply_query_params() -> None:
    """Seed widgets from the URL when it carries something new (``?layer=…&sector=…&park=…&basemap=…``).

    Only parameters present are applied (a plain visit keeps the session's choices); the URL is compared with
    what the page last wrote, so the page's own updates are not re-applied.
    """
    current = _url_params()
    if not current or current == st.session_state.get(K_QP_SEEN):
        return
    if QP_LAYER in current:
        chosen = parse_layer_param(current[QP_LAYER])
        if chosen:
            st.session_state[K_LAYERS] = chosen
    if QP_SECTOR in current:
        try:
            no = int(current[QP_SECTOR][-1])
        except ValueError:
            no = None
        if no is not None and no in sector_options():
            st.session_state[K_SECTOR] = no
            sec = sector_layer_id()
            if sec and QP_LAYER not in current:
                st.session_state[K_LAYERS] = list(
                    dict.fromkeys([*persisted(K_LAYERS, default_layers()), sec])
                )
    if QP_PARK in current:
        key = current[QP_PARK][-1]
        if key in places():
            select(key, centre=True)
    if QP_BASEMAP in current and current[QP_BASEMAP][-1] in basemap_ids():
        st.session_state[K_BASEMAP] = current[QP_BASEMAP][-1]
        if current[QP_BASEMAP][-1] != "none":
            st.session_state[K_ONLINE] = True
    st.session_state[K_QP_SEEN] = current


def select(key: str | None, centre: bool = True) -> None:
    """Show ``key``'s card (and centre the map on it when ``centre`` and it has a position).

    Call only from callbacks or before the search box is drawn (it sets the search box's value too).
    """
    st.session_state[K_SELECTED] = key
    st.session_state[K_SEARCH] = key
    if key and centre:
        p = places().get(key)
        if p is not None and p.lat is not None:
            st.session_state[K_CENTER] = (p.lat, p.lon)
    elif not key:
        st.session_state.pop(K_CENTER, None)


def selected() -> str | None:
    """Key of the park / cluster whose card is shown (None when nothing is)."""
    key = st.session_state.get(K_SELECTED)
    return key if key in places() else None


def on_search() -> None:
    """Search box callback: select what was picked and centre the map on it."""
    key = st.session_state.get(K_SEARCH)
    if key:
        select(key, centre=True)


def on_sector() -> None:
    """Sector picker callback: picking a sector turns the sector-layout layer on."""
    sec = sector_layer_id()
    chosen = list(st.session_state.get(K_LAYERS) or [])
    if sec and sec not in chosen:
        st.session_state[K_LAYERS] = [*chosen, sec]


def on_map_click() -> None:
    """``st_folium`` callback: find the clicked park / cluster from its tooltip or position."""
    value = st.session_state.get(MAP_KEY) or {}
    tooltip, latlng = value.get("last_object_clicked_tooltip"), value.get("last_object_clicked")
    key = search.match_click(places(), tooltip, latlng)
    if key:
        select(key, centre=False)


def tianditu_key() -> str:
    """The Tianditu key typed in the sidebar, else the ``TIANDITU_KEY`` environment variable, else ""."""
    typed = str(st.session_state.get(K_TDT_KEY) or "").strip()
    return typed or os.environ.get(TIANDITU_ENV, "").strip()


def current_spec(presentation: bool = False) -> MapSpec:
    """The spec of the map the user has chosen (from live or persisted widget values)."""
    online = bool(persisted(K_ONLINE, False))
    return MapSpec(
        layers=tuple(persisted(K_LAYERS, default_layers()) or ()),
        lang=current_lang(),
        basemap=str(persisted(K_BASEMAP, "none")),  # offline keeps only local ones (MapSpec.normalized)
        offline=not online,
        sector=persisted(K_SECTOR, None),
        tianditu_key=tianditu_key(),
        presentation=presentation,
        store_key=store_key(),
    ).normalized()


def flip_language() -> None:
    """Button callback: switch zh <-> en (the language radio in app.py reads the same key)."""
    st.session_state["lang"] = "zh" if current_lang() == "en" else "en"
