"""Accounts: scrypt hashes, lockout, session expiry, roles and the one gate."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gis import auth
from gis.auth import passwords, users
from gis.settings import users_path


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FPA_AUTH", "required")


def test_hash_is_salted_and_verified_in_constant_time_layout() -> None:
    a, b = auth.hash_password("correct horse"), auth.hash_password("correct horse")
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert "correct horse" not in a
    assert auth.verify_password("correct horse", a)
    assert not auth.verify_password("correct horsE", a)
    assert not auth.verify_password("correct horse", "not-a-hash")
    assert not auth.verify_password("x", passwords.DUMMY_HASH)


def test_short_password_refused_without_repeating_it() -> None:
    with pytest.raises(auth.users.DataValidationError) as err:
        auth.hash_password("abc1234")
    assert "abc1234" not in str(err.value)


def test_users_live_beside_the_store_and_never_hold_the_password(_isolated_user_store: Path) -> None:
    auth.add_user("wang.li", "editor", "s3cret-pass")
    assert users_path().parent == _isolated_user_store.parent
    raw = users_path().read_bytes()
    assert b"s3cret-pass" not in raw
    assert [u["name"] for u in auth.list_users()] == ["wang.li"]
    assert "pw_hash" not in auth.list_users()[0]
    with pytest.raises(auth.users.DataValidationError, match="exists already"):
        auth.add_user("WANG.LI", "viewer", "another-pass")


def test_sign_in_session_and_sign_out() -> None:
    auth.add_user("chen", "viewer", "viewer-pass")
    token = auth.sign_in("chen", "viewer-pass")
    assert auth.session_user(token) == auth.Actor("chen", "viewer")
    raw = users_path().read_bytes()
    assert token.encode() not in raw  # only its hash is kept
    auth.sign_out(token)
    assert auth.session_user(token) is None
    assert auth.session_user("forged") is None


def test_five_wrong_passwords_lock_even_the_right_one(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(users, "clock", lambda: now[0])
    auth.add_user("lin", "editor", "right-pass")
    for _ in range(4):
        with pytest.raises(auth.SignInError) as err:
            auth.sign_in("lin", "wrong-pass")
        assert not isinstance(err.value, auth.AccountLocked)
    with pytest.raises(auth.AccountLocked, match="locked"):
        auth.sign_in("lin", "wrong-pass")
    with pytest.raises(auth.AccountLocked):
        auth.sign_in("lin", "right-pass")
    assert auth.list_users()[0]["locked"]
    now[0] += 16 * 60  # the lock lasts 15 minutes
    assert auth.session_user(auth.sign_in("lin", "right-pass")) == auth.Actor("lin", "editor")


def test_reset_password_lifts_the_lock_and_ends_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    auth.add_user("lin", "editor", "right-pass")
    token = auth.sign_in("lin", "right-pass")
    for _ in range(5):
        with pytest.raises(auth.SignInError):
            auth.sign_in("lin", "wrong-pass")
    auth.reset_password("lin", "newer-pass")
    assert auth.session_user(token) is None
    assert auth.session_user(auth.sign_in("lin", "newer-pass")) is not None


def test_unknown_user_is_the_same_error_as_a_wrong_password() -> None:
    auth.add_user("lin", "editor", "right-pass")
    with pytest.raises(auth.SignInError) as a:
        auth.sign_in("nobody", "right-pass")
    with pytest.raises(auth.SignInError) as b:
        auth.sign_in("lin", "wrong-pass")
    assert str(a.value) == str(b.value)


def test_sessions_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [2_000_000.0]
    monkeypatch.setattr(users, "clock", lambda: now[0])
    monkeypatch.setenv("FPA_SESSION_HOURS", "2")
    auth.add_user("lin", "editor", "right-pass")
    token = auth.sign_in("lin", "right-pass")
    now[0] += 3600
    assert auth.session_user(token) is not None
    now[0] += 3601
    assert auth.session_user(token) is None


def test_role_change_and_disable_apply_to_open_sessions() -> None:
    auth.add_user("boss", "admin", "admin-pass")
    auth.add_user("lin", "editor", "right-pass")
    token = auth.sign_in("lin", "right-pass")
    auth.set_role("lin", "viewer")
    assert auth.session_user(token) == auth.Actor("lin", "viewer")
    auth.disable_user("lin")
    assert auth.session_user(token) is None
    with pytest.raises(auth.SignInError):
        auth.sign_in("lin", "right-pass")
    with pytest.raises(auth.users.DataValidationError, match="last admin"):
        auth.disable_user("boss")


def test_roles_and_the_gate(shared: None) -> None:
    viewer, editor, admin = (auth.Actor(n, n) for n in ("viewer", "editor", "admin"))
    assert auth.require(editor, "edit") is editor
    with pytest.raises(auth.PermissionDenied):
        auth.require(viewer, "edit")
    with pytest.raises(auth.PermissionDenied):
        auth.require(editor, "undo_any")
    assert auth.allowed(admin, "undo_any") and auth.allowed(viewer, "read")
    with pytest.raises(auth.PermissionDenied, match="sign in"):
        auth.require(None, "read")
    with pytest.raises(auth.PermissionDenied):
        auth.require(auth.DESKTOP, "edit")  # no desktop actor on a shared server
    anon = auth.Actor("anonymous", "viewer", anonymous=True)
    assert auth.allowed(anon, "read") and not auth.allowed(anon, "edit")
    assert not auth.allowed(auth.Actor("x", "superuser"), "read")


def test_desktop_mode_allows_everything() -> None:
    assert auth.require(None, "undo_any") is auth.DESKTOP
    assert not auth.auth_required()


def test_mode_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        '[auth]\nmode = "required"\nanonymous_read = true\nlockout_minutes = 30\n', encoding="utf-8"
    )
    monkeypatch.setenv("FPA_CONFIG", str(cfg))
    monkeypatch.delenv("FPA_AUTH", raising=False)
    got = auth.auth_config()
    assert got.required and got.anonymous_read and got.lockout_minutes == 30
    monkeypatch.setenv("FPA_AUTH", "desktop")  # the environment wins
    assert not auth.auth_required()
    monkeypatch.setenv("FPA_AUTH", "yes please")  # unknown: fail closed
    assert auth.auth_required()


def test_accounts_file_is_plain_sqlite_with_no_clear_text(_isolated_user_store: Path) -> None:
    auth.add_user("zhao", "admin", "zhao-password")
    con = sqlite3.connect(users_path())
    try:
        (stored,) = con.execute("SELECT pw_hash FROM users").fetchone()
    finally:
        con.close()
    assert stored.startswith("scrypt$") and "zhao-password" not in stored
