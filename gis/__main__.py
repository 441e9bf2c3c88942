"""Command line for analysts: ``python -m gis {check,raster} …`` (see :mod:`gis.cli`)."""

from __future__ import annotations

from gis.cli import dispatch, run_main

DESCRIPTION = "Geo tools: check a file before import, build rasters. / 地理工具：导入前检查、栅格产品"
COMMANDS = {
    "check": ("gis.cli_check", "check a user's vector file before import / 导入前检查"),
    "raster": ("gis.cli_raster", "raster products, e.g. the output-density GeoTIFF / 栅格产品"),
    "users": ("gis.cli_users", "accounts of a shared server / 共享服务器账户"),
    "store": ("gis.cli_store", "check, back up or restore the user store / 检查、备份、恢复用户数据库"),
}


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m gis`` with ``argv``; return the exit code."""
    return dispatch("python -m gis", DESCRIPTION, COMMANDS, argv)


if __name__ == "__main__":
    run_main("python -m gis", DESCRIPTION, COMMANDS)
