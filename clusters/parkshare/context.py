"""Parks and counties prepared for locating firms (:class:`Context`, built once and reused)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj

from gis.errors import DataValidationError
from gis.spatial import CountyIndex, ParkIndex, county_index, polygon_array
from gis.text import Pair


@dataclass
class Context:
    """Parks and counties prepared for locating firms (build once, reuse; picklable for dask workers)."""

    parks: ParkIndex
    park_table: pd.DataFrame  # id, name_zh, name_en, city, area_km2, geometry_quality
    counties: CountyIndex  # the one county rule (gis.spatial.county), shared with gis.boundaries.county_of
    county_table: pd.DataFrame  # adcode, name_zh, city_adcode, city_zh, in_statistics
    parks_source: str = "file"
    parks_note: str = ""
    parks_note_text: Pair | None = None  # the note in each language (``parks_note`` is the combined line)

    def note_in(self, lang: str) -> str:
        """The parks note in ``lang`` (the combined line when no per-language text was given)."""
        return self.parks_note_text.get(lang) if self.parks_note_text is not None else self.parks_note

    @property
    def approximate(self) -> bool:
        """True when park polygons are approximate footprints, not boundaries."""
        return self.parks_source == "approximate_footprint"

    def park_frame(self) -> Any:
        """The park polygons used, as a GeoDataFrame (``park_id``, ``name_zh``, ``geometry``; EPSG:4326)."""
        return gpd.GeoDataFrame(
            self.park_table[["park_id", "name_zh"]].copy(), geometry=list(self.parks.geoms), crs="EPSG:4326"
        )


def _text_col(gdf: Any, names: tuple[str, ...], default: Any = "") -> pd.Series:
    for nm in names:
        if nm in gdf.columns:
            return gdf[nm].astype("string").fillna("")
    return pd.Series(default, index=gdf.index, dtype="string")


def build_context(
    parks: Any,
    counties: Any,
    *,
    parks_source: str = "file",
    parks_note: str = "",
    parks_note_text: Pair | None = None,
) -> Context:
    """Prepare parks (polygons, EPSG:4326, index or ``id`` column = park id) and county polygons.

    Parameters
    ----------
    parks
        GeoDataFrame of park polygons; ids from an ``id`` column, else the index; names from ``name_zh`` /
        ``name`` / ``名称``.
    counties
        County GeoDataFrame per ``gis.boundaries.load_boundaries("county")`` (``adcode``, ``name_zh``,
        ``city_adcode``, ``city_zh``, ``in_statistics``).
    parks_source
        ``"file"`` (user boundaries), ``"shipped"`` or ``"approximate_footprint"`` (flagged everywhere).
    parks_note, parks_note_text
        Where the parks come from: one combined line (JSON, CLI) and the same in each language (the app).
    """
    parks = _ensure_4326(parks, "parks")
    counties = _ensure_4326(counties, "counties")
    pgeom = polygon_array(parks, "park")
    ids = parks["id"].astype(str).to_numpy() if "id" in parks.columns else parks.index.astype(str).to_numpy()
    if len(set(ids)) != len(ids):
        dup = pd.Series(ids)[pd.Series(ids).duplicated()].iloc[0]
        raise DataValidationError(
            f"park id '{dup}' appears twice",
            feature=dup,
            field="id",
            hint="give every park a unique id",
            message_zh=f"园区编号 '{dup}' 出现两次",
            hint_zh="请为每个园区设置唯一编号",
        )
    pindex = ParkIndex(pgeom, ids)
    ptable = pd.DataFrame(
        {
            "park_id": ids,
            "name_zh": _text_col(parks, ("name_zh", "name", "名称", "园区名称", "NAME")).to_numpy(),
            "name_en": _text_col(parks, ("name_en",)).to_numpy(),
            "park_city": _text_col(parks, ("city", "城市")).to_numpy(),
            "area_km2": pindex.area_m2 / 1e6,
            "geometry_quality": _text_col(
                parks,
                ("geometry_quality",),
                "approximate" if parks_source == "approximate_footprint" else "boundary",
            ).to_numpy(),
        }
    )
    cgeom = polygon_array(counties, "county")
    ctable = pd.DataFrame(
        {
            "adcode": _text_col(counties, ("adcode",)).to_numpy(),
            "county_zh": _text_col(counties, ("name_zh", "name")).to_numpy(),
            "city_adcode": _text_col(counties, ("city_adcode",)).to_numpy(),
            "city_zh": _text_col(counties, ("city_zh", "city")).to_numpy(),
            "in_statistics": (
                counties["in_statistics"].fillna(True).astype(bool).to_numpy()
                if "in_statistics" in counties.columns
                else np.ones(len(counties), bool)
            ),
        }
    )
    cindex = county_index(cgeom, ctable["adcode"].to_numpy().astype(str))
    return Context(pindex, ptable, cindex, ctable, parks_source, parks_note, parks_note_text)


def _ensure_4326(gdf: Any, what: str) -> Any:
    if gdf.crs is not None and not gdf.crs.equals(pyproj.CRS("EPSG:4326")):
        if gdf.crs.equals(pyproj.CRS("EPSG:4490")):
            return gdf.set_crs("EPSG:4326", allow_override=True)
        return gdf.to_crs("EPSG:4326")
    return gdf
