"""Long work in the app: a background job with a progress bar, its stage, the queue state and a cancel button.

How it works (the decision for Streamlit's reruns): the page starts the work with :func:`start` — it runs in a
background thread (:func:`gis.jobs.start_job`) inside the user's slot of :data:`gis.jobs.LIMITS`, so a click
anywhere else (which reruns the script) never kills it. :func:`show` draws a fragment that polls the job every
half second (``st.fragment(run_every=…)``): "排队中 / waiting" with the jobs ahead, or the stage and the bar,
and a cancel button that sets the job's flag (cooperative: the domain raises :class:`gis.jobs.Cancelled` at
its next step). When the job ends the fragment reruns the whole page once; the page takes the outcome with
:func:`outcome` (the finished job leaves the session then, so its result is held only by the page's own key).

The job function must not touch ``st``: read uploads (``getvalue()``) before :func:`start` and return what the
page should store. The user is the signed-in account (``app_pages._auth.current_user``), else the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app_pages._auth import current_user
from app_pages.i18n import as_text, error_text, lang, tr
from gis.errors import AtlasError
from gis.jobs import Job, Progress, start_job

POLL_S = 0.5
#: How long :func:`start` waits before showing a bar (quick jobs finish within it).
SETTLE_S = 1.0
_PREFIX = "fpa_job_"


def session_id() -> str:
    """This browser session (``session:local`` outside a Streamlit run)."""
    ctx = get_script_run_ctx()
    return f"session:{ctx.session_id}" if ctx is not None else "session:local"


def user_id() -> str:
    """Who runs the job, for the per-user limits: the signed-in account (``app_pages._auth.current_user``),
    else (desktop, anonymous reader, nobody signed in) this browser session."""
    user = current_user()
    if user is not None and not user.local and not user.anonymous:
        return f"user:{user.name}"
    return session_id()


def start(key: str, kind: str, fn: Callable[[Progress], Any], *, settle_s: float = SETTLE_S) -> Job[Any]:
    """Start ``fn(progress)`` as this session's job ``key`` (a running one of the same key is cancelled).

    Waits up to ``settle_s`` for it, so quick work shows its result in the same run without a flashing bar.
    """
    old = st.session_state.get(_PREFIX + key)
    if old is not None and not old.finished:
        old.cancel()
    job = start_job(fn, user=user_id(), kind=kind)
    st.session_state[_PREFIX + key] = job
    job.wait(settle_s)
    return job


def running(key: str) -> bool:
    """True while the job ``key`` waits or runs."""
    job = st.session_state.get(_PREFIX + key)
    return job is not None and not job.finished


def cancel(key: str) -> None:
    """Ask the job ``key`` to stop, if it waits or runs (e.g. its input was closed)."""
    job = st.session_state.get(_PREFIX + key)
    if job is not None and not job.finished:
        job.cancel()


@dataclass
class Outcome:
    """A finished job: ``state`` done / failed / cancelled, its ``result`` or ``error``."""

    state: str
    result: Any = None
    error: BaseException | None = None


def outcome(key: str) -> Outcome | None:
    """The finished job ``key`` (once; it is removed from the session), or None while none has finished."""
    job = st.session_state.get(_PREFIX + key)
    if job is None or not job.finished:
        return None
    del st.session_state[_PREFIX + key]
    return Outcome(job.state, job.result, job.error)


def report(result: Outcome) -> None:
    """Say how an unsuccessful job ended (cancelled: info; failed: the error in the user's language)."""
    if result.state == "cancelled":
        st.info(tr("已取消。", "Cancelled."))
    elif result.state == "failed":
        exc = result.error
        if isinstance(exc, AtlasError):
            st.error(error_text(exc))
        else:
            st.error(tr("无法完成：", "Could not finish: ") + as_text(f"{type(exc).__name__}: {exc}"))


def show(key: str) -> None:
    """The progress of job ``key`` while it waits or runs (nothing otherwise)."""
    if running(key):
        _watch(key)


@st.fragment(run_every=POLL_S)
def _watch(key: str) -> None:
    job = st.session_state.get(_PREFIX + key)
    if job is None:
        return
    if job.finished:
        st.rerun(scope="app")
        return
    p = job.progress
    if job.state == "waiting":
        st.warning(
            p.label(lang())
            + tr(
                "（同时运行的大任务有上限，轮到时自动开始）", " (heavy jobs are limited; it starts by itself)"
            )
        )
    else:
        st.progress(min(1.0, p.fraction), text=p.label(lang()))
    if st.button(tr("取消", "Cancel"), key=f"{_PREFIX}{key}_cancel"):
        job.cancel()
        st.caption(tr("正在取消……", "Cancelling…"))
