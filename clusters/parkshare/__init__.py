"""Park share from firm records: place every firm in or out of a park and sum its output.

The plan's park share (专栏1 第10项, 第三章七: 工业园区总产值占全省工业总产值比重 ≥ 75 %) is a
statistic over firms. Given a firm table (coordinates, output, year, optional sector), this package assigns
each firm to a county (hence a city) and to at most one park, and sums output per park, city, sector and for
the province.

Rules (also returned in every result as ``rules``):

- **Boundary**: a firm exactly on a park's edge counts as inside (``intersects``, not ``within``).
- **Overlap**: a firm inside several parks is counted once, in the park with the smallest area (equal-area
  m²); equal areas are broken by the lowest park id. The number of such firms is reported.
- **City**: the one county rule of :mod:`gis.spatial.county` (shared with ``gis.boundaries.county_of``): a
  firm on a county border goes to the lowest adcode; a firm in no county polygon but within
  ``COUNTY_SNAP_M`` metres of one (simplified coastlines) goes to the nearest county; farther away it is a bad
  row "outside Fujian". Firms in 金门县 (``in_statistics`` False) are bad rows too.
- **Distance**: outside firms get their nearest park and the planar distance in metres to its boundary in
  ``gis.settings.EQUAL_AREA_CRS`` (Albers; its scale error in Fujian is below 0.06 %, so the distance is
  within 0.06 % of the geodesic one).
- **Bad rows** are never dropped silently: each problem is listed with its row number and field.

Speed: no per-firm Python. Points are never turned into shapely objects for the park / county test: lon is
sorted once, each polygon takes the slice of its bounding box (``searchsorted``) and tests it with
``shapely.intersects_xy`` on the prepared polygon. Nearest-park distances use a coarse grid to shortlist parks
per cell and exact point-to-segment distances in numpy. The same partial/combine functions run on one machine
(:func:`compute_parkshare`) and on a dask cluster (:func:`compute_parkshare_dask`).

Modules: :mod:`~clusters.parkshare.rules` (constants, ``RULES``), :mod:`~clusters.parkshare.input` (reading),
:mod:`~clusters.parkshare.validate`, :mod:`~clusters.parkshare.context` (parks and counties prepared),
:mod:`~clusters.parkshare.compute` (partial / combine), :mod:`~clusters.parkshare.result`,
:mod:`~clusters.parkshare.dask_run`, :mod:`~clusters.parkshare.parks` (which parks hold firms). The spatial
engine is :mod:`gis.spatial`; the county rule is :mod:`gis.spatial.county` (shared with ``county_of``).
"""

from __future__ import annotations

from clusters.parkshare.compute import Partial, combine, locate, partial
from clusters.parkshare.context import Context, build_context
from clusters.parkshare.dask_run import compute_parkshare_dask, run_parkshare
from clusters.parkshare.input import ValidFirms, firm_years, read_firms
from clusters.parkshare.parks import (
    APPROX_NOTE,
    APPROX_NOTE_TEXT,
    approximate_footprints,
    default_context,
    file_note,
    file_note_text,
    load_park_boundaries,
)
from clusters.parkshare.result import (
    DOWNLOADS,
    STAGE_CHECK,
    STAGE_PLACE,
    STAGE_READ,
    STAGE_TABLES,
    ParkShareResult,
    compute_parkshare,
    finish,
)
from clusters.parkshare.rules import (
    COUNTY_SNAP_M,
    FIRM_COORDS,
    FIRM_NAME_ALIASES,
    NO_SECTOR,
    OUTSIDE_TOP_N,
    PLAN_TARGET_SHARE,
    PLAN_TARGET_SOURCE,
    PLAN_TARGET_SOURCE_EN,
    RULE_TEXTS,
    RULES,
    VECTOR_SUFFIXES,
)
from clusters.parkshare.tables import check_out, write_tables
from clusters.parkshare.validate import validate_firms
from gis.spatial import (
    BLOCK as _BLOCK,
)
from gis.spatial import (
    CountyIndex,
    GridPolygonIndex,
    ParkIndex,
    PolygonIndex,
    SegmentNearest,
    lon_order,
)

__all__ = [
    "APPROX_NOTE",
    "APPROX_NOTE_TEXT",
    "DOWNLOADS",
    "write_tables",
    "check_out",
    "COUNTY_SNAP_M",
    "FIRM_COORDS",
    "FIRM_NAME_ALIASES",
    "NO_SECTOR",
    "OUTSIDE_TOP_N",
    "PLAN_TARGET_SHARE",
    "PLAN_TARGET_SOURCE",
    "PLAN_TARGET_SOURCE_EN",
    "RULES",
    "STAGE_CHECK",
    "STAGE_PLACE",
    "STAGE_READ",
    "STAGE_TABLES",
    "RULE_TEXTS",
    "VECTOR_SUFFIXES",
    "Context",
    "CountyIndex",
    "GridPolygonIndex",
    "ParkIndex",
    "ParkShareResult",
    "Partial",
    "PolygonIndex",
    "SegmentNearest",
    "ValidFirms",
    "_BLOCK",
    "approximate_footprints",
    "build_context",
    "combine",
    "compute_parkshare",
    "compute_parkshare_dask",
    "default_context",
    "file_note",
    "file_note_text",
    "finish",
    "firm_years",
    "load_park_boundaries",
    "locate",
    "lon_order",
    "partial",
    "read_firms",
    "run_parkshare",
    "validate_firms",
]
