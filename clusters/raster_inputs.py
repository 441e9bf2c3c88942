"""Plan-based raster inputs: the 2020 petrochemical output target shared out across the petrochemical parks.

The plan goal comes from ``data/plan/petrochem_goals.csv`` through :func:`clusters.targets.petrochem_goals`
(row ``output``: 6800 亿元, 第四章一（一）; 专栏10 #1); splitting it equally is an ASSUMPTION that every
product says. Park figures themselves are :mod:`gis.raster`. This module is also the command
``python -m clusters density`` (the options of ``python -m gis raster density``, plus the plan figure).
"""

from __future__ import annotations

import argparse

import geopandas as gpd
import pandas as pd

from clusters.targets import petrochem_goals
from gis import raster
from gis.cli_raster import add_density_arguments, figures_epilog, run_density
from gis.errors import AtlasError, DataValidationError
from gis.raster import load_parks_for_rasters

__all__ = [
    "add_arguments",
    "density_values",
    "figure_choices",
    "load_parks_for_rasters",
    "petrochem_split",
    "run",
]


def _goal() -> pd.Series:
    goals = petrochem_goals()
    return goals.loc[goals.index == "output"].iloc[0]


def petrochem_split(parks: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The plan's 2020 petrochemical output target split equally across the petrochemical parks (ASSUMPTION).

    Returns the per-park values of :func:`gis.raster.equal_split_values`, sourced to the plan's words.
    """
    goal = _goal()
    ids = raster.petrochemical_parks(parks)
    return raster.equal_split_values(
        parks,
        ids,
        total=float(goal["value"]),
        unit=str(goal["unit"]),
        year=goal["year"],
        source=f"plan 《福建省“十三五”工业转型升级规划》 {goal['source']}: “{goal['quote']}”",
        label_zh=f"规划石化产值目标（平均分配至{len(ids)}个石化园区，假设）",
        label_en=(
            f"Plan petrochemical output target (split equally across {len(ids)} petrochemical parks, "
            "assumption)"
        ),
    )


def figure_choices(parks: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Figures offered for density surfaces: those the parks carry plus the petrochemical split."""
    try:
        parks = load_parks_for_rasters(False) if parks is None else parks
    except (AtlasError, OSError):  # the shipped parks could not be loaded: nothing to offer
        return raster.park_figure_choices(gpd.GeoDataFrame())
    table = raster.park_figure_choices(parks)
    n_pc = len(raster.petrochemical_parks(parks)) if len(parks) else 0
    if n_pc:
        goal = _goal()
        total = f"{float(goal['value']):g}{goal['unit']}"
        row = {
            "label_zh": f"规划{goal['year']}年石化产值{total}，平均分配至{n_pc}个石化园区（假设）",
            "label_en": (
                f"plan's {goal['year']} petrochemical output target split equally across the {n_pc} "
                "petrochemical parks (assumption)"
            ),
            "unit": str(goal["unit"]),
            "years": [str(goal["year"])],
            "n_parks": n_pc,
        }
        split = pd.DataFrame([row], index=pd.Index([raster.PETROCHEM_SPLIT_FIGURE], name=table.index.name))
        table = pd.concat([table.drop(index=raster.PETROCHEM_SPLIT_FIGURE, errors="ignore"), split])
    return table


def density_values(parks: gpd.GeoDataFrame, figure: str, year: str | None) -> gpd.GeoDataFrame:
    """Per-park values of ``figure``: the plan split for :data:`gis.raster.PETROCHEM_SPLIT_FIGURE`
    (2020 only), else the park figure."""
    if figure != raster.PETROCHEM_SPLIT_FIGURE:
        return raster.figure_values(parks, figure, year)
    goal_year = str(_goal()["year"])
    if year not in (None, "", goal_year):
        raise DataValidationError(
            f"the petrochemical target is for {goal_year}, not {year}",
            field="year",
            hint=f"leave --year out or use {goal_year}",
            message_zh=f"石化目标是 {goal_year} 年的，不是 {year} 年",
            hint_zh=f"不填 --year，或填 {goal_year}",
        )
    return petrochem_split(parks)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``python -m clusters density``: the density GeoTIFF, with the plan's petrochemical split offered."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = figures_epilog(figure_choices())
    add_density_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Write the density GeoTIFF of ``args.figure``; return the exit code."""
    parks = load_parks_for_rasters(args.with_store)
    return run_density(args, parks, figure_choices(parks), density_values)
