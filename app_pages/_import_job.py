"""The data page's import of an upload as a background job: a progress bar with the stage (reading the file,
checking the CRS and coordinates, validating and repairing, matching to known parks), a cancel button, and
after a cancel the note that nothing was stored.

The pattern of :mod:`app_pages._parkshare_section` and :mod:`app_pages._report_panel`: the job runs through
:mod:`app_pages._progress_ui` (the per-user job limits of :mod:`gis.jobs`); the work is
:func:`gis.import_session.read_and_match`. A finished read goes into the session's cache of the current file
(:func:`app_pages._upload_budget.cached`), so a rerun with the same options does not read again; a failed
read (e.g. a CRS to confirm) is kept for the same options too, so the widgets that fix it do not re-read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import _progress_ui as progress_ui
from app_pages import _upload_budget as budget
from app_pages.i18n import error_text, tr
from gis import import_session as session
from gis.errors import AtlasError
from gis.io import ImportResult
from gis.jobs import Progress
from gis.parks import parks_version

K_JOB = "data_import"  # the import job of this session (app_pages._progress_ui)
K_JOB_FOR = "data_import_for"  # the read options the running job was started for
K_CANCELLED = "data_import_cancelled"  # the read options whose job the user cancelled
K_FAILED = "data_import_failed"  # (read options, error) of the last failed read
K_SAVE = "data_store"  # the job storing the accepted features (app_pages._progress_ui)
#: How long the page waits for a read before showing the bar (most files are read within it).
SETTLE_S = 2.0


@dataclass
class Checked:
    """A read and checked upload: the result, its matches to the known parks and the parks' version then."""

    result: ImportResult
    matches: pd.DataFrame
    parks_version: str | None

    def matches_now(self) -> pd.DataFrame | None:
        """The matches, when the known parks have not changed since (else ``None``: match again)."""
        return self.matches if self.parks_version is not None and _version() == self.parks_version else None


class _NotRead(Exception):
    """The current file was not read with these options yet (a miss of the session's cache)."""


def _miss() -> Any:
    raise _NotRead


def _version() -> str | None:
    try:
        return parks_version()
    except (AtlasError, OSError):
        return None


def _cached(key: tuple) -> Checked | None:
    try:
        return budget.cached(key, _miss)
    except _NotRead:
        return None


def _job(data: bytes, name: str, options: tuple, parks: Any) -> Any:
    coords, layer, crs = options
    version = _version()

    def run(progress: Progress) -> Checked:
        result, matches = session.read_and_match(
            data, name, parks, layer=layer, crs=crs, coords=coords, progress=progress
        )
        return Checked(result, matches, version)

    return run


def _take(key: tuple) -> Checked | None:
    """The finished job's read for ``key`` (cached), or ``None``; a failed read is kept and raised."""
    done = progress_ui.outcome(K_JOB)
    if done is None or st.session_state.get(K_JOB_FOR) != key:
        return None
    st.session_state.pop(K_JOB_FOR, None)
    if done.state == "done":
        return budget.cached(key, lambda: done.result)
    if done.state == "cancelled":
        st.session_state[K_CANCELLED] = key
    elif isinstance(done.error, AtlasError):
        st.session_state[K_FAILED] = (key, done.error)
        raise done.error
    else:
        progress_ui.report(done)
    return None


def _cancelled_note() -> None:
    st.info(tr("已取消导入，没有保存任何内容。", "The import was cancelled; nothing was stored."))
    if st.button(tr("重新读取此文件", "Read this file again"), key="data_import_again"):
        st.session_state.pop(K_CANCELLED, None)
        st.rerun()


def cancel() -> None:
    """Stop this session's import job, if one runs (the file was closed)."""
    progress_ui.cancel(K_JOB)


def checked_upload(data: bytes, name: str, options: tuple, parks: Any) -> Checked | None:
    """The upload read and checked with ``options`` (coordinate source, layer, CRS) and matched to ``parks``.

    Returns it at once when this session read it before with these options; else starts (or watches) the
    import job and returns ``None`` while it runs (the bar is shown) or after it was cancelled (the note is
    shown). Raises the read's :class:`gis.errors.AtlasError` (e.g. a CRS to confirm).
    """
    coords, layer, crs = options
    key = ("read", name, len(data), hash(data), layer, crs, coords)  # bytes keep their hash: cheap again
    hit = _cached(key)
    if hit is not None:
        return hit
    failed = st.session_state.get(K_FAILED)
    if failed is not None and failed[0] == key:
        raise failed[1]
    taken = _take(key)
    if taken is not None:
        return taken
    if st.session_state.get(K_CANCELLED) == key:
        _cancelled_note()
        return None
    if not progress_ui.running(K_JOB) or st.session_state.get(K_JOB_FOR) != key:
        st.session_state.pop(K_CANCELLED, None)
        st.session_state.pop(K_FAILED, None)
        st.session_state[K_JOB_FOR] = key
        progress_ui.start(K_JOB, "import", _job(data, name, options, parks), settle_s=SETTLE_S)
        taken = _take(key)  # a small file is done within the start's wait: no bar at all
        if taken is not None:
            return taken
    st.caption(tr("正在检查文件……", "Checking the file…"))
    progress_ui.show(K_JOB)
    return None


def save(accepted: Any, source_file: str, note: str, user: Any) -> None:
    """Store the accepted features as a job (:func:`gis.import_session.store_accepted`: one transaction;
    cancelled while it waits for a slot or before the write, the store is unchanged)."""

    def run(progress: Progress) -> int:
        return session.store_accepted(
            accepted, source_file=source_file, note=note, user=user, progress=progress
        )

    progress_ui.start(K_SAVE, "import_store", run, settle_s=SETTLE_S)


def saving() -> bool:
    """True while the store job waits or runs."""
    return progress_ui.running(K_SAVE)


def saved() -> int | None:
    """The change id of a store job that just finished (once), else ``None``: the bar while it runs, or how
    it ended (cancelled: the store is unchanged; failed: not stored, why)."""
    done = progress_ui.outcome(K_SAVE)
    if done is None:
        progress_ui.show(K_SAVE)
        return None
    if done.state == "done":
        return int(done.result)
    if done.state == "cancelled":
        st.info(tr("已取消保存，用户数据库没有改动。", "Storing was cancelled; the user store is unchanged."))
    elif isinstance(done.error, (AtlasError, OSError)):
        st.error(tr("未保存：", "Not stored: ") + error_text(done.error))
    else:
        progress_ui.report(done)
    return None
