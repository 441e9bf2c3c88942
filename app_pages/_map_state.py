"""Old home of the map pages' session module: re-exports ``app_pages.map_session`` (and the names that
moved to ``layers/``) until the last callers (``bench/map_rerun.py``) move. Do not add code here."""

from __future__ import annotations

from app_pages.map_session import *  # noqa: F403
from app_pages.map_session import _build  # noqa: F401
from layers.captions import TITLE, attribution, download_caption, map_caption  # noqa: F401
from layers.spec import MapSpec, basemap_ids, basemap_label, needs_tianditu_key  # noqa: F401

TITLE_ZH, TITLE_EN = TITLE
