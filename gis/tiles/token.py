"""Tile tokens for a shared server: with sign-in required (``gis.auth``), the app's tile route serves only
URLs carrying a token that the app put into a map it built for a session that passed its gate; the token
names the basemap and expires with a session (``session_hours``). The secret lives in this process only, so
a restart ends every token, as it ends every session. On the desktop no token is needed."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from gis.auth import auth_config, auth_required

_SECRET = secrets.token_bytes(32)


def _sign(name: str, expiry: int) -> str:
    return hmac.new(_SECRET, f"{name}:{expiry}".encode(), hashlib.sha256).hexdigest()[:32]


def issue(name: str, hours: float | None = None) -> str:
    """A token for basemap ``name`` valid ``hours`` (default: the session length)."""
    expiry = int(time.time() + 3600 * (hours if hours is not None else auth_config().session_hours))
    return f"{expiry}.{_sign(name, expiry)}"


def valid(name: str, token: str | None) -> bool:
    """True when ``token`` was issued here for ``name`` and has not expired."""
    expiry, _, sig = (token or "").partition(".")
    if not expiry.isdigit() or int(expiry) < time.time():
        return False
    return hmac.compare_digest(sig, _sign(name, int(expiry)))


def needed() -> bool:
    """Whether tile URLs need a token (a shared server)."""
    return auth_required()
