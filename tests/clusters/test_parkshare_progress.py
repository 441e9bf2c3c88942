"""The firm-level share reports stages, can be cancelled, and gives the same result in steps."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from clusters import parkshare as ps
from clusters.__main__ import main
from clusters.parkshare import result as result_mod
from gis.boundaries import load_boundaries
from gis.errors import DataValidationError
from gis.jobs import Cancelled, Progress
from tests.samples import firms as samples


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ps")
    return ps.default_context(samples.write_parks(folder), counties=load_boundaries("county"))


def _firms(n: int, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "lon": rng.uniform(119.25, 119.45, n).round(5),
            "lat": rng.uniform(25.98, 26.12, n).round(5),
            "output": rng.uniform(1, 100, n).round(1),
            "sector": rng.choice(["纺织", "电子", "食品"], n),
        }
    )
    df.loc[::97, "lon"] = np.nan  # bad rows too
    return df


def test_steps_give_the_same_result_as_one_pass(ctx, monkeypatch):
    firms = _firms(5000)
    whole = ps.compute_parkshare(firms, ctx)
    monkeypatch.setattr(result_mod, "CHUNK", 700)
    progress = Progress()
    stepped = ps.compute_parkshare(firms, ctx, progress=progress)
    assert stepped.equals(whole)
    assert stepped.outside_count == whole.outside_count and len(stepped.bad_rows) == len(whole.bad_rows)
    assert progress.stages[0] == result_mod.STAGE_CHECK and progress.stages[-1] == result_mod.STAGE_TABLES
    assert result_mod.STAGE_PLACE in progress.stages and progress.fraction == 1.0


def test_cancel_stops_the_computation(ctx, monkeypatch):
    monkeypatch.setattr(result_mod, "CHUNK", 500)
    progress = Progress()
    calls = []
    real = result_mod.partial

    def counting(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            progress.cancel()
        return real(*args, **kwargs)

    monkeypatch.setattr(result_mod, "partial", counting)
    with pytest.raises(Cancelled):
        ps.compute_parkshare(_firms(5000), ctx, progress=progress)
    assert len(calls) == 2  # stopped at the next step, not after all ten


def test_cli_progress_goes_to_stderr_and_json_stays_clean(tmp_path, capsys):
    fpath, ppath = samples.write_firms(tmp_path), samples.write_parks(tmp_path)
    assert main(["parkshare", "--firms", str(fpath), "--parks", str(ppath), "--json", "--progress"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["province"]["firms"] == 4
    lines = err.splitlines()
    assert lines[0].startswith("progress: 读取企业名单") and "reading the firm list" in lines[0]
    assert lines[-1].endswith("100%")
    assert main(["parkshare", "--firms", str(fpath), "--parks", str(ppath), "--json", "--no-progress"]) == 0
    assert capsys.readouterr().err == ""


def test_cli_reads_a_firm_list_larger_than_the_upload_limit(tmp_path, capsys, monkeypatch):
    fpath, ppath = samples.write_firms(tmp_path), samples.write_parks(tmp_path)
    fpath.write_bytes(fpath.read_bytes() + b"\n" * 5000)  # blank lines: same table, a larger file
    limit = ppath.stat().st_size + 1  # the firm list is over the (patched) upload limit, the parks are not
    assert fpath.stat().st_size > limit
    monkeypatch.setattr("gis.fileio.MAX_UPLOAD_BYTES", limit)
    monkeypatch.setattr("gis.tabular.MAX_UPLOAD_BYTES", limit)
    with pytest.raises(Exception, match="larger than"):  # the app's reader keeps the limit
        ps.read_firms(fpath.read_bytes(), name="firms.csv")
    assert main(["parkshare", "--firms", str(fpath), "--parks", str(ppath), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["province"]["firms"] == 4


def test_stepped_check_keeps_the_year_rule_and_row_numbers(ctx, monkeypatch):
    firms = _firms(3000).assign(year=2020)
    firms.loc[2500, "year"] = 2019
    monkeypatch.setattr(result_mod, "CHUNK", 1000)
    with pytest.raises(DataValidationError, match="several years"):
        ps.compute_parkshare(firms, ctx)  # the year is settled for the whole table, not per step
    stepped = ps.compute_parkshare(firms, ctx, year=2020)
    other = stepped.bad_rows[stepped.bad_rows["problem_en"].str.startswith("other year")]
    assert other["row"].tolist() == [2500 + 2]  # the Excel row of record 2500, not of its step
    assert stepped.info["rows_read"] == 3000
