"""``python -m clusters share``: JSON for the defaults and two cases worked out by hand; errors exit 1."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from clusters.__main__ import main
from tests.conftest import ROOT


def _json(capsys, argv: list[str]) -> dict:
    assert main(["share", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_defaults(capsys):
    data = _json(capsys, [])
    for key in (
        "required_park_growth",
        "share_by_year",
        "year_target_reached",
        "gap_share_points",
        "sources",
    ):
        assert key in data
    # by hand: parks must grow (0.75/0.60)^(1/5) = 1.045640 times as fast as total output (+8.5%)
    ratio = (0.75 / 0.60) ** (1 / 5)
    assert data["required_park_growth"] == pytest.approx(1.085 * ratio - 1, abs=1e-6)
    assert data["required_park_growth"] == pytest.approx(0.134519, abs=1e-6)
    assert [r["year"] for r in data["share_by_year"]] == list(range(2015, 2021))
    assert data["share_by_year"][0]["share"] == pytest.approx(0.60)
    assert data["share_by_year"][-1]["share"] == pytest.approx(0.75, abs=1e-6)
    assert data["share_by_year"][2]["share"] == pytest.approx(0.60 * ratio**2, abs=1e-6)
    assert data["year_target_reached"] == 2020
    assert data["gap_share_points"] == pytest.approx(0.0, abs=1e-6)
    assert data["gap_from_base_share_points"] == pytest.approx(15.0)
    assert "专栏1" in data["sources"]["target_share"]["zh"]
    assert "近60%" in data["sources"]["base_share"]["zh"]


def test_given_growth_case_by_hand(capsys):
    # base 50% in 2016, target 80% in 2022 (6 years), total +6%/yr, parks +10%/yr
    data = _json(
        capsys,
        [
            "--base-share",
            "0.5",
            "--target-share",
            "0.8",
            "--base-year",
            "2016",
            "--target-year",
            "2022",
            "--total-growth",
            "0.06",
            "--park-growth",
            "0.10",
        ],
    )
    assert data["required_park_growth"] == pytest.approx(1.06 * (0.8 / 0.5) ** (1 / 6) - 1, abs=1e-6)
    shares, s = [], 0.5
    for _ in range(2016, 2023):
        shares.append(s)
        s *= 1.10 / 1.06
    assert [r["share"] for r in data["share_by_year"]] == pytest.approx(shares, abs=1e-6)
    year, s = 2016, 0.5
    while s < 0.8:
        s *= 1.10 / 1.06
        year += 1
    assert year == 2029  # 0.5 * (1.10/1.06)^13 = 0.81 ≥ 0.8, ^12 = 0.78
    assert data["year_target_reached"] == year
    assert data["gap_share_points"] == pytest.approx((0.8 - shares[-1]) * 100, abs=1e-4)
    assert data["park_growth_is_required"] is False


def test_absolute_values_case_by_hand(capsys):
    # total 1000 亿, parks 400 亿 in 2015; target 50% in 2018; total +5%, parks +15%
    data = _json(
        capsys,
        [
            "--base-total-output",
            "1000",
            "--base-park-output",
            "400",
            "--target-share",
            "0.5",
            "--target-year",
            "2018",
            "--total-growth",
            "5%",
            "--park-growth",
            "0.15",
        ],
    )
    assert data["base_share"] == pytest.approx(0.4)
    total_2018, park_2018 = 1000 * 1.05**3, 400 * 1.15**3
    last = data["share_by_year"][-1]
    assert last["total_output"] == pytest.approx(total_2018, abs=1e-3)
    assert last["park_output"] == pytest.approx(park_2018, abs=1e-3)
    assert data["gap_yi_yuan"] == pytest.approx(0.5 * total_2018 - park_2018, abs=1e-3)
    assert data["gap_share_points"] == pytest.approx((0.5 - park_2018 / total_2018) * 100, abs=1e-3)
    # 0.4*(1.15/1.05)^2 = 0.4798 < 0.5; ^3 = 0.5255 ≥ 0.5
    assert data["year_target_reached"] == 2018


def test_readable_table(capsys):
    assert main(["share", "--total-growth", "0.08"]) == 0
    out = capsys.readouterr().out
    assert "12.93%" in out and "2020  75.00%" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["--base-share", "0"],
        ["--base-share", "1.2"],
        ["--target-share", "0.5"],
        ["--total-growth", "-1"],
        ["--target-year", "2015"],
        ["--total-growth", "nan"],
        ["--total-growth", "abc"],
        ["--base-total-output", "100"],
    ],
)
def test_errors_one_line_exit_1(argv):
    proc = subprocess.run(
        [sys.executable, "-m", "clusters", "share", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("error:")
    assert "Traceback" not in proc.stderr


def test_help_lists_default_sources():
    proc = subprocess.run(
        [sys.executable, "-m", "clusters", "share", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--total-growth" in proc.stdout and "8.5%" in proc.stdout and "Box 1 item 10" in proc.stdout
