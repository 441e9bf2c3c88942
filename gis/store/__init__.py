"""The user's data store: one GeoPackage (QGIS opens it as is) holding what users add to the atlas.

Tables (all registered in ``gpkg_contents``):

- ``boundaries`` (features, EPSG:4326): accepted boundaries / positions, one row per acceptance, with
  ``park_id``, ``name_zh``, ``name_en``, ``is_new``, ``geometry_quality``, ``source_file``, ``source_note``,
  ``accepted_at``, ``change_id``, ``current`` (1 for the row in force).
- ``figures`` (attributes): actual figures saved by :func:`save_figures`.
- ``scenarios`` (attributes): named scenario dicts saved by :func:`save_scenario`, each with its ``owner``
  and ``shared`` (a private draft until shared, :mod:`~gis.store.scenarios`).
- ``history`` (attributes, append-only — triggers refuse UPDATE and DELETE): one row per change:
  ``change_id``, ``what``, ``at`` (UTC), ``actor`` (the account), ``parks``, ``source_file``, ``note``,
  ``n_rows``, ``keys_before`` / ``keys_after`` (JSON), ``target`` (the change an ``undo`` row undid).

Every write function takes the acting ``user`` (a :class:`gis.auth.Actor`) and checks its role with
:func:`gis.auth.require` (in desktop mode ``None`` is the local user and everything is allowed).

Every change is one SQLite transaction (``BEGIN IMMEDIATE`` … ``COMMIT``) in WAL mode with a busy timeout
and retries, so a killed process leaves the store as before the change and concurrent writers lose nothing.
The shipped ``data/parks.geojson`` is never written. The store lives at :func:`gis.settings.user_store_path`
(environment variable ``FPA_STORE``) unless a ``path`` is given.

Modules: :mod:`~gis.store.schema`, :mod:`~gis.store.connection` (transactions, version),
:mod:`~gis.store.boundaries`, :mod:`~gis.store.records` (figures), :mod:`~gis.store.scenarios`,
:mod:`~gis.store.changes` (history, undo), :mod:`~gis.store.maintenance` (check, backup, restore),
:mod:`~gis.store.merge` (user parks over a shipped frame; the parks in force are
:func:`gis.parks.parks_in_force`) and :mod:`~gis.store.export`.
"""

from __future__ import annotations

from gis.store.boundaries import accept_boundaries, load_user_boundaries
from gis.store.changes import HISTORY_COLUMNS, history, undo
from gis.store.connection import init_store, version
from gis.store.export import export_merged, export_store, to_rfc7946
from gis.store.maintenance import backup_store, check_store, restore_store
from gis.store.merge import merge_user_parks, merged_parks
from gis.store.records import load_figures, save_figures
from gis.store.scenarios import (
    delete_scenario,
    delete_scenarios,
    list_scenarios,
    load_scenarios,
    save_scenario,
    share_scenario,
)
from gis.store.schema import BUSY_TIMEOUT_S, FIGURE_COLUMNS, RETRIES, store_location

__all__ = [
    "BUSY_TIMEOUT_S",
    "FIGURE_COLUMNS",
    "HISTORY_COLUMNS",
    "RETRIES",
    "accept_boundaries",
    "backup_store",
    "check_store",
    "delete_scenario",
    "delete_scenarios",
    "export_merged",
    "export_store",
    "history",
    "init_store",
    "list_scenarios",
    "load_user_boundaries",
    "load_figures",
    "load_scenarios",
    "merge_user_parks",
    "merged_parks",
    "restore_store",
    "save_figures",
    "save_scenario",
    "share_scenario",
    "store_location",
    "to_rfc7946",
    "undo",
    "version",
]
