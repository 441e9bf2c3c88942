"""``python -m gis users {add,list,set-role,disable,enable,reset-password}``: accounts of a shared server.

Passwords are read from standard input (``--password-stdin``, first line) or asked twice on a terminal;
never on the command line. Bad input prints one line (``error: …``) and exits 1.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from gis import auth
from gis.errors import DataValidationError

_NEEDS_ROLE = {"add", "set-role"}
_NEEDS_PASSWORD = {"add", "reset-password"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``users ACTION --name NAME [--role ROLE] [--password-stdin]``."""
    parser.add_argument("action", choices=["add", "list", "set-role", "disable", "enable", "reset-password"])
    parser.add_argument("--name", help="account name / 账户名")
    parser.add_argument("--role", help="viewer | editor | admin")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input / 从标准输入读密码",
    )


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if sys.stdin.isatty():
        first = getpass.getpass("password / 密码: ")
        if getpass.getpass("again / 再输一次: ") != first:
            raise DataValidationError(
                "the two passwords differ", field="password", message_zh="两次输入的密码不同"
            )
        return first
    raise DataValidationError(
        "no password given",
        field="password",
        hint="pipe it in with --password-stdin (never on the command line)",
        message_zh="未提供密码",
        hint_zh="用 --password-stdin 从标准输入提供（不要写在命令行上）",
    )


def _list() -> int:
    rows = auth.list_users()
    if not rows:
        print("no accounts yet / 尚无账户: python -m gis users add --name NAME --role admin --password-stdin")
        return 0
    print(f"{'name':<24} {'role':<8} state")
    for r in rows:
        state = "disabled" if r["disabled"] else ("locked" if r["locked"] else "active")
        print(f"{r['name']!s:<24} {r['role']!s:<8} {state}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run one account action."""
    if args.action == "list":
        return _list()
    name = auth.users.check_name(args.name)
    if args.action in _NEEDS_ROLE:
        auth.users.check_role(args.role)
    password = _password(args.password_stdin) if args.action in _NEEDS_PASSWORD else ""
    if args.action == "add":
        auth.add_user(name, args.role, password)
        print(f"added {name} ({args.role}) / 已添加")
    elif args.action == "set-role":
        auth.set_role(name, args.role)
        print(f"{name}: role {args.role} / 已改角色")
    elif args.action in ("disable", "enable"):
        auth.disable_user(name, args.action == "disable")
        print(f"{name}: {args.action}d / 已{'停用' if args.action == 'disable' else '启用'}")
    else:
        auth.reset_password(name, password)
        print(f"{name}: new password set, lockout lifted, sessions ended / 已重设密码")
    return 0
