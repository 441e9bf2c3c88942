"""The sign-in form of a shared server: user name, password (``type=password``), 登录 / Sign in.

Nothing of the atlas's data is drawn before a user signs in (app.py stops the run after this form). The
form clears on submit, so the password is not kept in the session.
"""

from __future__ import annotations

import streamlit as st

from app_pages._auth import K_SHOW_SIGNIN, K_TOKEN, current_user, refuses_to_start
from app_pages.i18n import error_text, tr
from gis import auth

ADMIN_HOWTO = "python -m gis users add --name NAME --role admin --password-stdin"


def render_refusal() -> None:
    """A shared server on a network address with no admin: say how to create one, serve nothing."""
    st.title("闽园图 Fujian Park Atlas")
    st.error(
        tr(
            "共享服务器模式（FPA_AUTH=required）在网络地址上运行，但还没有管理员账户：拒绝启动。"
            "请在服务器上创建管理员后重新加载：",
            "Shared server mode (FPA_AUTH=required) on a network address, but no admin account exists: "
            "refusing to start. Create an admin on the server, then reload:",
        )
    )
    st.code(ADMIN_HOWTO, language="bash")


def _try_sign_in(name: str, password: str) -> None:
    try:
        st.session_state[K_TOKEN] = auth.sign_in(name, password)
    except auth.AccountLocked as exc:
        st.error(tr("账户已锁定：", "Account locked: ") + error_text(exc))
        return
    except auth.SignInError as exc:
        st.error(error_text(exc))
        return
    st.session_state.pop("auth_expired", None)
    st.session_state.pop(K_SHOW_SIGNIN, None)
    st.rerun()


def render_signin() -> None:
    """The sign-in form (and, when no admin exists yet, how to create one)."""
    st.title(tr("闽园图：登录", "Fujian Park Atlas: sign in"))
    if st.session_state.get("auth_expired"):
        st.info(tr("登录已过期，请重新登录。", "Your session has expired; please sign in again."))
    with st.form("auth_signin", clear_on_submit=True):
        name = st.text_input(tr("用户名", "User name"), key="auth_name")
        password = st.text_input(tr("密码", "Password"), type="password", key="auth_password")
        submitted = st.form_submit_button("登录 / Sign in", type="primary")
    if submitted:
        _try_sign_in(name, password)
    if not auth.has_admin():
        st.caption(
            tr("尚无账户。管理员在服务器上创建：", "No accounts yet. An admin creates one on the server:")
        )
        st.code(ADMIN_HOWTO, language="bash")


def gate() -> bool:
    """Whether the page may be drawn: always in desktop mode; on a shared server once signed in (or as an
    anonymous reader where allowed). Otherwise draws the sign-in form (or the refusal) and returns False."""
    if not auth.auth_required():
        return True
    if refuses_to_start():
        render_refusal()
        return False
    user = current_user()
    if user is not None and not (user.anonymous and st.session_state.get(K_SHOW_SIGNIN)):
        return True
    render_signin()
    return False
