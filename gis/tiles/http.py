"""The app's own tile route: ``GET /fpa/tiles/{name}/{z}/{x}/{y}`` (``gis.settings.TILE_ROUTE_PREFIX``).

``serve.py`` mounts :func:`routes` on Streamlit's ASGI app (``st.App(..., routes=...)``), so registered local
packages are drawn from the app's own origin with no external request, and configured services that need a
key are fetched by the server (the key never reaches the page). A tile a local package lacks is answered
with a transparent PNG (gaps are normal at package edges); an unknown basemap or bad address is a 404, an
upstream failure a 502 (the map then shows its one "tiles failed" warning). On a shared server (sign-in
required) a request without a valid token (:mod:`gis.tiles.token`) is a 403.
"""

from __future__ import annotations

import asyncio.base_events
import base64
import socket
import sqlite3
import urllib.error
import urllib.request

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gis.errors import AtlasError
from gis.settings import TILE_ROUTE_PREFIX
from gis.tiles import registry, services, token
from gis.tiles.current import configured_services, local_basemaps
from gis.tiles.package import FORMATS, mime_of

#: 1×1 transparent PNG.
EMPTY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
CACHE = "public, max-age=3600"


def tile_bytes(name: str, z: int, x: int, y: int) -> tuple[bytes, str] | None:
    """``(data, mime)`` of tile ``z/x/y`` of local basemap ``name`` (transparent PNG where it has none);
    None when ``name`` is not a registered package."""
    entry = local_basemaps().get(name)
    if entry is None:
        return None
    data = registry.reader(entry.package).tile(z, x, y)
    if data is None:
        return EMPTY_PNG, "image/png"
    return data, mime_of(data, FORMATS[entry.package.format])


def _proxy(svc: services.TileService, z: int, x: int, y: int) -> tuple[int, bytes, str]:
    row = (2**z - 1 - y) if svc.tms else y
    url = svc.keyed_url().replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(row))
    url = url.replace("{-y}", str(2**z - 1 - y)).replace(
        "{s}", (svc.subdomains or "a")[(x + y) % max(1, len(svc.subdomains or "a"))]
    )
    req = urllib.request.Request(url, headers={"User-Agent": "fujian-park-atlas tile proxy"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return 200, resp.read(), resp.headers.get("Content-Type", "image/png")
    except urllib.error.HTTPError as exc:
        return 502, f"upstream answered {exc.code}".encode(), "text/plain"
    except OSError as exc:
        return 502, f"upstream unreachable: {type(exc).__name__}".encode(), "text/plain"


async def tile(request: Request) -> Response:
    """The tile endpoint."""
    p = request.path_params
    try:
        name = str(p["name"])
        z, x = int(p["z"]), int(p["x"])
        y = int(str(p["y"]).split(".")[0])
    except ValueError:
        return Response("bad tile address", status_code=404, media_type="text/plain")
    if not (0 <= z <= 24 and 0 <= x < 2**z and 0 <= y < 2**z):
        return Response("bad tile address", status_code=404, media_type="text/plain")
    if token.needed() and not token.valid(name, request.query_params.get("t")):
        return Response("sign in to the atlas to see this basemap", status_code=403, media_type="text/plain")
    try:
        hit = await run_in_threadpool(tile_bytes, name, z, x, y)
    except (AtlasError, ValueError, OSError, sqlite3.Error) as exc:  # moved, deleted or damaged package
        return Response(f"basemap {name!r} cannot be read ({type(exc).__name__})", status_code=503)
    if hit is not None:
        return Response(hit[0], media_type=hit[1], headers={"Cache-Control": CACHE})
    try:
        svc = configured_services().get(name)
    except (AtlasError, ValueError, OSError):  # the config file is broken: the Data page says how
        svc = None
    if svc is None or not svc.needs_key:
        return Response(f"no local basemap {name!r}", status_code=404, media_type="text/plain")
    status, body, mime = await run_in_threadpool(_proxy, svc, z, x, y)
    return Response(
        body, status_code=status, media_type=mime, headers={"Cache-Control": CACHE} if status == 200 else {}
    )


def enable_tcp_nodelay() -> None:
    """Let asyncio turn Nagle's algorithm off on every TCP connection, as it means to.

    Streamlit 1.67 binds its listening socket as ``socket.socket(family)`` (protocol 0), and asyncio sets
    ``TCP_NODELAY`` only on sockets whose protocol is ``IPPROTO_TCP``; so on a kept-alive connection each
    response's body waited for the browser's delayed ACK (≈ 40 ms per tile, per script). This widens the
    check to any TCP stream socket (``bench/tiles.py`` shows the difference).
    """

    def _set_nodelay(sock: socket.socket) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    asyncio.base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]


def routes() -> list[Route]:
    """The routes ``serve.py`` gives ``st.App``."""
    return [Route(TILE_ROUTE_PREFIX + "/{name}/{z}/{x}/{y}", tile, methods=["GET"])]
