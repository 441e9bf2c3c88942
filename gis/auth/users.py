"""Accounts and server-side sessions of a shared server, in a small SQLite file beside the store.

Tables: ``users`` (name, role, scrypt hash, disabled, failed attempts, locked-until), ``sessions`` (the
SHA-256 of each token, its user and expiry: a token is useless once it expires, is signed out, or its user is
disabled or gets a new password) and ``events`` (who created, changed or disabled which account, when).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from gis.auth.config import AuthConfig, auth_config
from gis.auth.passwords import DUMMY_HASH, hash_password, verify_password
from gis.auth.roles import ROLES, Actor
from gis.errors import AtlasError, DataValidationError, StoreError
from gis.settings import users_path

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY COLLATE NOCASE, role TEXT NOT NULL,
        pw_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
        locked_until REAL, created_at TEXT NOT NULL, changed_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE,
        created REAL NOT NULL, expires REAL NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
        actor TEXT, action TEXT NOT NULL, name TEXT NOT NULL, detail TEXT)""",
]
_NAME = re.compile(r"^[\w.@-]{1,64}$")

#: The clock (seconds since the epoch); tests replace it to step over lockouts and expiries.
clock = time.time


class SignInError(AtlasError, PermissionError):
    """Wrong user name or password, a disabled account, or an expired session."""


class AccountLocked(SignInError):
    """Too many wrong passwords: the account is locked for a while."""


def _stamp() -> str:
    return dt.datetime.fromtimestamp(clock(), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextlib.contextmanager
def _db(path: str | Path | None = None, *, write: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection to the accounts database inside a transaction (``write``: ``BEGIN IMMEDIATE``, the
    write lock; reads take none, so checking a session on every page run never waits for a sign-in)."""
    p = Path(path) if path is not None else users_path()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(str(p), timeout=30, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 30000")
        con.execute("PRAGMA journal_mode = WAL")
        for stmt in _SCHEMA:
            con.execute(stmt)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"the accounts database cannot be opened: {exc}",
            hint="check that the store folder is writable (FPA_STORE / FPA_USERS)",
            message_zh=f"无法打开账户数据库：{exc}",
            hint_zh="检查数据目录是否可写（FPA_STORE / FPA_USERS）",
        ) from exc
    try:
        con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        yield con
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def check_name(name: object) -> str:
    """A valid account name (NFKC; letters, digits, ``_ . @ -``; 1–64 characters) or a clear error."""
    text = unicodedata.normalize("NFKC", str(name or "")).strip()
    if not _NAME.match(text):
        raise DataValidationError(
            "an account name has 1–64 letters, digits or _ . @ -",
            field="name",
            hint="e.g. --name wang.li",
            message_zh="账户名须为 1–64 个字母、数字或 _ . @ -",
            hint_zh="例如 --name wang.li",
        )
    return text


def check_role(role: object) -> str:
    """A known role or a clear error."""
    if role not in ROLES:
        raise DataValidationError(
            f"unknown role '{role}'",
            field="role",
            hint="use viewer, editor or admin",
            message_zh=f"未知角色“{role}”",
            hint_zh="可用 viewer、editor 或 admin",
        )
    return str(role)


def _row(con: sqlite3.Connection, name: str) -> tuple:
    row = con.execute(
        "SELECT name, role, pw_hash, disabled, failures, locked_until FROM users WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        raise DataValidationError(
            f"no account '{name}'",
            field="name",
            hint="see `python -m gis users list`",
            message_zh=f"没有账户“{name}”",
            hint_zh="见 `python -m gis users list`",
        )
    return row


def _event(con: sqlite3.Connection, actor: str | None, action: str, name: str, detail: str = "") -> None:
    con.execute(
        "INSERT INTO events (at, actor, action, name, detail) VALUES (?,?,?,?,?)",
        (_stamp(), actor, action, name, detail),
    )


def add_user(
    name: str, role: str, password: str, *, actor: str | None = "cli", path: str | Path | None = None
) -> str:
    """Create an account; return its name. Refuses a name already taken (whatever its case)."""
    name, role = check_name(name), check_role(role)
    pw_hash = hash_password(password)
    with _db(path) as con:
        if con.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise DataValidationError(
                f"the account '{name}' exists already",
                field="name",
                hint="choose another name, or use `users reset-password` / `users set-role`",
                message_zh=f"账户“{name}”已存在",
                hint_zh="换一个名字，或用 `users reset-password` / `users set-role`",
            )
        now = _stamp()
        con.execute(
            "INSERT INTO users (name, role, pw_hash, created_at, changed_at) VALUES (?,?,?,?,?)",
            (name, role, pw_hash, now, now),
        )
        _event(con, actor, "add", name, role)
    return name


def list_users(*, path: str | Path | None = None) -> list[dict[str, object]]:
    """Every account (no hashes): ``name, role, disabled, locked, created_at, changed_at``."""
    with _db(path, write=False) as con:
        rows = con.execute(
            "SELECT name, role, disabled, locked_until, created_at, changed_at FROM users ORDER BY name"
        ).fetchall()
    now = clock()
    return [
        {
            "name": n,
            "role": r,
            "disabled": bool(d),
            "locked": bool(lu and lu > now),
            "created_at": c,
            "changed_at": ch,
        }
        for n, r, d, lu, c, ch in rows
    ]


def _keep_an_admin(con: sqlite3.Connection, name: str) -> None:
    others = con.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND name != ?", (name,)
    ).fetchone()[0]
    if not others:
        raise DataValidationError(
            f"'{name}' is the last admin",
            field="name",
            hint="make another account admin first",
            message_zh=f"“{name}”是最后一个管理员",
            hint_zh="请先把另一个账户设为管理员",
        )


def set_role(name: str, role: str, *, actor: str | None = "cli", path: str | Path | None = None) -> None:
    """Give an account another role (its open sessions get the new role at once)."""
    name, role = check_name(name), check_role(role)
    with _db(path) as con:
        row = _row(con, name)
        if row[1] == "admin" and role != "admin":
            _keep_an_admin(con, row[0])
        con.execute("UPDATE users SET role = ?, changed_at = ? WHERE name = ?", (role, _stamp(), name))
        _event(con, actor, "set-role", row[0], role)


def disable_user(
    name: str, disabled: bool = True, *, actor: str | None = "cli", path: str | Path | None = None
) -> None:
    """Disable (or enable again) an account; its sessions end at once."""
    name = check_name(name)
    with _db(path) as con:
        row = _row(con, name)
        if disabled and row[1] == "admin":
            _keep_an_admin(con, row[0])
        con.execute(
            "UPDATE users SET disabled = ?, changed_at = ? WHERE name = ?", (int(disabled), _stamp(), name)
        )
        con.execute("DELETE FROM sessions WHERE name = ?", (name,))
        _event(con, actor, "disable" if disabled else "enable", row[0])


def reset_password(
    name: str, password: str, *, actor: str | None = "cli", path: str | Path | None = None
) -> None:
    """Set a new password, lift any lockout and end the account's sessions."""
    name = check_name(name)
    pw_hash = hash_password(password)
    with _db(path) as con:
        row = _row(con, name)
        con.execute(
            "UPDATE users SET pw_hash = ?, failures = 0, locked_until = NULL, changed_at = ? WHERE name = ?",
            (pw_hash, _stamp(), name),
        )
        con.execute("DELETE FROM sessions WHERE name = ?", (name,))
        _event(con, actor, "reset-password", row[0])


def has_admin(*, path: str | Path | None = None) -> bool:
    """Whether an enabled admin account exists."""
    p = Path(path) if path is not None else users_path()
    if not p.exists():
        return False
    with _db(p, write=False) as con:
        return bool(con.execute("SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0").fetchone())


def _locked_error(until: float) -> AccountLocked:
    minutes = max(1, int((until - clock()) // 60 + 1))
    return AccountLocked(
        f"too many wrong passwords: the account is locked for {minutes} more minute(s)",
        hint="wait, or ask an admin: python -m gis users reset-password",
        message_zh=f"密码错误次数过多：账户已锁定，约 {minutes} 分钟后可再试",
        hint_zh="请稍候，或请管理员运行 python -m gis users reset-password",
    )


def _bad_credentials() -> SignInError:
    return SignInError(
        "wrong user name or password",
        hint="check both; after several wrong passwords the account is locked for a while",
        message_zh="用户名或密码错误",
        hint_zh="请检查两者；多次输错密码后账户会被暂时锁定",
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode("utf-8")).hexdigest()


def sign_in(name: str, password: str, *, path: str | Path | None = None) -> str:
    """Check the password; return a new session token (kept server-side as its hash).

    Raises :class:`AccountLocked` while the account is locked (even for the right password) and after the
    wrong password that locks it; :class:`SignInError` for a wrong name or password or a disabled account.
    """
    cfg = auth_config()
    try:
        name = check_name(name)
    except DataValidationError:
        verify_password(str(password), DUMMY_HASH)
        raise _bad_credentials() from None
    token = secrets.token_urlsafe(32)
    with _db(path) as con:
        error = _check_password(con, name, str(password), token, cfg)
    if error is not None:
        raise error
    return token


def _check_password(
    con: sqlite3.Connection, name: str, password: str, token: str, cfg: AuthConfig
) -> SignInError | None:
    """Count a wrong password (locking at the limit) or open a session; the error to raise after the
    transaction commits (so the count is kept)."""
    now = clock()
    con.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
    row = con.execute(
        "SELECT name, pw_hash, disabled, failures, locked_until FROM users WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        verify_password(password, DUMMY_HASH)
        return _bad_credentials()
    real, pw_hash, disabled, failures, locked_until = row
    if locked_until and locked_until > now:
        return _locked_error(locked_until)
    if locked_until:
        failures = 0
    if not verify_password(password, pw_hash) or disabled:
        failures += 1
        until = now + cfg.lockout_minutes * 60 if failures >= cfg.max_failures else None
        con.execute(
            "UPDATE users SET failures = ?, locked_until = ? WHERE name = ?",
            (0 if until else failures, until, real),
        )
        if until:
            _event(con, None, "locked", real, f"{cfg.max_failures} wrong passwords")
            return _locked_error(until)
        return _bad_credentials()
    con.execute("UPDATE users SET failures = 0, locked_until = NULL WHERE name = ?", (real,))
    con.execute(
        "INSERT INTO sessions (token_hash, name, created, expires) VALUES (?,?,?,?)",
        (_token_hash(token), real, now, now + cfg.session_hours * 3600),
    )
    return None


def session_user(token: str | None, *, path: str | Path | None = None) -> Actor | None:
    """The account a token signs in (with its role now), or ``None`` when the token is unknown, expired,
    signed out, or its account disabled."""
    if not token:
        return None
    p = Path(path) if path is not None else users_path()
    if not p.exists():
        return None
    with _db(p, write=False) as con:
        row = con.execute(
            "SELECT u.name, u.role FROM sessions s JOIN users u ON u.name = s.name "
            "WHERE s.token_hash = ? AND s.expires > ? AND u.disabled = 0",
            (_token_hash(token), clock()),
        ).fetchone()
    return Actor(row[0], row[1]) if row else None


def sign_out(token: str | None, *, path: str | Path | None = None) -> None:
    """End a session (its token stops working at once)."""
    if not token:
        return
    with _db(path) as con:
        con.execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),))
