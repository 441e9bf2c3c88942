"""The app's job view: progress and stage, the waiting state, cancel, and the outcome taken once."""

from __future__ import annotations

import threading
import time

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from app_pages import _progress_ui as ui
    from gis.jobs import step
    from gis.text import Pair

    gate = st.session_state["gate"]

    def work(progress):  # noqa: ANN001, ANN202
        for i in range(200):
            step(progress, Pair("计算中", "computing"), i / 200)
            if gate.wait(0.05):
                return 42
        return -1

    for key in ("a", "b"):
        if st.button(f"go {key}", key=f"go_{key}"):
            ui.start(key, "test", work)
        res = ui.outcome(key)
        if res is not None:
            st.session_state[f"res_{key}"] = (res.state, res.result)
            ui.report(res)
        ui.show(key)


def _app() -> AppTest:
    at = AppTest.from_function(_script, default_timeout=30)
    at.session_state["gate"] = threading.Event()
    return at.run()


def _until(at: AppTest, key: str) -> AppTest:
    job = at.session_state[f"fpa_job_{key}"]
    job.wait(10)
    return at.run()


def test_a_job_shows_its_stage_then_its_result_once() -> None:
    at = _app()
    at.button(key="go_a").click().run()
    assert at.session_state["fpa_job_a"].state in ("waiting", "running")
    time.sleep(0.3)
    at.run()
    texts = [e.proto.text for e in at.get("progress")]
    assert texts and texts[0].startswith("计算中")
    assert at.button(key="fpa_job_a_cancel")
    at.session_state["gate"].set()
    at = _until(at, "a")
    assert at.session_state["res_a"] == ("done", 42)
    assert "fpa_job_a" not in at.session_state  # the finished job leaves the session
    at.run()
    assert not at.get("progress")


def test_a_second_job_of_the_same_user_waits_and_can_be_cancelled() -> None:
    at = _app()
    at.button(key="go_a").click().run()
    at.button(key="go_b").click().run()
    time.sleep(0.5)
    at.run()
    assert at.session_state["fpa_job_b"].state == "waiting"
    assert any("排队中" in w.value for w in at.warning)
    at.button(key="fpa_job_b_cancel").click().run()
    at = _until(at, "b")
    assert at.session_state["res_b"][0] == "cancelled" and any("已取消" in i.value for i in at.info)
    at.session_state["gate"].set()
    at = _until(at, "a")
    assert at.session_state["res_a"] == ("done", 42)


def test_cancelling_a_running_job_stops_it() -> None:
    at = _app()
    at.button(key="go_a").click().run()
    time.sleep(0.3)
    at.run()
    at.button(key="fpa_job_a_cancel").click().run()
    at = _until(at, "a")
    assert at.session_state["res_a"][0] == "cancelled"


def test_the_limits_count_per_signed_in_account_and_otherwise_per_session(monkeypatch) -> None:
    from app_pages import _progress_ui as ui
    from gis.auth.roles import DESKTOP, Actor

    monkeypatch.setattr(ui, "current_user", lambda: Actor("wang", "editor"))
    assert ui.user_id() == "user:wang"  # two tabs of one planner share their slot
    for nobody in (DESKTOP, Actor("anonymous", "viewer", anonymous=True), None):
        monkeypatch.setattr(ui, "current_user", lambda who=nobody: who)
        assert ui.user_id().startswith("session:")
