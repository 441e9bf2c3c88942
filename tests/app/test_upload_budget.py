"""Uploads leave the widget once taken, are capped per session and expire with idle sessions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import _upload_budget as budget
from gis.errors import FileTooLargeError
from gis.settings import ROOT

PAGE = str(ROOT / "app_pages" / "data.py")


@dataclass
class FakeUpload:
    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def getvalue(self) -> bytes:
        return self.data


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(budget, "user_id", lambda: "session:test")
    monkeypatch.setattr(budget, "_SLOTS", {})
    return "session:test"


def test_twelve_uploads_hold_one_file_and_never_more_than_the_budget(session: str) -> None:
    for i in range(12):
        budget.take("up", FakeUpload(f"f{i}.geojson", bytes(1000)), budget=2500)
        budget.take("other", FakeUpload(f"g{i}.csv", bytes(1000)), budget=2500)
        assert budget.held_bytes(session) <= 2500
    assert budget.current("up").name == "f11.geojson"
    budget.release("up")
    budget.release("other")
    assert budget.held_bytes(session) == 0


def test_a_file_over_the_session_budget_is_refused_before_reading(session: str) -> None:
    class Unread(FakeUpload):
        def getvalue(self) -> bytes:  # must not be called
            raise AssertionError("read")

    with pytest.raises(FileTooLargeError) as err:
        budget.take("up", Unread("huge.zip", bytes(5000)), budget=4000)
    assert err.value.file == "huge.zip" and "budget" in err.value.message


def test_parsed_results_are_kept_per_file_and_bounded(session: str) -> None:
    calls = []
    budget.take("up", FakeUpload("a.geojson", b"x"))
    for key in range(5):
        assert budget.cached(("read", key), lambda k=key: calls.append(k) or k) == key
    assert budget.cached(("read", 4), lambda: calls.append("again")) == 4  # kept
    assert len(budget._SLOTS[session].parsed) == budget.MAX_PARSED
    budget.take("up", FakeUpload("b.geojson", b"y"))  # a new file forgets the old results
    assert not budget._SLOTS[session].parsed


def test_idle_sessions_lose_their_uploads(session: str) -> None:
    budget.take("up", FakeUpload("a.geojson", bytes(100)))
    assert budget.sweep(idle_s=60) == 0 and budget.held_bytes("*") == 100
    last = budget._SLOTS[session].last_seen
    assert budget.sweep(idle_s=60, now=last + 61) == 1
    assert budget.held_bytes("*") == 0 and budget.current("up") is None


def test_data_page_moves_the_upload_out_of_the_widget() -> None:
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    data = (ROOT / "tests" / "data" / "import" / "bowtie.geojson").read_bytes()
    at.file_uploader(key="data_upload").set_value(("bowtie.geojson", data, "application/geo+json")).run()
    assert not at.exception
    assert at.session_state["data_upload_gen"] == 1  # the widget was reset: Streamlit drops its copy
    assert {m.label: m.value for m in at.metric}["读取要素"] == "1"  # the import goes on from the slot
    assert any("bowtie.geojson" in c.value for c in at.caption)
    at.button(key="data_close_file").click().run()
    assert not at.exception and not at.metric
