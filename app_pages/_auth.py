"""Who is using the page: the signed-in account (kept server-side, :mod:`gis.auth`), and the one gate.

``current_user()`` is the desktop user in desktop mode, the signed-in account on a shared server (its role
read afresh on every run), an anonymous reader when the server allows it, else ``None``. ``can("edit")``
asks :func:`gis.auth.allowed`; pages hide controls with it and pass ``current_user()`` to the store, which
checks again (a forged widget value cannot write).
"""

from __future__ import annotations

import streamlit as st

from app_pages.i18n import as_text, tr
from gis import auth

K_TOKEN = "auth_token"
K_SHOW_SIGNIN = "auth_show_signin"  # an anonymous reader asked for the sign-in form
#: The signed-in account's name: what is kept per user (jobs, uploads: ``app_pages._progress_ui.user_id``).
K_USER = "auth_user"
ANONYMOUS = auth.Actor("anonymous", "viewer", anonymous=True)
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def current_user() -> auth.Actor | None:
    """The acting user of this session (``None``: nobody signed in on a shared server)."""
    cfg = auth.auth_config()
    if not cfg.required:
        return auth.DESKTOP
    token = st.session_state.get(K_TOKEN)
    user = auth.session_user(token) if token else None
    if user is None and token:
        st.session_state.pop(K_TOKEN, None)
        st.session_state.pop(K_USER, None)
        st.session_state["auth_expired"] = True
    if user is not None:
        st.session_state[K_USER] = user.name
    if user is None and cfg.anonymous_read:
        return ANONYMOUS
    return user


def can(action: str) -> bool:
    """Whether the session's user may do ``action`` (``read``, ``edit``, ``publish``, ``export``, ``undo``,
    ``undo_any``, ``audit``, ``admin``); everything in desktop mode."""
    return auth.allowed(current_user(), action)


def signed_in() -> bool:
    """Whether an account (not an anonymous reader) is signed in, or this is the desktop."""
    user = current_user()
    return user is not None and not user.anonymous


def server_address() -> str:
    """The address Streamlit listens on (``server.address``; empty means every interface)."""
    return str(st.get_option("server.address") or "")


def refuses_to_start() -> bool:
    """A shared server on a non-loopback address with no admin account must not serve anything."""
    return auth.auth_required() and server_address() not in _LOOPBACK and not auth.has_admin()


def sign_out() -> None:
    """End this session's sign-in (the token stops working on the server at once)."""
    auth.sign_out(st.session_state.pop(K_TOKEN, None))
    st.session_state.pop(K_USER, None)
    st.session_state.pop("auth_expired", None)


def sidebar_account() -> None:
    """Who is signed in, and the sign-out button (shared server only)."""
    if not auth.auth_required():
        return
    user = current_user()
    with st.sidebar:
        if user is None or user.anonymous:
            st.caption(tr("未登录：只读已发布数据", "Not signed in: published data, read only"))
            if user is not None and st.button("登录 / Sign in", key="auth_show_signin_button"):
                st.session_state[K_SHOW_SIGNIN] = True
                st.rerun()
            return
        st.caption(tr("已登录：", "Signed in: ") + as_text(f"{user.name} ({user.role})"))
        if st.button(tr("退出登录", "Sign out"), key="auth_sign_out"):
            sign_out()
            st.rerun()
