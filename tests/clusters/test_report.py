"""The evaluation report's content (clusters.report): the plan's rows, actual vs target, sources, unknowns,
and the command line's one-line errors."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from clusters import share
from clusters import targets as T
from clusters.report import build_report, load_progress
from gis.errors import AtlasError
from tests.conftest import ROOT

PROGRESS = (
    'kind,name,year,value\n行业,石油化工,2018,5000\n行业,纺织服装,2019,"7,100"\n集群,漳州食品,2019,900\n'
)


def _num(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.fixture
def progress_file(tmp_path):
    path = tmp_path / "progress.csv"
    path.write_text(PROGRESS, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_box10_rows_are_the_plans(lang):
    table = build_report(lang).table("zl10")
    sectors = T.sector_targets()
    assert len(table.rows) == len(sectors) == 24
    target_col = table.columns.index(
        "2020年产值目标（亿元）" if lang == "zh" else "2020 output target (100 million yuan)"
    )
    assert [_num(r[target_col]) for r in table.rows] == list(sectors["output_2020"])
    assert [int(r[0]) for r in table.rows] == list(sectors.index)
    assert any("推算" in c or "DERIVED" in c.upper() for c in table.derived_columns)


def test_box1_has_16_indicators_and_says_actuals_are_not_supplied():
    table = build_report("zh").table("zl1")
    assert len(table.rows) == len(T.indicators()) == 16
    assert {r[-1] for r in table.rows} == {"未提供"} and "专栏1" in table.note


def test_every_figure_row_has_a_source(progress_file):
    report = build_report("zh", load_progress(progress_file).figures)
    for table in report.tables():
        for source in table.source_columns[:1]:
            i = table.columns.index(source)
            assert all(r[i].strip() and r[i] != "—" for r in table.rows), (table.key, source)


def test_actual_vs_target_for_a_row_computed_here(progress_file):
    given = load_progress(progress_file)
    report = build_report("zh", given.figures, figures_from=given.origin)
    table = report.table("zl10")
    row = dict(zip(table.columns, table.rows[0], strict=True))  # 石油化工, 6800 亿元 in 2020, 19 % a year
    assert row["实际年份"] == "2018" and _num(row["实际产值（亿元）"]) == 5000
    assert row["占2020年目标 %（推算）"] == f"{5000 / 6800 * 100:.1f}"
    assert row["当年路径值（亿元）（推算）"] == f"{6800 / 1.19**2:,.1f}"
    assert row["状态（推算）"] == "按进度" and row["实际数据来源"] == "用户数据：progress.csv"
    textile = dict(zip(table.columns, table.rows[1], strict=True))
    assert _num(textile["实际产值（亿元）"]) == 7100 and textile["状态（推算）"] == "落后"  # path 8480/1.1
    detail = report.table("progress")
    assert "漳州食品" in {r[1] for r in detail.rows}
    assert {r[detail.columns.index("年份")] for r in detail.rows} == {"2018", "2019"}
    assert any("22个没有实际数据" in u for u in report.unknowns)
    assert ("实际数据（3条）", "2018–2019") in report.data_dates


def test_the_users_stated_source_and_note_are_kept(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "name,year,value,source,note\n石油化工,2018,5000,2018年统计公报,规上口径\n", encoding="utf-8"
    )
    report = build_report("zh", load_progress(path).figures)
    zl10 = report.table("zl10")
    row = dict(zip(zl10.columns, zl10.rows[0], strict=True))
    assert row["实际数据来源"] == "用户数据：p.csv；用户注明来源：2018年统计公报"
    detail = report.table("progress")
    assert dict(zip(detail.columns, detail.rows[0], strict=True))["说明（用户）"] == "规上口径"


def test_park_share_table_shows_formula_inputs_and_origin():
    report = build_report("zh", scenario=share.Scenario(name="我的", base_share=0.58))
    inputs = report.table("share_inputs")
    by_name = {r[0]: r for r in inputs.rows}
    assert by_name["基期园区产值占比"][2] == "用户输入" and by_name["目标占比"][2] == "规划"
    results = report.table("share_results")
    g = 1.085 * (0.75 / 0.58) ** 0.2 - 1
    assert results.rows[0][1] == f"{g:.1%}"
    section = next(s for s in report.sections if s.heading == "园区产值占比测算")
    assert any("(1+g园区)" in p for p in section.paragraphs)
    assert any("基期占比不是规划的数字" in u for u in report.unknowns)


def test_a_progress_file_with_problems_is_refused_or_listed(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "kind,name,year,value\n行业,石油化工,2018,5000\n行业,不存在的行业,2018,1\n", encoding="utf-8"
    )
    with pytest.raises(AtlasError) as err:
        load_progress(path)
    assert err.value.feature == 3 and "bad.csv" in str(err.value)
    given = load_progress(path, valid_only=True)
    report = build_report("en", given.figures, problems=given.problems)
    assert report.skipped is not None and report.skipped.rows[0][2] == "不存在的行业"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clusters", "report", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--out", "r.txt"],
        ["--out", "r.docx", "--lang", "fr"],
        ["--out", "r.docx", "--progress", "does-not-exist.csv"],
        ["--out", "r.docx", "--scenario", "no such scenario"],
        [],
    ],
)
def test_cli_bad_input_exits_1_with_one_line(args, tmp_path):
    args = [str(tmp_path / a) if a.startswith("r.") else a for a in args]
    done = _cli(*args)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in done.stderr


def test_cli_bad_progress_row_names_file_row_and_column(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,year,value\n石油化工,20x8,5000\n", encoding="utf-8")
    done = _cli("--out", str(tmp_path / "r.docx"), "--progress", str(path))
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "p.csv" in done.stderr and "row 2" in done.stderr and "year" in done.stderr
    assert not (tmp_path / "r.docx").exists()


def test_status_of_every_sector_row_is_from_the_comparison(progress_file):
    given = load_progress(progress_file)
    table = build_report("en", given.figures).table("zl10")
    status = table.columns.index("Status (derived)")
    assert [r[status] for r in table.rows[:3]] == ["on track", "behind", "—"]
    assert isinstance(given.figures, pd.DataFrame) and set(given.figures["source_file"]) == {"progress.csv"}
