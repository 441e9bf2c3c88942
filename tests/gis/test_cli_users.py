"""``python -m gis users …`` and ``python -m gis store …``: accounts and store care from the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gis import auth, store
from gis.__main__ import main
from tests.conftest import ROOT


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, argv: list[str], stdin: str = ""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_list_set_role_disable_reset(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    add = ["users", "add", "--name", "wang", "--role", "admin", "--password-stdin"]
    assert _run(monkeypatch, capsys, add, "admin-pass\n")[0] == 0
    add2 = ["users", "add", "--name", "li", "--role", "editor", "--password-stdin"]
    assert _run(monkeypatch, capsys, add2, "editor-pass\n")[0] == 0
    code, out, _ = _run(monkeypatch, capsys, ["users", "list"])
    assert code == 0 and "wang" in out and "admin" in out and "li" in out
    assert "admin-pass" not in out and "scrypt" not in out
    assert _run(monkeypatch, capsys, ["users", "set-role", "--name", "li", "--role", "viewer"])[0] == 0
    assert auth.session_user(auth.sign_in("li", "editor-pass")).role == "viewer"
    assert _run(monkeypatch, capsys, ["users", "disable", "--name", "li"])[0] == 0
    assert "disabled" in _run(monkeypatch, capsys, ["users", "list"])[1]
    reset = ["users", "reset-password", "--name", "wang", "--password-stdin"]
    assert _run(monkeypatch, capsys, reset, "fresh-password\n")[0] == 0
    assert auth.sign_in("wang", "fresh-password")


@pytest.mark.parametrize(
    ("argv", "stdin", "says"),
    [
        (
            ["users", "add", "--name", "x", "--role", "boss", "--password-stdin"],
            "long-enough\n",
            "unknown role",
        ),
        (["users", "add", "--name", "a b", "--role", "viewer", "--password-stdin"], "long-enough\n", "name"),
        (["users", "add", "--name", "x", "--role", "viewer", "--password-stdin"], "short\n", "shorter"),
        (["users", "add", "--name", "x", "--role", "viewer"], "", "no password"),
        (["users", "set-role", "--name", "ghost", "--role", "viewer"], "", "no account"),
        (["users", "disable"], "", "name"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, argv: list[str], stdin: str, says: str
) -> None:
    code, _, err = _run(monkeypatch, capsys, argv, stdin)
    assert code == 1
    assert err.startswith("error: ") and says in err and err.count("\n") == 1
    assert "short\n" not in err


def test_subprocess_has_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "FPA_STORE": str(tmp_path / "s.gpkg"), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "gis", "users", "add", "--name", "x", "--role", "root", "--password-stdin"]
    proc = subprocess.run(cmd, input="long-enough\n", capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "unknown role" in proc.stderr


def test_store_check_backup_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, _isolated_user_store: Path
) -> None:
    assert _run(monkeypatch, capsys, ["store", "check"])[1].startswith("no store")
    store.save_scenario("kept", {"a": 1})
    assert "ok" in _run(monkeypatch, capsys, ["store", "check"])[1]
    backup = tmp_path / "backup.gpkg"
    assert _run(monkeypatch, capsys, ["store", "backup", str(backup)])[0] == 0
    store.save_scenario("later", {"b": 2})
    code, out, _ = _run(monkeypatch, capsys, ["store", "restore", str(backup)])
    assert code == 0 and "replaced" in out
    assert set(store.load_scenarios()) == {"kept"}
    assert list(_isolated_user_store.parent.glob("user_data.gpkg.replaced-*"))
    code, _, err = _run(monkeypatch, capsys, ["store", "restore", str(tmp_path / "nope.gpkg")])
    assert code == 1 and err.startswith("error: ")
