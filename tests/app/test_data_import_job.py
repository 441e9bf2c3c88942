"""The data page reads a large upload as a background job: a bar with the stage and a cancel button; after a
cancel it says nothing was stored; a finished read is cached, so a rerun does not read again."""

from __future__ import annotations

import threading
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


def _uploaded(big: bytes, monkeypatch: pytest.MonkeyPatch, lang: str = "zh") -> AppTest:
    monkeypatch.setattr(_import_job, "SETTLE_S", 0.0)  # show the bar at once
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.file_uploader(key="data_upload").set_value(("big.geojson", big, "application/geo+json"))
    return at.run()


def _wait_for(at: AppTest, what, timeout: float = 60.0) -> None:  # noqa: ANN001
    end = time.monotonic() + timeout
    while not what() and time.monotonic() < end:
        time.sleep(0.05)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_large_upload_shows_the_bar_with_its_stage_then_the_report(
    big: bytes, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    at = _uploaded(big, monkeypatch, lang)
    job = _job(at)
    _wait_for(at, lambda: job.progress.fraction > 0.02 or job.finished)
    at.run()
    bars = [e.proto.text for e in at.get("progress")]
    stages = tuple(p.get(lang) for p in IMPORT_STAGES.values())
    assert bars and bars[0].startswith(stages), bars  # e.g. "读取文件 12%", "reading the file 12%"
    assert at.button(key=f"fpa_job_{_import_job.K_JOB}_cancel")
    job.wait(120)
    at.run()
    assert job.state == "done"
    report = "检查报告" if lang == "zh" else "Check report"
    assert any(s.value == report for s in at.subheader)
    assert job.progress.stages[1:] == [IMPORT_STAGES[k] for k in ("read", "crs", "validate", "match")]
    calls = []
    monkeypatch.setattr(_import_job.session, "read_and_match", lambda *a, **k: calls.append(1))
    at.run()  # a rerun takes the cached read
    assert calls == [] and any(s.value == report for s in at.subheader)


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


def test_storing_waits_for_a_slot_and_a_cancel_leaves_the_store_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gis import jobs

    monkeypatch.setattr(jobs, "LIMITS", jobs.JobLimits(per_user=1, total=1))  # the server is busy
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    at.file_uploader(key="data_upload").set_value(
        ("gbk_no_cpg.zip", (ROOT / "tests" / "data" / "import" / "gbk_no_cpg.zip").read_bytes(), "x")
    )
    at.run()
    assert at.button(key="data_accept").label == "接受 2 个要素"
    before = len(store.history())
    held, release = threading.Event(), threading.Event()

    def busy() -> None:
        with jobs.LIMITS.slot("someone else"):
            held.set()
            release.wait(60)

    other = threading.Thread(target=busy)
    other.start()
    held.wait(10)
    try:
        monkeypatch.setattr(_import_job, "SETTLE_S", 0.0)
        at.button(key="data_accept").click().run()
        job = at.session_state[f"fpa_job_{_import_job.K_SAVE}"]
        assert job.state == "waiting"
        assert any("排队中" in w.value for w in at.warning)
        at.button(key=f"fpa_job_{_import_job.K_SAVE}_cancel").click().run()
        job.wait(10)
        at.run()
        assert job.state == "cancelled"
        assert any("已取消保存，用户数据库没有改动" in i.value for i in at.info)
        assert len(store.history()) == before
    finally:
        release.set()
        other.join(10)


def test_a_fixed_file_of_the_same_name_and_size_is_read_again() -> None:
    good = (ROOT / "tests" / "data" / "import" / "bowtie.geojson").read_bytes()
    bad = good.replace(b"FeatureCollection", b"FeatureCollectioX")
    assert len(bad) == len(good)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    at.file_uploader(key="data_upload").set_value(("parks.geojson", bad, "application/geo+json"))
    at.run()
    assert any("不是 GeoJSON" in e.value for e in at.error)
    at.run()  # a rerun keeps the error without reading again
    assert any("不是 GeoJSON" in e.value for e in at.error)
    at.file_uploader(key="data_upload_1").set_value(("parks.geojson", good, "application/geo+json"))
    at.run()
    assert not at.error
    assert any(s.value == "检查报告" for s in at.subheader)
