"""How the atlas is run: single-user desktop (default) or shared server with sign-in.

Read from the environment first, then the config file (:func:`gis.settings.config_path`, TOML)::

    [auth]
    mode = "required"        # or "desktop"; FPA_AUTH=required in the environment does the same
    anonymous_read = false   # FPA_ANONYMOUS=1: visitors who do not sign in may read published data
    session_hours = 8        # FPA_SESSION_HOURS
    max_failures = 5         # wrong passwords before the account is locked
    lockout_minutes = 15     # FPA_LOCKOUT_MINUTES

An unknown mode fails closed (sign-in required).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from typing import Any

from gis.settings import config_path

_DESKTOP = {"", "desktop", "off", "none", "single", "0", "false"}
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class AuthConfig:
    """The sign-in settings in force."""

    required: bool = False
    anonymous_read: bool = False
    session_hours: float = 8.0
    max_failures: int = 5
    lockout_minutes: float = 15.0


def _file() -> dict[str, Any]:
    path = config_path()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    section = data.get("auth", {})
    return section if isinstance(section, dict) else {}


def _number(env: str, section: dict[str, Any], key: str, default: float) -> float:
    raw = os.environ.get(env, section.get(key, default))
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default


def auth_config() -> AuthConfig:
    """The settings now (environment over config file over defaults); read afresh on every call."""
    section = _file()
    mode = os.environ.get("FPA_AUTH")
    if mode is None:
        mode = str(section.get("mode", ""))
    anon = os.environ.get("FPA_ANONYMOUS")
    anonymous = (anon.strip().lower() in _TRUE) if anon is not None else bool(section.get("anonymous_read"))
    return AuthConfig(
        required=mode.strip().lower() not in _DESKTOP,
        anonymous_read=anonymous,
        session_hours=_number("FPA_SESSION_HOURS", section, "session_hours", 8.0),
        max_failures=int(_number("FPA_MAX_FAILURES", section, "max_failures", 5)),
        lockout_minutes=_number("FPA_LOCKOUT_MINUTES", section, "lockout_minutes", 15.0),
    )


def auth_required() -> bool:
    """Whether this is a shared server (sign-in required)."""
    return auth_config().required
