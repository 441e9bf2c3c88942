"""Module-level defaults, documented in one place (osmnx style).

Change them by environment variable where noted; everything else is a constant of the project.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

#: Repository root (the folder holding ``app.py``).
ROOT: Path = Path(__file__).resolve().parent.parent
#: Shipped data (never written by the app).
DATA_DIR: Path = ROOT / "data"
PARKS_PATH: Path = DATA_DIR / "parks.geojson"
BOUNDARIES_DIR: Path = DATA_DIR / "boundaries"
#: Vendored Leaflet / plugin assets for offline mode (filled by ``make assets``; not committed).
STATIC_DIR: Path = ROOT / "static"

#: Storage CRS: RFC 7946 GeoJSON is WGS84 lon/lat.
STORAGE_CRS = "EPSG:4326"
#: CGCS2000 geographic; within a few centimetres of WGS84 for mapping purposes.
CGCS2000 = "EPSG:4490"
#: Equal-area CRS for areas and density rasters: Albers conic, standard parallels framing Fujian
#: (23.5°–28.3°N).
EQUAL_AREA_CRS = (
    "+proj=aea +lat_0=0 +lon_0=118 +lat_1=24 +lat_2=27.5 +x_0=0 +y_0=0 "
    "+ellps=GRS80 +units=m +no_defs +type=crs"
)
#: Fujian bounding box (lon/lat), with a small margin; Kinmen and the islands are inside.
FUJIAN_BOUNDS: tuple[float, float, float, float] = (115.8, 23.4, 120.8, 28.4)
#: Decimal places for stored lon/lat (≈1 cm at 7, ≈1 m at 5).
STORAGE_DECIMALS = 7
BOUNDARY_DECIMALS = 5


class StoreURL(str):
    """The store given as a connection string (``postgresql://user@host/db``): a server holds it.

    Answers the few questions asked of a store path (``exists``, ``is_file``, ``name``); its ``name`` never
    carries the credentials.
    """

    @property
    def name(self) -> str:
        """A printable name (no user, password or host)."""
        return "PostgreSQL store"

    def exists(self) -> bool:
        """A server store is always there (reaching it is the connection's business)."""
        return True

    def is_file(self) -> bool:
        """Treated like an existing store file."""
        return True


def is_store_url(value: object) -> bool:
    """Whether ``value`` names a PostgreSQL store (``postgresql://`` or ``postgres://``)."""
    return str(value).startswith(("postgresql://", "postgres://"))


def _data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fujian-park-atlas"


#: User data store: a GeoPackage (default under the user's data directory) or, for a shared server with many
#: editors, a PostgreSQL/PostGIS connection string. ``FPA_STORE`` overrides.
def user_store_path() -> Path:
    """Return the path of the user's GeoPackage store (not created here), or a :class:`StoreURL`."""
    env = os.environ.get("FPA_STORE")
    if env and is_store_url(env):
        return StoreURL(env)  # type: ignore[return-value]  # answers what callers ask of a store path
    if env:
        return Path(env).expanduser()
    return _data_dir() / "user_data.gpkg"


#: Accounts and sign-in sessions of a shared server (SQLite), beside the user store; ``FPA_USERS`` overrides.
def users_path() -> Path:
    """Return the path of the accounts database (not created here): ``users.sqlite`` beside the store."""
    env = os.environ.get("FPA_USERS")
    if env:
        return Path(env).expanduser()
    store = user_store_path()
    return _data_dir() / "users.sqlite" if isinstance(store, StoreURL) else store.with_name("users.sqlite")


#: The atlas's config file (TOML: ``[auth] mode = "required"``, ``[[basemap]]`` tile services; README);
#: ``FPA_CONFIG`` overrides; default under the user's config folder.
def config_path() -> Path:
    """Return the path of the config file (it need not exist)."""
    env = os.environ.get("FPA_CONFIG")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "fujian-park-atlas" / "config.toml"


#: Limits applied after parsing a user's file.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_FEATURES = 50_000
MAX_VERTICES = 2_000_000


#: Basemaps the user registered (local tile packages): a folder beside the user store, so ``FPA_STORE``
#: isolates them like the rest of the user's data.
def user_basemaps_dir() -> Path:
    """Return the folder of the user's registered basemaps (``<store stem>.basemaps`` beside the store)."""
    store = user_store_path()
    return (
        _data_dir() / "basemaps" if isinstance(store, StoreURL) else store.parent / f"{store.stem}.basemaps"
    )


#: ``FPA_BASEMAPS``: extra XYZ basemaps by environment variable, ``name=URL`` pairs separated by ``;``.
BASEMAPS_ENV = "FPA_BASEMAPS"
#: Largest export that embeds local tiles (bytes of tile data); the user is told the size first.
MAX_EMBED_TILE_BYTES = 40 * 1024 * 1024
#: URL prefix under which the app serves registered basemaps' tiles (``serve.py`` routes).
TILE_ROUTE_PREFIX = "/fpa/tiles"


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The config file as a dict (empty when none). Bad TOML raises ``ValueError`` naming the file."""
    path = path or config_path()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not valid TOML ({exc}); see README 'Basemaps on an intranet'") from None


def _env_int(name: str, default: int) -> int:
    """A whole number from the environment variable ``name`` (``default`` when unset or not a number)."""
    try:
        return int(os.environ.get(name, ""))
    except ValueError:
        return default


#: Heavy jobs (firm share, raster density, atlas, report) running at once per user (``FPA_JOBS_PER_USER``)
#: and on the server (``FPA_JOBS_TOTAL``, default the number of cores); further jobs queue (``gis.jobs``).
JOBS_PER_USER = _env_int("FPA_JOBS_PER_USER", 1)
JOBS_TOTAL = _env_int("FPA_JOBS_TOTAL", max(2, os.cpu_count() or 2))
#: Uploaded bytes one session may hold at once (``FPA_SESSION_UPLOAD_MB``), and the idle minutes after
#: which a session's parsed uploads are dropped (``FPA_SESSION_IDLE_MIN``); see ``app_pages._upload_budget``.
SESSION_UPLOAD_BYTES = _env_int("FPA_SESSION_UPLOAD_MB", 120) * 1024 * 1024
SESSION_IDLE_S = _env_int("FPA_SESSION_IDLE_MIN", 30) * 60
#: Features and vertices a map or preview sends to the browser; above them it aggregates / simplifies.
MAP_MAX_FEATURES = 2_000
MAP_MAX_VERTICES = 60_000
