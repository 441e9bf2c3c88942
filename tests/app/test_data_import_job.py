"""The data page reads a large upload as a background job: a bar with the stage and a cancel button; after a
cancel it says nothing was stored; a finished read is cached, so a rerun does not read again."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import _import_job
from gis import store
from gis.import_vocab import IMPORT_STAGES
from gis.settings import ROOT
from tests.samples.big_imports import big_geojson

PAGE = str(ROOT / "app_pages" / "data.py")


@pytest.fixture(scope="module")
def big() -> bytes:
    return big_geojson(6_000, vertices=24, pad=100)


def _job(at: AppTest):  # noqa: ANN202
    return at.session_state[f"fpa_job_{_import_job.K_JOB}"]


def _uploaded(big: bytes, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setattr(_import_job, "SETTLE_S", 0.0)  # show the bar at once
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    at.file_uploader(key="data_upload").set_value(("big.geojson", big, "application/geo+json"))
    return at.run()


def _wait_for(at: AppTest, what, timeout: float = 60.0) -> None:  # noqa: ANN001
    end = time.monotonic() + timeout
    while not what() and time.monotonic() < end:
        time.sleep(0.05)


def test_a_large_upload_shows_the_bar_with_its_stage_then_the_report(
    big: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _uploaded(big, monkeypatch)
    job = _job(at)
    _wait_for(at, lambda: job.progress.fraction > 0.02 or job.finished)
    at.run()
    bars = [e.proto.text for e in at.get("progress")]
    stages = tuple(p.zh for p in IMPORT_STAGES.values())
    assert bars and bars[0].startswith(stages), bars  # e.g. "读取文件 12%"
    assert at.button(key=f"fpa_job_{_import_job.K_JOB}_cancel")
    job.wait(120)
    at.run()
    assert job.state == "done"
    assert any(s.value == "检查报告" for s in at.subheader)
    assert job.progress.stages[1:] == [IMPORT_STAGES[k] for k in ("read", "crs", "validate", "match")]
    calls = []
    monkeypatch.setattr(_import_job.session, "read_and_match", lambda *a, **k: calls.append(1))
    at.run()  # a rerun takes the cached read
    assert calls == [] and any(s.value == "检查报告" for s in at.subheader)


def test_cancel_says_nothing_was_stored_and_offers_to_read_again(
    big: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(store.history())
    at = _uploaded(big, monkeypatch)
    job = _job(at)
    assert not job.finished, "the read of 6,000 features takes longer than no time"
    at.button(key=f"fpa_job_{_import_job.K_JOB}_cancel").click().run()
    job.wait(60)
    at.run()
    assert job.state == "cancelled"
    assert any("已取消导入，没有保存任何内容" in i.value for i in at.info)
    assert not any(s.value == "检查报告" for s in at.subheader)
    assert len(store.history()) == before
    at.run()  # stays cancelled: no new read by itself
    assert any("已取消导入" in i.value for i in at.info)
    at.button(key="data_import_again").click().run()
    job = _job(at)
    job.wait(120)
    at.run()
    assert any(s.value == "检查报告" for s in at.subheader)
