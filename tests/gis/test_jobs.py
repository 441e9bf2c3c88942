"""Progress, cancellation and per-user job limits (gis.jobs)."""

from __future__ import annotations

import io
import threading

import pytest

from gis.errors import AtlasError
from gis.jobs import Cancelled, JobLimits, Progress, StderrProgress, start_job, step
from gis.text import Pair

A, B = Pair("读取", "reading"), Pair("计算", "computing")


def test_stages_and_fractions_are_recorded_and_never_go_back() -> None:
    p = Progress()
    step(p, A, 0.3)
    step(p, B, 0.2)  # a later stage reporting a smaller fraction does not move the bar back
    assert p.stages == [A, B] and p.fraction == pytest.approx(0.3)
    step(None, A, 0.5)  # no progress: nothing happens


def test_cancel_raises_an_atlas_error_at_the_next_report() -> None:
    p = Progress()
    p.cancel()
    with pytest.raises(Cancelled) as err:
        step(p, A, 0.1)
    assert isinstance(err.value, AtlasError) and "已取消" in err.value.message_in("zh")


def test_part_maps_a_sub_task_onto_a_slice_and_shares_the_cancel_flag() -> None:
    p = Progress()
    sub = p.part(0.5, 1.0)
    sub.update(B, 0.5)
    assert p.fraction == pytest.approx(0.75) and p.stage == B
    p.cancel()
    with pytest.raises(Cancelled):
        sub.update(B, 0.6)


def test_stderr_reporter_writes_one_line_per_stage_and_tenth() -> None:
    buf = io.StringIO()
    p = StderrProgress(buf, lang="en")
    for i in range(101):
        p.update(B, i / 100)
    lines = buf.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1] == "progress: computing 100%"


def test_one_user_waits_for_their_own_job_while_another_user_runs() -> None:
    limits = JobLimits(per_user=1, total=2)
    started, release = threading.Event(), threading.Event()

    def long(progress: Progress) -> str:
        started.set()
        release.wait(5)
        return "first"

    first = start_job(long, user="ann", kind="share", limits=limits)
    assert started.wait(5)
    second = start_job(lambda p: "second", user="ann", kind="share", limits=limits)
    other = start_job(lambda p: "other", user="bob", kind="share", limits=limits)
    assert other.wait(5) and other.result == "other"  # bob is not held up by ann's job
    for _ in range(50):
        if second.progress.stage.en == "waiting":
            break
        threading.Event().wait(0.05)
    assert second.state == "waiting" and "排队中" in second.progress.label("zh")
    assert limits.status()["waiting"] == [("ann", "share")]
    release.set()
    assert first.wait(5) and second.wait(5)
    assert (first.result, second.result) == ("first", "second")
    assert limits.status() == {"running": {}, "waiting": []}


def test_global_cap_queues_jobs_of_different_users() -> None:
    limits = JobLimits(per_user=2, total=1)
    release = threading.Event()
    first = start_job(lambda p: release.wait(5), user="ann", kind="raster", limits=limits)
    second = start_job(lambda p: "ok", user="bob", kind="raster", limits=limits)
    threading.Event().wait(0.3)
    assert first.state == "running" and second.state == "waiting"
    release.set()
    assert second.wait(5) and second.result == "ok"


def test_cancelling_a_waiting_job_gives_up_its_place() -> None:
    limits = JobLimits(per_user=1, total=1)
    release = threading.Event()
    first = start_job(lambda p: release.wait(5), user="ann", kind="atlas", limits=limits)
    threading.Event().wait(0.2)
    second = start_job(lambda p: "never", user="ann", kind="atlas", limits=limits)
    threading.Event().wait(0.3)
    second.cancel()
    assert second.wait(5) and second.state == "cancelled" and second.result is None
    assert limits.status()["waiting"] == []
    release.set()
    assert first.wait(5) and first.state == "done"


def test_cancelling_a_running_job_stops_it_at_its_next_report() -> None:
    limits = JobLimits()
    reached = threading.Event()

    def loop(progress: Progress) -> int:
        for i in range(10_000):
            step(progress, B, i / 10_000)
            if i == 10:
                reached.set()
                threading.Event().wait(0.2)
        return -1

    job = start_job(loop, user="ann", kind="share", limits=limits)
    assert reached.wait(5)
    job.cancel()
    assert job.wait(5) and job.state == "cancelled" and isinstance(job.error, Cancelled)
    assert job.progress.fraction < 0.5


def test_a_failing_job_keeps_its_error_and_frees_its_slot() -> None:
    limits = JobLimits(per_user=1, total=1)

    def boom(progress: Progress) -> None:
        raise ValueError("bad input")

    job = start_job(boom, user="ann", kind="report", limits=limits)
    assert job.wait(5) and job.state == "failed" and str(job.error) == "bad input"
    again = start_job(lambda p: 1, user="ann", kind="report", limits=limits)
    assert again.wait(5) and again.result == 1
