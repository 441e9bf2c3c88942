"""Where a cluster is: one rule (clusters.clusters.placement) for its geometry, map markers and search."""

from __future__ import annotations

import pytest

from clusters.clusters import cluster_anchors, cluster_places, load_clusters
from gis.boundaries import load_boundaries
from gis.parks import load_parks
from layers.clusters import PARK_OFFSET_DEG, cluster_positions
from layers.search import CLUSTER, build_places, place_key


@pytest.fixture(scope="module")
def shipped():
    return load_clusters(), load_parks(), load_boundaries("city")


def test_geometry_markers_and_search_follow_one_placement(shipped) -> None:
    clusters, parks, cities = shipped
    places = cluster_places(clusters, parks, cities)
    anchors = cluster_anchors(clusters, parks, cities)
    markers = cluster_positions(clusters, parks)
    found = build_places(parks, clusters, cities)
    assert set(places["geometry_basis"]) == {"host_parks", "host_cities", "unknown"}
    for cid, row in places.iterrows():
        mine = anchors[anchors["cluster_id"] == cid]
        marks = markers[markers["cluster_id"] == cid]
        hit = found[place_key(CLUSTER, str(cid))]
        if row["geometry_basis"] == "unknown":
            assert mine.empty and marks.empty and hit.lat is None
            continue
        assert set(mine["basis"]) == {row["geometry_basis"]}
        assert set(marks["placement"]) == {"parks" if row["geometry_basis"] == "host_parks" else "city"}
        # the search centres a cluster on its anchors; the anchors lie in its derived geometry
        assert hit.lat == pytest.approx(mine["lat"].mean()) and hit.lon == pytest.approx(mine["lon"].mean())
        if row["geometry_basis"] == "host_parks":
            assert len(marks) == 1
            assert marks["lon"].iloc[0] == pytest.approx(mine["lon"].iloc[0] + PARK_OFFSET_DEG)
            assert marks["lat"].iloc[0] == pytest.approx(mine["lat"].iloc[0] + PARK_OFFSET_DEG)
        else:
            assert len(marks) == len(mine) == len(row["host_cities"])


def test_a_cluster_without_a_placed_host_park_falls_back_to_its_cities(shipped) -> None:
    clusters, parks, cities = shipped
    cid = next(c for c, r in clusters.iterrows() if r["host_parks"] and r["host_cities"])
    without = parks.drop(index=[p for p in clusters.loc[cid, "host_parks"] if p in parks.index])
    anchors = cluster_anchors(clusters.loc[[cid]], without, cities)
    assert set(anchors["basis"]) == {"host_cities"}
    assert list(anchors["city"]) == list(clusters.loc[cid, "host_cities"])
