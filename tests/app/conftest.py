"""AppTest runs every test's script under one session id ("test session id"), so what the app keeps per
browser session in process-wide registries would leak from one test into the next; a real server gives
each browser its own id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app_pages import _upload_budget


@pytest.fixture(autouse=True)
def _fresh_upload_slots() -> Iterator[None]:
    """Each AppTest starts with no pending upload (``app_pages._upload_budget`` slots are per session)."""
    _upload_budget._SLOTS.clear()
    yield
    _upload_budget._SLOTS.clear()
