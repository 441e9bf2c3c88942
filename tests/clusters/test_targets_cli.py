"""`python -m clusters targets`: JSON with sources, Chinese unescaped; readable table otherwise."""

from __future__ import annotations

import json
import subprocess
import sys

from gis.settings import ROOT


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clusters", "targets", *args],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={"PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin"},
    )


def test_json_has_every_table_with_sources_and_unescaped_chinese():
    proc = _run("--json")
    assert proc.returncode == 0, proc.stderr.decode()
    raw = proc.stdout.decode("utf-8")
    assert "石油化工" in raw and "\\u" not in raw
    data = json.loads(raw)
    assert len(data["sector_targets"]) == 24
    assert len(data["indicators"]) == 16
    assert {g["key"] for g in data["park_goals"]} == {
        "park_output_share",
        "demo_bases",
        "clusters_over_100bn",
    }
    for table in ("sector_targets", "indicators", "park_goals", "petrochem_goals", "baselines_2015"):
        assert all(row["source"] for row in data[table]), table
    petro = data["sector_targets"][0]
    assert petro["output_2020"] == 6800 and petro["output_2015_DERIVED"] == round(6800 / 1.19**5, 1)
    internet = data["sector_targets"][17]
    assert internet["va_2020"] is None and "业务收入" in internet["output_measure_zh"]
    share = next(g for g in data["park_goals"] if g["key"] == "park_output_share")
    assert share["value"] == 75 and share["comparator"] == "≥" and "第三章七" in share["source"]


def test_table_output_is_readable_in_both_languages():
    zh = _run()
    assert zh.returncode == 0
    text = zh.stdout.decode("utf-8")
    assert "专栏10" in text and "新材料" in text and "6,450" in text and "derived" in text
    en = _run("--lang", "en").stdout.decode("utf-8")
    assert "New materials" in en and "Petrochemicals" in en
