"""Roles and the one gate: :func:`require` (the store's write functions call it; so do the pages).

viewer reads published data; editor also imports, draws, edits figures, saves and publishes scenarios,
exports and undoes their own changes; admin also undoes anyone's change, sees the full audit trail and
manages accounts. In desktop mode (no sign-in) everything is allowed to the local user.
"""

from __future__ import annotations

from dataclasses import dataclass

from gis.auth.config import auth_required
from gis.errors import AtlasError

ROLES = ("viewer", "editor", "admin")
#: The least role each action needs.
ACTIONS: dict[str, str] = {
    "read": "viewer",
    "edit": "editor",
    "publish": "editor",
    "export": "editor",
    "undo": "editor",
    "undo_any": "admin",
    "audit": "admin",
    "admin": "admin",
}


class PermissionDenied(AtlasError, PermissionError):
    """The acting user may not do this (or nobody is signed in on a shared server); nothing was changed."""


@dataclass(frozen=True)
class Actor:
    """Who acts: an account's ``name`` and ``role``; ``local`` for the desktop user (no sign-in),
    ``anonymous`` for a visitor reading published data without an account."""

    name: str
    role: str
    local: bool = False
    anonymous: bool = False


#: The single user of a desktop run (no sign-in): may do everything.
DESKTOP = Actor("desktop", "admin", local=True)


def _rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else -1


def allowed(user: Actor | None, action: str) -> bool:
    """Whether ``user`` may do ``action`` (see :data:`ACTIONS`) in the mode in force."""
    try:
        require(user, action)
    except PermissionDenied:
        return False
    return True


def require(user: Actor | None, action: str) -> Actor:
    """Return the acting user when they may do ``action``; raise :class:`PermissionDenied` otherwise.

    ``None`` (nobody given) is the desktop user in desktop mode and refused on a shared server, where a
    local actor is refused too.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    shared = auth_required()
    if user is None or user.local:
        if shared:
            raise PermissionDenied(
                "sign in first: this is a shared server",
                hint="sign in with your account; an admin creates one with `python -m gis users add`",
                message_zh="请先登录：这是共享服务器",
                hint_zh="用您的账户登录；管理员可用 `python -m gis users add` 创建账户",
            )
        return DESKTOP
    need = ACTIONS[action]
    if user.anonymous and action != "read":
        need = "admin_only_never"
    if _rank(user.role) < _rank(need) or _rank(user.role) < 0 or need not in ROLES:
        raise PermissionDenied(
            f"the role '{user.role}' may not {action.replace('_', ' ')}",
            hint=f"this needs the role '{need if need in ROLES else 'editor'}'; ask an admin",
            message_zh=f"角色“{user.role}”无权执行此操作（{action}）",
            hint_zh="请联系管理员授予相应角色",
        )
    return user
