"""Password hashing: a thin layer on :func:`hashlib.scrypt` (salt and parameters stored with the hash).

A stored hash reads ``scrypt$<n>$<r>$<p>$<salt, base64>$<key, base64>``; :func:`verify_password` recomputes
the key with the stored parameters and compares in constant time (:func:`hmac.compare_digest`). Passwords
are never stored, returned or logged in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from gis.errors import DataValidationError

#: scrypt cost (N = 2**14, r = 8, p = 1: 16 MiB and ~50 ms per hash), salt and key sizes in bytes.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
#: Shortest and longest password accepted.
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
_SCHEME = "scrypt"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=256 * n * r + 2**20
    )


def check_password_rules(password: str) -> None:
    """Refuse a password that is too short, too long or holds control characters (the message never
    repeats it)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise DataValidationError(
            f"the password is shorter than {MIN_PASSWORD} characters",
            field="password",
            hint=f"choose a password of at least {MIN_PASSWORD} characters",
            message_zh=f"密码短于 {MIN_PASSWORD} 个字符",
            hint_zh=f"请设置至少 {MIN_PASSWORD} 个字符的密码",
        )
    if len(password) > MAX_PASSWORD or any(ord(c) < 32 or ord(c) == 127 for c in password):
        raise DataValidationError(
            "the password is too long or holds control characters",
            field="password",
            hint=f"use at most {MAX_PASSWORD} printable characters",
            message_zh="密码过长或含控制字符",
            hint_zh=f"最多 {MAX_PASSWORD} 个可打印字符",
        )


def hash_password(password: str) -> str:
    """A new salted scrypt hash of ``password`` (checked by :func:`check_password_rules`)."""
    check_password_rules(password)
    salt = secrets.token_bytes(SALT_BYTES)
    key = _key(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (a :func:`hash_password` string); ``False`` for a malformed
    hash. The comparison takes the same time wherever the keys differ."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != _SCHEME:
            return False
        want = base64.b64decode(key, validate=True)
        got = _key(
            str(password)[:MAX_PASSWORD], base64.b64decode(salt, validate=True), int(n), int(r), int(p)
        )
    except (ValueError, TypeError, AttributeError):
        return False
    return hmac.compare_digest(got, want)


#: A hash no password matches, verified against for unknown users so their sign-in takes as long.
DUMMY_HASH = f"{_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(bytes(SALT_BYTES))}${_b64(bytes(KEY_BYTES))}"
