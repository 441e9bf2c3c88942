"""What the layer builders of one map share: language, basemap, parks in force, loaded plan data, cards.

Built once per :func:`layers.mapbuild.build_map` call; the plan tables and card context load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import pandas as pd

from clusters import clusters as cluster_data
from gis.boundaries import load_boundaries
from gis.text import Record
from layers.card_context import CardContext, atlas_cards
from layers.card_html import popup_html
from layers.cards import cluster_card, park_card
from layers.data import plan_tables
from layers.registry import LayerSpec
from layers.search import CLUSTER, PARK, Place, build_places, map_search_items, park_places, place_key


@dataclass
class MapContext:
    """Inputs of one map and the data its layers load lazily."""

    lang: str
    basemap: str
    parks: gpd.GeoDataFrame
    sector: int | None = None
    user_parks: gpd.GeoDataFrame | None = None
    #: Set by the sector layer's builder: the info box (escaped HTML).
    sector_info: str | None = None

    @cached_property
    def clusters(self) -> pd.DataFrame:
        """``clusters.clusters.load_clusters()``."""
        return cluster_data.load_clusters()

    @cached_property
    def cards(self) -> CardContext:
        """Context of every park and cluster card of this map (the side panel's, for these parks)."""
        return atlas_cards({**plan_tables(), "parks": self.parks, "clusters": self.clusters})

    def park_popup(self, row: Record) -> str:
        """Popup HTML of one park (the same card as the map page's side panel)."""
        return popup_html(park_card(row, lang=self.lang, ctx=self.cards))

    def cluster_popup(self, row: pd.Series) -> str:
        """Popup HTML of one cluster (the same card as the map page's side panel)."""
        return popup_html(cluster_card(row, lang=self.lang, ctx=self.cards, cluster_id=str(row.name)))

    @cached_property
    def places(self) -> dict[str, Place]:
        """The search index of this map's parks and every cluster."""
        return build_places(self.parks, self.clusters, load_boundaries("city"))

    def search_items(self, specs: Sequence[LayerSpec]) -> list[tuple[float, float, str]]:
        """In-map search entries of what ``specs`` (registry layers) show: clusters, then parks."""
        cluster_keys: list[str] = []
        park_keys: list[str] = []
        for spec in specs:
            if spec.clusters is not None:
                ids = self.clusters.index[spec.clusters(self.clusters)]
                cluster_keys += [place_key(CLUSTER, str(i)) for i in ids]
            if spec.parks is not None and len(self.parks):
                park_keys += [place_key(PARK, str(i)) for i in self.parks.index[spec.parks(self.parks)]]
        places = self.places
        keys = dict.fromkeys(cluster_keys + park_keys)
        items = map_search_items(places[k] for k in keys if k in places)
        if self.user_parks is not None and any(s.id == "user_parks" for s in specs):
            items += map_search_items(park_places(self.user_parks).values())
        return items
