"""Accounts, roles and sign-in for a shared server (no UI here; the pages are ``app_pages._signin`` and
``app_pages._auth``).

- :mod:`~gis.auth.passwords`: scrypt hashes (salt and parameters stored with the hash, constant-time check).
- :mod:`~gis.auth.users`: accounts, lockout after repeated wrong passwords, server-side sessions that expire.
- :mod:`~gis.auth.roles`: viewer / editor / admin and the one gate :func:`require` (``allowed`` to ask).
- :mod:`~gis.auth.config`: desktop mode (default, no sign-in) or shared server (``FPA_AUTH=required``).
"""

from __future__ import annotations

from gis.auth.config import AuthConfig, auth_config, auth_required
from gis.auth.passwords import hash_password, verify_password
from gis.auth.roles import ACTIONS, DESKTOP, ROLES, Actor, PermissionDenied, allowed, require
from gis.auth.users import (
    AccountLocked,
    SignInError,
    add_user,
    disable_user,
    has_admin,
    list_users,
    reset_password,
    session_user,
    set_role,
    sign_in,
    sign_out,
)

__all__ = [
    "ACTIONS",
    "DESKTOP",
    "ROLES",
    "AccountLocked",
    "Actor",
    "AuthConfig",
    "PermissionDenied",
    "SignInError",
    "add_user",
    "allowed",
    "auth_config",
    "auth_required",
    "disable_user",
    "hash_password",
    "has_admin",
    "list_users",
    "require",
    "reset_password",
    "session_user",
    "set_role",
    "sign_in",
    "sign_out",
    "verify_password",
]
