"""Command line for analysts: ``python -m clusters {targets,share,parkshare} …`` (see :mod:`gis.cli`)."""

from __future__ import annotations

from gis.cli import dispatch, run_main

DESCRIPTION = (
    "The plan's targets, the park-share calculator, park share from firms. / 规划目标、园区占比测算、企业测算"
)
COMMANDS = {
    "targets": ("clusters.cli_targets", "the plan's sector targets, indicators and park goals / 规划目标"),
    "share": ("clusters.cli_share", "the park-share (75%%) calculator / 园区产值占比测算"),
    "parkshare": ("clusters.cli_parkshare", "park share from firm records / 企业点位测算园区占比"),
    "report": ("clusters.cli_report", "the plan's evaluation report, DOCX or PDF / 规划实施评估报告"),
    "density": (
        "clusters.raster_inputs",
        "the output-density GeoTIFF, with the plan's petrochemical split / "
        "输出密度栅格（含规划石化目标分配）",
    ),
}


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m clusters`` with ``argv``; return the exit code."""
    return dispatch("python -m clusters", DESCRIPTION, COMMANDS, argv)


if __name__ == "__main__":
    run_main("python -m clusters", DESCRIPTION, COMMANDS)
