"""Progress against the plan's targets: actual figures by year vs each target's compound path.

A target has a base (year, value) and a 2020 value; its path is the compound growth between them
(``target / (1 + g) ** (target_year - year)``, DERIVED). Uploaded actual figures (sector, cluster or park;
output or value added; 亿元) are validated row by row, then compared: percent of target, percent of the path
for that year, on track / behind, and the growth still needed to reach the target.

Sectors: 专栏10 (base 2015 DERIVED from the 2020 target and its growth). Clusters: the 2020 target where a
source gives one (``clusters.clusters``); their base is unknown, so only percent of target and growth still
needed are shown. Parks: the plan gives no park-level targets, so an upload may carry its own
``target_2020`` column (labelled "user target / 用户目标").

Modules: :mod:`~clusters.progress.columns` (years, kinds, measures, statuses, upload columns),
:mod:`~clusters.progress.catalogue`, :mod:`~clusters.progress.upload` (reading and checking),
:mod:`~clusters.progress.comparison` (paths, status, 千亿 clusters), :mod:`~clusters.progress.template`,
:mod:`~clusters.progress.by_city`, :mod:`~clusters.progress.store_rows`.
"""

from __future__ import annotations

from clusters.progress.by_city import CITY_ADCODES, province_wide_rows, status_by_city
from clusters.progress.catalogue import (
    cluster_catalogue,
    park_catalogue,
    sector_catalogue,
    target_catalogue,
)
from clusters.progress.columns import (
    BASE_YEAR,
    KIND_ALIASES,
    MEASURE_ALIASES,
    MEASURE_LABELS,
    REQUIRED_COLUMNS,
    STATUS_LABELS,
    TARGET_YEAR,
    THOUSAND,
    UPLOAD_COLUMNS,
)
from clusters.progress.comparison import (
    cluster_thousand,
    compare,
    growth_needed,
    path_value,
    sector_paths,
    target_path,
)
from clusters.progress.store_rows import FIGURE_KEY_PREFIX, from_store_rows, to_store_rows
from clusters.progress.template import TEMPLATE_ROWS, bytes_reader, template_bytes, template_frame
from clusters.progress.upload import PROBLEM_COLUMNS, UploadCheck, read_upload, validate_upload

__all__ = [
    "BASE_YEAR",
    "CITY_ADCODES",
    "FIGURE_KEY_PREFIX",
    "KIND_ALIASES",
    "MEASURE_ALIASES",
    "MEASURE_LABELS",
    "PROBLEM_COLUMNS",
    "REQUIRED_COLUMNS",
    "STATUS_LABELS",
    "TARGET_YEAR",
    "TEMPLATE_ROWS",
    "THOUSAND",
    "UPLOAD_COLUMNS",
    "UploadCheck",
    "bytes_reader",
    "cluster_catalogue",
    "cluster_thousand",
    "compare",
    "from_store_rows",
    "growth_needed",
    "park_catalogue",
    "path_value",
    "read_upload",
    "sector_catalogue",
    "sector_paths",
    "province_wide_rows",
    "status_by_city",
    "target_catalogue",
    "target_path",
    "template_bytes",
    "template_frame",
    "to_store_rows",
    "validate_upload",
]
