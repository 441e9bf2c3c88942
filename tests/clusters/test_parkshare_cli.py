"""``python -m clusters parkshare``: JSON keys, readable table, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from clusters.__main__ import main
from gis.settings import ROOT
from tests.samples import firms as samples


@pytest.fixture
def files(tmp_path):
    return samples.write_firms(tmp_path), samples.write_parks(tmp_path, ("福州测试园", "<b>园</b>"))


def test_json_keys_and_values(files, capsys):
    fpath, ppath = files
    assert main(["parkshare", "--firms", str(fpath), "--parks", str(ppath), "--year", "2020", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    p = data["province"]
    assert {"park_share", "output_in_parks", "output_total"} <= set(p)
    assert p["output_in_parks"] == pytest.approx(160) and p["output_total"] == pytest.approx(230)
    assert p["park_share"] == pytest.approx(160 / 230)
    for key in ("by_park", "by_city", "by_sector", "bad_rows", "outside", "rules"):
        assert key in data
    cities = {c["city_zh"]: c for c in data["by_city"]}
    assert cities["福州市"]["firms"] == 3 and cities["厦门市"]["park_share"] == 0
    assert data["bad_rows"]["rows"][0]["row"] == 5 and data["bad_rows"]["rows"][0]["field"] == "经度"
    assert data["outside"]["nearest"][0]["firm"] == "丙"
    assert data["outside"]["nearest"][0]["nearest_park"] == "fz1"
    assert data["parks_source"] == "file"


def test_readable_table(files, capsys):
    fpath, ppath = files
    assert main(["parkshare", "--firms", str(fpath), "--parks", str(ppath)]) == 0
    out = capsys.readouterr().out
    assert "park share from firm records" in out and "69.57%" in out and "福州市" in out
    assert "row 5 field '经度'" in out


def test_missing_file_one_line_exit_1(files, capsys):
    _, ppath = files
    assert main(["parkshare", "--firms", "/nonexistent/firms.csv", "--parks", str(ppath)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "not found" in err and len(err.splitlines()) == 1


def test_shipped_point_parks_refused_then_approximate(files, capsys):
    fpath, _ = files
    assert main(["parkshare", "--firms", str(fpath)]) == 1
    err = capsys.readouterr().err
    assert "--parks" in err and "approximate" in err and "Traceback" not in err
    assert main(["parkshare", "--firms", str(fpath), "--approximate-footprints", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["province"]["approximate_parks"] is True
    assert data["parks_source"] == "approximate_footprint" and "APPROXIMATE" in data["parks_note"]


def test_bad_year_and_coords_exit_1(files, capsys):
    fpath, ppath = files
    assert main(["parkshare", "--firms", str(fpath), "--parks", str(ppath), "--year", "2018", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)  # every row is another year: listed, share undefined
    assert data["province"]["firms"] == 0 and data["province"]["park_share"] is None
    assert data["bad_rows"]["count_rows"] == 5
    with pytest.raises(SystemExit) as exc:
        main(["parkshare", "--firms", str(fpath), "--coords", "utm"])
    assert exc.value.code == 1


def test_subprocess_error_has_no_traceback(files):
    _, ppath = files
    proc = subprocess.run(
        [sys.executable, "-m", "clusters", "parkshare", "--firms", str(ppath), "--parks", str(ppath)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("error:")
