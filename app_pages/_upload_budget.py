"""Uploads within a budget: one copy of the bytes per session, parsed results per session, idle ones expire.

Why: Streamlit keeps an uploaded file in memory while its widget holds it, and ``st.cache_data`` keyed by the
bytes kept every parsed upload for every user until the server restarted (twelve 45 MB uploads: 419 → 960 MB,
and it stayed). Here instead:

- :func:`take` moves a new upload's bytes out of the widget into this session's slot, deletes Streamlit's
  stored copy and resets the widget (a new key); the page then works from :func:`current`.
- :func:`cached` keeps what was parsed from the current file (a few option sets), not the bytes again.
- Each session holds at most ``gis.settings.SESSION_UPLOAD_BYTES`` (older files are dropped first; a file
  that alone exceeds it is refused before it is read); :func:`release` drops a session's file once it is
  imported or closed; :func:`sweep` (run on every page run of any session) drops the data of sessions idle
  for ``gis.settings.SESSION_IDLE_S``.

The registry is process-wide (one server process serves every session) and guarded by a lock.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app_pages._progress_ui import session_id as user_id  # uploads belong to the browser session
from gis.errors import FileTooLargeError
from gis.settings import SESSION_IDLE_S, SESSION_UPLOAD_BYTES

T = TypeVar("T")
#: Parsed results kept per session for the current file (different layers / CRS choices).
MAX_PARSED = 3


@dataclass
class Upload:
    """The current file of a session: its name and bytes."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        """Bytes held."""
        return len(self.data)


@dataclass
class _Slot:
    last_seen: float = field(default_factory=time.monotonic)
    files: OrderedDict[str, Upload] = field(default_factory=OrderedDict)
    parsed: OrderedDict[tuple, Any] = field(default_factory=OrderedDict)

    def held(self) -> int:
        return sum(u.size for u in self.files.values())


_SLOTS: dict[str, _Slot] = {}
_LOCK = threading.Lock()


def _slot(sid: str) -> _Slot:
    slot = _SLOTS.setdefault(sid, _Slot())
    slot.last_seen = time.monotonic()
    return slot


def sweep(idle_s: float = SESSION_IDLE_S, *, now: float | None = None) -> int:
    """Drop the uploads and parsed results of sessions idle for ``idle_s``; return how many were dropped."""
    now = time.monotonic() if now is None else now
    with _LOCK:
        stale = [sid for sid, slot in _SLOTS.items() if now - slot.last_seen > idle_s]
        for sid in stale:
            del _SLOTS[sid]
    return len(stale)


def held_bytes(sid: str | None = None) -> int:
    """Upload bytes held for session ``sid`` (default: this session), or for all sessions with ``"*"``."""
    with _LOCK:
        if sid == "*":
            return sum(s.held() for s in _SLOTS.values())
        slot = _SLOTS.get(sid or user_id())
        return slot.held() if slot is not None else 0


def widget_key(base: str) -> str:
    """The uploader's key (``base`` at first); it changes after :func:`take`, so the widget lets go of the
    file."""
    gen = st.session_state.get(base + "_gen", 0)
    return base if not gen else f"{base}_{gen}"


def take(base: str, upload: Any, *, budget: int = SESSION_UPLOAD_BYTES) -> Upload:
    """Move ``upload`` (a Streamlit UploadedFile) into this session's slot and reset the widget ``base``.

    Raises :class:`gis.errors.FileTooLargeError` (naming the file and the budget) before reading a file that
    alone exceeds the session budget; older files of the session are dropped to make room.
    """
    size = int(getattr(upload, "size", 0) or 0)
    if size > budget:
        raise FileTooLargeError(
            f"file is larger than this session's upload budget ({budget // 2**20} MB)",
            file=str(upload.name),
            hint="close other uploads or import a smaller file",
            message_zh=f"文件超过本会话的上传额度（{budget // 2**20} MB）",
            hint_zh="关闭其他上传或导入较小的文件",
        )
    item = Upload(str(upload.name), upload.getvalue())
    with _LOCK:
        slot = _slot(user_id())
        slot.files.pop(base, None)
        while slot.files and slot.held() + item.size > budget:
            slot.files.popitem(last=False)
        slot.files[base] = item
        slot.parsed.clear()
    st.session_state[base + "_gen"] = st.session_state.get(base + "_gen", 0) + 1
    _forget_widget_copy(upload)
    return item


def _forget_widget_copy(upload: Any) -> None:
    """Drop Streamlit's stored copy of ``upload`` now (it would otherwise stay until the session ends:
    a widget that changes key does not delete its file)."""
    ctx = get_script_run_ctx()
    file_id = getattr(upload, "file_id", None)
    remove = getattr(getattr(ctx, "uploaded_file_mgr", None), "remove_file", None)
    if ctx is not None and file_id and remove is not None:
        remove(ctx.session_id, file_id)


def current(base: str) -> Upload | None:
    """This session's current file for widget ``base`` (None when there is none or it expired)."""
    with _LOCK:
        slot = _SLOTS.get(user_id())
        if slot is None:
            return None
        slot.last_seen = time.monotonic()
        return slot.files.get(base)


def release(base: str) -> None:
    """Drop this session's file for widget ``base`` and what was parsed from it."""
    with _LOCK:
        slot = _SLOTS.get(user_id())
        if slot is not None:
            slot.files.pop(base, None)
            slot.parsed.clear()


def cached(key: tuple, build: Callable[[], T]) -> T:
    """``build()`` once per ``key`` for this session's current file (at most :data:`MAX_PARSED` kept)."""
    sid = user_id()
    with _LOCK:
        slot = _slot(sid)
        if key in slot.parsed:
            slot.parsed.move_to_end(key)
            return slot.parsed[key]
    value = build()  # outside the lock: parsing may take seconds
    with _LOCK:
        slot = _slot(sid)
        slot.parsed[key] = value
        while len(slot.parsed) > MAX_PARSED:
            slot.parsed.popitem(last=False)
    return value
